"""What a reply means at the decision point the interview is at, decided from words alone.

A message is read as a command only when every one of its words belongs to a known phrase
(politeness and "and"/"but" included): "skip this one please" is a command, "I wanted to skip
the standups" is an answer because "the standups" belongs to no phrase. Nothing is guessed
from a single word inside a longer text, so an ordinary answer never becomes "stop" or
"delete". What the phrases mean then depends on the step: "keep it" saves a summary and
refuses an erasure; "lieber nicht" declines the invitation and skips a question.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from exitbot.engine.understanding.lexicon import Sense
from exitbot.engine.understanding.normalize import clauses
from exitbot.engine.understanding.phrases import language_of, phrase_index
from exitbot.engine.understanding.removal import Removal, read_removal

MAX_COMMAND_WORDS = 12
"""Longer messages are never commands (except a removal request at the summary, which may
give its reason). People type commands tersely; a longer text is content, and treating it as
content is the safe mistake: an answer read as "stop" would end the interview."""

_TYPO_WORDS = 6  # typos are corrected only in short replies, where a word is the whole reply


class Step(StrEnum):
    """The decision point the interview is at."""

    CONSENT = "consent"  # after the invitation: yes / anonymous / no / later
    ANSWER = "answer"  # a question is open: only clear commands count, the rest is an answer
    SUMMARY = "summary"  # "here is what I'll record": confirm / remove parts / want a change
    ERASE = "erase"  # "delete your data?": yes / no
    OTHER = "other"  # paused or finished interview: control words only


class Intent(StrEnum):
    YES = "yes"
    ANONYMOUS = "anonymous"
    NO = "no"
    HELP = "help"
    SKIP = "skip"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    DELETE = "delete"
    SHOW_DATA = "show_data"
    REMOVE = "remove"


@dataclass(frozen=True, slots=True)
class Understanding:
    intent: Intent | None  # None: no intent (at Step.ANSWER: it is an answer)
    ambiguous: bool = False  # could be an intent, but the words do not settle which
    removal: Removal | None = None  # set with Intent.REMOVE
    language: str | None = None  # ISO 639-1 code of the lexicon that matched, when one did


class _Role(StrEnum):
    NEUTRAL = "neutral"  # says nothing by itself: please, thanks, and
    HEDGE = "hedge"  # undecided: maybe, hmm


_Meaning = Intent | _Role

# What each sense means at each step. The order settles a phrase with several senses:
# "lieber nicht" is a no at consent and a skip during an answer.
_COMMON: Mapping[Sense, _Meaning] = {
    Sense.DELETE: Intent.DELETE,
    Sense.SHOW_DATA: Intent.SHOW_DATA,
    Sense.STOP: Intent.STOP,
    Sense.HELP: Intent.HELP,
}
_NEUTRAL: Mapping[Sense, _Meaning] = {
    Sense.HEDGE: _Role.HEDGE,
    Sense.FILLER: _Role.NEUTRAL,
    Sense.CONNECTOR: _Role.NEUTRAL,
}
_MEANINGS: Mapping[Step, Mapping[Sense, _Meaning]] = {
    Step.CONSENT: {
        **_COMMON,
        Sense.ANONYMOUS: Intent.ANONYMOUS,
        Sense.DECLINE: Intent.NO,
        Sense.PAUSE: Intent.PAUSE,
        Sense.AFFIRM: Intent.YES,
        Sense.FINE: Intent.YES,
        Sense.RESUME: Intent.YES,  # "let's continue" after the invitation: start
        **_NEUTRAL,
    },
    Step.ANSWER: {
        Sense.SKIP: Intent.SKIP,
        Sense.PAUSE: Intent.PAUSE,
        **_COMMON,
        Sense.RESUME: Intent.RESUME,
        # "ok, skip it": acknowledgements are not answers; a bare yes or no is.
        **_NEUTRAL,
        Sense.FINE: _Role.NEUTRAL,
        Sense.AFFIRM: Intent.YES,
        Sense.DECLINE: Intent.NO,
    },
    Step.SUMMARY: {
        **_COMMON,
        Sense.PAUSE: Intent.PAUSE,
        Sense.CHANGE: Intent.NO,
        Sense.CONFIRM: Intent.YES,
        Sense.FINE: Intent.YES,
        Sense.AFFIRM: Intent.YES,
        Sense.DECLINE: Intent.NO,
        **_NEUTRAL,
    },
    Step.ERASE: {
        Sense.KEEP: Intent.NO,
        Sense.DELETE: Intent.YES,
        Sense.ERASE: Intent.YES,
        Sense.AFFIRM: Intent.YES,
        Sense.DECLINE: Intent.NO,
        **_NEUTRAL,
        Sense.FINE: _Role.NEUTRAL,  # "no, that's fine" keeps the data
    },
    Step.OTHER: {
        **_COMMON,
        Sense.ANONYMOUS: Intent.ANONYMOUS,
        Sense.RESUME: Intent.RESUME,
        Sense.PAUSE: Intent.PAUSE,
        Sense.DECLINE: Intent.NO,
        Sense.AFFIRM: Intent.YES,
        Sense.FINE: Intent.YES,
        **_NEUTRAL,
    },
}

# Which other intents in the same message an intent absorbs: "yes, but anonymously" is
# anonymous, "no, stop" is stop, "ok let's pause" is pause. Any other mix is a conflict.
# A skip absorbs no yes or no: "No. Next question." answers the question, then moves on.
_ABSORBS: Mapping[Intent, frozenset[Intent]] = {
    Intent.DELETE: frozenset(Intent),
    Intent.STOP: frozenset({Intent.YES, Intent.NO, Intent.HELP}),
    Intent.PAUSE: frozenset({Intent.YES, Intent.NO, Intent.HELP, Intent.RESUME}),
    Intent.SHOW_DATA: frozenset({Intent.YES, Intent.NO, Intent.HELP}),
    Intent.SKIP: frozenset({Intent.HELP, Intent.RESUME}),
    Intent.RESUME: frozenset({Intent.YES, Intent.HELP}),
    Intent.ANONYMOUS: frozenset({Intent.YES}),
}
_COMMITTING = frozenset({Intent.YES, Intent.NO, Intent.ANONYMOUS, Intent.DELETE, Intent.STOP})
_NOT_ANSWERS = frozenset({Intent.YES, Intent.NO, Intent.ANONYMOUS})
_DECISIONS = frozenset({Step.CONSENT, Step.SUMMARY, Step.OTHER})  # where "ambiguous" is said
# Typo correction may turn "anonymus" into "anonymous", never anything into "stop" or "delete".
_CORRECTABLE = frozenset(
    {
        Sense.AFFIRM,
        Sense.FINE,
        Sense.CONFIRM,
        Sense.DECLINE,
        Sense.CHANGE,
        Sense.ANONYMOUS,
        Sense.HEDGE,
        Sense.HELP,
        Sense.PAUSE,
        Sense.RESUME,
        Sense.SHOW_DATA,
        Sense.FILLER,
        Sense.CONNECTOR,
    }
)


@dataclass(frozen=True, slots=True)
class _Segment:
    sense: Sense
    meaning: _Meaning
    languages: frozenset[str]


def understand(text: str, step: Step) -> Understanding:
    """What ``text`` means at ``step``; ``Understanding(None)`` when it is not a reply the
    words settle (at ``Step.ANSWER``: when it is an answer)."""
    found = clauses(text)
    count = sum(len(c) for c in found)
    if count == 0:
        asked = "?" in text and step is not Step.ERASE
        return Understanding(Intent.HELP if asked else None)
    if count <= MAX_COMMAND_WORDS:
        covered = _cover(found, step)
        if covered is not None:
            return _resolve(covered, step)
    if step is Step.SUMMARY:
        request = read_removal(text)
        if request is not None:
            if request.removal is None:  # something should go, but the words do not say what
                return Understanding(Intent.NO, language=request.language)
            return Understanding(Intent.REMOVE, removal=request.removal, language=request.language)
    if step not in _DECISIONS:
        return Understanding(None)
    if count <= _TYPO_WORDS:
        corrected = _corrected(found)
        if corrected != found and (covered := _cover(corrected, step)) is not None:
            understood = _resolve(covered, step)
            if understood.intent not in (Intent.DELETE, Intent.STOP):
                return understood
    return _undecided(found, count, step)


def _cover(found: Sequence[tuple[str, ...]], step: Step) -> list[_Segment] | None:
    """The message as the fewest known phrases, or None when a word belongs to none.

    Phrases are looked for within clauses first, as a comma separates replies ("no, está
    bien" confirms, "no está bien" does not), then across them, as a comma may also sit
    inside a phrase ("löscht alles, was ich gesagt habe")."""
    segments: list[_Segment] = []
    for clause in found:
        covered = _cover_clause(clause, step)
        if covered is None:
            break
        segments.extend(covered)
    else:
        return segments
    if len(found) == 1:
        return None
    return _cover_clause(tuple(word for clause in found for word in clause), step)


def _cover_clause(clause: tuple[str, ...], step: Step) -> list[_Segment] | None:
    longest = phrase_index().longest
    best: list[list[_Segment] | None] = [[]] + [None] * len(clause)
    for end in range(1, len(clause) + 1):
        for start in range(max(0, end - longest), end):
            before = best[start]
            if before is None:
                continue
            segment = _segment(clause[start:end], step)
            if segment is None:
                continue
            current = best[end]
            if current is None or len(before) + 1 < len(current):
                best[end] = [*before, segment]
    return best[-1]


def _segment(span: Sequence[str], step: Step) -> _Segment | None:
    index = phrase_index()
    senses = index.senses(span)
    if not senses:
        return None
    for sense, meaning in _MEANINGS[step].items():
        if sense in senses:
            return _Segment(sense, meaning, index.languages(span))
    return None


def _resolve(segments: Sequence[_Segment], step: Step) -> Understanding:
    language = language_of(s.languages for s in segments)
    hedged = any(s.meaning is _Role.HEDGE for s in segments)
    senses = {s.sense for s in segments if isinstance(s.meaning, Intent)}
    plain_no = Sense.DECLINE in senses and Sense.AFFIRM not in senses
    if step is Step.SUMMARY and Sense.CHANGE in senses:  # "ok, but not quite": a change
        senses -= {Sense.AFFIRM, Sense.FINE, Sense.CONFIRM, Sense.DECLINE}
    elif step is Step.SUMMARY and plain_no and senses & {Sense.FINE, Sense.CONFIRM}:
        senses.discard(Sense.DECLINE)  # "no, that's fine": no change wanted
    elif step in (Step.CONSENT, Step.OTHER) and plain_no:
        senses.discard(Sense.FINE)  # "no, that's fine" declines
    meanings = _MEANINGS[step]
    intents = {meaning for s in senses if isinstance(meaning := meanings[s], Intent)}
    undecided = Understanding(None, ambiguous=step in _DECISIONS, language=language)
    if not intents:
        return undecided if hedged else Understanding(None, language=language)
    intent = _merge(intents)
    if intent is None or (hedged and intent in _COMMITTING):
        return undecided
    if step is Step.ANSWER and intent in _NOT_ANSWERS:
        return Understanding(None, language=language)
    return Understanding(intent, language=language)


def _merge(intents: set[Intent]) -> Intent | None:
    for intent in intents:
        if intents - {intent} <= _ABSORBS.get(intent, frozenset()):
            return intent
    return None


def _undecided(found: Sequence[tuple[str, ...]], count: int, step: Step) -> Understanding:
    """A reply that is not all known phrases. Short, and holding a phrase that means
    something here ("yes, but who reads this?"), or long but opening with a complete reply:
    ambiguous, for an LLM or a second ask to settle. Anything else: not a reply."""
    if count > MAX_COMMAND_WORDS:
        opening = _cover(found[:1], step) if len(found[0]) <= MAX_COMMAND_WORDS else None
        if opening is None:
            return Understanding(None)
        first = _resolve(opening, step)
        return Understanding(
            None, ambiguous=first.intent is not None or first.ambiguous, language=first.language
        )
    index = phrase_index()
    meanings = _MEANINGS[step]
    votes: list[frozenset[str]] = []
    for clause in found:
        for start in range(len(clause)):
            for end in range(start + 1, min(len(clause), start + index.longest) + 1):
                span = clause[start:end]
                here = [meanings[s] for s in index.senses(span) if s in meanings]
                # A word that may also mean nothing (Spanish "y" is "and", not "yes") does not
                # make a sentence look like a reply.
                if here and _Role.NEUTRAL not in here:
                    votes.append(index.languages(span))
    if not votes:
        return Understanding(None)
    return Understanding(None, ambiguous=True, language=language_of(votes))


def _corrected(found: Sequence[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """The clauses with each unknown word replaced by the one known word a single typo away
    ("anonymus", "yse", "thnaks"), when there is exactly one."""
    known, correctable = _vocabulary()
    return tuple(
        tuple(word if word in known else _correction(word, correctable) for word in clause)
        for clause in found
    )


def _correction(word: str, candidates: frozenset[str]) -> str:
    if word.isdigit() or len(word) < 3:
        return word
    matches = [c for c in candidates if _one_typo(word, c)]
    return matches[0] if len(matches) == 1 else word


def _one_typo(typed: str, known: str) -> bool:
    """Two neighbouring letters swapped (any length from 3 letters), or one letter wrong,
    missing or extra (from 5 letters, where that still leaves the word recognisable)."""
    if typed == known or abs(len(typed) - len(known)) > 1:
        return False
    if len(typed) == len(known):
        diff = [i for i, (a, b) in enumerate(zip(typed, known, strict=True)) if a != b]
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            return typed[diff[0]] == known[diff[1]] and typed[diff[1]] == known[diff[0]]
        return len(diff) == 1 and len(typed) >= 5
    if min(len(typed), len(known)) < 5:
        return False
    shorter, longer = sorted((typed, known), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


@cache
def _vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """Every word of every phrase, and those of the senses a typo may be corrected into."""
    index = phrase_index()
    known: set[str] = set(index.numbers)
    correctable: set[str] = set()
    for phrase, meanings in index.meanings.items():
        phrase_words = phrase.split()
        known.update(phrase_words)
        if any(m.sense in _CORRECTABLE for m in meanings):
            correctable.update(w for w in phrase_words if len(w) >= 3)
    return frozenset(known), frozenset(correctable)
