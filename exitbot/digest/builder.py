"""The HR digest for a period (DESIGN section 7), from the store's SQL aggregates."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from exitbot.core.report import Reason
from exitbot.core.statuses import InterviewStatus
from exitbot.digest.quotes import ROWS_PER_QUOTE, pick_quotes
from exitbot.store.database import Database
from exitbot.store.digest_queries import (
    DepartmentTotals,
    DigestLimits,
    DigestQueries,
    IdleInterview,
    ScoreCounts,
)
from exitbot.store.report_rows import Tally

MIN_DEPARTMENT_SIZE = 5
ANONYMOUS = "Anonymous"
OTHER_DEPARTMENT = "other"
UNKNOWN_DEPARTMENT = "unknown"
TREND_PERIODS = 6
DEPARTMENT_REASONS = 3
QUOTES = 3


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
    top_reasons: list[ReasonCount] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """Average sentiment of the interviews completed in one period (for the trend chart)."""

    period_end: datetime
    average_sentiment: float | None
    completed: int
    enps: float | None = None


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
    """Builds a Digest from stored reports: the store reads the figures (concurrently where
    the database allows), this applies the digest's rules to them."""

    def __init__(self, database: Database, *, stalled_after: timedelta = timedelta(hours=48)):
        self._queries = DigestQueries(database)
        self._stalled_after = stalled_after

    async def build(self, period: Period) -> Digest:
        windows = [period]
        for _ in range(TREND_PERIODS - 1):
            windows.insert(0, windows[0].previous())
        figures = await self._queries.figures(
            period,
            windows=windows,
            idle_since=period.end - self._stalled_after,
            limits=DigestLimits(quote_sources=QUOTES * ROWS_PER_QUOTE),
        )
        counts = figures.counts
        ended = counts.completed + counts.declined + counts.expired
        trend = [
            TrendPoint(
                window.end,
                sentiment.average_sentiment,
                sentiment.completed,
                _enps(sentiment.scores) if sentiment.scores else None,
            )
            for window, sentiment in zip(windows, figures.windows, strict=True)
        ]
        return Digest(
            period=period,
            invited=counts.invited,
            completed=counts.completed,
            in_progress=counts.in_progress,
            declined=counts.declined,
            expired=counts.expired,
            participation_rate=round(counts.completed / ended, 4) if ended else None,
            top_reasons=[
                ReasonCount(Reason(t.value), t.count)
                for t in figures.reasons
                if t.value in _REASONS
            ],
            average_sentiment=trend[-1].average_sentiment,
            previous_average_sentiment=trend[-2].average_sentiment,
            enps=_enps(figures.scores),
            enps_responses=figures.scores.responses,
            top_themes=[ThemeCount(t.value, t.count) for t in figures.themes],
            quotes=pick_quotes(figures.quotes, QUOTES),
            departments=_departments(figures.departments),
            stalled=[_stalled(row, period.end) for row in figures.idle],
            sentiment_trend=trend,
        )


_REASONS = frozenset(r.value for r in Reason)


def _enps(scores: ScoreCounts) -> float | None:
    if not scores.responses:
        return None
    return round(100.0 * (scores.promoters - scores.detractors) / scores.responses, 1)


def _departments(totals: list[DepartmentTotals]) -> list[DepartmentRow]:
    """One row per department with at least ``MIN_DEPARTMENT_SIZE`` completed interviews,
    largest first; the smaller ones together as "other", last, so no one is singled out."""
    by_name: dict[str, DepartmentTotals] = {}
    for row in totals:
        name = row.department if row.department is not None else UNKNOWN_DEPARTMENT
        by_name[name] = _added(by_name[name], row) if name in by_name else row
    kept: list[tuple[str, DepartmentTotals]] = []
    folded: list[DepartmentTotals] = []
    for name, row in by_name.items():
        if row.completed >= MIN_DEPARTMENT_SIZE and name != OTHER_DEPARTMENT:
            kept.append((name, row))
        else:
            folded.append(row)
    kept.sort(key=lambda item: (-item[1].completed, item[0]))
    if folded:
        kept.append((OTHER_DEPARTMENT, functools.reduce(_added, folded)))
    return [
        DepartmentRow(
            department=name,
            completed=row.completed,
            average_sentiment=round(row.sentiment_sum / row.completed, 4)
            if row.completed
            else None,
            enps=_enps(row.scores),
            top_reasons=[
                ReasonCount(Reason(t.value), t.count)
                for t in sorted(row.reasons, key=lambda t: (-t.count, t.value))
                if t.value in _REASONS
            ][:DEPARTMENT_REASONS],
        )
        for name, row in kept
    ]


def _added(a: DepartmentTotals, b: DepartmentTotals) -> DepartmentTotals:
    return DepartmentTotals(
        department=a.department,
        completed=a.completed + b.completed,
        sentiment_sum=a.sentiment_sum + b.sentiment_sum,
        scores=ScoreCounts(
            a.scores.promoters + b.scores.promoters,
            a.scores.detractors + b.scores.detractors,
            a.scores.responses + b.scores.responses,
        ),
        reasons=_merged(a.reasons, b.reasons),
    )


def _merged(a: tuple[Tally, ...], b: tuple[Tally, ...]) -> tuple[Tally, ...]:
    counts: dict[str, int] = {}
    for tally in (*a, *b):
        counts[tally.value] = counts.get(tally.value, 0) + tally.count
    return tuple(Tally(value, n) for value, n in counts.items())


def _stalled(row: IdleInterview, now: datetime) -> StalledInterview:
    return StalledInterview(
        interview_id=row.interview_id,
        who=ANONYMOUS if row.anonymous else (row.display_name or "(unnamed)"),
        department=row.department,
        status=row.status,
        idle_days=round((now - row.last_activity_at).total_seconds() / 86400, 1),
    )
