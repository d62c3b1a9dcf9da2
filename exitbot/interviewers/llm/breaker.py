"""A per-provider circuit breaker: closed, open, half-open with exactly one probe.

Written in-house rather than taken from PyPI: the maintained breakers (pybreaker, circuitbreaker,
purgatory) either read the wall clock directly (no injectable clock, so tests would sleep), or
let every caller through once the cool-down has passed instead of a single half-open probe, or
need Redis/Tornado. The whole state machine is a few dozen lines of synchronous code: asyncio
runs it on one thread and no ``await`` sits between a check and its update, so it needs no lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from exitbot.core.clock import Clock, SystemClock
from exitbot.interviewers.llm.errors import CircuitOpenError


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True, slots=True)
class Permit:
    """Leave to make one call; hand it back with ``record_success`` or ``record_failure``."""

    probe: bool
    generation: int


class CircuitBreaker:
    """Opens after ``failure_threshold`` consecutive failures; after ``cool_down`` seconds one
    probe call is let through (every other caller is refused meanwhile); its outcome closes the
    circuit or opens it again for another cool-down."""

    def __init__(
        self,
        name: str,
        *,
        failure_threshold: int = 5,
        cool_down: float = 30.0,
        clock: Clock | None = None,
        on_change: Callable[[str, BreakerState], None] | None = None,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self.name = name
        self._threshold = failure_threshold
        self._cool_down = cool_down
        self._clock: Clock = clock or SystemClock()
        self._on_change = on_change
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probe_out = False
        # A permit issued before the last state change must not decide the new state.
        self._generation = 0

    @property
    def state(self) -> BreakerState:
        """The state as a caller would see it now (open turns half-open once cooled down)."""
        if self._state is BreakerState.OPEN and self._cooled_down():
            return BreakerState.HALF_OPEN
        return self._state

    def allows(self) -> bool:
        """Whether ``acquire`` would succeed now, without taking anything."""
        state = self.state
        return state is BreakerState.CLOSED or (
            state is BreakerState.HALF_OPEN and not self._probe_out
        )

    def acquire(self) -> Permit:
        """A permit to call, or CircuitOpenError. In half-open only the first caller gets one."""
        if self._state is BreakerState.CLOSED:
            return Permit(probe=False, generation=self._generation)
        if self._state is BreakerState.OPEN:
            if not self._cooled_down():
                raise CircuitOpenError(self.name)
            self._set(BreakerState.HALF_OPEN)
        if self._probe_out:
            raise CircuitOpenError(self.name)
        self._probe_out = True
        return Permit(probe=True, generation=self._generation)

    def record_success(self, permit: Permit) -> None:
        if permit.generation != self._generation:
            return
        self._failures = 0
        if permit.probe or self._state is not BreakerState.CLOSED:
            self._probe_out = False
            self._set(BreakerState.CLOSED)

    def release(self, permit: Permit) -> None:
        """Hand back a permit unused (the call was cancelled or never made): no verdict."""
        if permit.probe and permit.generation == self._generation:
            self._probe_out = False

    def record_failure(self, permit: Permit) -> None:
        if permit.generation != self._generation:
            return
        if permit.probe:
            self._probe_out = False
            self._open()
            return
        self._failures += 1
        if self._failures >= self._threshold:
            self._open()

    def _open(self) -> None:
        self._opened_at = self._clock.monotonic()
        self._failures = 0
        self._set(BreakerState.OPEN)

    def _cooled_down(self) -> bool:
        return self._clock.monotonic() - self._opened_at >= self._cool_down

    def _set(self, state: BreakerState) -> None:
        if state is self._state:
            return
        self._state = state
        self._generation += 1
        if self._on_change is not None:
            self._on_change(self.name, state)
