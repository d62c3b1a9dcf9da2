"""Acks never wait for the model; 429s delay but lose nothing; a restart replays acked work."""

from __future__ import annotations

import asyncio
import time

from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, running_exitbot
from tests.slack.interviewers import SlowInterviewer, StuckInterviewer

DM = dm_channel_for(EMPLOYEE)


async def test_acks_stay_fast_while_the_model_takes_seconds(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    slow = SlowInterviewer(delay=3.5)
    async with running_exitbot(database_url, slack_api, interviewer=slow) as bot:
        client = bot.slack_client
        acks = [await client.dm(EMPLOYEE, "hi")]
        await bot.idle()
        (invitation,) = slack_api.channel_messages(DM)
        started = time.monotonic()
        acks.append(await client.click(EMPLOYEE, invitation, "yes"))  # asks the first question
        acks += await asyncio.gather(client.dm("UHR", "hi"), client.dm("U100", "pause"))
        assert time.monotonic() - started < 3.5, "a turn waited for the model before its ack"
        await bot.idle(within=20)
    assert slow.calls == 1
    assert [a.status for a in acks] == [200] * len(acks)
    assert max(a.seconds for a in acks) < 1.0, [round(a.seconds, 3) for a in acks]
    texts = slack_api.posted_texts(DM)
    assert bot.services.plan.topics[0].question in texts[-2]
    assert "Paused" in texts[-1]


async def test_a_429_with_retry_after_delays_but_does_not_lose_the_reply(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    slack_api.rate_limit("chat.postMessage", times=1, retry_after=1)
    async with running_exitbot(database_url, slack_api) as bot:
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
    refused, accepted = slack_api.calls("chat.postMessage")
    assert accepted.at - refused.at >= 1.0
    (invitation,) = slack_api.channel_messages(DM)
    assert invitation["text"].startswith("Hi Dana Smith!")


async def test_server_errors_are_retried(database_url: str, slack_api: FakeSlackApi) -> None:
    slack_api.server_error("chat.postMessage", times=1, status=503)
    async with running_exitbot(database_url, slack_api) as bot:
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
    assert slack_api.call_count("chat.postMessage") == 2
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
    assert restarted.services.plan.topics[0].question in texts[2]
