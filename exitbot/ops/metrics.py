"""Every Prometheus series ExitBot exposes at ``/metrics``, on a registry of its own.

One ``Metrics`` per ExitBot instance (built by ``bootstrap``, handed to what records), never
prometheus_client's process-wide default registry: two instances in one process (tests,
benchmarks) keep separate counts. Counters and histograms are recorded as things happen;
the LLM layer's counters, the connection pool and the backlog are read at scrape time.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import choose_encoder

from exitbot.ops.collectors import BacklogCollector, LLMCollector, PoolCollector
from exitbot.ops.replies import ReplyTimer

if TYPE_CHECKING:
    from exitbot.interviewers.llm.metrics import LLMMetrics
    from exitbot.store.backlog import Backlog
    from exitbot.store.database import PoolUsage

ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
"""Slack wants an answer within 3 s, hence the bucket at 3."""
REPLY_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0)


class TurnResult(StrEnum):
    REPLIED = "replied"
    """The turn queued replies."""
    SILENT = "silent"
    """Nothing to say (e.g. the message joined an answer still being written)."""
    DUPLICATE = "duplicate"
    FAILED = "failed"
    """The turn raised; its event stays unfinished and is replayed."""


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._turns = Counter(
            "exitbot_turns",
            "Employee turns by platform and outcome.",
            ["platform", "outcome"],
            registry=self.registry,
        )
        self._ack = Histogram(
            "exitbot_ack_seconds",
            "Time to answer a platform request (the event is stored before the answer).",
            ["platform"],
            buckets=ACK_BUCKETS,
            registry=self.registry,
        )
        self._reply = Histogram(
            "exitbot_reply_seconds",
            "From storing an employee's event to the platform accepting the turn's last reply.",
            ["platform"],
            buckets=REPLY_BUCKETS,
            registry=self.registry,
        )
        self._digest_runs = Counter(
            "exitbot_digest_runs",
            "Scheduled digest attempts by result.",
            ["result"],
            registry=self.registry,
        )
        self._backlog = BacklogCollector()
        self.registry.register(self._backlog)
        self.replies = ReplyTimer(self._observe_reply)

    def turn(self, platform: str, result: TurnResult) -> None:
        self._turns.labels(platform=platform, outcome=result.value).inc()

    def acknowledged(self, platform: str, seconds: float) -> None:
        self._ack.labels(platform=platform).observe(seconds)

    def digest_run(self, result: str) -> None:
        self._digest_runs.labels(result=result).inc()

    def watch_llm(self, llm: LLMMetrics) -> None:
        """Expose the LLM layer's counters, breaker states included."""
        self.registry.register(LLMCollector(llm))

    def watch_pool(self, usage: Callable[[], PoolUsage | None]) -> None:
        self.registry.register(PoolCollector(usage))

    def render(self, backlog: Backlog | None, accept: str | None = None) -> tuple[bytes, str]:
        """The exposition body and its content type, in the format ``accept`` asks for
        (Prometheus text 0.0.4 unless OpenMetrics is asked for); ``backlog`` is what this
        scrape read from the store, or None when it could not."""
        encode, content_type = choose_encoder(accept or "")
        self._backlog.latest = backlog
        return encode(self.registry), content_type

    def _observe_reply(self, platform: str, seconds: float) -> None:
        self._reply.labels(platform=platform).observe(seconds)
