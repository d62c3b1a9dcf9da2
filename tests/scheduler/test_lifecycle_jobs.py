"""Reminders, expiry, retention and the inbox sweeper, run as the scheduler runs them
(job methods called with a fake clock), delivering over HTTP to the fake Slack Web API."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from exitbot.core.messages import ConversationRef, IncomingMessage, Platform
from exitbot.engine import InterviewService
from exitbot.engine.texts import ENGLISH
from exitbot.store import Database
from exitbot.store.inbox import SqlInboxStore
from exitbot.store.models import InboxEvent, Interview, Report
from tests.conftest import FakeClock
from tests.digest.harness import (
    SEED_TIME,
    WiredFactory,
    forget_what_was_sent,
    interview_status,
    person,
    seed_completed,
    seed_started,
)
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.support import stored_messages


async def test_an_idle_interview_is_reminded_once_across_replicas(
    engine: InterviewService,
    database: Database,
    clock: FakeClock,
    wired: WiredFactory,
    slack_api: FakeSlackApi,
) -> None:
    slack_api.add_user("UR1", "riley", "Riley Idle")
    slack_api.add_user("UR2", "sky", "Sky Later")
    clock.set(SEED_TIME)
    idle = await seed_started(engine, person("UR1", "Riley Idle"))
    clock.advance(hours=40)
    await seed_started(engine, person("UR2", "Sky Later"))
    clock.set(SEED_TIME + timedelta(hours=49))
    bots = [await wired() for _ in range(2)]
    await forget_what_was_sent(bots[0], slack_api)
    replicas = [bot.jobs for bot in bots]

    sent = await asyncio.gather(*(jobs.send_reminders() for jobs in replicas))

    assert sum(sent) == 1
    [reminder] = slack_api.channel_messages(dm_channel_for("UR1"))
    assert reminder["text"].startswith(ENGLISH.reminder)
    assert reminder["text"].endswith("What is the main reason you decided to leave?")
    assert slack_api.channel_messages(dm_channel_for("UR2")) == []
    assert await replicas[0].send_reminders() == 0
    # Two days later the second interview is due too; the first is never reminded again.
    clock.advance(hours=48)
    assert await replicas[1].send_reminders() == 1
    assert len(slack_api.channel_messages(dm_channel_for("UR1"))) == 1
    assert len(slack_api.channel_messages(dm_channel_for("UR2"))) == 1
    assert await interview_status(database, idle) == "in_progress"


async def test_interviews_idle_past_the_limit_expire(
    engine: InterviewService,
    database: Database,
    clock: FakeClock,
    wired: WiredFactory,
) -> None:
    clock.set(SEED_TIME)
    old = await seed_started(engine, person("UE1", "Old Idle"))
    clock.advance(days=2)
    recent = await seed_started(engine, person("UE2", "Recent Idle"))
    clock.set(SEED_TIME + timedelta(days=15))
    jobs = (await wired(expire_after_days=14)).jobs
    async with database.session() as session:
        version_before = (await session.get(Interview, old)).version  # type: ignore[union-attr]

    assert await jobs.expire_idle() == 1
    assert await jobs.expire_idle() == 0
    assert await interview_status(database, old) == "expired"
    assert await interview_status(database, recent) == "in_progress"
    async with database.session() as session:
        row = await session.get(Interview, old)
        assert row is not None and row.ended_at == clock.now()
        # A turn computed meanwhile from the old state must notice the change.
        assert row.version == version_before + 1


async def test_retention_removes_old_transcript_text_but_keeps_reports(
    engine: InterviewService,
    database: Database,
    clock: FakeClock,
    wired: WiredFactory,
) -> None:
    clock.set(datetime(2025, 9, 1, 10, tzinfo=UTC))
    old = await seed_completed(engine, person("UO1", "Old Leaver"), department="Ops")
    await SqlInboxStore(database).record(
        [IncomingMessage(person("UO2", None), "never processed", "old-event")], clock.now()
    )
    clock.set(datetime(2026, 9, 10, 10, tzinfo=UTC))
    recent = await seed_completed(engine, person("UN1", "New Leaver"), department="Ops")
    jobs = (await wired(retention_days=365)).jobs

    result = await jobs.purge_transcripts()

    assert result is not None and result.messages > 0 and result.inbox_events > 1
    old_messages = await stored_messages(database, old)
    assert old_messages and all(m.text is None for m in old_messages)
    assert all(m.text for m in await stored_messages(database, recent))
    async with database.session() as session:
        summaries = (await session.execute(select(Report.interview_id, Report.summary))).all()
        events = list((await session.execute(select(InboxEvent.event_id))).scalars())
    assert {interview for interview, _ in summaries} == {old, recent}
    assert all(summary for _, summary in summaries)
    assert "old-event" not in events and events  # the recent interview's events stay
    again = await jobs.purge_transcripts()
    assert again is not None and again.total == 0


async def test_the_sweeper_replays_an_acknowledged_but_unprocessed_event_once(
    database: Database, clock: FakeClock, wired: WiredFactory, slack_api: FakeSlackApi
) -> None:
    clock.set(datetime.now(UTC))
    inbox = SqlInboxStore(database)
    dm = ConversationRef(Platform.SLACK, dm_channel_for("U100"))
    lost = IncomingMessage(person("U100", "Dana Smith"), "hi", "Ev-lost", dm)
    await inbox.record([lost], clock.now())
    clock.advance(seconds=90)
    fresh = IncomingMessage(person("U100", "Dana Smith"), "yes", "Ev-fresh", dm)
    await inbox.record([fresh], clock.now())
    clock.advance(seconds=40)  # the first is 130 s old, the second only 40 s
    bots = [await wired() for _ in range(2)]
    replicas = [bot.jobs for bot in bots]

    replayed = await asyncio.gather(*(jobs.sweep_inbox() for jobs in replicas))
    for bot in bots:
        await bot.settle()

    assert sum(replayed) == 1
    [invitation] = slack_api.channel_messages(dm.conversation_id)
    assert invitation["text"].startswith("Hi Dana Smith! I'm ExitBot")
    assert await replicas[0].sweep_inbox() == 0
    async with database.session() as session:
        pending = (
            await session.execute(
                select(InboxEvent.event_id).where(InboxEvent.processed_at.is_(None))
            )
        ).scalars()
        assert list(pending) == ["Ev-fresh"]
