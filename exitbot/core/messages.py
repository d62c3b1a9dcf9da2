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
    locale: str | None = field(default=None, compare=False)
    """The language the person set on the platform ("de-DE"), when it tells."""

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
    has_files: bool = False
    """The person attached files or images (which ExitBot cannot read)."""
    whole_answer: bool = False
    """Each message is written after the last reply was read, as one whole answer (a line of
    the local terminal, or a piped file): never joined to the one before, never a flood."""
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


def message_to_json(message: IncomingMessage) -> dict[str, Any]:
    """A JSON-safe form of ``message`` (the inbox stores it until the turn is done)."""
    conversation = message.conversation
    return {
        "platform": message.user.platform.value,
        "user_id": message.user.user_id,
        "display_name": message.user.display_name,
        "email": message.user.email,
        "timezone": message.user.timezone,
        "text": message.text,
        "message_id": message.message_id,
        "received_at": message.received_at.isoformat() if message.received_at else None,
        "conversation": None if conversation is None else conversation_to_json(conversation),
        "has_files": message.has_files,
        "whole_answer": message.whole_answer,
    }


def message_from_json(payload: dict[str, Any]) -> IncomingMessage:
    """The message ``message_to_json`` wrote; KeyError / TypeError / ValueError if damaged."""
    conversation = payload.get("conversation")
    received = payload.get("received_at")
    return IncomingMessage(
        user=UserRef(
            Platform(payload["platform"]),
            payload["user_id"],
            display_name=payload.get("display_name"),
            email=payload.get("email"),
            timezone=payload.get("timezone"),
        ),
        text=payload.get("text") or "",
        message_id=payload["message_id"],
        conversation=None if conversation is None else conversation_from_json(conversation),
        received_at=datetime.fromisoformat(received) if received else None,
        has_files=bool(payload.get("has_files")),
        whole_answer=bool(payload.get("whole_answer")),
    )


def conversation_to_json(conversation: ConversationRef) -> dict[str, Any]:
    return {
        "platform": conversation.platform.value,
        "conversation_id": conversation.conversation_id,
        "extra": conversation.extra,
    }


def conversation_from_json(data: dict[str, Any]) -> ConversationRef:
    return ConversationRef(
        Platform(data["platform"]), str(data["conversation_id"]), dict(data.get("extra") or {})
    )


def channel_from_setting(value: str | None) -> ConversationRef | None:
    """``slack:C0123`` (HR_CHANNEL's form) as a conversation; None when unset."""
    if not value:
        return None
    platform, _, channel_id = value.partition(":")
    if not channel_id:
        raise ValueError(f"{value!r} is not of the form platform:channel_id")
    return ConversationRef(Platform(platform), channel_id)
