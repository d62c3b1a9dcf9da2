"""What a failed Bot Framework connector call means for the outbox: try again or give up.

Teams throttles bots (429, with Retry-After) and its connector has transient failures (412
under concurrent writes, 5xx at the edge): the outbox retries those. Everything else (403 bot
removed or blocked, 404 conversation gone, 400 malformed) is final.
"""

from __future__ import annotations

from typing import Any

from exitbot.core.outgoing import DeliveryError
from exitbot.core.retry import parse_retry_after

RETRYABLE_STATUSES = frozenset({408, 412, 429, 500, 502, 503, 504})


def status_of(error: BaseException | None) -> int | None:
    """The HTTP status of a failed connector call (msrest's HttpOperationError), if any."""
    response: Any = getattr(error, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None


def delivery_error(what: str, error: BaseException) -> DeliveryError:
    status = status_of(error)
    retryable = status is None or status in RETRYABLE_STATUSES
    return DeliveryError(explain(error, what), retryable=retryable, retry_after=_retry_after(error))


def explain(error: BaseException, what: str) -> str:
    status = status_of(error)
    if status == 403:
        return f"{what}: the bot was removed or blocked in that conversation (403)"
    if status == 404:
        return f"{what}: Teams no longer knows that conversation (404)"
    if status is not None:
        return f"{what} (HTTP {status})"
    return f"{what} ({type(error).__name__})"


def _retry_after(error: BaseException) -> float | None:
    response: Any = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    return parse_retry_after({str(k): str(v) for k, v in dict(headers).items()})
