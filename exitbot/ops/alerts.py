"""Rate-limited operational alerts: one short message per kind of trouble to OPS_ALERT_WEBHOOK.

Limited per replica, in memory: each replica sees its own failures, and the alert that matters
most (the database is unreachable) could not be coordinated through the database it cannot
reach. With a handful of replicas that is a handful of messages per kind and window at most.
The webhook gets ``{"text": ...}`` (a Slack incoming webhook, or any JSON endpoint); a post
that fails is logged, never raised: alerting must not become one more failure.
"""

from __future__ import annotations

import asyncio
import socket

import aiohttp
import structlog

from exitbot.core.clock import Clock, SystemClock

log = structlog.get_logger(__name__)

ALERT_WINDOW_SECONDS = 15 * 60.0
POST_TIMEOUT_SECONDS = 5.0


class OpsAlerts:
    """``raise_alert`` logs ``ops_alert`` and posts to the webhook, once per kind per window."""

    def __init__(
        self,
        webhook: str | None = None,
        *,
        clock: Clock | None = None,
        window_seconds: float = ALERT_WINDOW_SECONDS,
        timeout_seconds: float = POST_TIMEOUT_SECONDS,
        replica: str | None = None,
    ) -> None:
        self._webhook = webhook
        self._clock: Clock = clock or SystemClock()
        self._window = window_seconds
        self._timeout = timeout_seconds
        self.replica = replica or socket.gethostname()
        self._last_raised: dict[str, float] = {}
        self._posts: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None

    def raise_alert(self, kind: str, text: str) -> bool:
        """Alert about ``kind`` unless it was raised within the window; whether it was.

        Returns at once: the webhook is posted to in the background. ``text`` must hold no
        personal data (it goes to a chat channel and the logs)."""
        now = self._clock.monotonic()
        last = self._last_raised.get(kind)
        if last is not None and now - last < self._window:
            log.debug("ops_alert_suppressed", kind=kind)
            return False
        self._last_raised[kind] = now
        log.error("ops_alert", kind=kind, text=text, replica=self.replica)
        if self._webhook:
            self._post_soon(f"ExitBot alert [{kind}] on {self.replica}: {text}")
        return True

    async def drain(self) -> None:
        """Wait for the posts under way (each is bounded by the timeout)."""
        if self._posts:
            await asyncio.gather(*self._posts, return_exceptions=True)

    async def aclose(self) -> None:
        await self.drain()
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _post_soon(self, message: str) -> None:
        try:
            task = asyncio.get_running_loop().create_task(self._post(message), name="ops-alert")
        except RuntimeError:  # no event loop: the log line is all there is
            log.warning("ops_alert_not_posted", reason="no running event loop")
            return
        self._posts.add(task)
        task.add_done_callback(self._posts.discard)

    async def _post(self, message: str) -> None:
        assert self._webhook is not None
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout)
            )
        try:
            async with self._session.post(self._webhook, json={"text": message}) as response:
                if response.status >= 300:
                    # Not the URL: a webhook URL is a credential.
                    log.warning("ops_alert_not_delivered", status=response.status)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            log.warning("ops_alert_not_delivered", error=type(exc).__name__)
