"""The interview engine: one employee message in, the bot's replies out, state in the database.

Platform-neutral: adapters build ``IncomingMessage``s and render the returned ``Reply``s.
Each turn runs in one database transaction that also marks the platform event processed,
so a turn is applied exactly once; the employee's turns are serialised per employee
(an in-process FIFO lock for arrival order, the row lock for other replicas).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from exitbot.core.interviewer import CallBudget, InterviewContext, Interviewer, TranscriptEntry
from exitbot.core.messages import (
    Choice,
    ConversationRef,
    IncomingMessage,
    Platform,
    Reply,
    ReplyKind,
    UserRef,
)
from exitbot.core.misconduct import AlertSink, MisconductAlert, MisconductDetector
from exitbot.core.plan import QuestionPlan
from exitbot.core.report import InterviewReport, ReportSource
from exitbot.core.statuses import Awaiting, InterviewStatus, MessageKind, MessageRole
from exitbot.engine import texts
from exitbot.engine.summary import render_summary, summary_parts
from exitbot.engine.text_input import MAX_MESSAGE_CHARS, CleanedText, InputProblem, clean_incoming
from exitbot.engine.words import ParsedWord, Word, parse_word
from exitbot.language.sentiment import SentimentScorer
from exitbot.store.database import Database, is_transient
from exitbot.store.models import Employee, Interview
from exitbot.store.repository import InboxRepository, InterviewRepository

log = structlog.get_logger(__name__)

Clock = Callable[[], datetime]
MAX_TURN_ATTEMPTS = 5


class InterviewChanged(Exception):
    """Another turn (another replica, or HR) changed the interview while this one decided."""


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """Limits and wording parameters (DESIGN 5)."""

    max_turns: int = 40
    max_model_calls: int = 60
    retention_days: int = 365


@dataclass(frozen=True, slots=True)
class InterviewDetails:
    """What HR (or the terminal) may set when an interview is started."""

    department: str | None = None
    last_day: date | None = None
    voluntary: bool | None = None
    regrettable: bool | None = None
    invited_by: str | None = None


@dataclass(frozen=True, slots=True)
class Nudge:
    """A message for an employee outside a turn (reminder, withdrawal), and where to send it."""

    interview_id: int
    user: UserRef | None
    conversation: ConversationRef | None
    reply: Reply | None
    problem: str | None = None


@dataclass(slots=True)
class TurnOutcome:
    """The replies to send, and what happened."""

    replies: list[Reply] = field(default_factory=list)
    interview_id: int | None = None
    status: InterviewStatus | None = None
    duplicate: bool = False
    created: bool = False
    alert: MisconductAlert | None = None
    erased: bool = False


class InterviewEngine:
    """Runs interviews. Holds no state of its own beyond injected collaborators."""

    def __init__(
        self,
        database: Database,
        interviewer: Interviewer,
        plan: QuestionPlan,
        *,
        detector: MisconductDetector,
        alerts: AlertSink,
        sentiment: SentimentScorer | None = None,
        options: EngineOptions | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self._db = database
        self._interviewer = interviewer
        self._plan = plan
        self._detector = detector
        self._alerts = alerts
        self._sentiment = sentiment or SentimentScorer()
        self._options = options or EngineOptions()
        self._clock = clock

    @property
    def plan(self) -> QuestionPlan:
        return self._plan

    async def handle(self, message: IncomingMessage) -> TurnOutcome:
        """Process one employee message exactly once and return the replies to send.

        Three steps, so that no database lock is held while the interviewer (a model) thinks:
        read the interview in a short transaction; decide in memory, calling the interviewer;
        write everything in a short transaction that also marks the event processed and
        checks that nobody changed the interview meanwhile (else the turn is done again).
        """
        cleaned = clean_incoming(message.text)
        async with self._db.locks.hold(message.user.key):
            for attempt in range(1, MAX_TURN_ATTEMPTS + 1):
                try:
                    outcome = await self._message_turn(message, cleaned)
                    break
                except Exception as exc:
                    if attempt == MAX_TURN_ATTEMPTS or not (
                        isinstance(exc, InterviewChanged) or is_transient(exc)
                    ):
                        raise
                    log.info("turn_retried", attempt=attempt, reason=type(exc).__name__)
                    await asyncio.sleep(min(2.0, 0.05 * 2**attempt))
        await self._after_commit(outcome)
        return outcome

    async def _message_turn(self, message: IncomingMessage, cleaned: CleanedText) -> TurnOutcome:
        async with self._db.sessions() as session:
            turn = _Turn(self, session)
            loaded = await self._db.transaction(
                lambda _: turn.load_for_message(message), session=session
            )
            if not loaded:
                return turn.outcome
            await turn.run_message(message, cleaned)
            return await self._db.transaction(
                lambda _: turn.write_message(message), session=session
            )

    async def invite(self, user: UserRef, details: InterviewDetails | None = None) -> TurnOutcome:
        """Open an interview for ``user`` and return the invitation to send to their DM.

        When an interview is already active, nothing new is created and ``created`` is False.
        """
        async with self._db.locks.hold(user.key):
            return await self._db.transaction(
                lambda session: _Turn(self, session).run_invite(user, details or InterviewDetails())
            )

    async def begin(self, user: UserRef, details: InterviewDetails | None = None) -> TurnOutcome:
        """Start a new interview, or re-prompt the active one where it stands (terminal chat)."""
        async with self._db.locks.hold(user.key):
            return await self._db.transaction(
                lambda session: _Turn(self, session).run_begin(user, details or InterviewDetails())
            )

    async def suspend(self, user: UserRef) -> TurnOutcome:
        """Pause ``user``'s interview if it is running (the terminal's end of input)."""
        async with self._db.locks.hold(user.key):
            return await self._db.transaction(
                lambda session: _Turn(self, session).run_suspend(user)
            )

    async def remind(self, interview_id: int) -> Nudge:
        """A reminder for an idle active interview (marks it reminded); ``problem`` if none."""
        return await self._db.transaction(
            lambda session: _Turn(self, session).run_nudge(interview_id, cancel=False)
        )

    async def cancel(self, interview_id: int) -> Nudge:
        """Withdraw an active interview (HR); the nudge tells the employee."""
        return await self._db.transaction(
            lambda session: _Turn(self, session).run_nudge(interview_id, cancel=True)
        )

    async def _after_commit(self, outcome: TurnOutcome) -> None:
        if outcome.alert is not None:
            try:
                await self._alerts.misconduct(outcome.alert)
            except Exception:
                log.exception("misconduct_alert_failed", interview_id=outcome.interview_id)
        if outcome.erased:
            await self._db.after_erasure()


class _Turn:
    """One transaction's worth of engine work; collects replies and stores the bot's side."""

    def __init__(self, engine: InterviewEngine, session: AsyncSession) -> None:
        self.engine = engine
        self.options = engine._options
        self.plan = engine._plan
        self.now = engine._clock()
        self.session = session
        self.repo = InterviewRepository(session, engine._db.cipher)
        self.inbox = InboxRepository(session)
        self._after_flush: list[Callable[[], Awaitable[None]]] = []
        self._snapshot_interview_id: int | None = None
        self.outcome = TurnOutcome()
        self.interview: Interview | None = None
        self.employee: Employee | None = None
        self._transcript: list[TranscriptEntry] | None = None

    # --- entry points ---------------------------------------------------------------------

    async def load_for_message(self, message: IncomingMessage) -> bool:
        """Read phase: the employee, their latest interview and its transcript.

        False when the event was already processed (a redelivery)."""
        if await self.inbox.is_processed(message.user.platform.value, message.message_id):
            self._mark_duplicate(message)
            return False
        self.employee = await self.repo.employee_for_update(
            message.user, self.now, message.conversation, lock=False
        )
        self.interview = await self.repo.latest_interview_for_update(self.employee.id, lock=False)
        self._snapshot_interview_id = self.interview.id if self.interview else None
        self._transcript = (
            await self.repo.transcript(self.interview.id) if self.interview is not None else []
        )
        return True

    async def write_message(self, message: IncomingMessage) -> TurnOutcome:
        """Write phase: claim the event, check nothing moved, then store the whole turn."""
        assert self.employee is not None
        with self.session.no_autoflush:
            if self.outcome.created:
                # Opening an interview: make sure no other replica opened one meanwhile
                # (updates to an existing interview are guarded by its version instead).
                await self.repo.lock_employee(self.employee.id)
                latest = await self.repo.latest_interview_id(self.employee.id)
                if latest != self._snapshot_interview_id:
                    raise InterviewChanged
            fresh = await self.inbox.claim_for_turn(
                message.user.platform.value, message.message_id, self.now
            )
            if not fresh:
                self.session.expunge_all()
                self._mark_duplicate(message)
                return self.outcome
        await self._write()
        return self._finish(self.interview)

    async def _complete(self, interview: Interview | None) -> TurnOutcome:
        await self._write()
        return self._finish(interview)

    def _mark_duplicate(self, message: IncomingMessage) -> None:
        log.info("duplicate_event", platform=message.user.platform, event_id=message.message_id)
        self.outcome = TurnOutcome(duplicate=True)

    async def _write(self) -> None:
        """Flush this turn's changes; the interview's version check makes a lost update fail."""
        try:
            await self.repo.flush()
        except StaleDataError:
            raise InterviewChanged from None
        for action in self._after_flush:
            await action()

    async def run_message(self, message: IncomingMessage, cleaned: CleanedText) -> None:
        """Decide phase: the state machine, interviewer calls included; no database I/O."""
        employee = self.employee
        interview = self.interview
        assert employee is not None

        if cleaned.problem is InputProblem.EMPTY:
            self.say(texts.EMPTY_MESSAGE, ReplyKind.ERROR, store=False)
            return
        if cleaned.problem is InputProblem.TOO_LONG:
            self.say(
                texts.too_long(cleaned.original_length, MAX_MESSAGE_CHARS),
                ReplyKind.ERROR,
                store=False,
            )
            return

        text = cleaned.text
        word = parse_word(text)
        if interview is None:
            # The employee wrote first: they still see the invitation and its privacy notes.
            await self._create_and_invite(
                employee, InterviewDetails(), first_message=(text, message.message_id)
            )
            return

        if interview.awaiting == Awaiting.ERASE_CONFIRMATION:
            await self._erase_confirmation(interview, word, text)
        elif word and word.word is Word.DELETE:
            self._ask_erase_confirmation(interview)
        elif not InterviewStatus(interview.status).is_active:
            await self._finished_interview(interview, word, text, message.message_id)
        elif word and word.word is Word.HELP:
            self.say(texts.WORDS_HELP, store=False)
            self._repeat_prompt(interview)
        elif word and word.word is Word.STOP:
            self._store_employee(interview, text, MessageKind.COMMAND, message.message_id)
            self._end(interview, InterviewStatus.DECLINED)
            self.say(texts.STOPPED, ReplyKind.CLOSING)
        elif interview.status == InterviewStatus.INVITED:
            await self._consent(interview, word, text, message.message_id)
        elif interview.status == InterviewStatus.PAUSED:
            await self._paused(interview, word, text, message.message_id)
        else:
            await self._in_progress(interview, word, text, message.message_id)

    async def run_invite(self, user: UserRef, details: InterviewDetails) -> TurnOutcome:
        employee = self.employee = await self.repo.employee_for_update(user, self.now)
        current = await self.repo.latest_interview_for_update(employee.id)
        if current is not None and InterviewStatus(current.status).is_active:
            self.outcome.created = False
            return await self._complete(current)
        await self._create_and_invite(employee, details)
        return await self._complete(self.interview)

    async def run_begin(self, user: UserRef, details: InterviewDetails) -> TurnOutcome:
        employee = self.employee = await self.repo.employee_for_update(user, self.now)
        current = await self.repo.latest_interview_for_update(employee.id)
        if current is None or not InterviewStatus(current.status).is_active:
            await self._create_and_invite(employee, details)
            return await self._complete(self.interview)
        self.interview = current
        if current.status == InterviewStatus.PAUSED:
            self._set_status(current, InterviewStatus.IN_PROGRESS)
            self.say(texts.WELCOME_BACK, store=False)
        self._repeat_prompt(current, full_invitation=True)
        return await self._complete(current)

    async def run_suspend(self, user: UserRef) -> TurnOutcome:
        employee = self.employee = await self.repo.employee_for_update(user, self.now)
        current = await self.repo.latest_interview_for_update(employee.id)
        if current is not None and current.status == InterviewStatus.IN_PROGRESS:
            self._set_status(current, InterviewStatus.PAUSED)
            self.say(texts.PAUSED, store=False)
        return await self._complete(current)

    async def run_nudge(self, interview_id: int, *, cancel: bool) -> Nudge:
        interview = await self.repo.interview_for_update(interview_id)
        if interview is None:
            return Nudge(interview_id, None, None, None, f"there is no interview {interview_id}")
        employee = self.employee = await self.repo.employee(interview.employee_id)
        self.interview = interview
        user = UserRef(
            Platform(employee.platform), employee.platform_user_id, employee.display_name
        )
        ref = employee.conversation_ref
        conversation = (
            ConversationRef(
                Platform(ref["platform"]), ref["conversation_id"], ref.get("extra") or {}
            )
            if ref
            else None
        )
        status = InterviewStatus(interview.status)
        if not status.is_active:
            return Nudge(interview_id, user, conversation, None, f"it is {status.value}")
        if cancel:
            self._end(interview, InterviewStatus.CANCELLED)
            self.say(texts.WITHDRAWN, ReplyKind.CLOSING)
        else:
            interview.reminded_at = self.now
            self.say(texts.REMINDER, store=False)
            self._repeat_prompt(interview, full_invitation=True)
        text = "\n\n".join(r.text for r in self.outcome.replies)
        choices = self.outcome.replies[-1].choices
        reply = Reply(
            text, ReplyKind.QUESTION if choices else ReplyKind.INFO, choices, interview.id
        )
        await self._write()
        return Nudge(interview_id, user, conversation, reply)

    # --- states ---------------------------------------------------------------------------

    async def _create_and_invite(
        self,
        employee: Employee,
        details: InterviewDetails,
        first_message: tuple[str, str] | None = None,
    ) -> None:
        interview = Interview(
            employee_id=employee.id,
            status=InterviewStatus.INVITED.value,
            awaiting=Awaiting.CONSENT.value,
            anonymous=False,
            department=details.department or employee.department,
            last_day=details.last_day,
            voluntary=details.voluntary,
            regrettable=details.regrettable,
            invited_by=details.invited_by,
            plan_name=self.plan.name,
            topic_index=0,
            followups_asked=0,
            turn_count=0,
            model_calls=0,
            next_seq=1,
            created_at=self.now,
            last_activity_at=self.now,
        )
        if details.department and not employee.department:
            employee.department = details.department
        self.repo.add_interview(interview)
        self.interview = interview
        self.outcome.created = True
        log.info("interview_invited", employee_id=employee.id, invited_by=details.invited_by)
        if first_message is not None:
            text, message_id = first_message
            kind = MessageKind.COMMAND if parse_word(text) else MessageKind.CHAT
            self._store_employee(interview, text, kind, message_id)
        self._say_invitation()

    async def _consent(
        self, interview: Interview, word: ParsedWord | None, text: str, message_id: str
    ) -> None:
        first_contact = not any(
            entry.role is MessageRole.EMPLOYEE for entry in await self._load_transcript(interview)
        )
        self._store_employee(interview, text, MessageKind.COMMAND, message_id)
        if word and word.word in (Word.YES, Word.ANONYMOUS, Word.RESUME):
            interview.anonymous = word.word is Word.ANONYMOUS
            interview.started_at = interview.started_at or self.now
            self._set_status(interview, InterviewStatus.IN_PROGRESS)
            self.say(texts.STARTED_ANONYMOUS if interview.anonymous else texts.STARTED)
            await self._ask_opening_question(interview)
        elif word and word.word is Word.NO:
            self._end(interview, InterviewStatus.DECLINED)
            self.say(texts.DECLINED, ReplyKind.CLOSING)
        elif word and word.word is Word.PAUSE:
            self.say(texts.PAUSED)
        elif first_contact:
            # The invitation may never have reached them (e.g. sent before Teams allowed it):
            # nobody starts without having seen who reads the answers and for how long.
            self._say_invitation()
        else:
            self.say(texts.CONSENT_REMINDER, ReplyKind.QUESTION, texts.CONSENT_CHOICES)

    def _say_invitation(self, *, store: bool = True) -> None:
        name = self.employee.display_name if self.employee is not None else None
        self.say(
            texts.invitation(name, self.options.retention_days),
            ReplyKind.INVITATION,
            texts.CONSENT_CHOICES,
            store=store,
        )

    async def _paused(
        self, interview: Interview, word: ParsedWord | None, text: str, message_id: str
    ) -> None:
        if word and word.word is Word.PAUSE:
            self.say(texts.ALREADY_PAUSED, store=False)
            return
        # Any other message resumes: nothing the employee writes is turned away.
        kind = MessageKind.COMMAND if word else MessageKind.CHAT
        self._store_employee(interview, text, kind, message_id)
        self._set_status(interview, InterviewStatus.IN_PROGRESS)
        self.say(texts.WELCOME_BACK)
        self._repeat_prompt(interview)

    async def _in_progress(
        self, interview: Interview, word: ParsedWord | None, text: str, message_id: str
    ) -> None:
        awaiting = Awaiting(interview.awaiting)
        if word and word.word is Word.PAUSE:
            self._store_employee(interview, text, MessageKind.COMMAND, message_id)
            self._set_status(interview, InterviewStatus.PAUSED)
            self.say(texts.PAUSED)
        elif word and word.word is Word.RESUME:
            self.say(texts.NOT_PAUSED, store=False)
            self._repeat_prompt(interview)
        elif awaiting is Awaiting.SUMMARY_CONFIRMATION:
            await self._summary_confirmation(interview, word, text, message_id)
        elif word and word.word is Word.SKIP:
            self._store_employee(interview, text, MessageKind.COMMAND, message_id)
            self._add_message(
                interview,
                role=MessageRole.BOT,
                kind=MessageKind.SKIPPED,
                text=f"(skipped: {self.plan.topics[interview.topic_index].title})",
                topic_key=self.plan.topics[interview.topic_index].key,
                now=self.now,
            )
            self.say(texts.SKIPPED)
            await self._next_topic(interview)
        else:
            await self._answer(interview, text, message_id)

    async def _answer(self, interview: Interview, text: str, message_id: str) -> None:
        topic = self.plan.topics[interview.topic_index]
        self._store_employee(interview, text, MessageKind.ANSWER, message_id, topic.key)
        interview.turn_count += 1
        await self._check_misconduct(interview, text)
        if interview.turn_count >= self.options.max_turns:
            self.say(texts.BUDGET_REACHED)
            await self._show_summary(interview)
            return
        if interview.followups_asked < self.plan.followups_for(topic):
            context = await self._context(interview)
            followup = await self.engine._interviewer.followup(context, text)
            self._spend(interview, context)
            if followup:
                interview.followups_asked += 1
                self._ask(interview, followup, MessageKind.FOLLOWUP)
                return
        await self._next_topic(interview)

    async def _next_topic(self, interview: Interview) -> None:
        interview.topic_index += 1
        interview.followups_asked = 0
        if interview.topic_index >= len(self.plan.topics):
            await self._show_summary(interview)
        else:
            await self._ask_opening_question(interview)

    async def _show_summary(self, interview: Interview) -> None:
        interview.topic_index = min(interview.topic_index, len(self.plan.topics))
        context = await self._context(interview)
        generated = await self.engine._interviewer.write_report(context)
        self._spend(interview, context)
        interview.draft_report = generated.report.model_dump(mode="json")
        interview.draft_source = generated.source.value
        interview.awaiting = Awaiting.SUMMARY_CONFIRMATION.value
        self._say_summary(interview, generated.report)

    async def _summary_confirmation(
        self, interview: Interview, word: ParsedWord | None, text: str, message_id: str
    ) -> None:
        report = InterviewReport.model_validate(interview.draft_report)
        self._store_employee(interview, text, MessageKind.COMMAND, message_id)
        if word and word.word is Word.YES:
            source = ReportSource(interview.draft_source or "scripted")

            async def store_report() -> None:
                await self.repo.store_report(interview, report, source, self.now)

            self._after_flush.append(store_report)
            interview.draft_report = None
            interview.pending_question = None
            interview.awaiting = Awaiting.NOTHING.value
            interview.completed_at = self.now
            self._end(interview, InterviewStatus.COMPLETED)
            self.say(texts.CLOSING, ReplyKind.CLOSING)
        elif word and word.word is Word.REMOVE and word.number is not None:
            parts = summary_parts(report)
            if 1 <= word.number <= len(parts):
                report = parts[word.number - 1].without(report)
                interview.draft_report = report.model_dump(mode="json")
                self._say_summary(interview, report)
            else:
                self.say(texts.SUMMARY_NO_SUCH_PART, store=False)
                self._say_summary(interview, report)
        elif word and word.word in (Word.NO, Word.REMOVE):
            self.say(texts.SUMMARY_REMOVE_HOW, ReplyKind.QUESTION)
        else:
            self.say(texts.SUMMARY_PROMPT, ReplyKind.QUESTION, texts.SUMMARY_CHOICES)

    async def _finished_interview(
        self, interview: Interview, word: ParsedWord | None, text: str, message_id: str
    ) -> None:
        status = InterviewStatus(interview.status)
        if status is InterviewStatus.DECLINED and word and word.word in (Word.YES, Word.ANONYMOUS):
            # Changing one's mind after "no" (or "stop") picks the interview up again.
            if interview.started_at is None:
                await self._consent(interview, word, text, message_id)
            else:
                self._store_employee(interview, text, MessageKind.COMMAND, message_id)
                interview.ended_at = None
                self._set_status(interview, InterviewStatus.IN_PROGRESS)
                self.say(texts.WELCOME_BACK)
                self._repeat_prompt(interview)
        elif status is InterviewStatus.ERASED:
            self.say(texts.ALREADY_ERASED, store=False)
        elif status is InterviewStatus.COMPLETED:
            self.say(texts.FINISHED, store=False)
        elif status is InterviewStatus.DECLINED:
            self.say(texts.DECLINED, store=False)
        else:
            self.say(texts.CLOSED, store=False)

    # --- erasure --------------------------------------------------------------------------

    def _ask_erase_confirmation(self, interview: Interview) -> None:
        if interview.status == InterviewStatus.ERASED:
            self.say(texts.NOTHING_TO_ERASE, store=False)
            return
        interview.awaiting_before_erase = interview.awaiting
        interview.awaiting = Awaiting.ERASE_CONFIRMATION.value
        self.say(texts.ERASE_CONFIRM, ReplyKind.QUESTION, texts.ERASE_CHOICES, store=False)

    async def _erase_confirmation(
        self, interview: Interview, word: ParsedWord | None, text: str
    ) -> None:
        if word and word.word is Word.YES:

            async def erase() -> None:
                deleted = await self.repo.erase_content(interview)
                log.info("interview_erased", interview_id=interview.id, messages=deleted)

            self._after_flush.append(erase)
            interview.status = InterviewStatus.ERASED.value
            interview.awaiting = Awaiting.NOTHING.value
            interview.awaiting_before_erase = None
            interview.pending_question = None
            interview.draft_report = None
            interview.erased_at = self.now
            interview.ended_at = interview.ended_at or self.now
            interview.last_activity_at = self.now
            assert self.employee is not None
            self.employee.display_name = None
            self.employee.email = None
            self.outcome.erased = True
            self.say(texts.ERASED, ReplyKind.CLOSING, store=False)
            return
        interview.awaiting = interview.awaiting_before_erase or Awaiting.ANSWER.value
        interview.awaiting_before_erase = None
        self.say(texts.ERASE_KEPT, store=False)
        if InterviewStatus(interview.status).is_active:
            self._repeat_prompt(interview)

    # --- helpers --------------------------------------------------------------------------

    async def _ask_opening_question(self, interview: Interview) -> None:
        context = await self._context(interview)
        question = await self.engine._interviewer.opening_question(context)
        self._spend(interview, context)
        interview.awaiting = Awaiting.ANSWER.value
        self._ask(interview, question, MessageKind.QUESTION)

    def _ask(self, interview: Interview, question: str, kind: MessageKind) -> None:
        topic = self.plan.topics[interview.topic_index]
        interview.pending_question = question
        self._add_message(
            interview,
            role=MessageRole.BOT,
            kind=kind,
            text=question,
            topic_key=topic.key,
            now=self.now,
        )
        self.say(question, ReplyKind.QUESTION, texts.QUESTION_CHOICES, store=False)

    def _repeat_prompt(self, interview: Interview, *, full_invitation: bool = False) -> None:
        """Say again what the employee is expected to answer now (the whole invitation, with
        its privacy notes, when ``full_invitation`` and they have not consented yet)."""
        awaiting = Awaiting(interview.awaiting)
        if awaiting is Awaiting.SUMMARY_CONFIRMATION and interview.draft_report:
            self._say_summary(interview, InterviewReport.model_validate(interview.draft_report))
        elif interview.status == InterviewStatus.INVITED or awaiting is Awaiting.CONSENT:
            if full_invitation:
                self._say_invitation(store=False)
            else:
                self.say(
                    texts.CONSENT_REMINDER, ReplyKind.QUESTION, texts.CONSENT_CHOICES, store=False
                )
        elif interview.pending_question:
            self.say(
                interview.pending_question, ReplyKind.QUESTION, texts.QUESTION_CHOICES, store=False
            )

    def _say_summary(self, interview: Interview, report: InterviewReport) -> None:
        self.say(
            render_summary(report, texts.SUMMARY_PROMPT),
            ReplyKind.SUMMARY,
            texts.SUMMARY_CHOICES,
            store=False,
        )

    async def _context(self, interview: Interview) -> InterviewContext:
        name = self.employee.display_name if self.employee is not None else None
        return InterviewContext(
            interview_id=interview.id,
            plan=self.plan,
            topic_index=min(interview.topic_index, len(self.plan.topics) - 1),
            followups_asked=interview.followups_asked,
            transcript=tuple(await self._load_transcript(interview)),
            budget=CallBudget(
                remaining=max(0, self.options.max_model_calls - interview.model_calls)
            ),
            names_to_mask=(name,) if name else (),
            metadata={"department": interview.department or ""},
        )

    async def _load_transcript(self, interview: Interview) -> list[TranscriptEntry]:
        """The transcript, read once per turn and kept current as this turn adds to it."""
        if self._transcript is None:
            await self.repo.flush()
            self._transcript = await self.repo.transcript(interview.id)
        return self._transcript

    def _add_message(self, interview: Interview, **message: Any) -> None:
        """Queue a transcript line and keep this turn's transcript current."""
        entry = self.repo.add_message(interview, **message)
        if self._transcript is not None:
            self._transcript.append(entry)

    def _spend(self, interview: Interview, context: InterviewContext) -> None:
        interview.model_calls += context.budget.used

    async def _check_misconduct(self, interview: Interview, text: str) -> None:
        categories = await self.engine._detector.detect(text)
        if not categories:
            return
        known = set(interview.misconduct_flags or [])
        interview.misconduct_flags = sorted(known | {c.value for c in categories})
        if interview.misconduct_alerted_at is None:
            interview.misconduct_alerted_at = self.now
            self.outcome.alert = MisconductAlert(interview.id, frozenset(categories))

    def _store_employee(
        self,
        interview: Interview,
        text: str,
        kind: MessageKind,
        message_id: str,
        topic_key: str | None = None,
    ) -> None:
        self._add_message(
            interview,
            role=MessageRole.EMPLOYEE,
            kind=kind,
            text=text,
            topic_key=topic_key,
            sentiment=self.engine._sentiment.score(text),
            platform_message_id=message_id,
            now=self.now,
        )
        interview.last_activity_at = self.now

    def _set_status(self, interview: Interview, status: InterviewStatus) -> None:
        log.info("interview_status", interview_id=interview.id, old=interview.status, new=status)
        interview.status = status.value
        interview.last_activity_at = self.now

    def _end(self, interview: Interview, status: InterviewStatus) -> None:
        self._set_status(interview, status)
        interview.ended_at = self.now

    def say(
        self,
        text: str,
        kind: ReplyKind = ReplyKind.INFO,
        choices: tuple[Choice, ...] = (),
        *,
        store: bool = True,
    ) -> None:
        """Queue a reply; ``store`` also writes it to the transcript (informational lines)."""
        interview = self.interview
        self.outcome.replies.append(
            Reply(text, kind, choices, interview.id if interview is not None else None)
        )
        if store and interview is not None and interview.status != InterviewStatus.ERASED:
            self._add_message(
                interview, role=MessageRole.BOT, kind=MessageKind.INFO, text=text, now=self.now
            )

    def _finish(self, interview: Interview | None) -> TurnOutcome:
        if interview is not None:
            self.outcome.interview_id = interview.id
            self.outcome.status = InterviewStatus(interview.status)
            for reply_index, reply in enumerate(self.outcome.replies):
                if reply.interview_id is None:
                    self.outcome.replies[reply_index] = Reply(
                        reply.text, reply.kind, reply.choices, interview.id
                    )
        return self.outcome
