"""Which parts of the summary the employee asks to leave out: by number ("remove 4 and 5",
"drop #3", "4 und 5 entfernen") or by name ("remove the quotes", "don't include my rating")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from exitbot.engine.understanding.lexicon import Sense
from exitbot.engine.understanding.normalize import clauses
from exitbot.engine.understanding.phrases import language_of, phrase_index


class PartKind(StrEnum):
    """Named parts of the summary the employee may leave out."""

    SUMMARY = "summary"
    REASONS = "reasons"
    THEMES = "themes"
    QUOTES = "quotes"
    SUGGESTIONS = "suggestions"
    RATING = "rating"  # the 0-10 rating (and would-return)


@dataclass(frozen=True, slots=True)
class Removal:
    numbers: tuple[int, ...] = ()  # the parts' numbers as shown, ascending
    parts: frozenset[PartKind] = frozenset()


@dataclass(frozen=True, slots=True)
class RemovalRequest:
    removal: Removal | None  # None: something should go, but the words do not say what
    language: str | None


_PARTS: dict[Sense, PartKind] = {
    Sense.PART_SUMMARY: PartKind.SUMMARY,
    Sense.PART_REASONS: PartKind.REASONS,
    Sense.PART_THEMES: PartKind.THEMES,
    Sense.PART_QUOTES: PartKind.QUOTES,
    Sense.PART_SUGGESTIONS: PartKind.SUGGESTIONS,
    Sense.PART_RATING: PartKind.RATING,
}
# Parts shown as several numbered lines: a number beside one ("quote 2", "the second quote")
# may count among those lines or among all of them, so it names nothing for sure.
_COUNTED = frozenset(
    {Sense.PART_QUOTES, Sense.PART_REASONS, Sense.PART_THEMES, Sense.PART_SUGGESTIONS}
)
# In the order that settles a phrase with several senses ("no" is a marker before a part).
_SENSES = (
    Sense.REMOVE_VERB,
    Sense.REMOVE_WEAK,
    *_PARTS,
    Sense.PART_SINGLE,
    Sense.UNIT,
    Sense.REMOVE_HEAD,
    Sense.REMOVE_PARTICLE,
    Sense.ITEM,
    Sense.RANGE,
    Sense.NEGATION,
    Sense.ARTICLE,
    Sense.CONNECTOR,
    Sense.FILLER,
)
_GLUE = frozenset(
    {Sense.ITEM, Sense.ARTICLE, Sense.RANGE, Sense.CONNECTOR, Sense.FILLER, Sense.REMOVE_WEAK}
)
_VOTING = frozenset(
    {
        Sense.REMOVE_VERB,
        Sense.REMOVE_WEAK,
        Sense.REMOVE_HEAD,
        Sense.PART_SINGLE,
        Sense.ITEM,
        *_PARTS,
    }
)
_DASH_RANGE = re.compile(r"(\d)\s*[-–—]\s*(?=\d)")
_DIGIT_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th|o|a|e|eme|ieme|er|re|ere|te|ten)")
_MAX_RANGE = 20


@dataclass(frozen=True, slots=True)
class _Piece:
    senses: frozenset[Sense]
    languages: frozenset[str]
    number: int | None = None

    def has(self, sense: Sense) -> bool:
        return sense in self.senses

    @property
    def is_part(self) -> bool:
        return any(s in _PARTS for s in self.senses)


def read_removal(text: str) -> RemovalRequest | None:
    """What a summary reply asks to leave out, or None when it asks for no removal.

    A removal needs a removing word ("remove", "leave out", "ohne", "quita", "retire"), not
    negated ("don't remove the quotes" keeps them). Its objects are the numbers and part
    names in the same clause and in clauses made only of them ("remove 2, 3").
    """
    found = [_pieces(c) for c in clauses(_DASH_RANGE.sub(r"\1 to ", text))]
    markers = [(c, k, strong) for c, pieces in enumerate(found) for k, strong in _markers(pieces)]
    live = [(c, k, strong) for c, k, strong in markers if not _negated(found[c], k)]
    if not live:
        return None
    marked = {c for c, _, _ in live}
    objects = [
        p for c, pieces in enumerate(found) if c in marked or _objects_only(pieces) for p in pieces
    ]
    votes = [p.languages for p in objects if p.senses & _VOTING]
    language = language_of(votes)
    numbers: set[int] = set()
    parts: set[PartKind] = set()
    for c, pieces in enumerate(found):
        if c not in marked and not _objects_only(pieces):
            continue
        if _unpinned(pieces):
            return RemovalRequest(None, language)
        numbers.update(_numbers(pieces))
        parts.update(_PARTS[s] for p in pieces for s in p.senses if s in _PARTS)
    if numbers or parts:
        return RemovalRequest(Removal(tuple(sorted(numbers)), frozenset(parts)), language)
    if any(strong for _, _, strong in live):
        return RemovalRequest(None, language)
    return None


def _pieces(clause: tuple[str, ...]) -> list[_Piece]:
    """The clause as its longest known phrases, numbers, and unknown words (no senses)."""
    index = phrase_index()
    pieces: list[_Piece] = []
    start = 0
    while start < len(clause):
        word = clause[start]
        number = _number(word, pieces)
        if number is not None:
            pieces.append(_Piece(frozenset(), frozenset(), number))
            start += 1
            continue
        for end in range(min(len(clause), start + index.longest), start, -1):
            senses = index.senses(clause[start:end]) & frozenset(_SENSES)
            if senses:
                languages = index.languages(clause[start:end], senses & _VOTING)
                pieces.append(_Piece(senses, languages))
                start = end
                break
        else:
            pieces.append(_Piece(frozenset(), frozenset()))
            start += 1
    return pieces


def _number(word: str, before: Sequence[_Piece]) -> int | None:
    if word.isdigit():
        return int(word) if len(word) <= 2 else None
    if match := _DIGIT_ORDINAL.fullmatch(word):
        return int(match.group(1))
    known = phrase_index().numbers.get(word)
    if known is None:
        return None
    if known.article and not (before and before[-1].has(Sense.ITEM)):
        return None  # "one", "un": a number only as "item one", "punto uno"
    return known.value


def _markers(pieces: Sequence[_Piece]) -> list[tuple[int, bool]]:
    """Where the removing words are, and whether each is strong (a verb: a removal even
    without an object) or weak ("without", "no": a removal only before a part's name)."""
    found: list[tuple[int, bool]] = []
    for k, piece in enumerate(pieces):
        if piece.has(Sense.REMOVE_VERB):
            found.append((k, True))
        elif piece.has(Sense.REMOVE_WEAK) and not piece.is_part:
            following = next((p for p in pieces[k + 1 :] if not p.has(Sense.ARTICLE)), None)
            if following is not None and following.is_part:
                found.append((k, False))
        elif piece.has(Sense.REMOVE_HEAD) and any(
            p.has(Sense.REMOVE_PARTICLE) for p in pieces[k + 1 :]
        ):
            found.append((k, True))
    return found


def _negated(pieces: Sequence[_Piece], k: int) -> bool:
    """A negation just before the marker: "don't remove", "nicht entfernen". A bare "no"
    before it is a reply of its own ("no remove 3")."""
    before = pieces[max(0, k - 2) : k]
    return any(
        p.has(Sense.NEGATION) and not p.has(Sense.REMOVE_WEAK) and not p.has(Sense.ITEM)
        for p in before
    )


def _objects_only(pieces: Sequence[_Piece]) -> bool:
    """A clause that only lists parts or numbers ("3", "and the quotes")."""
    return any(p.number is not None or p.is_part for p in pieces) and all(
        p.number is not None or p.is_part or p.has(Sense.PART_SINGLE) or p.senses & _GLUE
        for p in pieces
    )


def _unpinned(pieces: Sequence[_Piece]) -> bool:
    """A single quote or reason named, or a number beside a part of several lines: what to
    remove cannot be told from the words."""
    if any(p.has(Sense.PART_SINGLE) and not p.is_part for p in pieces):
        return True
    content = [p for p in pieces if not p.has(Sense.ARTICLE)]
    for left, right in pairwise(content):
        pair = (left, right)
        if any(p.number is not None for p in pair) and any(p.senses & _COUNTED for p in pair):
            return True
    return False


def _numbers(pieces: Sequence[_Piece]) -> set[int]:
    numbers: set[int] = set()
    for k, piece in enumerate(pieces):
        if piece.number is None or not 1 <= piece.number <= 99:
            continue
        following = pieces[k + 1] if k + 1 < len(pieces) else None
        if following is not None and following.has(Sense.UNIT):
            continue  # "5 years"
        numbers.add(piece.number)
        ahead = pieces[k + 2] if k + 2 < len(pieces) else None
        if following is not None and following.has(Sense.RANGE) and ahead is not None:
            last = ahead.number
            if last is not None and piece.number < last <= piece.number + _MAX_RANGE:
                numbers.update(range(piece.number, last + 1))
    return numbers
