"""Idempotency keys of API writes: the first answer to a request, kept per (token, key) so a
retry gets it again instead of doing the work twice.

A key is claimed before the work starts (an INSERT that does nothing when the row exists,
with a placeholder status), so of two requests racing with one key only one does the work,
on any number of replicas. Rows older than a day are deleted as new keys are claimed, and a
key may then be used again; a placeholder whose request died is taken over after a while.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import cast

from sqlalchemy import Table, and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.store.database import Database
from exitbot.store.dialects import insert_ignoring_conflict
from exitbot.store.models import IdempotentResponse

_RESPONSES = cast(Table, IdempotentResponse.__table__)

KEEP_FOR = timedelta(hours=24)
"""How long a key answers with its stored response; after that it may be used again."""
ABANDONED_AFTER = timedelta(minutes=2)
"""A claim with no response after this long belongs to a request that died: taken over."""
IN_PROGRESS = 0
"""The status a claimed key holds until its response is stored."""


class ClaimResult(StrEnum):
    CLAIMED = "claimed"
    """This caller does the work, then ``complete``s or ``release``s the key."""
    IN_PROGRESS = "in_progress"
    """Another request with this key is being served right now."""
    REPLAY = "replay"
    """The key's response is stored: answer with it."""
    MISMATCH = "mismatch"
    """The key was used for a different request."""


@dataclass(frozen=True, slots=True)
class KeyClaim:
    result: ClaimResult
    status: int | None = None
    body: str | None = None
    """The stored response, for ``REPLAY``."""


class IdempotencyKeys:
    """Keys scoped by the API token's name: two tokens may use the same key."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def claim(self, token_name: str, key: str, request_hash: str, now: datetime) -> KeyClaim:
        async def work(session: AsyncSession) -> KeyClaim:
            await session.execute(
                delete(_RESPONSES).where(
                    or_(
                        _RESPONSES.c.created_at < now - KEEP_FOR,
                        and_(
                            _RESPONSES.c.status == IN_PROGRESS,
                            _RESPONSES.c.created_at < now - ABANDONED_AFTER,
                        ),
                    )
                )
            )
            claimed = await insert_ignoring_conflict(
                session,
                _RESPONSES,
                {
                    "token_name": token_name,
                    "key": key,
                    "request_hash": request_hash,
                    "status": IN_PROGRESS,
                    "body": "",
                    "created_at": now,
                },
                ["token_name", "key"],
            )
            if claimed:
                return KeyClaim(ClaimResult.CLAIMED)
            row = (
                await session.execute(
                    select(_RESPONSES.c.request_hash, _RESPONSES.c.status, _RESPONSES.c.body).where(
                        _RESPONSES.c.token_name == token_name, _RESPONSES.c.key == key
                    )
                )
            ).one_or_none()
            if row is None:  # released between the insert and this read: try again
                return KeyClaim(ClaimResult.IN_PROGRESS)
            if row.request_hash != request_hash:
                return KeyClaim(ClaimResult.MISMATCH)
            if row.status == IN_PROGRESS:
                return KeyClaim(ClaimResult.IN_PROGRESS)
            return KeyClaim(ClaimResult.REPLAY, int(row.status), str(row.body))

        return await self._db.transaction(work)

    async def complete(self, token_name: str, key: str, status: int, body: str) -> None:
        """Store the response of a claimed key."""
        await self._db.transaction(
            lambda session: session.execute(
                update(_RESPONSES)
                .where(
                    _RESPONSES.c.token_name == token_name,
                    _RESPONSES.c.key == key,
                    _RESPONSES.c.status == IN_PROGRESS,
                )
                .values(status=status, body=body)
            )
        )

    async def release(self, token_name: str, key: str) -> None:
        """Give a claimed key up without a response (the request failed and changed
        nothing): a retry with it runs again."""
        await self._db.transaction(
            lambda session: session.execute(
                delete(_RESPONSES).where(
                    _RESPONSES.c.token_name == token_name,
                    _RESPONSES.c.key == key,
                    _RESPONSES.c.status == IN_PROGRESS,
                )
            )
        )
