"""Timing replies end to end: from the moment an event was stored to the moment the platform
accepted the last reply its turn produced.

The pipeline knows when an event was stored and, once its turn committed, which outbox rows
hold the replies; the outbox worker knows when the platform accepted each row. The worker may
send a row before the pipeline has said it is a reply (a pass can run between the commit and
the pipeline's next step), so recent deliveries are remembered too. Both memories are bounded:
a row sent by another replica or given up must not be remembered for ever.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

REMEMBERED = 10_000
V = TypeVar("V")


@dataclass(slots=True)
class _Turn:
    platform: str
    stored_at: float
    waiting: set[int] = field(default_factory=set)
    accepted_at: float = 0.0


class ReplyTimer:
    """Calls ``observe(platform, seconds)`` once per turn whose replies were all accepted.

    Times are ``time.perf_counter()`` readings taken in this process."""

    def __init__(
        self, observe: Callable[[str, float], None], *, remembered: int = REMEMBERED
    ) -> None:
        self._observe = observe
        self._limit = remembered
        self._turns: dict[int, _Turn] = {}
        self._accepted: dict[int, float] = {}

    def expect(self, outbox_ids: Iterable[int], platform: str, stored_at: float) -> None:
        """The turn of an event stored at ``stored_at`` queued ``outbox_ids``."""
        turn = _Turn(platform, stored_at)
        for outbox_id in outbox_ids:
            accepted = self._accepted.pop(outbox_id, None)
            if accepted is None:
                turn.waiting.add(outbox_id)
            else:
                turn.accepted_at = max(turn.accepted_at, accepted)
        if not turn.waiting:
            self._finish(turn)
            return
        for outbox_id in turn.waiting:
            self._turns[outbox_id] = turn
        _trim(self._turns, self._limit)

    def accepted(self, outbox_ids: Iterable[int], at: float) -> None:
        """The platform accepted ``outbox_ids`` at ``at``."""
        for outbox_id in outbox_ids:
            turn = self._turns.pop(outbox_id, None)
            if turn is None:
                self._accepted[outbox_id] = at
                continue
            turn.waiting.discard(outbox_id)
            turn.accepted_at = max(turn.accepted_at, at)
            if not turn.waiting:
                self._finish(turn)
        _trim(self._accepted, self._limit)

    def abandoned(self, outbox_ids: Iterable[int]) -> None:
        """``outbox_ids`` will never be accepted (given up): their turns are not timed."""
        for outbox_id in outbox_ids:
            turn = self._turns.pop(outbox_id, None)
            if turn is not None:
                for other in turn.waiting:
                    self._turns.pop(other, None)
                turn.waiting.clear()

    def _finish(self, turn: _Turn) -> None:
        self._observe(turn.platform, max(0.0, turn.accepted_at - turn.stored_at))


def _trim(remembered: dict[int, V], limit: int) -> None:
    """Forget the oldest entries past ``limit`` (dicts keep insertion order)."""
    excess = len(remembered) - limit
    if excess > 0:
        for key in list(remembered)[:excess]:
            del remembered[key]
