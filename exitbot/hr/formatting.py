"""HR answers as neutral documents: headings, facts, lists, quotes; dates in the configured zone.

Commands are ``code`` spans, counts ``bold`` spans; no text holds markup of any platform.
Everything employee- or model-written arrives here already made safe by ``queries`` (see
``Identity``); this module only lays it out and keeps long answers within a cap.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, tzinfo

from exitbot.core.documents import (
    Block,
    BulletList,
    Document,
    Fact,
    Facts,
    Heading,
    Note,
    Paragraph,
    Quote,
    Span,
    Style,
    Table,
    bold,
    code,
    plain,
    spans,
)
from exitbot.core.report import Reason
from exitbot.core.statuses import InterviewStatus
from exitbot.digest.builder import MIN_DEPARTMENT_SIZE, Digest
from exitbot.digest.labels import enps_label, participation_label, reason_label, signed
from exitbot.hr.ask import MIN_GROUP_SIZE, AskAnswer
from exitbot.hr.parsing import SUMMARY, USAGE, ListCommand, UsageError
from exitbot.hr.queries import LIST_LIMIT, InterviewDetail, InterviewPage
from exitbot.privacy.redaction import neutralize_mentions

MAX_REPLY_CHARS = 12_000
"""The most text one answer carries (a long transcript is cut to fit)."""

REFUSAL = "Sorry, only the HR team can use /exitbot commands."
FAILURE = (
    "Sorry, something went wrong while running that command. It has been logged; "
    "please try again in a moment."
)
HELP_TITLE = "ExitBot HR commands"
_TRUNCATION_ROOM = 200


def help_document(topic: str | None = None) -> Document:
    """All commands with a one-line usage each, or one command's usage in detail."""
    if topic in USAGE:
        return Document.message(code(USAGE[topic]), f": {SUMMARY[topic]}.")
    return Document(HELP_TITLE, tuple(_help_blocks()))


def usage_document(error: UsageError) -> Document:
    """What was wrong and the usage line of the command (or the whole help)."""
    problem = _capitalized(tuple(_neutral(run) for run in error.problem))
    if error.command in USAGE:
        usage = Paragraph.of("Usage: ", code(USAGE[error.command]))
        return Document(plain(problem), (Paragraph(problem), usage), title_shown=False)
    blocks: list[Block] = [Paragraph(problem), Heading(HELP_TITLE), *_help_blocks()]
    return Document(plain(problem), tuple(blocks), title_shown=False)


def list_document(page: InterviewPage, command: ListCommand, tz: tzinfo) -> Document:
    filters = _list_filters(command)
    if not page.rows:
        return Document.message(f"No interviews match{' ' + filters if filters else ''}.")
    shown = (
        f"newest first, {len(page.rows)} of {page.total}"
        if page.total > len(page.rows)
        else f"newest first, {page.total} in all"
    )
    items = []
    for row in page.rows:
        parts = [row.who]
        if row.department:
            parts.append(row.department)
        parts.append(_status(row.status))
        parts.append(f"invited {_day(row.created_at, tz)}")
        if row.last_day:
            parts.append(f"last day {row.last_day.isoformat()}")
        if row.ended_at and not row.status.is_active:
            parts.append(f"ended {_day(row.ended_at, tz)}")
        items.append(spans(bold(f"#{row.interview_id}"), " · " + " · ".join(parts)))
    blocks: list[Block] = [BulletList(tuple(items))]
    if page.total > LIST_LIMIT:
        blocks.append(
            Note.of(
                f"Only the {LIST_LIMIT} newest are shown; narrow with a status, ",
                code("dept="),
                " or ",
                code("since="),
                ".",
            )
        )
    title = f"Interviews{' ' + filters if filters else ''} ({shown})"
    return Document(title, tuple(blocks))


def detail_document(detail: InterviewDetail, tz: tzinfo, limit: int = MAX_REPLY_CHARS) -> Document:
    """``show ID``: header, report and as much transcript as fits in ``limit`` characters."""
    if detail.status is InterviewStatus.ERASED:
        when = f" on {_day(detail.erased_at, tz)}" if detail.erased_at else ""
        return Document(
            f"Interview #{detail.interview_id} · erased",
            (
                Paragraph.of(
                    f"The employee asked for their data to be erased{when}; "
                    "the transcript and report no longer exist."
                ),
            ),
        )
    title = f"Interview #{detail.interview_id} · {detail.who}"
    if detail.department:
        title += f" · {detail.department}"
    blocks: list[Block] = []
    if detail.anonymous:
        blocks.append(
            Note.of(
                "The employee chose to take part anonymously: no name or id is shown, "
                "and personal details in their words are masked."
            )
        )
    dates = [f"Status: {_status(detail.status)}", f"invited {_day(detail.created_at, tz)}"]
    if detail.started_at:
        dates.append(f"started {_day(detail.started_at, tz)}")
    if detail.ended_at and not detail.status.is_active:
        dates.append(f"ended {_day(detail.ended_at, tz)}")
    elif detail.status.is_active:
        dates.append(f"last activity {_day(detail.last_activity_at, tz)}")
    if detail.last_day:
        dates.append(f"last day {detail.last_day.isoformat()}")
    blocks.append(Paragraph.of(" · ".join(dates)))
    flags = []
    if detail.voluntary is not None:
        flags.append("voluntary" if detail.voluntary else "involuntary")
    if detail.regrettable is not None:
        flags.append("regrettable" if detail.regrettable else "non-regrettable")
    if flags:
        blocks.append(Paragraph.of("Departure: " + ", ".join(flags)))
    if detail.misconduct_flags:
        blocks.append(
            Paragraph.of(
                bold("Flagged for HR follow-up:"),
                " " + ", ".join(flag.replace("_", " ") for flag in detail.misconduct_flags),
            )
        )
    blocks += _report_blocks(detail)
    blocks += _transcript_blocks(detail, limit, room=limit - len(title) - _size(blocks))
    return Document(title, tuple(blocks))


def stats_document(digest: Digest, days: int, tz: tzinfo) -> Document:
    period = digest.period
    title = (
        f"ExitBot stats: the last {days} days ({_day(period.start, tz)} to {_day(period.end, tz)})"
    )
    if digest.average_sentiment is None:
        sentiment = "n/a"
    else:
        change = digest.sentiment_change
        trend = f" ({change:+.2f} vs the previous {days} days)" if change is not None else ""
        sentiment = f"{digest.average_sentiment:+.2f}{trend}"
    blocks: list[Block] = [
        Facts(
            (
                Fact("Completed", str(digest.completed)),
                Fact("In progress", str(digest.in_progress)),
                Fact("Declined", str(digest.declined)),
                Fact("Expired", str(digest.expired)),
                Fact("New invitations", str(digest.invited)),
                Fact("Participation rate", participation_label(digest)),
                Fact("Average sentiment", sentiment),
                Fact("eNPS", enps_label(digest)),
            )
        )
    ]
    if digest.top_reasons:
        blocks.append(Heading("Top reasons"))
        blocks.append(_bullets(f"{_reason(r.reason)}: {r.count}" for r in digest.top_reasons))
    if digest.top_themes:
        blocks.append(Heading("Top themes"))
        blocks.append(_bullets(f"{t.theme}: {t.count}" for t in digest.top_themes))
    if digest.departments:
        blocks.append(Heading("By department"))
        blocks.append(
            Note.of(f"Fewer than {MIN_DEPARTMENT_SIZE} completed interviews: counted in other.")
        )
        blocks.append(
            _bullets(
                f"{row.department}: {row.completed} completed, "
                f"sentiment {signed(row.average_sentiment, 2)}, eNPS {signed(row.enps, 0)}"
                for row in digest.departments
            )
        )
    return Document(title, tuple(blocks))


def ask_document(answer: AskAnswer, tz: tzinfo) -> Document:
    query = answer.query
    window = query.window
    scope = [f"{window.label} ({_day(window.start, tz)} to {_day(window.end, tz)})"]
    if query.department:
        scope.append(f"department {neutralize_mentions(query.department)}")
    if query.reasons:
        scope.append("citing " + " or ".join(_reason(r) for r in query.reasons))
    reading = Note.of(f"I read this as: completed interviews, {', '.join(scope)}.")
    if not answer.matched:
        nothing = Paragraph.of(
            'No completed interviews match. Try a longer period (e.g. "this year") '
            "or fewer filters."
        )
        return Document(plain(nothing.runs), (reading, nothing), title_shown=False)
    plural = "s" if answer.matched != 1 else ""
    count = Paragraph.of(bold(f"{answer.matched} completed interview{plural}"), " match.")
    blocks: list[Block] = [reading, count]
    if answer.top_reasons:
        blocks.append(
            Paragraph.of(
                "Top reasons: "
                + ", ".join(f"{_reason(r.reason)} ({r.count})" for r in answer.top_reasons)
            )
        )
    if answer.average_sentiment is not None:
        blocks.append(
            Paragraph.of(f"Average sentiment: {answer.average_sentiment:+.2f} (-1 to +1)")
        )
    if answer.quotes_withheld:
        blocks.append(
            Note.of(
                f"Quotes are left out: fewer than {MIN_GROUP_SIZE} interviews match this "
                "department, so quotes could single someone out."
            )
        )
    elif answer.quotes:
        blocks.append(Heading("In their words (personal details masked)"))
        blocks += [Quote(quote) for quote in answer.quotes]
    return Document(plain(count.runs), tuple(blocks), title_shown=False)


# --- helpers ----------------------------------------------------------------------------------


def _help_blocks() -> list[Block]:
    return [
        Paragraph.of("After /exitbot in Slack, or as a message to ExitBot in Teams:"),
        BulletList(tuple(spans(code(USAGE[word]), f": {SUMMARY[word]}") for word in USAGE)),
    ]


def _report_blocks(detail: InterviewDetail) -> list[Block]:
    report = detail.report
    if report is None:
        blocks: list[Block] = [
            Note.of("No report yet: it is written when the interview is completed.")
        ]
        if detail.answer_sentiment is not None:
            blocks.append(
                Paragraph.of(
                    f"Sentiment so far: {detail.answer_sentiment:+.2f} "
                    f"(over {detail.answers} answer{'s' if detail.answers != 1 else ''})"
                )
            )
        return blocks
    blocks = [Heading("Summary"), Paragraph.of(report.summary)]
    facts = []
    if report.reasons:
        facts.append(Fact("Reasons", ", ".join(_reason(r) for r in report.reasons)))
    if report.themes:
        facts.append(Fact("Themes", "; ".join(report.themes)))
    facts.append(Fact("Sentiment", f"{report.sentiment:+.2f}"))
    if report.enps is not None:
        facts.append(Fact("Would recommend", f"{report.enps}/10"))
    if report.would_return is not None:
        facts.append(Fact("Would return", "yes" if report.would_return else "no"))
    blocks.append(Facts(tuple(facts)))
    if report.recommendations:
        blocks.append(Heading("Recommendations"))
        blocks.append(_bullets(report.recommendations))
    if report.quotes:
        blocks.append(Heading("Quotes"))
        blocks += [Quote(quote) for quote in report.quotes]
    return blocks


def _transcript_blocks(detail: InterviewDetail, limit: int, *, room: int) -> list[Block]:
    """The transcript under its heading, as many lines as fit in ``room`` characters."""
    if not detail.transcript:
        return [Heading("Transcript"), Note.of("(empty)")]
    total = len(detail.transcript)
    heading = Heading(f"Transcript ({total} line{'s' if total != 1 else ''})")
    # Leave room for the truncation note so the whole answer stays within the limit.
    budget = room - len(heading.text) - _TRUNCATION_ROOM
    lines: list[Block] = []
    for line in detail.transcript:
        speaker = "Employee" if line.from_employee else "ExitBot"
        paragraph = Paragraph.of(bold(f"{speaker}:"), f" {line.text}")
        if _size([paragraph]) > budget:
            break
        lines.append(paragraph)
        budget -= _size([paragraph])
    blocks: list[Block] = [heading, *lines]
    if len(lines) < total:
        blocks.append(
            Note.of(
                f"Transcript truncated: showing the first {len(lines)} of {total} lines "
                f"(replies are capped at {limit:,} characters)."
            )
        )
    return blocks


def _size(blocks: Iterable[Block]) -> int:
    """About how many characters ``blocks`` take as text (a line break after each line)."""
    size = 0
    for block in blocks:
        match block:
            case Heading(text) | Quote(text):
                size += len(text) + 1
            case Paragraph(runs) | Note(runs):
                size += len(plain(runs)) + 1
            case Facts(items):
                size += sum(len(f.label) + len(f.value) + 3 for f in items)
            case BulletList(items):
                size += sum(len(plain(item)) + 3 for item in items)
            case Table(columns, rows):
                size += sum(len("  ".join(row)) + 1 for row in (columns, *rows))
    return size


def _bullets(items: Iterable[str]) -> BulletList:
    return BulletList(tuple(spans(item) for item in items))


def _capitalized(runs: tuple[Span, ...]) -> tuple[Span, ...]:
    if not runs or runs[0].style is not Style.PLAIN:
        return runs
    first = runs[0]
    return (Span(first.text[:1].upper() + first.text[1:]), *runs[1:])


def _neutral(run: Span) -> Span:
    return Span(neutralize_mentions(run.text), run.style)


def _list_filters(command: ListCommand) -> str:
    parts = [_status(s) for s in command.statuses]
    if command.department:
        parts.append(f"in {neutralize_mentions(command.department)}")
    if command.since:
        parts.append(f"invited since {command.since.isoformat()}")
    return "(" + ", ".join(parts) + ")" if parts else ""


def _status(status: InterviewStatus) -> str:
    return status.value.replace("_", " ")


def _reason(reason: Reason) -> str:
    return reason_label(reason.value)


def _day(moment: datetime | date | None, tz: tzinfo) -> str:
    if moment is None:
        return "n/a"
    if isinstance(moment, datetime):
        return moment.astimezone(tz).strftime("%Y-%m-%d")
    return moment.isoformat()
