"""Platform-neutral messages: what adapters hand the engine and what the engine hands back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Platform(StrEnum):
    SLACK = "slack"
    TEAMS = "teams"
    TERMINAL = "terminal"


@dataclass(frozen=True, slots=True)
class UserRef:
    """A person on one platform; ``user_id`` is the platform's own id."""

    platform: Platform
    user_id: str
    display_name: str | None = None
    email: str | None = None
    timezone: str | None = None  # IANA name, when the platform tells (Slack's users.info)

    @property
    def key(self) -> str:
        return f"{self.platform.value}:{self.user_id}"


@dataclass(frozen=True, slots=True)
class ConversationRef:
    """Where to reach someone later; ``extra`` holds what a platform needs (Teams' service_url)."""

    platform: Platform
    conversation_id: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    """One message from an employee, as the adapter received it."""

    user: UserRef
    text: str
    message_id: str
    conversation: ConversationRef | None = None
    received_at: datetime | None = None
    raw: dict[str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Choice:
    """A button; choosing it is the same as typing ``value``."""

    label: str
    value: str


class ReplyKind(StrEnum):
    INVITATION = "invitation"
    QUESTION = "question"
    INFO = "info"
    SUMMARY = "summary"
    CLOSING = "closing"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Reply:
    """Something the bot says back, with optional choices the adapter may render as buttons."""

    text: str
    kind: ReplyKind = ReplyKind.INFO
    choices: tuple[Choice, ...] = ()
    interview_id: int | None = None
