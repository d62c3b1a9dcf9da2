"""Words that point to a reason for leaving (``Reason``), per language, and how they match.

Two kinds of words per reason:

- ``names`` name the reason outright ("pay", "manager", "burnout"): they count in an HR
  question ("why did people leave over pay?") and in an employee's answer;
- ``cues`` only hint at it ("team", "hours", "moving"): they count in an answer, where the
  scripted report needs every hint it can get, but not in a question, where they would turn
  "which team left?" into a filter on culture.

One matching rule for both: a term matches at the start of a word; a plain term must end where
the word ends, a plural "s" or "es" allowed ("benefits", "bosses"); a term ending in "*" may
run on ("relocat*" matches relocate, relocating, relocation). Spaces in a term match any
space, and "_" in the text reads as a space ("career_growth").

The table is per language: another language is another ``TERMS`` entry of the same shape.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from exitbot.core.report import Reason


@dataclass(frozen=True, slots=True)
class ReasonTerms:
    names: tuple[str, ...]
    cues: tuple[str, ...] = ()


ENGLISH: Mapping[Reason, ReasonTerms] = {
    Reason.COMPENSATION: ReasonTerms(
        names=(
            "compensation",
            "pay",
            "paid",
            "underpaid",
            "salary",
            "salaries",
            "money",
            "bonus",
            "equity",
            "wage",
            "benefit",
        ),
        cues=("raise",),
    ),
    Reason.CAREER_GROWTH: ReasonTerms(
        names=("career growth", "career", "growth", "promotion", "progression", "development"),
        cues=("grow*", "promot*", "learn*", "progress*", "opportunit*", "develop*", "advance*"),
    ),
    Reason.MANAGEMENT: ReasonTerms(
        names=("management", "manager", "boss", "leadership", "supervisor", "micromanag*"),
        cues=("lead",),
    ),
    Reason.CULTURE: ReasonTerms(
        names=("culture", "toxic", "toxicity", "politics", "inclusion"),
        cues=("colleague", "environment", "team", "values"),
    ),
    Reason.WORKLOAD: ReasonTerms(
        names=(
            "workload",
            "burnout",
            "burned out",
            "burnt out",
            "overwork*",
            "overtime",
            "stress*",
        ),
        cues=("hours", "too much work", "on-call", "on call", "exhaust*"),
    ),
    Reason.ROLE_FIT: ReasonTerms(
        names=("role fit", "job fit", "fit"),
        cues=("role", "responsibilit*", "boring", "bored", "not a fit", "job itself", "challeng*"),
    ),
    Reason.RELOCATION: ReasonTerms(
        names=("relocat*", "commut*"),
        cues=("moving", "move to", "moved", "another city", "another country", "remote"),
    ),
    Reason.PERSONAL: ReasonTerms(
        names=("personal", "family", "health"),
        cues=("baby", "partner", "parent*", "study", "school", "sabbatical"),
    ),
    Reason.COMPANY_DIRECTION: ReasonTerms(
        names=("company direction", "direction", "strategy", "reorg*", "restructur*", "layoff"),
        cues=("vision", "leadership changes", "future of the company"),
    ),
}

TERMS: Mapping[str, Mapping[Reason, ReasonTerms]] = {"en": ENGLISH}


def reasons_in(
    text: str, *, with_cues: bool, languages: Iterable[str] = ("en",)
) -> tuple[Reason, ...]:
    """The reasons ``text`` points to, in the order they first appear."""
    lowered = text.lower().replace("_", " ")
    first: dict[Reason, int] = {}
    for language in languages:
        for reason, pattern in _patterns(language, with_cues).items():
            if match := pattern.search(lowered):
                first[reason] = min(first.get(reason, match.start()), match.start())
    return tuple(sorted(first, key=lambda reason: first[reason]))


@functools.cache
def _patterns(language: str, with_cues: bool) -> dict[Reason, re.Pattern[str]]:
    patterns = {}
    for reason, terms in TERMS[language].items():
        words = terms.names + (terms.cues if with_cues else ())
        patterns[reason] = re.compile(
            r"(?<!\w)(?:" + "|".join(_term_pattern(w) for w in words) + ")"
        )
    return patterns


def _term_pattern(term: str) -> str:
    if term.endswith("*"):
        return r"\s+".join(re.escape(part) for part in term[:-1].split())
    return r"\s+".join(re.escape(part) for part in term.split()) + r"(?:e?s)?(?!\w)"
