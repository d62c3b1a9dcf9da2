"""Claims on scheduled digest periods, so each period is posted once across all replicas.

A replica claims a period by inserting its ``digest_runs`` row (unique ``period_key``, INSERT …
ON CONFLICT DO NOTHING): the one insert that succeeds owns the post. A run whose post failed,
or whose owner died between claim and post, can be claimed again after ``retry_after`` by a
single conditional UPDATE, which again only one replica wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import cast

from sqlalchemy import Table, insert, or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.core.outgoing import Outgoing
from exitbot.store.database import Database
from exitbot.store.dialects import insert_ignoring_conflict
from exitbot.store.models import DigestRun, OutboxMessage
from exitbot.store.outbox import DEFAULT_GIVE_UP, outbox_rows


class RunStatus(StrEnum):
    CLAIMED = "claimed"
    POSTED = "posted"
    FAILED = "failed"


class DigestRunClaims:
    def __init__(
        self,
        database: Database,
        *,
        retry_after: timedelta = timedelta(minutes=30),
        give_up_after: timedelta = DEFAULT_GIVE_UP,
    ):
        self._db = database
        self._retry_after = retry_after
        self._give_up_after = give_up_after

    async def claim(
        self, key: str, start: datetime, end: datetime, destination: str, now: datetime
    ) -> bool:
        """True when this caller now owns posting ``key``'s digest."""

        async def work(session: AsyncSession) -> bool:
            inserted = await insert_ignoring_conflict(
                session,
                cast(Table, DigestRun.__table__),
                {
                    "period_key": key,
                    "period_start": start,
                    "period_end": end,
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

    async def posted(self, key: str, now: datetime, messages: Sequence[Outgoing]) -> list[int]:
        """Mark ``key`` posted and queue its ``messages`` in the outbox, in one transaction."""
        rows = outbox_rows(messages, now, self._db.cipher, give_up_after=self._give_up_after)

        async def work(session: AsyncSession) -> list[int]:
            await session.execute(
                update(DigestRun)
                .where(DigestRun.period_key == key)
                .values(status=RunStatus.POSTED.value, posted_at=now, error=None)
            )
            result = await session.execute(
                insert(OutboxMessage).returning(OutboxMessage.id, sort_by_parameter_order=True),
                rows,
            )
            return list(result.scalars())

        return await self._db.transaction(work)

    async def failed(self, key: str, error: str) -> None:
        await self._set(key, status=RunStatus.FAILED.value, error=error[:500])

    async def _set(self, key: str, **values: object) -> None:
        async def work(session: AsyncSession) -> None:
            await session.execute(
                update(DigestRun).where(DigestRun.period_key == key).values(**values)
            )

        await self._db.transaction(work)
