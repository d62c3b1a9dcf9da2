"""The HTML shell of the dashboard: static markup, the timezone that dates are shown in (the
page cannot read settings), and the headers that lock the page down. Everything else is
drawn by the page's modules from the REST API."""

from __future__ import annotations

import html
from importlib import resources
from string import Template

from aiohttp import web

from exitbot import __version__
from exitbot.web.dashboard.assets import StaticAssets

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ]
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    # The page is a few kilobytes and names the server's timezone: always the current one.
    "Cache-Control": "no-store",
}
ENTRY_MODULE = "app.js"
STYLESHEET = "dashboard.css"


class Shell:
    """The page as served: rendered once, when the routes are built."""

    def __init__(self, *, timezone: str, assets: StaticAssets) -> None:
        template = Template(
            resources.files(__package__ or __name__).joinpath("shell.html").read_text("utf-8")
        )
        preloads = "\n".join(
            f'<link rel="modulepreload" href="{assets.url(name)}">'
            for name in assets.names(".js")
            if name != ENTRY_MODULE
        )
        self.body = template.substitute(
            timezone=html.escape(timezone),
            version=html.escape(__version__),
            stylesheet=assets.url(STYLESHEET),
            icon=assets.url("icon.svg"),
            entry=assets.url(ENTRY_MODULE),
            preloads=preloads,
        )

    async def serve(self, request: web.Request) -> web.Response:
        return web.Response(
            text=self.body, content_type="text/html", charset="utf-8", headers=PAGE_HEADERS
        )
