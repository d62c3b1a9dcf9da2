"""Exactly one digest per period across replicas; catch-up after downtime; retry after failure.

Each replica is a separately built ExitBot (own Services, own Database pool) on the same
database, posting to the fake Slack Web API; time is a fake clock.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from exitbot.core.documents import plain
from exitbot.core.messages import ConversationRef, Platform
from exitbot.digest.service import ScheduledResult
from exitbot.engine import InterviewService
from exitbot.scheduler import build_jobs
from exitbot.store import Database
from exitbot.store.models import DigestRun
from tests.conftest import FakeClock
from tests.digest.harness import (
    DIGEST_DUE,
    HR_CHANNEL_ID,
    SEED_TIME,
    WiredFactory,
    person,
    seed_completed,
)
from tests.fakes.slack_api import FakeSlackApi


def digests_posted(slack: FakeSlackApi, channel: str = HR_CHANNEL_ID) -> list[str]:
    """Digests Slack accepted in ``channel`` (failed calls are recorded but not posted)."""
    return [
        m["text"] for m in slack.channel_messages(channel) if m["text"].startswith("ExitBot digest")
    ]


async def runs(database: Database) -> list[DigestRun]:
    async with database.session() as session:
        return list((await session.execute(select(DigestRun).order_by(DigestRun.id))).scalars())


async def test_three_replicas_firing_the_same_period_post_one_digest(
    engine: InterviewService,
    database: Database,
    clock: FakeClock,
    wired: WiredFactory,
    slack_api: FakeSlackApi,
) -> None:
    clock.set(SEED_TIME)
    await seed_completed(engine, person("UC1", "Sam One"))
    clock.set(DIGEST_DUE)
    replicas = [build_jobs(await wired(), clock) for _ in range(3)]

    results = await asyncio.gather(*(jobs.post_due_digest() for jobs in replicas))

    assert sorted(results) == sorted(
        [
            ScheduledResult.POSTED,
            ScheduledResult.CLAIMED_ELSEWHERE,
            ScheduledResult.CLAIMED_ELSEWHERE,
        ]
    )
    assert len(digests_posted(slack_api)) == 1
    [run] = await runs(database)
    assert run.period_key == "digest@2026-11-02T09:00" and run.status == "posted"
    assert run.destination == f"slack:{HR_CHANNEL_ID}"


async def test_a_period_missed_while_down_is_caught_up_once(
    database: Database, clock: FakeClock, wired: WiredFactory, slack_api: FakeSlackApi
) -> None:
    # Everything was down on Monday at 09:00; the first replica starts on Wednesday.
    clock.set(DIGEST_DUE + timedelta(days=2))
    first_start = build_jobs(await wired(), clock)
    assert await first_start.post_due_digest() is ScheduledResult.POSTED
    # A restart (and a second replica starting) later that day post nothing more.
    clock.advance(hours=3)
    restarted = build_jobs(await wired(), clock)
    assert await restarted.post_due_digest() is ScheduledResult.CLAIMED_ELSEWHERE
    assert await first_start.post_due_digest() is ScheduledResult.CLAIMED_ELSEWHERE

    assert len(digests_posted(slack_api)) == 1
    [run] = await runs(database)
    assert run.period_key == "digest@2026-11-02T09:00"
    # The next Monday is a new period.
    clock.set(DIGEST_DUE + timedelta(days=7))
    assert await restarted.post_due_digest() is ScheduledResult.POSTED
    assert len(digests_posted(slack_api)) == 2


async def test_a_failed_post_is_retried_later_and_then_posted_once(
    database: Database, clock: FakeClock, wired: WiredFactory, slack_api: FakeSlackApi
) -> None:
    clock.set(DIGEST_DUE)
    jobs = build_jobs(await wired(), clock)
    slack_api.fail("chat.postMessage", "channel_not_found")

    assert await jobs.post_due_digest() is ScheduledResult.FAILED
    [run] = await runs(database)
    assert run.status == "failed" and "channel_not_found" in (run.error or "")
    clock.advance(minutes=5)
    assert await jobs.post_due_digest() is ScheduledResult.CLAIMED_ELSEWHERE
    clock.advance(minutes=30)
    assert await jobs.post_due_digest() is ScheduledResult.POSTED
    assert await jobs.post_due_digest() is ScheduledResult.CLAIMED_ELSEWHERE
    assert len(digests_posted(slack_api)) == 1


async def test_without_a_channel_nothing_is_claimed_until_digest_here(
    database: Database, clock: FakeClock, wired: WiredFactory, slack_api: FakeSlackApi
) -> None:
    clock.set(DIGEST_DUE)
    services = await wired(hr_channel=None)
    jobs = build_jobs(services, clock)
    assert await jobs.post_due_digest() is ScheduledResult.NO_DESTINATION
    assert await runs(database) == []
    reply = await services.digests.post_now()
    assert "no digest channel" in plain(reply) and slack_api.call_count("chat.postMessage") == 0

    sentence = await services.digests.set_destination(ConversationRef(Platform.SLACK, "CNEW"))
    assert "this channel" in plain(sentence)
    assert await jobs.post_due_digest() is ScheduledResult.POSTED
    assert len(digests_posted(slack_api, "CNEW")) == 1
