"""The interview's decisions as pure functions: a snapshot and an input in, a ``Decision`` out.

Nothing here does I/O. Where a decision needs the interviewer (a question, a follow-up, the
report) or the misconduct detector, the function returns ``Pending`` with what it needs; the
service asks, then calls the same function again with the answers. So every word in every
state is a plain function call in a unit test, and the same snapshot with the same answers
always gives the same decision.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from exitbot.core.interview import InterviewSnapshot, InterviewState, StoredReport, TurnSnapshot
from exitbot.core.interviewer import (
    CallBudget,
    GeneratedReport,
    InterviewContext,
    TranscriptEntry,
)
from exitbot.core.messages import Choice, Reply, ReplyKind, UserRef
from exitbot.core.misconduct import MisconductCategory
from exitbot.core.plan import QuestionPlan
from exitbot.core.report import InterviewReport, ReportSource
from exitbot.core.statuses import Awaiting, InterviewStatus, MessageKind, MessageRole
from exitbot.engine import texts
from exitbot.engine.summary import render_summary, summary_parts
from exitbot.engine.text_input import MAX_MESSAGE_CHARS, CleanedText, InputProblem
from exitbot.engine.words import ParsedWord, Word, parse_word

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Rules:
    """The plan and the limits every decision follows (DESIGN 5)."""

    plan: QuestionPlan
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
class MessageInput:
    """One employee message, cleaned, with its sentiment score."""

    user: UserRef
    text: CleanedText
    message_id: str
    sentiment: float | None
    now: datetime
    has_files: bool = False


# --- what a decision may need from the interviewer ------------------------------------------


@dataclass(frozen=True, slots=True)
class AskOpeningQuestion:
    context: InterviewContext
    key: str = "opening"


@dataclass(frozen=True, slots=True)
class AskFollowup:
    context: InterviewContext
    answer: str
    key: str = "followup"


@dataclass(frozen=True, slots=True)
class AskReport:
    context: InterviewContext
    key: str = "report"


@dataclass(frozen=True, slots=True)
class CheckMisconduct:
    text: str
    context: InterviewContext
    key: str = "misconduct"


InterviewerRequest = AskOpeningQuestion | AskFollowup | AskReport | CheckMisconduct


@dataclass(frozen=True, slots=True)
class Answer:
    """The interviewer's (or detector's) answer to a request, and the model calls it took."""

    value: object
    model_calls: int = 0


Answers = Mapping[str, Answer]


@dataclass(frozen=True, slots=True)
class Pending:
    """The decision needs these answered first (independent: they may be asked at once)."""

    requests: tuple[InterviewerRequest, ...]


# --- what a decision says ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decision:
    """The new state, what to store and what to say.

    ``state`` None means there is no interview to write (nothing changed or there is none);
    ``created`` means ``state`` is a new interview. ``problem`` explains, for HR, why a
    reminder or a cancellation could not be made.
    """

    state: InterviewState | None
    created: bool = False
    lines: tuple[TranscriptEntry, ...] = ()
    replies: tuple[Reply, ...] = ()
    report: StoredReport | None = None
    erase: bool = False
    alert: frozenset[MisconductCategory] | None = None
    employee_department: str | None = None
    problem: str | None = None

    @property
    def status(self) -> InterviewStatus | None:
        return self.state.status if self.state is not None else None


Outcome = Decision | Pending


class _NeedAnswers(Exception):
    def __init__(self, *requests: InterviewerRequest) -> None:
        self.requests = requests


# --- entry points -----------------------------------------------------------------------------


def decide_message(
    snapshot: TurnSnapshot, message: MessageInput, answers: Answers, rules: Rules
) -> Outcome:
    """What the bot does with one employee message."""
    return _run(
        lambda turn: turn.message(message), snapshot, message.user, message.now, answers, rules
    )


def decide_invite(
    snapshot: TurnSnapshot, user: UserRef, details: InterviewDetails, now: datetime, rules: Rules
) -> Decision:
    """Open an interview (HR's ``start``); nothing new when one is already active."""
    return _settle(_run(lambda turn: turn.invite(details), snapshot, user, now, {}, rules))


def decide_begin(
    snapshot: TurnSnapshot, user: UserRef, details: InterviewDetails, now: datetime, rules: Rules
) -> Decision:
    """Start a new interview, or re-prompt the active one where it stands (terminal chat)."""
    return _settle(_run(lambda turn: turn.begin(details), snapshot, user, now, {}, rules))


def decide_suspend(snapshot: TurnSnapshot, user: UserRef, now: datetime, rules: Rules) -> Decision:
    """Pause a running interview (the terminal's end of input)."""
    return _settle(_run(lambda turn: turn.suspend(), snapshot, user, now, {}, rules))


def decide_nudge(
    snapshot: TurnSnapshot | None, interview_id: int, *, cancel: bool, now: datetime, rules: Rules
) -> Decision:
    """A reminder (marks the interview reminded) or HR's withdrawal, as one message."""
    if snapshot is None or snapshot.interview is None or snapshot.employee is None:
        return Decision(None, problem=f"there is no interview {interview_id}")
    user = snapshot.employee.user
    return _settle(_run(lambda turn: turn.nudge(cancel), snapshot, user, now, {}, rules))


def _run(
    step: Callable[[_Turn], None],
    snapshot: TurnSnapshot,
    user: UserRef,
    now: datetime,
    answers: Answers,
    rules: Rules,
) -> Outcome:
    turn = _Turn(snapshot, user, now, answers, rules)
    try:
        step(turn)
    except _NeedAnswers as needed:
        return Pending(needed.requests)
    return turn.decision()


def _settle(outcome: Outcome) -> Decision:
    if isinstance(outcome, Pending):  # pragma: no cover - these decisions ask nobody
        raise AssertionError(f"unexpected interviewer request: {outcome.requests}")
    return outcome


# --- the turn ---------------------------------------------------------------------------------


@dataclass
class _Turn:
    snapshot: TurnSnapshot
    user: UserRef
    now: datetime
    answers: Answers
    rules: Rules
    state: InterviewState | None = None
    interview_id: int | None = None
    created: bool = False
    lines: list[TranscriptEntry] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    transcript: list[TranscriptEntry] = field(default_factory=list)
    report: StoredReport | None = None
    erase: bool = False
    alert: frozenset[MisconductCategory] | None = None
    employee_department: str | None = None
    problem: str | None = None

    def __post_init__(self) -> None:
        interview: InterviewSnapshot | None = self.snapshot.interview
        if interview is not None:
            self.state = interview.state
            self.interview_id = interview.id
            self.transcript = list(interview.transcript)
        self._touched = False

    @property
    def plan(self) -> QuestionPlan:
        return self.rules.plan

    @property
    def name(self) -> str | None:
        employee = self.snapshot.employee
        return self.user.display_name or (employee.user.display_name if employee else None)

    def decision(self) -> Decision:
        return Decision(
            state=self.state if (self._touched or self.created or self.lines) else None,
            created=self.created,
            lines=tuple(self.lines),
            replies=tuple(self.replies),
            report=self.report,
            erase=self.erase,
            alert=self.alert,
            employee_department=self.employee_department,
            problem=self.problem,
        )

    # --- entry points ---------------------------------------------------------------------

    def message(self, message: MessageInput) -> None:
        cleaned = message.text
        if message.has_files:
            self.say(texts.FILE_NOTE, store=False)
            if cleaned.problem is InputProblem.EMPTY:
                return
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
        state = self.state
        if state is None:
            # The employee wrote first: they still see the invitation and its privacy notes.
            self._create_and_invite(InterviewDetails(), first_message=message)
            return
        status = state.status
        if state.awaiting is Awaiting.ERASE_CONFIRMATION:
            self._erase_confirmation(word)
        elif word and word.word is Word.DELETE:
            self._ask_erase_confirmation()
        elif not status.is_active:
            self._finished_interview(word, message)
        elif word and word.word is Word.HELP:
            self.say(texts.WORDS_HELP, store=False)
            self._repeat_prompt()
        elif word and word.word is Word.STOP:
            self._store_employee(message, MessageKind.COMMAND)
            self._end(InterviewStatus.DECLINED)
            self.say(texts.STOPPED, ReplyKind.CLOSING)
        elif status is InterviewStatus.INVITED:
            self._consent(word, message)
        elif status is InterviewStatus.PAUSED:
            self._paused(word, message)
        else:
            self._in_progress(word, message)

    def invite(self, details: InterviewDetails) -> None:
        if self.state is not None and self.state.status.is_active:
            return
        self._create_and_invite(details)

    def begin(self, details: InterviewDetails) -> None:
        state = self.state
        if state is None or not state.status.is_active:
            self._create_and_invite(details)
            return
        if state.status is InterviewStatus.PAUSED:
            self._set_status(InterviewStatus.IN_PROGRESS)
            self.say(texts.WELCOME_BACK, store=False)
        self._repeat_prompt(full_invitation=True)

    def suspend(self) -> None:
        if self.state is not None and self.state.status is InterviewStatus.IN_PROGRESS:
            self._set_status(InterviewStatus.PAUSED)
            self.say(texts.PAUSED, store=False)

    def nudge(self, cancel: bool) -> None:
        state = self._state()
        if not state.status.is_active:
            self.problem = f"it is {state.status.value}"
            return
        if cancel:
            self._end(InterviewStatus.CANCELLED)
            self.say(texts.WITHDRAWN, ReplyKind.CLOSING)
        else:
            self._update(reminded_at=self.now)
            self.say(texts.REMINDER, store=False)
            self._repeat_prompt(full_invitation=True)
        # One message: the nudge and the prompt it ends with (and that prompt's buttons).
        choices = self.replies[-1].choices
        joined = Reply(
            "\n\n".join(r.text for r in self.replies),
            ReplyKind.QUESTION if choices else ReplyKind.INFO,
            choices,
            self.interview_id,
        )
        self.replies = [joined]

    # --- states ---------------------------------------------------------------------------

    def _create_and_invite(
        self, details: InterviewDetails, first_message: MessageInput | None = None
    ) -> None:
        employee = self.snapshot.employee
        department = details.department or (employee.department if employee else None)
        self.state = InterviewState(
            status=InterviewStatus.INVITED,
            awaiting=Awaiting.CONSENT,
            created_at=self.now,
            last_activity_at=self.now,
            department=department,
            last_day=details.last_day,
            voluntary=details.voluntary,
            regrettable=details.regrettable,
            invited_by=details.invited_by,
            plan_name=self.plan.name,
        )
        self.interview_id = None
        self.transcript = []
        self.created = True
        if details.department and not (employee and employee.department):
            self.employee_department = details.department
        if first_message is not None:
            kind = MessageKind.COMMAND if parse_word(first_message.text.text) else MessageKind.CHAT
            self._store_employee(first_message, kind)
        self._say_invitation()

    def _consent(self, word: ParsedWord | None, message: MessageInput) -> None:
        first_contact = not any(e.role is MessageRole.EMPLOYEE for e in self.transcript)
        self._store_employee(message, MessageKind.COMMAND)
        if word and word.word in (Word.YES, Word.ANONYMOUS, Word.RESUME):
            state = self._state()
            anonymous = word.word is Word.ANONYMOUS
            self._update(anonymous=anonymous, started_at=state.started_at or self.now)
            self._set_status(InterviewStatus.IN_PROGRESS)
            self.say(texts.STARTED_ANONYMOUS if anonymous else texts.STARTED)
            self._ask_opening_question()
        elif word and word.word is Word.NO:
            self._end(InterviewStatus.DECLINED)
            self.say(texts.DECLINED, ReplyKind.CLOSING)
        elif word and word.word is Word.PAUSE:
            self.say(texts.PAUSED)
        elif first_contact:
            # The invitation may never have reached them (e.g. sent before Teams allowed it):
            # nobody starts without having seen who reads the answers and for how long.
            self._say_invitation()
        else:
            self.say(texts.CONSENT_REMINDER, ReplyKind.QUESTION, texts.CONSENT_CHOICES)

    def _paused(self, word: ParsedWord | None, message: MessageInput) -> None:
        if word and word.word is Word.PAUSE:
            self.say(texts.ALREADY_PAUSED, store=False)
            return
        # Any other message resumes: nothing the employee writes is turned away.
        self._store_employee(message, MessageKind.COMMAND if word else MessageKind.CHAT)
        self._set_status(InterviewStatus.IN_PROGRESS)
        self.say(texts.WELCOME_BACK)
        self._repeat_prompt()

    def _in_progress(self, word: ParsedWord | None, message: MessageInput) -> None:
        state = self._state()
        if word and word.word is Word.PAUSE:
            self._store_employee(message, MessageKind.COMMAND)
            self._set_status(InterviewStatus.PAUSED)
            self.say(texts.PAUSED)
        elif word and word.word is Word.RESUME:
            self.say(texts.NOT_PAUSED, store=False)
            self._repeat_prompt()
        elif state.awaiting is Awaiting.SUMMARY_CONFIRMATION:
            self._summary_confirmation(word, message)
        elif word and word.word is Word.SKIP:
            topic = self.plan.topics[state.topic_index]
            self._store_employee(message, MessageKind.COMMAND)
            self._add_line(
                MessageRole.BOT, MessageKind.SKIPPED, f"(skipped: {topic.title})", topic.key
            )
            self.say(texts.SKIPPED)
            self._next_topic()
        else:
            self._answer(message)

    def _answer(self, message: MessageInput) -> None:
        state = self._state()
        topic = self.plan.topics[state.topic_index]
        text = message.text.text
        wants_followup = state.followups_asked < self.plan.followups_for(topic)
        context = self._context(with_lines=[self._employee_line(message, topic.key)])
        followup_request = (
            AskFollowup(context, text)
            if wants_followup and state.turn_count + 1 < self.rules.max_turns
            else None
        )
        categories = self._ask(
            CheckMisconduct(text, context), *([followup_request] if followup_request else [])
        )
        self._store_employee(message, MessageKind.ANSWER, topic.key)
        self._update(turn_count=state.turn_count + 1)
        self._note_misconduct(categories)  # type: ignore[arg-type]
        if self._state().turn_count >= self.rules.max_turns:
            self.say(texts.BUDGET_REACHED)
            self._show_summary()
            return
        if followup_request is not None:
            followup = self._ask(followup_request)
            if followup:
                self._update(followups_asked=self._state().followups_asked + 1)
                self._ask_question(str(followup), MessageKind.FOLLOWUP)
                return
        self._next_topic()

    def _next_topic(self) -> None:
        state = self._update(topic_index=self._state().topic_index + 1, followups_asked=0)
        if state.topic_index >= len(self.plan.topics):
            self._show_summary()
        else:
            self._ask_opening_question()

    def _show_summary(self) -> None:
        self._update(topic_index=min(self._state().topic_index, len(self.plan.topics)))
        generated = self._ask(AskReport(self._context()))
        assert isinstance(generated, GeneratedReport)
        self._update(
            draft_report=generated.report,
            draft_source=generated.source,
            awaiting=Awaiting.SUMMARY_CONFIRMATION,
        )
        self._say_summary(generated.report)

    def _summary_confirmation(self, word: ParsedWord | None, message: MessageInput) -> None:
        state = self._state()
        report = state.draft_report
        if report is None:  # a draft lost to the retention purge: write it again
            self._show_summary()
            return
        self._store_employee(message, MessageKind.COMMAND)
        if word and word.word is Word.YES:
            self.report = StoredReport(report, state.draft_source or ReportSource.SCRIPTED)
            self._update(
                draft_report=None,
                pending_question=None,
                awaiting=Awaiting.NOTHING,
                completed_at=self.now,
            )
            self._end(InterviewStatus.COMPLETED)
            self.say(texts.CLOSING, ReplyKind.CLOSING)
        elif word and word.word is Word.REMOVE and word.number is not None:
            parts = summary_parts(report)
            if 1 <= word.number <= len(parts):
                report = parts[word.number - 1].without(report)
                self._update(draft_report=report)
            else:
                self.say(texts.SUMMARY_NO_SUCH_PART, store=False)
            self._say_summary(report)
        elif word and word.word in (Word.NO, Word.REMOVE):
            self.say(texts.SUMMARY_REMOVE_HOW, ReplyKind.QUESTION)
        else:
            self.say(texts.SUMMARY_PROMPT, ReplyKind.QUESTION, texts.SUMMARY_CHOICES)

    def _finished_interview(self, word: ParsedWord | None, message: MessageInput) -> None:
        state = self._state()
        status = state.status
        if status is InterviewStatus.DECLINED and word and word.word in (Word.YES, Word.ANONYMOUS):
            # Changing one's mind after "no" (or "stop") picks the interview up again.
            if state.started_at is None:
                self._consent(word, message)
            else:
                self._store_employee(message, MessageKind.COMMAND)
                self._update(ended_at=None)
                self._set_status(InterviewStatus.IN_PROGRESS)
                self.say(texts.WELCOME_BACK)
                self._repeat_prompt()
        elif status is InterviewStatus.ERASED:
            self.say(texts.ALREADY_ERASED, store=False)
        elif status is InterviewStatus.COMPLETED:
            self.say(texts.FINISHED, store=False)
        elif status is InterviewStatus.DECLINED:
            self.say(texts.DECLINED, store=False)
        else:
            self.say(texts.CLOSED, store=False)

    # --- erasure --------------------------------------------------------------------------

    def _ask_erase_confirmation(self) -> None:
        state = self._state()
        if state.status is InterviewStatus.ERASED:
            self.say(texts.NOTHING_TO_ERASE, store=False)
            return
        self._update(awaiting_before_erase=state.awaiting, awaiting=Awaiting.ERASE_CONFIRMATION)
        self.say(texts.ERASE_CONFIRM, ReplyKind.QUESTION, texts.ERASE_CHOICES, store=False)

    def _erase_confirmation(self, word: ParsedWord | None) -> None:
        state = self._state()
        if word and word.word is Word.YES:
            self._set_status(InterviewStatus.ERASED)
            self._update(
                awaiting=Awaiting.NOTHING,
                awaiting_before_erase=None,
                pending_question=None,
                draft_report=None,
                erased_at=self.now,
                ended_at=state.ended_at or self.now,
            )
            self.erase = True
            self.say(texts.ERASED, ReplyKind.CLOSING, store=False)
            return
        self._update(
            awaiting=state.awaiting_before_erase or Awaiting.ANSWER, awaiting_before_erase=None
        )
        self.say(texts.ERASE_KEPT, store=False)
        if self._state().status.is_active:
            self._repeat_prompt()

    # --- saying and asking ----------------------------------------------------------------

    def _ask_opening_question(self) -> None:
        question = self._ask(AskOpeningQuestion(self._context()))
        self._update(awaiting=Awaiting.ANSWER)
        self._ask_question(str(question), MessageKind.QUESTION)

    def _ask_question(self, question: str, kind: MessageKind) -> None:
        topic = self.plan.topics[self._state().topic_index]
        self._update(pending_question=question)
        self._add_line(MessageRole.BOT, kind, question, topic.key)
        self.say(question, ReplyKind.QUESTION, texts.QUESTION_CHOICES, store=False)

    def _repeat_prompt(self, *, full_invitation: bool = False) -> None:
        """Say again what the employee is expected to answer now (the whole invitation, with
        its privacy notes, when ``full_invitation`` and they have not consented yet)."""
        state = self._state()
        if state.awaiting is Awaiting.SUMMARY_CONFIRMATION and state.draft_report:
            self._say_summary(state.draft_report)
        elif state.status is InterviewStatus.INVITED or state.awaiting is Awaiting.CONSENT:
            if full_invitation:
                self._say_invitation(store=False)
            else:
                self.say(
                    texts.CONSENT_REMINDER, ReplyKind.QUESTION, texts.CONSENT_CHOICES, store=False
                )
        elif state.pending_question:
            self.say(
                state.pending_question, ReplyKind.QUESTION, texts.QUESTION_CHOICES, store=False
            )

    def _say_invitation(self, *, store: bool = True) -> None:
        self.say(
            texts.invitation(self.name, self.rules.retention_days),
            ReplyKind.INVITATION,
            texts.CONSENT_CHOICES,
            store=store,
        )

    def _say_summary(self, report: InterviewReport) -> None:
        self.say(
            render_summary(report, texts.SUMMARY_PROMPT),
            ReplyKind.SUMMARY,
            texts.SUMMARY_CHOICES,
            store=False,
        )

    def say(
        self,
        text: str,
        kind: ReplyKind = ReplyKind.INFO,
        choices: tuple[Choice, ...] = (),
        *,
        store: bool = True,
    ) -> None:
        """Queue a reply; ``store`` also writes it to the transcript (informational lines)."""
        self.replies.append(Reply(text, kind, choices, self.interview_id))
        if store and self.state is not None and self.state.status is not InterviewStatus.ERASED:
            self._add_line(MessageRole.BOT, MessageKind.INFO, text)

    def _ask(self, *requests: InterviewerRequest) -> object:
        """The answer to ``requests[0]``; all of them are asked together when any is missing."""
        missing = tuple(r for r in requests if r.key not in self.answers)
        if missing:
            raise _NeedAnswers(*missing)
        answer = self.answers[requests[0].key]
        if answer.model_calls:
            self._update(model_calls=self._state().model_calls + answer.model_calls)
        return answer.value

    def _context(self, with_lines: list[TranscriptEntry] | None = None) -> InterviewContext:
        state = self._state()
        name = self.name
        return InterviewContext(
            interview_id=self.interview_id or 0,
            plan=self.plan,
            topic_index=min(state.topic_index, len(self.plan.topics) - 1),
            followups_asked=state.followups_asked,
            transcript=tuple(self.transcript + (with_lines or [])),
            budget=CallBudget(remaining=max(0, self.rules.max_model_calls - state.model_calls)),
            names_to_mask=(name,) if name else (),
            metadata={"department": state.department or ""},
        )

    # --- state helpers --------------------------------------------------------------------

    def _state(self) -> InterviewState:
        assert self.state is not None
        return self.state

    def _update(self, **changes: object) -> InterviewState:
        self.state = self._state().evolve(**changes)
        self._touched = True
        return self.state

    def _set_status(self, status: InterviewStatus) -> None:
        self._update(status=status, last_activity_at=self.now)

    def _end(self, status: InterviewStatus) -> None:
        self._set_status(status)
        self._update(ended_at=self.now)

    def _note_misconduct(self, categories: frozenset[MisconductCategory]) -> None:
        if not categories:
            return
        state = self._state()
        flags = tuple(sorted(set(state.misconduct_flags) | {c.value for c in categories}))
        self._update(misconduct_flags=flags)
        if state.misconduct_alerted_at is None:
            self._update(misconduct_alerted_at=self.now)
            self.alert = frozenset(categories)

    def _employee_line(self, message: MessageInput, topic_key: str | None) -> TranscriptEntry:
        return TranscriptEntry(
            MessageRole.EMPLOYEE,
            MessageKind.ANSWER,
            message.text.text,
            topic_key,
            message.sentiment,
            message.message_id,
        )

    def _store_employee(
        self, message: MessageInput, kind: MessageKind, topic_key: str | None = None
    ) -> None:
        line = TranscriptEntry(
            MessageRole.EMPLOYEE,
            kind,
            message.text.text,
            topic_key,
            message.sentiment,
            message.message_id,
        )
        self._append(line)
        self._update(last_activity_at=self.now)

    def _add_line(
        self, role: MessageRole, kind: MessageKind, text: str, topic_key: str | None = None
    ) -> None:
        self._append(TranscriptEntry(role, kind, text, topic_key))

    def _append(self, line: TranscriptEntry) -> None:
        self.lines.append(line)
        self.transcript.append(line)
