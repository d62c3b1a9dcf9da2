"""The composition root uses the LLM chain exactly when a provider is configured."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from exitbot.bootstrap import bootstrap
from exitbot.config import Settings
from exitbot.core.messages import IncomingMessage, Platform, UserRef
from exitbot.core.plan import DEFAULT_PLAN
from exitbot.store.models import Report
from tests.fakes.groq_server import FakeGroqServer
from tests.fakes.llm_behaviours import Reply
from tests.support import GOOD_ANSWERS


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}", **values)  # type: ignore[arg-type]


async def test_no_provider_means_the_scripted_interviewer(tmp_path: Path) -> None:
    bot = await bootstrap(_settings(tmp_path, groq_api_key=None, ollama_host=None), plugins=[])
    try:
        assert bot.llm is None
        user = UserRef(Platform.TERMINAL, "local", display_name="Sam")
        await bot.interviews.invite(user)
        outcome = await bot.interviews.handle(IncomingMessage(user, "yes", "t1"))
    finally:
        await bot.close()
    assert outcome.replies[-1].text == DEFAULT_PLAN.topics[0].question


async def test_a_configured_provider_means_one_shared_chain(tmp_path: Path) -> None:
    settings = _settings(tmp_path, groq_api_key="gsk_x", groq_base_url="http://127.0.0.1:9")
    bot = await bootstrap(settings, plugins=[])
    try:
        assert bot.llm is not None
        assert bot.llm.interviewer.providers == ("groq",)
        assert bot.llm.detector is not None
    finally:
        await bot.close()


async def test_an_interview_through_groq(groq_server: FakeGroqServer, tmp_path: Path) -> None:
    settings = _settings(
        tmp_path, groq_api_key="gsk_chat", groq_base_url=groq_server.base_url, llm_providers="groq"
    )
    groq_server.fallback = Reply("So, what made you decide to move on?")
    bot = await bootstrap(settings, plugins=[])
    try:
        user = UserRef(Platform.TERMINAL, "local", display_name="Sam")
        await bot.interviews.invite(user)
        outcome = await bot.interviews.handle(IncomingMessage(user, "yes", "t1"))
    finally:
        await bot.close()
    assert outcome.replies[-1].text == "So, what made you decide to move on?"
    assert groq_server.call_count == 1


async def test_with_a_model_the_stored_rating_is_still_the_employees(
    groq_server: FakeGroqServer, tmp_path: Path
) -> None:
    """The fake model's report says eNPS 6; the employee said eight: eight is stored."""
    settings = _settings(
        tmp_path, groq_api_key="gsk_enps", groq_base_url=groq_server.base_url, llm_providers="groq"
    )
    bot = await bootstrap(settings, plugins=[])
    user = UserRef(Platform.TERMINAL, "local", display_name="Sam")
    answers = {**GOOD_ANSWERS, "recommend": "Hmm, I'd say an eight. I would not come back."}
    try:
        await bot.interviews.invite(user)
        await bot.interviews.handle(IncomingMessage(user, "yes", "m0"))
        for number, topic in enumerate(bot.plan.topics, start=1):
            text = answers.get(topic.key, "Nothing else comes to mind at all, thank you.")
            await bot.interviews.handle(IncomingMessage(user, text, f"m{number}"))
        await bot.interviews.handle(IncomingMessage(user, "looks good to me", "m99"))
        async with bot.database.session() as session:
            enps, would_return = (
                await session.execute(select(Report.enps, Report.would_return))
            ).one()
    finally:
        await bot.close()
    assert (enps, would_return) == (8, False)
