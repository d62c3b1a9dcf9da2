"""Slack Block Kit rendering of a Digest, as plain JSON (no Slack SDK here).

Everything that comes from employees or HR input (quotes, themes, department names, names)
is stripped of mention tokens and has ``& < >`` escaped, and every text object is sent with
``verbatim: true`` so Slack does not turn bare channel names or URLs into links. Texts are
cut to Slack's limits so a large digest can never be rejected.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from exitbot.digest.builder import Digest
from exitbot.digest.text import (
    enps_label,
    participation_label,
    period_label,
    reason_label,
    sentiment_label,
    signed,
)
from exitbot.privacy.redaction import neutralize_mentions, shorten

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_DEPARTMENT_ROWS = 20
FOLDING_NOTE = (
    "Departments with fewer than 5 completed interviews are folded into “other”. "
    "Quotes have names, emails and phone numbers removed."
)

Block = dict[str, Any]


def digest_to_blocks(digest: Digest, tz: tzinfo) -> list[Block]:
    """Block Kit blocks for ``digest`` with dates shown in ``tz``; safe to post as is."""
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": shorten(
                    f"ExitBot digest: {period_label(digest.period, tz)}", MAX_HEADER_TEXT
                ),
                "emoji": False,
            },
        },
        _fields(
            [
                f"*Completed*\n{digest.completed}",
                f"*In progress*\n{digest.in_progress}",
                f"*Declined*\n{digest.declined}",
                f"*Expired*\n{digest.expired}",
                f"*New invitations*\n{digest.invited}",
                f"*Participation*\n{participation_label(digest)}",
                f"*Average sentiment*\n{sentiment_label(digest)}",
                f"*eNPS*\n{enps_label(digest)}",
            ]
        ),
    ]
    if digest.top_reasons:
        lines = [f"• {reason_label(r.reason.value)}: {r.count}" for r in digest.top_reasons]
        blocks.append(_section("*Top reasons*\n" + "\n".join(lines)))
    if digest.top_themes:
        lines = [f"• {escape_mrkdwn(t.theme)}: {t.count}" for t in digest.top_themes]
        blocks.append(_section("*Top themes*\n" + "\n".join(lines)))
    if digest.quotes:
        lines = [f"> {escape_mrkdwn(q)}" for q in digest.quotes]
        blocks.append(_section("*In their words*\n" + "\n".join(lines)))
    if digest.departments:
        blocks.append(_section("*By department*\n" + _department_table(digest)))
    if digest.stalled:
        lines = []
        for item in digest.stalled:
            dept = f", {escape_mrkdwn(item.department)}" if item.department else ""
            lines.append(
                f"• #{item.interview_id} {escape_mrkdwn(item.who)}{dept}: "
                f"{item.status.value.replace('_', ' ')}, idle {item.idle_days:.1f} days"
            )
        blocks.append(_section("*Stalled interviews*\n" + "\n".join(lines)))
    blocks.append(
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": FOLDING_NOTE, "verbatim": True}],
        }
    )
    return blocks[:MAX_BLOCKS]


def escape_mrkdwn(text: str) -> str:
    """Text that Slack shows as written: no mentions, no links, no control sequences."""
    text = neutralize_mentions(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _department_table(digest: Digest) -> str:
    rows = digest.departments[:MAX_DEPARTMENT_ROWS]
    names = [escape_mrkdwn(row.department).replace("`", "'") for row in rows]
    width = min(max((len(n) for n in names), default=10), 30)
    lines = [f"{'department':<{width}}  completed  sentiment  eNPS"]
    for name, row in zip(names, rows, strict=True):
        lines.append(
            f"{shorten(name, width):<{width}}  {row.completed:>9}  "
            f"{signed(row.average_sentiment, 2):>9}  {signed(row.enps, 0):>4}"
        )
    hidden = len(digest.departments) - len(rows)
    table = "```\n" + "\n".join(lines) + "\n```"
    return table + (f"\n…and {hidden} more departments" if hidden > 0 else "")


def _section(text: str) -> Block:
    return {
        "type": "section",
        "text": {"type": "mrkdwn", "text": shorten(text, MAX_SECTION_TEXT), "verbatim": True},
    }


def _fields(texts: list[str]) -> Block:
    return {
        "type": "section",
        "fields": [
            {"type": "mrkdwn", "text": shorten(text, MAX_FIELD_TEXT), "verbatim": True}
            for text in texts[:10]
        ],
    }
