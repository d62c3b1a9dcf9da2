"""Which question plan a turn decides with.

HR may store a new plan at any time (``PUT /api/question-plan``); an interview already under
way must keep the plan it was opened with, or its topic index would point into another plan.
So every stored plan is an immutable, numbered version and every interview records the one it
follows (the file or built-in plan when none). The service picks the plan here and hands the
pure decisions ``Rules`` with that plan in; the decisions never know versions exist.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from exitbot.core.interview import TurnSnapshot
from exitbot.core.plan import QuestionPlan
from exitbot.core.ports import PlanStore, PlanVersion
from exitbot.engine.decision import Rules

REMEMBERED_INTERVIEWS = 10_000
"""Interviews whose version is kept in memory; the oldest looked up are forgotten first."""


def deciding_interview(snapshot: TurnSnapshot | None, *, may_open: bool) -> int | None:
    """The interview whose plan a turn decides with; None when the turn may open a new
    interview, which takes the newest plan.

    An interview keeps its plan even once it has ended, since a declined one can be picked up
    again; ``may_open`` (an invitation, the terminal's start) only looks past one that is no
    longer active, because that is when a new interview is opened instead."""
    interview = snapshot.interview if snapshot is not None else None
    if interview is None or (may_open and not interview.state.status.is_active):
        return None
    return interview.id


def rules_with(rules: Rules, version: PlanVersion | None) -> Rules:
    """``rules`` deciding with ``version``'s plan; None keeps the file or built-in plan."""
    return rules if version is None else replace(rules, plan=version.plan)


class PlanVersions:
    """The stored plan versions as the service reads them.

    How a replica learns of a version another replica stored: it reads the newest version's
    number from the database on every turn that may open an interview (a first message, an
    invitation; one ``max()`` over the primary key, so cheap) rather than polling every few
    seconds: opening interviews is rare next to answering, and no replica ever opens one
    with a superseded plan, nor is there a timer to run. The interview's row also takes the
    newest version in the very INSERT that creates it, so the version it records cannot be
    an older one, whichever replica writes it. The rest is cached on this instance, safely:
    a version never changes once stored, nor does the version an interview follows. The
    cached plans also stay the same objects turn after turn, which the catalogs' cache of
    translated plans relies on."""

    def __init__(self, store: PlanStore, *, remembered: int = REMEMBERED_INTERVIEWS) -> None:
        self._store = store
        self._remembered = remembered
        self._versions: dict[int, PlanVersion] = {}
        self._interviews: dict[int, int | None] = {}

    async def newest(self) -> PlanVersion | None:
        """The version new interviews open with (None: the file or built-in plan)."""
        number = await self._store.newest_version()
        return None if number is None else await self.version(number)

    async def version(self, number: int) -> PlanVersion:
        known = self._versions.get(number)
        if known is None:
            known = self._versions.setdefault(number, await self._store.load(number))
        return known

    async def of_interview(self, interview_id: int) -> PlanVersion | None:
        """The version ``interview_id`` follows (None: the file or built-in plan)."""
        if interview_id in self._interviews:
            number = self._interviews[interview_id]
        else:
            number = await self._store.interview_version(interview_id)
            if len(self._interviews) >= self._remembered:
                del self._interviews[next(iter(self._interviews))]
            self._interviews[interview_id] = number
        return None if number is None else await self.version(number)

    async def for_turn(
        self, snapshot: TurnSnapshot | None, *, may_open: bool
    ) -> PlanVersion | None:
        """The version a turn starting from ``snapshot`` decides with."""
        interview_id = deciding_interview(snapshot, may_open=may_open)
        if interview_id is None:
            return await self.newest()
        return await self.of_interview(interview_id)

    async def publish(self, plan: QuestionPlan, *, by: str | None, now: datetime) -> PlanVersion:
        """Store ``plan`` as the newest version: interviews opened from now on follow it."""
        stored = await self._store.add(plan, by, now)
        return self._versions.setdefault(stored.version, stored)
