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
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TypeVar

from exitbot.core.interview import (
    Amendment,
    EmployeeInterview,
    InterviewSnapshot,
    InterviewState,
    StoredReport,
    TurnSnapshot,
)
from exitbot.core.interviewer import (
    CallBudget,
    GeneratedReport,
    InterviewContext,
    TranscriptEntry,
)
from exitbot.core.messages import Choice, Reply, ReplyKind, UserRef
from exitbot.core.misconduct import MisconductCategory
from exitbot.core.plan import QuestionPlan, TopicKind
from exitbot.core.report import InterviewReport, ReportSource
from exitbot.core.statuses import Awaiting, InterviewStatus, MessageKind, MessageRole
from exitbot.engine.catalogs import Catalogs
from exitbot.engine.summary import apply_removal, render_summary
from exitbot.engine.text_input import MAX_MESSAGE_CHARS, CleanedText, InputProblem
from exitbot.engine.texts import ErasableInterview, Texts
from exitbot.engine.understanding import (
    Intent,
    Step,
    Understanding,
    read_score,
    read_would_return,
    understand,
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Rules:
    """The plan and the limits every decision follows (DESIGN 5)."""

    plan: QuestionPlan
    max_turns: int = 40
    max_model_calls: int = 60
    retention_days: int = 365
    catalogs: Catalogs = field(default_factory=Catalogs)
    answer_join: timedelta = timedelta(0)
    """A message this soon after an answer continues it (zero: every message stands alone)."""
    model_seconds: float = 20.0
    """All model calls of one turn together (misconduct, follow-up, question, report)."""
    messages_per_minute: int = 20
    """Past this, an employee's messages are a flood: kept as one answer, no model calls."""
    invite_days_before_last_day: int = 3
    """An interview started with a ``last_day`` further away than this waits to invite
    until this many days before it (INVITE_DAYS_BEFORE_LAST_DAY)."""
    tz: tzinfo = UTC
    """TIMEZONE: what "today" is and when a scheduled invitation's 09:00 comes."""


INVITATION_HOUR = time(9)
"""A scheduled invitation goes at this local time (in ``Rules.tz``) on its day."""


def invitation_time(last_day: date | None, now: datetime, rules: Rules) -> datetime | None:
    """When to invite for an interview started ``now``: None for at once, else 09:00 (in
    ``rules.tz``) ``invite_days_before_last_day`` days before ``last_day``, so that someone
    leaving in a month is not asked about leaving weeks before they go."""
    if last_day is None:
        return None
    days = rules.invite_days_before_last_day
    today = now.astimezone(rules.tz).date()
    if (last_day - today).days <= days:
        return None
    return datetime.combine(last_day - timedelta(days=days), INVITATION_HOUR, tzinfo=rules.tz)


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
    """One employee message, cleaned, with its sentiment score and detected language."""

    user: UserRef
    text: CleanedText
    message_id: str
    sentiment: float | None
    now: datetime
    has_files: bool = False
    language: str | None = None
    received_at: datetime | None = None
    whole_answer: bool = False


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
    model: bool = True


@dataclass(frozen=True, slots=True)
class ClassifyReply:
    """What a reply the recogniser found ambiguous means (answered by an LLM, if any)."""

    context: InterviewContext
    text: str
    step: Step
    choices: tuple[Intent, ...]
    key: str = "classify"


@dataclass(frozen=True, slots=True)
class LoadInterviews:
    """The employee's interviews, for "what do you have about me?" and "delete my data"."""

    employee_id: int
    key: str = "interviews"


InterviewerRequest = (
    AskOpeningQuestion | AskFollowup | AskReport | CheckMisconduct | ClassifyReply | LoadInterviews
)


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
    erase_others: tuple[int, ...] = ()
    amend: Amendment | None = None
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
    """Open an interview (HR's ``start``); nothing new when one is already active. With a
    ``last_day`` far enough away the invitation waits (``invitation_time``): the interview
    is created now with ``invite_at`` set and nothing is said yet."""
    return _settle(_run(lambda turn: turn.invite(details), snapshot, user, now, {}, rules))


def decide_scheduled_invitation(
    snapshot: TurnSnapshot | None, interview_id: int, now: datetime, rules: Rules
) -> Decision:
    """Send an interview's waiting invitation once it is due (the scheduler); ``problem``
    says why not (already sent, not due, no longer waiting for the employee)."""
    if snapshot is None or snapshot.interview is None or snapshot.employee is None:
        return Decision(None, problem=f"there is no interview {interview_id}")
    user = snapshot.employee.user
    return _settle(_run(lambda turn: turn.scheduled_invitation(), snapshot, user, now, {}, rules))


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


def decide_erasure(
    snapshot: TurnSnapshot | None, interview_id: int, *, now: datetime, rules: Rules
) -> Decision:
    """HR erases an interview (a data request that reached them, or the API): transcript and
    report go, a row saying it was erased stays; the employee is not messaged."""
    if snapshot is None or snapshot.interview is None or snapshot.employee is None:
        return Decision(None, problem=f"there is no interview {interview_id}")
    user = snapshot.employee.user
    return _settle(_run(lambda turn: turn.erase_for_hr(), snapshot, user, now, {}, rules))


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

_NUMBERED: dict[Step, dict[str, Intent]] = {
    Step.CONSENT: {"1": Intent.YES, "2": Intent.ANONYMOUS, "3": Intent.NO},
    Step.SUMMARY: {"1": Intent.YES, "2": Intent.NO},
    Step.ERASE: {"1": Intent.YES, "2": Intent.NO},
}
"""The numbered options offered after two replies in a row were not understood."""
_CLASSIFIABLE: dict[Step, tuple[Intent, ...]] = {
    Step.CONSENT: (Intent.YES, Intent.ANONYMOUS, Intent.NO, Intent.PAUSE),
    Step.SUMMARY: (Intent.YES, Intent.NO),
    Step.ERASE: (Intent.YES, Intent.NO),
}
"""What an LLM may classify an ambiguous reply as, per decision point. Erasure is confirmed
only by the recogniser: a model's guess never deletes anything."""
_CONTROL = frozenset(
    {Intent.HELP, Intent.PAUSE, Intent.RESUME, Intent.STOP, Intent.DELETE, Intent.SHOW_DATA}
)
"""The words that work at any time, whatever the decision point."""
_OPTIONS_AFTER = 2
_RESUMING_ANSWER_WORDS = 4
"""A paused employee's message of at least this many words is taken as the answer it is."""


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
    erase_others: tuple[int, ...] = ()
    amend: Amendment | None = None
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
        self._misunderstood = False

    @property
    def plan(self) -> QuestionPlan:
        return self.rules.plan

    @property
    def texts(self) -> Texts:
        return self.rules.catalogs.texts(self.state.language if self.state else None)

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
            erase_others=self.erase_others,
            amend=self.amend,
            alert=self.alert,
            employee_department=self.employee_department,
            problem=self.problem,
        )

    # --- entry points ---------------------------------------------------------------------

    def message(self, message: MessageInput) -> None:
        cleaned = message.text
        if message.has_files:
            self.say(self.texts.file_note, store=False)
            if cleaned.problem is InputProblem.EMPTY:
                return
        if cleaned.problem is InputProblem.EMPTY:
            self.say(self.texts.empty_message, ReplyKind.ERROR, store=False)
            return
        if cleaned.problem is InputProblem.TOO_LONG:
            self.say(
                self.texts.too_long(cleaned.original_length, MAX_MESSAGE_CHARS),
                ReplyKind.ERROR,
                store=False,
            )
            return
        text = cleaned.text
        state = self.state
        if state is None:
            self._first_message(message)
            return
        step = self._step()
        flood = not message.whole_answer and self._counts_as_flood()
        if flood and step in (Step.ANSWER, Step.SUMMARY):
            self._flooded(message)
            return
        understood = self._understand(text, step)
        self._note_language(message, understood)
        self._dispatch(step, understood, message)
        if not self._misunderstood and self.state is not None and self.state.misunderstood:
            self._update(misunderstood=0)

    def _first_message(self, message: MessageInput) -> None:
        """The employee wrote first: they see the invitation with its privacy notes, unless
        they asked about their data (which never opens an interview)."""
        understood = understand(message.text.text, Step.CONSENT)
        language = message.language or understood.language
        if understood.intent is Intent.DELETE:
            self.say(self.rules.catalogs.texts(language).nothing_to_erase, store=False)
            return
        if understood.intent is Intent.SHOW_DATA:
            self._show_data(language)
            return
        kind = MessageKind.COMMAND if understood.intent else MessageKind.CHAT
        self._create_and_invite(
            InterviewDetails(), first_message=(message, kind), language=language
        )

    def _dispatch(self, step: Step, understood: Understanding, message: MessageInput) -> None:
        intent = understood.intent
        state = self._state()
        status = state.status
        if step is Step.ERASE:
            self._erase_confirmation(intent)
        elif intent is Intent.DELETE:
            # The request itself is not kept: if they go on to erase, nothing of it remains.
            self._ask_erase_confirmation()
        elif intent is Intent.SHOW_DATA:
            self._show_data(state.language)
            if status.is_active:
                self._repeat_prompt()
        elif not status.is_active:
            self._finished_interview(intent, message)
        elif intent is Intent.HELP:
            self.say(self.texts.words_help, store=False)
            self._repeat_prompt()
        elif intent is Intent.STOP:
            self._store_employee(message, MessageKind.COMMAND)
            self._end(InterviewStatus.DECLINED)
            self.say(self.texts.stopped, ReplyKind.CLOSING)
        elif status is InterviewStatus.INVITED:
            self._consent(intent, message)
        elif status is InterviewStatus.PAUSED:
            self._paused(intent, message)
        elif step is Step.SUMMARY and intent not in (Intent.PAUSE, Intent.RESUME):
            self._summary_confirmation(understood, message)
        else:
            self._in_progress(intent, message)

    def invite(self, details: InterviewDetails) -> None:
        if self.state is not None and self.state.status.is_active:
            return
        invite_at = invitation_time(details.last_day, self.now, self.rules)
        self._create_and_invite(details, invite_at=invite_at)

    def scheduled_invitation(self) -> None:
        state = self._state()
        if state.invite_at is None:
            self.problem = "its invitation was sent already"
        elif state.status is not InterviewStatus.INVITED:
            self.problem = f"it is {state.status.value}"
        elif state.invite_at > self.now:
            self.problem = "its invitation is not due yet"
        else:
            # Idle time counts from the invitation, not from when HR scheduled it.
            self._update(last_activity_at=self.now)
            self._say_invitation()

    def begin(self, details: InterviewDetails) -> None:
        state = self.state
        if state is None or not state.status.is_active:
            self._create_and_invite(details)
            return
        if state.status is InterviewStatus.PAUSED:
            self._set_status(InterviewStatus.IN_PROGRESS)
            self.say(self.texts.welcome_back, store=False)
        self._repeat_prompt(full_invitation=True)

    def suspend(self) -> None:
        if self.state is not None and self.state.status is InterviewStatus.IN_PROGRESS:
            self._set_status(InterviewStatus.PAUSED)
            self.say(self.texts.paused, store=False)

    def nudge(self, cancel: bool) -> None:
        state = self._state()
        if not state.status.is_active:
            self.problem = f"it is {state.status.value}"
            return
        if state.invite_at is not None:
            # The employee has heard nothing yet: a withdrawal stays silent, and a nudge is
            # the invitation itself, sent now instead of on its day.
            if cancel:
                self._end(InterviewStatus.CANCELLED)
            else:
                self._update(last_activity_at=self.now)
                self._say_invitation()
            return
        if cancel:
            self._end(InterviewStatus.CANCELLED)
            self.say(self.texts.withdrawn, ReplyKind.CLOSING)
        else:
            self._update(reminded_at=self.now)
            self.say(self.texts.reminder, store=False)
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

    def erase_for_hr(self) -> None:
        state = self._state()
        if state.status is InterviewStatus.ERASED:
            return
        self._set_status(InterviewStatus.ERASED)
        self.erase = True
        self._update(
            awaiting=Awaiting.NOTHING,
            awaiting_before_erase=None,
            pending_question=None,
            draft_report=None,
            erased_at=self.now,
            ended_at=state.ended_at or self.now,
        )

    # --- understanding --------------------------------------------------------------------

    def _step(self) -> Step:
        state = self._state()
        if state.awaiting is Awaiting.ERASE_CONFIRMATION:
            return Step.ERASE
        if not state.status.is_active or state.status is InterviewStatus.PAUSED:
            return Step.OTHER
        if state.status is InterviewStatus.INVITED or state.awaiting is Awaiting.CONSENT:
            return Step.CONSENT
        if state.awaiting is Awaiting.SUMMARY_CONFIRMATION:
            return Step.SUMMARY
        return Step.ANSWER

    def _understand(self, text: str, step: Step) -> Understanding:
        """The recogniser's reading; the numbered options once they were offered; an LLM's
        classification of what stays ambiguous at a decision point."""
        understood = understand(text, step)
        if understood.intent is None and step is Step.SUMMARY:
            control = understand(text, Step.OTHER)
            if control.intent in _CONTROL:
                return control
        if understood.intent is None and self._state().misunderstood >= _OPTIONS_AFTER:
            numbered = _NUMBERED.get(step, {}).get(text.strip().rstrip(".)"))
            if numbered is not None:
                return Understanding(numbered)
        if (understood.ambiguous or understood.intent is None) and step in _CLASSIFIABLE:
            if understood.ambiguous or len(text.split()) <= 12:
                choices = _CLASSIFIABLE[step]
                classified = self._ask(ClassifyReply(self._context(), text, step, choices))
                # A model's reading may keep data, never delete it.
                if (
                    isinstance(classified, Intent)
                    and classified in choices
                    and (step is not Step.ERASE or classified is Intent.NO)
                ):
                    return Understanding(classified, language=understood.language)
            if understood.ambiguous:
                return Understanding(None, language=understood.language)
        return understood

    def _note_language(self, message: MessageInput, understood: Understanding) -> None:
        state = self._state()
        language = message.language
        if language is None and state.language is None and understood.intent is not None:
            language = understood.language
        if language is not None and language != state.language:
            self._update(language=language)

    def _not_understood(self, reminder: str, options: str, choices: tuple[Choice, ...]) -> None:
        """One short line with the choices; numbered options once it happened twice."""
        count = self._state().misunderstood + 1
        self._update(misunderstood=count)
        self._misunderstood = True
        if count >= _OPTIONS_AFTER:
            self.say(options, ReplyKind.QUESTION, choices, store=False)
        else:
            self.say(reminder, ReplyKind.QUESTION, choices, store=False)

    # --- states ---------------------------------------------------------------------------

    def _create_and_invite(
        self,
        details: InterviewDetails,
        first_message: tuple[MessageInput, MessageKind] | None = None,
        language: str | None = None,
        invite_at: datetime | None = None,
    ) -> None:
        employee = self.snapshot.employee
        department = details.department or (employee.department if employee else None)
        language = language or self._platform_language()
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
            language=language,
            invite_at=invite_at,
        )
        self.interview_id = None
        self.transcript = []
        self.created = True
        if details.department and not (employee and employee.department):
            self.employee_department = details.department
        if first_message is not None:
            self._store_employee(*first_message)
        if invite_at is None:
            self._say_invitation()

    def _platform_language(self) -> str | None:
        """The language the employee set on the platform, when the bot speaks it."""
        locale = self.user.locale
        code = locale.replace("_", "-").split("-", 1)[0].lower() if locale else None
        return code if code and code != "en" and self.rules.catalogs.supports(code) else None

    def _consent(self, intent: Intent | None, message: MessageInput) -> None:
        first_contact = not any(e.role is MessageRole.EMPLOYEE for e in self.transcript)
        self._store_employee(message, MessageKind.COMMAND)
        texts = self.texts
        if intent in (Intent.YES, Intent.ANONYMOUS, Intent.RESUME):
            state = self._state()
            anonymous = intent is Intent.ANONYMOUS
            self._update(anonymous=anonymous, started_at=state.started_at or self.now)
            self._set_status(InterviewStatus.IN_PROGRESS)
            self.say(texts.started_anonymous if anonymous else texts.started)
            self._ask_opening_question()
        elif intent is Intent.NO:
            self._end(InterviewStatus.DECLINED)
            self.say(texts.declined, ReplyKind.CLOSING)
        elif intent is Intent.PAUSE:
            self.say(texts.consent_later)
        elif first_contact and intent is None:
            # The invitation may never have reached them (e.g. sent before Teams allowed it):
            # nobody starts without having seen who reads the answers and for how long.
            self._say_invitation()
        else:
            self._not_understood(
                texts.consent_reminder, texts.consent_options, texts.consent_choices
            )

    def _paused(self, intent: Intent | None, message: MessageInput) -> None:
        if intent is Intent.PAUSE:
            self.say(self.texts.already_paused, store=False)
            return
        state = self._state()
        self._set_status(InterviewStatus.IN_PROGRESS)
        words = len(message.text.text.split())
        if intent is None and state.awaiting is Awaiting.ANSWER and words >= _RESUMING_ANSWER_WORDS:
            # Coming back with an answer: it is the answer, not a greeting to swallow.
            self._answer(message)
            return
        # Any other message resumes: nothing the employee writes is turned away.
        self._store_employee(message, MessageKind.COMMAND if intent else MessageKind.CHAT)
        self.say(self.texts.welcome_back)
        self._repeat_prompt()

    def _in_progress(self, intent: Intent | None, message: MessageInput) -> None:
        state = self._state()
        if intent is Intent.PAUSE:
            self._store_employee(message, MessageKind.COMMAND)
            self._set_status(InterviewStatus.PAUSED)
            self.say(self.texts.paused)
        elif intent is Intent.RESUME:
            self.say(self.texts.not_paused, store=False)
            self._repeat_prompt()
        elif intent is Intent.SKIP:
            topic = self.plan.topics[state.topic_index]
            self._store_employee(message, MessageKind.COMMAND)
            self._add_line(
                MessageRole.BOT, MessageKind.SKIPPED, f"(skipped: {topic.title})", topic.key
            )
            self.say(self.texts.skipped)
            self._next_topic()
        elif self._continues_answer(message):
            self._join_answer(message)
        else:
            self._answer(message)

    def _answer(self, message: MessageInput) -> None:
        state = self._state()
        topic = self.plan.topics[state.topic_index]
        text = message.text.text
        context = self._context(with_lines=[self._employee_line(message, topic.key)])
        scale = topic.kind is TopicKind.SCALE
        wants_followup = state.followups_asked < self.plan.followups_for(topic)
        followup_request = (
            AskFollowup(context, text)
            if wants_followup and not scale and state.turn_count + 1 < self.rules.max_turns
            else None
        )
        categories = self._ask(
            CheckMisconduct(text, context), *([followup_request] if followup_request else [])
        )
        self._store_employee(message, MessageKind.ANSWER, topic.key)
        self._update(turn_count=state.turn_count + 1, last_answer_at=self.now)
        self._note_misconduct(categories)  # type: ignore[arg-type]
        if self._state().turn_count >= self.rules.max_turns:
            self.say(self.texts.budget_reached)
            self._show_summary()
            return
        if scale and state.followups_asked == 0 and read_score(text).unclear:
            # One short question for the number; then it is stored as given.
            self._update(followups_asked=1)
            self._ask_question(self.texts.score_unclear, MessageKind.FOLLOWUP)
            return
        if followup_request is not None:
            followup = self._ask(followup_request)
            if followup:
                self._update(followups_asked=self._state().followups_asked + 1)
                self._ask_question(str(followup), MessageKind.FOLLOWUP)
                return
        self._next_topic()

    def _continues_answer(self, message: MessageInput) -> bool:
        """Whether ``message`` is the rest of the previous answer: sent before the reply to
        it went out, or within the quiet window after."""
        state = self._state()
        window = self.rules.answer_join
        if not window or message.whole_answer or state.last_answer_at is None:
            return False
        received = message.received_at or message.now
        if received > state.last_answer_at + window:
            return False
        previous = self._previous_answer()
        return previous is not None and previous.platform_message_id is not None

    def _previous_answer(self) -> TranscriptEntry | None:
        for entry in reversed(self.transcript):
            if entry.role is MessageRole.EMPLOYEE:
                return entry if entry.kind is MessageKind.ANSWER else None
        return None

    def _join_answer(self, message: MessageInput) -> None:
        previous = self._previous_answer()
        assert previous is not None and previous.platform_message_id is not None
        categories = self._ask(CheckMisconduct(message.text.text, self._context()))
        self._amend(previous, message)
        self._update(last_answer_at=self.now, last_activity_at=self.now)
        self._note_misconduct(categories)  # type: ignore[arg-type]
        if self._state().awaiting is Awaiting.SUMMARY_CONFIRMATION:
            self._show_summary()

    def _amend(self, previous: TranscriptEntry, message: MessageInput) -> None:
        """``message`` appended to the answer ``previous`` (one row, scored again)."""
        assert previous.platform_message_id is not None
        text = f"{previous.text}\n{message.text.text}"
        scores = [s for s in (previous.sentiment, message.sentiment) if s is not None]
        sentiment = round(sum(scores) / len(scores), 4) if scores else None
        self.amend = Amendment(previous.platform_message_id, text, sentiment)
        index = self.transcript.index(previous)
        self.transcript[index] = TranscriptEntry(
            previous.role,
            previous.kind,
            text,
            previous.topic_key,
            sentiment,
            previous.platform_message_id,
        )

    def _counts_as_flood(self) -> bool:
        """Count the message in the current minute; True once the minute is over its limit."""
        state = self._state()
        start = state.burst_started_at
        if start is None or self.now - start >= timedelta(minutes=1):
            self._update(burst_started_at=self.now, burst_messages=1)
            return False
        count = state.burst_messages + 1
        self._update(burst_messages=count)
        return count > self.rules.messages_per_minute

    def _flooded(self, message: MessageInput) -> None:
        """A flood is kept, joined into the current answer, and read by the keyword rule only:
        it never multiplies model calls. The employee hears about it once."""
        index = self._state().topic_index
        topic_key = self.plan.topics[index].key if index < len(self.plan.topics) else None
        categories = self._ask(CheckMisconduct(message.text.text, self._context(), model=False))
        previous = self._previous_answer()
        if (
            previous is not None
            and previous.platform_message_id is not None
            and (topic_key is None or previous.topic_key == topic_key)
        ):
            self._amend(previous, message)
        elif topic_key is not None:
            self._store_employee(message, MessageKind.ANSWER, topic_key)
        else:
            self._store_employee(message, MessageKind.CHAT)
        self._update(last_activity_at=self.now)
        self._note_misconduct(categories)  # type: ignore[arg-type]
        if self._state().burst_messages == self.rules.messages_per_minute + 1:
            self.say(self.texts.flood_note, store=False)

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
        report = self._with_employee_rating(generated.report)
        self._update(
            draft_report=report,
            draft_source=generated.source,
            awaiting=Awaiting.SUMMARY_CONFIRMATION,
        )
        self._say_summary(report)

    def _with_employee_rating(self, report: InterviewReport) -> InterviewReport:
        """The 0-10 figure is the employee's own number, never a model's; the same for
        whether they would return, when they said it."""
        scale = next((t for t in self.plan.topics if t.kind is TopicKind.SCALE), None)
        if scale is None:
            return report
        answers = [
            e.text
            for e in self.transcript
            if e.role is MessageRole.EMPLOYEE
            and e.kind is MessageKind.ANSWER
            and e.topic_key == scale.key
        ]
        enps = None
        would_return = None
        for answer in answers:
            reading = read_score(answer)
            if reading.value is not None and not reading.unclear:
                enps = reading.value
            said = read_would_return(answer)
            if said is not None:
                would_return = said
        return report.model_copy(
            update={
                "enps": enps,
                "would_return": would_return if would_return is not None else report.would_return,
            }
        )

    def _summary_confirmation(self, understood: Understanding, message: MessageInput) -> None:
        state = self._state()
        report = state.draft_report
        if report is None:  # a draft lost to the retention purge: write it again
            self._show_summary()
            return
        intent = understood.intent
        texts = self.texts
        if intent is None and self._continues_answer(message):
            self._join_answer(message)
            return
        self._store_employee(message, MessageKind.COMMAND)
        if intent is Intent.YES:
            self.report = StoredReport(report, state.draft_source or ReportSource.SCRIPTED)
            self._update(
                draft_report=None,
                pending_question=None,
                awaiting=Awaiting.NOTHING,
                completed_at=self.now,
            )
            self._end(InterviewStatus.COMPLETED)
            self.say(texts.closing, ReplyKind.CLOSING)
        elif intent is Intent.REMOVE and understood.removal is not None:
            changed, valid = apply_removal(report, understood.removal, texts)
            if not valid:
                self.say(texts.summary_no_such_part, store=False)
            self._update(draft_report=changed)
            self._say_summary(changed)
        elif intent in (Intent.NO, Intent.REMOVE):
            self.say(texts.summary_remove_how, ReplyKind.QUESTION)
        else:
            self._not_understood(texts.summary_prompt, texts.summary_options, texts.summary_choices)

    def _finished_interview(self, intent: Intent | None, message: MessageInput) -> None:
        state = self._state()
        status = state.status
        texts = self.texts
        if status is InterviewStatus.DECLINED and intent in (Intent.YES, Intent.ANONYMOUS):
            # Changing one's mind after "no" (or "stop") picks the interview up again.
            if state.started_at is None:
                self._consent(intent, message)
            else:
                self._store_employee(message, MessageKind.COMMAND)
                self._update(ended_at=None)
                self._set_status(InterviewStatus.IN_PROGRESS)
                self.say(texts.welcome_back)
                self._repeat_prompt()
        elif status is InterviewStatus.ERASED:
            self.say(texts.already_erased, store=False)
        elif status is InterviewStatus.COMPLETED:
            self.say(texts.finished, store=False)
        elif status is InterviewStatus.DECLINED:
            self.say(texts.declined, store=False)
        else:
            self.say(texts.closed, store=False)

    # --- data rights ----------------------------------------------------------------------

    def _employee_interviews(self) -> tuple[EmployeeInterview, ...]:
        employee = self.snapshot.employee
        if employee is None:
            return ()
        found = self._ask(LoadInterviews(employee.id))
        assert isinstance(found, tuple)
        return found

    def _show_data(self, language: str | None) -> None:
        texts = self.rules.catalogs.texts(language)
        held = [i for i in self._employee_interviews() if i.holds_text]
        if not held:
            self.say(texts.nothing_stored, store=False)
            return
        blocks = [texts.stored_heading]
        for interview in held:
            lines = [f"*{texts.stored_interview(interview.created_at.date(), interview.status)}*"]
            if interview.report is not None:
                lines.append(texts.stored_report)
                lines.append(interview.report.summary)
                if interview.report.enps is not None:
                    lines.append(texts.summary_rating(interview.report.enps))
            said = [a.text for a in interview.answers]
            if said:
                lines.append(texts.stored_transcript)
                lines.extend(f"• {text}" for text in said)
            blocks.append("\n".join(lines))
        blocks.append(texts.stored_footer)
        # Never written to the transcript: showing their data must not store it again.
        self.say("\n\n".join(blocks), store=False)

    def _ask_erase_confirmation(self) -> None:
        state = self._state()
        held = [i for i in self._employee_interviews() if i.holds_text]
        if not held:
            self.say(self.texts.nothing_to_erase, store=False)
            return
        self._update(awaiting_before_erase=state.awaiting, awaiting=Awaiting.ERASE_CONFIRMATION)
        listed = [ErasableInterview(i.created_at.date(), i.status.value) for i in held]
        self.say(
            self.texts.erase_confirm(listed),
            ReplyKind.QUESTION,
            self.texts.erase_choices,
            store=False,
        )

    def _erase_confirmation(self, intent: Intent | None) -> None:
        state = self._state()
        texts = self.texts
        if intent is Intent.YES:
            held = [i.id for i in self._employee_interviews() if i.holds_text]
            if state.status is not InterviewStatus.ERASED:
                self._set_status(InterviewStatus.ERASED)
                self.erase = True
            self._update(
                awaiting=Awaiting.NOTHING,
                awaiting_before_erase=None,
                pending_question=None,
                draft_report=None,
                erased_at=state.erased_at or self.now,
                ended_at=state.ended_at or self.now,
            )
            self.erase_others = tuple(i for i in held if i != self.interview_id)
            self.say(texts.erased, ReplyKind.CLOSING, store=False)
            return
        if intent is not Intent.NO:
            # Erasure is never done on an unclear reply: ask again, briefly.
            self._not_understood(texts.erase_reminder, texts.erase_options, texts.erase_choices)
            return
        self._update(
            awaiting=state.awaiting_before_erase or Awaiting.ANSWER, awaiting_before_erase=None
        )
        self.say(texts.erase_kept, store=False)
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
        self.say(question, ReplyKind.QUESTION, self.texts.question_choices, store=False)

    def _repeat_prompt(self, *, full_invitation: bool = False) -> None:
        """Say again what the employee is expected to answer now (the whole invitation, with
        its privacy notes, when ``full_invitation`` and they have not consented yet)."""
        state = self._state()
        texts = self.texts
        if state.awaiting is Awaiting.SUMMARY_CONFIRMATION and state.draft_report:
            self._say_summary(state.draft_report)
        elif state.status is InterviewStatus.INVITED or state.awaiting is Awaiting.CONSENT:
            if full_invitation:
                self._say_invitation(store=False)
            else:
                self.say(
                    texts.consent_reminder, ReplyKind.QUESTION, texts.consent_choices, store=False
                )
        elif state.pending_question:
            self.say(
                state.pending_question, ReplyKind.QUESTION, texts.question_choices, store=False
            )

    def _say_invitation(self, *, store: bool = True) -> None:
        """The invitation with its privacy notes; once said, a scheduled one is not due."""
        texts = self.texts
        if self._state().invite_at is not None:
            self._update(invite_at=None)
        self.say(
            texts.invitation(self.name, self.rules.retention_days),
            ReplyKind.INVITATION,
            texts.consent_choices,
            store=store,
        )

    def _say_summary(self, report: InterviewReport) -> None:
        texts = self.texts
        self.say(
            render_summary(report, texts), ReplyKind.SUMMARY, texts.summary_choices, store=False
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
        if answer.model_calls and self.state is not None:
            self._update(model_calls=self._state().model_calls + answer.model_calls)
        return answer.value

    def _context(self, with_lines: list[TranscriptEntry] | None = None) -> InterviewContext:
        state = self._state()
        name = self.name
        plan = self.rules.catalogs.localize_plan(self.plan, state.language)
        return InterviewContext(
            interview_id=self.interview_id or 0,
            plan=plan,
            topic_index=min(state.topic_index, len(self.plan.topics) - 1),
            followups_asked=state.followups_asked,
            transcript=tuple(self.transcript + (with_lines or [])),
            budget=CallBudget(remaining=max(0, self.rules.max_model_calls - state.model_calls)),
            names_to_mask=(name,) if name else (),
            metadata={"department": state.department or "", "language": state.language or ""},
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
        # Any change of status (they started, declined, HR withdrew) ends a wait to invite.
        self._update(status=status, last_activity_at=self.now, invite_at=None)

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
