"""The retry policy: backoff, retry-after within a cap, deadline, attempts."""

from __future__ import annotations

import time
from email.utils import formatdate

import pytest

from exitbot.interviewers.llm.errors import FatalProviderError, RetryableProviderError
from exitbot.interviewers.llm.retry import RetryPolicy, call_with_retries, parse_retry_after


class RecordingSleep:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def failing(*errors: Exception):  # type: ignore[no-untyped-def]
    remaining = list(errors)
    calls = []

    async def attempt() -> str:
        calls.append(1)
        if remaining:
            raise remaining.pop(0)
        return "ok"

    return attempt, calls


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "1"}, 1.0),
        ({"Retry-After": "2.5"}, 2.5),
        ({"retry-after-ms": "150"}, 0.15),
        ({"retry-after-ms": "150", "retry-after": "9"}, 0.15),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(headers) == expected


def test_parse_retry_after_http_date() -> None:
    value = parse_retry_after({"retry-after": formatdate(time.time() + 30, usegmt=True)})
    assert value is not None and 28 <= value <= 31


async def test_server_requested_wait_is_used_exactly() -> None:
    sleep = RecordingSleep()
    attempt, calls = failing(
        RetryableProviderError("p", "429", retry_after=1.0),
        RetryableProviderError("p", "429", retry_after=1.0),
    )
    result = await call_with_retries(
        RetryPolicy(), attempt, deadline=time.monotonic() + 60, sleep=sleep
    )
    assert result == "ok"
    assert len(calls) == 3
    assert sleep.waits == [1.0, 1.0]


async def test_backoff_grows_without_retry_after() -> None:
    sleep = RecordingSleep()
    attempt, _ = failing(RetryableProviderError("p", "500"), RetryableProviderError("p", "500"))
    policy = RetryPolicy(max_attempts=3, initial_backoff=0.5, max_backoff=10, jitter=0)
    await call_with_retries(policy, attempt, deadline=time.monotonic() + 60, sleep=sleep)
    assert sleep.waits == [0.5, 1.0]


async def test_wait_above_cap_gives_up_at_once() -> None:
    sleep = RecordingSleep()
    attempt, calls = failing(RetryableProviderError("p", "429", retry_after=30))
    with pytest.raises(RetryableProviderError):
        await call_with_retries(
            RetryPolicy(retry_after_cap=5), attempt, deadline=time.monotonic() + 60, sleep=sleep
        )
    assert len(calls) == 1
    assert sleep.waits == []


async def test_wait_past_deadline_gives_up() -> None:
    sleep = RecordingSleep()
    attempt, calls = failing(RetryableProviderError("p", "429", retry_after=2))
    with pytest.raises(RetryableProviderError):
        await call_with_retries(RetryPolicy(), attempt, deadline=time.monotonic() + 1, sleep=sleep)
    assert len(calls) == 1


async def test_attempts_are_bounded() -> None:
    sleep = RecordingSleep()
    attempt, calls = failing(*[RetryableProviderError("p", "500") for _ in range(10)])
    with pytest.raises(RetryableProviderError):
        await call_with_retries(
            RetryPolicy(max_attempts=4, jitter=0),
            attempt,
            deadline=time.monotonic() + 60,
            sleep=sleep,
        )
    assert len(calls) == 4


async def test_fatal_errors_are_not_retried() -> None:
    attempt, calls = failing(FatalProviderError("p", "401"))
    with pytest.raises(FatalProviderError):
        await call_with_retries(RetryPolicy(), attempt, deadline=time.monotonic() + 60)
    assert len(calls) == 1
