"""Persona runs go through the real engine, on the test database, against the fake servers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from exitbot.core.plan import DEFAULT_PLAN
from exitbot.engine import InterviewService
from exitbot.interviewers.llm import LLMLayer
from exitbot.interviewers.llm.evaluation import RecordingAlertSink
from exitbot.store import Database
from tests.conftest import FakeClock
from tests.llm.conftest import (  # noqa: F401  (fixtures shared with the LLM tests)
    LayerFactory,
    breaker_clock,
    groq_server,
    make_layer,
    ollama_server,
)

EngineOnLayer = Callable[[LLMLayer], InterviewService]


@pytest.fixture
def persona_alerts() -> RecordingAlertSink:
    return RecordingAlertSink()


@pytest.fixture
def engine_on(
    database: Database, clock: FakeClock, persona_alerts: RecordingAlertSink
) -> EngineOnLayer:
    def factory(layer: LLMLayer) -> InterviewService:
        return InterviewService(
            database,
            layer.interviewer,
            DEFAULT_PLAN,
            detector=layer.detector,
            alerts=persona_alerts,
            clock=clock,
        )

    return factory
