"""No database lock is held while the interviewer thinks; a turn that lost a race is redone."""

from __future__ import annotations

import asyncio

from exitbot.core.interviewer import GeneratedReport, InterviewContext
from exitbot.core.statuses import InterviewStatus, MessageKind
from exitbot.interviewers.scripted.interviewer import ScriptedInterviewer
from tests.support import GOOD_ANSWERS, employee, say, stored_messages, texts


class HeldInterviewer(ScriptedInterviewer):
    """The scripted interviewer, but every question waits until ``release`` (a slow model)."""

    def __init__(self) -> None:
        self.calls = 0
        self.thinking = asyncio.Event()
        self.release = asyncio.Event()

    async def opening_question(self, ctx: InterviewContext) -> str:
        self.calls += 1
        self.thinking.set()
        await self.release.wait()
        return await super().opening_question(ctx)


class InterferingInterviewer(ScriptedInterviewer):
    """While deciding a follow-up for the first time, lets ``interfere`` change the interview."""

    def __init__(self) -> None:
        self.interfere = None
        self.followup_calls = 0

    async def followup(self, ctx: InterviewContext, answer: str) -> str | None:
        self.followup_calls += 1
        if self.interfere is not None:
            interfere, self.interfere = self.interfere, None
            await interfere(ctx.interview_id)
        return await super().followup(ctx, answer)

    async def write_report(self, ctx: InterviewContext) -> GeneratedReport:
        return await super().write_report(ctx)


async def test_other_employees_are_served_while_the_interviewer_is_slow(make_engine):
    slow = HeldInterviewer()
    slow_engine = await make_engine(interviewer=slow)
    fast_engine = await make_engine()
    waiting, other = employee("U1"), employee("U2")
    await say(slow_engine, waiting, "hi")
    await say(fast_engine, other, "hi")

    slow_turn = asyncio.create_task(say(slow_engine, waiting, "yes"))
    await asyncio.wait_for(slow.thinking.wait(), 5)  # the slow turn is inside the interviewer
    quick = await asyncio.wait_for(say(fast_engine, other, "yes"), 10)
    assert quick.status is InterviewStatus.IN_PROGRESS
    assert not slow_turn.done(), "the other employee's turn did not wait for this one"
    slow.release.set()
    assert (await slow_turn).status is InterviewStatus.IN_PROGRESS
    assert slow.calls == 1


async def test_a_turn_that_lost_a_race_with_hr_is_redone(make_engine, database):
    interviewer = InterferingInterviewer()
    engine = await make_engine(interviewer=interviewer)
    hr_side = await make_engine()
    user = employee()
    await say(engine, user, "hi")
    started = await say(engine, user, "yes")

    async def cancel(interview_id: int) -> None:
        await hr_side.cancel(interview_id)

    interviewer.interfere = cancel
    outcome = await say(engine, user, GOOD_ANSWERS["reason_for_leaving"])
    assert outcome.status is InterviewStatus.CANCELLED
    assert "closed" in texts(outcome)
    assert interviewer.followup_calls == 1
    answers = [
        m
        for m in await stored_messages(database, started.interview_id)
        if m.kind == MessageKind.ANSWER
    ]
    assert answers == []  # the cancelled interview did not take the answer
