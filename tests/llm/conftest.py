"""Fixtures for the LLM layer: fake Groq and Ollama servers and a layer wired to them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from exitbot.config import Settings
from exitbot.interviewers.llm import BreakerSettings, LLMLayer, RetryPolicy, build_llm_layer
from tests.conftest import FakeClock
from tests.fakes.groq_server import FakeGroqServer
from tests.fakes.ollama_server import FakeOllamaServer

FAST_RETRY = RetryPolicy(max_attempts=3, initial_backoff=0.01, max_backoff=0.02, jitter=0.0)


@pytest.fixture
async def groq_server() -> AsyncIterator[FakeGroqServer]:
    async with FakeGroqServer() as server:
        yield server


@pytest.fixture
async def ollama_server() -> AsyncIterator[FakeOllamaServer]:
    async with FakeOllamaServer() as server:
        yield server


@pytest.fixture
def breaker_clock() -> FakeClock:
    return FakeClock()


LayerFactory = Callable[..., LLMLayer]


@pytest.fixture
async def make_layer(
    groq_server: FakeGroqServer, ollama_server: FakeOllamaServer, breaker_clock: FakeClock
) -> AsyncIterator[LayerFactory]:
    """Build a layer on both fakes; keyword arguments override settings and tuning."""
    layers: list[LLMLayer] = []

    def factory(
        *,
        providers: str = "groq,ollama",
        timeout: float = 5.0,
        retry: RetryPolicy = FAST_RETRY,
        failure_threshold: int = 3,
        cool_down: float = 30.0,
        attempt_timeout: float | None = None,
        **tuning: Any,
    ) -> LLMLayer:
        settings = Settings(
            groq_api_key="gsk_test",
            groq_base_url=groq_server.base_url,
            groq_model="fake-groq-model",
            ollama_host=ollama_server.base_url,
            ollama_model="fake-ollama-model",
            llm_providers=providers,
            llm_timeout_seconds=timeout,
        )
        layer = build_llm_layer(
            settings,
            retry=retry,
            breaker=BreakerSettings(failure_threshold=failure_threshold, cool_down=cool_down),
            clock=breaker_clock,
            attempt_timeout=attempt_timeout,
            **tuning,
        )
        assert layer is not None
        layers.append(layer)
        return layer

    yield factory
    for layer in layers:
        await layer.aclose()
