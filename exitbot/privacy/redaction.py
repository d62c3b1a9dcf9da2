"""Removing personal data and mentions from employee text before HR or a model sees it."""

from __future__ import annotations

import re
from collections.abc import Iterable

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_CANDIDATE = re.compile(r"(?<![\w/.])\+?\(?\d[\d\s().-]{5,}\d(?![\w/])")
PHONE_DIGITS = range(7, 16)  # E.164 numbers have at most 15 digits; local ones at least 7
SLACK_TOKEN = re.compile(r"<[@!#][^>]*>")
BROADCAST = re.compile(r"(?<!\w)@(here|channel|everyone|all)\b", re.IGNORECASE)
AT_HANDLE = re.compile(r"(?<![\w@])@[\w.-]{2,}")
URL = re.compile(r"https?://\S+", re.IGNORECASE)


def redact_personal_data(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with emails, phone numbers, mentions and the given names masked."""
    text = EMAIL.sub("[email]", text)
    text = PHONE_CANDIDATE.sub(_mask_phone, text)
    text = neutralize_mentions(text)
    for name in sorted(
        {n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True
    ):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "[name]", text, flags=re.IGNORECASE)
    return text


def _mask_phone(match: re.Match[str]) -> str:
    """A phone number has 7-15 digits and no decimal figures ("0.27", "3.5") inside it."""
    candidate = match.group(0)
    digits = sum(ch.isdigit() for ch in candidate)
    if digits not in PHONE_DIGITS or re.search(r"\d\.\d{1,2}(?!\d)", candidate):
        return candidate
    return "[phone]"


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
