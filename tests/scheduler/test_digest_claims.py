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
    replicas = [(await wired()).jobs for _ in range(3)]

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
    first_start = (await wired()).jobs
    assert await first_start.post_due_digest() is ScheduledResult.POSTED
    # A restart (and a second replica starting) later that day post nothing more.
    clock.advance(hours=3)
    restarted = (await wired()).jobs
    assert await restarted.post_due_digest() is ScheduledResult.CLAIMED_ELSEWHERE
    assert await first_start.post_due_digest() is ScheduledResult.CLAIMED_ELSEWHERE

    assert len(digests_posted(slack_api)) == 1
    [run] = await runs(database)
    assert run.period_key == "digest@2026-11-02T09:00"
    # The next Monday is a new period.
    clock.set(DIGEST_DUE + timedelta(days=7))
    assert await restarted.post_due_digest() is ScheduledResult.POSTED
    assert len(digests_posted(slack_api)) == 2


async def test_a_failed_post_is_retried_by_the_outbox_and_posted_once(
    database: Database, clock: FakeClock, wired: WiredFactory, slack_api: FakeSlackApi
) -> None:
    clock.set(DIGEST_DUE)
    bot = await wired()
    slack_api.server_error("chat.postMessage", times=2)

    assert await bot.jobs.post_due_digest() is ScheduledResult.POSTED
    [run] = await runs(database)
    assert run.status == "posted"
    assert digests_posted(slack_api) == []
    for _ in range(2):
        clock.advance(minutes=5)
        await bot.outbox.flush()
    assert await bot.jobs.post_due_digest() is ScheduledResult.CLAIMED_ELSEWHERE
    assert len(digests_posted(slack_api)) == 1


async def test_a_digest_slack_refuses_is_recorded_as_failed(
    database: Database, clock: FakeClock, wired: WiredFactory, slack_api: FakeSlackApi
) -> None:
    clock.set(DIGEST_DUE)
    bot = await wired()
    slack_api.fail("chat.postMessage", "channel_not_found")

    assert await bot.jobs.post_due_digest() is ScheduledResult.POSTED
    [failed] = await bot.outbox_store.undelivered(failed=True, limit=10)
    assert failed.message.purpose.value == "digest"
    assert "channel_not_found" in (failed.last_error or "")
    assert digests_posted(slack_api) == []
    # `exitbot outbox --retry ID` sends it once the bot is in the channel.
    assert await bot.outbox_store.retry(failed.id, clock.now(), clock.now() + timedelta(hours=1))
    await bot.outbox.flush()
    assert len(digests_posted(slack_api)) == 1


async def test_without_a_channel_nothing_is_claimed_until_digest_here(
    database: Database, clock: FakeClock, wired: WiredFactory, slack_api: FakeSlackApi
) -> None:
    clock.set(DIGEST_DUE)
    services = await wired(hr_channel=None)
    jobs = services.jobs
    assert await jobs.post_due_digest() is ScheduledResult.NO_DESTINATION
    assert await runs(database) == []
    reply = (await services.digests.post()).runs
    assert "no digest channel" in plain(reply) and slack_api.call_count("chat.postMessage") == 0

    sentence = await services.digests.set_destination(ConversationRef(Platform.SLACK, "CNEW"))
    assert "this channel" in plain(sentence)
    assert await jobs.post_due_digest() is ScheduledResult.POSTED
    assert len(digests_posted(slack_api, "CNEW")) == 1
