"""Plain rows the read queries return about stored reports (no ORM object leaves the store),
and the one query for the quotes both HR and the digest show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.store.models import Employee, Interview, Report


@dataclass(frozen=True, slots=True)
class Tally:
    """A stored value (a reason, a theme) and how many reports carry it."""

    value: str
    count: int


@dataclass(frozen=True, slots=True)
class QuoteSource:
    """One report's notable quotes, as stored, and who said them (so their name can be masked
    in the quotes before anyone reads them)."""

    quotes: tuple[str, ...]
    display_name: str | None
    platform_user_id: str
    email: str | None


async def read_quote_sources(
    session: AsyncSession, conditions: Sequence[ColumnElement[bool]], limit: int
) -> list[QuoteSource]:
    """The notable quotes of up to ``limit`` reports matching ``conditions``, newest first,
    with who said them."""
    result = await session.execute(
        select(
            Report.notable_quotes,
            Employee.display_name,
            Employee.platform_user_id,
            Employee.email,
        )
        .join(Interview, Interview.id == Report.interview_id)
        .join(Employee, Employee.id == Interview.employee_id)
        .where(*conditions)
        .order_by(Report.created_at.desc(), Report.id.desc())
        .limit(limit)
    )
    return [
        QuoteSource(tuple(notable or ()), name, user_id, email)
        for notable, name, user_id, email in result.all()
    ]
