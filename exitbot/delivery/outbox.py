"""Delivering the outbox: every replica runs a worker that claims due messages and sends them.

A message is marked sent only once its platform accepted it. A failure is retried with
backoff (or after the ``Retry-After`` the platform asked for) until its ``give_up_at``
(``OUTBOX_GIVE_UP_HOURS`` after it was written); a failure that retrying cannot fix (the
conversation is gone, the bot was removed) is given up at once. Messages with one ordering
key go out one at a time, in order.

Duplicates: a claim is a lease. If a replica dies after the platform accepted a message but
before the row was marked sent, the lease runs out (``lease_seconds``) and another replica
sends the message again. So a message is delivered at least once and at most once more per
replica crash during its send; a send that times out is treated the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import structlog

from exitbot.core.clock import Clock
from exitbot.core.messages import Platform
from exitbot.core.outgoing import DeliveryError, DeliveryStatus, OutboxEntry
from exitbot.core.ports import OutboxStore, Sender
from exitbot.core.retry import RetryPolicy
from exitbot.ops.metrics import Metrics
from exitbot.ops.watch import OpsWatch

log = structlog.get_logger(__name__)

EXPIRY_CHECK_SECONDS = 60.0
"""How often a worker gives up messages nobody could send in time (e.g. for a platform no
replica is connected to any more)."""


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    """How the worker paces itself; tests shorten the waits."""

    retry: RetryPolicy = field(
        default_factory=lambda: RetryPolicy(
            max_attempts=1_000_000, initial_backoff=1.0, max_backoff=300.0, jitter=0.5
        )
    )
    lease_seconds: float = 60.0
    send_timeout_seconds: float = 30.0
    batch: int = 50
    poll_seconds: float = 1.0
    give_up_after: timedelta = timedelta(hours=24)


class OutboxWorker:
    """Claims due messages for the platforms this replica can send to, and sends them."""

    def __init__(
        self,
        store: OutboxStore,
        senders: Mapping[Platform, Sender],
        clock: Clock,
        policy: DeliveryPolicy | None = None,
        *,
        metrics: Metrics | None = None,
        watch: OpsWatch | None = None,
    ) -> None:
        self._store = store
        self._senders = dict(senders)
        self._clock = clock
        self.policy = policy or DeliveryPolicy()
        self._metrics = metrics or Metrics()
        self._watch = watch or OpsWatch()
        self._wake = asyncio.Event()
        self._progress = asyncio.Condition()
        self._stopping = False
        self._passes = 0
        self._next_expiry_check = 0.0
        self._passing = 0

    @property
    def platforms(self) -> Collection[Platform]:
        return self._senders.keys()

    def kick(self) -> None:
        """New messages were written: look for due ones now rather than at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        """Deliver until ``stop``; a failing pass is logged and the next one tries again."""
        while not self._stopping:
            try:
                claimed = await self.deliver_due()
            except Exception as exc:
                log.exception("outbox_pass_failed")
                self._watch.database_failed("outbox", exc)
                claimed = 0
            else:
                self._watch.database_ok()
            if claimed or self._stopping:
                continue
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.policy.poll_seconds):
                    await self._wake.wait()
            self._wake.clear()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def deliver_due(self, platforms: Collection[Platform] | None = None) -> int:
        """One pass: claim what is due now (for ``platforms``, default all this replica can
        reach), send it, record the results; the number of messages claimed."""
        wanted = [p for p in (platforms or self._senders) if p in self._senders]
        if not wanted:
            return 0
        self._passing += 1
        try:
            now = self._clock.now()
            entries = await self._store.claim_due(
                now,
                limit=self.policy.batch,
                lease_seconds=self.policy.lease_seconds,
                platforms=wanted,
            )
            if entries:
                results = await asyncio.gather(*(self._deliver(entry) for entry in entries))
                accepted = {
                    entry.id: at
                    for entry, at in zip(entries, results, strict=True)
                    if at is not None
                }
                await self._store.mark_sent(list(accepted), self._clock.now())
                for outbox_id, at in accepted.items():
                    self._metrics.replies.accepted([outbox_id], at)
        finally:
            self._passing -= 1
        if self._clock.monotonic() >= self._next_expiry_check:
            self._next_expiry_check = self._clock.monotonic() + EXPIRY_CHECK_SECONDS
            expired = await self._store.give_up_expired(now)
            if expired:
                log.error("outbox_gave_up_unsent", count=expired)
                self._watch.outbox_expired(expired)
        async with self._progress:
            self._passes += 1
            self._progress.notify_all()
        return len(entries)

    async def flush(self, platforms: Collection[Platform] | None = None) -> None:
        """Deliver until nothing more is due (the terminal, tests and one-shot commands)."""
        while await self.deliver_due(platforms):
            pass

    async def settled(self) -> None:
        """Return once nothing is due and no other pass of this worker is still claiming or
        sending (what failed and waits for a later attempt is left for then)."""
        while True:
            await self.flush()
            if not self._passing:
                return
            await self._next_pass(self.policy.poll_seconds)

    async def entries(self, ids: Sequence[int]) -> list[OutboxEntry]:
        """The messages ``ids`` as they stand now."""
        return await self._store.entries(ids)

    async def wait_for(self, ids: Sequence[int], within: float) -> list[OutboxEntry]:
        """The messages ``ids`` once each is sent or given up, or as they stand after
        ``within`` seconds (still pending: it is being retried)."""
        deadline = self._clock.monotonic() + within
        while True:
            entries = await self._store.entries(ids)
            if all(e.status is not DeliveryStatus.PENDING for e in entries):
                return entries
            left = deadline - self._clock.monotonic()
            if left <= 0:
                return entries
            await self._next_pass(min(left, self.policy.poll_seconds))

    async def _next_pass(self, within: float) -> None:
        async with self._progress:
            seen = self._passes
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(within):
                    await self._progress.wait_for(lambda: self._passes > seen)

    async def _deliver(self, entry: OutboxEntry) -> float | None:
        """When the platform accepted ``entry`` (``time.perf_counter``), or None."""
        message = entry.message
        sender = self._senders[message.platform]
        if not entry.readable:
            await self._give_up(entry, "the stored message cannot be read (encryption key?)")
            return None
        try:
            async with asyncio.timeout(self.policy.send_timeout_seconds):
                await sender.send(message.destination, message.content)
        except DeliveryError as exc:
            await self._failed(entry, str(exc), exc.retryable, exc.retry_after)
            return None
        except TimeoutError:
            await self._failed(entry, "the platform did not answer in time", True, None)
            return None
        except Exception as exc:
            log.exception("outbox_send_crashed", outbox_id=entry.id)
            await self._failed(entry, f"{type(exc).__name__}: {exc}", True, None)
            return None
        accepted_at = time.perf_counter()
        log.info(
            "outbox_sent",
            outbox_id=entry.id,
            purpose=message.purpose.value,
            platform=message.platform.value,
            attempts=entry.attempts,
        )
        return accepted_at

    async def _failed(
        self, entry: OutboxEntry, error: str, retryable: bool, retry_after: float | None
    ) -> None:
        now = self._clock.now()
        if not retryable or now >= entry.give_up_at:
            await self._give_up(entry, error)
            return
        delay = self.policy.retry.wait(entry.attempts, retry_after)
        next_attempt = min(now + timedelta(seconds=delay), entry.give_up_at)
        log.warning(
            "outbox_send_failed",
            outbox_id=entry.id,
            purpose=entry.message.purpose.value,
            platform=entry.message.platform.value,
            attempts=entry.attempts,
            retry_in=round(delay, 2),
            error=error,
        )
        await self._store.reschedule(entry.id, next_attempt, error)

    async def _give_up(self, entry: OutboxEntry, error: str) -> None:
        log.error(
            "outbox_gave_up",
            outbox_id=entry.id,
            purpose=entry.message.purpose.value,
            platform=entry.message.platform.value,
            attempts=entry.attempts,
            error=error,
        )
        await self._store.give_up(entry.id, error, self._clock.now())
        self._metrics.replies.abandoned([entry.id])
        self._watch.outbox_gave_up(
            entry.message.platform.value, entry.message.purpose.value, entry.attempts
        )
