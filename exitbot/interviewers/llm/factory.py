"""Building the LLM layer from ``Settings``: providers in ``LLM_PROVIDERS`` order, one breaker
each, one failover caller shared by the interviewer and the misconduct detector."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exitbot.config import Settings
from exitbot.core.clock import Clock
from exitbot.interviewers.llm.breaker import BreakerState, CircuitBreaker
from exitbot.interviewers.llm.chain import LLMChain
from exitbot.interviewers.llm.failover import FailoverCaller, ProviderSlot
from exitbot.interviewers.llm.groq_provider import GroqProvider
from exitbot.interviewers.llm.metrics import LLMMetrics
from exitbot.interviewers.llm.misconduct import LLMMisconductDetector
from exitbot.interviewers.llm.ollama_provider import OllamaProvider
from exitbot.interviewers.llm.provider import ChatProvider
from exitbot.interviewers.llm.retry import RetryPolicy, Sleep

DEFAULT_OLLAMA_MODEL = "llama3.2"
# One attempt may use at most this share of LLM_TIMEOUT_SECONDS, leaving room for a retry.
ATTEMPT_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class BreakerSettings:
    failure_threshold: int = 5
    cool_down: float = 30.0


@dataclass(frozen=True, slots=True)
class LLMLayer:
    """The wired LLM layer: what the engine gets, and what /metrics reads."""

    interviewer: LLMChain
    detector: LLMMisconductDetector
    metrics: LLMMetrics
    caller: FailoverCaller

    async def aclose(self) -> None:
        await self.caller.aclose()


def configured_providers(settings: Settings) -> list[ChatProvider]:
    """The providers whose settings are present, in ``LLM_PROVIDERS`` order."""
    providers: list[ChatProvider] = []
    for name in settings.llm_providers:
        if name == "groq" and settings.groq_api_key is not None:
            providers.append(
                GroqProvider(
                    api_key=settings.groq_api_key.get_secret_value(),
                    model=settings.groq_model,
                    base_url=settings.groq_base_url,
                )
            )
        elif name == "ollama" and settings.ollama_host:
            providers.append(
                OllamaProvider(
                    host=settings.ollama_host, model=settings.ollama_model or DEFAULT_OLLAMA_MODEL
                )
            )
    return providers


def build_llm_layer(
    settings: Settings,
    *,
    providers: list[ChatProvider] | None = None,
    metrics: LLMMetrics | None = None,
    retry: RetryPolicy | None = None,
    breaker: BreakerSettings | None = None,
    clock: Clock | None = None,
    attempt_timeout: float | None = None,
    sleep: Sleep | None = None,
    on_breaker_change: Callable[[str, BreakerState], None] | None = None,
) -> LLMLayer | None:
    """The layer over the configured providers, or None when none is configured (then the
    scripted interviewer and the keyword detector are used on their own).
    ``on_breaker_change(provider, state)`` hears every breaker transition (ops alerts)."""
    providers = configured_providers(settings) if providers is None else providers
    if not providers:
        return None
    metrics = metrics or LLMMetrics()
    breaker = breaker or BreakerSettings()
    slots = [
        ProviderSlot(
            provider,
            CircuitBreaker(
                provider.name,
                failure_threshold=breaker.failure_threshold,
                cool_down=breaker.cool_down,
                clock=clock,
                on_change=on_breaker_change,
            ),
        )
        for provider in providers
    ]
    budget = settings.llm_timeout_seconds
    extra = {"sleep": sleep} if sleep is not None else {}
    caller = FailoverCaller(
        slots,
        clock=clock,
        metrics=metrics,
        budget_seconds=budget,
        attempt_timeout=attempt_timeout or budget * ATTEMPT_SHARE,
        retry=retry,
        **extra,
    )
    return LLMLayer(LLMChain(caller), LLMMisconductDetector(caller), metrics, caller)
