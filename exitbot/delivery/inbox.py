"""Recording platform events before they are acknowledged, with group commit.

Every event must be stored before the platform gets its ack (DESIGN 8a), and a commit (an
fsync on PostgreSQL) costs far more than an insert. Under load, the events waiting while
one commit is in flight go into the next transaction together, so acks stay fast without
giving up the write-before-ack rule: ``record`` returns only once its row is committed.
"""

from __future__ import annotations

import asyncio

from exitbot.core.clock import Clock
from exitbot.core.messages import IncomingMessage
from exitbot.core.ports import InboxStore
from exitbot.ops.watch import OpsWatch

MAX_BATCH = 200

_Pending = tuple[IncomingMessage, "asyncio.Future[bool]"]


class Inbox:
    def __init__(
        self,
        store: InboxStore,
        clock: Clock,
        max_batch: int = MAX_BATCH,
        *,
        watch: OpsWatch | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._max_batch = max_batch
        self._watch = watch or OpsWatch()
        self._queue: list[_Pending] = []
        self._writer: asyncio.Task[None] | None = None

    async def record(self, message: IncomingMessage) -> bool:
        """Store the event; False when its id was seen before (a redelivery: do nothing)."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._queue.append((message, future))
        if self._writer is None or self._writer.done():
            # One writer at a time: batches commit in arrival order, so callers resume (and
            # start their turns) in the order their events arrived.
            self._writer = asyncio.create_task(self._write_queued(), name="inbox-writer")
        return await future

    async def _write_queued(self) -> None:
        while self._queue:
            batch = self._queue[: self._max_batch]
            del self._queue[: self._max_batch]
            try:
                stored = await self._store.record([m for m, _ in batch], self._clock.now())
            except Exception as exc:
                self._watch.database_failed("inbox", exc)
                for _message, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            self._watch.database_ok()
            for (_message, future), fresh in zip(batch, stored, strict=True):
                if not future.done():
                    future.set_result(fresh)
