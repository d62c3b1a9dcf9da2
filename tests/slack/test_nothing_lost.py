"""Acks never wait for the model; 429s and 5xx delay but lose nothing; a restart replays."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from exitbot.store import Database
from exitbot.store.models import InboxEvent
from tests.conftest import FakeClock
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, running_exitbot
from tests.slack.interviewers import StuckInterviewer

DM = dm_channel_for(EMPLOYEE)


async def _recorded(database: Database) -> int:
    async with database.session() as session:
        return int((await session.execute(select(func.count()).select_from(InboxEvent))).scalar())


async def test_acks_never_wait_for_the_model(
    database_url: str, database: Database, slack_api: FakeSlackApi
) -> None:
    stuck = StuckInterviewer()
    async with running_exitbot(database_url, slack_api, interviewer=stuck) as bot:
        client = bot.slack_client
        acks = [await client.dm(EMPLOYEE, "hi")]
        await bot.idle()
        (invitation,) = slack_api.channel_messages(DM)
        acks.append(await client.click(EMPLOYEE, invitation, "yes"))  # asks the first question
        await asyncio.wait_for(stuck.started.wait(), 5)
        # The model is still thinking: other events are acknowledged, and stored first.
        acks += await asyncio.gather(client.dm("UHR", "hi"), client.dm("U100", "pause"))
        assert await _recorded(database) == 4
        assert not stuck.release.is_set()
        stuck.release.set()
        await bot.idle(within=20)
    assert [a.status for a in acks] == [200] * len(acks)
    texts = slack_api.posted_texts(DM)
    assert bot.plan.topics[0].question in texts[-2]
    assert "Paused" in texts[-1]


async def test_a_429_with_retry_after_delays_but_does_not_lose_the_reply(
    database_url: str, slack_api: FakeSlackApi, clock: FakeClock
) -> None:
    slack_api.rate_limit("chat.postMessage", times=1, retry_after=30)
    async with running_exitbot(database_url, slack_api, clock=clock) as bot:
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
        assert slack_api.call_count("chat.postMessage") == 1, "refused, and not retried early"
        clock.advance(seconds=29)
        await bot.idle()
        assert slack_api.call_count("chat.postMessage") == 1
        clock.advance(seconds=1)
        await bot.idle()
    refused, accepted = slack_api.calls("chat.postMessage")
    assert refused.body["text"] == accepted.body["text"]
    (invitation,) = slack_api.channel_messages(DM)
    assert invitation["text"].startswith("Hi Dana Smith!")


async def test_server_errors_are_retried(
    database_url: str, slack_api: FakeSlackApi, clock: FakeClock
) -> None:
    slack_api.server_error("chat.postMessage", times=2, status=503)
    async with running_exitbot(database_url, slack_api, clock=clock) as bot:
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
        for _ in range(2):
            clock.advance(minutes=5)
            await bot.idle()
    assert slack_api.call_count("chat.postMessage") == 3
    assert len(slack_api.channel_messages(DM)) == 1


async def test_a_turn_cut_off_by_a_restart_is_replayed_on_start(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    stuck = StuckInterviewer()
    async with running_exitbot(database_url, slack_api, interviewer=stuck) as bot:
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
        ack = await bot.slack_client.dm(EMPLOYEE, "yes")
        assert ack.status == 200
        await asyncio.wait_for(stuck.started.wait(), 5)
        # The server goes away now, with the turn unfinished (it is cancelled, as by a kill).
    assert len(slack_api.channel_messages(DM)) == 1

    async with running_exitbot(database_url, slack_api) as restarted:
        await slack_api.wait_for("chat.postMessage", count=3, within=10)
        await restarted.idle()
    texts = slack_api.posted_texts(DM)
    assert texts[1].startswith("Thank you! Let's start.")
    assert restarted.plan.topics[0].question in texts[2]
