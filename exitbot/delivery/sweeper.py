"""Replays platform events that were recorded (and acknowledged) but never processed.

A replica that dies after the ack leaves its inbox row unprocessed; any replica's sweeper
picks it up once it is ``older_than`` old. Each replay is claimed first (``claimed_at`` and
``attempts`` in one conditional UPDATE) so replicas do not replay the same event together,
and an event that keeps failing is left alone after ``max_attempts`` (logged, with its
error kept on the row; a platform redelivery can still process it).
The engine's own exactly-once check still guards the turn itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import structlog
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.delivery.dispatcher import ConversationDispatcher
from exitbot.delivery.inbox import payload_to_message
from exitbot.store.database import Database
from exitbot.store.models import InboxEvent

log = structlog.get_logger(__name__)

MESSAGE_KIND = "message"


class InboxSweeper:
    def __init__(
        self,
        database: Database,
        dispatcher: ConversationDispatcher,
        clock: Callable[[], datetime],
        *,
        older_than: timedelta = timedelta(minutes=2),
        max_attempts: int = 5,
        batch: int = 50,
    ) -> None:
        self._db = database
        self._dispatcher = dispatcher
        self._clock = clock
        self._older_than = older_than
        self._max_attempts = max_attempts
        self._batch = batch

    async def sweep(self) -> int:
        """Replay due unfinished message events, oldest first; returns how many were replayed."""
        now = self._clock()
        stale = now - self._older_than
        async with self._db.session() as session:
            rows = await session.execute(
                select(InboxEvent.id, InboxEvent.payload, InboxEvent.attempts)
                .where(
                    InboxEvent.processed_at.is_(None),
                    InboxEvent.kind == MESSAGE_KIND,
                    InboxEvent.received_at < stale,
                    InboxEvent.attempts < self._max_attempts,
                    or_(InboxEvent.claimed_at.is_(None), InboxEvent.claimed_at < stale),
                )
                .order_by(InboxEvent.received_at, InboxEvent.id)
                .limit(self._batch)
            )
            due = rows.all()
        replayed = 0
        for event_id, payload, attempts in due:
            if not payload:
                continue
            if not await self._claim(event_id, now, stale):
                continue
            try:
                await self._dispatcher.process(payload_to_message(payload))
                replayed += 1
            except Exception as exc:
                log.exception("inbox_replay_failed", inbox_event=event_id)
                await self._record_error(event_id, f"{type(exc).__name__}: {exc}")
                if attempts + 1 >= self._max_attempts:
                    log.error("inbox_event_abandoned", inbox_event=event_id, attempts=attempts + 1)
        if replayed:
            log.info("inbox_replayed", events=replayed)
        return replayed

    async def _claim(self, event_id: int, now: datetime, stale: datetime) -> bool:
        async def work(session: AsyncSession) -> bool:
            result = await session.execute(
                update(InboxEvent)
                .where(
                    InboxEvent.id == event_id,
                    InboxEvent.processed_at.is_(None),
                    or_(InboxEvent.claimed_at.is_(None), InboxEvent.claimed_at < stale),
                )
                .values(claimed_at=now, attempts=InboxEvent.attempts + 1)
            )
            return bool(getattr(result, "rowcount", 0))

        return await self._db.transaction(work)

    async def _record_error(self, event_id: int, error: str) -> None:
        async def work(session: AsyncSession) -> None:
            await session.execute(
                update(InboxEvent).where(InboxEvent.id == event_id).values(error=error[:500])
            )

        await self._db.transaction(work)
