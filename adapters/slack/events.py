"""Slack events as ExitBot's neutral messages: DMs and button clicks become ``IncomingMessage``s.

Only people's own messages in a DM count: bots, edits, deletions, joins, channel traffic and
the bot's own posts are ignored. A click is the same as typing the button's word; its id is
the message the buttons belong to, so a repeated click on one prompt is one answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from adapters.slack.text import typed_text
from exitbot.core.messages import ConversationRef, IncomingMessage, Platform, UserRef


class EventKind(Enum):
    """What a Slack ``message`` event means to ExitBot."""

    TEXT = "text"
    FILE_SHARE = "file_share"
    IGNORED = "ignored"


def classify_message(event: dict[str, Any], bot_user_id: str | None) -> EventKind:
    """DMs from people count; bots, edits, deletions, joins and the bot's own posts do not."""
    if event.get("channel_type") != "im" or not event.get("user"):
        return EventKind.IGNORED
    if event.get("bot_id") or event.get("bot_profile") or event.get("user") == bot_user_id:
        return EventKind.IGNORED
    subtype = event.get("subtype")
    if subtype == "file_share":
        return EventKind.FILE_SHARE
    if subtype is not None:
        return EventKind.IGNORED
    return EventKind.TEXT


def dm_message(
    event: dict[str, Any], event_id: str | None, bot_user_id: str | None, now: datetime
) -> IncomingMessage | None:
    """The employee's DM as a message, or None when ExitBot should ignore the event."""
    kind = classify_message(event, bot_user_id)
    if kind is EventKind.IGNORED:
        return None
    return IncomingMessage(
        user=UserRef(Platform.SLACK, event["user"]),
        text=typed_text(text) if isinstance(text := event.get("text"), str) else "",
        message_id=event_id or f"{event['channel']}:{event['ts']}",
        conversation=ConversationRef(Platform.SLACK, event["channel"]),
        received_at=now,
        has_files=kind is EventKind.FILE_SHARE,
    )


@dataclass(frozen=True, slots=True)
class Click:
    """A button click: the message it stands for, and what to show on the clicked prompt."""

    message: IncomingMessage
    channel: str
    message_ts: str
    label: str
    blocks: list[dict[str, Any]]


def choice_click(body: dict[str, Any], action: dict[str, Any], now: datetime) -> Click | None:
    """A ``block_actions`` click on one of ExitBot's buttons, or None when it is incomplete."""
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    message_ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    user_id = (body.get("user") or {}).get("id")
    value = action.get("value")
    if not (channel and message_ts and user_id and value):
        return None
    message = IncomingMessage(
        user=UserRef(Platform.SLACK, user_id),
        text=value,
        message_id=f"choice:{channel}:{message_ts}",
        conversation=ConversationRef(Platform.SLACK, channel),
        received_at=now,
    )
    label = (action.get("text") or {}).get("text") or value
    blocks = (body.get("message") or {}).get("blocks") or []
    return Click(message, channel, message_ts, label, blocks)
