"""The composition root uses the LLM chain exactly when a provider is configured."""

from __future__ import annotations

from pathlib import Path

from exitbot.bootstrap import (
    build_interviewer,
    build_llm,
    build_misconduct_detector,
    build_services,
)
from exitbot.config import Settings
from exitbot.core.messages import IncomingMessage, Platform, UserRef
from exitbot.core.misconduct import KeywordMisconductDetector
from exitbot.interviewers.llm import LLMChain, LLMMisconductDetector
from exitbot.interviewers.scripted.interviewer import ScriptedInterviewer
from tests.fakes.groq_server import FakeGroqServer
from tests.fakes.llm_behaviours import Reply


def test_no_provider_means_scripted_and_keywords() -> None:
    settings = Settings(groq_api_key=None, ollama_host=None)
    llm = build_llm(settings)
    assert llm is None
    assert isinstance(build_interviewer(llm), ScriptedInterviewer)
    assert isinstance(build_misconduct_detector(llm), KeywordMisconductDetector)


def test_configured_provider_means_one_shared_chain() -> None:
    settings = Settings(groq_api_key="gsk_x", groq_base_url="http://127.0.0.1:9")
    llm = build_llm(settings)
    interviewer = build_interviewer(llm)
    detector = build_misconduct_detector(llm)
    assert isinstance(interviewer, LLMChain) and isinstance(detector, LLMMisconductDetector)
    assert interviewer.providers == ("groq",)
    assert llm is not None and interviewer is llm.interviewer and detector is llm.detector


async def test_services_interview_through_groq(groq_server: FakeGroqServer, tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}",
        groq_api_key="gsk_chat",
        groq_base_url=groq_server.base_url,
        llm_providers="groq",
    )
    groq_server.fallback = Reply("So, what made you decide to move on?")
    services = await build_services(settings)
    try:
        user = UserRef(Platform.TERMINAL, "local", display_name="Sam")
        await services.engine.invite(user)
        outcome = await services.engine.handle(IncomingMessage(user, "yes", "t1"))
    finally:
        await services.close()
    assert outcome.replies[-1].text == "So, what made you decide to move on?"
    assert groq_server.call_count == 1
