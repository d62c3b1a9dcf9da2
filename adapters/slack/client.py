"""The Slack Web API client every part of the adapter shares.

The SDK's own retries are off: outgoing messages are retried by the outbox (honouring
Slack's ``Retry-After``), and a lookup that fails is reported to whoever asked.
``SLACK_API_URL`` is the base URL, so tests reach a local fake. Given an HTTP session, the
client keeps its connections open between calls; without one the SDK opens (and, for
slack.com, handshakes TLS on) a new connection for every call.
"""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from exitbot.config import Settings

REQUEST_TIMEOUT_SECONDS = 10


def build_web_client(
    settings: Settings, session: aiohttp.ClientSession | None = None
) -> AsyncWebClient:
    """The bot-token client pointed at ``settings.slack_api_url``."""
    token = settings.slack_bot_token
    if token is None:
        raise ValueError("SLACK_BOT_TOKEN is required for the Slack adapter")
    return AsyncWebClient(
        token=token.get_secret_value(),
        base_url=api_base_url(settings.slack_api_url),
        timeout=REQUEST_TIMEOUT_SECONDS,
        retry_handlers=[],
        session=session,
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
