"""The scripted interviewer: the plan's own wording, no model. Always available, never fails."""

from __future__ import annotations

import re

from exitbot.core.interviewer import GeneratedReport, InterviewContext
from exitbot.core.plan import TopicKind
from exitbot.core.report import ReportSource
from exitbot.interviewers.scripted.report import build_scripted_report, parse_score

SHORT_ANSWER_WORDS = 4
_COMPLETE_SHORT_ANSWERS = re.compile(
    r"^(no|nope|nothing|none|n/?a|not really|no thanks|nothing else|that's all|that is all|"
    r"all good|no comment|pass|idk|i don't know)[.! ]*$",
    re.IGNORECASE,
)


class ScriptedInterviewer:
    """Asks each topic's question as written and follows up only on very short answers."""

    async def opening_question(self, ctx: InterviewContext) -> str:
        return ctx.topic.question

    async def followup(self, ctx: InterviewContext, answer: str) -> str | None:
        topic = ctx.topic
        allowance = min(1, ctx.followup_allowance)
        if ctx.followups_asked >= allowance:
            return None
        if topic.kind is TopicKind.SCALE:
            return None if parse_score(answer) is not None else topic.followup
        if _COMPLETE_SHORT_ANSWERS.match(answer.strip()):
            return None
        if len(answer.split()) < SHORT_ANSWER_WORDS:
            return topic.followup
        return None

    async def write_report(self, ctx: InterviewContext) -> GeneratedReport:
        return GeneratedReport(build_scripted_report(ctx), ReportSource.SCRIPTED)

    async def classify_reply(
        self, ctx: InterviewContext, text: str, step: str, choices: tuple[str, ...]
    ) -> str | None:
        """Without a model nothing more can be read than the recogniser already did."""
        return None
