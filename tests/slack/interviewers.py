"""Test doubles of the Interviewer port: slow ones (a model taking seconds) and stuck ones."""

from __future__ import annotations

import asyncio

from exitbot.core.interviewer import GeneratedReport, InterviewContext
from exitbot.interviewers.scripted.interviewer import ScriptedInterviewer


class SlowInterviewer:
    """The scripted interviewer's words, each after ``delay`` seconds (like a slow LLM)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.calls = 0
        self._words = ScriptedInterviewer()

    async def opening_question(self, ctx: InterviewContext) -> str:
        self.calls += 1
        await asyncio.sleep(self.delay)
        return await self._words.opening_question(ctx)

    async def followup(self, ctx: InterviewContext, answer: str) -> str | None:
        self.calls += 1
        await asyncio.sleep(self.delay)
        return await self._words.followup(ctx, answer)

    async def write_report(self, ctx: InterviewContext) -> GeneratedReport:
        self.calls += 1
        await asyncio.sleep(self.delay)
        return await self._words.write_report(ctx)


class StuckInterviewer(SlowInterviewer):
    """Never answers until released: a turn that is still running when the process dies."""

    def __init__(self) -> None:
        super().__init__(delay=0)
        self.started = asyncio.Event()
        self.release = asyncio.Event()

    async def opening_question(self, ctx: InterviewContext) -> str:
        self.started.set()
        await self.release.wait()
        return await super().opening_question(ctx)
