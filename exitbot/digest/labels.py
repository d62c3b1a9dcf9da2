"""How the digest's figures read in words: dates, rates, sentiment, eNPS, reason names.

Shared by the digest document, the chart and HR's ``stats``, so a figure reads the same
everywhere HR sees it.
"""

from __future__ import annotations

from datetime import tzinfo

from exitbot.digest.builder import Digest, Period


def period_label(period: Period, tz: tzinfo) -> str:
    """``2026-10-26 to 2026-11-02 09:00 CET``: the period's days in ``tz``, and when it ends."""
    start = period.start.astimezone(tz).strftime("%Y-%m-%d")
    end = period.end.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
    return f"{start} to {end}"


def participation_label(digest: Digest) -> str:
    """The rate with what it is a share of, so it never reads against the invitations:
    ``78% (7 of 9 that ended)``."""
    rate = digest.participation_rate
    if rate is None:
        return "n/a (none ended)"
    ended = digest.completed + digest.declined + digest.expired
    return f"{rate:.0%} ({digest.completed} of {ended} that ended)"


def sentiment_label(digest: Digest, previous: str = "previous period") -> str:
    """The average sentiment and its change since the ``previous`` period, e.g.
    ``-0.21 (-0.16 vs previous period)``."""
    if digest.average_sentiment is None:
        return "n/a"
    change = digest.sentiment_change
    trend = f" ({change:+.2f} vs {previous})" if change is not None else ""
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
