"""Removing personal data and mentions from employee text before HR or a model sees it."""

from __future__ import annotations

import re
from collections.abc import Iterable

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w/])\+?\d[\d\s().-]{6,}\d(?![\w/])")
SLACK_TOKEN = re.compile(r"<[@!#][^>]*>")
BROADCAST = re.compile(r"(?<!\w)@(here|channel|everyone|all)\b", re.IGNORECASE)
AT_HANDLE = re.compile(r"(?<![\w@])@[\w.-]{2,}")
URL = re.compile(r"https?://\S+", re.IGNORECASE)


def redact_personal_data(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with emails, phone numbers, mentions and the given names masked."""
    text = EMAIL.sub("[email]", text)
    text = PHONE.sub("[phone]", text)
    text = neutralize_mentions(text)
    for name in sorted(
        {n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True
    ):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "[name]", text, flags=re.IGNORECASE)
    return text


def neutralize_mentions(text: str) -> str:
    """``text`` with no token that any chat platform would turn into a ping."""
    text = SLACK_TOKEN.sub("[mention]", text)
    text = BROADCAST.sub(r"\1", text)
    return AT_HANDLE.sub("[mention]", text)


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"
