"""The one turn pipeline every chat platform shares: inbox, ack, turn, outbox, send.

An adapter translates a platform event into an ``IncomingMessage`` and calls ``receive``
before it answers the platform: the event is stored (so an ack never promises what a crash
could lose) and its turn is queued. Turns run in the background, one at a time per employee
in arrival order, at most ``max_concurrent_turns`` at once, giving way while requests are
being acknowledged; the turn's replies are in the outbox when it commits, and the worker is
told to send them. Events recorded but never finished (the process died, a turn failed) are
replayed by the same path: once at start-up, then by the periodic sweep.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

import structlog

from exitbot.core.clock import Clock
from exitbot.core.messages import IncomingMessage, Platform
from exitbot.core.ports import InboxStore, SetAsideEvent
from exitbot.delivery.inbox import Inbox
from exitbot.delivery.outbox import OutboxWorker
from exitbot.delivery.runner import BackgroundRunner
from exitbot.delivery.traffic import InboundTraffic
from exitbot.engine.service import InterviewService, TurnOutcome
from exitbot.ops.metrics import Metrics, TurnResult

log = structlog.get_logger(__name__)


class PlatformHooks(Protocol):
    """What a platform adds around its turns (adapters implement it)."""

    async def enrich(self, message: IncomingMessage) -> IncomingMessage:
        """``message`` with what the platform knows about the sender (name, email, tz)."""
        ...

    def working(self, message: IncomingMessage) -> AbstractAsyncContextManager[None]:
        """Held while the turn runs (Teams shows a typing indicator)."""
        ...


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    max_concurrent_turns: int = 4
    """Each turn holds a database connection (and on SQLite the write lock) while it writes;
    capping them leaves connections free for the inbox writes that acks wait on."""
    replay_after: timedelta = timedelta(minutes=2)
    """An unfinished event younger than this may still be running elsewhere."""
    replay_batch: int = 200
    max_attempts: int = 5


_Queued = tuple[IncomingMessage, int | None, float | None]
"""A message, its inbox row when it is a replay, and when this replica stored it."""


class TurnPipeline:
    def __init__(
        self,
        *,
        inbox: Inbox,
        inbox_store: InboxStore,
        interviews: InterviewService,
        outbox: OutboxWorker,
        runner: BackgroundRunner,
        clock: Clock,
        platforms: Mapping[Platform, PlatformHooks] | None = None,
        options: PipelineOptions | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._inbox = inbox
        self._inbox_store = inbox_store
        self._interviews = interviews
        self._outbox = outbox
        self._runner = runner
        self._clock = clock
        self._platforms = dict(platforms or {})
        self.options = options or PipelineOptions()
        self._metrics = metrics or Metrics()
        self.traffic = InboundTraffic()
        self._slots = asyncio.Semaphore(self.options.max_concurrent_turns)
        self._queues: dict[str, deque[_Queued]] = {}
        self._quiet = asyncio.Event()
        self._quiet.set()

    @contextlib.contextmanager
    def acknowledging(self, platform: Platform) -> Iterator[None]:
        """Wrap the handling of one platform request: turns wait while acks are in flight,
        and the time to the answer is measured."""
        started = time.perf_counter()
        try:
            with self.traffic.acknowledging():
                yield
        finally:
            self._metrics.acknowledged(platform.value, time.perf_counter() - started)

    async def receive(self, message: IncomingMessage) -> bool:
        """Store the event and queue its turn; False for a redelivered event (do nothing)."""
        if not await self._inbox.record(message):
            log.info(
                "event_redelivered", platform=message.user.platform, event_id=message.message_id
            )
            return False
        await self._enqueue(message, None, time.perf_counter())
        return True

    async def claim_once(self, platform: Platform, event_id: str) -> bool:
        """Mark an event that needs no turn (an HR command) processed; False when it was
        already: a redelivery."""
        return await self._inbox_store.mark_processed(platform.value, event_id, self._clock.now())

    async def handle_now(self, message: IncomingMessage) -> TurnOutcome:
        """Run a turn inline and deliver its replies (the terminal, where the next line is
        read only after the replies were shown)."""
        async with self._slots:
            try:
                outcome = await self._interviews.handle(message)
            except Exception:
                self._metrics.turn(message.user.platform.value, TurnResult.FAILED)
                raise
        self._metrics.turn(message.user.platform.value, _result(outcome))
        if outcome.outbox_ids:
            await self._outbox.flush([message.user.platform])
        return outcome

    async def replay(self, older_than: timedelta | None = None) -> int:
        """Queue the turns of events that were recorded but never processed; how many.

        At start-up ``older_than`` is zero; the sweeper uses ``replay_after``, so an event
        another replica is still working on is left alone."""
        wait = self.options.replay_after if older_than is None else older_than
        now = self._clock.now()
        due = await self._inbox_store.due_for_replay(
            now - wait,
            limit=self.options.replay_batch,
            max_attempts=self.options.max_attempts,
            now=now,
        )
        replayed = 0
        for inbox_id, message in due:
            if message is None:
                log.error("inbox_payload_unreadable", inbox_id=inbox_id)
                await self._inbox_store.record_failure(inbox_id, "the stored event is unreadable")
                continue
            await self._enqueue(message, inbox_id, None)
            replayed += 1
        if replayed:
            log.info("inbox_replayed", events=replayed)
        return replayed

    @property
    def is_idle(self) -> bool:
        return self._quiet.is_set()

    async def idle(self) -> None:
        """Return once every queued turn has finished (tests, and a replica stopping)."""
        await self._quiet.wait()

    # --- turns ------------------------------------------------------------------------------

    async def _enqueue(
        self, message: IncomingMessage, inbox_id: int | None, stored_at: float | None
    ) -> None:
        key = message.user.key
        queue = self._queues.get(key)
        if queue is not None:
            queue.append((message, inbox_id, stored_at))
            return
        self._queues[key] = deque([(message, inbox_id, stored_at)])
        self._quiet.clear()
        await self._runner.spawn(self._drain(key), name=f"turns-{message.user.platform.value}")

    async def _drain(self, key: str) -> None:
        """The employee's turns, one after another in arrival order."""
        queue = self._queues[key]
        try:
            while queue:
                message, inbox_id, stored_at = queue.popleft()
                async with self._slots:
                    await self.traffic.give_way()
                    await self._turn(message, inbox_id, stored_at)
        finally:
            del self._queues[key]
            if not self._queues:
                self._quiet.set()

    async def _turn(
        self, message: IncomingMessage, inbox_id: int | None, stored_at: float | None
    ) -> None:
        platform = message.user.platform.value
        hooks = self._platforms.get(message.user.platform)
        try:
            enriched = await self._enrich(hooks, message)
            async with hooks.working(message) if hooks else contextlib.nullcontext():
                outcome = await self._interviews.handle(enriched)
        except Exception as exc:
            # The turn rolled back: its event stays unfinished and the sweeper replays it.
            log.exception(
                "turn_failed", platform=message.user.platform, event_id=message.message_id
            )
            self._metrics.turn(platform, TurnResult.FAILED)
            if inbox_id is not None:
                await self._note_failure(inbox_id, exc)
            return
        self._metrics.turn(platform, _result(outcome))
        if outcome.outbox_ids:
            if stored_at is not None:  # a replay's first storing happened elsewhere or earlier
                self._metrics.replies.expect(outcome.outbox_ids, platform, stored_at)
            self._outbox.kick()

    async def _enrich(
        self, hooks: PlatformHooks | None, message: IncomingMessage
    ) -> IncomingMessage:
        if hooks is None:
            return message
        try:
            return await hooks.enrich(message)
        except Exception as exc:
            log.warning("sender_profile_unavailable", error=type(exc).__name__)
            return message

    async def _note_failure(self, inbox_id: int, exc: Exception) -> None:
        try:
            await self._inbox_store.record_failure(inbox_id, f"{type(exc).__name__}: {exc}")
        except Exception:
            log.exception("inbox_failure_not_recorded", inbox_id=inbox_id)

    async def set_aside(self, limit: int = 50) -> list[SetAsideEvent]:
        """Events whose turn failed on every attempt: replayed no more, listed for people."""
        return await self._inbox_store.set_aside(
            max_attempts=self.options.max_attempts, limit=limit
        )


def _result(outcome: TurnOutcome) -> TurnResult:
    if outcome.duplicate:
        return TurnResult.DUPLICATE
    return TurnResult.REPLIED if outcome.outbox_ids else TurnResult.SILENT
