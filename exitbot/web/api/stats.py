"""Figures over a period: ``/api/stats`` and the digest preview, both from the digest's own
builder, so the API, ``stats`` and the posted digest always agree."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, model_validator

from exitbot.core.report import Reason
from exitbot.core.statuses import InterviewStatus
from exitbot.digest.builder import Digest, DigestBuilder, Period
from exitbot.web.api.endpoint import ApiCall, ApiError, Endpoint, NoBody, json_response
from exitbot.web.api.schemas import example

_DAYS = {"30d": 30, "90d": 90, "365d": 365}


class PeriodQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    period: Literal["30d", "90d", "365d"] | None = Field(
        default=None, description="The last 30, 90 or 365 days (default 30d)"
    )
    since: date | None = Field(default=None, description="First day (ISO date, in TIMEZONE)")
    until: date | None = Field(
        default=None, description="Last day, inclusive (ISO date, in TIMEZONE; default today)"
    )

    @model_validator(mode="after")
    def _one_way(self) -> PeriodQuery:
        if self.period and (self.since or self.until):
            raise ValueError("give either 'period' or 'since'/'until', not both")
        if self.since and self.until and self.until < self.since:
            raise ValueError("'until' is before 'since'")
        return self


class PeriodBody(BaseModel):
    start: datetime
    end: datetime


class Counts(BaseModel):
    invited: int
    completed: int
    in_progress: int
    declined: int
    expired: int


class ReasonFigure(BaseModel):
    reason: Reason
    count: int


class ThemeFigure(BaseModel):
    theme: str
    count: int


class TrendFigure(BaseModel):
    period_end: datetime
    average_sentiment: float | None
    completed: int
    enps: float | None = Field(default=None, description="eNPS of the window's 0-10 answers")


class DepartmentFigure(BaseModel):
    department: str = Field(description="'other' gathers departments with fewer than 5")
    completed: int
    average_sentiment: float | None
    enps: float | None
    reasons: list[ReasonFigure] = Field(
        default_factory=list, description="The department's top three reasons"
    )


_STATS_EXAMPLE: dict[str, object] = {
    "period": {"start": "2026-10-02T00:00:00Z", "end": "2026-11-01T00:00:00Z"},
    "counts": {"invited": 12, "completed": 9, "in_progress": 2, "declined": 1, "expired": 0},
    "participation_rate": 0.9,
    "reasons": [{"reason": "compensation", "count": 4}, {"reason": "management", "count": 3}],
    "average_sentiment": -0.12,
    "sentiment_change": 0.05,
    "sentiment_trend": [
        {"period_end": "2026-11-01T00:00:00Z", "average_sentiment": -0.12, "completed": 9}
    ],
    "enps": -11.1,
    "enps_responses": 9,
    "themes": [{"theme": "pay below market", "count": 3}],
    "departments": [
        {
            "department": "Engineering",
            "completed": 6,
            "average_sentiment": -0.2,
            "enps": -16.7,
            "reasons": [{"reason": "compensation", "count": 4}],
        },
        {
            "department": "other",
            "completed": 3,
            "average_sentiment": 0.05,
            "enps": 0.0,
            "reasons": [{"reason": "relocation", "count": 2}],
        },
    ],
}


class Stats(BaseModel):
    """Counts, reasons, sentiment and its trend, eNPS and the per-department table of the
    interviews of a period (DESIGN 7 figures)."""

    model_config = example(_STATS_EXAMPLE)
    period: PeriodBody
    counts: Counts
    participation_rate: float | None = Field(
        description="Completed among those that ended (completed, declined or expired)"
    )
    reasons: list[ReasonFigure]
    average_sentiment: float | None
    sentiment_change: float | None = Field(description="Change from the previous period")
    sentiment_trend: list[TrendFigure]
    enps: float | None = Field(description="Promoters minus detractors, in percent")
    enps_responses: int
    themes: list[ThemeFigure]
    departments: list[DepartmentFigure]


class StalledFigure(BaseModel):
    id: int
    who: str
    department: str | None
    status: InterviewStatus
    idle_days: float


class DigestPreview(Stats):
    """The digest of a period as it would be posted, without posting it."""

    model_config = example(
        {
            **_STATS_EXAMPLE,
            "quotes": ["Nobody could tell me what the next level needed."],
            "stalled": [
                {
                    "id": 17,
                    "who": "Anonymous",
                    "department": "Sales",
                    "status": "in_progress",
                    "idle_days": 3.5,
                }
            ],
        }
    )
    quotes: list[str] = Field(description="Up to three, personal data masked")
    stalled: list[StalledFigure]


def _period(call: ApiCall[PeriodQuery, NoBody]) -> Period:
    query = call.query
    now = call.bot.clock.now()
    if query.since is None and query.until is None:
        return Period.ending(now, _DAYS[query.period or "30d"])
    tz = call.bot.settings.tz
    today = now.astimezone(tz).date()
    until = query.until or today
    since = query.since or until - timedelta(days=29)
    if (until - since).days > 3660:
        raise ApiError(422, "Invalid query parameter 'since': at most ten years at once")

    def start(day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)

    return Period(start(since), start(until + timedelta(days=1)))


def _builder(call: ApiCall[PeriodQuery, NoBody]) -> DigestBuilder:
    """Built as the scheduled digest's is, so a preview shows what would be posted."""
    stalled_after = timedelta(hours=call.bot.settings.reminder_after_hours)
    return DigestBuilder(call.bot.database, stalled_after=stalled_after)


def _stats_fields(digest: Digest) -> dict[str, object]:
    return {
        "period": PeriodBody(start=digest.period.start, end=digest.period.end),
        "counts": Counts(
            invited=digest.invited,
            completed=digest.completed,
            in_progress=digest.in_progress,
            declined=digest.declined,
            expired=digest.expired,
        ),
        "participation_rate": digest.participation_rate,
        "reasons": [ReasonFigure(reason=r.reason, count=r.count) for r in digest.top_reasons],
        "average_sentiment": digest.average_sentiment,
        "sentiment_change": digest.sentiment_change,
        "sentiment_trend": [
            TrendFigure(
                period_end=p.period_end,
                average_sentiment=p.average_sentiment,
                completed=p.completed,
                enps=p.enps,
            )
            for p in digest.sentiment_trend
        ],
        "enps": digest.enps,
        "enps_responses": digest.enps_responses,
        "themes": [ThemeFigure(theme=t.theme, count=t.count) for t in digest.top_themes],
        "departments": [
            DepartmentFigure(
                department=d.department,
                completed=d.completed,
                average_sentiment=d.average_sentiment,
                enps=d.enps,
                reasons=[ReasonFigure(reason=r.reason, count=r.count) for r in d.top_reasons],
            )
            for d in digest.departments
        ],
    }


async def stats(call: ApiCall[PeriodQuery, NoBody]) -> web.Response:
    digest = await _builder(call).build(_period(call))
    return json_response(Stats.model_validate(_stats_fields(digest)))


async def digest_preview(call: ApiCall[PeriodQuery, NoBody]) -> web.Response:
    digest = await _builder(call).build(_period(call))
    stalled = [
        StalledFigure(
            id=s.interview_id,
            who=s.who,
            department=s.department,
            status=s.status,
            idle_days=round(s.idle_days, 1),
        )
        for s in digest.stalled
    ]
    return json_response(
        DigestPreview.model_validate(
            {**_stats_fields(digest), "quotes": digest.quotes, "stalled": stalled}
        )
    )


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "GET",
        "/api/stats",
        stats,
        "Figures for a period: counts, reasons, sentiment trend, eNPS, per department",
        "stats",
        query=PeriodQuery,
        response=Stats,
    ),
    Endpoint(
        "GET",
        "/api/digest/preview",
        digest_preview,
        "The digest of a period as JSON, without posting it",
        "stats",
        query=PeriodQuery,
        response=DigestPreview,
    ),
)
