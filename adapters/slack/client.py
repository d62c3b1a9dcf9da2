"""The Slack Web API client every part of the adapter shares.

The SDK's own retries are off: outgoing messages are retried by the outbox (honouring
Slack's ``Retry-After``), and a lookup that fails is reported to whoever asked.
``SLACK_API_URL`` is the base URL, so tests reach a local fake. Given an HTTP session, the
client keeps its connections open between calls; without one the SDK opens (and, for
slack.com, handshakes TLS on) a new connection for every call. Every refused call is
reported to ``on_refused`` with Slack's error code, wherever in the adapter it was made (so a
revoked token is noticed by ops whichever call meets it first).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from exitbot.config import Settings

REQUEST_TIMEOUT_SECONDS = 10


class WatchedWebClient(AsyncWebClient):
    """``AsyncWebClient`` that reports the error code of every call Slack refuses."""

    def __init__(self, *, on_refused: Callable[[str], None] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_refused = on_refused

    async def api_call(self, api_method: str, **kwargs: Any) -> AsyncSlackResponse:
        try:
            return await super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            if self._on_refused is not None:
                self._on_refused(api_error(exc))
            raise


def build_web_client(
    settings: Settings,
    session: aiohttp.ClientSession | None = None,
    *,
    on_refused: Callable[[str], None] | None = None,
) -> AsyncWebClient:
    """The bot-token client pointed at ``settings.slack_api_url``."""
    token = settings.slack_bot_token
    if token is None:
        raise ValueError("SLACK_BOT_TOKEN is required for the Slack adapter")
    return WatchedWebClient(
        token=token.get_secret_value(),
        base_url=api_base_url(settings.slack_api_url),
        timeout=REQUEST_TIMEOUT_SECONDS,
        retry_handlers=[],
        session=session,
        on_refused=on_refused,
    )


def api_base_url(url: str) -> str:
    """The SDK joins method names onto the base URL, so it must end with a slash."""
    return url if url.endswith("/") else url + "/"


def api_error(exc: SlackApiError) -> str:
    """Slack's error code (``channel_not_found``), or the HTTP status when the body had none."""
    data = exc.response.data
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return f"HTTP {exc.response.status_code}"
