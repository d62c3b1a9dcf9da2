"""HR-facing texts: plain text with light markdown (``*bold*``), dates in the configured zone.

Everything employee- or model-written arrives here already made safe by ``queries`` (see
``Identity``); this module only lays it out and keeps long replies within a cap.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from exitbot.core.report import Reason
from exitbot.core.statuses import InterviewStatus
from exitbot.digest.builder import MIN_DEPARTMENT_SIZE, Digest
from exitbot.hr.ask import MIN_GROUP_SIZE, AskAnswer
from exitbot.hr.parsing import SUMMARY, USAGE, ListCommand, UsageError
from exitbot.hr.queries import LIST_LIMIT, InterviewDetail, InterviewPage
from exitbot.privacy.redaction import neutralize_mentions

MAX_REPLY_CHARS = 12_000
REFUSAL = "Sorry, only the HR team can use /exitbot commands."
FAILURE = (
    "Sorry, something went wrong while running that command. It has been logged; "
    "please try again in a moment."
)


def help_text(topic: str | None = None) -> str:
    """All commands with a one-line usage each, or one command's usage in detail."""
    if topic in USAGE:
        return f"`{USAGE[topic]}`: {SUMMARY[topic]}."
    lines = [
        "*ExitBot HR commands* (after /exitbot in Slack, or as a message to ExitBot in Teams):"
    ]
    lines.extend(f"• `{USAGE[word]}`: {SUMMARY[word]}" for word in USAGE)
    return "\n".join(lines)


def usage_text(error: UsageError) -> str:
    """What was wrong and the usage line of the command (or the whole help)."""
    problem = neutralize_mentions(error.problem[:1].upper() + error.problem[1:])
    if error.command in USAGE:
        return f"{problem}\nUsage: `{USAGE[error.command]}`"
    return f"{problem}\n\n{help_text()}"


def list_text(page: InterviewPage, command: ListCommand, tz: tzinfo) -> str:
    filters = _list_filters(command)
    if not page.rows:
        return f"No interviews match{' ' + filters if filters else ''}."
    shown = (
        f"newest first, {len(page.rows)} of {page.total}"
        if page.total > len(page.rows)
        else f"newest first, {page.total} in all"
    )
    lines = [f"*Interviews*{' ' + filters if filters else ''} ({shown}):"]
    for row in page.rows:
        parts = [f"*#{row.interview_id}*", row.who]
        if row.department:
            parts.append(row.department)
        parts.append(_status(row.status))
        parts.append(f"invited {_day(row.created_at, tz)}")
        if row.last_day:
            parts.append(f"last day {row.last_day.isoformat()}")
        if row.ended_at and not row.status.is_active:
            parts.append(f"ended {_day(row.ended_at, tz)}")
        lines.append(" · ".join(parts))
    if page.total > LIST_LIMIT:
        lines.append(
            f"_Only the {LIST_LIMIT} newest are shown; narrow with a status, dept= or since=._"
        )
    return "\n".join(lines)


def detail_text(detail: InterviewDetail, tz: tzinfo, limit: int = MAX_REPLY_CHARS) -> str:
    """``show ID``: header, report and as much transcript as fits in ``limit`` characters."""
    if detail.status is InterviewStatus.ERASED:
        when = f" on {_day(detail.erased_at, tz)}" if detail.erased_at else ""
        return (
            f"*Interview #{detail.interview_id}* · erased\n"
            f"The employee asked for their data to be erased{when}; "
            "the transcript and report no longer exist."
        )
    head = [f"*Interview #{detail.interview_id}* · {detail.who}"]
    if detail.department:
        head[0] += f" · {detail.department}"
    if detail.anonymous:
        head.append(
            "_The employee chose to take part anonymously: no name or id is shown, "
            "and personal details in their words are masked._"
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
    head.append(" · ".join(dates))
    flags = []
    if detail.voluntary is not None:
        flags.append("voluntary" if detail.voluntary else "involuntary")
    if detail.regrettable is not None:
        flags.append("regrettable" if detail.regrettable else "non-regrettable")
    if flags:
        head.append("Departure: " + ", ".join(flags))
    if detail.misconduct_flags:
        head.append(
            "*Flagged for HR follow-up:* "
            + ", ".join(flag.replace("_", " ") for flag in detail.misconduct_flags)
        )
    head.extend(_report_lines(detail))
    return _with_transcript("\n".join(head), detail, limit)


def stats_text(digest: Digest, days: int, tz: tzinfo) -> str:
    period = digest.period
    lines = [
        f"*ExitBot stats: the last {days} days* "
        f"({_day(period.start, tz)} to {_day(period.end, tz)})",
        f"Completed {digest.completed} · In progress {digest.in_progress} · "
        f"Declined {digest.declined} · Expired {digest.expired} · "
        f"New invitations {digest.invited}",
        "Participation rate: "
        + (f"{digest.participation_rate:.0%}" if digest.participation_rate is not None else "n/a")
        + " (completed out of completed, declined and expired)",
    ]
    if digest.average_sentiment is None:
        lines.append("Average sentiment: n/a")
    else:
        change = digest.sentiment_change
        trend = f" ({change:+.2f} vs the previous {days} days)" if change is not None else ""
        lines.append(f"Average sentiment: {digest.average_sentiment:+.2f}{trend}")
    lines.append(
        f"eNPS: {digest.enps:+.0f} ({digest.enps_responses} responses)"
        if digest.enps is not None
        else "eNPS: n/a"
    )
    if digest.top_reasons:
        lines.append("*Top reasons*")
        lines.extend(f"• {_reason(r.reason)}: {r.count}" for r in digest.top_reasons)
    if digest.top_themes:
        lines.append("*Top themes*")
        lines.extend(f"• {t.theme}: {t.count}" for t in digest.top_themes)
    if digest.departments:
        lines.append(f"*By department* (fewer than {MIN_DEPARTMENT_SIZE} completed: in other)")
        for row in digest.departments:
            sentiment = (
                f"{row.average_sentiment:+.2f}" if row.average_sentiment is not None else "n/a"
            )
            enps = f"{row.enps:+.0f}" if row.enps is not None else "n/a"
            lines.append(
                f"• {row.department}: {row.completed} completed, sentiment {sentiment}, eNPS {enps}"
            )
    return "\n".join(lines)


def ask_text(answer: AskAnswer, tz: tzinfo) -> str:
    query = answer.query
    window = query.window
    scope = [f"{window.label} ({_day(window.start, tz)} to {_day(window.end, tz)})"]
    if query.department:
        scope.append(f"department {neutralize_mentions(query.department)}")
    if query.reasons:
        scope.append("citing " + " or ".join(_reason(r) for r in query.reasons))
    lines = [f"_I read this as: completed interviews, {', '.join(scope)}._"]
    if not answer.matched:
        lines.append(
            'No completed interviews match. Try a longer period (e.g. "this year") '
            "or fewer filters."
        )
        return "\n".join(lines)
    plural = "s" if answer.matched != 1 else ""
    lines.append(f"*{answer.matched} completed interview{plural}* match.")
    if answer.top_reasons:
        lines.append(
            "Top reasons: "
            + ", ".join(f"{_reason(r.reason)} ({r.count})" for r in answer.top_reasons)
        )
    if answer.average_sentiment is not None:
        lines.append(f"Average sentiment: {answer.average_sentiment:+.2f} (-1 to +1)")
    if answer.quotes_withheld:
        lines.append(
            f"_Quotes are left out: fewer than {MIN_GROUP_SIZE} interviews match this "
            "department, so quotes could single someone out._"
        )
    elif answer.quotes:
        lines.append("*In their words* (personal details masked)")
        lines.extend(f'> "{quote}"' for quote in answer.quotes)
    return "\n".join(lines)


# --- helpers ----------------------------------------------------------------------------------


def _report_lines(detail: InterviewDetail) -> list[str]:
    report = detail.report
    if report is None:
        lines = ["_No report yet: it is written when the interview is completed._"]
        if detail.answer_sentiment is not None:
            lines.append(
                f"Sentiment so far: {detail.answer_sentiment:+.2f} "
                f"(over {detail.answers} answer{'s' if detail.answers != 1 else ''})"
            )
        return lines
    lines = ["*Summary*", report.summary]
    if report.reasons:
        lines.append("*Reasons:* " + ", ".join(_reason(r) for r in report.reasons))
    if report.themes:
        lines.append("*Themes:* " + "; ".join(report.themes))
    figures = [f"*Sentiment:* {report.sentiment:+.2f}"]
    if report.enps is not None:
        figures.append(f"*Would recommend:* {report.enps}/10")
    if report.would_return is not None:
        figures.append(f"*Would return:* {'yes' if report.would_return else 'no'}")
    lines.append(" · ".join(figures))
    if report.recommendations:
        lines.append("*Recommendations*")
        lines.extend(f"• {item}" for item in report.recommendations)
    if report.quotes:
        lines.append("*Quotes*")
        lines.extend(f'> "{quote}"' for quote in report.quotes)
    return lines


def _with_transcript(head: str, detail: InterviewDetail, limit: int) -> str:
    if not detail.transcript:
        return head + "\n*Transcript*\n_(empty)_"
    total = len(detail.transcript)
    title = f"*Transcript* ({total} line{'s' if total != 1 else ''})"
    text = f"{head}\n{title}"
    # Leave room for the truncation note so the whole reply stays within ``limit``.
    budget = limit - len(text) - 200
    lines: list[str] = []
    for line in detail.transcript:
        speaker = "Employee" if line.from_employee else "ExitBot"
        rendered = f"{speaker}: {line.text}"
        if len(rendered) + 1 > budget:
            break
        lines.append(rendered)
        budget -= len(rendered) + 1
    text = "\n".join([text, *lines])
    if len(lines) < total:
        text += (
            f"\n_Transcript truncated: showing the first {len(lines)} of {total} lines "
            f"(replies are capped at {limit:,} characters)._"
        )
    return text


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
    return reason.value.replace("_", " ")


def _day(moment: datetime | date | None, tz: tzinfo) -> str:
    if moment is None:
        return "n/a"
    if isinstance(moment, datetime):
        return moment.astimezone(tz).strftime("%Y-%m-%d")
    return moment.isoformat()
