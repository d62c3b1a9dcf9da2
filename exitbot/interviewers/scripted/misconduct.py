"""A conservative keyword rule for misconduct reports, working without any model."""

from __future__ import annotations

import re

from exitbot.core.interviewer import InterviewContext
from exitbot.core.misconduct import MisconductCategory

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
        self, text: str, *, interview: InterviewContext | None = None, model: bool = True
    ) -> frozenset[MisconductCategory]:
        return frozenset(c for c, pattern in _PATTERNS.items() if pattern.search(text))
