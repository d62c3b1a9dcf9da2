"""How much the LLM chain itself costs per call, and how many tokens an interview sends.

    python bench/llm_overhead.py [--calls 2000]

1. Chain overhead: the chain (prompt building, pseudonymisation, breaker, retry policy, output
   validation, metrics) in front of a zero-latency in-process provider, so every microsecond
   measured is the chain's own. Mid-interview context (five topics answered).
2. For reference, the same calls through the real Groq SDK to a fake server on 127.0.0.1.
3. Tokens sent per completed interview: the cooperative persona through the real engine
   (temporary SQLite database), counting every prompt the providers receive. Tokens are
   estimated at four characters each (the fake server's rule), so treat them as approximate.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exitbot.bootstrap import bootstrap
from exitbot.config import Settings
from exitbot.core.plan import DEFAULT_PLAN
from exitbot.interviewers.llm import build_llm_layer
from exitbot.interviewers.llm.evaluation import RecordingAlerts, RecordingProvider, run_persona
from exitbot.interviewers.llm.personas import persona
from exitbot.interviewers.llm.types import Completion, CompletionRequest
from tests.fakes.groq_server import FakeGroqServer
from tests.fakes.llm_behaviours import FakeModel, estimate_tokens
from tests.llm.contexts import context

SETTINGS = Settings(groq_api_key=None, ollama_host=None, llm_timeout_seconds=20)


class ZeroLatencyProvider:
    """Answers at once with what a well-behaved model would say."""

    name = "zero"

    def __init__(self) -> None:
        self._model = FakeModel()

    async def complete(self, request: CompletionRequest, time_limit: float) -> Completion:
        body = {"messages": [m.as_dict() for m in request.messages]}
        text = self._model.answer(body)
        return Completion(text, self.name, "zero", estimate_tokens(str(body)), 10)

    async def aclose(self) -> None:
        return None


def mid_interview():  # type: ignore[no-untyped-def]
    answers = persona("cooperative").messages
    pairs = [(t.key, a) for t, a in zip(DEFAULT_PLAN.topics[:5], answers, strict=False)]
    return context(answers=pairs, topic_index=5, names=("Dana Whitfield",))


async def time_calls(chain, calls: int) -> list[float]:  # type: ignore[no-untyped-def]
    ctx = mid_interview()
    answer = ctx.answers()[-1].text
    samples = []
    for index in range(calls):
        ctx.budget.remaining = 60
        started = time.perf_counter()
        if index % 2:
            await chain.followup(ctx, answer)
        else:
            await chain.opening_question(ctx)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def describe(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"{label}: p50 {p50:.3f} ms, p99 {p99:.3f} ms over {len(samples)} calls"


async def main(calls: int) -> None:
    layer = build_llm_layer(SETTINGS, providers=[ZeroLatencyProvider()])
    assert layer is not None
    await time_calls(layer.interviewer, 50)  # warm up imports and caches
    print(
        describe(
            "chain overhead, zero-latency in-process provider",
            await time_calls(layer.interviewer, calls),
        )
    )

    async with FakeGroqServer() as server:
        settings = Settings(
            groq_api_key="gsk_bench", groq_base_url=server.base_url, llm_providers="groq"
        )
        http_layer = build_llm_layer(settings)
        assert http_layer is not None
        await time_calls(http_layer.interviewer, 20)
        samples = await time_calls(http_layer.interviewer, min(calls, 500))
        print(describe("for reference, real Groq SDK to a loopback fake", samples))
        await http_layer.aclose()

    recorder = RecordingProvider(ZeroLatencyProvider())
    alerts = RecordingAlerts()
    with tempfile.TemporaryDirectory() as folder:
        bot = await bootstrap(
            SETTINGS.model_copy(update={"database_url": f"sqlite+aiosqlite:///{folder}/bench.db"}),
            providers=[recorder],
            alerts=alerts,
            plugins=[],
        )
        try:
            run = await run_persona(bot.interviews, bot.database, persona("cooperative"), alerts)
        finally:
            await bot.close()
    chars = sum(len(m.content) for r in recorder.requests for m in r.messages)
    by_purpose: dict[str, int] = {}
    for request in recorder.requests:
        by_purpose[request.purpose.value] = by_purpose.get(request.purpose.value, 0) + 1
    largest = max(sum(len(m.content) for m in r.messages) for r in recorder.requests)
    cap = sum(r.max_tokens for r in recorder.requests)
    print(
        f"completed interview ({run.status.value if run.status else '?'}): "
        f"{len(recorder.requests)} model calls {by_purpose}, "
        f"{chars} prompt characters ≈ {chars // 4} prompt tokens sent, "
        f"largest prompt {largest} characters ≈ {largest // 4} tokens, "
        f"completion cap {cap} tokens in total"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    asyncio.run(main(parser.parse_args().calls))
