"""Persona runs go through the real engine, on the test database, against the fake servers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from exitbot.engine import InterviewService
from exitbot.interviewers.llm import LLMLayer
from exitbot.interviewers.llm.evaluation import RecordingAlerts
from tests.conftest import BotFactory
from tests.llm.conftest import (  # noqa: F401  (fixtures shared with the LLM tests)
    LayerFactory,
    breaker_clock,
    groq_server,
    make_layer,
    ollama_server,
)

EngineOnLayer = Callable[[LLMLayer], Awaitable[InterviewService]]


@pytest.fixture
def persona_alerts() -> RecordingAlerts:
    return RecordingAlerts()


@pytest.fixture
def engine_on(make_bot: BotFactory, persona_alerts: RecordingAlerts) -> EngineOnLayer:
    """The interview service bootstrap builds, with ``layer``'s interviewer and detector."""

    async def factory(layer: LLMLayer) -> InterviewService:
        bot = await make_bot(
            interviewer=layer.interviewer, detector=layer.detector, alerts=persona_alerts
        )
        return bot.interviews

    return factory
