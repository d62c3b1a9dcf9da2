"""Reading what a person typed in Slack, making any text safe to post there, and cutting it
to Slack's size limits.

Slack turns ``<!channel>``, ``<@U123>`` and ``<https://…|label>`` into pings and links; escaping
``&``, ``<`` and ``>`` (Slack's own rule) makes them literal text. Zero-width characters are
removed so that a name or keyword cannot be disguised from a reader or from our own checks.
"""

from __future__ import annotations

import re

SECTION_TEXT_LIMIT = 3000
"""Slack's maximum for a section block's text."""

FALLBACK_TEXT_LIMIT = 3900
"""Notification / fallback ``text`` beside blocks; Slack truncates past 4,000 characters."""

_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_TOKEN = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def typed_text(text: str) -> str:
    """A message's ``text`` as the person typed it.

    Slack sends ``&``, ``<`` and ``>`` as entities and wraps mentions and links in ``<…>``.
    Stored as sent, they would reach HR escaped twice ("&amp;amp;") and models as markup.
    Mentions become neutral tokens (``@U123``, ``#general``, ``@here``), links their visible
    text and address, and only then are the entities decoded.
    """
    text = _TOKEN.sub(_token_text, text)
    for entity, character in _ENTITIES:
        text = text.replace(entity, character)
    return text


def _token_text(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith("@"):
        return target
    if target.startswith("#"):
        return f"#{label}" if label else target
    if target.startswith("!"):
        special = target[1:].split("^", 1)[0]
        return f"@{label or special}"
    address = target.removeprefix("mailto:")
    if label and label != address:
        return f"{label} ({address})"
    return address


def escape_mrkdwn(text: str) -> str:
    """``text`` with no character Slack would read as markup that mentions or links."""
    text = _INVISIBLE.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_label(text: str) -> str:
    """Text for a ``plain_text`` object (a button): no markup characters, nothing invisible."""
    return _INVISIBLE.sub("", text).replace("<", "").replace(">", "")


def split_text(text: str, limit: int = SECTION_TEXT_LIMIT) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at paragraphs, lines, then words.

    Works on already-escaped text and never cuts inside an ``&amp;``-style entity.
    """
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 2:
            cut = limit
            entity = window.rfind("&", limit - 5)
            if entity != -1 and ";" not in window[entity:]:
                cut = entity
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def truncate(text: str, limit: int, note: str = "…") -> str:
    """At most ``limit`` characters, ending with ``note`` when something was cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(note)]
    entity = cut.rfind("&", len(cut) - 5)
    if entity != -1 and ";" not in cut[entity:]:
        cut = cut[:entity]
    return cut.rstrip() + note
