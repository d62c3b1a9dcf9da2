"""Interviews put in the database the way employees make them: through the engine."""

from __future__ import annotations

from exitbot.core.messages import UserRef
from exitbot.engine import InterviewDetails, InterviewService
from tests.support import complete_interview, employee


async def completed(
    engine: InterviewService,
    user_id: str,
    name: str,
    *,
    department: str = "Engineering",
    anonymous: bool = False,
) -> int:
    """A whole interview with full answers; its id."""
    user = employee(user_id, name)
    await engine.invite(user, InterviewDetails(department=department, invited_by="test"))
    outcome = await complete_interview(engine, user, consent="anonymous" if anonymous else "yes")
    assert outcome.interview_id is not None
    return outcome.interview_id


async def invited(engine: InterviewService, user: UserRef, department: str = "Sales") -> int:
    outcome = await engine.invite(user, InterviewDetails(department=department, invited_by="test"))
    assert outcome.interview_id is not None
    return outcome.interview_id
