"""``GET /api/export.csv``: every interview of a period with its report, as a CSV file that
is streamed as it is read, so an export of every interview there is costs the server one
batch of memory and the client sees the first rows at once.

What a cell may show is decided per row by ``export_cells``: an anonymous interview shows
"Anonymous", its department and its report with the person's names, contacts and ids masked,
and no platform id; every text cell that a spreadsheet would read as a formula is defused.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Literal

import structlog
from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from exitbot.core.report import Reason
from exitbot.core.statuses import InterviewStatus
from exitbot.hr.anonymity import Identity
from exitbot.store.export_rows import ExportFilter, ExportOrder, ExportRow, export_rows
from exitbot.store.tokens import TokenRole
from exitbot.web.api.endpoint import ApiCall, Endpoint, NoBody

log = structlog.get_logger(__name__)

COLUMNS = (
    "id",
    "who",
    "platform_user_id",
    "anonymous",
    "department",
    "status",
    "created_at",
    "ended_at",
    "last_day",
    "voluntary",
    "regrettable",
    "reasons",
    "themes",
    "sentiment",
    "enps",
    "would_return",
    "summary",
)
LIST_SEPARATOR = "; "
"""Between the reasons (and the themes) of one report, in one cell."""
FLUSH_ROWS = 250
"""Rows written to the client at a time at most: a few tens of kilobytes per write."""
YIELD_SECONDS = 0.001
"""At most this long between turns of the event loop: formatting is CPU work, and the
replica serving an export serves Slack's acks and other requests too (a request needs a
dozen turns or more; at 1 ms others wait tens of milliseconds, at 5 ms hundreds)."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (or hide one behind whitespace)."""
_PERIOD_DAYS = {"30d": 30, "90d": 90, "365d": 365}
_FIRST_DAY = date(1970, 1, 1)
_LAST_DAY = date(9999, 12, 30)
_KNOWN_REASONS = frozenset(r.value for r in Reason)


class ExportQuery(BaseModel):
    """Which interviews to export; with no period, since or until, every interview."""

    model_config = ConfigDict(extra="ignore")

    period: Literal["30d", "90d", "365d"] | None = Field(
        default=None,
        description="Interviews invited in the last 30, 90 or 365 days; not with since/until",
    )
    since: date | None = Field(
        default=None,
        ge=_FIRST_DAY,
        le=_LAST_DAY,
        description="Invited on or after this day (ISO date YYYY-MM-DD, from midnight in TIMEZONE)",
    )
    until: date | None = Field(
        default=None,
        ge=_FIRST_DAY,
        le=_LAST_DAY,
        description="Invited on or before this day, inclusive of that whole day in TIMEZONE "
        "(ISO date YYYY-MM-DD)",
    )
    status: list[InterviewStatus] = Field(
        default_factory=list,
        description="Only these statuses; repeat the parameter or separate with commas",
    )
    department: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="Only this department (case-insensitive)",
    )
    q: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Text search in reports, as in the interview list",
    )
    order: ExportOrder = Field(
        default=ExportOrder.NEWEST_FIRST,
        description="newest: newest invitation first (the default); id: by interview id",
    )

    @field_validator("status", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        items = value if isinstance(value, list) else [value]
        return [part.strip() for item in items for part in str(item).split(",") if part.strip()]

    @field_validator("since")
    @classmethod
    def _not_with_period(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is not None and info.data.get("period"):
            raise PydanticCustomError("period_and_dates", "give either period or since/until")
        return value

    @field_validator("until")
    @classmethod
    def _after_since(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is None:
            return None
        if info.data.get("period"):
            raise PydanticCustomError("period_and_dates", "give either period or since/until")
        since = info.data.get("since")
        if since is not None and value < since:
            raise PydanticCustomError("until_before_since", "must not be before since")
        return value


def export_cells(row: ExportRow) -> list[str]:
    """One CSV line of ``row`` as HR may see it (DESIGN 7), every text cell defused.

    Numbers, booleans and dates are written by this function, never taken from anyone's
    text, so they are left as they are: a sentiment of -0.35 stays a number."""
    identity = Identity(
        row.anonymous,
        row.display_name,
        row.platform_user_id,
        row.email,
        erased=row.status is InterviewStatus.ERASED,
    )
    hides_id = row.anonymous or row.status is InterviewStatus.ERASED
    return [
        str(row.interview_id),
        defuse(identity.label),
        "" if hides_id else defuse(row.platform_user_id),
        _flag(row.anonymous),
        defuse(identity.shown(row.department)) if row.department else "",
        row.status.value,
        _instant(row.created_at),
        _instant(row.ended_at),
        row.last_day.isoformat() if row.last_day else "",
        _flag(row.voluntary),
        _flag(row.regrettable),
        LIST_SEPARATOR.join(r for r in row.reasons if r in _KNOWN_REASONS),
        defuse(LIST_SEPARATOR.join(identity.shown(theme) for theme in row.themes)),
        "" if row.sentiment is None else str(round(row.sentiment, 4)),
        "" if row.enps is None else str(row.enps),
        _flag(row.would_return),
        defuse(identity.shown(row.summary)) if row.summary else "",
    ]


def defuse(text: str) -> str:
    """``text`` prefixed with a quote when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _instant(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


class CsvChunks:
    """Rows turned into CSV text a chunk at a time (the standard library's quoting)."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def add(self, cells: Sequence[str]) -> None:
        self._writer.writerow(cells)

    def take(self) -> bytes:
        """What was added since the last ``take``, encoded."""
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text.encode("utf-8")


async def export_csv(call: ApiCall[ExportQuery, NoBody]) -> web.StreamResponse:
    query = call.query
    tz = call.bot.settings.tz
    now = call.bot.clock.now()
    selection, first_day, last_day = _window(query, now, tz)
    response = web.StreamResponse(
        headers={
            "Content-Disposition": f'attachment; filename="{_filename(first_day, last_day)}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        }
    )
    response.content_type = "text/csv"
    response.charset = "utf-8"
    await response.prepare(call.request)
    chunks = CsvChunks()
    chunks.add(COLUMNS)
    rows = 0
    loop = asyncio.get_running_loop()
    turned = loop.time()
    try:
        batches = export_rows(call.bot.database, selection, order=query.order)
        async with contextlib.aclosing(batches):
            async for batch in batches:
                for row in batch:
                    chunks.add(export_cells(row))
                    rows += 1
                    if rows % FLUSH_ROWS == 0 or loop.time() - turned >= YIELD_SECONDS:
                        await response.write(chunks.take())
                        # Neither a write that needs no drain nor a batch read ahead
                        # yields to the loop: yield here.
                        await asyncio.sleep(0)
                        turned = loop.time()
        await response.write(chunks.take())
    except ConnectionError:
        log.info("api_export_abandoned", rows=rows)
        return response
    except Exception:
        # The status line has gone: closing the connection before the last chunk is how
        # the client learns the file is incomplete.
        log.exception("api_export_failed", rows=rows)
        if call.request.transport is not None:
            call.request.transport.close()
        return response
    log.info("api_export", rows=rows, token=call.token.name if call.token else None)
    return response


def _window(
    query: ExportQuery, now: datetime, tz: tzinfo
) -> tuple[ExportFilter, date | None, date]:
    """The filter, and the first and last local days it covers (for the file's name)."""
    today = now.astimezone(tz).date()
    since: datetime | None = None
    until: datetime | None = None
    first_day: date | None = query.since
    last_day = query.until or today
    if query.period:
        since = now - timedelta(days=_PERIOD_DAYS[query.period])
        first_day = since.astimezone(tz).date()
    if query.since:
        since = _day_start(query.since, tz)
    if query.until:
        until = _day_start(query.until + timedelta(days=1), tz)
    selection = ExportFilter(
        since=since,
        until=until,
        statuses=tuple(query.status),
        department=query.department,
        text=query.q,
    )
    return selection, first_day, last_day


def _day_start(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def _filename(first_day: date | None, last_day: date) -> str:
    if first_day is None:
        return f"exitbot-interviews-to-{last_day.isoformat()}.csv"
    return f"exitbot-interviews-{first_day.isoformat()}-to-{last_day.isoformat()}.csv"


_EXAMPLE = (
    ",".join(COLUMNS) + "\r\n"
    "42,Anonymous,,true,Engineering,completed,2026-11-02T09:00:00Z,2026-11-03T10:12:00Z,"
    "2026-11-30,true,true,compensation; career_growth,pay below market; unclear promotion "
    'path,-0.2,6,true,"The employee left for better pay, and a clearer path to promotion."\r\n'
)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "GET",
        "/api/export.csv",
        export_csv,
        "Interviews and their reports for a period, as a streamed CSV file",
        "export",
        role=TokenRole.HR_VIEWER,
        query=ExportQuery,
        media_type="text/csv",
        response=None,
        errors=(422,),
        description=(
            "One header line, then one line per interview, newest first (or by id). Times "
            "are ISO 8601 in UTC; reasons and themes are separated by '; '. An anonymous "
            "interview shows 'Anonymous', its department and its report with personal data "
            "masked, and no platform id. A text cell starting with =, +, -, @, a tab or a "
            "carriage return is prefixed with ' so that no spreadsheet runs it as a formula."
        ),
        response_example=_EXAMPLE,
    ),
)
