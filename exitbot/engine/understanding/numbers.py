"""The employee's own 0-10 rating and whether they would come back, read from their answer.

The stored eNPS figure comes from these words, never from a model (DESIGN section 5), so a
reading that is not sure says so ("7 or 8" is unclear) rather than picking one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from exitbot.engine.understanding.lexicon import Sense
from exitbot.engine.understanding.normalize import clauses, fold, words
from exitbot.engine.understanding.phrases import phrase_index


@dataclass(frozen=True, slots=True)
class ScoreReading:
    value: int | None  # the employee's 0-10 number
    unclear: bool  # True when no single number can be read ("7 or 8", "7-8", "dunno")
    # value None with unclear False: the employee declined to give a number ("no rating").


_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+|[%/]")
_SCALE_ECHO = re.compile(
    r"\b(?:0|1|zero|null|cero)\s*(?:-|–|to|bis|a|al|hasta|through)\s*(?:10|ten|zehn|diez|dix)\b"
)
_CLOCK = re.compile(r"\b\d{1,2}\s*[:h]\s*\d{2}\b")
_TEN = frozenset({"10", "ten", "zehn", "diez", "dix"})
_OUT_OF = frozenset({"of", "von", "aus", "auf", "sobre", "de", "sur", "on"})
# Words between two numbers that make them one uncertain answer: "7 or 8", "between 6 and 7".
_BETWEEN = frozenset(
    {
        "or", "oder", "o", "ou", "to", "bis", "a", "and", "und", "y", "et", "maybe", "perhaps",
        "vielleicht", "quizas", "peut", "etre", "/", "-", "possibly", "eher", "probably",
    }
)  # fmt: skip
_RETURN_SENSES = frozenset(
    {
        Sense.RETURN,
        Sense.NEGATION,
        Sense.RECOMMEND,
        Sense.HEDGE,
        Sense.AFFIRM,
        Sense.DECLINE,
        Sense.SOMEDAY,
        Sense.FILLER,
        Sense.CONNECTOR,
    }
)
# "très" loses its accent in folding and reads like Spanish "tres".
_FRENCH_TRES = re.compile(r"\btrès\b")


@dataclass(frozen=True, slots=True)
class _Candidate:
    value: int
    position: int  # token index
    out_of_ten: bool  # "8/10", "8 out of 10", "8 von 10"


def read_score(text: str) -> ScoreReading:
    """The single 0-10 number the employee gave, in digits or words of the four languages.

    Numbers that are not the rating are skipped: years ("2023"), counts and durations ("after
    3 years", "5 people"), clock times, ordinals ("3rd") and the scale itself ("0 to 10").
    """
    folded = _CLOCK.sub(" ", _SCALE_ECHO.sub(" ", fold(text)))
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
    tres_is_french = bool(_FRENCH_TRES.search(text.casefold()))
    candidates: list[_Candidate] = []
    index = 0
    while index < len(tokens):
        token, _, end = tokens[index]
        if re.fullmatch(r"\d+[.,]\d+", token):
            if float(token.replace(",", ".")) <= 10:
                return ScoreReading(None, unclear=True)  # "7.5"
            index += 1
            continue
        value = _value(token)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        out_of = _out_of_ten(tokens, index + 1)
        if value is None or (out_of == 0 and _skipped(tokens, index, tres_is_french)):
            index += 1
            continue
        attached = following is not None and following[1] == end and following[0].isalpha()
        if attached and following is not None and following[0] != "ish":  # "3rd", "5k", "3pm"
            index += 1
            continue
        if following is not None and following[0] == "/" and out_of == 0:
            index += 3  # "3/4": a fraction, not a rating
            continue
        candidates.append(_Candidate(value, index, out_of > 0))
        index += 1 + out_of
    values = {c.value for c in candidates}
    if len(values) == 1:
        return ScoreReading(values.pop(), unclear=False)
    if not values:
        return ScoreReading(None, unclear=not _declined(text))
    out_of_ten = {c.value for c in candidates if c.out_of_ten}
    if len(out_of_ten) == 1 and not _joined(tokens, candidates):
        return ScoreReading(out_of_ten.pop(), unclear=False)
    return ScoreReading(None, unclear=True)


def read_would_return(text: str) -> bool | None:
    """Whether the answer says the employee would come back; None when it does not say.

    A clause about coming back decides by its negation ("I wouldn't come back"); without
    one, a clause that is only a yes or a no does ("8. maybe one day, yes"), unless the
    answer speaks of recommending, which that yes may be about. The last such clause wins,
    as people correct themselves ("no... well, yes, I'd come back").
    """
    found = clauses(text)
    verdict: bool | None = None
    for clause in found:
        said = _about_returning(clause)
        if said is not None:
            verdict = said
    if verdict is not None or any(_recommends(clause) for clause in found):
        return verdict
    for clause in found:
        said = _bare_yes_or_no(clause)
        if said is not None:
            verdict = said
    return verdict


def _value(token: str) -> int | None:
    if token.isdigit():
        return int(token) if len(token) <= 2 and int(token) <= 10 else None
    known = phrase_index().numbers.get(token)
    if known is None or known.ordinal:
        return None
    return known.value


def _out_of_ten(tokens: Sequence[tuple[str, int, int]], start: int) -> int:
    """How many tokens from ``start`` say "out of ten" ("/ 10", "out of 10", "von 10")."""
    ahead = [t for t, _, _ in tokens[start : start + 3]]
    if len(ahead) >= 2 and ahead[0] in ("/", *_OUT_OF) and ahead[1] in _TEN:
        return 2
    if len(ahead) == 3 and ahead[:2] == ["out", "of"] and ahead[2] in _TEN:
        return 3
    return 0


def _skipped(tokens: Sequence[tuple[str, int, int]], index: int, tres_is_french: bool) -> bool:
    """A number that is not a rating: an article ("one of", "un 8"), a count or duration
    ("3 years", "3 or 4 years", "5%"), or French "très" ("tres bien")."""
    token = tokens[index][0]
    known = phrase_index().numbers.get(token)
    if known is not None and known.article:
        return True
    if token == "tres" and (tres_is_french or _next_is_word(tokens, index)):
        return True
    known_words = phrase_index()
    ahead = index + 1
    while ahead < len(tokens) and ahead - index <= 3:
        word = tokens[ahead][0]
        if word == "%":
            return True
        pair = [t for t, _, _ in tokens[ahead : ahead + 2]]
        if Sense.UNIT in known_words.senses([word]) or Sense.UNIT in known_words.senses(pair):
            return True
        if word not in _BETWEEN and _value(word) is None:
            return False
        ahead += 1
    return False


def _next_is_word(tokens: Sequence[tuple[str, int, int]], index: int) -> bool:
    if index + 1 >= len(tokens):
        return False
    word = tokens[index + 1][0]
    return word.isalpha() and word not in _OUT_OF and word not in _BETWEEN


def _joined(tokens: Sequence[tuple[str, int, int]], candidates: Sequence[_Candidate]) -> bool:
    """Whether two of the numbers are one hesitant answer ("7 or 8/10", "7-8")."""
    for left, right in pairwise(candidates):
        gap = [t for t, _, _ in tokens[left.position + 1 : right.position]]
        if left.out_of_ten:
            gap = gap[_out_of_ten(tokens, left.position + 1) :]
        if all(word in _BETWEEN for word in gap):
            return True
    return False


def _declined(text: str) -> bool:
    """An explicit refusal to rate ("I'd rather not give a number", "keine Angabe")."""
    index = phrase_index()
    found = words(text)
    for start in range(len(found)):
        for end in range(start + 1, min(len(found), start + index.longest) + 1):
            if index.senses(found[start:end]) & {Sense.NO_RATING, Sense.SKIP}:
                return True
    return False


def _about_returning(clause: tuple[str, ...]) -> bool | None:
    """Coming back, said in this clause: negated before it ("I wouldn't come back", "no
    volvería") or just after it ("je reviendrais pas"); a condition further on ("if they
    didn't...") does not count."""
    spans = _longest_spans(clause)
    for position, (_, _, senses) in enumerate(spans):
        if Sense.RETURN not in senses:
            continue
        before = spans[:position]
        if before:
            after = spans[position + 1 : position + 3]
            denial = {Sense.NEGATION}
        else:
            # Coming back put first, the verdict at the end: "zurückkommen würde ich nicht",
            # "volver, no creo".
            after = spans[position + 1 : position + 5]
            denial = {Sense.NEGATION, Sense.DECLINE}
        if any(_unsure(clause[start:end], found) for start, end, found in before):
            return None  # "not sure I'd come back"
        return not any(denial & found for _, _, found in (*before, *after))
    return None


def _bare_yes_or_no(clause: tuple[str, ...]) -> bool | None:
    """A clause that is only a yes or a no (with "maybe", "one day", a number or "thanks")."""
    yes = no = False
    for start, end, senses in _longest_spans(clause):
        span = clause[start:end]
        if Sense.AFFIRM in senses:
            yes = True
        elif Sense.DECLINE in senses:
            no = True
        elif not senses & {Sense.HEDGE, Sense.SOMEDAY, Sense.FILLER, Sense.CONNECTOR} and not (
            len(span) == 1 and _value(span[0]) is not None
        ):
            return None
    return True if yes and not no else False if no and not yes else None


def _recommends(clause: tuple[str, ...]) -> bool:
    return any(Sense.RECOMMEND in senses for _, _, senses in _longest_spans(clause))


def _longest_spans(clause: tuple[str, ...]) -> list[tuple[int, int, frozenset[Sense]]]:
    """The clause as its longest phrases about returning, yes or no, from the left; other
    words as no senses."""
    index = phrase_index()
    spans: list[tuple[int, int, frozenset[Sense]]] = []
    start = 0
    while start < len(clause):
        for end in range(min(len(clause), start + index.longest), start, -1):
            senses = index.senses(clause[start:end]) & _RETURN_SENSES
            if senses:
                spans.append((start, end, senses))
                start = end
                break
        else:
            spans.append((start, start + 1, frozenset()))
            start += 1
    return spans


def _unsure(span: Sequence[str], senses: frozenset[Sense]) -> bool:
    """A hedge that doubts ("not sure", "no idea", "weiß nicht"), not one that leans
    ("maybe", "probably"): it holds a negation."""
    if Sense.HEDGE not in senses or len(span) < 2:
        return False
    return any(Sense.NEGATION in phrase_index().senses([word]) for word in span)
