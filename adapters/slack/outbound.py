"""ExitBot's sending side on Slack: DMs, replies and documents as Block Kit, images as files.

Implements ``exitbot.core.ports.Sender`` for the outbox, which retries what failed: every
failure becomes a ``DeliveryError`` saying whether trying again can help (429 with its
``Retry-After``, 5xx, a dropped connection) or not (the channel is gone, the token revoked).
"""

from __future__ import annotations

from datetime import tzinfo

import structlog
from aiohttp import ClientError
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import Block, SlackMessage, render_reply
from adapters.slack.client import api_error
from adapters.slack.directory import SlackDirectory
from adapters.slack.documents import images, render_document
from adapters.slack.text import FALLBACK_TEXT_LIMIT, plain_label, truncate
from exitbot.core.documents import Document
from exitbot.core.messages import ConversationRef, Platform, Reply, UserRef
from exitbot.core.outgoing import DeliveryError, Destination
from exitbot.core.retry import parse_retry_after

log = structlog.get_logger(__name__)

IMAGE_FILENAME = "exitbot-chart.png"


class SlackOutbound:
    """``Outbound`` for Slack, registered in ``services.outbounds`` when Slack is mounted."""

    platform = Platform.SLACK

    def __init__(self, client: AsyncWebClient, directory: SlackDirectory, tz: tzinfo) -> None:
        self._client = client
        self._directory = directory
        self.tz = tz  # the configured zone; documents arrive with their dates already in it

    async def open_dm(self, user: UserRef) -> ConversationRef:
        """conversations.open with the user: the DM channel the bot can post in."""
        try:
            response = await self._client.conversations_open(users=user.user_id)
        except (SlackClientError, ClientError, TimeoutError) as exc:
            raise delivery_error(f"could not open a DM with {user.user_id}", exc) from exc
        return ConversationRef(Platform.SLACK, response["channel"]["id"])

    async def send(self, destination: Destination, content: Reply | Document) -> None:
        """Deliver a reply or a document; a person is reached in their DM."""
        conversation = (
            await self.open_dm(destination) if isinstance(destination, UserRef) else destination
        )
        if isinstance(content, Document):
            await self.send_document(conversation, content)
        else:
            await self.send_reply(conversation, content)

    async def send_reply(self, conversation: ConversationRef, reply: Reply) -> None:
        """The reply as Block Kit (buttons for choices), with plain fallback text."""
        for message in render_reply(reply):
            await self._post(conversation.conversation_id, message)

    async def send_document(self, conversation: ConversationRef, document: Document) -> None:
        """The document as Block Kit, then its images as files; a failed upload is logged and
        never stops the text."""
        for message in render_document(document):
            await self._post(conversation.conversation_id, message)
        for image in images(document):
            await self._upload_image(conversation.conversation_id, image.png, image.alt)

    async def resolve_user(self, reference: str) -> UserRef | None:
        """A person from ``<@U1>``, ``<@U1|name>``, ``U1`` or an email (users.lookupByEmail)."""
        try:
            profile = await self._directory.resolve(reference)
        except (SlackClientError, ClientError, TimeoutError) as exc:
            raise DeliveryError(f"Slack could not look up {reference!r}: {_why(exc)}") from exc
        return profile.to_user() if profile else None

    async def update_blocks(self, channel_id: str, ts: str, blocks: list[Block]) -> None:
        """Best effort: replace a posted message's blocks (chat.update); failures are logged."""
        text = " ".join(b["text"]["text"] for b in blocks if b.get("type") == "section")
        try:
            await self._client.chat_update(
                channel=channel_id,
                ts=ts,
                text=truncate(text or " ", FALLBACK_TEXT_LIMIT),
                blocks=blocks,
            )
        except (SlackClientError, ClientError, TimeoutError) as exc:
            log.warning("slack_message_not_updated", channel=channel_id, error=_why(exc))

    async def _post(self, channel_id: str, message: SlackMessage) -> None:
        try:
            await self._client.chat_postMessage(
                channel=channel_id,
                text=truncate(message.text, FALLBACK_TEXT_LIMIT),
                blocks=message.blocks or None,
                unfurl_links=False,
                unfurl_media=False,
            )
        except (SlackClientError, ClientError, TimeoutError) as exc:
            raise delivery_error("Slack did not accept the message", exc) from exc

    async def _upload_image(self, channel_id: str, png: bytes, title: str) -> None:
        try:
            await self._client.files_upload_v2(
                channel=channel_id,
                content=png,
                filename=IMAGE_FILENAME,
                title=truncate(plain_label(title), 250),
            )
        except (SlackClientError, ClientError, TimeoutError) as exc:
            log.warning("slack_image_not_uploaded", channel=channel_id, error=_why(exc))


PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "restricted_action",
        "msg_too_long",
        "invalid_blocks",
        "invalid_arguments",
    }
)
"""Slack error codes that no retry can fix."""


def delivery_error(what: str, exc: Exception) -> DeliveryError:
    """``exc`` as a DeliveryError that says whether the outbox should try again."""
    retry_after: float | None = None
    retryable = True
    if isinstance(exc, SlackApiError):
        response = exc.response
        if response.status_code == 429:
            retry_after = parse_retry_after(
                {k: str(v) for k, v in (response.headers or {}).items()}
            )
        elif api_error(exc) in PERMANENT_ERRORS:
            retryable = False
    return DeliveryError(f"{what}: {_why(exc)}", retryable=retryable, retry_after=retry_after)


def _why(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return api_error(exc)
    return type(exc).__name__ if not str(exc) else str(exc)
