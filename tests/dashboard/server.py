"""ExitBot as ``exitbot serve`` builds it, with the dashboard, served from a thread of its own:
the browser tests drive Chromium through synchronous WebDriver calls while the app's event
loop keeps serving. Slack is the fake Web API, so reminders and cancellations are delivered."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from typing import Any, TypeVar

from aiohttp import web

from adapters.slack.plugin import SlackPlugin
from exitbot.bootstrap import ExitBot, bootstrap
from exitbot.store.tokens import TokenRole
from exitbot.web.api import dispatch, me
from exitbot.web.app import create_app
from exitbot.web.dashboard import dashboard_routes
from tests.conftest import FakeClock
from tests.fakes.slack_api import FakeSlackApi
from tests.hosting import hosted
from tests.slack.harness import slack_settings

T = TypeVar("T")
TIMEOUT = 120.0


def _has_route(app: web.Application, method: str, path: str) -> bool:
    return any(
        route.method == method and route.resource is not None and route.resource.canonical == path
        for route in app.router.routes()
    )


def with_dashboard(app: web.Application, bot: ExitBot) -> web.Application:
    """``app`` with the dashboard's routes and ``GET /api/me``, unless it already has them."""
    if not _has_route(app, "GET", "/api/me"):
        app.router.add_routes(dispatch.routes(bot, me.ENDPOINTS))
    if not _has_route(app, "GET", "/"):
        app.router.add_routes(dashboard_routes(bot))
    return app


class DashboardServer:
    """Start with ``start()``; ``run(coroutine)`` runs on the server's loop (seeding, revoking
    a token) and returns its result; ``stop()`` shuts the app down gracefully."""

    def __init__(self, database_url: str, clock: FakeClock, **settings: Any) -> None:
        self.database_url = database_url
        self.clock = clock
        self.settings = settings
        self.url = ""
        self.admin = ""
        self.viewer = ""
        self._bot: ExitBot | None = None
        self._slack: FakeSlackApi | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._stack = AsyncExitStack()

    @property
    def bot(self) -> ExitBot:
        assert self._bot is not None, "start() first"
        return self._bot

    @property
    def slack(self) -> FakeSlackApi:
        assert self._slack is not None, "start() first"
        return self._slack

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = TIMEOUT) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def start(self) -> DashboardServer:
        self._thread.start()
        self.run(self._up())
        return self

    def stop(self) -> None:
        try:
            self.run(self._stack.aclose())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop.close()

    async def _up(self) -> None:
        slack = self._slack = await self._stack.enter_async_context(FakeSlackApi())
        self._bot = await bootstrap(
            slack_settings(self.database_url, slack, **self.settings),
            clock=self.clock,
            plugins=[SlackPlugin()],
        )
        app = with_dashboard(create_app(self._bot, scheduler=False), self._bot)
        self.url = await self._stack.enter_async_context(hosted(app))
        self.admin = await self.token("hr-lead", TokenRole.HR_ADMIN)
        self.viewer = await self.token("analyst", TokenRole.HR_VIEWER)

    async def token(self, name: str, role: TokenRole) -> str:
        return await self.bot.tokens.create(name, role, self.clock.now())
