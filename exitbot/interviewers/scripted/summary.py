"""The report's summary: a few plain English sentences, whatever the interview's language.

Everything in it comes from the report's own findings (reasons, themes, tone, rating), so
it never repeats the employee's words in another language and reads the same for HR in
every interview.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from exitbot.core.report import Reason
from exitbot.interviewers.scripted.polarity import polarity_of
from exitbot.interviewers.scripted.themes import Theme, ThemeKind

MAX_LISTED = 3
PRAISE_WORTH = 0.4  # "pay okay" or "role as expected" is no positive point
REASON_WORDS: dict[Reason, str] = {
    Reason.COMPENSATION: "pay",
    Reason.CAREER_GROWTH: "career growth",
    Reason.MANAGEMENT: "their manager",
    Reason.CULTURE: "the culture",
    Reason.WORKLOAD: "workload",
    Reason.ROLE_FIT: "the fit of the role",
    Reason.RELOCATION: "relocation",
    Reason.PERSONAL: "personal circumstances",
    Reason.COMPANY_DIRECTION: "the company's direction",
    Reason.OTHER: "other reasons",
}


@dataclass(frozen=True, slots=True)
class SummaryFacts:
    reasons: Sequence[Reason]
    gave_a_reason: bool  # the reason-for-leaving answer said something
    themes: Sequence[Theme]
    sentiment: float
    enps: int | None
    would_return: bool | None
    asked_rating: bool
    answered_topics: int
    topics: int
    language: str | None


def write_summary(facts: SummaryFacts) -> str:
    sentences = [_why(facts)]
    concerns = _one_per_subject(t for t in facts.themes if t.kind is ThemeKind.CONCERN)
    praise = _one_per_subject(
        t for t in facts.themes if t.kind is ThemeKind.PRAISE and t.polarity >= PRAISE_WORTH
    )
    if concerns:
        sentences.append(f"Concerns: {listed(concerns)}.")
    if praise:
        sentences.append(f"Positive points: {listed(praise)}.")
    tone = polarity_of(facts.sentiment).value
    sentences.append(f"The overall tone was {tone} (sentiment {facts.sentiment:+.2f}).")
    rating = _rating(facts)
    if rating:
        sentences.append(rating)
    sentences.append(_coverage(facts))
    return " ".join(sentences)


def _one_per_subject(themes: Iterable[Theme]) -> list[str]:
    """The strongest theme about each subject, at most three ("micromanaging manager",
    not also "difficult manager")."""
    seen: set[str] = set()
    chosen = []
    for theme in themes:
        if theme.subject not in seen:
            seen.add(theme.subject)
            chosen.append(theme.text)
    return chosen[:MAX_LISTED]


def listed(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _why(facts: SummaryFacts) -> str:
    primary, *others = facts.reasons or [Reason.OTHER]
    named = listed([REASON_WORDS[r] for r in others])
    if primary is Reason.OTHER:
        if not facts.gave_a_reason:
            return "No reason for leaving was given."
        also = f"; {named} also played a part" if others else ""
        return f"The reason given for leaving falls outside the usual categories{also}."
    also = f", followed by {named}" if others else ""
    if facts.gave_a_reason:
        return f"The main reason for leaving was {REASON_WORDS[primary]}{also}."
    return (
        f"No reason for leaving was given; the strongest concern was {REASON_WORDS[primary]}{also}."
    )


def _rating(facts: SummaryFacts) -> str | None:
    returning = {True: "would consider coming back", False: "would not come back"}
    if facts.enps is not None:
        sentence = f"They rated the likelihood of recommending the company {facts.enps} out of 10"
        if facts.would_return is not None:
            sentence += f" and {returning[facts.would_return]}"
        return sentence + "."
    if facts.would_return is not None:
        return f"They gave no 0-10 rating and {returning[facts.would_return]}."
    return "They gave no 0-10 rating." if facts.asked_rating else None


def _coverage(facts: SummaryFacts) -> str:
    covered = f"{facts.answered_topics} of {facts.topics} topics were answered"
    name = _language_name(facts.language)
    if name is None:
        return covered + "."
    return f"{covered}; the interview was in {name}, and quotes are in the employee's words."


def _language_name(code: str | None) -> str | None:
    if not code or code == "en":
        return None
    try:
        return Locale("en").languages.get(code.split("-")[0].lower())
    except UnknownLocaleError:
        return None
