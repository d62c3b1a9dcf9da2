"""The LLM interviewer: models phrase, decide and report; the scripted interviewer catches
everything they cannot do.

Whatever happens below it (rate limits, outages, timeouts, nonsense output, a spent budget),
each method returns something usable: a model's validated answer, or the scripted
interviewer's. The engine never sees an error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import structlog
from pydantic import ValidationError

from exitbot.core.interviewer import GeneratedReport, InterviewContext, Interviewer
from exitbot.core.plan import TopicKind
from exitbot.core.report import InterviewReport, ReportSource
from exitbot.interviewers.llm.errors import InvalidOutputError
from exitbot.interviewers.llm.failover import FailoverCaller
from exitbot.interviewers.llm.grounding import EmployeeAnswers, ground_report
from exitbot.interviewers.llm.metrics import LLMMetrics
from exitbot.interviewers.llm.prompts import (
    FollowupDecision,
    ReplyIntent,
    ReportDraft,
    followup_prompt,
    question_prompt,
    reply_intent_prompt,
    report_prompt,
)
from exitbot.interviewers.llm.types import Completion, Purpose
from exitbot.interviewers.llm.validation import check_question, parse_json_object
from exitbot.interviewers.scripted.interviewer import ScriptedInterviewer
from exitbot.privacy.pseudonyms import Pseudonymiser

_NO_FOLLOWUP: Final = ""
_log = structlog.get_logger("exitbot.interviewers.llm")


class LLMChain:
    """An ``Interviewer`` backed by a ``FailoverCaller``'s providers, scripted as last resort."""

    def __init__(self, caller: FailoverCaller, fallback: Interviewer | None = None) -> None:
        self._caller = caller
        self._fallback: Interviewer = fallback or ScriptedInterviewer()

    @property
    def metrics(self) -> LLMMetrics:
        return self._caller.metrics

    @property
    def providers(self) -> tuple[str, ...]:
        return tuple(slot.name for slot in self._caller.slots)

    async def opening_question(self, ctx: InterviewContext) -> str:
        try:
            prepared = question_prompt(ctx)
            question = await self._caller.call(
                prepared.request,
                _question_parser(prepared.pseudonymiser, _questions_in(ctx.topic.question)),
                ctx.budget,
            )
        except Exception:  # the engine must never see an error from here
            _log.exception("llm_chain_bug", purpose=Purpose.QUESTION.value)
            question = None
        if question is None:
            self.metrics.record_scripted_fallback(Purpose.QUESTION)
            return await self._fallback.opening_question(ctx)
        return question

    async def followup(self, ctx: InterviewContext, answer: str) -> str | None:
        if ctx.followups_asked >= ctx.followup_allowance:
            return None
        if ctx.topic.kind is TopicKind.SCALE:
            # Whether a 0-10 score was given is parsed, not judged: no model call needed.
            return await self._fallback.followup(ctx, answer)
        try:
            prepared = followup_prompt(ctx, answer)
            result = await self._caller.call(
                prepared.request, _followup_parser(prepared.pseudonymiser), ctx.budget
            )
        except Exception:
            _log.exception("llm_chain_bug", purpose=Purpose.FOLLOWUP.value)
            result = None
        if result is None:
            self.metrics.record_scripted_fallback(Purpose.FOLLOWUP)
            return await self._fallback.followup(ctx, answer)
        return result or None

    async def write_report(self, ctx: InterviewContext) -> GeneratedReport:
        report = None
        if ctx.answers():
            try:
                prepared = report_prompt(ctx)
                answers = EmployeeAnswers.of(ctx, prepared.pseudonymiser)
                report = await self._caller.call(
                    prepared.request, _report_parser(answers), ctx.budget
                )
            except Exception:
                _log.exception("llm_chain_bug", purpose=Purpose.REPORT.value)
        if report is None:
            self.metrics.record_scripted_fallback(Purpose.REPORT)
            return await self._fallback.write_report(ctx)
        return GeneratedReport(report, ReportSource.LLM)

    async def classify_reply(
        self, ctx: InterviewContext, text: str, step: str, choices: tuple[str, ...]
    ) -> str | None:
        try:
            prepared = reply_intent_prompt(ctx, text, step, choices)
            intent = await self._caller.call(
                prepared.request, _reply_intent_parser(choices), ctx.budget
            )
        except Exception:
            _log.exception("llm_chain_bug", purpose=Purpose.REPLY_INTENT.value)
            intent = None
        return intent or None

    async def aclose(self) -> None:
        await self._caller.aclose()


def _questions_in(wording: str) -> int:
    return max(1, sum(wording.count(mark) for mark in "?？؟"))


def _question_parser(pseudo: Pseudonymiser, max_questions: int) -> Callable[[Completion], str]:
    def parse(completion: Completion) -> str:
        return check_question(pseudo.restore(completion.text), max_questions=max_questions)

    return parse


def _followup_parser(pseudo: Pseudonymiser) -> Callable[[Completion], str]:
    def parse(completion: Completion) -> str:
        try:
            decision = FollowupDecision.model_validate(parse_json_object(completion.text))
        except ValidationError as exc:
            raise InvalidOutputError(f"follow-up decision: {exc.error_count()} errors") from None
        if not decision.ask_followup:
            return _NO_FOLLOWUP
        return check_question(pseudo.restore(decision.question))

    return parse


REPLY_INTENT_CONFIDENCE = 0.75
"""Below this a model's reading of a reply is not acted on: the bot asks again instead."""


def _reply_intent_parser(choices: tuple[str, ...]) -> Callable[[Completion], str]:
    def parse(completion: Completion) -> str:
        try:
            verdict = ReplyIntent.model_validate(parse_json_object(completion.text))
        except ValidationError as exc:
            raise InvalidOutputError(f"reply intent: {exc.error_count()} errors") from None
        intent = verdict.intent.strip().lower()
        if intent not in choices or verdict.confidence < REPLY_INTENT_CONFIDENCE:
            return _NO_FOLLOWUP
        return intent

    return parse


def _report_parser(answers: EmployeeAnswers) -> Callable[[Completion], InterviewReport]:
    def parse(completion: Completion) -> InterviewReport:
        try:
            draft = ReportDraft.model_validate(parse_json_object(completion.text))
        except ValidationError as exc:
            raise InvalidOutputError(f"report: {exc.error_count()} errors") from None
        grounded = ground_report(draft, answers)
        _log.info(
            "llm_report_grounded", provider=completion.provider, **grounded.grounding.log_fields()
        )
        if grounded.report is None:
            raise InvalidOutputError("report: nothing the answers support is left")
        return grounded.report

    return parse
