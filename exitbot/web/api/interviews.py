"""Reading interviews and HR's actions on one: list, detail, erase, remind, cancel."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import structlog
from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, field_validator

from exitbot.core.statuses import InterviewStatus
from exitbot.hr import queries
from exitbot.store.tokens import TokenRole
from exitbot.web.api.endpoint import ApiCall, ApiError, Endpoint, NoBody, NoQuery, json_response
from exitbot.web.api.schemas import (
    ActionResult,
    InterviewDetail,
    InterviewList,
    InterviewSummary,
    ReportBody,
    StatusChange,
    TranscriptLine,
)

log = structlog.get_logger(__name__)

NOT_FOUND = "Interview not found"
_READABLE = tuple(s for s in InterviewStatus if s is not InterviewStatus.ERASED)
_ENDED = {
    InterviewStatus.COMPLETED,
    InterviewStatus.DECLINED,
    InterviewStatus.EXPIRED,
    InterviewStatus.CANCELLED,
}


class ListQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: list[InterviewStatus] = Field(
        default_factory=list,
        description=(
            "Only these statuses; repeat the parameter or separate with commas. Without it, "
            "every status but erased (an erased interview holds nothing to read; ask for "
            "status=erased to see those records)"
        ),
    )
    department: str | None = Field(
        default=None, max_length=100, description="Only this department (case-insensitive)"
    )
    since: date | None = Field(
        default=None, description="Invited on or after this day (ISO date, in TIMEZONE)"
    )
    until: date | None = Field(
        default=None, description="Invited on or before this day (ISO date, in TIMEZONE)"
    )
    q: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Text search in reports: summary, themes and reason names",
    )
    sort: queries.ListOrder = Field(
        default=queries.ListOrder.NEWEST,
        description=(
            "Order of the whole list: newest or oldest invitation first; last_day (soonest "
            "first); name, department or status (active first), newest first within each. "
            "Name order puts anonymous and erased interviews after every name"
        ),
    )
    limit: int = Field(default=20, ge=1, le=100, description="Page size, 1-100")
    cursor: str | None = Field(
        default=None,
        max_length=1000,
        description="``next_cursor`` of the previous page, read with the same sort",
    )

    @field_validator("status", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        items = value if isinstance(value, list) else [value]
        return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


async def list_interviews(call: ApiCall[ListQuery, NoBody]) -> web.Response:
    query = call.query
    tz = call.bot.settings.tz
    page = await queries.list_interviews(
        call.bot.database,
        statuses=query.status or _READABLE,
        department=query.department,
        since=_day_start(query.since, tz) if query.since else None,
        until=_day_start(query.until + timedelta(days=1), tz) if query.until else None,
        text=query.q,
        order=query.sort,
        after=_read_cursor(query.cursor, query.sort) if query.cursor else None,
        limit=query.limit + 1,
    )
    rows = page.rows[: query.limit]
    more = len(page.rows) > query.limit
    return json_response(
        InterviewList(
            items=[_summary(row) for row in rows],
            total=page.total,
            limit=query.limit,
            next_cursor=_cursor(rows[-1]) if more and rows else None,
        )
    )


async def interview_detail(call: ApiCall[NoQuery, NoBody]) -> web.Response:
    detail = await queries.interview_detail(call.bot.database, call.path_int("interview_id"))
    if detail is None:
        raise ApiError(404, NOT_FOUND)
    return json_response(_detail(detail))


async def erase_interview(call: ApiCall[NoQuery, NoBody]) -> web.Response:
    number = call.path_int("interview_id")
    outcome = await call.bot.interviews.erase(number)
    if outcome.problem:
        raise ApiError(404, NOT_FOUND)
    log.info("api_interview_erased", interview_id=number, token=_token_name(call))
    return web.Response(status=204)


async def remind_interview(call: ApiCall[NoQuery, NoBody]) -> web.Response:
    number = call.path_int("interview_id")
    outcome = await call.bot.interviews.remind(number)
    return await _acted(call, number, outcome.problem, outcome.status, "Sent a reminder")


async def cancel_interview(call: ApiCall[NoQuery, NoBody]) -> web.Response:
    number = call.path_int("interview_id")
    outcome = await call.bot.interviews.cancel(number)
    return await _acted(call, number, outcome.problem, outcome.status, "Cancelled")


async def _acted(
    call: ApiCall[NoQuery, NoBody],
    number: int,
    problem: str | None,
    status: InterviewStatus | None,
    done: str,
) -> web.Response:
    if problem or status is None:
        if status is None:
            raise ApiError(404, NOT_FOUND)
        raise ApiError(409, f"Interview {number} cannot be changed: {problem}")
    call.bot.outbox.kick()
    log.info("api_interview_action", interview_id=number, status=status.value)
    return json_response(ActionResult(id=number, status=status, detail=f"{done}: #{number}."))


def _token_name(call: ApiCall[Any, Any]) -> str | None:
    return call.token.name if call.token else None


def _day_start(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def _cursor(row: queries.InterviewListRow) -> str:
    raw = row.position.to_text().encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read_cursor(cursor: str, order: queries.ListOrder) -> queries.ListPosition:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        position = _position(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError(
            422, "Invalid query parameter 'cursor': use the next_cursor of a previous page"
        ) from None
    if position.order is not order:
        raise ApiError(
            422,
            f"Invalid query parameter 'cursor': it continues the sort={position.order} list; "
            "start again without a cursor to read another order",
        )
    return position


def _position(raw: str) -> queries.ListPosition:
    """A cursor's position; the older "created_at|id" form still continues a newest-first list."""
    if raw.startswith("["):
        return queries.ListPosition.from_text(raw)
    moment, _, number = raw.partition("|")
    created_at = datetime.fromisoformat(moment)
    if created_at.tzinfo is None or not number.isdigit():
        raise ValueError(raw)
    return queries.ListPosition(queries.ListOrder.NEWEST, (created_at, int(number)))


def _summary(row: queries.InterviewListRow) -> InterviewSummary:
    return InterviewSummary(
        id=row.interview_id,
        who=row.who,
        anonymous=row.anonymous,
        department=row.department,
        status=row.status,
        created_at=row.created_at,
        last_day=row.last_day,
        ended_at=row.ended_at,
    )


def _detail(detail: queries.InterviewDetail) -> InterviewDetail:
    report = detail.report
    return InterviewDetail(
        id=detail.interview_id,
        who=detail.who,
        anonymous=detail.anonymous,
        department=detail.department,
        status=detail.status,
        created_at=detail.created_at,
        last_day=detail.last_day,
        ended_at=detail.ended_at,
        started_at=detail.started_at,
        erased_at=detail.erased_at,
        last_activity_at=detail.last_activity_at,
        voluntary=detail.voluntary,
        regrettable=detail.regrettable,
        misconduct_flags=detail.misconduct_flags,
        answers=detail.answers,
        average_answer_sentiment=detail.answer_sentiment,
        report=ReportBody(
            summary=report.summary,
            reasons=report.reasons,
            themes=report.themes,
            sentiment=report.sentiment,
            enps=report.enps,
            would_return=report.would_return,
            recommendations=report.recommendations,
            notable_quotes=report.quotes,
        )
        if report is not None
        else None,
        transcript=[
            TranscriptLine(
                speaker="employee" if line.from_employee else "exitbot",
                text=line.text,
                sentiment=line.sentiment if line.from_employee else None,
            )
            for line in detail.transcript
        ],
        history=_history(detail),
    )


def _history(detail: queries.InterviewDetail) -> list[StatusChange]:
    """The status changes the interview's timestamps record: invited, started, how it
    ended, erased (a pause records no time of its own: shown at the last activity)."""
    changes = [StatusChange(status=InterviewStatus.INVITED, at=detail.created_at)]
    if detail.started_at is not None:
        changes.append(StatusChange(status=InterviewStatus.IN_PROGRESS, at=detail.started_at))
    if detail.status is InterviewStatus.PAUSED:
        changes.append(StatusChange(status=detail.status, at=detail.last_activity_at))
    if detail.status in _ENDED and detail.ended_at is not None:
        changes.append(StatusChange(status=detail.status, at=detail.ended_at))
    if detail.erased_at is not None:
        changes.append(StatusChange(status=InterviewStatus.ERASED, at=detail.erased_at))
    return changes


_BY_ID = "/api/interviews/{interview_id}"

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "GET",
        "/api/interviews",
        list_interviews,
        "List interviews, newest first unless another sort is asked",
        "interviews",
        query=ListQuery,
        response=InterviewList,
        description="Anonymous interviews show only 'Anonymous' and the department.",
    ),
    Endpoint(
        "GET",
        _BY_ID,
        interview_detail,
        "One interview: report, transcript with sentiment per answer, status history",
        "interviews",
        response=InterviewDetail,
        errors=(404,),
    ),
    Endpoint(
        "DELETE",
        _BY_ID,
        erase_interview,
        "Erase an interview's transcript and report (a row saying it was erased stays)",
        "interviews",
        role=TokenRole.HR_ADMIN,
        status=204,
        errors=(404,),
    ),
    Endpoint(
        "POST",
        _BY_ID + "/remind",
        remind_interview,
        "Nudge the employee of an active interview",
        "interviews",
        role=TokenRole.HR_ADMIN,
        response=ActionResult,
        errors=(404, 409),
    ),
    Endpoint(
        "POST",
        _BY_ID + "/cancel",
        cancel_interview,
        "Withdraw an active interview; the employee is told",
        "interviews",
        role=TokenRole.HR_ADMIN,
        response=ActionResult,
        errors=(404, 409),
    ),
)
