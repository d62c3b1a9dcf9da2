"""A small, varied history for the dashboard's browser tests, made the way employees make it:
through the engine, with the test clock moved between interviews so that the charts over
time have several periods to draw.

Most interviews fall in the last 30 days (the stats view's default period), with Engineering
and Sales at five or more completed (shown by name) and Support and Legal below five (folded
into "other"); older ones feed the trend lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from exitbot.engine import InterviewDetails, InterviewService
from tests.conftest import FakeClock
from tests.support import employee, say

Outcome = Literal["completed", "invited", "in_progress", "declined"]

_PAY = {
    "reason_for_leaving": "The pay was well below market and my salary had not moved in two years.",
    "compensation": "Salary was far below what similar companies pay, and the bonus was cut.",
    "recommend": "Maybe 3 out of 10, the pay problem is serious.",
}
_MANAGER = {
    "reason_for_leaving": "My manager ignored feedback and cancelled every one-to-one for months.",
    "manager": "The manager was dismissive and never gave me any real feedback.",
    "recommend": "I would say 5 out of 10.",
}
_GROWTH = {
    "reason_for_leaving": "There was no path to promotion and my career growth stalled.",
    "growth": "I learned a lot at first, then nobody could tell me what the next level needed.",
    "recommend": "7 out of 10, and I might come back one day.",
}
_HAPPY = {
    "reason_for_leaving": "I am relocating to another country with my family, nothing else.",
    "team_culture": "The team was wonderful, kind and supportive, I loved the culture here.",
    "recommend": "Definitely 9 out of 10, a great place to work.",
}
_WORKLOAD = {
    "reason_for_leaving": "The workload was crushing, constant overtime and on-call every week.",
    "tools_workload": "Far too much work, slow tooling and no time to rest.",
    "recommend": "2 out of 10, I am exhausted.",
}
PROFILES = {
    "pay": _PAY,
    "manager": _MANAGER,
    "growth": _GROWTH,
    "happy": _HAPPY,
    "workload": _WORKLOAD,
}
FALLBACK_ANSWER = "It was fine overall, nothing special to add about this part of the job."


@dataclass(frozen=True, slots=True)
class Spec:
    key: str
    name: str
    department: str
    days_ago: float
    profile: str = "growth"
    anonymous: bool = False
    outcome: Outcome = "completed"


SPECS: tuple[Spec, ...] = (
    Spec("legal-old", "Lena Old", "Legal", 160, "happy"),
    Spec("support-old", "Sam Old", "Support", 130, "workload"),
    Spec("eng-old", "Eli Old", "Engineering", 100, "pay"),
    Spec("sales-old", "Sara Old", "Sales", 70, "manager"),
    Spec("eng-mid", "Emil Mid", "Engineering", 45, "happy"),
    Spec("erase-me", "Erin Erasable", "Support", 28, "pay"),
    Spec("dana", "Dana Smith", "Engineering", 25, "pay"),
    Spec("omar", "Omar Haddad", "Engineering", 23, "manager", anonymous=True),
    Spec("priya", "Priya Raman", "Engineering", 21, "growth"),
    Spec("jonas", "Jonas Berg", "Engineering", 19, "workload"),
    Spec("mei", "Mei Chen", "Engineering", 17, "happy"),
    Spec("tom", "Tom Baker", "Sales", 15, "pay"),
    Spec("ana", "Ana Silva", "Sales", 13, "manager", anonymous=True),
    Spec("li", "Li Wei", "Sales", 11, "growth"),
    Spec("kofi", "Kofi Mensah", "Sales", 9, "happy"),
    Spec("rosa", "Rosa Diaz", "Sales", 7, "workload"),
    Spec("ivan", "Ivan Petrov", "Support", 5, "pay", outcome="declined"),
    Spec("nora", "Nora Quist", "Marketing", 3, outcome="in_progress"),
    Spec("lea", "Lea Weber", "Sales", 1, outcome="invited"),
)


@dataclass
class Seeded:
    ids: dict[str, int] = field(default_factory=dict)
    """Interview id by ``Spec.key``."""


async def _answer_all(engine: InterviewService, spec: Spec, slack_id: str) -> None:
    user = employee(slack_id, spec.name)
    answers = PROFILES[spec.profile]
    await say(engine, user, "hi")
    await say(engine, user, "anonymous" if spec.anonymous else "yes")
    for topic in engine.plan.topics:
        await say(engine, user, answers.get(topic.key, FALLBACK_ANSWER))
    await say(engine, user, "yes")


async def _run(engine: InterviewService, spec: Spec, slack_id: str, invited_at: datetime) -> int:
    user = employee(slack_id, spec.name)
    details = InterviewDetails(
        department=spec.department,
        last_day=(invited_at + timedelta(days=14)).date(),
        voluntary=spec.profile != "workload",
        regrettable=spec.profile in {"growth", "happy"},
        invited_by="dashboard-test",
    )
    outcome = await engine.invite(user, details)
    assert outcome.interview_id is not None, outcome
    if spec.outcome == "completed":
        await _answer_all(engine, spec, slack_id)
    elif spec.outcome == "in_progress":
        await say(engine, user, "hi")
        await say(engine, user, "yes")
        await say(engine, user, PROFILES["growth"]["reason_for_leaving"])
    elif spec.outcome == "declined":
        await say(engine, user, "hi")
        await say(engine, user, "no")
    return outcome.interview_id


def user_id(number: int) -> str:
    """The Slack id of the ``number``-th seeded employee (1-based, oldest first)."""
    return f"U{number:04d}"


def people() -> list[tuple[str, str]]:
    """(Slack id, name) of every seeded employee, for the fake Slack's directory."""
    ordered = sorted(SPECS, key=lambda s: -s.days_ago)
    return [(user_id(n), spec.name) for n, spec in enumerate(ordered, start=1)]


async def seed(engine: InterviewService, clock: FakeClock, now: datetime) -> Seeded:
    """Every interview of ``SPECS``, each at its own time; leaves the clock at ``now``."""
    seeded = Seeded()
    for number, spec in enumerate(sorted(SPECS, key=lambda s: -s.days_ago), start=1):
        invited_at = now - timedelta(days=spec.days_ago)
        clock.set(invited_at)
        seeded.ids[spec.key] = await _run(engine, spec, user_id(number), invited_at)
    clock.set(now)
    return seeded
