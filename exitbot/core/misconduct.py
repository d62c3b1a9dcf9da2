"""Spotting reports of misconduct in an answer, so HR can be alerted at once (DESIGN 5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from exitbot.core.interviewer import InterviewContext


class MisconductCategory(StrEnum):
    HARASSMENT = "harassment"
    DISCRIMINATION = "discrimination"
    SAFETY = "safety"
    FRAUD = "fraud"


@dataclass(frozen=True, slots=True)
class MisconductAlert:
    """What HR is told: the interview and the categories, never a quote."""

    interview_id: int
    categories: frozenset[MisconductCategory]


class MisconductDetector(Protocol):
    async def detect(
        self, text: str, *, interview: InterviewContext | None = None
    ) -> frozenset[MisconductCategory]:
        """The categories ``text`` reports. ``interview`` is the answer's own interview: a
        detector that masks names may use its known names and earlier answers, nothing else."""
        ...


class AlertSink(Protocol):
    """Where misconduct alerts go (HR channel or DMs, wired by the app)."""

    async def misconduct(self, alert: MisconductAlert) -> None: ...


_PATTERNS: dict[MisconductCategory, re.Pattern[str]] = {
    MisconductCategory.HARASSMENT: re.compile(
        r"\b(harass\w*|sexual(ly)? (comment|advance|touch)\w*|groped|bull(y|ied|ying)|"
        r"inappropriate(ly)? touch\w*|stalk\w*|threaten\w*|intimidat\w*)\b",
        re.IGNORECASE,
    ),
    MisconductCategory.DISCRIMINATION: re.compile(
        r"\b(discriminat\w*|racis[mt]\w*|sexis[mt]\w*|homophob\w*|transphob\w*|ageis[mt]|"
        r"because i('| a)m (a woman|pregnant|black|gay|old|disabled))\b",
        re.IGNORECASE,
    ),
    MisconductCategory.SAFETY: re.compile(
        r"\b(unsafe|safety (issue|violation|hazard)s?|injur(y|ed|ies)|assault\w*|violence|"
        r"violent|hazard\w*)\b",
        re.IGNORECASE,
    ),
    MisconductCategory.FRAUD: re.compile(
        r"\b(fraud\w*|embezzl\w*|brib(e|ery|ed)|kickback\w*|falsif\w*|cook(ed|ing) the books|"
        r"stole|stealing|theft|money laundering)\b",
        re.IGNORECASE,
    ),
}


class KeywordMisconductDetector:
    """A conservative keyword rule that works without any model."""

    async def detect(
        self, text: str, *, interview: InterviewContext | None = None
    ) -> frozenset[MisconductCategory]:
        return frozenset(c for c, pattern in _PATTERNS.items() if pattern.search(text))


class LoggingAlertSink:
    """The default sink until a chat platform is wired: a warning in the log, no quote."""

    def __init__(self) -> None:
        import structlog

        self._log = structlog.get_logger("exitbot.hr.alerts")

    async def misconduct(self, alert: MisconductAlert) -> None:
        self._log.warning(
            "misconduct_reported",
            interview_id=alert.interview_id,
            categories=sorted(c.value for c in alert.categories),
        )
