"""The overall sentiment of an interview, from what was said about each subject.

Praise and complaint are weighed against each other (the reason for leaving counts more), the
employee's own 0-10 rating tips the balance, and the per-message scores (where the language
has one) add a little of the tone words the report's lexicon does not know. What would have
made them stay is a wish, not a judgement, and does not count.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean

from exitbot.interviewers.scripted.statements import ReadAnswer
from exitbot.interviewers.scripted.topics import TopicRole

REASON_WEIGHT = 1.5
SMOOTHING = 2.5  # a few mild words should not read as a strong feeling
# The 0-10 rating by its NPS band: promoters (9-10) lean positive, passives (7-8) barely,
# detractors (0-6) negative, the lower the more.
RATING_LEAN = (-1.0, -1.0, -1.0, -0.85, -0.7, -0.5, -0.3, 0.0, 0.2, 0.7, 1.0)
WEIGHTS = {"statements": 0.6, "rating": 0.3, "messages": 0.1}
_JUDGED_ROLES = frozenset({TopicRole.REASON, TopicRole.SUBJECT, TopicRole.OPEN, TopicRole.CLOSING})


def statement_balance(answers: Sequence[ReadAnswer]) -> float | None:
    """Praise against complaint over the answers (each answer one judgement, so saying the
    same thing twice does not count twice), from -1 (only complaint) to 1 (only praise);
    None when nothing was judged."""
    praise = complaint = 0.0
    for answer in answers:
        if answer.topic.role not in _JUDGED_ROLES:
            continue
        weight = REASON_WEIGHT if answer.topic.role is TopicRole.REASON else 1.0
        polarity = answer.polarity
        if polarity > 0:
            praise += weight * polarity
        else:
            complaint -= weight * polarity
    if praise == complaint == 0:
        return None
    return (praise - complaint) / (praise + complaint + SMOOTHING)


def rating_lean(enps: int | None) -> float | None:
    """The 0-10 rating as a lean from -1 to 1."""
    return None if enps is None else RATING_LEAN[enps]


def overall_sentiment(
    answers: Sequence[ReadAnswer], message_scores: Sequence[float], enps: int | None
) -> float:
    """The interview's sentiment in [-1, 1]."""
    parts = {
        "statements": statement_balance(answers),
        "rating": rating_lean(enps),
        "messages": fmean(message_scores) if message_scores else None,
    }
    present = {name: value for name, value in parts.items() if value is not None}
    if not present:
        return 0.0
    total = sum(WEIGHTS[name] for name in present)
    blended = sum(WEIGHTS[name] * value for name, value in present.items()) / total
    return round(max(-1.0, min(1.0, blended)), 4)
