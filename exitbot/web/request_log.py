"""Per-request log context and the access log: every line a request causes carries its
request id, and the access line says method, path, status and time, never the query string
(a search may hold a name) nor a body."""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable

import structlog
from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

log = structlog.get_logger("exitbot.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
REQUEST_ID_KEY = web.RequestKey("exitbot_request_id", str)


@web.middleware
async def request_context(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Bind a request id (the caller's ``X-Request-Id`` when it is a plain token) for every
    log line of this request, and send it back."""
    given = request.headers.get("X-Request-Id", "")
    request_id = given if _REQUEST_ID.match(given) else secrets.token_hex(8)
    request[REQUEST_ID_KEY] = request_id
    with structlog.contextvars.bound_contextvars(request_id=request_id):
        response = await handler(request)
    if not response.prepared:
        response.headers["X-Request-Id"] = request_id
    return response


class AccessLogger(AbstractAccessLogger):
    """One structured ``http_request`` line per request, through the app's log set-up."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        log.info(
            "http_request",
            request_id=request.get(REQUEST_ID_KEY),
            method=request.method,
            path=request.path,
            status=response.status,
            ms=round(time * 1000, 1),
        )

    @property
    def enabled(self) -> bool:
        return True
