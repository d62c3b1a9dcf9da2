"""The one retry policy for a provider call: exponential backoff with jitter, or exactly the wait
the server asked for (``retry-after`` / ``retry-after-ms``) when that fits under a cap.

A wait longer than the cap, or one that would overrun the call's deadline, ends the retries at
once so the next provider can answer instead of the employee waiting.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type
from tenacity.stop import stop_base

from exitbot.core.retry import RetryPolicy, parse_retry_after
from exitbot.interviewers.llm.errors import RetryableProviderError

__all__ = ["RetryPolicy", "Sleep", "call_with_retries", "parse_retry_after"]

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]


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
        wait=lambda state: policy.wait(state.attempt_number, _requested_wait(state)),
        retry=retry_if_exception_type(RetryableProviderError),
        sleep=sleep,
        reraise=True,
    )
    async for attempt_state in retrying:
        with attempt_state:
            return await attempt()
    raise AssertionError("unreachable: tenacity either returns or re-raises")  # pragma: no cover


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
