"""Group-commit inbox writes: stored once, False for a repeat; unfinished events are found."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from exitbot.core.messages import ConversationRef, IncomingMessage, Platform, UserRef
from exitbot.delivery.inbox import Inbox
from exitbot.store import Database
from exitbot.store.inbox import SqlInboxStore
from tests.conftest import FakeClock


def event(event_id: str, user: str = "U1", platform: Platform = Platform.SLACK) -> IncomingMessage:
    return IncomingMessage(
        user=UserRef(platform, user),
        text=f"text of {event_id}",
        message_id=event_id,
        conversation=ConversationRef(platform, f"D{user}"),
    )


async def test_concurrent_writes_share_transactions_and_dedupe(
    database: Database, clock: FakeClock
) -> None:
    store = SqlInboxStore(database)
    writer = Inbox(store, clock, max_batch=7)
    assert await Inbox(store, clock).record(event("Ev0"))  # stored earlier, by anyone
    ids = ["Ev0", *[f"Ev{n}" for n in range(1, 30)], "Ev5", "Ev5", "Ev29"]
    results = await asyncio.gather(*(writer.record(event(i)) for i in ids))
    assert results[0] is False
    assert all(results[1:30])
    assert results[30:] == [False, False, False]
    assert await writer.record(event("Ev5")) is False
    assert await writer.record(event("Ev5", platform=Platform.TEAMS)) is True

    later = clock.now() + timedelta(minutes=1)
    due = await store.due_for_replay(later, limit=100, max_attempts=5, now=later)
    pending = [message for _, message in due if message is not None]
    assert sorted(m.message_id for m in pending if m.user.platform is Platform.SLACK) == sorted(
        ["Ev0", *[f"Ev{n}" for n in range(1, 30)]], key=str
    )
    assert next(m for m in pending if m.message_id == "Ev7").text == "text of Ev7"
