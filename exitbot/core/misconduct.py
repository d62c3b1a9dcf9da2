"""Spotting reports of misconduct in an answer, so HR can be alerted at once (DESIGN 5)."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from exitbot.core.interviewer import InterviewContext


class MisconductCategory(StrEnum):
    HARASSMENT = "harassment"
    DISCRIMINATION = "discrimination"
    SAFETY = "safety"
    FRAUD = "fraud"


class MisconductDetector(Protocol):
    async def detect(
        self, text: str, *, interview: InterviewContext | None = None, model: bool = True
    ) -> frozenset[MisconductCategory]:
        """The categories ``text`` reports. ``interview`` is the answer's own interview: a
        detector that masks names may use its known names and earlier answers, nothing else.
        ``model`` False: the keyword rule only (a flood of messages never costs model calls)."""
        ...
