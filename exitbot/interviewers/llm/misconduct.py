"""Misconduct detection with a model on top of the keyword rule.

The keyword rule always runs and its findings always count; the model adds what keywords miss
(other languages, paraphrase). When no model answers, the keyword rule alone decides, so an
alert never depends on a provider being up. The detector keeps no memory between calls: what
one employee wrote never shapes another employee's prompt.
"""

from __future__ import annotations

from pydantic import ValidationError

from exitbot.core.interviewer import InterviewContext
from exitbot.core.misconduct import (
    MisconductCategory,
    MisconductDetector,
)
from exitbot.interviewers.llm.errors import InvalidOutputError
from exitbot.interviewers.llm.failover import FailoverCaller
from exitbot.interviewers.llm.prompts import MisconductVerdict, misconduct_prompt
from exitbot.interviewers.llm.types import Completion
from exitbot.interviewers.llm.validation import parse_json_object
from exitbot.interviewers.scripted.misconduct import KeywordMisconductDetector

MIN_WORDS_FOR_MODEL = 4


class LLMMisconductDetector:
    """The union of the keyword rule and the model's verdict."""

    def __init__(self, caller: FailoverCaller, fallback: MisconductDetector | None = None) -> None:
        self._caller = caller
        self._fallback: MisconductDetector = fallback or KeywordMisconductDetector()

    async def detect(
        self, text: str, *, interview: InterviewContext | None = None, model: bool = True
    ) -> frozenset[MisconductCategory]:
        found = await self._fallback.detect(text, interview=interview)
        if not model or len(text.split()) < MIN_WORDS_FOR_MODEL:
            return found
        try:
            prepared = misconduct_prompt(text, interview)
            turn_deadline = interview.budget.deadline if interview is not None else None
            verdict = await self._caller.call(
                prepared.request, _parse_verdict, deadline=turn_deadline
            )
        except Exception:  # a detector bug must not stop the interview; keywords still apply
            verdict = None
        if verdict is None:
            return found
        return found | frozenset(verdict.categories)


def _parse_verdict(completion: Completion) -> MisconductVerdict:
    try:
        return MisconductVerdict.model_validate(parse_json_object(completion.text))
    except ValidationError as exc:
        raise InvalidOutputError(f"misconduct verdict: {exc.error_count()} errors") from None
