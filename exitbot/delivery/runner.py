"""The one background runner: work that continues after a request was answered.

Turns after their ack, slash commands, button bookkeeping and the outbox worker all run as
jobs of one ``aiojobs`` scheduler, so a replica that stops waits for them in one place (up
to a grace period) and a job that fails is logged in one place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import aiojobs
import structlog

log = structlog.get_logger(__name__)


class BackgroundRunner:
    def __init__(self, *, close_timeout: float = 2.0) -> None:
        self._scheduler = aiojobs.Scheduler(
            limit=None, close_timeout=close_timeout, exception_handler=_log_failure
        )
        self._running = 0
        self._quiet = asyncio.Event()
        self._quiet.set()

    async def spawn(self, work: Coroutine[Any, Any, Any], name: str) -> None:
        """Run ``work`` in the background; its failure is logged, never raised here."""
        self._running += 1
        self._quiet.clear()
        try:
            await self._scheduler.spawn(self._tracked(work), name=name)
        except BaseException:
            work.close()
            self._finished()
            raise

    async def spawn_service(self, work: Coroutine[Any, Any, Any], name: str) -> None:
        """Run a loop that lasts as long as the process (the outbox worker); ``idle`` does
        not wait for it, ``close`` does."""
        await self._scheduler.spawn(work, name=name)

    @property
    def running(self) -> int:
        return self._running

    async def idle(self) -> None:
        """Return once no job is running, including jobs started meanwhile (services aside)."""
        await self._quiet.wait()

    async def _tracked(self, work: Coroutine[Any, Any, Any]) -> Any:
        try:
            return await work
        finally:
            self._finished()

    def _finished(self) -> None:
        self._running -= 1
        if self._running == 0:
            self._quiet.set()

    async def close(self, grace_seconds: float) -> None:
        """Wait up to ``grace_seconds`` for running jobs, then cancel what is left.

        A cancelled turn rolls back; its inbox row stays unfinished and is replayed later.
        """
        if self._scheduler.closed:
            return
        if len(self._scheduler):
            log.info("background_jobs_draining", jobs=len(self._scheduler))
        await self._scheduler.wait_and_close(grace_seconds)


def _log_failure(_scheduler: aiojobs.Scheduler, context: dict[str, Any]) -> None:
    job = context.get("job")
    log.error(
        "background_job_failed",
        job=job.get_name() if job is not None else None,
        exc_info=context.get("exception"),
    )
