"""Series read at scrape time from what other parts already keep: the LLM layer's counters,
the connection pool, and the backlog counts the scrape has just read from the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from prometheus_client.metrics_core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from prometheus_client.utils import floatToGoString

if TYPE_CHECKING:  # only types: recording a turn need not load the LLM layer or the store
    from exitbot.interviewers.llm.metrics import LLMMetrics
    from exitbot.store.backlog import Backlog
    from exitbot.store.database import PoolUsage

BREAKER_VALUES = {"closed": 0, "half_open": 1, "open": 2}
"""``BreakerState`` values as the gauge's numbers."""


class LLMCollector(Collector):
    """``LLMMetrics`` (kept free of Prometheus by the LLM layer) as Prometheus families."""

    def __init__(self, llm: LLMMetrics) -> None:
        self._llm = llm

    def collect(self) -> Iterator[Metric]:
        snapshot = self._llm.snapshot()
        by_provider = ["provider"]
        calls = CounterMetricFamily(
            "exitbot_llm_calls",
            "Model calls (every attempt, retries included).",
            labels=by_provider,
        )
        failures = CounterMetricFamily(
            "exitbot_llm_failures", "Model calls that failed.", labels=by_provider
        )
        invalid = CounterMetricFamily(
            "exitbot_llm_invalid_outputs",
            "Answers that failed validation and were asked for again or replaced.",
            labels=by_provider,
        )
        tokens = CounterMetricFamily(
            "exitbot_llm_tokens", "Tokens the providers reported.", labels=["provider", "kind"]
        )
        latency = HistogramMetricFamily(
            "exitbot_llm_call_seconds", "Duration of one model call.", labels=by_provider
        )
        breaker = GaugeMetricFamily(
            "exitbot_llm_breaker_state",
            "Circuit breaker per provider: 0 closed, 1 half-open, 2 open.",
            labels=by_provider,
        )
        for p in snapshot.providers:
            label = [p.provider]
            calls.add_metric(label, p.calls)
            failures.add_metric(label, p.failures)
            invalid.add_metric(label, p.invalid_outputs)
            tokens.add_metric([p.provider, "prompt"], p.prompt_tokens)
            tokens.add_metric([p.provider, "completion"], p.completion_tokens)
            buckets = [(floatToGoString(bound), count) for bound, count in p.latency_buckets]
            latency.add_metric(label, [*buckets, ("+Inf", p.calls)], p.latency_seconds_sum)
            if p.breaker_state is not None:
                breaker.add_metric(label, BREAKER_VALUES[p.breaker_state])
        fallbacks = CounterMetricFamily(
            "exitbot_llm_scripted_fallbacks",
            "Times the scripted interviewer answered because no model did.",
            labels=["purpose"],
        )
        for purpose, count in snapshot.scripted_fallbacks.items():
            fallbacks.add_metric([purpose.value], count)
        yield from (calls, failures, invalid, tokens, latency, breaker, fallbacks)


class PoolCollector(Collector):
    def __init__(self, usage: Callable[[], PoolUsage | None]) -> None:
        self._usage = usage

    def collect(self) -> Iterator[Metric]:
        usage = self._usage()
        if usage is None:
            return
        yield GaugeMetricFamily(
            "exitbot_db_pool_checked_out",
            "Database connections in use.",
            value=usage.checked_out,
        )
        yield GaugeMetricFamily(
            "exitbot_db_pool_size",
            "Database connections the pool keeps open (overflow not counted).",
            value=usage.size,
        )


class BacklogCollector(Collector):
    """The counts read for the scrape under way; none when they could not be read (a stale
    count would look like a healthy one)."""

    def __init__(self) -> None:
        self.latest: Backlog | None = None

    def collect(self) -> Iterator[Metric]:
        backlog = self.latest
        yield GaugeMetricFamily(
            "exitbot_backlog_up",
            "1 when this scrape could read the backlog counts from the database.",
            value=0 if backlog is None else 1,
        )
        if backlog is None:
            return
        for name, value, doc in (
            ("exitbot_inbox_unfinished", backlog.inbox_unfinished, "Events not processed yet."),
            (
                "exitbot_inbox_set_aside",
                backlog.inbox_set_aside,
                "Events whose turn failed on every attempt (exitbot inbox).",
            ),
            ("exitbot_outbox_pending", backlog.outbox_pending, "Outgoing messages not sent yet."),
            (
                "exitbot_outbox_given_up",
                backlog.outbox_given_up,
                "Outgoing messages given up (exitbot outbox --failed).",
            ),
        ):
            yield GaugeMetricFamily(name, doc, value=value)
