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
