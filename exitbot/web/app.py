"""Builds the aiohttp application that ``exitbot serve`` runs: health, readiness, and the
routes of every enabled chat platform; ExitBot starts and stops with the application."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from exitbot.bootstrap import ExitBot
from exitbot.web import api
from exitbot.web.dashboard import dashboard_routes
from exitbot.web.metrics import metrics_routes
from exitbot.web.request_log import request_context

EXITBOT_KEY = web.AppKey("exitbot", ExitBot)
MAX_BODY_BYTES = 1024**2


def create_app(bot: ExitBot, *, scheduler: bool = True) -> web.Application:
    """The web app for ``bot``; ``scheduler`` False leaves the scheduled jobs off (tests)."""
    app = web.Application(
        client_max_size=MAX_BODY_BYTES, middlewares=[request_context, api.middleware]
    )
    app[EXITBOT_KEY] = bot
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_routes(metrics_routes(bot))
    app.router.add_routes(api.api_routes(bot))
    app.router.add_routes(dashboard_routes(bot))
    for adapter in bot.platforms.values():
        app.router.add_routes(adapter.routes())

    async def lifespan(_app: web.Application) -> AsyncIterator[None]:
        await bot.start(scheduler=scheduler)
        try:
            yield
        finally:
            await bot.close()

    app.cleanup_ctx.append(lifespan)
    return app


async def healthz(request: web.Request) -> web.Response:
    """Liveness: the process answers."""
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """Readiness: the database answers (a run of failures is reported to ops)."""
    bot = request.app[EXITBOT_KEY]
    if await bot.database.ping():
        bot.ops.database_ok()
        return web.json_response({"status": "ready"})
    bot.ops.database_failed("readiness", "no answer to SELECT 1")
    return web.json_response({"status": "database unavailable"}, status=503)
