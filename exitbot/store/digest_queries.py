"""The SQL aggregates behind the HR digest and ``stats``; nothing is loaded row by row.

On PostgreSQL the queries run concurrently, each on its own pooled connection (a digest over a
year of 100,000 interviews stays within the 200 ms ``stats`` budget); on SQLite, where one
writer lock serialises connections anyway, they run one after another in one session.
Figures come back raw (sums and counts, names as stored): folding small departments, eNPS
and what HR may see of a name are the digest's rules, not the store's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from exitbot.core.statuses import InterviewStatus
from exitbot.store.database import Database
from exitbot.store.models import Employee, Interview, Report, ReportReason, ReportTheme
from exitbot.store.report_rows import QuoteSource, Tally, read_quote_sources

T = TypeVar("T")
_ACTIVE = [InterviewStatus.IN_PROGRESS.value, InterviewStatus.PAUSED.value]
_WAITING = [
    InterviewStatus.INVITED.value,
    InterviewStatus.IN_PROGRESS.value,
    InterviewStatus.PAUSED.value,
]


class TimeWindow(Protocol):
    """[start, end): the digest's ``Period`` is one."""

    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class StatusCounts:
    invited: int
    completed: int
    in_progress: int
    declined: int
    expired: int


@dataclass(frozen=True, slots=True)
class WindowSentiment:
    """Average sentiment and number of the reports written in one window."""

    average_sentiment: float | None
    completed: int
    scores: ScoreCounts | None = None
    """The window's 0-10 answers (for eNPS over time)."""


@dataclass(frozen=True, slots=True)
class ScoreCounts:
    """0-10 scores given in the period: promoters (9-10), detractors (0-6), all responses."""

    promoters: int
    detractors: int
    responses: int


@dataclass(frozen=True, slots=True)
class DepartmentTotals:
    department: str | None
    completed: int
    sentiment_sum: float
    scores: ScoreCounts
    reasons: tuple[Tally, ...] = ()
    """How many of the department's reports name each reason."""


@dataclass(frozen=True, slots=True)
class IdleInterview:
    interview_id: int
    anonymous: bool
    display_name: str | None
    department: str | None
    status: InterviewStatus
    last_activity_at: datetime


@dataclass(frozen=True, slots=True)
class DigestFigures:
    counts: StatusCounts
    windows: list[WindowSentiment]  # one per window asked for, in the same order
    scores: ScoreCounts
    reasons: list[Tally]
    themes: list[Tally]
    quotes: list[QuoteSource]
    departments: list[DepartmentTotals]
    idle: list[IdleInterview]


@dataclass(frozen=True, slots=True)
class DigestLimits:
    reasons: int = 5
    themes: int = 5
    quote_sources: int = 9
    idle: int = 10


class DigestQueries:
    """Reads a digest's figures for a period in one call."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def figures(
        self,
        period: TimeWindow,
        *,
        windows: Sequence[TimeWindow],
        idle_since: datetime,
        limits: DigestLimits = DigestLimits(),
    ) -> DigestFigures:
        """The figures of ``period``; sentiment for each of ``windows`` (a trend, all ending
        at or before the period's end); interviews waiting since before ``idle_since``."""
        queries: list[Callable[[AsyncSession], Awaitable[Any]]] = [
            lambda session: _status_counts(session, period),
            lambda session: _sentiment_and_scores(session, period, windows),
            lambda session: _tallies(
                session, ReportReason.reason, ReportReason.report_id, period, limits.reasons
            ),
            lambda session: _tallies(
                session, ReportTheme.theme, ReportTheme.report_id, period, limits.themes
            ),
            lambda session: read_quote_sources(session, _reported_in(period), limits.quote_sources),
            lambda session: _department_totals(session, period),
            lambda session: _department_reasons(session, period),
            lambda session: _idle(session, idle_since, limits.idle),
        ]
        if self._db.is_sqlite:
            async with self._db.session() as session:
                results = [await query(session) for query in queries]
        else:
            results = list(await asyncio.gather(*(self._read(query) for query in queries)))
        counts, (sentiments, scores), reasons, themes, quotes, totals, cited, idle = results
        departments = [
            replace(total, reasons=tuple(cited.get(total.department, ()))) for total in totals
        ]
        return DigestFigures(counts, sentiments, scores, reasons, themes, quotes, departments, idle)

    async def _read(self, query: Callable[[AsyncSession], Awaitable[T]]) -> T:
        async with self._db.session() as session:
            return await query(session)


def _reported_in(window: TimeWindow) -> list[ColumnElement[bool]]:
    """Reports written in ``window``. A report is stored in the very transaction that
    completes its interview (same instant) and is deleted when the interview is erased, so
    this is "interviews completed in the window", without joining the interviews table."""
    return [Report.created_at >= window.start, Report.created_at < window.end]


async def _status_counts(session: AsyncSession, period: TimeWindow) -> StatusCounts:
    """Five counts, each a scalar subquery on its own index (no scan of all interviews)."""

    def count(*conditions: ColumnElement[bool]) -> Any:
        return select(func.count()).select_from(Interview).where(*conditions).scalar_subquery()

    def ended_as(status: InterviewStatus) -> Any:
        return count(
            Interview.status == status.value,
            Interview.ended_at >= period.start,
            Interview.ended_at < period.end,
        )

    row = (
        await session.execute(
            select(
                count(Interview.created_at >= period.start, Interview.created_at < period.end),
                select(func.count()).where(*_reported_in(period)).scalar_subquery(),
                count(Interview.status.in_(_ACTIVE)),
                ended_as(InterviewStatus.DECLINED),
                ended_as(InterviewStatus.EXPIRED),
            )
        )
    ).one()
    return StatusCounts(*(int(value or 0) for value in row))


async def _sentiment_and_scores(
    session: AsyncSession, period: TimeWindow, windows: Sequence[TimeWindow]
) -> tuple[list[WindowSentiment], ScoreCounts]:
    """Average sentiment of each window and the period's 0-10 scores, in one aggregate query
    over the reports."""
    columns: list[ColumnElement[Any]] = []
    for window in windows:
        inside = (Report.created_at >= window.start) & (Report.created_at < window.end)
        columns.append(func.avg(case((inside, Report.sentiment), else_=None)))
        columns.append(func.sum(case((inside, 1), else_=0)))
        columns.append(func.sum(case((inside & (Report.enps >= 9), 1), else_=0)))
        columns.append(func.sum(case((inside & (Report.enps <= 6), 1), else_=0)))
        columns.append(func.sum(case((inside & Report.enps.is_not(None), 1), else_=0)))
    current = (Report.created_at >= period.start) & (Report.created_at < period.end)
    columns.append(func.sum(case((current & (Report.enps >= 9), 1), else_=0)))
    columns.append(func.sum(case((current & (Report.enps <= 6), 1), else_=0)))
    columns.append(func.sum(case((current & Report.enps.is_not(None), 1), else_=0)))
    earliest = min([period.start, *(window.start for window in windows)])
    row = (
        await session.execute(
            select(*columns).where(Report.created_at >= earliest, Report.created_at < period.end)
        )
    ).one()
    figures = list(row)
    promoters, detractors, responses = (int(value or 0) for value in figures[-3:])
    per_window = 5
    sentiments = []
    for index in range(len(windows)):
        average, count, window_promoters, window_detractors, window_responses = figures[
            index * per_window : (index + 1) * per_window
        ]
        sentiments.append(
            WindowSentiment(
                average_sentiment=None if average is None else round(float(average), 4),
                completed=int(count or 0),
                scores=ScoreCounts(
                    int(window_promoters or 0),
                    int(window_detractors or 0),
                    int(window_responses or 0),
                ),
            )
        )
    return sentiments, ScoreCounts(promoters, detractors, responses)


async def _tallies(
    session: AsyncSession,
    value: InstrumentedAttribute[str],
    report_id: InstrumentedAttribute[int],
    period: TimeWindow,
    limit: int,
) -> list[Tally]:
    """The values of a per-report table (reasons, themes) most reports carry, most first."""
    count = func.count().label("n")
    rows = await session.execute(
        select(value, count)
        .join(Report, Report.id == report_id)
        .where(*_reported_in(period))
        .group_by(value)
        .order_by(count.desc(), value)
        .limit(limit)
    )
    return [Tally(stored, int(n)) for stored, n in rows.all()]


async def _department_totals(session: AsyncSession, period: TimeWindow) -> list[DepartmentTotals]:
    rows = await session.execute(
        select(
            Interview.department,
            func.count(Report.id),
            func.sum(Report.sentiment),
            func.sum(case((Report.enps >= 9, 1), else_=0)),
            func.sum(case((Report.enps <= 6, 1), else_=0)),
            func.count(Report.enps),
        )
        .join(Report, Report.interview_id == Interview.id)
        .where(*_reported_in(period))
        .group_by(Interview.department)
    )
    return [
        DepartmentTotals(
            department=name,
            completed=int(n),
            sentiment_sum=float(sentiment_sum or 0),
            scores=ScoreCounts(int(promoters or 0), int(detractors or 0), int(responses or 0)),
        )
        for name, n, sentiment_sum, promoters, detractors, responses in rows.all()
    ]


async def _department_reasons(
    session: AsyncSession, period: TimeWindow
) -> dict[str | None, list[Tally]]:
    """Per department, how many of the period's reports name each reason, most first."""
    count = func.count().label("n")
    rows = await session.execute(
        select(Interview.department, ReportReason.reason, count)
        .join(Report, Report.interview_id == Interview.id)
        .join(ReportReason, ReportReason.report_id == Report.id)
        .where(*_reported_in(period))
        .group_by(Interview.department, ReportReason.reason)
        .order_by(count.desc(), ReportReason.reason)
    )
    cited: dict[str | None, list[Tally]] = {}
    for department, reason, n in rows.all():
        cited.setdefault(department, []).append(Tally(reason, int(n)))
    return cited


async def _idle(session: AsyncSession, idle_since: datetime, limit: int) -> list[IdleInterview]:
    rows = await session.execute(
        select(
            Interview.id,
            Interview.anonymous,
            Employee.display_name,
            Interview.department,
            Interview.status,
            Interview.last_activity_at,
        )
        .join(Employee, Employee.id == Interview.employee_id)
        .where(
            Interview.status.in_(_WAITING),
            Interview.last_activity_at < idle_since,
            # An invitation still waiting for its day is not stalled: nobody asked yet.
            Interview.invite_at.is_(None),
        )
        .order_by(Interview.last_activity_at)
        .limit(limit)
    )
    return [
        IdleInterview(
            interview_id=interview_id,
            anonymous=anonymous,
            display_name=name,
            department=department,
            status=InterviewStatus(status),
            last_activity_at=last_activity,
        )
        for interview_id, anonymous, name, department, status, last_activity in rows.all()
    ]
