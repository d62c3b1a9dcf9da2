"""The HR dashboard (DESIGN 1, 7, 9): a page that talks to the REST API only, served by the
same aiohttp app with its assets from this package, so it works offline and under a strict
Content-Security-Policy."""

from __future__ import annotations

from aiohttp import web

from exitbot.bootstrap import ExitBot
from exitbot.web.dashboard.assets import STATIC_PATH, StaticAssets
from exitbot.web.dashboard.page import Shell

__all__ = ["STATIC_PATH", "dashboard_routes"]


def dashboard_routes(bot: ExitBot) -> list[web.RouteDef]:
    """``GET /`` (the page) and ``GET /dashboard/static/{name}`` (its files)."""
    assets = StaticAssets.load()
    shell = Shell(timezone=bot.settings.timezone, assets=assets)
    return [
        web.get("/", shell.serve, name="dashboard"),
        web.get(f"{STATIC_PATH}/{{name}}", assets.serve, name="dashboard-static"),
    ]
