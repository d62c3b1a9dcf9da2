"""The read behind the CSV export: every interview of a period with its report, in batches.

An export may cover every interview there is, so it is read in keyset batches (one short
statement per batch, ``LIMIT batch_size`` after the last row of the previous one) rather than
one long query or a server-side cursor: memory stays at two batches (the one in use and the
next, read meanwhile) however many rows match, and no connection or snapshot is held while a
slow client downloads. A row whose status changes between two batches is read once, as it
was when its batch was read.

A report keeps its reasons (in rank order) and themes (as written) on its own row, so one
join gives each interview everything the export shows, with no query per interview; the
``report_reasons`` and ``report_themes`` tables exist for aggregates.

Rows come back as stored, names and texts included: what HR may see of them is decided by
``exitbot.hr`` (``Identity``), not here.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.core.statuses import InterviewStatus
from exitbot.store.database import Database
from exitbot.store.hr_queries import report_mentions
from exitbot.store.models import Employee, Interview, Report

EXPORT_BATCH_ROWS = 1000
"""Rows per statement: large enough that round trips cost little next to the rows, small
enough that a batch is a few hundred kilobytes."""


class ExportOrder(StrEnum):
    NEWEST_FIRST = "newest"
    """By invitation time, newest first (ties by id), as the lists show them."""
    BY_ID = "id"
    """By interview id, ascending."""


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Interviews invited in [since, until) (either end open when None), optionally only
    some statuses and one department (matched case-insensitively)."""

    since: datetime | None = None
    until: datetime | None = None
    statuses: tuple[InterviewStatus, ...] = ()
    department: str | None = None
    text: str | None = None
    """Only interviews whose report mentions this (as the list's ``q``)."""


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One interview and the fields of its report (None / empty without a report)."""

    interview_id: int
    anonymous: bool
    display_name: str | None
    platform_user_id: str
    email: str | None
    department: str | None
    status: InterviewStatus
    created_at: datetime
    ended_at: datetime | None
    last_day: date | None
    voluntary: bool | None
    regrettable: bool | None
    summary: str | None
    reasons: tuple[str, ...]
    """In rank order, as stored."""
    themes: tuple[str, ...]
    sentiment: float | None
    enps: int | None
    would_return: bool | None


_COLUMNS = (
    Interview.id,
    Interview.anonymous,
    Employee.display_name,
    Employee.platform_user_id,
    Employee.email,
    Interview.department,
    Interview.status,
    Interview.created_at,
    Interview.ended_at,
    Interview.last_day,
    Interview.voluntary,
    Interview.regrettable,
    Report.summary,
    Report.reasons,
    Report.themes,
    Report.sentiment,
    Report.enps,
    Report.would_return,
)


async def export_rows(
    database: Database,
    selection: ExportFilter,
    *,
    order: ExportOrder = ExportOrder.NEWEST_FIRST,
    batch_size: int = EXPORT_BATCH_ROWS,
) -> AsyncGenerator[Sequence[ExportRow]]:
    """The matching interviews in ``order``, a batch (at most ``batch_size`` rows) at a
    time; each batch is its own statement, retried on transient errors.

    The next batch is read while the caller works on this one, so the database's time
    overlaps the caller's. Close the iterator (``contextlib.aclosing``) when stopping early:
    that cancels the read under way."""
    conditions = _conditions(selection)
    pending: asyncio.Task[list[ExportRow]] | None = asyncio.create_task(
        _read(database, _batch(conditions, order, None, batch_size))
    )
    try:
        while pending is not None:
            batch = await pending
            pending = None
            if len(batch) == batch_size:
                statement = _batch(conditions, order, batch[-1], batch_size)
                pending = asyncio.create_task(_read(database, statement))
            if batch:
                yield batch
    finally:
        if pending is not None:
            pending.cancel()
            # Nobody wants that batch any more, nor its failure.
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await pending


async def _read(database: Database, statement: Select[*tuple[Any, ...]]) -> list[ExportRow]:
    async def fetch(session: AsyncSession) -> list[ExportRow]:
        return [_row(values) for values in (await session.execute(statement)).all()]

    return await database.read(fetch)


def _conditions(selection: ExportFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if selection.since is not None:
        conditions.append(Interview.created_at >= selection.since)
    if selection.until is not None:
        conditions.append(Interview.created_at < selection.until)
    if selection.statuses:
        conditions.append(Interview.status.in_([s.value for s in selection.statuses]))
    if selection.department:
        conditions.append(func.lower(Interview.department) == selection.department.lower())
    if selection.text:
        conditions.append(report_mentions(selection.text))
    return conditions


def _batch(
    conditions: Sequence[ColumnElement[bool]],
    order: ExportOrder,
    after: ExportRow | None,
    size: int,
) -> Select[*tuple[Any, ...]]:
    if order is ExportOrder.BY_ID:
        statement = _by_id(conditions, after).order_by(Interview.id)
    else:
        statement = _newest_first(conditions, after).order_by(
            Interview.created_at.desc(), Interview.id.desc()
        )
    return statement.limit(size)


def _joined(*report_conditions: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    return (
        select(*_COLUMNS)
        .join(Employee, Employee.id == Interview.employee_id)
        .outerjoin(Report, and_(Report.interview_id == Interview.id, *report_conditions))
    )


def _by_id(
    conditions: Sequence[ColumnElement[bool]], after: ExportRow | None
) -> Select[*tuple[Any, ...]]:
    """Past ``after`` by id. The bound is given to the reports too: PostgreSQL merge-joins
    them in id order and would otherwise read every report before the bound again, batch
    after batch."""
    if after is None:
        return _joined().where(*conditions)
    bound = after.interview_id
    return _joined(Report.interview_id > bound).where(*conditions, Interview.id > bound)


def _newest_first(
    conditions: Sequence[ColumnElement[bool]], after: ExportRow | None
) -> Select[*tuple[Any, ...]]:
    """Past ``after`` by (created_at, id), descending; ``created_at <=`` on its own keeps
    the created_at index usable on both databases."""
    if after is None:
        return _joined().where(*conditions)
    return _joined().where(
        *conditions,
        Interview.created_at <= after.created_at,
        or_(
            Interview.created_at < after.created_at,
            and_(Interview.created_at == after.created_at, Interview.id < after.interview_id),
        ),
    )


def _row(values: Any) -> ExportRow:
    (
        interview_id,
        anonymous,
        display_name,
        platform_user_id,
        email,
        department,
        status,
        created_at,
        ended_at,
        last_day,
        voluntary,
        regrettable,
        summary,
        reasons,
        themes,
        sentiment,
        enps,
        would_return,
    ) = values
    return ExportRow(
        interview_id=interview_id,
        anonymous=bool(anonymous),
        display_name=display_name,
        platform_user_id=platform_user_id,
        email=email,
        department=department,
        status=InterviewStatus(status),
        created_at=created_at,
        ended_at=ended_at,
        last_day=last_day,
        voluntary=voluntary,
        regrettable=regrettable,
        summary=summary,
        reasons=tuple(reasons or ()),
        themes=tuple(themes or ()),
        sentiment=sentiment,
        enps=enps,
        would_return=would_return,
    )
