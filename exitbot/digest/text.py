"""Plain-text rendering of a Digest (terminal and `exitbot digest --dry-run`), and the small
wording helpers the Block Kit and Adaptive Card renderers share with it."""

from __future__ import annotations

from datetime import tzinfo

from exitbot.digest.builder import Digest, Period
from exitbot.privacy.redaction import neutralize_mentions


def render_text(digest: Digest, tz: tzinfo) -> str:
    lines = [f"ExitBot digest: {period_label(digest.period, tz)}", ""]
    lines.append(
        f"Completed: {digest.completed} | In progress: {digest.in_progress} | "
        f"Declined: {digest.declined} | Expired: {digest.expired} | "
        f"New invitations: {digest.invited}"
    )
    lines.append(f"Participation rate: {participation_label(digest)}")
    lines.append(f"Average sentiment: {sentiment_label(digest)}")
    lines.append(f"eNPS: {enps_label(digest)}")
    if digest.top_reasons:
        lines += ["", "Top reasons:"]
        lines += [f"  {reason_label(r.reason.value)}: {r.count}" for r in digest.top_reasons]
    if digest.top_themes:
        lines += ["", "Top themes:"]
        lines += [f"  {neutralize_mentions(t.theme)}: {t.count}" for t in digest.top_themes]
    if digest.quotes:
        lines += ["", "In their words:"]
        lines += [f'  "{neutralize_mentions(q)}"' for q in digest.quotes]
    if digest.departments:
        lines += ["", "By department (fewer than 5 folded into other):"]
        for row in digest.departments:
            sentiment = signed(row.average_sentiment, 2)
            enps = signed(row.enps, 0)
            lines.append(
                f"  {neutralize_mentions(row.department)}: {row.completed} completed, "
                f"sentiment {sentiment}, eNPS {enps}"
            )
    if digest.stalled:
        lines += ["", "Stalled interviews:"]
        for item in digest.stalled:
            dept = f", {neutralize_mentions(item.department)}" if item.department else ""
            lines.append(
                f"  #{item.interview_id} {neutralize_mentions(item.who)}{dept}: "
                f"{item.status.value}, idle {item.idle_days:.1f} days"
            )
    return "\n".join(lines)


def render_headline(digest: Digest, tz: tzinfo) -> str:
    """One line for notifications and chat fallbacks: the period and the main counts."""
    return (
        f"ExitBot digest {period_label(digest.period, tz)}: {digest.completed} completed, "
        f"{digest.in_progress} in progress, {digest.declined} declined, "
        f"{digest.expired} expired"
    )


def period_label(period: Period, tz: tzinfo) -> str:
    start = period.start.astimezone(tz).strftime("%Y-%m-%d")
    end = period.end.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
    return f"{start} to {end}"


def participation_label(digest: Digest) -> str:
    rate = digest.participation_rate
    return f"{rate:.0%}" if rate is not None else "n/a"


def sentiment_label(digest: Digest) -> str:
    if digest.average_sentiment is None:
        return "n/a"
    change = digest.sentiment_change
    trend = f" ({change:+.2f} vs previous period)" if change is not None else ""
    return f"{digest.average_sentiment:+.2f}{trend}"


def enps_label(digest: Digest) -> str:
    if digest.enps is None:
        return "n/a"
    noun = "response" if digest.enps_responses == 1 else "responses"
    return f"{digest.enps:+.0f} ({digest.enps_responses} {noun})"


def reason_label(reason: str) -> str:
    return reason.replace("_", " ")


def signed(value: float | None, decimals: int) -> str:
    return "n/a" if value is None else f"{value:+.{decimals}f}"
