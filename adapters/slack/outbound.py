"""ExitBot's sending side on Slack: DMs, replies as Block Kit, digests with a chart.

Implements ``exitbot.core.ports.Outbound``. The Web API client retries 429 (after ``Retry-After``)
and 5xx itself; what still fails becomes a ``DeliveryError`` for the caller to log or show.
"""

from __future__ import annotations

from datetime import tzinfo

import structlog
from aiohttp import ClientError
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import MAX_BLOCKS, Block, SlackMessage, render_reply
from adapters.slack.client import api_error
from adapters.slack.directory import SlackDirectory
from adapters.slack.text import FALLBACK_TEXT_LIMIT, truncate
from exitbot.core.messages import ConversationRef, Platform, Reply, UserRef
from exitbot.core.ports import DeliveryError
from exitbot.digest.blocks import digest_to_blocks
from exitbot.digest.builder import Digest
from exitbot.digest.text import period_label

log = structlog.get_logger(__name__)

CHART_FILENAME = "exitbot-digest.png"


class SlackOutbound:
    """``Outbound`` for Slack, registered in ``services.outbounds`` when Slack is mounted."""

    platform = Platform.SLACK

    def __init__(self, client: AsyncWebClient, directory: SlackDirectory, tz: tzinfo) -> None:
        self._client = client
        self._directory = directory
        self._tz = tz

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

    async def post_digest(
        self, channel: ConversationRef, digest: Digest, chart_png: bytes | None = None
    ) -> None:
        """The digest as Block Kit, then the chart; a failed upload never stops the digest."""
        blocks = digest_to_blocks(digest, self._tz)
        text = truncate(f"ExitBot digest: {period_label(digest.period, self._tz)}", 150)
        for start in range(0, max(len(blocks), 1), MAX_BLOCKS):
            await self._post(
                channel.conversation_id, SlackMessage(text, blocks[start : start + MAX_BLOCKS])
            )
        if chart_png:
            await self._upload_chart(channel.conversation_id, chart_png, text)

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

    async def _upload_chart(self, channel_id: str, png: bytes, title: str) -> None:
        try:
            await self._client.files_upload_v2(
                channel=channel_id, content=png, filename=CHART_FILENAME, title=title
            )
        except (SlackClientError, ClientError, TimeoutError) as exc:
            log.warning("digest_chart_not_uploaded", channel=channel_id, error=_why(exc))


def _why(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return api_error(exc)
    return type(exc).__name__ if not str(exc) else str(exc)
