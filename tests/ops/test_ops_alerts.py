"""Operational alerts from a running ExitBot to a fake webhook: one per kind of trouble per
window, and nothing in them that identifies anyone."""

from __future__ import annotations

import json

from structlog.testing import capture_logs

from exitbot.ops.alerts import ALERT_WINDOW_SECONDS, OpsAlerts
from exitbot.ops.watch import OpsWatch
from tests.conftest import FakeClock
from tests.fakes.groq_server import FakeGroqServer
from tests.fakes.llm_behaviours import Status
from tests.fakes.ops_webhook import FakeOpsWebhook
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.ops.scraping import scrape
from tests.slack.harness import EMPLOYEE, RunningExitBot, running_exitbot
from tests.support import GOOD_ANSWERS

SECRET_WORDS = "my manager Priya shouted at me, call me on +44 20 7946 0958"
PERSONAL = ("U100", "U201", "U202", "Dana", "Sam", "dana@", "sam@", dm_channel_for(EMPLOYEE))


def assert_nothing_personal(webhook: FakeOpsWebhook) -> None:
    for alert in webhook.alerts:
        assert set(alert.body) == {"text"}
        raw = json.dumps(alert.body)
        for word in (*PERSONAL, "Priya", "7946", "shouted"):
            assert word not in raw, (word, raw)


async def quiet(bot: RunningExitBot) -> None:
    """Every turn done, every reply sent or given up, every alert post finished."""
    await bot.idle()
    await bot.bot.ops.alerts.drain()


async def test_a_revoked_slack_token_raises_one_alert_however_often_it_is_met(
    database_url: str, slack_api: FakeSlackApi, ops_webhook: FakeOpsWebhook
) -> None:
    async with running_exitbot(database_url, slack_api, ops_alert_webhook=ops_webhook.url) as bot:
        for method in ("users.info", "conversations.open", "chat.postMessage"):
            slack_api.fail(method, "token_revoked", times=20)
        with capture_logs() as logs:
            await bot.slack_client.dm(EMPLOYEE, SECRET_WORDS)
            await ops_webhook.wait_for(count=1)
            await quiet(bot)
            for _ in range(3):
                await bot.slack_client.dm(EMPLOYEE, SECRET_WORDS)
                await quiet(bot)

    token_alerts = ops_webhook.texts("slack_token_refused")
    assert len(token_alerts) == 1
    assert "token_revoked" in token_alerts[0] and "SLACK_BOT_TOKEN" in token_alerts[0]
    # The invitation could not be sent either: at most one alert of that kind as well.
    assert len(ops_webhook.alerts) == len(token_alerts) + len(ops_webhook.texts("outbox_gave_up"))
    assert len(ops_webhook.texts("outbox_gave_up")) <= 1
    assert_nothing_personal(ops_webhook)
    logged = [e for e in logs if e["event"] == "ops_alert"]
    assert {e["kind"] for e in logged} <= {"slack_token_refused", "outbox_gave_up"}
    assert len(logged) == len(ops_webhook.alerts)


async def test_given_up_messages_raise_one_alert_per_window(
    database_url: str, slack_api: FakeSlackApi, ops_webhook: FakeOpsWebhook
) -> None:
    clock = FakeClock()
    slack_api.add_user("U201", "sam", "Sam Jones", "sam@corp.test")
    slack_api.add_user("U202", "sam2", "Sam Smith", "sam2@corp.test")
    async with running_exitbot(
        database_url, slack_api, clock=clock, ops_alert_webhook=ops_webhook.url
    ) as bot:
        for user in (EMPLOYEE, "U201"):  # each invitation is refused for good
            slack_api.fail("chat.postMessage", "channel_not_found")
            await bot.slack_client.dm(user, SECRET_WORDS)
            await quiet(bot)
        scraped = await scrape(bot.slack_client.session, bot.url)
        assert scraped.value("exitbot_outbox_given_up") == 2
        assert len(ops_webhook.alerts) == 1

        clock.advance(ALERT_WINDOW_SECONDS + 1)
        slack_api.fail("chat.postMessage", "channel_not_found")
        await bot.slack_client.dm("U202", SECRET_WORDS)
        await quiet(bot)

    assert len(ops_webhook.texts("outbox_gave_up")) == 2 == len(ops_webhook.alerts)
    first = ops_webhook.texts()[0]
    assert "reply on slack" in first and "exitbot outbox --failed" in first
    assert_nothing_personal(ops_webhook)


async def test_an_open_breaker_raises_one_alert_until_the_window_has_passed(
    database_url: str,
    slack_api: FakeSlackApi,
    groq_server: FakeGroqServer,
    ops_webhook: FakeOpsWebhook,
) -> None:
    clock = FakeClock()
    groq_server.fallback = Status(401, message="invalid api key")
    replies = ["hi", "yes", *GOOD_ANSWERS.values()]
    async with running_exitbot(
        database_url,
        slack_api,
        clock=clock,
        groq_api_key="gsk_test",
        groq_base_url=groq_server.base_url,
        llm_providers="groq",
        ops_alert_webhook=ops_webhook.url,
    ) as bot:
        session = bot.slack_client.session
        while not ops_webhook.alerts:
            await bot.slack_client.dm(EMPLOYEE, replies.pop(0))
            await quiet(bot)
        assert (await scrape(session, bot.url)).value(
            "exitbot_llm_breaker_state", provider="groq"
        ) == 2

        clock.advance(31)  # past the cool-down: one probe, which fails and opens it again
        assert (await scrape(session, bot.url)).value(
            "exitbot_llm_breaker_state", provider="groq"
        ) == 1
        probes = groq_server.call_count
        await bot.slack_client.dm(EMPLOYEE, replies.pop(0))
        await quiet(bot)
        assert groq_server.call_count == probes + 1
        assert (await scrape(session, bot.url)).value(
            "exitbot_llm_breaker_state", provider="groq"
        ) == 2
        assert len(ops_webhook.alerts) == 1

        clock.advance(ALERT_WINDOW_SECONDS)
        await bot.slack_client.dm(EMPLOYEE, replies.pop(0))
        await quiet(bot)

    assert len(ops_webhook.texts("llm_breaker_open:groq")) == 2 == len(ops_webhook.alerts)
    assert "groq" in ops_webhook.texts()[0]
    assert_nothing_personal(ops_webhook)


async def test_a_run_of_database_failures_raises_one_alert(ops_webhook: FakeOpsWebhook) -> None:
    watch = OpsWatch(OpsAlerts(ops_webhook.url, replica="replica-1"), database_failures=3)
    try:
        watch.database_failed("outbox", ConnectionRefusedError("127.0.0.1:5432"))
        watch.database_failed("inbox", ConnectionRefusedError())
        watch.database_ok()  # a success in between: the run starts again
        for where in ("outbox", "inbox", "readiness", "outbox", "outbox"):
            watch.database_failed(where, ConnectionRefusedError())
        await watch.alerts.drain()
    finally:
        await watch.aclose()
    [text] = ops_webhook.texts()
    assert "[database_unreachable] on replica-1" in text
    assert (
        "3 database round trips in a row failed (last in readiness: ConnectionRefusedError)" in text
    )
    assert "5432" not in text
