"""``GET /metrics`` on a running ExitBot: the series move with real traffic, and only a
scraper may read them."""

from __future__ import annotations

from exitbot.core.plan import DEFAULT_PLAN
from tests.fakes.groq_server import FakeGroqServer
from tests.fakes.llm_behaviours import Status
from tests.fakes.ollama_server import FakeOllamaServer
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.ops.scraping import scrape
from tests.slack.harness import EMPLOYEE, running_exitbot
from tests.support import GOOD_ANSWERS

TOKEN = "metrics-token-0123456789abcdef"
SLACK = {"platform": "slack"}
PROVIDERS = ("groq", "ollama")


async def test_a_dm_turn_moves_turns_and_latencies_and_leaves_no_backlog(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        session = bot.slack_client.session
        before = await scrape(session, bot.url)
        assert before.status == 200
        assert before.content_type == "text/plain; version=0.0.4; charset=utf-8"
        assert before.value("exitbot_backlog_up") == 1

        ack = await bot.slack_client.dm(EMPLOYEE, "hi")
        assert ack.status == 200
        await bot.idle()
        assert slack_api.channel_messages(dm_channel_for(EMPLOYEE))  # the invitation went out
        after = await scrape(session, bot.url)

    turns = "exitbot_turns_total"
    assert (
        after.value(turns, outcome="replied", **SLACK)
        == before.value(turns, outcome="replied", **SLACK) + 1
    )
    for histogram in ("exitbot_ack_seconds", "exitbot_reply_seconds"):
        assert after.value(f"{histogram}_count", **SLACK) == 1 + before.value(
            f"{histogram}_count", **SLACK
        ), histogram
        assert after.value(f"{histogram}_sum", **SLACK) > 0
        assert after.value(f"{histogram}_bucket", le="+Inf", **SLACK) == after.value(
            f"{histogram}_count", **SLACK
        )
    assert after.value("exitbot_outbox_pending") == 0
    assert after.value("exitbot_outbox_given_up") == 0
    assert after.value("exitbot_inbox_unfinished") == 0
    assert after.value("exitbot_inbox_set_aside") == 0
    assert after.has("exitbot_db_pool_checked_out")


async def test_breaker_gauges_show_open_while_both_models_are_down(
    database_url: str,
    slack_api: FakeSlackApi,
    groq_server: FakeGroqServer,
    ollama_server: FakeOllamaServer,
) -> None:
    groq_server.fallback = Status(401, message="invalid api key")
    ollama_server.fallback = Status(404, message="model not found")
    async with running_exitbot(
        database_url,
        slack_api,
        groq_api_key="gsk_test",
        groq_base_url=groq_server.base_url,
        ollama_host=ollama_server.base_url,
        ollama_model="fake-ollama-model",
        llm_providers="groq,ollama",
    ) as bot:
        session = bot.slack_client.session
        first = await scrape(session, bot.url)
        assert first.value("exitbot_llm_breaker_state", provider="groq") == 0
        assert first.value("exitbot_llm_breaker_state", provider="ollama") == 0

        answers = ["hi", "yes", *(GOOD_ANSWERS[t.key] for t in DEFAULT_PLAN.topics)]
        for text in answers:
            await bot.slack_client.dm(EMPLOYEE, text)
            await bot.idle()
            now = await scrape(session, bot.url)
            states = {p: now.value("exitbot_llm_breaker_state", provider=p) for p in PROVIDERS}
            if states == {"groq": 2, "ollama": 2}:
                break
        else:
            raise AssertionError(f"the breakers never opened: {states}")

    for provider in PROVIDERS:
        calls = now.value("exitbot_llm_calls_total", provider=provider)
        assert calls >= 5 and now.value("exitbot_llm_failures_total", provider=provider) == calls
        assert now.value("exitbot_llm_call_seconds_count", provider=provider) == calls
    assert now.value("exitbot_llm_scripted_fallbacks_total", purpose="question") >= 1
    assert groq_server.call_count == now.value("exitbot_llm_calls_total", provider="groq")


async def test_with_a_token_metrics_need_it_from_everywhere(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api, metrics_token=TOKEN) as bot:
        session = bot.slack_client.session
        async with session.get(f"{bot.url}/metrics") as response:
            assert response.status == 401
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            assert "exitbot_turns" not in await response.text()
        wrong = await scrape(session, bot.url, {"Authorization": f"Bearer {TOKEN}x"})
        assert wrong.status == 401
        right = await scrape(session, bot.url, {"Authorization": f"Bearer {TOKEN}"})
        assert right.status == 200 and right.has("exitbot_backlog_up")


async def test_without_a_token_only_loopback_requests_from_no_proxy_are_served(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        session = bot.slack_client.session
        assert (await scrape(session, bot.url)).status == 200
        for header in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
            relayed = await scrape(session, bot.url, {header: "203.0.113.7"})
            assert relayed.status == 403, header
        async with session.get(
            f"{bot.url}/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"}
        ) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("application/openmetrics-text")
            assert (await response.text()).rstrip().endswith("# EOF")


async def test_two_instances_in_one_process_keep_separate_counts(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    """Each ExitBot owns its registry: nothing is counted in a process-wide one."""
    async with running_exitbot(database_url, slack_api) as bot:
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
        counted = await scrape(bot.slack_client.session, bot.url)
    async with running_exitbot(database_url, slack_api) as fresh:
        again = await scrape(fresh.slack_client.session, fresh.url)
    assert counted.value("exitbot_turns_total", outcome="replied", **SLACK) == 1
    assert again.value("exitbot_turns_total", outcome="replied", **SLACK) == 0
