"""The inbox table: platform events written before they are acknowledged (``InboxStore``).

An event's row is marked processed by its turn's own transaction (see ``interviews``), so an
event acknowledged by a replica that died is still unprocessed here and is replayed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, null, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.core.messages import IncomingMessage, message_from_json, message_to_json
from exitbot.core.ports import SetAsideEvent
from exitbot.store.database import Database
from exitbot.store.dialects import dialect_of, upsert_insert
from exitbot.store.models import InboxEvent

_INBOX = cast(Table, InboxEvent.__table__)
MESSAGE_KIND = "message"
ERROR_CHARS = 500


class SqlInboxStore:
    """``exitbot.core.ports.InboxStore`` on the database."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def record(self, messages: Sequence[IncomingMessage], now: datetime) -> list[bool]:
        """One multi-row INSERT … ON CONFLICT DO NOTHING RETURNING for the whole batch."""
        if not messages:
            return []

        async def work(session: AsyncSession) -> list[bool]:
            first_of_key: dict[tuple[str, str], int] = {}
            rows: list[dict[str, Any]] = []
            for index, message in enumerate(messages):
                key = (message.user.platform.value, message.message_id)
                if key in first_of_key:
                    continue  # the same event twice in one batch: only the first can be new
                first_of_key[key] = index
                rows.append(
                    {
                        "platform": key[0],
                        "event_id": key[1],
                        "kind": MESSAGE_KIND,
                        "payload": message_to_json(message),
                        "attempts": 0,
                        "received_at": now,
                    }
                )
            result = await session.execute(_record_statement(dialect_of(session)), rows)
            inserted = {(row.platform, row.event_id) for row in result}
            keys = [(m.user.platform.value, m.message_id) for m in messages]
            return [
                first_of_key[key] == index and key in inserted for index, key in enumerate(keys)
            ]

        return await self._db.transaction(work, urgent=True)

    async def mark_processed(self, platform: str, event_id: str, now: datetime) -> bool:
        return await self._db.transaction(
            lambda session: claim_event(session, platform, event_id, now)
        )

    async def due_for_replay(
        self, received_before: datetime, *, limit: int, max_attempts: int, now: datetime
    ) -> list[tuple[int, IncomingMessage | None]]:
        """Claim unfinished events older than ``received_before``. An event claimed before
        waits twice as long after each attempt (``now - received_before`` doubled per
        attempt), so a failing event costs a handful of tries spread over an hour, not one
        per sweep."""
        wait = now - received_before
        backed_off = or_(
            _INBOX.c.claimed_at.is_(None),
            and_(_INBOX.c.attempts <= 1, _INBOX.c.claimed_at < now - wait),
            *(
                and_(
                    _INBOX.c.attempts == attempt,
                    _INBOX.c.claimed_at < now - wait * 2 ** (attempt - 1),
                )
                for attempt in range(2, max_attempts)
            ),
        )
        due = (
            select(_INBOX.c.id)
            .where(
                _INBOX.c.processed_at.is_(None),
                _INBOX.c.kind == MESSAGE_KIND,
                _INBOX.c.received_at < received_before,
                _INBOX.c.attempts < max_attempts,
                backed_off,
            )
            .order_by(_INBOX.c.received_at, _INBOX.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claim = (
            update(_INBOX)
            .where(_INBOX.c.id.in_(due.scalar_subquery()))
            .values(claimed_at=now, attempts=_INBOX.c.attempts + 1)
            .returning(_INBOX.c.id, _INBOX.c.received_at, _INBOX.c.payload)
        )

        async def work(session: AsyncSession) -> list[tuple[int, datetime, Any]]:
            return [(row[0], row[1], row[2]) for row in (await session.execute(claim)).all()]

        claimed = sorted(await self._db.transaction(work), key=lambda row: (row[1], row[0]))
        return [(inbox_id, _message(payload)) for inbox_id, _received, payload in claimed]

    async def set_aside(self, *, max_attempts: int, limit: int) -> list[SetAsideEvent]:
        query = (
            select(
                _INBOX.c.id,
                _INBOX.c.platform,
                _INBOX.c.received_at,
                _INBOX.c.attempts,
                _INBOX.c.error,
            )
            .where(
                _INBOX.c.processed_at.is_(None),
                _INBOX.c.kind == MESSAGE_KIND,
                _INBOX.c.attempts >= max_attempts,
            )
            .order_by(_INBOX.c.received_at.desc(), _INBOX.c.id.desc())
            .limit(limit)
        )

        async def read(session: AsyncSession) -> list[SetAsideEvent]:
            return [SetAsideEvent(*row) for row in (await session.execute(query)).all()]

        return await self._db.read(read)

    async def record_failure(self, inbox_id: int, error: str) -> None:
        async def work(session: AsyncSession) -> None:
            await session.execute(
                update(_INBOX).where(_INBOX.c.id == inbox_id).values(error=error[:ERROR_CHARS])
            )

        await self._db.transaction(work)


async def claim_event(session: AsyncSession, platform: str, event_id: str, now: datetime) -> bool:
    """Mark an event processed inside the caller's transaction (recording it if it never
    was); False when it had been processed already. Committed together with the turn, so a
    crash mid-turn leaves the event unprocessed for a replay."""
    result = await session.execute(
        _processed_statement(dialect_of(session)),
        {
            "platform": platform,
            "event_id": event_id,
            "kind": MESSAGE_KIND,
            "attempts": 1,
            "received_at": now,
            "processed_at": now,
            "payload": null(),
        },
    )
    return result.first() is not None


def _message(payload: Any) -> IncomingMessage | None:
    if not isinstance(payload, dict):
        return None
    try:
        return message_from_json(payload)
    except (KeyError, TypeError, ValueError):
        return None


@functools.cache
def _record_statement(dialect: str) -> Any:
    """Built once; SQLAlchemy's "insertmanyvalues" sends a batch as multi-row VALUES."""
    return (
        upsert_insert(dialect)(_INBOX)
        .on_conflict_do_nothing(index_elements=["platform", "event_id"])
        .returning(_INBOX.c.platform, _INBOX.c.event_id)
    )


@functools.cache
def _processed_statement(dialect: str) -> Any:
    statement = upsert_insert(dialect)(_INBOX)
    return statement.on_conflict_do_update(
        index_elements=["platform", "event_id"],
        set_={
            "processed_at": statement.excluded.processed_at,
            "payload": null(),
            "attempts": _INBOX.c.attempts + 1,
        },
        where=_INBOX.c.processed_at.is_(None),
    ).returning(_INBOX.c.id)
