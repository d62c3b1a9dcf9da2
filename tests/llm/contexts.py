"""Building InterviewContexts for LLM tests without an engine."""

from __future__ import annotations

from exitbot.core.interviewer import CallBudget, InterviewContext, TranscriptEntry
from exitbot.core.plan import DEFAULT_PLAN, QuestionPlan
from exitbot.core.statuses import MessageKind, MessageRole


def context(
    *,
    answers: list[tuple[str, str]] | None = None,
    topic_index: int = 0,
    followups_asked: int = 0,
    names: tuple[str, ...] = (),
    budget: int = 60,
    plan: QuestionPlan = DEFAULT_PLAN,
) -> InterviewContext:
    """A context whose transcript alternates the plan's question and each (topic_key, answer)."""
    questions = {t.key: t.question for t in plan.topics}
    transcript: list[TranscriptEntry] = []
    for key, answer in answers or []:
        transcript.append(
            TranscriptEntry(MessageRole.BOT, MessageKind.QUESTION, questions[key], topic_key=key)
        )
        transcript.append(
            TranscriptEntry(
                MessageRole.EMPLOYEE, MessageKind.ANSWER, answer, topic_key=key, sentiment=0.0
            )
        )
    return InterviewContext(
        interview_id=1,
        plan=plan,
        topic_index=topic_index,
        followups_asked=followups_asked,
        transcript=tuple(transcript),
        budget=CallBudget(remaining=budget),
        names_to_mask=names,
    )
