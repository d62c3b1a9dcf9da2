"""What the HR commands show, read through the store; names and texts leave through
``Identity``, so what an anonymous interview hides never reaches formatting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from exitbot.core.report import Reason
from exitbot.core.statuses import InterviewStatus, MessageKind, MessageRole
from exitbot.digest.builder import ReasonCount
from exitbot.digest.quotes import ROWS_PER_QUOTE, pick_quotes
from exitbot.hr.anonymity import Identity
from exitbot.privacy.redaction import neutralize_mentions
from exitbot.store import hr_queries
from exitbot.store.database import Database
from exitbot.store.hr_queries import ReportFigures, ReportFilter, StoredReport
from exitbot.store.list_order import ListOrder, ListPosition

__all__ = [
    "LIST_LIMIT",
    "InterviewDetail",
    "InterviewListRow",
    "InterviewPage",
    "ListOrder",
    "ListPosition",
    "ReportFigures",
    "ReportFilter",
    "ReportView",
    "TranscriptLine",
    "departments",
    "interview_detail",
    "list_interviews",
    "redacted_quotes",
    "report_figures",
    "top_reasons",
]

LIST_LIMIT = 20


@dataclass(frozen=True, slots=True)
class InterviewListRow:
    interview_id: int
    who: str
    anonymous: bool
    department: str | None
    status: InterviewStatus
    created_at: datetime
    last_day: date | None
    ended_at: datetime | None
    position: ListPosition


@dataclass(frozen=True, slots=True)
class InterviewPage:
    """One page of matching interviews and how many match in all."""

    rows: list[InterviewListRow]
    total: int


@dataclass(frozen=True, slots=True)
class ReportView:
    summary: str
    reasons: list[Reason]
    themes: list[str]
    sentiment: float
    enps: int | None
    would_return: bool | None
    recommendations: list[str]
    quotes: list[str]


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    from_employee: bool
    text: str
    sentiment: float | None = None


@dataclass(frozen=True, slots=True)
class InterviewDetail:
    """One interview as HR may see it; texts already safe to show."""

    interview_id: int
    who: str
    anonymous: bool
    department: str | None
    status: InterviewStatus
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    erased_at: datetime | None
    last_activity_at: datetime
    last_day: date | None
    voluntary: bool | None
    regrettable: bool | None
    misconduct_flags: list[str]
    answer_sentiment: float | None
    answers: int
    report: ReportView | None
    transcript: list[TranscriptLine]


_KNOWN_REASONS = frozenset(r.value for r in Reason)
# Bot lines worth reading in a transcript; the rest (invitation, thanks) is boilerplate.
_BOT_KINDS_SHOWN = {MessageKind.QUESTION, MessageKind.FOLLOWUP, MessageKind.SKIPPED}


async def list_interviews(
    database: Database,
    *,
    statuses: Sequence[InterviewStatus] = (),
    department: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    text: str | None = None,
    order: ListOrder = ListOrder.NEWEST,
    after: ListPosition | None = None,
    limit: int = LIST_LIMIT,
) -> InterviewPage:
    """At most ``limit`` in ``order`` (newest first by invitation time unless asked), with
    the total that matched; ``after`` continues from the page that ended at that position."""
    listed = await hr_queries.list_interviews(
        database,
        statuses=statuses,
        department=department,
        since=since,
        until=until,
        text=text,
        order=order,
        after=after,
        limit=limit,
    )
    rows = [
        InterviewListRow(
            interview_id=row.interview_id,
            who=Identity(
                row.anonymous,
                row.display_name,
                row.platform_user_id,
                erased=row.status is InterviewStatus.ERASED,
            ).label,
            anonymous=row.anonymous,
            department=_department(row.department),
            status=row.status,
            created_at=row.created_at,
            last_day=row.last_day,
            ended_at=row.ended_at,
            position=row.position,
        )
        for row in listed.rows
    ]
    return InterviewPage(rows, listed.total)


async def interview_detail(database: Database, interview_id: int) -> InterviewDetail | None:
    """Everything ``show`` displays, or None when there is no such interview."""
    stored = await hr_queries.stored_interview(database, interview_id)
    if stored is None:
        return None
    identity = Identity(
        stored.anonymous,
        stored.display_name,
        stored.platform_user_id,
        stored.email,
        erased=stored.status is InterviewStatus.ERASED,
    )
    transcript = [
        TranscriptLine(
            entry.role is MessageRole.EMPLOYEE, identity.shown(entry.text), entry.sentiment
        )
        for entry in stored.transcript
        if entry.role is MessageRole.EMPLOYEE or entry.kind in _BOT_KINDS_SHOWN
    ]
    return InterviewDetail(
        interview_id=stored.interview_id,
        who=identity.label,
        anonymous=stored.anonymous,
        department=_department(stored.department),
        status=stored.status,
        created_at=stored.created_at,
        started_at=stored.started_at,
        ended_at=stored.ended_at,
        erased_at=stored.erased_at,
        last_activity_at=stored.last_activity_at,
        last_day=stored.last_day,
        voluntary=stored.voluntary,
        regrettable=stored.regrettable,
        misconduct_flags=stored.misconduct_flags,
        answer_sentiment=stored.answer_sentiment,
        answers=stored.answers,
        report=_report_view(stored.report, identity) if stored.report is not None else None,
        transcript=transcript,
    )


async def departments(database: Database) -> list[str]:
    """The department names interviews carry, as stored (for matching questions against)."""
    return await hr_queries.departments(database)


async def report_figures(database: Database, selection: ReportFilter) -> ReportFigures:
    return await hr_queries.report_figures(database, selection)


async def top_reasons(
    database: Database, selection: ReportFilter, limit: int = 5
) -> list[ReasonCount]:
    tallies = await hr_queries.top_reasons(database, selection, limit)
    return [ReasonCount(Reason(t.value), t.count) for t in tallies if t.value in _KNOWN_REASONS]


async def redacted_quotes(database: Database, selection: ReportFilter, limit: int = 3) -> list[str]:
    """Up to ``limit`` notable quotes, newest reports first, one per person, personal data
    and the speaker's name masked whether or not the interview was anonymous."""
    sources = await hr_queries.quote_sources(database, selection, limit * ROWS_PER_QUOTE)
    return pick_quotes(sources, limit)


def _department(name: str | None) -> str | None:
    return neutralize_mentions(name) if name else None


def _report_view(report: StoredReport, identity: Identity) -> ReportView:
    return ReportView(
        summary=identity.shown(report.summary),
        reasons=[Reason(r) for r in report.reasons if r in _KNOWN_REASONS],
        themes=[identity.shown(t) for t in report.themes],
        sentiment=report.sentiment,
        enps=report.enps,
        would_return=report.would_return,
        recommendations=[identity.shown(r) for r in report.recommendations],
        quotes=[identity.shown(q) for q in report.notable_quotes],
    )
