"""Quotes HR may read in a digest or an ``ask`` answer: one per person, newest first, with
personal data and the speaker's own names masked whether or not the interview was anonymous
(a quote read next to others is not tied to any interview HR has opened)."""

from __future__ import annotations

from collections.abc import Iterable

from exitbot.privacy.personal_data import identifying_names
from exitbot.privacy.redaction import redact_personal_data, shorten
from exitbot.store.report_rows import QuoteSource

QUOTE_CHARS = 240
# Rows read per quote wanted: a report's quotes may all repeat ones already picked.
ROWS_PER_QUOTE = 3


def pick_quotes(sources: Iterable[QuoteSource], limit: int) -> list[str]:
    """Up to ``limit`` distinct redacted quotes, the first usable one of each source."""
    quotes: list[str] = []
    for source in sources:
        names = identifying_names(source.display_name, source.email, source.platform_user_id)
        for quote in source.quotes:
            cleaned = shorten(redact_personal_data(quote, names), QUOTE_CHARS)
            if cleaned and cleaned not in quotes:
                quotes.append(cleaned)
                break
        if len(quotes) >= limit:
            break
    return quotes
