"""The one source of time: wall-clock instants (UTC) and a monotonic scale for durations.

Everything that asks "what time is it?" gets a ``Clock``, so tests move time instead of
sleeping and every part of one process agrees on the time.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds on a scale that never goes back (for timeouts and cool-downs)."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()
