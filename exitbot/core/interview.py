"""An interview as the engine sees it: a snapshot read from the store, and the change a turn
asks the store to make.

The engine decides on plain values (no database rows): ``TurnSnapshot`` in, an
``InterviewChange`` out. The store applies a change in one transaction, checking that the
interview's ``version`` is still the one the snapshot was read at.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from exitbot.core.interviewer import TranscriptEntry
from exitbot.core.messages import ConversationRef, UserRef
from exitbot.core.misconduct import MisconductCategory
from exitbot.core.outgoing import Outgoing
from exitbot.core.report import InterviewReport, ReportSource
from exitbot.core.statuses import Awaiting, InterviewStatus, check_transition


@dataclass(frozen=True, slots=True)
class InterviewState:
    """Where an interview stands: everything the engine reads and writes between turns."""

    status: InterviewStatus
    awaiting: Awaiting
    created_at: datetime
    last_activity_at: datetime
    awaiting_before_erase: Awaiting | None = None
    anonymous: bool = False
    department: str | None = None
    last_day: date | None = None
    voluntary: bool | None = None
    regrettable: bool | None = None
    invited_by: str | None = None
    plan_name: str = "default"
    topic_index: int = 0
    followups_asked: int = 0
    pending_question: str | None = None
    draft_report: InterviewReport | None = None
    draft_source: ReportSource | None = None
    turn_count: int = 0
    model_calls: int = 0
    misconduct_flags: tuple[str, ...] = ()
    misconduct_alerted_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    ended_at: datetime | None = None
    reminded_at: datetime | None = None
    erased_at: datetime | None = None
    language: str | None = None
    """The employee's language as last detected (ISO 639-1), None until one is known."""
    misunderstood: int = 0
    """Replies in a row not understood at the current decision point."""
    last_answer_at: datetime | None = None
    """When the latest answer was taken: a message soon after it continues that answer."""
    burst_started_at: datetime | None = None
    burst_messages: int = 0
    """Messages since ``burst_started_at`` (a minute at most): past the limit, a flood."""
    invite_at: datetime | None = None
    """When the invitation is due, for an interview started well ahead of ``last_day``;
    None once it went (or when it went at once)."""

    def evolve(self, **changes: object) -> InterviewState:
        """A copy with ``changes``; a new ``status`` must be allowed by the status diagram."""
        status = changes.get("status")
        if isinstance(status, InterviewStatus):
            check_transition(self.status, status)
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class InterviewSnapshot:
    id: int
    version: int
    state: InterviewState
    transcript: tuple[TranscriptEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class EmployeeSnapshot:
    """The employee as stored: who they are and where they were last reached."""

    id: int
    user: UserRef
    department: str | None = None
    conversation: ConversationRef | None = None


@dataclass(frozen=True, slots=True)
class TurnSnapshot:
    """What a turn starts from: the employee (None before their first contact) and their
    latest interview (None when they never had one)."""

    employee: EmployeeSnapshot | None
    interview: InterviewSnapshot | None


@dataclass(frozen=True, slots=True)
class EventKey:
    """A platform event, claimed as processed in the same transaction as its turn."""

    platform: str
    event_id: str


@dataclass(frozen=True, slots=True)
class StoredReport:
    report: InterviewReport
    source: ReportSource


@dataclass(frozen=True, slots=True)
class EmployeeInterview:
    """One of an employee's interviews as they may see it, or have it erased."""

    id: int
    status: InterviewStatus
    created_at: datetime
    lines: int
    """Transcript lines stored (the bot's and the employee's)."""
    answers: tuple[TranscriptEntry, ...] = ()
    """What the employee wrote, in order."""
    report: InterviewReport | None = None

    @property
    def holds_text(self) -> bool:
        """Whether anything the employee said, or a report of it, is still stored."""
        return self.status is not InterviewStatus.ERASED and (
            bool(self.answers) or self.report is not None
        )


@dataclass(frozen=True, slots=True)
class Amendment:
    """A message that continues the previous answer: that answer's new text."""

    platform_message_id: str
    text: str
    sentiment: float | None


@dataclass(frozen=True, slots=True)
class MisconductAlertRaised:
    categories: frozenset[MisconductCategory]


@dataclass(frozen=True, slots=True)
class InterviewChange:
    """One turn's writes, applied together or not at all.

    ``interview_id`` None creates the interview (after checking that the employee's latest
    interview is still ``expected_latest``); otherwise the update only applies while the
    interview is at ``expected_version``. ``erase`` deletes the transcript, the report and
    undelivered messages, and forgets the employee's name and email; ``erase_others`` does the
    same for more of their interviews (marking them erased).
    """

    user: UserRef
    now: datetime
    state: InterviewState | None
    interview_id: int | None = None
    expected_version: int | None = None
    expected_latest: int | None = None
    conversation: ConversationRef | None = None
    lines: tuple[TranscriptEntry, ...] = ()
    report: StoredReport | None = None
    erase: bool = False
    erase_others: tuple[int, ...] = ()
    """More of the employee's interviews to erase with this one (their own "delete my data")."""
    amend: Amendment | None = None
    employee_department: str | None = None
    outgoing: tuple[Outgoing, ...] = ()
    event: EventKey | None = None
    known_employee_id: int | None = None
    """Set when the employee is stored and nothing about them changed: no upsert needed."""


@dataclass(frozen=True, slots=True)
class AppliedChange:
    """What the store did: the interview's id and the outbox rows written (in order).
    ``duplicate`` means the event had already been processed and nothing was written."""

    interview_id: int | None
    outbox_ids: tuple[int, ...] = ()
    duplicate: bool = False


class InterviewChanged(Exception):
    """Someone else (another replica, HR, a scheduled job) changed the interview after the
    snapshot was read: read again and decide again."""
