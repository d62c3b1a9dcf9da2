"""In-process counters for the LLM layer, read by the ``/metrics`` endpoint.

Kept free of any Prometheus library: the web layer turns a ``LLMMetricsSnapshot`` into whatever
exposition format it serves. Latency buckets follow Prometheus' cumulative ``le`` convention.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from exitbot.interviewers.llm.breaker import BreakerState, CircuitBreaker
from exitbot.interviewers.llm.types import Purpose

LATENCY_BUCKETS: tuple[float, ...] = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 60.0)


@dataclass(frozen=True, slots=True)
class ProviderSnapshot:
    """One provider's totals since start. ``latency_buckets`` pairs each bound with the count
    of calls that took at most that long (cumulative); +Inf is ``calls``."""

    provider: str
    calls: int
    failures: int
    latency_seconds_sum: float
    latency_buckets: tuple[tuple[float, int], ...]
    prompt_tokens: int
    completion_tokens: int
    invalid_outputs: int
    breaker_state: BreakerState | None


@dataclass(frozen=True, slots=True)
class LLMMetricsSnapshot:
    providers: tuple[ProviderSnapshot, ...]
    scripted_fallbacks: dict[Purpose, int]

    def provider(self, name: str) -> ProviderSnapshot:
        return next(p for p in self.providers if p.provider == name)


@dataclass(slots=True)
class _ProviderCounters:
    calls: int = 0
    failures: int = 0
    latency_sum: float = 0.0
    bucket_counts: list[int] = field(default_factory=lambda: [0] * len(LATENCY_BUCKETS))
    prompt_tokens: int = 0
    completion_tokens: int = 0
    invalid_outputs: int = 0


class LLMMetrics:
    """Calls, failures, latency and tokens per provider, breaker state, scripted fallbacks."""

    def __init__(self) -> None:
        self._providers: dict[str, _ProviderCounters] = {}
        self._breakers: dict[str, CircuitBreaker] = {}
        self._fallbacks: dict[Purpose, int] = dict.fromkeys(Purpose, 0)

    def watch_breaker(self, breaker: CircuitBreaker) -> None:
        """Report ``breaker``'s live state under its provider's name."""
        self._breakers[breaker.name] = breaker
        self._counters(breaker.name)

    def record_call(
        self,
        provider: str,
        seconds: float,
        *,
        ok: bool,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
    ) -> None:
        counters = self._counters(provider)
        counters.calls += 1
        if not ok:
            counters.failures += 1
        counters.latency_sum += seconds
        index = bisect_left(LATENCY_BUCKETS, seconds)
        if index < len(LATENCY_BUCKETS):
            counters.bucket_counts[index] += 1
        counters.prompt_tokens += prompt_tokens
        counters.completion_tokens += completion_tokens

    def record_invalid_output(self, provider: str) -> None:
        self._counters(provider).invalid_outputs += 1

    def record_scripted_fallback(self, purpose: Purpose) -> None:
        self._fallbacks[purpose] += 1

    def snapshot(self) -> LLMMetricsSnapshot:
        providers = []
        for name, c in self._providers.items():
            running = 0
            buckets = []
            for bound, count in zip(LATENCY_BUCKETS, c.bucket_counts, strict=True):
                running += count
                buckets.append((bound, running))
            breaker = self._breakers.get(name)
            providers.append(
                ProviderSnapshot(
                    provider=name,
                    calls=c.calls,
                    failures=c.failures,
                    latency_seconds_sum=c.latency_sum,
                    latency_buckets=tuple(buckets),
                    prompt_tokens=c.prompt_tokens,
                    completion_tokens=c.completion_tokens,
                    invalid_outputs=c.invalid_outputs,
                    breaker_state=breaker.state if breaker else None,
                )
            )
        return LLMMetricsSnapshot(tuple(providers), dict(self._fallbacks))

    def _counters(self, provider: str) -> _ProviderCounters:
        counters = self._providers.get(provider)
        if counters is None:
            counters = self._providers[provider] = _ProviderCounters()
        return counters
