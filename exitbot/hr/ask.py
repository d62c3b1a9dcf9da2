"""``ask QUESTION``: a plain-language question over stored reports, answered offline.

The question is read for a time window ("this quarter", "last 30 days"; default the last 90
days), a department that exists in the database ("engineers" finds "Engineering") and words
naming a reason from the taxonomy ("pay", "manager"; ``exitbot.core.reasons``). The answer is
counts, top reasons, average sentiment and a few redacted quotes, all from SQL aggregates.
Quotes are withheld when a department filter matches fewer than ``MIN_GROUP_SIZE``
interviews, so no one is singled out.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from exitbot.core.reasons import reasons_in
from exitbot.core.report import Reason
from exitbot.digest.builder import MIN_DEPARTMENT_SIZE, ReasonCount
from exitbot.hr import queries
from exitbot.store.database import Database

MIN_GROUP_SIZE = MIN_DEPARTMENT_SIZE
DEFAULT_WINDOW_DAYS = 90
MAX_WINDOW_YEARS = 50

# Words that name a department only when HR says so explicitly (dept=…): in a question
# they almost always mean something else ("why did people leave?").
_GENERIC_WORDS = frozenset(
    {"people", "person", "staff", "employee", "team", "company", "leaver", "all", "other"}
)
_SUFFIXES = ("ings", "ing", "ers", "er", "ists", "ist", "ians", "ian", "ants", "ant", "ment", "s")
_LAST_N = re.compile(r"\b(?:last|past|previous)\s+(\d{1,4})\s+(day|week|month|year)s?\b")
_WORD = re.compile(r"[A-Za-z0-9&]+")
_EXPLICIT_DEPARTMENT = re.compile(r"\b(?:dept|department)=(\"[^\"]+\"|'[^']+'|\S+)", re.I)


@dataclass(frozen=True, slots=True)
class TimeWindow:
    start: datetime
    end: datetime
    label: str


@dataclass(frozen=True, slots=True)
class AskQuery:
    """What the question was read as; shown back to HR so they can rephrase if it is wrong."""

    window: TimeWindow
    department: str | None
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class AskAnswer:
    query: AskQuery
    matched: int
    top_reasons: list[ReasonCount]
    average_sentiment: float | None
    quotes: list[str]
    quotes_withheld: bool


async def answer_question(
    database: Database, question: str, *, now: datetime, tz: tzinfo
) -> AskAnswer:
    """The answer to ``question`` from stored reports of completed interviews."""
    query = read_question(question, await queries.departments(database), now=now, tz=tz)
    selection = queries.ReportFilter(
        query.window.start, query.window.end, query.department, query.reasons
    )
    figures = await queries.report_figures(database, selection)
    if not figures.matched:
        return AskAnswer(query, 0, [], None, [], False)
    withheld = query.department is not None and figures.matched < MIN_GROUP_SIZE
    return AskAnswer(
        query=query,
        matched=figures.matched,
        top_reasons=await queries.top_reasons(database, selection),
        average_sentiment=figures.average_sentiment,
        quotes=[] if withheld else await queries.redacted_quotes(database, selection),
        quotes_withheld=withheld,
    )


def read_question(
    question: str, known_departments: list[str], *, now: datetime, tz: tzinfo
) -> AskQuery:
    """The window, department and reasons a question asks about."""
    department, question = _explicit_department(question, known_departments)
    if department is None:
        department = match_department(question, known_departments)
    return AskQuery(parse_window(question, now=now, tz=tz), department, match_reasons(question))


def parse_window(question: str, *, now: datetime, tz: tzinfo) -> TimeWindow:
    """The period a question is about, in ``tz`` calendar terms; the last 90 days by default."""
    text = question.lower()
    today = now.astimezone(tz).date()

    def since(day: date, label: str) -> TimeWindow:
        return TimeWindow(_midnight(day, tz), now, label)

    def between(first: date, after_last: date, label: str) -> TimeWindow:
        return TimeWindow(_midnight(first, tz), min(now, _midnight(after_last, tz)), label)

    if match := _LAST_N.search(text):
        count, unit = max(1, int(match.group(1))), match.group(2)
        label = f"the last {count} {unit}{'s' if count != 1 else ''}"
        if unit in ("day", "week"):
            days = min(count * (7 if unit == "week" else 1), MAX_WINDOW_YEARS * 366)
            return TimeWindow(now - timedelta(days=days), now, label)
        months = min(count * (12 if unit == "year" else 1), MAX_WINDOW_YEARS * 12)
        return since(_add_months(today, -months), label)
    if match := re.search(r"\bsince\s+(\d{4}-\d{2}-\d{2})\b", text):
        try:
            return since(date.fromisoformat(match.group(1)), f"since {match.group(1)}")
        except ValueError:
            pass
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if re.search(r"\bthis\s+quarter\b", text):
        return since(quarter_start, "this quarter")
    if re.search(r"\b(?:last|previous|past)\s+quarter\b", text):
        return between(_add_months(quarter_start, -3), quarter_start, "last quarter")
    if match := re.search(r"\bq([1-4])(?:\s+(\d{4}))?\b", text):
        year = int(match.group(2) or today.year)
        first = date(year, 3 * int(match.group(1)) - 2, 1)
        return between(first, _add_months(first, 3), f"Q{match.group(1)} {year}")
    month_start = today.replace(day=1)
    if re.search(r"\bthis\s+month\b", text):
        return since(month_start, "this month")
    if re.search(r"\b(?:last|previous|past)\s+month\b", text):
        return between(_add_months(month_start, -1), month_start, "last month")
    week_start = today - timedelta(days=today.weekday())
    if re.search(r"\bthis\s+week\b", text):
        return since(week_start, "this week")
    if re.search(r"\b(?:last|previous|past)\s+week\b", text):
        return between(week_start - timedelta(weeks=1), week_start, "last week")
    year_start = date(today.year, 1, 1)
    if re.search(r"\b(?:this\s+year|year\s+to\s+date|ytd)\b", text):
        return since(year_start, "this year")
    if re.search(r"\b(?:last|previous|past)\s+year\b", text):
        return between(date(today.year - 1, 1, 1), year_start, "last year")
    if match := re.search(r"\bin\s+(20\d{2})\b", text):
        year = int(match.group(1))
        return between(date(year, 1, 1), date(year + 1, 1, 1), str(year))
    return TimeWindow(
        now - timedelta(days=DEFAULT_WINDOW_DAYS), now, f"the last {DEFAULT_WINDOW_DAYS} days"
    )


def match_department(question: str, known_departments: list[str]) -> str | None:
    """The known department the question names, singular or plural ("engineers" finds
    "Engineering"); short names like "IT" or "HR" only when written in capitals."""
    words = _WORD.findall(question)
    stems = [_stem(word) for word in words]
    best: tuple[int, int, str] | None = None  # (more words, earlier, name)
    for department in known_departments:
        parts = _WORD.findall(department)
        if not parts:
            continue
        if len(parts) == 1 and len(parts[0]) <= 3:
            positions = [i for i, w in enumerate(words) if w in (parts[0], parts[0].upper())]
        elif len(parts) == 1 and parts[0].lower() in _GENERIC_WORDS:
            positions = []
        else:
            wanted = [_stem(p) for p in parts]
            positions = [
                i
                for i in range(len(stems) - len(wanted) + 1)
                if stems[i : i + len(wanted)] == wanted
            ]
        if positions:
            candidate = (-len(parts), positions[0], department)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best else None


def match_reasons(question: str) -> tuple[Reason, ...]:
    """Reasons from the taxonomy the question names, in the order they are named (the words
    that only hint at a reason in an answer, like "team", do not count in a question)."""
    return reasons_in(question, with_cues=False)


def _explicit_department(question: str, known: list[str]) -> tuple[str | None, str]:
    match = _EXPLICIT_DEPARTMENT.search(question)
    if match is None:
        return None, question
    name = match.group(1).strip("\"'")
    rest = (question[: match.start()] + question[match.end() :]).strip()
    for department in known:
        if department.lower() == name.lower():
            return department, rest
    return name, rest


def _stem(word: str) -> str:
    word = word.lower()
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                changed = True
                break
    return word


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(
        year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1])
    )
