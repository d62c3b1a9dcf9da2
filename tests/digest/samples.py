"""Digest objects for renderer tests, including hostile employee text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from exitbot.core.report import Reason
from exitbot.core.statuses import InterviewStatus
from exitbot.digest.builder import (
    DepartmentRow,
    Digest,
    Period,
    ReasonCount,
    StalledInterview,
    ThemeCount,
    TrendPoint,
)

PERIOD_END = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
HOSTILE_QUOTE = (
    "Tell <!channel> and <@U999|boss> & @here: pay was <b>bad</b> [click](http://x.test)"
)


def sample_digest(
    *,
    quotes: list[str] | None = None,
    departments: int = 2,
    themes: list[str] | None = None,
    stalled: int = 1,
) -> Digest:
    period = Period.ending(PERIOD_END, 7)
    return Digest(
        period=period,
        invited=9,
        completed=7,
        in_progress=2,
        declined=1,
        expired=1,
        participation_rate=0.7778,
        top_reasons=[ReasonCount(Reason.COMPENSATION, 4), ReasonCount(Reason.CAREER_GROWTH, 2)],
        average_sentiment=-0.21,
        previous_average_sentiment=-0.05,
        enps=-14.3,
        enps_responses=7,
        top_themes=[ThemeCount(t, 2) for t in (themes or ["slow tooling", "<@U1> on call"])],
        quotes=[HOSTILE_QUOTE] if quotes is None else quotes,
        departments=[
            DepartmentRow(f"Dept <{i}> & co", 5 + i, -0.2, 10.0) for i in range(departments)
        ],
        stalled=[
            StalledInterview(100 + i, "Anonymous", "Sales", InterviewStatus.PAUSED, 3.5)
            for i in range(stalled)
        ],
        sentiment_trend=[
            TrendPoint(PERIOD_END - timedelta(days=7 * (5 - i)), -0.1 * i, 3) for i in range(6)
        ],
    )
