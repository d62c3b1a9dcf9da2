"""Which reasons drove the employee away, and which one they stressed.

The reason-for-leaving answer leads: every reason it names counts, the one said with weight
("mostly the pay", "vor allem", "sobre todo") or named first leads, and a reason it denies
("not about the money") does not count. Elsewhere a reason counts when the employee
complains about it, more for a strong complaint than a mild one, and what would have made
them stay names what was missing. Praise never makes a reason.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from exitbot.core.report import Reason
from exitbot.interviewers.scripted.lexicon import ASPECT_REASON
from exitbot.interviewers.scripted.statements import NEUTRAL, ReadAnswer, Statement, Subject
from exitbot.interviewers.scripted.topics import TopicRole

MAX_REASONS = 5
INCLUDED_FROM = 3.0
"""The weight a reason needs to be reported beside the primary one: a reason named in the
reason-for-leaving answer, or a strong complaint backed by another mention."""
NAMED = 3.0
HINTED = 2.0
STRESSED = 3.0
FIRST_NAMED = 0.5
IN_PRAISE = 0.3  # "I loved my team, but…": the team is not why they left
WISHED_NAMED = 2.0
WISHED_HINTED = 1.5
INHERITED = 0.6
REPEATED = 0.3
COMPLAINT = -0.15
BESIDE_A_NAME = 1.0  # "the same position, no promotion": the position is not the point
# Words that make family the reason for a move, not company on it: "for family reasons", "to
# be near my parents" (but not "moving with my family" or "so we're moving").
_GIVEN_AS_A_REASON = re.compile(
    r"(?<!\w)(?:reasons?|gründen?|grund|motivos?|raisons?|to be (?:near|closer)|closer to"
    r"|for my family|in der nähe|näher bei|para estar cerca|cerca de mi familia"
    r"|pour me rapprocher|près de ma famille)(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class RankedReasons:
    """The reasons in the order a report lists them, the primary one first."""

    reasons: tuple[Reason, ...]
    scores: dict[Reason, float]

    @property
    def primary(self) -> Reason:
        return self.reasons[0]


def rank_reasons(answers: Sequence[ReadAnswer]) -> RankedReasons:
    given: dict[Reason, float] = defaultdict(float)
    order: list[Reason] = []
    elsewhere: dict[Reason, float] = defaultdict(float)
    said_why = False
    for answer in answers:
        role = answer.topic.role
        if role is TopicRole.REASON:
            said_why = said_why or not answer.nothing_to_add
            for statement in answer.statements:
                for reason, weight in _given(statement).items():
                    given[reason] += weight
                    if reason not in order:
                        order.append(reason)
        elif role is TopicRole.WISH:
            for statement in answer.statements:
                for reason, weight in _wished(statement).items():
                    elsewhere[reason] += weight
        elif role is not TopicRole.SCALE:
            for reason, weight in _complained(answer).items():
                elsewhere[reason] += weight
    if order:
        given[order[0]] += FIRST_NAMED
    scores = {r: given.get(r, 0.0) + elsewhere.get(r, 0.0) for r in {*given, *elsewhere}}
    primary = _primary(order, scores, given, said_why)
    others = sorted(
        (r for r, score in scores.items() if score >= INCLUDED_FROM and r is not primary),
        key=lambda r: (-scores[r], order.index(r) if r in order else len(order)),
    )
    ranked = (primary, *others)[:MAX_REASONS]
    return RankedReasons(tuple(ranked), scores)


def _primary(
    order: list[Reason], scores: dict[Reason, float], given: dict[Reason, float], said_why: bool
) -> Reason:
    """The most stressed reason of those given as why; when the answer gives a reason
    outside the taxonomy, "other"; with no answer at all, the strongest complaint."""
    if order:
        best = max(order, key=lambda r: (scores[r], -order.index(r)))
        if (
            best is Reason.PERSONAL
            and Reason.RELOCATION in order
            and given[best] < NAMED + STRESSED
        ):
            return Reason.RELOCATION  # "moving with my family": the move is why they leave
        return best
    if said_why:
        return Reason.OTHER
    strongest = max(scores, key=lambda r: scores[r], default=None)
    return strongest if strongest is not None and scores[strongest] > 0 else Reason.OTHER


def _given(statement: Statement) -> dict[Reason, float]:
    """What one statement of the reason-for-leaving answer gives as why."""
    weights: dict[Reason, float] = {}
    moving = any(m.reason is Reason.RELOCATION for m in statement.mentions)
    named = {m.reason for m in statement.mentions if not m.cue}
    for mention in statement.mentions:
        weight = HINTED if mention.cue else NAMED
        if mention.cue and named - {mention.reason}:
            weight = BESIDE_A_NAME
        if (
            mention.reason is Reason.PERSONAL
            and moving
            and not _GIVEN_AS_A_REASON.search(statement.text)
        ):
            weight = HINTED  # "we're moving, my partner got a job": the move is the reason
        weights[mention.reason] = max(weights.get(mention.reason, 0.0), weight)
    for judgement in statement.judgements:
        aspect = judgement.appraisal.aspect
        for reason in (judgement.lacking_reason, ASPECT_REASON[aspect] if aspect else None):
            if reason is not None:
                weights[reason] = max(weights.get(reason, 0.0), NAMED)
    if statement.inherited and statement.polarity <= COMPLAINT:
        for reason in statement.reasons:
            weights.setdefault(reason, 1.0)
    for reason in list(weights):
        if statement.polarity > -COMPLAINT and reason not in NEUTRAL:
            weights[reason] *= IN_PRAISE
        if statement.stressed:
            weights[reason] += STRESSED
    return weights


def _wished(statement: Statement) -> dict[Reason, float]:
    weights: dict[Reason, float] = {}
    for mention in statement.mentions:
        weight = WISHED_HINTED if mention.cue else WISHED_NAMED
        weights[mention.reason] = max(weights.get(mention.reason, 0.0), weight)
    for judgement in statement.judgements:
        if judgement.lacking_reason is not None:
            weights[judgement.lacking_reason] = WISHED_NAMED
    return weights


def _complained(answer: ReadAnswer) -> dict[Reason, float]:
    """What an answer about one subject complains about: the strongest complaint per reason,
    and a little more for each further one."""
    found: dict[Reason, list[float]] = defaultdict(list)
    for statement in answer.statements:
        if statement.polarity > COMPLAINT:
            continue
        credit = 1.0 + abs(statement.polarity)
        for reason in statement.reasons:
            inherited = statement.subject is Subject.PREVIOUS
            found[reason].append(credit * (INHERITED if inherited else 1.0))
    return {
        reason: max(credits) + REPEATED * (len(credits) - 1) for reason, credits in found.items()
    }
