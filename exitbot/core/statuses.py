"""The words stored in the database for interview state and transcript entries."""

from __future__ import annotations

from enum import StrEnum


class InterviewStatus(StrEnum):
    """DESIGN section 5: invited -> in_progress <-> paused -> completed, or an early end."""

    INVITED = "invited"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    COMPLETED = "completed"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    ERASED = "erased"

    @property
    def is_active(self) -> bool:
        return self in ACTIVE_STATUSES


ACTIVE_STATUSES = frozenset(
    {InterviewStatus.INVITED, InterviewStatus.IN_PROGRESS, InterviewStatus.PAUSED}
)

_S = InterviewStatus
TRANSITIONS: dict[InterviewStatus, frozenset[InterviewStatus]] = {
    _S.INVITED: frozenset({_S.IN_PROGRESS, _S.DECLINED, _S.CANCELLED, _S.EXPIRED, _S.ERASED}),
    _S.IN_PROGRESS: frozenset(
        {_S.PAUSED, _S.COMPLETED, _S.DECLINED, _S.CANCELLED, _S.EXPIRED, _S.ERASED}
    ),
    _S.PAUSED: frozenset({_S.IN_PROGRESS, _S.DECLINED, _S.CANCELLED, _S.EXPIRED, _S.ERASED}),
    # Changing one's mind after "no" or "stop" picks the interview up again.
    _S.DECLINED: frozenset({_S.IN_PROGRESS, _S.ERASED}),
    _S.COMPLETED: frozenset({_S.ERASED}),
    _S.EXPIRED: frozenset({_S.ERASED}),
    _S.CANCELLED: frozenset({_S.ERASED}),
    _S.ERASED: frozenset(),
}
"""The status diagram of DESIGN 5: every change of status an interview may make, and no other."""


class IllegalTransition(Exception):
    """A status change the diagram does not allow: a bug in whoever asked for it."""


def check_transition(old: InterviewStatus, new: InterviewStatus) -> InterviewStatus:
    """``new`` when ``old -> new`` is in the diagram (or nothing changes); raises otherwise."""
    if new is not old and new not in TRANSITIONS[old]:
        raise IllegalTransition(f"an interview cannot go from {old.value} to {new.value}")
    return new


class Awaiting(StrEnum):
    """What the engine expects the employee's next message to be."""

    CONSENT = "consent"
    ANSWER = "answer"
    SUMMARY_CONFIRMATION = "summary_confirmation"
    ERASE_CONFIRMATION = "erase_confirmation"
    NOTHING = "nothing"


class MessageRole(StrEnum):
    EMPLOYEE = "employee"
    BOT = "bot"


class MessageKind(StrEnum):
    ANSWER = "answer"
    QUESTION = "question"
    FOLLOWUP = "followup"
    COMMAND = "command"
    CHAT = "chat"
    SKIPPED = "skipped"
    INFO = "info"
