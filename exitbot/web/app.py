"""Builds the aiohttp application that ``exitbot serve`` runs: health, readiness, and the
routes of every enabled chat platform; ExitBot starts and stops with the application."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from exitbot.bootstrap import ExitBot

EXITBOT_KEY = web.AppKey("exitbot", ExitBot)
MAX_BODY_BYTES = 1024**2


def create_app(bot: ExitBot, *, scheduler: bool = True) -> web.Application:
    """The web app for ``bot``; ``scheduler`` False leaves the scheduled jobs off (tests)."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[EXITBOT_KEY] = bot
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
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
    """Readiness: the database answers."""
    if await request.app[EXITBOT_KEY].database.ping():
        return web.json_response({"status": "ready"})
    return web.json_response({"status": "database unavailable"}, status=503)
