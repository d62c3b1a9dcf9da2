"""Messages on their way out: what the outbox stores and a platform's ``Sender`` delivers.

Every message ExitBot sends (a reply, an invitation, a reminder, an HR alert, a digest) is an
``Outgoing``: where it goes, what it says, and the key that orders it (messages with the same
key are delivered one after another, in the order they were written).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from exitbot.core.documents import Document, document_from_json
from exitbot.core.messages import (
    Choice,
    ConversationRef,
    Platform,
    Reply,
    ReplyKind,
    UserRef,
    conversation_from_json,
    conversation_to_json,
)


class Purpose(StrEnum):
    """Why a message is sent (for logs, metrics and ``exitbot outbox``)."""

    REPLY = "reply"
    INVITATION = "invitation"
    REMINDER = "reminder"
    ALERT = "alert"
    DIGEST = "digest"
    NOTICE = "notice"


Destination = ConversationRef | UserRef
"""A conversation, or a person whose direct conversation the sender opens when it delivers."""

Content = Reply | Document


@dataclass(frozen=True, slots=True)
class Outgoing:
    destination: Destination
    content: Content
    purpose: Purpose
    ordering_key: str
    interview_id: int | None = None

    @property
    def platform(self) -> Platform:
        return self.destination.platform


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A stored outgoing message with its delivery record."""

    id: int
    message: Outgoing
    status: DeliveryStatus
    attempts: int
    created_at: datetime
    give_up_at: datetime
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    sent_at: datetime | None = None
    readable: bool = True
    """False when the stored content cannot be read (e.g. another encryption key)."""


class DeliveryError(Exception):
    """A message could not be delivered; the text says why (shown to HR where relevant).

    ``retryable`` is False when trying again cannot help (the conversation is gone, the bot
    was removed); ``retry_after`` is the wait the platform asked for, in seconds.
    """

    def __init__(
        self, message: str, *, retryable: bool = True, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


def destination_to_json(destination: Destination) -> dict[str, Any]:
    if isinstance(destination, UserRef):
        return {
            "user": {
                "platform": destination.platform.value,
                "user_id": destination.user_id,
                "display_name": destination.display_name,
            }
        }
    return {"conversation": conversation_to_json(destination)}


def destination_from_json(data: dict[str, Any]) -> Destination:
    if "user" in data:
        user = data["user"]
        return UserRef(Platform(user["platform"]), user["user_id"], user.get("display_name"))
    return conversation_from_json(data["conversation"])


def content_to_json(content: Content) -> dict[str, Any]:
    if isinstance(content, Document):
        return {"document": content.to_json()}
    return {
        "reply": {
            "text": content.text,
            "kind": content.kind.value,
            "choices": [[c.label, c.value] for c in content.choices],
            "interview_id": content.interview_id,
        }
    }


def content_from_json(data: dict[str, Any]) -> Content:
    if "document" in data:
        return document_from_json(data["document"])
    reply = data["reply"]
    return Reply(
        reply["text"],
        ReplyKind(reply["kind"]),
        tuple(Choice(label, value) for label, value in reply["choices"]),
        reply.get("interview_id"),
    )
