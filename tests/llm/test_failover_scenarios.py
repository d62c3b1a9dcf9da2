"""The issue's failure scenarios, end to end through the chain with the real clients and fakes."""

from __future__ import annotations

import asyncio
import json

from exitbot.core.plan import DEFAULT_PLAN
from exitbot.core.report import ReportSource
from exitbot.interviewers.llm import BreakerState, RetryPolicy
from exitbot.interviewers.llm.types import Purpose
from tests.conftest import FakeClock
from tests.fakes.groq_server import FakeGroqServer
from tests.fakes.llm_behaviours import Garbage, Hang, Reply, Status
from tests.fakes.ollama_server import FakeOllamaServer
from tests.llm.conftest import LayerFactory
from tests.llm.contexts import context

FIRST_QUESTION = DEFAULT_PLAN.topics[0].question
# Long past any budget here, yet finite: a chain that stopped giving up fails instead of stalling.
HANG = Hang(seconds=30)
REPORT_ANSWERS = [("reason_for_leaving", "The pay was far below market and I was not promoted.")]


async def test_rate_limit_retry_after_is_honoured_then_groq_answers(
    make_layer: LayerFactory, groq_server: FakeGroqServer, ollama_server: FakeOllamaServer
) -> None:
    waits: list[tuple[float, int]] = []

    async def sleep(seconds: float) -> None:
        """The caller's injected sleep: which wait, after how many calls; no time passes."""
        waits.append((seconds, groq_server.call_count))

    layer = make_layer(
        timeout=10, retry=RetryPolicy(max_attempts=3, retry_after_cap=2), sleep=sleep
    )
    groq_server.script(
        Status(429, {"retry-after": "1"}),
        Status(429, {"retry-after": "1.5"}),
        Reply("Why did you decide to go?"),
    )
    question = await layer.interviewer.opening_question(context())
    assert question == "Why did you decide to go?"
    assert groq_server.call_count == 3
    assert ollama_server.call_count == 0
    assert waits == [(1.0, 1), (1.5, 2)]  # each refusal's retry-after, before the next call
    stats = layer.metrics.snapshot().provider("groq")
    assert (stats.calls, stats.failures) == (3, 2)


async def test_groq_down_ollama_answers_and_breaker_stops_calls_until_one_probe(
    make_layer: LayerFactory,
    groq_server: FakeGroqServer,
    ollama_server: FakeOllamaServer,
    breaker_clock: FakeClock,
) -> None:
    layer = make_layer(failure_threshold=3, cool_down=30)
    groq_server.fallback = Status(500)
    ollama_server.fallback = Reply("What made you decide to leave?")

    assert await layer.interviewer.opening_question(context()) == "What made you decide to leave?"
    assert groq_server.call_count == 3  # three attempts, then the breaker opened
    assert layer.metrics.snapshot().provider("groq").breaker_state is BreakerState.OPEN

    for _ in range(5):
        await layer.interviewer.opening_question(context())
    assert groq_server.call_count == 3  # open: no calls at all
    assert ollama_server.call_count == 6

    breaker_clock.advance(30)
    assert layer.metrics.snapshot().provider("groq").breaker_state is BreakerState.HALF_OPEN
    results = await asyncio.gather(
        *(layer.interviewer.opening_question(context()) for _ in range(8))
    )
    assert set(results) == {"What made you decide to leave?"}
    assert groq_server.call_count == 4  # exactly one half-open probe among eight turns
    assert layer.metrics.snapshot().provider("groq").breaker_state is BreakerState.OPEN

    groq_server.fallback = Reply("Groq is back?")
    breaker_clock.advance(30)
    assert await layer.interviewer.opening_question(context()) == "Groq is back?"
    assert layer.metrics.snapshot().provider("groq").breaker_state is BreakerState.CLOSED


async def test_hanging_groq_is_given_up_at_its_share_of_the_budget_and_ollama_answers(
    make_layer: LayerFactory, groq_server: FakeGroqServer, ollama_server: FakeOllamaServer
) -> None:
    layer = make_layer(timeout=2.0)
    groq_server.fallback = HANG
    ollama_server.fallback = Reply("And what made you leave?")
    question = await layer.interviewer.opening_question(context())
    assert question == "And what made you leave?"
    # One attempt: Groq's half of the budget left no room for a retry, and the rest was Ollama's.
    assert (groq_server.call_count, ollama_server.call_count) == (1, 1)
    (hanging,) = groq_server.requests
    await groq_server.wait_until(lambda: groq_server.abandoned == [hanging])  # hung up on
    assert layer.metrics.snapshot().provider("groq").failures == 1


async def test_everything_hanging_falls_back_to_the_script_within_budget(
    make_layer: LayerFactory, groq_server: FakeGroqServer, ollama_server: FakeOllamaServer
) -> None:
    layer = make_layer(timeout=2.0)
    groq_server.fallback = HANG
    ollama_server.fallback = HANG
    assert await layer.interviewer.opening_question(context()) == FIRST_QUESTION
    # Each provider got one attempt in its share, and the chain hung up on both.
    assert (groq_server.call_count, ollama_server.call_count) == (1, 1)
    await groq_server.wait_until(lambda: groq_server.abandoned == groq_server.requests)
    await ollama_server.wait_until(lambda: ollama_server.abandoned == ollama_server.requests)
    assert layer.metrics.snapshot().scripted_fallbacks[Purpose.QUESTION] == 1


async def test_both_down_scripted_interviewer_finishes_and_reports(
    make_layer: LayerFactory, groq_server: FakeGroqServer, ollama_server: FakeOllamaServer
) -> None:
    layer = make_layer()
    groq_server.fallback = Status(503)
    ollama_server.fallback = Status(500)
    chain = layer.interviewer
    answers: list[tuple[str, str]] = []
    for index, topic in enumerate(DEFAULT_PLAN.topics):
        ctx = context(answers=answers, topic_index=index)
        assert await chain.opening_question(ctx) == topic.question
        answer = (
            "8, and yes I would come back"
            if topic.kind == "scale"
            else "It was fine overall I think."
        )
        answers.append((topic.key, answer))
        assert await chain.followup(context(answers=answers, topic_index=index), answer) is None
    generated = await chain.write_report(context(answers=answers))
    assert generated.source is ReportSource.SCRIPTED
    assert generated.report.enps == 8
    snapshot = layer.metrics.snapshot()
    assert snapshot.scripted_fallbacks[Purpose.REPORT] == 1
    assert snapshot.provider("groq").breaker_state is BreakerState.OPEN
    assert snapshot.provider("ollama").breaker_state is BreakerState.OPEN


async def test_garbage_report_is_retried_once_then_next_provider(
    make_layer: LayerFactory, groq_server: FakeGroqServer, ollama_server: FakeOllamaServer
) -> None:
    layer = make_layer()
    groq_server.fallback = Reply('{"summary": "oops", "reasons": ["astrology"]')
    generated = await layer.interviewer.write_report(context(answers=REPORT_ANSWERS))
    assert groq_server.call_count == 2  # the answer and one retry
    assert ollama_server.call_count == 1
    assert generated.source is ReportSource.LLM
    assert generated.report.reasons[0].value == "compensation"
    assert layer.metrics.snapshot().provider("groq").invalid_outputs == 2


async def test_garbage_everywhere_gives_the_scripted_report(
    make_layer: LayerFactory, groq_server: FakeGroqServer, ollama_server: FakeOllamaServer
) -> None:
    layer = make_layer()
    groq_server.fallback = Reply("Sure! Here is the report: it went well.")
    ollama_server.fallback = Garbage()
    generated = await layer.interviewer.write_report(context(answers=REPORT_ANSWERS))
    assert generated.source is ReportSource.SCRIPTED
    assert groq_server.call_count == 2


async def test_invalid_reasons_are_rejected_not_stored(
    make_layer: LayerFactory, groq_server: FakeGroqServer, ollama_server: FakeOllamaServer
) -> None:
    layer = make_layer(providers="groq")
    bad = {"summary": "x", "reasons": ["vibes"], "sentiment": 0.1}
    groq_server.fallback = Reply(json.dumps(bad))
    generated = await layer.interviewer.write_report(context(answers=REPORT_ANSWERS))
    assert "vibes" not in generated.report.reasons


async def test_call_budget_spent_means_scripted_without_any_call(
    make_layer: LayerFactory, groq_server: FakeGroqServer
) -> None:
    layer = make_layer()
    assert await layer.interviewer.opening_question(context(budget=0)) == FIRST_QUESTION
    assert groq_server.call_count == 0


async def test_each_call_spends_budget(make_layer: LayerFactory) -> None:
    layer = make_layer()
    ctx = context(budget=5)
    await layer.interviewer.opening_question(ctx)
    assert ctx.budget.used == 1
