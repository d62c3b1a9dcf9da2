"""What each audience sees in place of personal data (found by ``personal_data``).

- HR views of anonymous interviews, digest and ``ask`` quotes, stored reports:
  ``redact_personal_data`` masks names, emails, phone numbers, platform ids and mentions.
- Any employee- or model-written text shown in a chat: ``neutralize_mentions`` leaves it as
  it is but unable to ping anyone.
- Logs: ``mask_contact_details`` masks emails, phone numbers and mention tokens.
- Prompts: ``exitbot.privacy.pseudonyms`` masks everything, links included, and names by
  pseudonym.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable

from exitbot.privacy.personal_data import (
    MENTIONS,
    NO_NAMES,
    Kind,
    Names,
    Span,
    find_personal_data,
)

PERSONAL_DATA = frozenset({Kind.EMAIL, Kind.PHONE, Kind.PLATFORM_ID, *MENTIONS})
CONTACT_DETAILS = frozenset({Kind.EMAIL, Kind.PHONE, *MENTIONS})
# An "@" (email, mention), a "<" (Slack or Teams token) or seven digits close together.
_MAY_HOLD_CONTACT_DETAILS = re.compile(r"[@<]|\d(?:[\s().\-/]{0,3}\d){6}")
LABELS: dict[Kind, str] = {
    Kind.LINK: "[link]",
    Kind.EMAIL: "[email]",
    Kind.PHONE: "[phone]",
    Kind.PLATFORM_ID: "[id]",
    Kind.MENTION: "[mention]",
    Kind.MENTION_TAG: "",
    Kind.NAME: "[name]",
}


def redact_personal_data(text: str, names: Names | Iterable[str] = ()) -> str:
    """``text`` with emails, phone numbers, platform ids, mentions and ``names`` (each with
    its parts) masked; a link is kept whole, or masked whole when it holds any of these."""
    if not isinstance(names, Names):
        names = Names.of_people(names)
    return mask(text, PERSONAL_DATA, names)


def neutralize_mentions(text: str) -> str:
    """``text`` with no token that any chat platform would turn into a ping."""
    if "@" not in text and "<" not in text:
        return text
    return mask(text, MENTIONS)


def mask_contact_details(text: str) -> str:
    """``text`` with emails, phone numbers and mention tokens masked (for logs, so the common
    case, nothing to mask, costs one regular-expression search)."""
    if not _MAY_HOLD_CONTACT_DETAILS.search(text):
        return text
    return mask(text, CONTACT_DETAILS)


def mask(
    text: str,
    kinds: Collection[Kind],
    names: Names = NO_NAMES,
    *,
    label: Callable[[Span], str] | None = None,
) -> str:
    """``text`` with each span of ``kinds`` (and ``names``) replaced by its label."""
    spans = find_personal_data(text, kinds, names)
    if not spans:
        return text
    label = label or label_for
    parts: list[str] = []
    position = 0
    for span in spans:
        parts += [text[position : span.start], label(span)]
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


def label_for(span: Span) -> str:
    """ "[email]", "[phone]", …; a broadcast ("@here") keeps its word without the "@"."""
    if span.kind is Kind.BROADCAST:
        return span.text.lstrip("@")
    return LABELS[span.kind]


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"
