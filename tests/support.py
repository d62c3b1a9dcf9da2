"""Small helpers for engine tests: talk as an employee and read the database back."""

from __future__ import annotations

import itertools

from sqlalchemy import func, select

from exitbot.core.messages import IncomingMessage, Platform, UserRef
from exitbot.engine import InterviewService, TurnOutcome
from exitbot.store import Database
from exitbot.store.models import Interview, Message, Report

_ids = itertools.count(1)


def employee(user_id: str = "U100", name: str | None = "Dana Smith") -> UserRef:
    return UserRef(Platform.SLACK, user_id, display_name=name, email=f"{user_id.lower()}@corp.test")


def message(user: UserRef, text: str, message_id: str | None = None) -> IncomingMessage:
    return IncomingMessage(user=user, text=text, message_id=message_id or f"m{next(_ids)}")


async def say(engine: InterviewService, user: UserRef, text: str) -> TurnOutcome:
    return await engine.handle(message(user, text))


def texts(outcome: TurnOutcome) -> str:
    return "\n".join(r.text for r in outcome.replies)


async def interview_row(database: Database, interview_id: int) -> Interview:
    async with database.session() as session:
        row = await session.get(Interview, interview_id)
        assert row is not None
        return row


async def stored_messages(database: Database, interview_id: int) -> list[Message]:
    async with database.session() as session:
        rows = await session.execute(
            select(Message).where(Message.interview_id == interview_id).order_by(Message.seq)
        )
        return list(rows.scalars())


async def report_count(database: Database) -> int:
    async with database.session() as session:
        return int((await session.execute(select(func.count()).select_from(Report))).scalar_one())


GOOD_ANSWERS = {
    "reason_for_leaving": "The pay was well below market and there was no path to promotion.",
    "role_fit": "The role was mostly what I expected, though with more support work than planned.",
    "manager": "My manager was kind but rarely had time for one-to-ones or real feedback.",
    "team_culture": "The team was great, people helped each other and the culture was friendly.",
    "growth": "I learned a lot in the first year, then growth stalled completely for me.",
    "compensation": "Salary was below what similar companies pay and benefits were average.",
    "tools_workload": "Workload was heavy near releases and the tooling was slow and outdated.",
    "what_would_have_kept_you": "A clear promotion path and a fair raise would have kept me here.",
    "recommend": "I would say 7 out of 10, and yes I would come back one day.",
    "anything_else": "Thanks for asking, I hope this feedback helps the team improve things.",
}


async def complete_interview(
    engine: InterviewService, user: UserRef, *, consent: str = "yes"
) -> TurnOutcome:
    """Drive ``user`` through a whole interview with full answers and confirm the summary."""
    await say(engine, user, "hi")
    outcome = await say(engine, user, consent)
    for topic in engine.plan.topics:
        outcome = await say(engine, user, GOOD_ANSWERS.get(topic.key, "A full answer here."))
    assert "Here is what I'll record" in texts(outcome), texts(outcome)
    return await say(engine, user, "yes")
