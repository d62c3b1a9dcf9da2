"""Sending to the Bot Framework connector with one retry policy (429/412/502/504, Retry-After).

Teams throttles bots (429) and its connector has transient failures (412 under concurrent
writes, 502/504 at the edge). Everything else (403 bot removed, 404 conversation gone, ...)
is final and becomes a DeliveryError straight away.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import structlog
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

log = structlog.get_logger(__name__)

RETRYABLE_STATUSES = frozenset({412, 429, 502, 504})
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try one connector call; ``sleep`` is injectable so tests need not wait."""

    attempts: int = 5
    first_delay: float = 0.5
    max_delay: float = 30.0
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)

    async def call(self, operation: Callable[[], Awaitable[T]], *, what: str) -> T:
        """Run ``operation``, retrying retryable connector failures; re-raise the last one."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.attempts),
            wait=self._wait,
            retry=retry_if_exception(is_retryable),
            sleep=self.sleep,
            reraise=True,
            before_sleep=lambda state: log.warning(
                "teams_send_retry",
                what=what,
                attempt=state.attempt_number,
                status=status_of(state.outcome.exception() if state.outcome else None),
            ),
        )
        async for attempt in retrying:
            with attempt:
                return await operation()
        raise AssertionError("unreachable: tenacity re-raises the last failure")

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        requested = retry_after_seconds(error)
        if requested is not None:
            return min(requested, self.max_delay)
        backoff = self.first_delay * 2 ** (state.attempt_number - 1)
        return min(backoff + random.uniform(0, self.first_delay), self.max_delay)


def status_of(error: BaseException | None) -> int | None:
    """The HTTP status of a failed connector call (msrest's HttpOperationError), if any."""
    response: Any = getattr(error, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None


def is_retryable(error: BaseException) -> bool:
    return status_of(error) in RETRYABLE_STATUSES


def retry_after_seconds(error: BaseException | None) -> float | None:
    """The server's Retry-After (delta-seconds or an HTTP date), when it sent one."""
    response: Any = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    value = headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
