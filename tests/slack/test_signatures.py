"""Bolt checks every request's signature: forged or stale requests get 401 and do nothing."""

from __future__ import annotations

import json
import logging
import time

import pytest
from sqlalchemy import func, select

from exitbot.store import Database
from exitbot.store.models import Employee, InboxEvent
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import EMPLOYEE, dm_event_body, running_exitbot, sign


async def _rows(database: Database, model: type) -> int:
    async with database.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_forged_and_stale_requests_are_refused_and_do_no_work(
    database_url: str, database: Database, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        body = json.dumps(dm_event_body(EMPLOYEE, "hi"))
        forged = await bot.slack_client.post(
            body, "application/json", sign(body, secret="not-the-secret")
        )
        stale = await bot.slack_client.post(
            body, "application/json", sign(body, timestamp=int(time.time()) - 301)
        )
        unsigned = await bot.slack_client.post(body, "application/json", {})
        tampered_headers = sign(body)
        tampered = await bot.slack_client.post(
            body.replace("hi", "ho"), "application/json", tampered_headers
        )
        await bot.idle()
        assert [forged.status, stale.status, unsigned.status, tampered.status] == [401] * 4
        assert slack_api.calls() == []
    assert await _rows(database, InboxEvent) == 0
    assert await _rows(database, Employee) == 0


async def test_a_fresh_signature_within_five_minutes_is_accepted(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        body = json.dumps(dm_event_body(EMPLOYEE, "hi"))
        ack = await bot.slack_client.post(
            body, "application/json", sign(body, timestamp=int(time.time()) - 240)
        )
        await bot.idle()
    assert ack.status == 200
    assert slack_api.call_count("chat.postMessage") == 1


async def test_url_verification_challenge(database_url: str, slack_api: FakeSlackApi) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "t"})
        ack = await bot.slack_client.post(body, "application/json")
    assert ack.status == 200
    assert "abc123" in ack.body


async def test_health_routes_are_served_next_to_slack(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        async with bot.slack_client.session.get(f"{bot.url}/healthz") as health:
            assert health.status == 200
        async with bot.slack_client.session.get(f"{bot.url}/readyz") as ready:
            assert ready.status == 200


async def test_a_refused_request_body_is_not_logged(
    database_url: str, slack_api: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_exitbot(database_url, slack_api) as bot:
        body = json.dumps(dm_event_body(EMPLOYEE, "my manager shouted at me"))
        forged = await bot.slack_client.post(body, "application/json", sign(body, secret="x"))
    assert forged.status == 401
    assert "shouted" not in caplog.text
