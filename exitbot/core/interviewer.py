"""The interviewer port: who phrases questions, decides on follow-ups and writes the report.

The engine owns the interview's state; an ``Interviewer`` only produces words. The scripted
interviewer implements it with the plan's own wording; the LLM chain (``exitbot.interviewers.llm``)
implements it with models and falls back to the scripted one, so the engine never sees an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from exitbot.core.plan import QuestionPlan, Topic
from exitbot.core.report import InterviewReport, ReportSource
from exitbot.core.statuses import MessageKind, MessageRole


@dataclass(frozen=True, slots=True)
class TranscriptEntry:
    """One line of the transcript; ``platform_message_id`` ties an employee's line to the
    platform event it came from."""

    role: MessageRole
    kind: MessageKind
    text: str
    topic_key: str | None = None
    sentiment: float | None = None
    platform_message_id: str | None = field(default=None, compare=False)


@dataclass(slots=True)
class CallBudget:
    """Model calls still allowed for this interview (DESIGN 5: at most 60)."""

    remaining: int
    used: int = 0
    deadline: float | None = None
    """The clock's monotonic time by which this turn's model calls must be done (one budget
    for all of them); past it the scripted interviewer answers."""

    def take(self) -> bool:
        """Spend one call; False when the budget is exhausted (use the script instead)."""
        if self.remaining <= 0:
            return False
        self.remaining -= 1
        self.used += 1
        return True


@dataclass(frozen=True, slots=True)
class InterviewContext:
    """Everything an interviewer may use for one decision. Holds no platform ids or emails."""

    interview_id: int
    plan: QuestionPlan
    topic_index: int
    followups_asked: int
    transcript: tuple[TranscriptEntry, ...]
    budget: CallBudget
    pseudonym: str = "the employee"
    names_to_mask: tuple[str, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def topic(self) -> Topic:
        return self.plan.topics[min(self.topic_index, len(self.plan.topics) - 1)]

    @property
    def followup_allowance(self) -> int:
        return self.plan.followups_for(self.topic)

    def answers(self, topic_key: str | None = None) -> list[TranscriptEntry]:
        return [
            e
            for e in self.transcript
            if e.kind is MessageKind.ANSWER and (topic_key is None or e.topic_key == topic_key)
        ]


@dataclass(frozen=True, slots=True)
class GeneratedReport:
    report: InterviewReport
    source: ReportSource


class Interviewer(Protocol):
    """Produces the interviewer's words; must not raise for model failures (fall back instead)."""

    async def opening_question(self, ctx: InterviewContext) -> str:
        """The question that opens ``ctx.topic``."""
        ...

    async def followup(self, ctx: InterviewContext, answer: str) -> str | None:
        """A follow-up to ``answer`` worth asking, or None to move on to the next topic."""
        ...

    async def write_report(self, ctx: InterviewContext) -> GeneratedReport:
        """The structured report for the whole interview (stored in English)."""
        ...

    async def classify_reply(
        self, ctx: InterviewContext, text: str, step: str, choices: tuple[str, ...]
    ) -> str | None:
        """Which of ``choices`` a reply at decision point ``step`` means, when a model can
        tell with confidence; None otherwise (the engine then asks again)."""
        ...
