"""Fixed-window rate limits counted in the database, so a limit holds across replicas: one
upsert per request, on the caller's key and the current window."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import Table, and_, delete, or_
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.store.database import Database
from exitbot.store.dialects import dialect_of, upsert_insert
from exitbot.store.models import RateWindow

_WINDOWS = cast(Table, RateWindow.__table__)
_FORGOTTEN_AFTER = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    retry_after: float
    """Seconds until the window that refused the request closes (0 when allowed)."""


class RateLimits:
    """``hit`` counts one request; callers are keyed by a hash, never by a raw id."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def hit(
        self, scope: str, caller: str, *, limit: int, window: timedelta, now: datetime
    ) -> RateDecision:
        key = f"{scope}:{hashlib.sha256(caller.encode()).hexdigest()[:40]}"
        seconds = int(window.total_seconds())
        start = datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, UTC)

        async def work(session: AsyncSession) -> int:
            insert = upsert_insert(dialect_of(session))(_WINDOWS)
            statement = insert.values(key=key, window_start=start, hits=1).on_conflict_do_update(
                index_elements=["key", "window_start"], set_={"hits": _WINDOWS.c.hits + 1}
            )
            hits = (await session.execute(statement.returning(_WINDOWS.c.hits))).scalar_one()
            if hits == 1:
                stale = or_(
                    and_(_WINDOWS.c.key == key, _WINDOWS.c.window_start < start),
                    _WINDOWS.c.window_start < start - _FORGOTTEN_AFTER,
                )
                await session.execute(delete(_WINDOWS).where(stale))
            return int(hits)

        hits = await self._db.transaction(work)
        if hits <= limit:
            return RateDecision(True, 0.0)
        return RateDecision(False, max(1.0, (start + window - now).total_seconds()))
