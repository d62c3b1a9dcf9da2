"""Plan versions: which plan each turn decides with, as pure choices and through the service.

An interview keeps the plan it was opened with when HR stores a new one; interviews opened
afterwards follow the new one. The choice itself is pure (``deciding_interview``,
``rules_with``); ``PlanVersions`` caches what never changes and reads the newest version's
number whenever an interview may be opened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from exitbot.core.interview import InterviewSnapshot, InterviewState, TurnSnapshot
from exitbot.core.plan import DEFAULT_PLAN, QuestionPlan, Topic
from exitbot.core.ports import PlanVersion
from exitbot.core.statuses import Awaiting, InterviewStatus
from exitbot.engine import InterviewService, Rules
from exitbot.engine.plans import PlanVersions, deciding_interview, rules_with
from exitbot.store import Database
from tests.support import GOOD_ANSWERS, employee, interview_row, say, texts

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

NEW_PLAN = QuestionPlan(
    name="short",
    topics=[
        Topic(key="commute", title="Commute", question="How was your commute to the office?"),
        Topic(
            key="farewell",
            title="Farewell",
            question="Is there anything you would like to tell the team?",
            max_followups=0,
        ),
    ],
)


def snapshot(status: InterviewStatus | None, interview_id: int = 7) -> TurnSnapshot:
    if status is None:
        return TurnSnapshot(employee=None, interview=None)
    state = InterviewState(
        status=status, awaiting=Awaiting.ANSWER, created_at=NOW, last_activity_at=NOW
    )
    return TurnSnapshot(employee=None, interview=InterviewSnapshot(interview_id, 1, state))


# --- the pure choice --------------------------------------------------------------------------


@pytest.mark.parametrize("may_open", [False, True])
def test_a_turn_without_an_interview_takes_the_newest_plan(may_open: bool) -> None:
    assert deciding_interview(None, may_open=may_open) is None
    assert deciding_interview(snapshot(None), may_open=may_open) is None


@pytest.mark.parametrize("status", sorted(InterviewStatus))
def test_an_existing_interview_keeps_its_plan_unless_a_new_one_may_be_opened(
    status: InterviewStatus,
) -> None:
    current = snapshot(status)
    assert deciding_interview(current, may_open=False) == 7, "even ended: declined resumes"
    opens_anew = not status.is_active
    assert deciding_interview(current, may_open=True) == (None if opens_anew else 7)


def test_rules_with_a_version_changes_only_the_plan() -> None:
    rules = Rules(plan=DEFAULT_PLAN, max_turns=12, retention_days=30)
    assert rules_with(rules, None) is rules
    version = PlanVersion(3, NEW_PLAN, NOW, "hris")
    chosen = rules_with(rules, version)
    assert chosen.plan is NEW_PLAN
    assert (chosen.max_turns, chosen.retention_days) == (12, 30)
    assert rules.plan is DEFAULT_PLAN


# --- the cache --------------------------------------------------------------------------------


@dataclass
class MemoryPlans:
    """``PlanStore`` in memory, counting what it was asked; two ``PlanVersions`` on one of
    these are two replicas on one database."""

    versions: dict[int, PlanVersion] = field(default_factory=dict)
    interviews: dict[int, int | None] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    async def newest_version(self) -> int | None:
        self.asked.append("newest")
        return max(self.versions, default=None)

    async def load(self, version: int) -> PlanVersion:
        self.asked.append(f"load {version}")
        return self.versions[version]

    async def interview_version(self, interview_id: int) -> int | None:
        self.asked.append(f"interview {interview_id}")
        return self.interviews.get(interview_id)

    async def add(self, plan: QuestionPlan, created_by: str | None, now: datetime) -> PlanVersion:
        stored = PlanVersion(max(self.versions, default=0) + 1, plan, now, created_by)
        self.versions[stored.version] = stored
        return stored


async def test_a_version_stored_elsewhere_is_used_by_the_next_new_interview() -> None:
    store = MemoryPlans()
    here, there = PlanVersions(store), PlanVersions(store)
    assert await here.newest() is None
    stored = await there.publish(NEW_PLAN, by="hris", now=NOW)
    seen = await here.for_turn(snapshot(None), may_open=False)
    assert seen is not None and seen.version == stored.version and seen.plan == NEW_PLAN


async def test_versions_and_interview_versions_are_read_once() -> None:
    store = MemoryPlans()
    first = await PlanVersions(store).publish(NEW_PLAN, by="hris", now=NOW)
    store.interviews = {7: first.version, 8: None}
    plans = PlanVersions(store)
    for _ in range(3):
        assert await plans.for_turn(snapshot(InterviewStatus.IN_PROGRESS, 7), may_open=False)
        assert await plans.for_turn(snapshot(InterviewStatus.PAUSED, 8), may_open=True) is None
    assert store.asked == ["interview 7", "load 1", "interview 8"]
    again = await plans.version(first.version)
    assert again is await plans.version(first.version), "the same object, turn after turn"


async def test_the_interview_cache_is_bounded() -> None:
    store = MemoryPlans(interviews=dict.fromkeys(range(5)))
    plans = PlanVersions(store, remembered=2)
    for interview_id in (1, 2, 3, 1):
        await plans.of_interview(interview_id)
    assert store.asked == ["interview 1", "interview 2", "interview 3", "interview 1"]


# --- through the service, on the database -----------------------------------------------------


async def consent(engine: InterviewService, user_id: str) -> str:
    user = employee(user_id)
    await say(engine, user, "hi")
    return texts(await say(engine, user, "yes"))


async def test_an_interview_keeps_its_plan_and_new_ones_follow_the_new_version(
    engine: InterviewService, database: Database
) -> None:
    assert DEFAULT_PLAN.topics[0].question in await consent(engine, "U100")
    stored = await engine.plans.publish(NEW_PLAN, by="hris", now=NOW)

    moved_on = await say(engine, employee("U100"), GOOD_ANSWERS["reason_for_leaving"])
    assert texts(moved_on) == DEFAULT_PLAN.topics[1].question
    assert NEW_PLAN.topics[0].question in await consent(engine, "U200")

    old = await interview_row(database, 1)
    new = await interview_row(database, 2)
    assert (old.plan_version, old.plan_name) == (None, "default")
    assert (new.plan_version, new.plan_name) == (stored.version, "short")
    assert engine.plan is DEFAULT_PLAN, "the file or built-in plan is unchanged"


async def test_a_declined_interview_picked_up_again_keeps_its_plan(
    engine: InterviewService,
) -> None:
    dana = employee("U100")
    await say(engine, dana, "hi")
    declined = await say(engine, dana, "no")
    assert declined.status is InterviewStatus.DECLINED
    await engine.plans.publish(NEW_PLAN, by="hris", now=NOW)
    resumed = await say(engine, dana, "yes")
    assert resumed.status is InterviewStatus.IN_PROGRESS
    assert DEFAULT_PLAN.topics[0].question in texts(resumed)


async def test_an_invitation_after_a_withdrawn_interview_opens_one_on_the_new_plan(
    engine: InterviewService, database: Database
) -> None:
    dana = employee("U100")
    first = await engine.invite(dana)
    assert first.interview_id is not None
    await engine.cancel(first.interview_id)
    stored = await engine.plans.publish(NEW_PLAN, by="hris", now=NOW)
    second = await engine.invite(dana)
    assert second.created and second.interview_id != first.interview_id
    assert second.interview_id is not None
    assert (await interview_row(database, second.interview_id)).plan_version == stored.version
    assert NEW_PLAN.topics[0].question in texts(await say(engine, dana, "yes"))
