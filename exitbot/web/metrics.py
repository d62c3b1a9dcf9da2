"""``GET /metrics``: the Prometheus exposition, for a scraper and nobody else.

Served on the main port, so there is no second listener to bind, publish and protect. With
``METRICS_TOKEN`` set, a request must carry ``Authorization: Bearer <token>`` (Prometheus'
``authorization`` scrape setting), wherever it comes from. Without one, only requests from a
loopback address that came through no proxy are answered: a reverse proxy on the same host
makes every outside request look local, so one carrying a forwarding header counts as outside.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress

import structlog
from aiohttp import web

from exitbot.bootstrap import ExitBot
from exitbot.store.backlog import Backlog, SqlBacklog

log = structlog.get_logger(__name__)

METRICS_PATH = "/metrics"
BACKLOG_TIMEOUT_SECONDS = 3.0
"""A scrape must not hang on a database that does not answer: the backlog is left out."""
PROXY_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-IP")


def metrics_routes(bot: ExitBot) -> list[web.RouteDef]:
    secret = bot.settings.metrics_token
    token = secret.get_secret_value() if secret is not None else None
    backlog = SqlBacklog(bot.database, set_aside_after=bot.pipeline.options.max_attempts)

    async def metrics(request: web.Request) -> web.Response:
        refusal = refuse(request, token)
        if refusal is not None:
            return refusal
        counts = await _read(backlog)
        body, content_type = bot.metrics.render(counts, request.headers.get("Accept"))
        return web.Response(body=body, headers={"Content-Type": content_type})

    return [web.get(METRICS_PATH, metrics)]


def refuse(request: web.Request, token: str | None) -> web.Response | None:
    """The answer to a request that may not scrape, or None when it may."""
    if token is not None:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            return None
        return web.json_response(
            {"detail": "Missing or wrong bearer token"},
            status=401,
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    if is_local(request):
        return None
    return web.json_response(
        {"detail": "Metrics are served to loopback only; set METRICS_TOKEN to scrape from afar"},
        status=403,
    )


def is_local(request: web.Request) -> bool:
    """From a loopback address, and not relayed by a proxy."""
    if any(header in request.headers for header in PROXY_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.remote or "")
    except ValueError:  # a Unix socket, or no peer at all
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


async def _read(backlog: SqlBacklog) -> Backlog | None:
    try:
        async with asyncio.timeout(BACKLOG_TIMEOUT_SECONDS):
            return await backlog.read()
    except Exception as exc:
        log.warning("metrics_backlog_unavailable", error=type(exc).__name__)
        return None
