"""An LLM reads what the recogniser finds ambiguous, and only a confident reading counts."""

from __future__ import annotations

from pathlib import Path

from exitbot.bootstrap import ExitBot, bootstrap
from exitbot.config import Settings
from exitbot.core.messages import IncomingMessage, Platform, UserRef
from exitbot.core.statuses import InterviewStatus
from tests.fakes.groq_server import FakeGroqServer
from tests.fakes.llm_behaviours import Reply

USER = UserRef(Platform.TERMINAL, "local", display_name="Sam")


async def _bot(tmp_path: Path, groq: FakeGroqServer) -> ExitBot:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'intent.db'}",  # type: ignore[arg-type]
        groq_api_key="gsk_intent",  # type: ignore[arg-type]
        groq_base_url=groq.base_url,
        llm_providers="groq",  # type: ignore[arg-type]
    )
    return await bootstrap(settings, plugins=[])


def _classifications(groq: FakeGroqServer) -> int:
    return sum(1 for r in groq.requests if "ExitBot task: classify_reply" in str(r.body))


async def test_a_hesitant_yes_is_read_by_the_model(
    groq_server: FakeGroqServer, tmp_path: Path
) -> None:
    bot = await _bot(tmp_path, groq_server)
    try:
        await bot.interviews.invite(USER)
        outcome = await bot.interviews.handle(IncomingMessage(USER, "hmm ok, why not", "t1"))
    finally:
        await bot.close()
    assert outcome.status is InterviewStatus.IN_PROGRESS
    assert _classifications(groq_server) == 1


async def test_an_unsure_model_means_asking_again(
    groq_server: FakeGroqServer, tmp_path: Path
) -> None:
    bot = await _bot(tmp_path, groq_server)
    try:
        await bot.interviews.invite(USER)
        await bot.interviews.handle(IncomingMessage(USER, "hello", "t0"))
        outcome = await bot.interviews.handle(IncomingMessage(USER, "hmm, depends", "t1"))
    finally:
        await bot.close()
    assert outcome.status is InterviewStatus.INVITED
    assert "To begin, say *yes*" in outcome.replies[-1].text


async def test_garbage_from_the_model_means_asking_again(
    groq_server: FakeGroqServer, tmp_path: Path
) -> None:
    groq_server.fallback = Reply("definitely a yes!!! {not json")
    bot = await _bot(tmp_path, groq_server)
    try:
        await bot.interviews.invite(USER)
        await bot.interviews.handle(IncomingMessage(USER, "hello", "t0"))
        outcome = await bot.interviews.handle(IncomingMessage(USER, "hmm ok, why not", "t1"))
    finally:
        await bot.close()
    assert outcome.status is InterviewStatus.INVITED


async def test_the_model_never_confirms_an_erasure(
    groq_server: FakeGroqServer, tmp_path: Path
) -> None:
    groq_server.fallback = Reply('{"intent": "yes", "confidence": 0.99}')
    bot = await _bot(tmp_path, groq_server)
    try:
        await bot.interviews.invite(USER)
        await bot.interviews.handle(IncomingMessage(USER, "hello", "t0"))
        await bot.interviews.handle(IncomingMessage(USER, "delete my data", "t1"))
        outcome = await bot.interviews.handle(IncomingMessage(USER, "hmm, I suppose", "t2"))
    finally:
        await bot.close()
    assert not outcome.erased
    assert outcome.status is not InterviewStatus.ERASED
    assert outcome.replies[-1].text == "Say *yes* to delete it all, or *no* to keep it."
