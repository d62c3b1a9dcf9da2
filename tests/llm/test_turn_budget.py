"""One model budget per turn: with every model hanging, the next question still comes within
``LLM_TIMEOUT_SECONDS``, from the script, and a misconduct keyword still raises its alert."""

from __future__ import annotations

import time
from pathlib import Path

from exitbot.bootstrap import bootstrap
from exitbot.config import Settings
from exitbot.core.messages import IncomingMessage, Platform, UserRef
from exitbot.core.plan import DEFAULT_PLAN
from tests.fakes.groq_server import FakeGroqServer
from tests.fakes.llm_behaviours import Hang
from tests.fakes.ollama_server import FakeOllamaServer

BUDGET = 1.5
USER = UserRef(Platform.TERMINAL, "local", display_name="Sam")


async def test_hanging_models_cost_one_budget_per_turn(
    groq_server: FakeGroqServer, ollama_server: FakeOllamaServer, tmp_path: Path
) -> None:
    groq_server.fallback = Hang(seconds=60)
    ollama_server.fallback = Hang(seconds=60)
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'budget.db'}",  # type: ignore[arg-type]
        groq_api_key="gsk_hang",  # type: ignore[arg-type]
        groq_base_url=groq_server.base_url,
        ollama_host=ollama_server.base_url,
        ollama_model="llama3",
        llm_providers="groq,ollama",  # type: ignore[arg-type]
        llm_timeout_seconds=BUDGET,
    )
    bot = await bootstrap(settings, plugins=[])
    try:
        # As `serve` does at start: the language models load before the first turn, so the
        # turn's time is the model budget and nothing else.
        bot.interviews.warm_up()
        await bot.interviews.invite(USER)
        started = time.monotonic()
        first = await bot.interviews.handle(IncomingMessage(USER, "yes", "m1"))
        consent_turn = time.monotonic() - started
        calls_before = groq_server.call_count + ollama_server.call_count

        started = time.monotonic()
        answer = "My manager harassed me in front of the whole team, every single week."
        second = await bot.interviews.handle(IncomingMessage(USER, answer, "m2"))
        answer_turn = time.monotonic() - started
        calls = groq_server.call_count + ollama_server.call_count - calls_before
    finally:
        await bot.close()
    assert first.replies[-1].text == DEFAULT_PLAN.topics[0].question, "the script's wording"
    assert second.replies[-1].text == DEFAULT_PLAN.topics[1].question
    assert calls >= 1, "the answer's turn did ask the hanging models"
    # Misconduct check, follow-up decision and the next question share one budget; one after
    # the other they would take three.
    assert consent_turn < BUDGET * 1.7
    assert answer_turn < BUDGET * 1.7, answer_turn
