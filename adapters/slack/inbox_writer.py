"""Inbox writes with group commit: events arriving together share one transaction.

Every event must be stored before Slack gets its ack (DESIGN 8a), and a commit (an fsync on
PostgreSQL) costs far more than an insert. Under load, the writes waiting while one commit is
in flight go into the next transaction together, so acks stay fast without giving up the
write-before-ack rule: ``record`` returns only once its row is committed.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.core.messages import IncomingMessage
from exitbot.delivery.inbox import message_to_payload
from exitbot.store.database import Database
from exitbot.store.models import InboxEvent

MAX_BATCH = 200

_Pending = tuple[IncomingMessage, "asyncio.Future[bool]"]


class GroupCommitInbox:
    """``Inbox.record`` semantics (False for an id seen before), batched per transaction."""

    def __init__(
        self, database: Database, clock: Callable[[], datetime], max_batch: int = MAX_BATCH
    ) -> None:
        self._database = database
        self._clock = clock
        self._max_batch = max_batch
        self._queue: list[_Pending] = []
        self._writer: asyncio.Task[None] | None = None

    async def record(self, message: IncomingMessage) -> bool:
        """Store the event; False when its id was seen before (a redelivery: do nothing)."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._queue.append((message, future))
        if self._writer is None or self._writer.done():
            # One writer at a time: batches commit in arrival order, so callers resume (and
            # start their turns) in the order their events arrived.
            self._writer = asyncio.create_task(self._write_queued(), name="slack-inbox-writer")
        return await future

    async def _write_queued(self) -> None:
        while self._queue:
            batch = self._queue[: self._max_batch]
            del self._queue[: self._max_batch]
            try:
                stored = await self._database.transaction(partial(self._insert, batch=batch))
            except Exception as exc:
                for _message, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_message, future), fresh in zip(batch, stored, strict=True):
                if not future.done():
                    future.set_result(fresh)

    async def _insert(self, session: AsyncSession, *, batch: list[_Pending]) -> list[bool]:
        """One multi-row INSERT … ON CONFLICT DO NOTHING RETURNING: one round trip a batch."""
        now = self._clock()
        first_of_id: dict[tuple[str, str], int] = {}
        rows: list[dict[str, Any]] = []
        for index, (message, _future) in enumerate(batch):
            key = (message.user.platform.value, message.message_id)
            if key in first_of_id:
                continue  # the same event twice in one batch: only the first can be new
            first_of_id[key] = index
            rows.append(
                {
                    "platform": key[0],
                    "event_id": key[1],
                    "kind": "message",
                    "payload": message_to_payload(message),
                    "attempts": 0,
                    "received_at": now,
                }
            )
        dialect = session.bind.dialect.name if session.bind else "sqlite"
        statement = _insert_returning_new(dialect)
        result = await session.execute(statement, rows)
        inserted = {(row.platform, row.event_id) for row in result}
        return [
            first_of_id[key] == index and key in inserted
            for index, key in enumerate(
                (message.user.platform.value, message.message_id) for message, _f in batch
            )
        ]


@functools.cache
def _insert_returning_new(dialect: str) -> Any:
    """Compiled once; SQLAlchemy's "insertmanyvalues" sends a batch as multi-row VALUES."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(InboxEvent)
        .on_conflict_do_nothing(index_elements=["platform", "event_id"])
        .returning(InboxEvent.platform, InboxEvent.event_id)
    )
