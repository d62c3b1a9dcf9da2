"""The HR digest for a period, computed with SQL aggregates (DESIGN section 7)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.redaction import redact_personal_data, shorten
from exitbot.report import Reason
from exitbot.statuses import InterviewStatus
from exitbot.store.database import Database
from exitbot.store.models import Employee, Interview, Report, ReportReason, ReportTheme

MIN_DEPARTMENT_SIZE = 5
ANONYMOUS = "Anonymous"
OTHER_DEPARTMENT = "other"
TREND_PERIODS = 6


@dataclass(frozen=True, slots=True)
class Period:
    start: datetime
    end: datetime

    @classmethod
    def ending(cls, end: datetime, days: int) -> Period:
        return cls(end - timedelta(days=days), end)

    def previous(self) -> Period:
        return Period(self.start - (self.end - self.start), self.start)

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


@dataclass(frozen=True, slots=True)
class ReasonCount:
    reason: Reason
    count: int


@dataclass(frozen=True, slots=True)
class ThemeCount:
    theme: str
    count: int


@dataclass(frozen=True, slots=True)
class DepartmentRow:
    department: str
    completed: int
    average_sentiment: float | None
    enps: float | None


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """Average sentiment of the interviews completed in one period (for the trend chart)."""

    period_end: datetime
    average_sentiment: float | None
    completed: int


@dataclass(frozen=True, slots=True)
class StalledInterview:
    interview_id: int
    who: str
    department: str | None
    status: InterviewStatus
    idle_days: float


@dataclass(frozen=True, slots=True)
class Digest:
    """Platform-neutral digest; renderers turn it into text, Block Kit or an Adaptive Card."""

    period: Period
    invited: int
    completed: int
    in_progress: int
    declined: int
    expired: int
    participation_rate: float | None
    top_reasons: list[ReasonCount]
    average_sentiment: float | None
    previous_average_sentiment: float | None
    enps: float | None
    enps_responses: int
    top_themes: list[ThemeCount]
    quotes: list[str]
    departments: list[DepartmentRow]
    stalled: list[StalledInterview]
    sentiment_trend: list[TrendPoint] = field(default_factory=list)

    @property
    def sentiment_change(self) -> float | None:
        if self.average_sentiment is None or self.previous_average_sentiment is None:
            return None
        return round(self.average_sentiment - self.previous_average_sentiment, 4)


class DigestBuilder:
    """Builds a Digest from stored reports; nothing is loaded row by row into Python."""

    def __init__(self, database: Database, *, stalled_after: timedelta = timedelta(hours=48)):
        self._db = database
        self._stalled_after = stalled_after

    async def build(self, period: Period) -> Digest:
        async with self._db.session() as session:
            counts = await _status_counts(session, period)
            sentiment, enps, enps_n = await _report_figures(session, period)
            previous_sentiment, _, _ = await _report_figures(session, period.previous())
            ended = counts["completed"] + counts["declined"] + counts["expired"]
            return Digest(
                period=period,
                invited=counts["invited"],
                completed=counts["completed"],
                in_progress=counts["in_progress"],
                declined=counts["declined"],
                expired=counts["expired"],
                participation_rate=round(counts["completed"] / ended, 4) if ended else None,
                top_reasons=await _top_reasons(session, period),
                average_sentiment=sentiment,
                previous_average_sentiment=previous_sentiment,
                enps=enps,
                enps_responses=enps_n,
                top_themes=await _top_themes(session, period),
                quotes=await _quotes(session, period),
                departments=await _departments(session, period),
                stalled=await _stalled(session, period.end - self._stalled_after, period.end),
                sentiment_trend=await _sentiment_trend(session, period),
            )


def _completed_in(period: Period) -> list[ColumnElement[bool]]:
    return [
        Interview.status == InterviewStatus.COMPLETED.value,
        Interview.completed_at >= period.start,
        Interview.completed_at < period.end,
    ]


async def _status_counts(session: AsyncSession, period: Period) -> dict[str, int]:
    ended_in_period = (Interview.ended_at >= period.start) & (Interview.ended_at < period.end)
    row = (
        await session.execute(
            select(
                func.sum(
                    case(
                        (
                            (Interview.created_at >= period.start)
                            & (Interview.created_at < period.end),
                            1,
                        ),
                        else_=0,
                    )
                ),
                func.sum(
                    case(
                        (
                            (Interview.status == InterviewStatus.COMPLETED.value)
                            & (Interview.completed_at >= period.start)
                            & (Interview.completed_at < period.end),
                            1,
                        ),
                        else_=0,
                    )
                ),
                func.sum(
                    case(
                        (
                            Interview.status.in_(
                                [InterviewStatus.IN_PROGRESS.value, InterviewStatus.PAUSED.value]
                            ),
                            1,
                        ),
                        else_=0,
                    )
                ),
                func.sum(
                    case(
                        ((Interview.status == InterviewStatus.DECLINED.value) & ended_in_period, 1),
                        else_=0,
                    )
                ),
                func.sum(
                    case(
                        ((Interview.status == InterviewStatus.EXPIRED.value) & ended_in_period, 1),
                        else_=0,
                    )
                ),
            ).where(
                (Interview.created_at < period.end)
                & (
                    Interview.status.in_(
                        [InterviewStatus.IN_PROGRESS.value, InterviewStatus.PAUSED.value]
                    )
                    | (Interview.created_at >= period.start)
                    | (Interview.ended_at >= period.start)
                )
            )
        )
    ).one()
    keys = ("invited", "completed", "in_progress", "declined", "expired")
    return {key: int(value or 0) for key, value in zip(keys, row, strict=True)}


async def _report_figures(
    session: AsyncSession, period: Period
) -> tuple[float | None, float | None, int]:
    promoters = func.sum(case((Report.enps >= 9, 1), else_=0))
    detractors = func.sum(case((Report.enps <= 6, 1), else_=0))
    row = (
        await session.execute(
            select(func.avg(Report.sentiment), promoters, detractors, func.count(Report.enps))
            .join(Interview, Interview.id == Report.interview_id)
            .where(*_completed_in(period))
        )
    ).one()
    average, promoter_count, detractor_count, responses = row
    responses = int(responses or 0)
    enps = (
        round(100.0 * (int(promoter_count or 0) - int(detractor_count or 0)) / responses, 1)
        if responses
        else None
    )
    return (round(float(average), 4) if average is not None else None), enps, responses


async def _sentiment_trend(
    session: AsyncSession, period: Period, periods: int = TREND_PERIODS
) -> list[TrendPoint]:
    """The period and the ones before it, oldest first, in one aggregate query."""
    windows = [period]
    for _ in range(periods - 1):
        windows.insert(0, windows[0].previous())
    columns = []
    for window in windows:
        inside = (Interview.completed_at >= window.start) & (Interview.completed_at < window.end)
        columns.append(func.avg(case((inside, Report.sentiment), else_=None)))
        columns.append(func.sum(case((inside, 1), else_=0)))
    row = (
        await session.execute(
            select(*columns)
            .join(Interview, Interview.id == Report.interview_id)
            .where(
                Interview.status == InterviewStatus.COMPLETED.value,
                Interview.completed_at >= windows[0].start,
                Interview.completed_at < period.end,
            )
        )
    ).one()
    return [
        TrendPoint(
            period_end=window.end,
            average_sentiment=None if average is None else round(float(average), 4),
            completed=int(count or 0),
        )
        for window, average, count in zip(windows, row[0::2], row[1::2], strict=True)
    ]


async def _top_reasons(session: AsyncSession, period: Period, limit: int = 5) -> list[ReasonCount]:
    count = func.count().label("n")
    rows = await session.execute(
        select(ReportReason.reason, count)
        .join(Report, Report.id == ReportReason.report_id)
        .join(Interview, Interview.id == Report.interview_id)
        .where(*_completed_in(period))
        .group_by(ReportReason.reason)
        .order_by(count.desc(), ReportReason.reason)
        .limit(limit)
    )
    return [ReasonCount(Reason(reason), int(n)) for reason, n in rows.all()]


async def _top_themes(session: AsyncSession, period: Period, limit: int = 5) -> list[ThemeCount]:
    count = func.count().label("n")
    rows = await session.execute(
        select(ReportTheme.theme, count)
        .join(Report, Report.id == ReportTheme.report_id)
        .join(Interview, Interview.id == Report.interview_id)
        .where(*_completed_in(period))
        .group_by(ReportTheme.theme)
        .order_by(count.desc(), ReportTheme.theme)
        .limit(limit)
    )
    return [ThemeCount(theme, int(n)) for theme, n in rows.all()]


async def _quotes(session: AsyncSession, period: Period, limit: int = 3) -> list[str]:
    rows = await session.execute(
        select(Report.notable_quotes, Employee.display_name, Employee.platform_user_id)
        .join(Interview, Interview.id == Report.interview_id)
        .join(Employee, Employee.id == Interview.employee_id)
        .where(*_completed_in(period))
        .order_by(Report.created_at.desc())
        .limit(limit * 3)
    )
    quotes: list[str] = []
    for notable, name, platform_user_id in rows.all():
        for quote in notable or []:
            identifying = [*_name_and_parts(name), platform_user_id]
            cleaned = shorten(redact_personal_data(quote, identifying), 240)
            if cleaned and cleaned not in quotes:
                quotes.append(cleaned)
                break
        if len(quotes) >= limit:
            break
    return quotes


def _name_and_parts(name: str | None) -> list[str]:
    """The full name and each part of it long enough to identify someone ("Dana", "Smith")."""
    if not name:
        return []
    return [name, *(part for part in name.split() if len(part) >= 3)]


async def _departments(session: AsyncSession, period: Period) -> list[DepartmentRow]:
    department = func.coalesce(Interview.department, "unknown").label("department")
    promoters = func.sum(case((Report.enps >= 9, 1), else_=0))
    detractors = func.sum(case((Report.enps <= 6, 1), else_=0))
    rows = await session.execute(
        select(
            department,
            func.count(Report.id),
            func.sum(Report.sentiment),
            promoters,
            detractors,
            func.count(Report.enps),
        )
        .join(Report, Report.interview_id == Interview.id)
        .where(*_completed_in(period))
        .group_by(department)
    )
    kept: list[tuple[str, int, float, int, int, int]] = []
    other = [OTHER_DEPARTMENT, 0, 0.0, 0, 0, 0]
    for name, n, sentiment_sum, p, d, responses in rows.all():
        values = (
            str(name),
            int(n),
            float(sentiment_sum or 0),
            int(p or 0),
            int(d or 0),
            int(responses or 0),
        )
        if values[1] >= MIN_DEPARTMENT_SIZE and values[0] != OTHER_DEPARTMENT:
            kept.append(values)
        else:
            for index in range(1, 6):
                other[index] += values[index]  # type: ignore[operator]
    kept.sort(key=lambda row: (-row[1], row[0]))
    if other[1]:
        kept.append(tuple(other))  # type: ignore[arg-type]
    return [
        DepartmentRow(
            department=name,
            completed=n,
            average_sentiment=round(total / n, 4) if n else None,
            enps=round(100.0 * (p - d) / responses, 1) if responses else None,
        )
        for name, n, total, p, d, responses in kept
    ]


async def _stalled(
    session: AsyncSession, idle_since: datetime, now: datetime, limit: int = 10
) -> list[StalledInterview]:
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
            Interview.status.in_(
                [
                    s.value
                    for s in (
                        InterviewStatus.INVITED,
                        InterviewStatus.IN_PROGRESS,
                        InterviewStatus.PAUSED,
                    )
                ]
            ),
            Interview.last_activity_at < idle_since,
        )
        .order_by(Interview.last_activity_at)
        .limit(limit)
    )
    return [
        StalledInterview(
            interview_id=interview_id,
            who=ANONYMOUS if anonymous else (name or "(unnamed)"),
            department=department,
            status=InterviewStatus(status),
            idle_days=round((now - last_activity).total_seconds() / 86400, 1),
        )
        for interview_id, anonymous, name, department, status, last_activity in rows.all()
    ]
