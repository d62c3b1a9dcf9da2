"""The reads behind the HR commands (list, show, ask): SQL aggregates on either database, and
only the rows a reply shows (at most 20 interviews, one transcript, a few quotes) loaded.

Rows come back as stored, names and texts included: what HR may see of them is decided by
``exitbot.hr`` (``Identity``), not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, exists, func, select, union
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from exitbot.core.interviewer import TranscriptEntry
from exitbot.core.report import Reason
from exitbot.core.statuses import InterviewStatus, MessageKind, MessageRole
from exitbot.store import list_order
from exitbot.store.database import Database
from exitbot.store.interviews import read_transcript
from exitbot.store.list_order import ListOrder, ListPosition
from exitbot.store.models import (
    Employee,
    Interview,
    Message,
    Report,
    ReportReason,
    ReportTheme,
)
from exitbot.store.report_rows import QuoteSource, Tally, read_quote_sources


@dataclass(frozen=True, slots=True)
class ListedInterview:
    interview_id: int
    anonymous: bool
    status: InterviewStatus
    department: str | None
    created_at: datetime
    last_day: date | None
    ended_at: datetime | None
    display_name: str | None
    platform_user_id: str
    position: ListPosition


@dataclass(frozen=True, slots=True)
class ListedInterviews:
    """One page of matching interviews and how many match in all."""

    rows: list[ListedInterview]
    total: int


@dataclass(frozen=True, slots=True)
class StoredReport:
    summary: str
    reasons: list[str]
    themes: list[str]
    sentiment: float
    enps: int | None
    would_return: bool | None
    recommendations: list[str]
    notable_quotes: list[str]


@dataclass(frozen=True, slots=True)
class StoredInterview:
    """One interview with its employee, report, answer sentiment and transcript, as stored."""

    interview_id: int
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
    display_name: str | None
    platform_user_id: str
    email: str | None
    report: StoredReport | None
    answer_sentiment: float | None
    answers: int
    transcript: list[TranscriptEntry]


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
    limit: int = 20,
) -> ListedInterviews:
    """At most ``limit`` interviews in ``order`` (newest first unless asked), with the total
    that matched. ``after`` is the position of the last row of the previous page: keyset
    pagination, stable while interviews are added. ``text`` matches report summaries and
    themes (case-insensitive substring) and reason names."""
    if after is not None and after.order is not order:
        raise ValueError(f"a position in the {after.order} order, read in the {order} order")
    keys = list_order.sort_keys(order)
    conditions: list[ColumnElement[bool]] = []
    if statuses:
        conditions.append(Interview.status.in_([s.value for s in statuses]))
    if department:
        conditions.append(func.lower(Interview.department) == department.lower())
    if since is not None:
        conditions.append(Interview.created_at >= since)
    if until is not None:
        conditions.append(Interview.created_at < until)
    if text:
        conditions.append(report_mentions(text))
    async with database.session() as session:
        total = (
            await session.execute(select(func.count(Interview.id)).where(*conditions))
        ).scalar_one()
        if after is not None:
            conditions.append(list_order.after(keys, after.values))
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
                *(key.expression for key in keys),
            )
            .join(Employee, Employee.id == Interview.employee_id)
            .where(*conditions)
            .order_by(*list_order.order_by(keys))
            .limit(limit)
        )
        rows = [
            ListedInterview(
                interview_id=interview_id,
                anonymous=anonymous,
                status=InterviewStatus(status),
                department=dept,
                created_at=created_at,
                last_day=last_day,
                ended_at=ended_at,
                display_name=name,
                platform_user_id=user_id,
                position=ListPosition(order, tuple(key_values)),
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
                *key_values,
            ) in result.all()
        ]
    return ListedInterviews(rows, int(total))


def report_mentions(text: str) -> ColumnElement[bool]:
    """Interviews whose report mentions ``text``: three plain index-friendly reads joined by
    UNION (on PostgreSQL the substring matches use the trigram indexes of migration 0009)."""
    needle = text.lower()
    in_summary = select(Report.interview_id).where(
        func.lower(Report.summary).contains(needle, autoescape=True)
    )
    in_themes = (
        select(Report.interview_id)
        .join(ReportTheme, ReportTheme.report_id == Report.id)
        .where(func.lower(ReportTheme.theme).contains(needle, autoescape=True))
    )
    as_reason = (
        select(Report.interview_id)
        .join(ReportReason, ReportReason.report_id == Report.id)
        .where(ReportReason.reason == needle.replace(" ", "_"))
    )
    return Interview.id.in_(union(in_summary, in_themes, as_reason))


async def stored_interview(database: Database, interview_id: int) -> StoredInterview | None:
    """Everything ``show`` may display of one interview, or None when there is no such one."""
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
        report = (
            await session.execute(select(Report).where(Report.interview_id == interview_id))
        ).scalar_one_or_none()
        answer_sentiment, answers = await _answer_sentiment(session, interview_id)
        transcript = list(await read_transcript(session, interview_id, database.cipher))
    return StoredInterview(
        interview_id=interview.id,
        anonymous=interview.anonymous,
        department=interview.department,
        status=InterviewStatus(interview.status),
        created_at=interview.created_at,
        started_at=interview.started_at,
        ended_at=interview.ended_at,
        erased_at=interview.erased_at,
        last_activity_at=interview.last_activity_at,
        last_day=interview.last_day,
        voluntary=interview.voluntary,
        regrettable=interview.regrettable,
        misconduct_flags=list(interview.misconduct_flags or []),
        display_name=employee.display_name,
        platform_user_id=employee.platform_user_id,
        email=employee.email,
        report=_stored_report(report) if report is not None else None,
        answer_sentiment=answer_sentiment,
        answers=answers,
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
    """How many reports match and their average sentiment."""
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


async def top_reasons(database: Database, selection: ReportFilter, limit: int = 5) -> list[Tally]:
    """The reasons the matching reports cite most, most cited first."""
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
        return [Tally(reason, int(n)) for reason, n in result.all()]


async def quote_sources(
    database: Database, selection: ReportFilter, limit: int
) -> list[QuoteSource]:
    """The notable quotes of up to ``limit`` matching reports, newest first, with who said
    them."""
    async with database.session() as session:
        return await read_quote_sources(session, _report_conditions(selection), limit)


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


def _stored_report(report: Report) -> StoredReport:
    return StoredReport(
        summary=report.summary,
        reasons=list(report.reasons),
        themes=list(report.themes),
        sentiment=report.sentiment,
        enps=report.enps,
        would_return=report.would_return,
        recommendations=list(report.recommendations),
        notable_quotes=list(report.notable_quotes),
    )
