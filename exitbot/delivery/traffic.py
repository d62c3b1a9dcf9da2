"""Acks first: background turns give way while platform requests are being acknowledged.

Acks and turns share one event loop. A turn (database work, rendering, posting the reply)
costs several times the CPU of an ack, so during a burst of events each turn waits until
no request is in flight, up to ``max_deferral`` seconds, which keeps acks fast in a burst
and still lets turns through under sustained load.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager, suppress

MAX_DEFERRAL_SECONDS = 0.5


class InboundTraffic:
    """How many platform requests (Slack events, Teams activities) are being acknowledged."""

    def __init__(self, max_deferral: float = MAX_DEFERRAL_SECONDS) -> None:
        self._max_deferral = max_deferral
        self._in_flight = 0
        self._quiet = asyncio.Event()
        self._quiet.set()

    @contextmanager
    def acknowledging(self) -> Iterator[None]:
        self._in_flight += 1
        self._quiet.clear()
        try:
            yield
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._quiet.set()

    async def give_way(self) -> None:
        """Return when no request is in flight, or after ``max_deferral`` at the latest."""
        if self._quiet.is_set():
            return
        with suppress(TimeoutError):
            async with asyncio.timeout(self._max_deferral):
                await self._quiet.wait()
