"""The words an employee can use at any time, recognised only as a whole message."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Word(StrEnum):
    HELP = "help"
    SKIP = "skip"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    DELETE = "delete my data"
    YES = "yes"
    NO = "no"
    ANONYMOUS = "anonymous"
    REMOVE = "remove"


_PHRASES: dict[Word, frozenset[str]] = {
    Word.HELP: frozenset({"help", "?", "commands", "what can i say", "options"}),
    Word.SKIP: frozenset({"skip", "skip this", "skip it", "skip question", "next question"}),
    Word.PAUSE: frozenset({"pause", "pause please", "later", "let's pause", "lets pause"}),
    Word.RESUME: frozenset({"resume", "continue", "carry on", "i'm back", "im back", "back"}),
    Word.STOP: frozenset({"stop", "quit", "end", "end interview", "stop interview", "exit"}),
    Word.DELETE: frozenset(
        {"delete my data", "delete my answers", "erase my data", "delete data", "forget me"}
    ),
    Word.YES: frozenset(
        {
            "yes",
            "y",
            "yeah",
            "yep",
            "yes please",
            "sure",
            "ok",
            "okay",
            "start",
            "let's go",
            "lets go",
            "go ahead",
            "confirm",
            "correct",
            "looks good",
            "looks right",
            "that's right",
            "save",
            "save it",
            "begin",
        }
    ),
    Word.NO: frozenset({"no", "n", "nope", "not now", "no thanks", "decline", "no thank you"}),
    Word.ANONYMOUS: frozenset(
        {
            "anonymous",
            "anon",
            "anonymously",
            "yes anonymously",
            "yes, anonymously",
            "start anonymously",
        }
    ),
}
_REMOVE = re.compile(r"^(?:remove|delete|drop)\s+(?:item\s+|part\s+|#)?(\d{1,2})$")
_TRAILING = re.compile(r"[\s.!]+$")


@dataclass(frozen=True, slots=True)
class ParsedWord:
    word: Word
    number: int | None = None


def parse_word(text: str) -> ParsedWord | None:
    """The word ``text`` is, or None when it is an ordinary answer."""
    normalized = _TRAILING.sub("", text.strip().lower()).replace("’", "'")
    if len(normalized) > 40:
        return None
    if match := _REMOVE.match(normalized):
        return ParsedWord(Word.REMOVE, int(match.group(1)))
    for word, phrases in _PHRASES.items():
        if normalized in phrases:
            return ParsedWord(word)
    return None
