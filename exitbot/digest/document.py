"""The digest as a neutral ``Document``; each adapter renders it its own way.

Texts that employees or HR wrote (quotes, themes, department names) go in as plain text:
the renderers escape them for their platform, so none of them can ping or link anyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo

from exitbot.core.documents import (
    Block,
    BulletList,
    Document,
    Fact,
    Facts,
    Heading,
    Image,
    Note,
    Paragraph,
    Quote,
    Table,
    spans,
)
from exitbot.digest.builder import Digest
from exitbot.digest.labels import (
    enps_label,
    participation_label,
    period_label,
    reason_label,
    sentiment_label,
    signed,
)

MAX_DEPARTMENT_ROWS = 20
CHART_ALT = "Reasons for leaving by count, and average sentiment by period"
FOLDING_NOTE = (
    "Departments with fewer than 5 completed interviews are folded into “other”. "
    "Quotes have names, emails and phone numbers removed."
)


def digest_document(digest: Digest, tz: tzinfo, chart_png: bytes | None = None) -> Document:
    """``digest`` with dates shown in ``tz``, and ``chart_png`` (when drawn) as an image."""
    blocks: list[Block] = [
        Facts(
            (
                Fact("Completed", str(digest.completed)),
                Fact("In progress", str(digest.in_progress)),
                Fact("Declined", str(digest.declined)),
                Fact("Expired", str(digest.expired)),
                Fact("New invitations", str(digest.invited)),
                Fact("Participation", participation_label(digest)),
                Fact("Average sentiment", sentiment_label(digest)),
                Fact("eNPS", enps_label(digest)),
            )
        )
    ]
    if digest.top_reasons:
        blocks.append(Heading("Top reasons"))
        blocks.append(
            _bullets(f"{reason_label(r.reason.value)}: {r.count}" for r in digest.top_reasons)
        )
    if digest.top_themes:
        blocks.append(Heading("Top themes"))
        blocks.append(_bullets(f"{t.theme}: {t.count}" for t in digest.top_themes))
    if digest.quotes:
        blocks.append(Heading("In their words"))
        blocks += [Quote(quote) for quote in digest.quotes]
    if digest.departments:
        blocks.append(Heading("By department"))
        blocks += _department_table(digest)
    if digest.stalled:
        blocks.append(Heading("Stalled interviews"))
        blocks.append(
            _bullets(
                f"#{item.interview_id} {item.who}"
                + (f", {item.department}" if item.department else "")
                + f": {item.status.value.replace('_', ' ')}, idle {item.idle_days:.1f} days"
                for item in digest.stalled
            )
        )
    if chart_png:
        blocks.append(Image(chart_png, CHART_ALT))
    blocks.append(Note.of(FOLDING_NOTE))
    return Document(f"ExitBot digest: {period_label(digest.period, tz)}", tuple(blocks))


def _department_table(digest: Digest) -> list[Block]:
    shown = digest.departments[:MAX_DEPARTMENT_ROWS]
    table = Table(
        ("Department", "Completed", "Sentiment", "eNPS"),
        tuple(
            (
                row.department,
                str(row.completed),
                signed(row.average_sentiment, 2),
                signed(row.enps, 0),
            )
            for row in shown
        ),
    )
    hidden = len(digest.departments) - len(shown)
    return [table, Paragraph.of(f"…and {hidden} more departments")] if hidden > 0 else [table]


def _bullets(items: Iterable[str]) -> BulletList:
    return BulletList(tuple(spans(item) for item in items))
