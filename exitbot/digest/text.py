"""Plain-text rendering of a Digest (terminal and `exitbot digest --dry-run`)."""

from __future__ import annotations

from datetime import tzinfo

from exitbot.digest.builder import Digest
from exitbot.redaction import neutralize_mentions


def render_text(digest: Digest, tz: tzinfo) -> str:
    period = digest.period
    start = period.start.astimezone(tz).strftime("%Y-%m-%d")
    end = period.end.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
    lines = [f"ExitBot digest: {start} to {end}", ""]
    rate = f"{digest.participation_rate:.0%}" if digest.participation_rate is not None else "n/a"
    lines.append(
        f"Completed: {digest.completed} | In progress: {digest.in_progress} | "
        f"Declined: {digest.declined} | Expired: {digest.expired} | "
        f"New invitations: {digest.invited}"
    )
    lines.append(f"Participation rate: {rate}")
    if digest.average_sentiment is not None:
        change = digest.sentiment_change
        trend = f" ({change:+.2f} vs previous period)" if change is not None else ""
        lines.append(f"Average sentiment: {digest.average_sentiment:+.2f}{trend}")
    else:
        lines.append("Average sentiment: n/a")
    if digest.enps is not None:
        lines.append(f"eNPS: {digest.enps:+.0f} ({digest.enps_responses} responses)")
    else:
        lines.append("eNPS: n/a")
    if digest.top_reasons:
        lines += ["", "Top reasons:"]
        lines += [f"  {r.reason.value.replace('_', ' ')}: {r.count}" for r in digest.top_reasons]
    if digest.top_themes:
        lines += ["", "Top themes:"]
        lines += [f"  {t.theme}: {t.count}" for t in digest.top_themes]
    if digest.quotes:
        lines += ["", "In their words:"]
        lines += [f'  "{neutralize_mentions(q)}"' for q in digest.quotes]
    if digest.departments:
        lines += ["", "By department (fewer than 5 folded into other):"]
        for row in digest.departments:
            sentiment = (
                f"{row.average_sentiment:+.2f}" if row.average_sentiment is not None else "n/a"
            )
            enps = f"{row.enps:+.0f}" if row.enps is not None else "n/a"
            lines.append(
                f"  {row.department}: {row.completed} completed, sentiment {sentiment}, eNPS {enps}"
            )
    if digest.stalled:
        lines += ["", "Stalled interviews:"]
        for item in digest.stalled:
            dept = f", {item.department}" if item.department else ""
            lines.append(
                f"  #{item.interview_id} {item.who}{dept}: {item.status.value}, "
                f"idle {item.idle_days:.1f} days"
            )
    return "\n".join(lines)
