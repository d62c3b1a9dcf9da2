"""Question plan versions (``exitbot.core.ports.PlanStore``): rows are inserted, never updated.

An interview row takes the newest version in the INSERT that creates it (the column's default
in ``models``), so this module only reads an interview's version, never writes it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.core.plan import QuestionPlan
from exitbot.core.ports import PlanVersion
from exitbot.store.database import Database
from exitbot.store.models import Interview, QuestionPlanVersion

_PLANS = cast(Table, QuestionPlanVersion.__table__)
_INTERVIEWS = cast(Table, Interview.__table__)

_NEWEST = select(func.max(_PLANS.c.id))
_BY_ID = select(_PLANS.c.id, _PLANS.c.body, _PLANS.c.created_at, _PLANS.c.created_by).where(
    _PLANS.c.id == bindparam("version")
)
_OF_INTERVIEW = select(_INTERVIEWS.c.plan_version).where(
    _INTERVIEWS.c.id == bindparam("interview_id")
)
_INSERT = insert(_PLANS).returning(_PLANS.c.id)


class SqlPlanStore:
    """The plan versions on the database."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def newest_version(self) -> int | None:
        async def read(session: AsyncSession) -> int | None:
            return cast(int | None, (await session.execute(_NEWEST)).scalar())

        return await self._db.read(read)

    async def load(self, version: int) -> PlanVersion:
        async def read(session: AsyncSession) -> Any:
            return (await session.execute(_BY_ID, {"version": version})).first()

        row = await self._db.read(read)
        if row is None:
            raise LookupError(f"there is no question plan version {version}")
        return PlanVersion(
            version=row.id,
            plan=QuestionPlan.model_validate(row.body),
            created_at=row.created_at,
            created_by=row.created_by,
        )

    async def interview_version(self, interview_id: int) -> int | None:
        async def read(session: AsyncSession) -> int | None:
            result = await session.execute(_OF_INTERVIEW, {"interview_id": interview_id})
            return cast(int | None, result.scalar())

        return await self._db.read(read)

    async def add(self, plan: QuestionPlan, created_by: str | None, now: datetime) -> PlanVersion:
        body = plan.model_dump(mode="json")

        async def write(session: AsyncSession) -> int:
            values = {"name": plan.name, "body": body, "created_at": now, "created_by": created_by}
            return cast(int, (await session.execute(_INSERT, values)).scalar_one())

        version = await self._db.transaction(write)
        return PlanVersion(
            version=version,
            plan=QuestionPlan.model_validate(body),
            created_at=now,
            created_by=created_by,
        )
