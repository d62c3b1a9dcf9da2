"""The employee's side of Slack: DM messages and button clicks become engine turns.

Every event is written to the inbox before Slack gets its ack, and the turn runs after the ack
in a background task, so a slow model never makes Slack retry. Turns of one employee run in
arrival order (the user's profile lookup happens inside that order, not before it).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any

import structlog
from aiohttp import ClientError
from slack_sdk.errors import SlackClientError

from adapters.slack.background import BackgroundTasks
from adapters.slack.blocks import chosen_note
from adapters.slack.directory import SlackDirectory
from adapters.slack.inbox_writer import GroupCommitInbox
from adapters.slack.outbound import SlackOutbound
from adapters.slack.traffic import InboundTraffic
from exitbot.core.messages import ConversationRef, IncomingMessage, Platform, Reply, UserRef
from exitbot.core.ports import DeliveryError
from exitbot.delivery.dispatcher import ConversationDispatcher
from exitbot.delivery.inbox import Inbox
from exitbot.store.database import Database, KeyedLocks
from exitbot.store.repository import InboxRepository

log = structlog.get_logger(__name__)

FILE_NOTE = (
    "I can only read text, so I can't open files or images. "
    "Could you type what you wanted to share?"
)
REPLAY_LIMIT = 1000
MAX_CONCURRENT_TURNS = 4
"""Turns running at once. Each holds a database connection (and on SQLite the write lock) for
its transaction; capping them leaves connections free for the inbox writes acks wait on."""


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


class SlackConversations:
    """Turns Slack DM events and choice clicks into ``IncomingMessage``s for the engine."""

    def __init__(
        self,
        *,
        database: Database,
        inbox: Inbox,
        inbox_writer: GroupCommitInbox,
        dispatcher: ConversationDispatcher,
        directory: SlackDirectory,
        outbound: SlackOutbound,
        tasks: BackgroundTasks,
        clock: Callable[[], datetime],
        traffic: InboundTraffic,
        max_concurrent_turns: int = MAX_CONCURRENT_TURNS,
    ) -> None:
        self._database = database
        self._inbox = inbox
        self._inbox_writer = inbox_writer
        self._dispatcher = dispatcher
        self._directory = directory
        self._outbound = outbound
        self._tasks = tasks
        self._clock = clock
        self._order = KeyedLocks()
        self._turn_slots = asyncio.Semaphore(max_concurrent_turns)
        self._traffic = traffic

    # --- called by Bolt before it acks ---------------------------------------------------

    async def on_message_event(
        self, event: dict[str, Any], event_id: str | None, bot_user_id: str | None
    ) -> None:
        """Store a DM in the inbox and schedule its turn; redeliveries do nothing."""
        kind = classify_message(event, bot_user_id)
        if kind is EventKind.IGNORED:
            return
        message = IncomingMessage(
            user=UserRef(Platform.SLACK, event["user"]),
            text=event.get("text") or "",
            message_id=event_id or f"{event['channel']}:{event['ts']}",
            conversation=ConversationRef(Platform.SLACK, event["channel"]),
            received_at=self._clock(),
        )
        if kind is EventKind.FILE_SHARE and not message.text.strip():
            self._tasks.spawn(self._note_file_only(message), name="slack-file-note")
            return
        if not await self._inbox_writer.record(message):
            log.info("slack_event_redelivered", event_id=message.message_id)
            return
        note = kind is EventKind.FILE_SHARE
        self._tasks.spawn(self.run_turn(message, file_note=note), name="slack-turn")

    async def on_choice(self, body: dict[str, Any], action: dict[str, Any]) -> None:
        """A button click, as if the employee had typed the button's word.

        Its id is the message the buttons belong to, so a resent or repeated click on the
        same prompt is one answer only.
        """
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
            "channel_id"
        )
        container = body.get("container") or {}
        message_ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
        user_id = (body.get("user") or {}).get("id")
        value = action.get("value")
        if not (channel and message_ts and user_id and value):
            log.warning("slack_choice_incomplete", action=action.get("action_id"))
            return
        message = IncomingMessage(
            user=UserRef(Platform.SLACK, user_id),
            text=value,
            message_id=f"choice:{channel}:{message_ts}",
            conversation=ConversationRef(Platform.SLACK, channel),
            received_at=self._clock(),
        )
        if not await self._inbox_writer.record(message):
            log.info("slack_choice_repeated", message_ts=message_ts)
            return
        label = (action.get("text") or {}).get("text") or value
        original = (body.get("message") or {}).get("blocks") or []
        self._tasks.spawn(
            self._mark_chosen(channel, message_ts, original, label), name="slack-choice-note"
        )
        self._tasks.spawn(self.run_turn(message), name="slack-choice-turn")

    # --- after the ack -------------------------------------------------------------------

    async def run_turn(self, message: IncomingMessage, *, file_note: bool = False) -> None:
        """The turn, in this employee's arrival order; replies are posted by the dispatcher."""
        async with self._order.hold(message.user.user_id), self._turn_slots:
            await self._traffic.give_way()
            if file_note and message.conversation is not None:
                await self._say(message.conversation, FILE_NOTE)
            await self._dispatcher.process(await self._with_profile(message))

    async def replay_unfinished(self) -> int:
        """Run Slack events that were acked but never finished (e.g. the process died)."""
        messages = [
            m
            for m in await self._inbox.unfinished(limit=REPLAY_LIMIT)
            if m.user.platform is Platform.SLACK
        ]
        for message in messages:
            try:
                await self.run_turn(message)
            except Exception:
                log.exception("slack_replay_failed", event_id=message.message_id)
        if messages:
            log.info("slack_inbox_replayed", count=len(messages))
        return len(messages)

    async def _with_profile(self, message: IncomingMessage) -> IncomingMessage:
        """The message with the sender's name, email and timezone (users.info, cached)."""
        try:
            profile = await self._directory.profile(message.user.user_id)
        except (SlackClientError, ClientError, TimeoutError) as exc:
            log.warning("slack_profile_unavailable", user=message.user.user_id, error=str(exc))
            return message
        if profile is None:
            return message
        conversation = message.conversation
        if conversation is not None and profile.timezone:
            # The employee's own timezone travels with their stored conversation reference.
            conversation = dataclasses.replace(
                conversation, extra={**conversation.extra, "timezone": profile.timezone}
            )
        return dataclasses.replace(message, user=profile.to_user(), conversation=conversation)

    async def _note_file_only(self, message: IncomingMessage) -> None:
        first_time = await self._database.transaction(
            lambda session: InboxRepository(session).claim_for_turn(
                Platform.SLACK.value, message.message_id, self._clock()
            )
        )
        if first_time and message.conversation is not None:
            await self._say(message.conversation, FILE_NOTE)

    async def _say(self, conversation: ConversationRef, text: str) -> None:
        try:
            await self._outbound.send(conversation, Reply(text))
        except DeliveryError as exc:
            log.error("slack_note_not_delivered", error=str(exc))

    async def _mark_chosen(
        self, channel: str, message_ts: str, blocks: list[dict[str, Any]], label: str
    ) -> None:
        """Swap the clicked prompt's buttons for "You chose: …" so they cannot be reused."""
        kept = [b for b in blocks if b.get("type") != "actions"]
        await self._outbound.update_blocks(channel, message_ts, [*kept, chosen_note(label)])
