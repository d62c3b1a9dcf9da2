"""A database that drops its connections mid-interview loses nothing: the turn is retried."""

from __future__ import annotations

import asyncpg
import pytest

from exitbot.core.statuses import MessageKind
from tests.support import GOOD_ANSWERS, employee, say, stored_messages, texts


async def _terminate_connections(database_url: str) -> int:
    url = database_url.replace("postgresql+asyncpg://", "postgresql://")
    name = url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(url.rsplit("/", 1)[0] + "/postgres")
    try:
        rows = await admin.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
        return len(rows)
    finally:
        await admin.close()


async def test_interview_continues_after_the_server_drops_every_connection(
    engine, database, database_url, db_backend
):
    if db_backend != "postgresql":
        pytest.skip("connection loss is a PostgreSQL concern")
    user = employee()
    await say(engine, user, "hi")
    started = await say(engine, user, "yes")
    assert await _terminate_connections(database_url) >= 1
    outcome = await say(engine, user, GOOD_ANSWERS["reason_for_leaving"])
    assert texts(outcome) == engine.plan.topics[1].question
    await _terminate_connections(database_url)
    outcome = await say(engine, user, GOOD_ANSWERS["role_fit"])
    answers = [
        m
        for m in await stored_messages(database, started.interview_id)
        if m.kind == MessageKind.ANSWER
    ]
    assert [a.topic_key for a in answers] == ["reason_for_leaving", "role_fit"]
