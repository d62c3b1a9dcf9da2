"""The inbox: platform events stored before they are acknowledged, and replayed if unfinished.

An adapter calls ``record`` before it acks; the turn marks the event processed in its own
transaction (``InboxRepository.claim_for_turn``), so an event acked by a replica that then
died is picked up again by ``unfinished`` on start or by the sweeper.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import structlog

from exitbot.core.messages import ConversationRef, IncomingMessage, Platform, UserRef
from exitbot.engine import utc_now
from exitbot.engine.engine import Clock
from exitbot.store.database import Database
from exitbot.store.repository import InboxRepository

log = structlog.get_logger(__name__)


class Inbox:
    def __init__(self, database: Database, clock: Clock = utc_now) -> None:
        self._db = database
        self._clock = clock

    async def record(self, message: IncomingMessage) -> bool:
        """Store the event; False when its id was seen before (a redelivery: do nothing)."""
        now = self._clock()
        return await self._db.transaction(
            lambda session: InboxRepository(session).record(
                message.user.platform.value,
                message.message_id,
                now,
                payload=message_to_payload(message),
            )
        )

    async def unfinished(
        self, older_than: timedelta = timedelta(0), limit: int = 100
    ) -> list[IncomingMessage]:
        """Recorded events not yet processed, received at least ``older_than`` ago, oldest first."""
        cutoff = self._clock() - older_than
        async with self._db.session() as session:
            events = await InboxRepository(session).pending(cutoff, limit)
        messages = []
        for event in events:
            if not event.payload:
                continue
            try:
                messages.append(payload_to_message(event.payload))
            except (KeyError, TypeError, ValueError) as exc:
                # One damaged row must not stop the replay of the others.
                log.error("inbox_payload_unreadable", event_id=event.event_id, error=str(exc))
        return messages


def message_to_payload(message: IncomingMessage) -> dict[str, Any]:
    """JSON-safe form of a message (its text is dropped from the row once processed)."""
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
        "conversation": None
        if conversation is None
        else {
            "platform": conversation.platform.value,
            "conversation_id": conversation.conversation_id,
            "extra": conversation.extra,
        },
    }


def payload_to_message(payload: dict[str, Any]) -> IncomingMessage:
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
        conversation=None
        if conversation is None
        else ConversationRef(
            Platform(conversation["platform"]),
            conversation["conversation_id"],
            conversation.get("extra") or {},
        ),
        received_at=datetime.fromisoformat(received) if received else None,
    )
