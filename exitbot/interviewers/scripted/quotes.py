"""Notable quotes: the answers that say the most, in the employee's own words, redacted.

An answer is telling when it is specific (long enough, with numbers, spans of time, how
often), names reasons for leaving and judges strongly. "No", "nothing else", a bare rating
and a question back to the bot are never quotes, and no two quotes come from one topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from exitbot.interviewers.scripted.lexicon import DETAIL
from exitbot.interviewers.scripted.statements import ReadAnswer
from exitbot.interviewers.scripted.topics import TopicRole
from exitbot.privacy.redaction import redact_personal_data, shorten

MAX_QUOTES = 3
QUOTE_LENGTH = 200
MIN_WORDS = 6
MIN_WORDS_RATING = 10  # a rating with a sentence around it is still mostly a rating
WORDS_CAP = 30


@dataclass(frozen=True, slots=True)
class Candidate:
    answer: ReadAnswer
    score: float


def telling(answer: ReadAnswer, message_sentiment: float | None = None) -> float | None:
    """How much an answer tells HR; None when it cannot be a quote."""
    text = answer.text.strip()
    words = text.split()
    role = answer.topic.role
    if answer.nothing_to_add or len(words) < MIN_WORDS:
        return None
    if role is TopicRole.SCALE and len(words) < MIN_WORDS_RATING:
        return None
    if text.endswith("?") and not answer.judged:
        return None  # a question back ("Is this anonymous?") says nothing about work
    details = min(2, len(DETAIL.findall(text)))
    reasons = {r for s in answer.statements for r in s.reasons if s.mentions or s.judgements}
    strength = max((abs(s.polarity) for s in answer.judged), default=0.0)
    score = min(len(words), WORDS_CAP) / 10 + 0.7 * details + 0.6 * min(2, len(reasons))
    score += 1.5 * strength + 0.5 * abs(message_sentiment or 0.0)
    if role is TopicRole.REASON:
        score += 0.5
    return score


def choose_quotes(
    answers: Sequence[ReadAnswer],
    message_sentiments: Sequence[float | None],
    names_to_mask: Sequence[str],
) -> list[str]:
    """Up to three quotes, most telling first, one per topic, with personal data masked."""
    candidates = []
    for answer, sentiment in zip(answers, message_sentiments, strict=True):
        score = telling(answer, sentiment)
        if score is not None:
            candidates.append(Candidate(answer, score))
    candidates.sort(key=lambda c: -c.score)
    chosen: list[str] = []
    topics: set[str] = set()
    for candidate in candidates:
        if candidate.answer.topic.key in topics:
            continue
        topics.add(candidate.answer.topic.key)
        quote = shorten(
            redact_personal_data(candidate.answer.text.strip(), names_to_mask), QUOTE_LENGTH
        )
        chosen.append(quote)
        if len(chosen) == MAX_QUOTES:
            break
    return chosen
