"""The lexicons as one lookup table: every phrase, expanded and normalized, with what it means
in which language. Built once, on first use."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from exitbot.engine.understanding.lexicon import LEXICONS, Sense
from exitbot.engine.understanding.normalize import words

_SYNTAX = re.compile(r"[()\[\]|]|[^()\[\]|]+")


@dataclass(frozen=True, slots=True)
class Meaning:
    sense: Sense
    language: str | None


@dataclass(frozen=True, slots=True)
class NumberWord:
    value: int
    ordinal: bool
    article: bool  # also an article or pronoun ("one", "un")
    languages: frozenset[str]


@dataclass(frozen=True, slots=True)
class PhraseIndex:
    meanings: Mapping[str, tuple[Meaning, ...]]  # phrase (normalized words) -> its meanings
    longest: int  # words in the longest phrase
    numbers: Mapping[str, NumberWord]

    def lookup(self, span: Sequence[str]) -> tuple[Meaning, ...]:
        return self.meanings.get(" ".join(span), ()) if len(span) <= self.longest else ()

    def senses(self, span: Sequence[str]) -> frozenset[Sense]:
        return frozenset(m.sense for m in self.lookup(span))

    def languages(
        self, span: Sequence[str], senses: Iterable[Sense] | None = None
    ) -> frozenset[str]:
        wanted = None if senses is None else frozenset(senses)
        return frozenset(
            m.language
            for m in self.lookup(span)
            if m.language is not None and (wanted is None or m.sense in wanted)
        )


def expand(template: str) -> tuple[str, ...]:
    """Every phrase a template stands for: "(a|b) c [d]" → "a c", "a c d", "b c", "b c d"."""
    pieces = _SYNTAX.findall(template)
    phrases, end = _sequence(pieces, 0)
    if end != len(pieces):
        raise ValueError(f"unbalanced template: {template!r}")
    return tuple(dict.fromkeys(" ".join(p.split()) for p in phrases))


@cache
def phrase_index() -> PhraseIndex:
    meanings: dict[str, dict[Meaning, None]] = {}
    numbers: dict[str, tuple[int, bool, bool, set[str]]] = {}
    for lexicon in LEXICONS:
        for sense, templates in lexicon.phrases.items():
            for template in templates:
                for phrase in expand(template):
                    key = " ".join(words(phrase))
                    if key:
                        meanings.setdefault(key, {})[Meaning(sense, lexicon.language)] = None
        if lexicon.language is None:
            continue
        for table, ordinal in ((lexicon.numbers, False), (lexicon.ordinals, True)):
            for word, value in table.items():
                key = " ".join(words(word))
                article = word in lexicon.article_numbers
                _, _, was_article, languages = numbers.get(key, (value, ordinal, False, set()))
                languages.add(lexicon.language)
                numbers[key] = (value, ordinal, article or was_article, languages)
    return PhraseIndex(
        meanings={k: tuple(v) for k, v in meanings.items()},
        longest=max(len(k.split()) for k in meanings),
        numbers={
            k: NumberWord(value, ordinal, article, frozenset(languages))
            for k, (value, ordinal, article, languages) in numbers.items()
        },
    )


def language_of(votes: Iterable[frozenset[str]]) -> str | None:
    """The one language that accounts for most of the matched words, or None on a tie (a bare
    "no" or "ok" does not tell English from Spanish)."""
    counts = Counter(language for languages in votes for language in languages)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _sequence(pieces: list[str], index: int) -> tuple[list[str], int]:
    phrases = [""]
    while index < len(pieces) and pieces[index] not in ")]|":
        piece = pieces[index]
        if piece in "([":
            choices, index = _choices(pieces, index + 1)
            closing = ")" if piece == "(" else "]"
            if index >= len(pieces) or pieces[index] != closing:
                raise ValueError(f"unbalanced template near {piece!r}")
            if piece == "[":
                choices = ["", *choices]
            index += 1
        else:
            choices, index = [piece], index + 1
        phrases = [f"{p} {c}" if p and c else p or c for p in phrases for c in choices]
    return phrases, index


def _choices(pieces: list[str], index: int) -> tuple[list[str], int]:
    choices, index = _sequence(pieces, index)
    while index < len(pieces) and pieces[index] == "|":
        more, index = _sequence(pieces, index + 1)
        choices.extend(more)
    return choices, index
