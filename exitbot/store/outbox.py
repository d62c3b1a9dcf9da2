"""The outbox table: outgoing messages until the platform accepted them (``OutboxStore``).

Rows are written inside the transaction that produced them (``outbox_rows``, used by the
interview store) or on their own (``add``: digests, notes). Delivery workers on any replica
claim due rows with a lease: only the oldest undelivered row of each ordering key is due, so
a conversation's messages go out in order, and ``FOR UPDATE SKIP LOCKED`` on PostgreSQL lets
replicas claim side by side without waiting for each other (SQLite has one writer anyway).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.core.messages import Platform, Reply
from exitbot.core.outgoing import (
    Content,
    DeliveryStatus,
    OutboxEntry,
    Outgoing,
    Purpose,
    content_from_json,
    content_to_json,
    destination_from_json,
    destination_to_json,
)
from exitbot.store.cipher import TextCipher
from exitbot.store.database import Database
from exitbot.store.models import OutboxMessage

_OUTBOX = cast(Table, OutboxMessage.__table__)
_PENDING = DeliveryStatus.PENDING.value
ERROR_CHARS = 500
DEFAULT_GIVE_UP = timedelta(hours=24)


def outbox_rows(
    messages: Sequence[Outgoing],
    now: datetime,
    cipher: TextCipher,
    interview_id: int | None = None,
    give_up_after: timedelta = DEFAULT_GIVE_UP,
) -> list[dict[str, Any]]:
    """Rows for ``messages``; ``interview_id`` fills in messages of an interview created in
    the same transaction (their replies did not know its id yet)."""
    rows = []
    for message in messages:
        content = message.content
        owner = message.interview_id if message.interview_id is not None else interview_id
        if isinstance(content, Reply) and content.interview_id is None and owner is not None:
            content = Reply(content.text, content.kind, content.choices, owner)
        rows.append(
            {
                "ordering_key": message.ordering_key[:300],
                "platform": message.platform.value,
                "purpose": message.purpose.value,
                "interview_id": owner,
                "destination": destination_to_json(message.destination),
                "payload": cipher.encrypt(json.dumps(content_to_json(content))),
                "status": _PENDING,
                "attempts": 0,
                "created_at": now,
                "next_attempt_at": now,
                "give_up_at": now + give_up_after,
            }
        )
    return rows


class SqlOutboxStore:
    """``exitbot.core.ports.OutboxStore`` on the database."""

    def __init__(self, database: Database, *, give_up_after: timedelta = DEFAULT_GIVE_UP) -> None:
        self._db = database
        self._cipher = database.cipher
        self.give_up_after = give_up_after

    async def add(self, messages: Sequence[Outgoing], now: datetime) -> list[int]:
        rows = outbox_rows(messages, now, self._cipher, give_up_after=self.give_up_after)

        async def work(session: AsyncSession) -> list[int]:
            result = await session.execute(
                insert(_OUTBOX).returning(_OUTBOX.c.id, sort_by_parameter_order=True), rows
            )
            return list(result.scalars())

        return await self._db.transaction(work) if rows else []

    async def claim_due(
        self,
        now: datetime,
        *,
        limit: int,
        lease_seconds: float,
        platforms: Sequence[Platform],
    ) -> list[OutboxEntry]:
        earlier = _OUTBOX.alias("earlier")
        due = (
            select(_OUTBOX.c.id)
            .where(
                _OUTBOX.c.status == _PENDING,
                _OUTBOX.c.next_attempt_at <= now,
                _OUTBOX.c.platform.in_([p.value for p in platforms]),
                (_OUTBOX.c.lease_until.is_(None)) | (_OUTBOX.c.lease_until <= now),
                ~exists().where(
                    and_(
                        earlier.c.ordering_key == _OUTBOX.c.ordering_key,
                        earlier.c.status == _PENDING,
                        earlier.c.id < _OUTBOX.c.id,
                    )
                ),
            )
            .order_by(_OUTBOX.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claim = (
            update(_OUTBOX)
            .where(_OUTBOX.c.id.in_(due.scalar_subquery()))
            .values(
                lease_until=now + timedelta(seconds=lease_seconds),
                attempts=_OUTBOX.c.attempts + 1,
            )
            .returning(*_OUTBOX.c)
        )

        async def work(session: AsyncSession) -> list[OutboxEntry]:
            rows = (await session.execute(claim)).mappings().all()
            return sorted((self._entry(row) for row in rows), key=lambda e: e.id)

        return await self._db.transaction(work)

    async def give_up_expired(self, now: datetime) -> int:
        async def work(session: AsyncSession) -> int:
            result = await session.execute(
                update(_OUTBOX)
                .where(
                    _OUTBOX.c.status == _PENDING,
                    _OUTBOX.c.give_up_at <= now,
                    (_OUTBOX.c.lease_until.is_(None)) | (_OUTBOX.c.lease_until <= now),
                )
                .values(
                    status=DeliveryStatus.FAILED.value,
                    lease_until=None,
                    last_error=func.coalesce(_OUTBOX.c.last_error, "not delivered in time"),
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)

        return await self._db.transaction(work)

    async def mark_sent(self, ids: Sequence[int], now: datetime) -> None:
        if not ids:
            return
        await self._set(
            ids, status=DeliveryStatus.SENT.value, sent_at=now, payload=None, lease_until=None
        )

    async def reschedule(self, entry_id: int, at: datetime, error: str) -> None:
        await self._set(
            [entry_id], next_attempt_at=at, lease_until=None, last_error=error[:ERROR_CHARS]
        )

    async def give_up(self, entry_id: int, error: str, now: datetime) -> None:
        await self._set(
            [entry_id],
            status=DeliveryStatus.FAILED.value,
            lease_until=None,
            last_error=error[:ERROR_CHARS],
        )

    async def entries(self, ids: Sequence[int]) -> list[OutboxEntry]:
        async def read(session: AsyncSession) -> list[OutboxEntry]:
            rows = await session.execute(
                select(*_OUTBOX.c).where(_OUTBOX.c.id.in_(list(ids))).order_by(_OUTBOX.c.id)
            )
            return [self._entry(row) for row in rows.mappings()]

        return await self._db.read(read) if ids else []

    async def undelivered(self, *, failed: bool, limit: int) -> list[OutboxEntry]:
        status = DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING

        async def read(session: AsyncSession) -> list[OutboxEntry]:
            rows = await session.execute(
                select(*_OUTBOX.c)
                .where(_OUTBOX.c.status == status.value)
                .order_by(_OUTBOX.c.id)
                .limit(limit)
            )
            return [self._entry(row) for row in rows.mappings()]

        return await self._db.read(read)

    async def retry(self, entry_id: int, now: datetime, give_up_at: datetime) -> bool:
        async def work(session: AsyncSession) -> bool:
            result = await session.execute(
                update(_OUTBOX)
                .where(
                    _OUTBOX.c.id == entry_id,
                    _OUTBOX.c.status.in_([DeliveryStatus.FAILED.value, _PENDING]),
                    _OUTBOX.c.payload.is_not(None),
                )
                .values(
                    status=_PENDING,
                    next_attempt_at=now,
                    give_up_at=give_up_at,
                    lease_until=None,
                    attempts=0,
                    last_error=None,
                )
            )
            return bool(getattr(result, "rowcount", 0))

        return await self._db.transaction(work)

    async def _set(self, ids: Sequence[int], **values: Any) -> None:
        async def work(session: AsyncSession) -> None:
            await session.execute(
                update(_OUTBOX).where(_OUTBOX.c.id.in_(list(ids))).values(**values)
            )

        await self._db.transaction(work)

    def _entry(self, row: Any) -> OutboxEntry:
        content = self._content(row["payload"])
        message = Outgoing(
            destination=destination_from_json(row["destination"]),
            content=content if content is not None else Reply(""),
            purpose=Purpose(row["purpose"]),
            ordering_key=row["ordering_key"],
            interview_id=row["interview_id"],
        )
        return OutboxEntry(
            id=row["id"],
            message=message,
            status=DeliveryStatus(row["status"]),
            attempts=row["attempts"],
            created_at=row["created_at"],
            give_up_at=row["give_up_at"],
            next_attempt_at=row["next_attempt_at"],
            last_error=row["last_error"],
            sent_at=row["sent_at"],
            readable=content is not None or row["payload"] is None,
        )

    def _content(self, stored: str | None) -> Content | None:
        payload = self._cipher.decrypt(stored)
        if not payload:
            return None
        try:
            return content_from_json(json.loads(payload))
        except (KeyError, TypeError, ValueError):
            return None
