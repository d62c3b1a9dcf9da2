"""A platform outage of a minute loses nothing and duplicates nothing.

The platform fake refuses every message while the outage lasts (by the test's clock); the
employee answers during it and the answer reports misconduct. The reply to the answer and the
alert to HR each arrive exactly once after the outage ends, through the real HTTP clients.
"""

from __future__ import annotations

from datetime import timedelta

from exitbot.core.outgoing import DeliveryStatus
from tests.conftest import FakeClock
from tests.fakes.bot_connector import Failure
from tests.fakes.server import ScriptedResponse
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, running_exitbot
from tests.teams.conftest import HarnessFactory
from tests.teams.harness import ALICE, HANNA, personal_install

OUTAGE = timedelta(seconds=60)
REPORT = "My manager harassed me in meetings and nobody listened when I raised it."
HR_CHANNEL = "CHR"


async def test_slack_answering_500_for_a_minute(
    database_url: str, slack_api: FakeSlackApi, clock: FakeClock
) -> None:
    dm = dm_channel_for(EMPLOYEE)
    async with running_exitbot(
        database_url, slack_api, clock=clock, hr_channel=f"slack:{HR_CHANNEL}"
    ) as bot:
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
        await bot.slack_client.dm(EMPLOYEE, "yes")
        await bot.idle()
        end = clock.now() + OUTAGE
        slack_api.down_while(
            "chat.postMessage",
            ScriptedResponse(500, text="server error"),
            lambda: clock.now() < end,
        )
        before = slack_api.call_count("chat.postMessage")

        ack = await bot.slack_client.dm(EMPLOYEE, REPORT)
        assert ack.status == 200
        await bot.idle()
        while clock.now() < end:
            clock.advance(seconds=5)
            await bot.idle()
        refused = slack_api.call_count("chat.postMessage") - before
        assert refused >= 4, "retried during the outage, with backoff"
        assert await bot.bot.outbox_store.undelivered(failed=False, limit=10)
        clock.advance(minutes=5)
        await bot.idle()
        assert await bot.bot.outbox_store.undelivered(failed=False, limit=10) == []
        assert await bot.bot.outbox_store.undelivered(failed=True, limit=10) == []
        second_question = bot.plan.topics[1].question

    replies = [m["text"] for m in slack_api.channel_messages(dm)]
    assert replies.count(second_question) == 1
    [alert] = slack_api.channel_messages(HR_CHANNEL)
    assert "harassment" in alert["text"] and "meetings" not in alert["text"]


async def test_teams_answering_503_for_a_minute(
    make_teams: HarnessFactory, clock: FakeClock
) -> None:
    teams = await make_teams(bootstrap_overrides={"clock": clock})
    assert await teams.post(personal_install(teams.service_url, HANNA)) in (200, 201)
    await teams.say(ALICE, "hi")
    await teams.say(ALICE, "yes")
    end = clock.now() + OUTAGE
    teams.connector.down_while("conversations", Failure(503).response(), lambda: clock.now() < end)
    before = teams.connector.attempts

    assert await teams.say(ALICE, REPORT) == []
    while clock.now() < end:
        clock.advance(seconds=5)
        await teams.settle()
    assert teams.connector.attempts - before >= 4
    clock.advance(minutes=5)
    await teams.settle()

    second_question = teams.bot.plan.topics[1].question
    assert [a.text for a in teams.connector.messages(ALICE.dm_id)].count(second_question) == 1
    [alert] = teams.connector.messages(HANNA.dm_id)
    assert "harassment" in alert.text and "meetings" not in alert.text
    statuses = await teams.bot.outbox_store.undelivered(failed=True, limit=10)
    assert statuses == []
    assert DeliveryStatus.PENDING not in {
        e.status for e in await teams.bot.outbox_store.undelivered(failed=False, limit=10)
    }
