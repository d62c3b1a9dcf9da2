"""Adaptive Card 1.5 rendering of a Digest for Microsoft Teams, as plain JSON.

Employee and HR text is made inert: mention tokens and ``<at>`` tags are removed and
Markdown link syntax is broken up, so the card can never ping anyone or carry a link.
The card stays well under Teams' 28 KB message limit (long lists are capped).
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from exitbot.digest.blocks import FOLDING_NOTE, MAX_DEPARTMENT_ROWS
from exitbot.digest.builder import Digest
from exitbot.digest.text import (
    enps_label,
    participation_label,
    period_label,
    reason_label,
    sentiment_label,
    signed,
)
from exitbot.privacy.redaction import neutralize_mentions

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"
MAX_CARD_BYTES = 28 * 1024

Element = dict[str, Any]


def digest_to_card(digest: Digest, tz: tzinfo) -> dict[str, Any]:
    """An Adaptive Card (the attachment's ``content``) for ``digest`` with dates in ``tz``."""
    body: list[Element] = [
        {
            "type": "TextBlock",
            "text": "ExitBot digest",
            "size": "Large",
            "weight": "Bolder",
            "wrap": True,
        },
        {
            "type": "TextBlock",
            "text": period_label(digest.period, tz),
            "isSubtle": True,
            "spacing": "None",
            "wrap": True,
        },
        {
            "type": "FactSet",
            "facts": [
                _fact("Completed", str(digest.completed)),
                _fact("In progress", str(digest.in_progress)),
                _fact("Declined", str(digest.declined)),
                _fact("Expired", str(digest.expired)),
                _fact("New invitations", str(digest.invited)),
                _fact("Participation", participation_label(digest)),
                _fact("Average sentiment", sentiment_label(digest)),
                _fact("eNPS", enps_label(digest)),
            ],
        },
    ]
    if digest.top_reasons:
        body.append(_heading("Top reasons"))
        body.append(
            {
                "type": "FactSet",
                "facts": [
                    _fact(reason_label(r.reason.value), str(r.count)) for r in digest.top_reasons
                ],
            }
        )
    if digest.top_themes:
        body.append(_heading("Top themes"))
        body.append(
            {
                "type": "FactSet",
                "facts": [
                    _fact(escape_card_text(t.theme), str(t.count)) for t in digest.top_themes
                ],
            }
        )
    if digest.quotes:
        body.append(_heading("In their words"))
        body += [
            {
                "type": "TextBlock",
                "text": f"“{escape_card_text(quote)}”",
                "wrap": True,
                "isSubtle": True,
            }
            for quote in digest.quotes
        ]
    if digest.departments:
        body.append(_heading("By department"))
        body.append(_department_table(digest))
    if digest.stalled:
        body.append(_heading("Stalled interviews"))
        body += [
            {
                "type": "TextBlock",
                "text": escape_card_text(
                    f"#{item.interview_id} {item.who}"
                    + (f", {item.department}" if item.department else "")
                    + f": {item.status.value.replace('_', ' ')}, idle {item.idle_days:.1f} days"
                ),
                "wrap": True,
                "spacing": "Small",
            }
            for item in digest.stalled
        ]
    body.append(
        {"type": "TextBlock", "text": FOLDING_NOTE, "wrap": True, "isSubtle": True, "size": "Small"}
    )
    return {"type": "AdaptiveCard", "$schema": CARD_SCHEMA, "version": CARD_VERSION, "body": body}


def escape_card_text(text: str) -> str:
    """Text a Teams card shows as written: no mentions, no ``<at>`` tags, no Markdown links."""
    text = neutralize_mentions(text)
    return text.replace("](", "] (")


def _department_table(digest: Digest) -> Element:
    rows = digest.departments[:MAX_DEPARTMENT_ROWS]

    def row(cells: list[str], bold: bool = False) -> Element:
        return {
            "type": "TableRow",
            "cells": [
                {
                    "type": "TableCell",
                    "items": [
                        {
                            "type": "TextBlock",
                            "text": cell,
                            "wrap": True,
                            "weight": "Bolder" if bold else "Default",
                        }
                    ],
                }
                for cell in cells
            ],
        }

    return {
        "type": "Table",
        "firstRowAsHeader": True,
        "showGridLines": False,
        "columns": [{"width": 3}, {"width": 2}, {"width": 2}, {"width": 1}],
        "rows": [
            row(["Department", "Completed", "Sentiment", "eNPS"], bold=True),
            *(
                row(
                    [
                        escape_card_text(item.department),
                        str(item.completed),
                        signed(item.average_sentiment, 2),
                        signed(item.enps, 0),
                    ]
                )
                for item in rows
            ),
        ],
    }


def _heading(text: str) -> Element:
    return {
        "type": "TextBlock",
        "text": text,
        "weight": "Bolder",
        "spacing": "Medium",
        "wrap": True,
    }


def _fact(title: str, value: str) -> dict[str, str]:
    return {"title": title, "value": value}
