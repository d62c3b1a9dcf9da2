"""Bodies the API shares between routes. Every model carries an example: the OpenAPI
document shows it, and the tests check that it validates against its own model."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from exitbot.core.report import Reason
from exitbot.core.statuses import InterviewStatus


def example(value: dict[str, Any]) -> ConfigDict:
    """A model config whose JSON schema carries ``value`` as its example."""
    return ConfigDict(json_schema_extra={"examples": [cast(JsonDict, value)]})


class ErrorBody(BaseModel):
    """Every error: a sentence saying what went wrong (and for 422, which field)."""

    model_config = example({"detail": "Interview not found"})
    detail: str


_SUMMARY_EXAMPLE: dict[str, object] = {
    "id": 42,
    "who": "Anonymous",
    "anonymous": True,
    "department": "Engineering",
    "status": "completed",
    "created_at": "2026-11-02T09:00:00Z",
    "last_day": "2026-11-30",
    "ended_at": "2026-11-03T10:12:00Z",
}


class InterviewSummary(BaseModel):
    """One interview in a list. ``who`` is "Anonymous" for an interview the employee made
    anonymous (and no platform id is given anywhere)."""

    model_config = example(_SUMMARY_EXAMPLE)
    id: int
    who: str
    anonymous: bool
    department: str | None
    status: InterviewStatus
    created_at: datetime
    last_day: date | None
    ended_at: datetime | None


class InterviewList(BaseModel):
    """A page of interviews, newest first; pass ``next_cursor`` as ``cursor`` for the next."""

    model_config = example(
        {"items": [_SUMMARY_EXAMPLE], "total": 1, "next_cursor": None, "limit": 20}
    )
    items: list[InterviewSummary]
    total: int = Field(description="How many interviews match the filters in all")
    limit: int
    next_cursor: str | None


class TranscriptLine(BaseModel):
    speaker: Literal["employee", "exitbot"]
    text: str
    sentiment: float | None = Field(
        default=None, description="The answer's sentiment in [-1, 1]; null for ExitBot's lines"
    )


class ReportBody(BaseModel):
    """The structured report of a completed interview (DESIGN 6), as HR may see it."""

    summary: str
    reasons: list[Reason]
    themes: list[str]
    sentiment: float
    enps: int | None
    would_return: bool | None
    recommendations: list[str]
    notable_quotes: list[str]


class StatusChange(BaseModel):
    status: InterviewStatus
    at: datetime


class InterviewDetail(InterviewSummary):
    """One interview: its report, its transcript with sentiment per answer, its history."""

    model_config = example(
        {
            **_SUMMARY_EXAMPLE,
            "started_at": "2026-11-02T09:05:00Z",
            "erased_at": None,
            "last_activity_at": "2026-11-03T10:12:00Z",
            "voluntary": True,
            "regrettable": True,
            "misconduct_flags": [],
            "answers": 10,
            "average_answer_sentiment": -0.12,
            "report": {
                "summary": "The employee left for better pay and a clearer path to promotion.",
                "reasons": ["compensation", "career_growth"],
                "themes": ["pay below market", "unclear promotion path"],
                "sentiment": -0.2,
                "enps": 6,
                "would_return": True,
                "recommendations": ["Review engineering salary bands"],
                "notable_quotes": ["Nobody could tell me what the next level needed."],
            },
            "transcript": [
                {"speaker": "exitbot", "text": "What made you decide to leave?", "sentiment": None},
                {"speaker": "employee", "text": "The pay was below market.", "sentiment": -0.3},
            ],
            "history": [
                {"status": "invited", "at": "2026-11-02T09:00:00Z"},
                {"status": "in_progress", "at": "2026-11-02T09:05:00Z"},
                {"status": "completed", "at": "2026-11-03T10:12:00Z"},
            ],
        }
    )
    started_at: datetime | None
    erased_at: datetime | None
    last_activity_at: datetime
    voluntary: bool | None
    regrettable: bool | None
    misconduct_flags: list[str]
    answers: int
    average_answer_sentiment: float | None
    report: ReportBody | None
    transcript: list[TranscriptLine]
    history: list[StatusChange]


class ActionResult(BaseModel):
    """What a remind or cancel did, in a sentence, with the interview's status after it."""

    model_config = example(
        {"id": 42, "status": "in_progress", "detail": "Sent a reminder for interview #42."}
    )
    id: int
    status: InterviewStatus
    detail: str
