"""Themes: what was said about each subject, in short English phrases HR can count.

A theme reads the way the employee judged the subject ("pay below market", "supportive
manager", "lack of training"), so its polarity is the words', not the message's: "below
market" stays a concern when "benefits were okay" follows. An answer with nothing to add
("no", "Nein, das war alles.") gives no theme. Themes are phrased the same way in every
interview so that the digest can count them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from exitbot.core.report import Reason
from exitbot.interviewers.scripted.lexicon import Aspect
from exitbot.interviewers.scripted.statements import Judgement, ReadAnswer, Statement, Subject
from exitbot.interviewers.scripted.topics import TopicReading, TopicRole

MAX_THEMES = 10
MAX_CONCERNS = 5
MAX_WISHES = 2
MAX_PRAISE = 3
FAINT = 0.1  # judgements this weak make no theme
_JOINED = re.compile(r"^\S+\s+(?:,|and|und|y|e|et|&|or|oder|o|ou)\s+$|^\S+\s*,\s*$")

LEFT_OVER: dict[Reason, str] = {
    Reason.COMPENSATION: "left over pay",
    Reason.CAREER_GROWTH: "left for career growth",
    Reason.MANAGEMENT: "left because of their manager",
    Reason.CULTURE: "left because of the culture",
    Reason.WORKLOAD: "left over workload",
    Reason.ROLE_FIT: "left as the role did not fit",
    Reason.RELOCATION: "left to relocate",
    Reason.PERSONAL: "left for personal reasons",
    Reason.COMPANY_DIRECTION: "left over the company's direction",
}
STAY_FOR: dict[Reason, str] = {
    Reason.COMPENSATION: "better pay",
    Reason.CAREER_GROWTH: "a path to grow",
    Reason.MANAGEMENT: "a different manager",
    Reason.CULTURE: "a healthier culture",
    Reason.WORKLOAD: "a lighter workload",
    Reason.ROLE_FIT: "a role that fits",
    Reason.RELOCATION: "remote work",
    Reason.COMPANY_DIRECTION: "a clear company direction",
}


class ThemeKind(StrEnum):
    LEFT = "left"  # why they left
    CONCERN = "concern"
    WISH = "wish"  # what would have made them stay
    PRAISE = "praise"


@dataclass(frozen=True, slots=True)
class Theme:
    text: str
    kind: ThemeKind
    polarity: float
    subject: str = ""  # what it is about ("pay"), so a summary names each subject once

    def __str__(self) -> str:
        return self.text


def themes_of(answers: Sequence[ReadAnswer], reasons: Sequence[Reason]) -> list[Theme]:
    """The interview's themes: why they left, concerns (strongest first), what would have
    kept them, then praise."""
    judged: dict[str, Theme] = {}
    wishes: dict[str, Theme] = {}
    for answer in answers:
        role = answer.topic.role
        if answer.nothing_to_add or role is TopicRole.SCALE:
            continue
        if role is TopicRole.WISH:
            for reason in wished_for(answer):
                text = f"would have stayed for {STAY_FOR[reason]}"
                wishes.setdefault(text, Theme(text, ThemeKind.WISH, -0.3))
            continue
        for statement in answer.statements:
            for theme in _statement_themes(statement, answer.topic):
                judged.setdefault(theme.text, theme)
    concerns = sorted(
        (t for t in judged.values() if t.kind is ThemeKind.CONCERN), key=lambda t: t.polarity
    )
    praise = sorted(
        (t for t in judged.values() if t.kind is ThemeKind.PRAISE), key=lambda t: -t.polarity
    )
    left = [Theme(LEFT_OVER[r], ThemeKind.LEFT, -0.5) for r in reasons[:1] if r in LEFT_OVER]
    wished = list(wishes.values())[:MAX_WISHES]
    chosen = left + concerns[:MAX_CONCERNS] + wished + praise[:MAX_PRAISE]
    return chosen[:MAX_THEMES]


def wished_for(answer: ReadAnswer) -> list[Reason]:
    """What would have kept them: every reason they name outright, or else the first one
    they hint at ("a fully remote option, which my role doesn't allow" wishes for remote
    work, not for another role)."""
    mentions = [m for s in answer.statements for m in s.mentions]
    lacking = [j.lacking_reason for s in answer.statements for j in s.judgements]
    named = [m.reason for m in mentions if not m.cue] + [r for r in lacking if r]
    found = named or [m.reason for m in mentions[:1]]
    return [r for r in dict.fromkeys(found) if r in STAY_FOR]


def _statement_themes(statement: Statement, topic: TopicReading) -> list[Theme]:
    themes = []
    for judgement in statement.judgements:
        if abs(judgement.polarity) < FAINT:
            continue
        kind = ThemeKind.CONCERN if judgement.polarity < 0 else ThemeKind.PRAISE
        appraisal = judgement.appraisal
        if appraisal.standalone:
            if appraisal.label:
                themes.append(Theme(appraisal.label, kind, judgement.polarity, appraisal.label))
            continue
        themes += [
            Theme(_phrase(judgement, aspect.value), kind, judgement.polarity, aspect.value)
            for aspect in _about(judgement, statement, topic)
        ]
    return themes


def _about(judgement: Judgement, statement: Statement, topic: TopicReading) -> list[Aspect]:
    """The aspects a judgement is about: the one named nearest to it (and any joined to
    that one by "and"), or the statement's; words about people only about people."""
    appraisal = judgement.appraisal
    if statement.places:
        nearest = min(statement.places, key=lambda place: abs(place[1] - judgement.at))
        chosen = [nearest[0]]
        chosen += [
            aspect
            for aspect, at in statement.places
            if aspect not in chosen and _joined(statement.text, nearest[1], at)
        ]
    else:
        chosen = list(statement.aspects)
    fits = appraisal.fits
    if statement.subject is Subject.TOPIC and fits is not None and topic.aspect is Aspect.WORKLOAD:
        chosen = [fits]
    allowed = appraisal.about
    if allowed is not None and not allowed & set(chosen):
        fitting = [a for a in statement.aspects if a in allowed]
        if not fitting and topic.aspect is not None and topic.aspect in allowed:
            fitting = [topic.aspect]
        chosen = fitting
    elif allowed is not None:
        chosen = [a for a in chosen if a in allowed]
    return chosen


def _joined(text: str, first: int, second: int) -> bool:
    """Whether the words between two named aspects only join them ("pay and benefits")."""
    start, end = sorted((first, second))
    between = text[start:end].lower()
    return bool(_JOINED.match(between))


def _phrase(judgement: Judgement, subject: str) -> str:
    label = judgement.appraisal.label
    return f"{label} {subject}" if judgement.appraisal.before else f"{subject} {label}"
