"""The Slack Web API client every part of the adapter shares, with retries that honour Slack.

429 answers are retried after their ``Retry-After``; 500/503 and dropped connections are
retried with backoff. ``SLACK_API_URL`` is the base URL, so tests reach a local fake.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from exitbot.config import Settings

RATE_LIMIT_RETRIES = 3
SERVER_ERROR_RETRIES = 2
CONNECTION_ERROR_RETRIES = 2
REQUEST_TIMEOUT_SECONDS = 30


def build_web_client(settings: Settings) -> AsyncWebClient:
    """The bot-token client pointed at ``settings.slack_api_url``."""
    token = settings.slack_bot_token
    if token is None:
        raise ValueError("SLACK_BOT_TOKEN is required for the Slack adapter")
    return AsyncWebClient(
        token=token.get_secret_value(),
        base_url=api_base_url(settings.slack_api_url),
        timeout=REQUEST_TIMEOUT_SECONDS,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=CONNECTION_ERROR_RETRIES),
            AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
            AsyncServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
        ],
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
