"""Cleaning what an employee typed before anything is stored or interpreted."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

MAX_MESSAGE_CHARS = 8000

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_EXCESS_NEWLINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t]+")


class InputProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class CleanedText:
    text: str
    problem: InputProblem | None = None
    original_length: int = 0


def clean_incoming(raw: str | None) -> CleanedText:
    """Normalised text, or the reason it cannot be used as an answer.

    Control characters (except newlines and tabs) and zero-width characters are dropped so
    that nothing invisible is stored or shown to HR; the length limit applies after cleaning.
    """
    text = unicodedata.normalize("NFC", raw or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )
    text = _EXCESS_NEWLINES.sub("\n\n", _SPACES.sub(" ", text)).strip()
    if not text:
        return CleanedText("", InputProblem.EMPTY, len(raw or ""))
    if len(text) > MAX_MESSAGE_CHARS:
        return CleanedText("", InputProblem.TOO_LONG, len(text))
    return CleanedText(text, None, len(text))
