"""The thin imperative shell around the pure decisions: load, ask, decide, apply.

A turn reads a snapshot through the store port, lets ``decision`` decide (asking the
interviewer and the misconduct detector what it needs, outside any transaction, so no lock
is held while a model thinks), and applies the decision in one transaction that also claims
the platform event and writes every outgoing message to the outbox. When someone changed the
interview in between (the version check fails), the turn is read and decided again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime

import structlog
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from exitbot.core.clock import Clock
from exitbot.core.interview import (
    AppliedChange,
    EventKey,
    InterviewChange,
    InterviewChanged,
    TurnSnapshot,
)
from exitbot.core.interviewer import Interviewer
from exitbot.core.messages import ConversationRef, IncomingMessage, Reply, UserRef
from exitbot.core.misconduct import MisconductDetector
from exitbot.core.outgoing import Destination, Outgoing, Purpose
from exitbot.core.plan import QuestionPlan
from exitbot.core.ports import AlertRouting, InterviewStore, LanguageDetection, SentimentScorer
from exitbot.core.retry import RetryPolicy
from exitbot.core.statuses import InterviewStatus
from exitbot.engine.decision import (
    Answer,
    AskFollowup,
    AskOpeningQuestion,
    AskReport,
    CheckMisconduct,
    ClassifyReply,
    Decision,
    InterviewDetails,
    InterviewerRequest,
    LoadInterviews,
    MessageInput,
    Outcome,
    Pending,
    Rules,
    decide_begin,
    decide_erasure,
    decide_invite,
    decide_message,
    decide_nudge,
    decide_scheduled_invitation,
    decide_suspend,
)
from exitbot.engine.plans import PlanVersions, rules_with
from exitbot.engine.text_input import clean_incoming

log = structlog.get_logger(__name__)

REDO = RetryPolicy(max_attempts=5, initial_backoff=0.05, max_backoff=2.0, jitter=0.05)
"""Turns redone when another writer changed the interview meanwhile."""
MAX_ROUNDS = 4
"""Rounds of interviewer requests one decision may make (misconduct + follow-up, then a
question, then a report)."""


@dataclass(frozen=True, slots=True)
class TurnOutcome:
    """What a turn did: the replies it queued (already in the outbox) and where it stands."""

    replies: tuple[Reply, ...] = ()
    interview_id: int | None = None
    status: InterviewStatus | None = None
    duplicate: bool = False
    created: bool = False
    erased: bool = False
    outbox_ids: tuple[int, ...] = ()
    problem: str | None = None
    invite_at: datetime | None = None
    """When the interview's invitation is due, while it still waits (nothing was queued)."""


class InterviewService:
    """Runs interviews; every entry point is a decision applied with a version check."""

    def __init__(
        self,
        store: InterviewStore,
        interviewer: Interviewer,
        detector: MisconductDetector,
        sentiment: SentimentScorer,
        languages: LanguageDetection,
        alerts: AlertRouting,
        rules: Rules,
        clock: Clock,
        plans: PlanVersions,
    ) -> None:
        self._store = store
        self._interviewer = interviewer
        self._detector = detector
        self._sentiment = sentiment
        self._languages = languages
        self._alerts = alerts
        self.rules = rules
        self._clock = clock
        self.plans = plans

    @property
    def plan(self) -> QuestionPlan:
        """The file or built-in plan: what interviews follow while HR has stored none
        (each interview follows the version it was opened with: ``plans``)."""
        return self.rules.plan

    async def _rules_for(self, snapshot: TurnSnapshot | None, *, may_open: bool = False) -> Rules:
        """``rules`` with the plan a turn starting from ``snapshot`` decides with."""
        return rules_with(self.rules, await self.plans.for_turn(snapshot, may_open=may_open))

    def warm_up(self) -> None:
        """Load what reading a message needs (the language models load on first use), so
        the first employee does not wait for it."""
        self._languages.detect("Thank you, the team and my manager were great to work with.")

    async def handle(self, message: IncomingMessage) -> TurnOutcome:
        """Process one employee message exactly once (a repeated event id is a duplicate)."""
        cleaned = clean_incoming(message.text)
        language = self._languages.detect(cleaned.text) if cleaned.problem is None else None

        async def attempt() -> TurnOutcome:
            snapshot = await self._store.load_turn(message.user)
            rules = await self._rules_for(snapshot)
            now = self._clock.now()
            known = snapshot.interview.state.language if snapshot.interview else None
            sentiment = (
                self._sentiment.score(cleaned.text, language or known)
                if cleaned.problem is None
                else None
            )
            turn = MessageInput(
                message.user,
                cleaned,
                message.message_id,
                sentiment,
                now,
                message.has_files,
                language=language,
                received_at=message.received_at,
                whole_answer=message.whole_answer,
            )
            decision = await self._resolve(
                lambda answers: decide_message(snapshot, turn, answers, rules)
            )
            event = EventKey(message.user.platform.value, message.message_id)
            destination = message.conversation or _reach(snapshot, message.user)
            return await self._apply(
                snapshot,
                message.user,
                decision,
                now,
                Purpose.REPLY,
                destination,
                event,
                conversation=message.conversation,
            )

        return await _redo(attempt)

    async def invite(self, user: UserRef, details: InterviewDetails | None = None) -> TurnOutcome:
        """Open an interview for ``user`` and queue the invitation to their DM, or, for a
        ``last_day`` far ahead, leave it waiting until ``invite_at``; with one already
        active, nothing new is created (``created`` False, ``invite_at`` that one's)."""

        async def attempt() -> TurnOutcome:
            snapshot = await self._store.load_turn(user)
            now = self._clock.now()
            rules = await self._rules_for(snapshot, may_open=True)
            decision = decide_invite(snapshot, user, details or InterviewDetails(), now, rules)
            outcome = await self._apply(
                snapshot, user, decision, now, Purpose.INVITATION, _reach(snapshot, user)
            )
            state = decision.state or (snapshot.interview.state if snapshot.interview else None)
            return replace(outcome, invite_at=state.invite_at if state else None)

        return await _redo(attempt)

    async def send_scheduled_invitation(self, interview_id: int) -> TurnOutcome:
        """Queue the waiting invitation of ``interview_id`` once it is due; ``problem`` when
        there is none to send. Safe on every replica at once: the version check of the
        write that clears ``invite_at`` (with the outbox row, in one transaction) lets one
        succeed, and the others, read again, find nothing left to send."""

        async def attempt() -> TurnOutcome:
            snapshot = await self._store.load_interview(interview_id)
            now = self._clock.now()
            rules = await self._rules_for(snapshot)
            decision = decide_scheduled_invitation(snapshot, interview_id, now, rules)
            if snapshot is None or snapshot.employee is None or decision.problem:
                return TurnOutcome(
                    interview_id=interview_id,
                    status=_current_status(snapshot),
                    problem=decision.problem,
                )
            user = snapshot.employee.user
            return await self._apply(
                snapshot, user, decision, now, Purpose.INVITATION, _reach(snapshot, user)
            )

        return await _redo(attempt)

    async def begin(self, user: UserRef, details: InterviewDetails | None = None) -> TurnOutcome:
        """Start a new interview, or re-prompt the active one where it stands (terminal)."""

        async def attempt() -> TurnOutcome:
            snapshot = await self._store.load_turn(user)
            now = self._clock.now()
            rules = await self._rules_for(snapshot, may_open=True)
            decision = decide_begin(snapshot, user, details or InterviewDetails(), now, rules)
            return await self._apply(
                snapshot, user, decision, now, Purpose.REPLY, _reach(snapshot, user)
            )

        return await _redo(attempt)

    async def suspend(self, user: UserRef) -> TurnOutcome:
        """Pause ``user``'s interview if it is running (the terminal's end of input)."""

        async def attempt() -> TurnOutcome:
            snapshot = await self._store.load_turn(user)
            now = self._clock.now()
            decision = decide_suspend(snapshot, user, now, await self._rules_for(snapshot))
            return await self._apply(
                snapshot, user, decision, now, Purpose.REPLY, _reach(snapshot, user)
            )

        return await _redo(attempt)

    async def remind(self, interview_id: int) -> TurnOutcome:
        """Queue a reminder for an active interview (marks it reminded); ``problem`` if none."""
        return await self._nudge(interview_id, cancel=False)

    async def cancel(self, interview_id: int) -> TurnOutcome:
        """Withdraw an active interview (HR) and queue a message telling the employee."""
        return await self._nudge(interview_id, cancel=True)

    async def erase(self, interview_id: int) -> TurnOutcome:
        """Erase an interview's transcript and report on HR's request; ``problem`` if there
        is no such interview. Erasing an erased interview changes nothing."""

        async def attempt() -> TurnOutcome:
            snapshot = await self._store.load_interview(interview_id)
            now = self._clock.now()
            rules = await self._rules_for(snapshot)
            decision = decide_erasure(snapshot, interview_id, now=now, rules=rules)
            if snapshot is None or snapshot.employee is None or decision.problem:
                status = _current_status(snapshot)
                return TurnOutcome(
                    interview_id=interview_id, status=status, problem=decision.problem
                )
            user = snapshot.employee.user
            return await self._apply(
                snapshot, user, decision, now, Purpose.NOTICE, _reach(snapshot, user)
            )

        return await _redo(attempt)

    async def _nudge(self, interview_id: int, *, cancel: bool) -> TurnOutcome:
        async def attempt() -> TurnOutcome:
            snapshot = await self._store.load_interview(interview_id)
            now = self._clock.now()
            rules = await self._rules_for(snapshot)
            decision = decide_nudge(snapshot, interview_id, cancel=cancel, now=now, rules=rules)
            if snapshot is None or snapshot.employee is None or decision.problem:
                status = _current_status(snapshot)
                return TurnOutcome(
                    interview_id=interview_id, status=status, problem=decision.problem
                )
            user = snapshot.employee.user
            purpose = Purpose.NOTICE if cancel else Purpose.REMINDER
            return await self._apply(snapshot, user, decision, now, purpose, _reach(snapshot, user))

        return await _redo(attempt)

    # --- the shell --------------------------------------------------------------------------

    async def _resolve(self, decide: Callable[[dict[str, Answer]], Outcome]) -> Decision:
        """Decide, answering what the decision asks for, until it is settled."""
        answers: dict[str, Answer] = {}
        deadline = self._clock.monotonic() + self.rules.model_seconds
        for _ in range(MAX_ROUNDS):
            outcome = decide(answers)
            if not isinstance(outcome, Pending):
                return outcome
            for request in outcome.requests:
                if not isinstance(request, LoadInterviews):
                    request.context.budget.deadline = deadline
            results = await asyncio.gather(*(self._answer(r) for r in outcome.requests))
            answers.update((r.key, a) for r, a in zip(outcome.requests, results, strict=True))
        raise AssertionError("a decision kept asking the interviewer")  # pragma: no cover

    async def _answer(self, request: InterviewerRequest) -> Answer:
        match request:
            case AskOpeningQuestion(context):
                question = await self._interviewer.opening_question(context)
                return Answer(question, context.budget.used)
            case AskFollowup(context, answer):
                followup = await self._interviewer.followup(context, answer)
                return Answer(followup, context.budget.used)
            case AskReport(context):
                report = await self._interviewer.write_report(context)
                return Answer(report, context.budget.used)
            case CheckMisconduct(text, context, _, model):
                return Answer(await self._detector.detect(text, interview=context, model=model))
            case ClassifyReply(context, text, step, choices):
                meant = await self._interviewer.classify_reply(
                    context, text, step.value, tuple(c.value for c in choices)
                )
                intent = next((c for c in choices if c.value == meant), None)
                return Answer(intent, context.budget.used)
            case LoadInterviews(employee_id):
                return Answer(await self._store.employee_interviews(employee_id))
        raise TypeError(f"unknown interviewer request {request!r}")  # pragma: no cover

    async def _apply(
        self,
        snapshot: TurnSnapshot,
        user: UserRef,
        decision: Decision,
        now: datetime,
        purpose: Purpose,
        destination: Destination,
        event: EventKey | None = None,
        *,
        conversation: ConversationRef | None = None,
    ) -> TurnOutcome:
        interview = snapshot.interview
        existing_id = interview.id if interview is not None and not decision.created else None
        outgoing = [
            Outgoing(destination, reply, purpose, user.key, existing_id)
            for reply in decision.replies
        ]
        if decision.alert and existing_id is not None:
            outgoing.extend(self._alerts.alert_messages(existing_id, decision.alert))
            log.warning(
                "misconduct_reported",
                interview_id=existing_id,
                categories=sorted(c.value for c in decision.alert),
            )
        change = InterviewChange(
            user=user,
            now=now,
            state=decision.state,
            interview_id=existing_id,
            expected_version=interview.version if existing_id is not None and interview else None,
            expected_latest=interview.id if interview is not None else None,
            conversation=conversation,
            lines=decision.lines,
            report=decision.report,
            erase=decision.erase,
            erase_others=decision.erase_others,
            amend=decision.amend,
            employee_department=decision.employee_department,
            outgoing=tuple(outgoing),
            event=event,
            known_employee_id=_unchanged_employee(snapshot, user, conversation),
        )
        applied: AppliedChange = await self._store.apply(change)
        if applied.duplicate:
            log.info("duplicate_event", platform=user.platform, event_id=event and event.event_id)
            return TurnOutcome(duplicate=True)
        interview_id = applied.interview_id or existing_id
        if decision.created:
            log.info("interview_invited", interview_id=interview_id)
        if decision.erase or decision.erase_others:
            log.info(
                "interview_erased", interview_id=interview_id, others=len(decision.erase_others)
            )
        status = decision.status or _current_status(snapshot)
        replies = tuple(
            r if r.interview_id is not None else Reply(r.text, r.kind, r.choices, interview_id)
            for r in decision.replies
        )
        return TurnOutcome(
            replies=replies,
            interview_id=interview_id,
            status=status,
            created=decision.created,
            erased=decision.erase,
            outbox_ids=applied.outbox_ids,
        )


def _reach(snapshot: TurnSnapshot | None, user: UserRef) -> Destination:
    """Where the employee was last reached, else the person (the sender opens their DM)."""
    employee = snapshot.employee if snapshot is not None else None
    if employee is not None and employee.conversation is not None:
        return employee.conversation
    return employee.user if employee is not None else user


def _unchanged_employee(
    snapshot: TurnSnapshot, user: UserRef, conversation: ConversationRef | None
) -> int | None:
    """The stored employee's id when this turn tells the store nothing new about them."""
    employee = snapshot.employee
    if employee is None:
        return None
    stored = employee.user
    same = (
        user.display_name in (None, stored.display_name)
        and user.email in (None, stored.email)
        and user.timezone in (None, stored.timezone)
        and (conversation is None or conversation == employee.conversation)
    )
    return employee.id if same else None


def _current_status(snapshot: TurnSnapshot | None) -> InterviewStatus | None:
    if snapshot is None or snapshot.interview is None:
        return None
    return snapshot.interview.state.status


async def _redo(attempt: Callable[[], Awaitable[TurnOutcome]]) -> TurnOutcome:
    retrying = AsyncRetrying(
        retry=retry_if_exception_type(InterviewChanged),
        stop=stop_after_attempt(REDO.max_attempts),
        wait=lambda state: REDO.backoff(state.attempt_number),
        reraise=True,
        before_sleep=lambda state: log.info("turn_redone", attempt=state.attempt_number),
    )
    async for try_ in retrying:
        with try_:
            return await attempt()
    raise AssertionError("unreachable")  # pragma: no cover
