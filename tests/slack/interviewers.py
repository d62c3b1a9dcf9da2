"""Test doubles of the Interviewer port: one that is stuck (a model that never answers)."""

from __future__ import annotations

import asyncio

from exitbot.core.interviewer import GeneratedReport, InterviewContext
from exitbot.interviewers.scripted.interviewer import ScriptedInterviewer


class StuckInterviewer:
    """The scripted interviewer's words, but a question waits until ``release``: a turn that
    is still running when the process dies, or a model that takes its time."""

    def __init__(self) -> None:
        self.calls = 0
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self._words = ScriptedInterviewer()

    async def opening_question(self, ctx: InterviewContext) -> str:
        self.calls += 1
        self.started.set()
        await self.release.wait()
        return await self._words.opening_question(ctx)

    async def followup(self, ctx: InterviewContext, answer: str) -> str | None:
        self.calls += 1
        return await self._words.followup(ctx, answer)

    async def write_report(self, ctx: InterviewContext) -> GeneratedReport:
        self.calls += 1
        return await self._words.write_report(ctx)

    async def classify_reply(
        self, ctx: InterviewContext, text: str, step: str, choices: tuple[str, ...]
    ) -> str | None:
        return None
