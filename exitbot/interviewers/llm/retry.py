"""The one retry policy for a provider call: exponential backoff with jitter, or exactly the wait
the server asked for (``retry-after`` / ``retry-after-ms``) when that fits under a cap.

A wait longer than the cap, or one that would overrun the call's deadline, ends the retries at
once so the next provider can answer instead of the employee waiting.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type
from tenacity.stop import stop_base

from exitbot.interviewers.llm.errors import RetryableProviderError

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try one provider before moving on."""

    max_attempts: int = 3
    initial_backoff: float = 0.25
    max_backoff: float = 4.0
    jitter: float = 0.25
    retry_after_cap: float = 5.0

    def wait_for(self, retry_state: RetryCallState) -> float:
        """The server's requested wait if it gave one, else exponential backoff with jitter."""
        requested = _requested_wait(retry_state)
        if requested is not None:
            return requested
        exponent = max(0, retry_state.attempt_number - 1)
        backoff = min(self.max_backoff, self.initial_backoff * 2**exponent)
        return backoff + random.uniform(0, self.jitter)


async def call_with_retries(
    policy: RetryPolicy,
    attempt: Callable[[], Awaitable[T]],
    *,
    deadline: float,
    sleep: Sleep = asyncio.sleep,
    now: Callable[[], float] = time.monotonic,
) -> T:
    """``attempt()``'s result, retrying RetryableProviderError within ``policy`` and ``deadline``.

    Re-raises the last error when the policy gives up; any other exception passes straight through.
    """
    retrying = AsyncRetrying(
        stop=_StopPolicy(policy, deadline, now),
        wait=policy.wait_for,
        retry=retry_if_exception_type(RetryableProviderError),
        sleep=sleep,
        reraise=True,
    )
    async for attempt_state in retrying:
        with attempt_state:
            return await attempt()
    raise AssertionError("unreachable: tenacity either returns or re-raises")  # pragma: no cover


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from ``retry-after-ms`` (preferred, more precise) or ``retry-after``
    (seconds or an HTTP date). None when absent or unreadable. Header names are case-insensitive."""
    lowered = {k.lower(): v for k, v in headers.items()}
    millis = lowered.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000.0)
        except ValueError:
            pass
    value = lowered.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return max(0.0, email.utils.mktime_tz(parsed) - time.time())


class _StopPolicy(stop_base):
    """Stop after ``max_attempts``, on a requested wait above the cap, or past the deadline."""

    def __init__(self, policy: RetryPolicy, deadline: float, now: Callable[[], float]) -> None:
        self._policy = policy
        self._deadline = deadline
        self._now = now

    def __call__(self, retry_state: RetryCallState) -> bool:
        if retry_state.attempt_number >= self._policy.max_attempts:
            return True
        requested = _requested_wait(retry_state)
        if requested is not None and requested > self._policy.retry_after_cap:
            return True
        return self._now() + retry_state.upcoming_sleep >= self._deadline


def _requested_wait(retry_state: RetryCallState) -> float | None:
    outcome = retry_state.outcome
    if outcome is None or not outcome.failed:
        return None
    error = outcome.exception()
    return getattr(error, "retry_after", None)
