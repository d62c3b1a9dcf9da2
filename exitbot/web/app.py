"""Builds the aiohttp application that ``exitbot serve`` runs."""

from __future__ import annotations

from aiohttp import web

from exitbot.bootstrap import Services

SERVICES_KEY = web.AppKey("services", Services)


def create_app(services: Services, *, host: str = "127.0.0.1") -> web.Application:
    """The web app with health routes and every adapter the configuration enables.

    ``host`` is the address it will listen on (the Teams emulator mode refuses non-loopback).
    """
    app = web.Application(client_max_size=1024**2)
    app[SERVICES_KEY] = services
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)

    settings = services.settings
    if settings.slack_enabled:
        from adapters.slack import mount_slack  # type: ignore[import-not-found,unused-ignore]

        mount_slack(app, services)
    if settings.teams_enabled:
        from adapters.teams import mount_teams  # type: ignore[import-not-found,unused-ignore]

        mount_teams(app, services, host=host)

    from exitbot.scheduler import scheduler_lifespan

    app.cleanup_ctx.append(scheduler_lifespan(services))
    return app


async def healthz(request: web.Request) -> web.Response:
    """Liveness: the process answers."""
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """Readiness: the database answers."""
    services = request.app[SERVICES_KEY]
    if await services.database.ping():
        return web.json_response({"status": "ready"})
    return web.json_response({"status": "database unavailable"}, status=503)
