"""What each topic of a plan is for, as far as the report is concerned.

The report reads an answer by its topic: the first topic gives the reason for leaving, "what
would have made you stay" names what was missing, the 0-10 topic is a rating, and a topic
about one subject ("Manager", "Compensation and benefits") is about that subject even when
the answer does not name it ("Terrible."). The key is read first: the engine hands over the
plan in the employee's language ("Führungskraft"), and keys stay English.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from exitbot.core.plan import QuestionPlan, Topic, TopicKind
from exitbot.core.reasons import ALL_LANGUAGES, reasons_in
from exitbot.interviewers.scripted.lexicon import REASON_ASPECT, Aspect

_WISH = re.compile(r"\b(?:stay|kept you|keep you|retain)\b|kept_you|_stay\b", re.IGNORECASE)
_CLOSING = re.compile(r"\banything else\b|\banything_else\b|\bclosing\b", re.IGNORECASE)


class TopicRole(StrEnum):
    REASON = "reason"  # why they are leaving: the plan's first topic
    WISH = "wish"  # what would have made them stay
    SCALE = "scale"  # the 0-10 rating
    CLOSING = "closing"  # anything else
    SUBJECT = "subject"  # one subject of work (``aspect``)
    OPEN = "open"  # anything else a custom plan asks


@dataclass(frozen=True, slots=True)
class TopicReading:
    key: str
    title: str
    role: TopicRole
    aspect: Aspect | None = None

    @property
    def open(self) -> bool:
        """An answer here can be about anything, so every word naming a subject counts."""
        return self.aspect is None


def read_topics(plan: QuestionPlan) -> Mapping[str, TopicReading]:
    return {topic.key: _read(topic, index) for index, topic in enumerate(plan.topics)}


def _read(topic: Topic, index: int) -> TopicReading:
    if topic.kind is TopicKind.SCALE:
        return TopicReading(topic.key, topic.title, TopicRole.SCALE)
    if index == 0:
        return TopicReading(topic.key, topic.title, TopicRole.REASON)
    words = f"{topic.key.replace('_', ' ')} {topic.title}"
    if _WISH.search(topic.key) or _WISH.search(topic.title):
        return TopicReading(topic.key, topic.title, TopicRole.WISH)
    if _CLOSING.search(words):
        return TopicReading(topic.key, topic.title, TopicRole.CLOSING)
    named = reasons_in(topic.key, with_cues=True) or reasons_in(
        topic.title, with_cues=True, languages=ALL_LANGUAGES
    )
    if named:
        return TopicReading(topic.key, topic.title, TopicRole.SUBJECT, REASON_ASPECT[named[0]])
    return TopicReading(topic.key, topic.title, TopicRole.OPEN)
