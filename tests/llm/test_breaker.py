"""The circuit breaker's state machine, on a manual clock."""

from __future__ import annotations

import asyncio

import pytest

from exitbot.interviewers.llm.breaker import BreakerState, CircuitBreaker
from exitbot.interviewers.llm.errors import CircuitOpenError
from tests.conftest import FakeClock


def breaker(clock: FakeClock, threshold: int = 3, cool_down: float = 10.0) -> CircuitBreaker:
    return CircuitBreaker("p", failure_threshold=threshold, cool_down=cool_down, clock=clock)


def fail(b: CircuitBreaker, times: int) -> None:
    for _ in range(times):
        b.record_failure(b.acquire())


def test_opens_after_threshold_consecutive_failures() -> None:
    clock = FakeClock()
    b = breaker(clock)
    fail(b, 2)
    b.record_success(b.acquire())  # a success resets the count
    fail(b, 2)
    assert b.state is BreakerState.CLOSED
    fail(b, 1)
    assert b.state is BreakerState.OPEN
    with pytest.raises(CircuitOpenError):
        b.acquire()


def test_half_open_after_cool_down_lets_exactly_one_probe() -> None:
    clock = FakeClock()
    b = breaker(clock)
    fail(b, 3)
    clock.advance(9.9)
    assert not b.allows()
    clock.advance(0.1)
    assert b.state is BreakerState.HALF_OPEN
    probe = b.acquire()
    assert probe.probe
    with pytest.raises(CircuitOpenError):
        b.acquire()
    b.record_success(probe)
    assert b.state is BreakerState.CLOSED
    assert not b.acquire().probe


def test_failed_probe_reopens_for_a_full_cool_down() -> None:
    clock = FakeClock()
    b = breaker(clock)
    fail(b, 3)
    clock.advance(10)
    b.record_failure(b.acquire())
    assert b.state is BreakerState.OPEN
    clock.advance(9)
    with pytest.raises(CircuitOpenError):
        b.acquire()
    clock.advance(1)
    assert b.acquire().probe


def test_released_probe_can_be_taken_again() -> None:
    clock = FakeClock()
    b = breaker(clock)
    fail(b, 3)
    clock.advance(10)
    b.release(b.acquire())
    assert b.state is BreakerState.HALF_OPEN
    assert b.acquire().probe


def test_stale_permits_do_not_decide_the_new_state() -> None:
    clock = FakeClock()
    b = breaker(clock, threshold=1)
    early = b.acquire()
    fail(b, 1)  # opens
    b.record_success(early)  # an old call finishing late must not close the circuit
    assert b.state is BreakerState.OPEN


def test_state_changes_are_reported() -> None:
    clock = FakeClock()
    seen: list[BreakerState] = []
    b = CircuitBreaker(
        "p", failure_threshold=1, cool_down=1, clock=clock, on_change=lambda _, s: seen.append(s)
    )
    fail(b, 1)
    clock.advance(1)
    b.record_success(b.acquire())
    assert seen == [BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.CLOSED]


async def test_exactly_one_probe_under_concurrency() -> None:
    clock = FakeClock()
    b = breaker(clock)
    fail(b, 3)
    clock.advance(10)
    callers = 50
    decided = asyncio.Barrier(callers + 1)  # every caller has asked for a permit
    release = asyncio.Event()
    calls = 0

    async def guarded_call() -> str:
        nonlocal calls
        try:
            permit = b.acquire()
        except CircuitOpenError:
            await decided.wait()
            return "refused"
        calls += 1
        await decided.wait()
        await release.wait()
        b.record_success(permit)
        return "called"

    tasks = [asyncio.create_task(guarded_call()) for _ in range(callers)]
    await decided.wait()  # all fifty asked while the probe was still out
    release.set()
    results = await asyncio.gather(*tasks)
    assert calls == 1
    assert results.count("called") == 1
    assert b.state is BreakerState.CLOSED
