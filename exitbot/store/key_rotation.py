"""``exitbot rotate-key``: stored text re-encrypted under the newest key, in batches.

Each batch is its own short transaction, and a row is only rewritten if it still holds what
was read (a turn may have amended it meanwhile), so the bot keeps serving during a rotation:
every listed key still decrypts, whichever rows are done already.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.store.database import Database
from exitbot.store.models import Message, OutboxMessage

BATCH = 500


@dataclass(frozen=True, slots=True)
class RotationResult:
    messages: int
    outbox: int
    unreadable: int
    """Values no listed key decrypts: left as they are."""


async def rotate_stored_text(database: Database, *, batch: int = BATCH) -> RotationResult:
    if not database.cipher.enabled:
        raise ValueError("EXITBOT_ENCRYPTION_KEY is not set: there is no key to rotate to")
    messages, unreadable_messages = await _rotate(
        database, cast(Table, Message.__table__), "text", batch
    )
    outbox, unreadable_outbox = await _rotate(
        database, cast(Table, OutboxMessage.__table__), "payload", batch
    )
    return RotationResult(messages, outbox, unreadable_messages + unreadable_outbox)


async def _rotate(database: Database, table: Table, column: str, batch: int) -> tuple[int, int]:
    key, value = table.c.id, table.c[column]
    after = 0
    rotated = unreadable = 0
    while True:
        read = select(key, value).where(key > after, value.is_not(None)).order_by(key).limit(batch)

        async def work(
            session: AsyncSession, read: Any = read, after: int = after
        ) -> tuple[int, int, int, int]:
            rows = (await session.execute(read)).all()
            done = bad = 0
            for row_id, stored in rows:
                fresh = database.cipher.rotate(stored)
                if fresh is None:
                    bad += 1
                    continue
                result = await session.execute(
                    update(table).where(key == row_id, value == stored).values({column: fresh})
                )
                done += getattr(result, "rowcount", 0) or 0
            last = rows[-1][0] if rows else after
            return len(rows), last, done, bad

        count, after, done, bad = await database.transaction(work)
        rotated += done
        unreadable += bad
        if count < batch:
            return rotated, unreadable
