"""Work that continues after Slack has been answered, kept track of so shutdown can wait."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import structlog

log = structlog.get_logger(__name__)


class BackgroundTasks:
    """Started tasks, held by reference (asyncio keeps only weak ones) until they finish."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coroutine: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coroutine, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def __len__(self) -> int:
        return len(self._tasks)

    async def idle(self) -> None:
        """Return once no task is running (including tasks started meanwhile)."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    async def drain(self, grace_seconds: float) -> None:
        """Wait up to ``grace_seconds``, then cancel what is left.

        A cancelled turn rolls back; its inbox row stays unfinished and is replayed later.
        """
        pending = set(self._tasks)
        if not pending:
            return
        _done, still_running = await asyncio.wait(pending, timeout=grace_seconds)
        for task in still_running:
            task.cancel()
        if still_running:
            log.warning("slack_tasks_cancelled_at_shutdown", count=len(still_running))
            await asyncio.wait(still_running)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error(
                "slack_background_task_failed", task=task.get_name(), exc_info=task.exception()
            )
