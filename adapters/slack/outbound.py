"""ExitBot's sending side on Slack: DMs, replies and documents as Block Kit, images as files.

Implements ``exitbot.core.ports.Outbound``. The Web API client retries 429 (after ``Retry-After``)
and 5xx itself; what still fails becomes a ``DeliveryError`` for the caller to log or show.
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
from exitbot.core.ports import DeliveryError

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
            raise DeliveryError(f"could not open a DM with {user.user_id}: {_why(exc)}") from exc
        return ConversationRef(Platform.SLACK, response["channel"]["id"])

    async def send(self, conversation: ConversationRef, reply: Reply) -> None:
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
            raise DeliveryError(f"Slack did not accept the message: {_why(exc)}") from exc

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


def _why(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return api_error(exc)
    return type(exc).__name__ if not str(exc) else str(exc)
