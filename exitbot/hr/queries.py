"""Read-only queries behind the HR commands; names and texts leave through ``Identity``.

Aggregates are SQL (COUNT / AVG / GROUP BY) on either database; only the rows a reply shows
(at most 20 interviews, one transcript, a few quotes) are loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from exitbot.core.report import Reason
from exitbot.core.statuses import InterviewStatus, MessageKind, MessageRole
from exitbot.digest.builder import ReasonCount
from exitbot.hr.anonymity import Identity
from exitbot.privacy.redaction import neutralize_mentions, shorten
from exitbot.store.database import Database
from exitbot.store.models import Employee, Interview, Message, Report, ReportReason
from exitbot.store.repository import InterviewRepository

LIST_LIMIT = 20
QUOTE_CHARS = 240


@dataclass(frozen=True, slots=True)
class InterviewListRow:
    interview_id: int
    who: str
    department: str | None
    status: InterviewStatus
    created_at: datetime
    last_day: date | None
    ended_at: datetime | None


@dataclass(frozen=True, slots=True)
class InterviewPage:
    """The newest matching interviews and how many match in all."""

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


@dataclass(frozen=True, slots=True)
class ReportFilter:
    """Completed interviews whose completion falls in [start, end), optionally narrowed."""

    start: datetime
    end: datetime
    department: str | None = None
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportFigures:
    matched: int
    average_sentiment: float | None


_KNOWN_REASONS = frozenset(r.value for r in Reason)
# Bot lines worth reading in a transcript; the rest (invitation, thanks) is boilerplate.
_BOT_KINDS_SHOWN = {MessageKind.QUESTION, MessageKind.FOLLOWUP, MessageKind.SKIPPED}


async def list_interviews(
    database: Database,
    *,
    statuses: Sequence[InterviewStatus] = (),
    department: str | None = None,
    since: datetime | None = None,
    limit: int = LIST_LIMIT,
) -> InterviewPage:
    """Newest first (by invitation time), at most ``limit``, with the total that matched."""
    conditions: list[ColumnElement[bool]] = []
    if statuses:
        conditions.append(Interview.status.in_([s.value for s in statuses]))
    if department:
        conditions.append(func.lower(Interview.department) == department.lower())
    if since is not None:
        conditions.append(Interview.created_at >= since)
    async with database.session() as session:
        total = (
            await session.execute(select(func.count(Interview.id)).where(*conditions))
        ).scalar_one()
        result = await session.execute(
            select(
                Interview.id,
                Interview.anonymous,
                Interview.status,
                Interview.department,
                Interview.created_at,
                Interview.last_day,
                Interview.ended_at,
                Employee.display_name,
                Employee.platform_user_id,
            )
            .join(Employee, Employee.id == Interview.employee_id)
            .where(*conditions)
            .order_by(Interview.created_at.desc(), Interview.id.desc())
            .limit(limit)
        )
        rows = [
            InterviewListRow(
                interview_id=interview_id,
                who=Identity(
                    anonymous, name, user_id, erased=status == InterviewStatus.ERASED
                ).label,
                department=neutralize_mentions(dept) if dept else None,
                status=InterviewStatus(status),
                created_at=created_at,
                last_day=last_day,
                ended_at=ended_at,
            )
            for (
                interview_id,
                anonymous,
                status,
                dept,
                created_at,
                last_day,
                ended_at,
                name,
                user_id,
            ) in result.all()
        ]
    return InterviewPage(rows, int(total))


async def interview_detail(database: Database, interview_id: int) -> InterviewDetail | None:
    """Everything ``show`` displays, or None when there is no such interview."""
    async with database.session() as session:
        row = (
            await session.execute(
                select(Interview, Employee)
                .join(Employee, Employee.id == Interview.employee_id)
                .where(Interview.id == interview_id)
            )
        ).one_or_none()
        if row is None:
            return None
        interview, employee = row
        status = InterviewStatus(interview.status)
        identity = Identity(
            interview.anonymous,
            employee.display_name,
            employee.platform_user_id,
            employee.email,
            erased=status is InterviewStatus.ERASED,
        )
        report = (
            await session.execute(select(Report).where(Report.interview_id == interview_id))
        ).scalar_one_or_none()
        answer_sentiment, answers = await _answer_sentiment(session, interview_id)
        entries = await InterviewRepository(session, database.cipher).transcript(interview_id)
    transcript = [
        TranscriptLine(entry.role is MessageRole.EMPLOYEE, identity.shown(entry.text))
        for entry in entries
        if entry.role is MessageRole.EMPLOYEE or entry.kind in _BOT_KINDS_SHOWN
    ]
    return InterviewDetail(
        interview_id=interview.id,
        who=identity.label,
        anonymous=interview.anonymous,
        department=neutralize_mentions(interview.department) if interview.department else None,
        status=status,
        created_at=interview.created_at,
        started_at=interview.started_at,
        ended_at=interview.ended_at,
        erased_at=interview.erased_at,
        last_activity_at=interview.last_activity_at,
        last_day=interview.last_day,
        voluntary=interview.voluntary,
        regrettable=interview.regrettable,
        misconduct_flags=list(interview.misconduct_flags or []),
        answer_sentiment=answer_sentiment,
        answers=answers,
        report=_report_view(report, identity) if report is not None else None,
        transcript=transcript,
    )


async def departments(database: Database) -> list[str]:
    """The department names interviews carry, as stored (for matching questions against)."""
    async with database.session() as session:
        result = await session.execute(
            select(Interview.department).where(Interview.department.is_not(None)).distinct()
        )
        return sorted(str(name) for name in result.scalars() if name)


async def report_figures(database: Database, selection: ReportFilter) -> ReportFigures:
    async with database.session() as session:
        matched, average = (
            await session.execute(
                select(func.count(Report.id), func.avg(Report.sentiment))
                .join(Interview, Interview.id == Report.interview_id)
                .where(*_report_conditions(selection))
            )
        ).one()
    return ReportFigures(
        int(matched or 0), round(float(average), 4) if average is not None else None
    )


async def top_reasons(
    database: Database, selection: ReportFilter, limit: int = 5
) -> list[ReasonCount]:
    count = func.count().label("n")
    async with database.session() as session:
        result = await session.execute(
            select(ReportReason.reason, count)
            .join(Report, Report.id == ReportReason.report_id)
            .join(Interview, Interview.id == Report.interview_id)
            .where(*_report_conditions(selection))
            .group_by(ReportReason.reason)
            .order_by(count.desc(), ReportReason.reason)
            .limit(limit)
        )
        return [ReasonCount(Reason(reason), int(n)) for reason, n in result.all()]


async def redacted_quotes(database: Database, selection: ReportFilter, limit: int = 3) -> list[str]:
    """Up to ``limit`` notable quotes, newest reports first, one per person, personal data
    and the speaker's name masked whether or not the interview was anonymous."""
    async with database.session() as session:
        result = await session.execute(
            select(
                Report.notable_quotes,
                Employee.display_name,
                Employee.platform_user_id,
                Employee.email,
            )
            .join(Interview, Interview.id == Report.interview_id)
            .join(Employee, Employee.id == Interview.employee_id)
            .where(*_report_conditions(selection))
            .order_by(Report.created_at.desc(), Report.id.desc())
            .limit(limit * 3)
        )
        rows = result.all()
    quotes: list[str] = []
    for notable, name, user_id, email in rows:
        identity = Identity(True, name, user_id, email)
        for quote in notable or []:
            cleaned = shorten(identity.redacted(quote), QUOTE_CHARS)
            if cleaned and cleaned not in quotes:
                quotes.append(cleaned)
                break
        if len(quotes) >= limit:
            break
    return quotes


def _report_conditions(selection: ReportFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        Interview.status == InterviewStatus.COMPLETED.value,
        Interview.completed_at >= selection.start,
        Interview.completed_at < selection.end,
    ]
    if selection.department:
        conditions.append(func.lower(Interview.department) == selection.department.lower())
    if selection.reasons:
        cited = aliased(ReportReason)
        conditions.append(
            exists()
            .where(cited.report_id == Report.id)
            .where(cited.reason.in_([r.value for r in selection.reasons]))
        )
    return conditions


async def _answer_sentiment(session: AsyncSession, interview_id: int) -> tuple[float | None, int]:
    average, answers = (
        await session.execute(
            select(func.avg(Message.sentiment), func.count(Message.id)).where(
                Message.interview_id == interview_id,
                Message.role == MessageRole.EMPLOYEE.value,
                Message.kind == MessageKind.ANSWER.value,
            )
        )
    ).one()
    return (round(float(average), 4) if average is not None else None), int(answers or 0)


def _report_view(report: Report, identity: Identity) -> ReportView:
    return ReportView(
        summary=identity.shown_report(report.summary),
        reasons=[Reason(r) for r in report.reasons if r in _KNOWN_REASONS],
        themes=[identity.shown_report(t) for t in report.themes],
        sentiment=report.sentiment,
        enps=report.enps,
        would_return=report.would_return,
        recommendations=[identity.shown_report(r) for r in report.recommendations],
        quotes=[identity.shown(q) for q in report.notable_quotes],
    )
