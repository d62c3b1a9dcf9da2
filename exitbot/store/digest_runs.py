"""Claims on scheduled digest periods, so each period is posted once across all replicas.

A replica claims a period by inserting its ``digest_runs`` row (unique ``period_key``, INSERT …
ON CONFLICT DO NOTHING): the one insert that succeeds owns the post. A run whose post failed,
or whose owner died between claim and post, can be claimed again after ``retry_after`` by a
single conditional UPDATE, which again only one replica wins.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.digest.builder import Period
from exitbot.store.database import Database
from exitbot.store.models import DigestRun
from exitbot.store.repository import insert_ignoring_conflict


class RunStatus(StrEnum):
    CLAIMED = "claimed"
    POSTED = "posted"
    FAILED = "failed"


class DigestRunClaims:
    def __init__(self, database: Database, *, retry_after: timedelta = timedelta(minutes=30)):
        self._db = database
        self._retry_after = retry_after

    async def claim(self, key: str, period: Period, destination: str, now: datetime) -> bool:
        """True when this caller now owns posting ``key``'s digest."""

        async def work(session: AsyncSession) -> bool:
            inserted = await insert_ignoring_conflict(
                session,
                DigestRun,
                {
                    "period_key": key,
                    "period_start": period.start,
                    "period_end": period.end,
                    "destination": destination,
                    "status": RunStatus.CLAIMED.value,
                    "claimed_at": now,
                },
                ["period_key"],
            )
            if inserted:
                return True
            result = await session.execute(
                update(DigestRun)
                .where(
                    DigestRun.period_key == key,
                    or_(
                        DigestRun.status == RunStatus.FAILED.value,
                        DigestRun.status == RunStatus.CLAIMED.value,
                    ),
                    DigestRun.claimed_at < now - self._retry_after,
                )
                .values(
                    status=RunStatus.CLAIMED.value,
                    claimed_at=now,
                    destination=destination,
                    error=None,
                )
            )
            return bool(getattr(result, "rowcount", 0))

        return await self._db.transaction(work)

    async def posted(self, key: str, now: datetime) -> None:
        await self._set(key, status=RunStatus.POSTED.value, posted_at=now, error=None)

    async def failed(self, key: str, error: str) -> None:
        await self._set(key, status=RunStatus.FAILED.value, error=error[:500])

    async def _set(self, key: str, **values: object) -> None:
        async def work(session: AsyncSession) -> None:
            await session.execute(
                update(DigestRun).where(DigestRun.period_key == key).values(**values)
            )

        await self._db.transaction(work)
