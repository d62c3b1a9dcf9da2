"""Serves the declared endpoints: every request is authenticated, rate limited, size checked
and parsed here, before a handler runs, and every failure leaves as ``{"detail": …}``."""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import structlog
from aiohttp import web
from pydantic import BaseModel, ValidationError

from exitbot.store.rate_limits import RateLimits
from exitbot.store.tokens import TokenInfo, TokenRole
from exitbot.web.api.endpoint import ApiCall, ApiError, Endpoint, NoBody

if TYPE_CHECKING:
    from exitbot.bootstrap import ExitBot

log = structlog.get_logger(__name__)

MAX_API_BODY_BYTES = 64 * 1024
"""A plan or a start request is a few kilobytes; anything far larger is a mistake or abuse."""

INVALID_CREDENTIALS = "Invalid authentication credentials"
_WWW_AUTHENTICATE = {"WWW-Authenticate": "Bearer"}


def error_response(status: int, detail: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"detail": detail}, status=status, headers=headers)


def routes(bot: ExitBot, endpoints: Sequence[Endpoint]) -> list[web.RouteDef]:
    limits = RateLimits(bot.database)
    return [
        web.route(e.method, e.path, _serve(bot, e, limits), name=_route_name(e)) for e in endpoints
    ]


def _route_name(endpoint: Endpoint) -> str:
    slug = endpoint.path.strip("/").replace("/", "-").replace("{", "").replace("}", "")
    return f"{endpoint.method.lower()}-{slug.replace('.', '-')}"


def _serve(
    bot: ExitBot, endpoint: Endpoint, limits: RateLimits
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handle(request: web.Request) -> web.StreamResponse:
        try:
            token = await _authenticate(bot, endpoint, request)
            if endpoint.writes and token is not None:
                await _limit(bot, limits, token)
            query = _parse_query(endpoint, request)
            body = await _parse_body(endpoint, request)
            call: ApiCall[Any, Any] = ApiCall(request, bot, token, query, body)
            response = await endpoint.handler(call)
        except ApiError as error:
            return error_response(error.status, error.detail, error.headers)
        if endpoint.writes and token is not None:
            log.info(
                "api_write",
                token=token.name,
                method=endpoint.method,
                route=endpoint.path,
                status=response.status,
            )
        return response

    return handle


async def _authenticate(bot: ExitBot, endpoint: Endpoint, request: web.Request) -> TokenInfo | None:
    if endpoint.role is None:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ApiError(401, INVALID_CREDENTIALS, _WWW_AUTHENTICATE)
    token = await bot.tokens.verify(value.strip(), bot.clock.now())
    if token is None:
        log.info("api_token_refused", route=endpoint.path)
        raise ApiError(401, INVALID_CREDENTIALS, _WWW_AUTHENTICATE)
    if endpoint.role is TokenRole.HR_ADMIN and token.role is not TokenRole.HR_ADMIN:
        log.warning("api_role_refused", token=token.name, route=endpoint.path)
        raise ApiError(403, "This token's role (hr-viewer) may only read; writes need hr-admin")
    return token


async def _limit(bot: ExitBot, limits: RateLimits, token: TokenInfo) -> None:
    decision = await limits.hit(
        "api-write",
        token.name,
        limit=bot.settings.api_writes_per_minute,
        window=timedelta(minutes=1),
        now=bot.clock.now(),
    )
    if not decision.allowed:
        log.warning("api_rate_limited", token=token.name)
        seconds = math.ceil(decision.retry_after)
        raise ApiError(
            429,
            f"Too many writes: at most {bot.settings.api_writes_per_minute} a minute per "
            f"token. Try again in {seconds} seconds.",
            {"Retry-After": str(seconds)},
        )


def _parse_query(endpoint: Endpoint, request: web.Request) -> BaseModel:
    values: dict[str, Any] = {}
    for name in request.query:
        repeated = request.query.getall(name)
        values[name] = repeated if len(repeated) > 1 else repeated[0]
    try:
        return endpoint.query.model_validate(values)
    except ValidationError as error:
        raise ApiError(422, validation_detail(error, "query parameter")) from None


async def _parse_body(endpoint: Endpoint, request: web.Request) -> BaseModel:
    if endpoint.body is None:
        return NoBody()
    if request.content_length is not None and request.content_length > MAX_API_BODY_BYTES:
        raise ApiError(413, f"The request body is larger than {MAX_API_BODY_BYTES} bytes")
    raw = await request.content.read(MAX_API_BODY_BYTES + 1)
    if len(raw) > MAX_API_BODY_BYTES:
        raise ApiError(413, f"The request body is larger than {MAX_API_BODY_BYTES} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "The request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise ApiError(422, "The request body must be a JSON object")
    try:
        return endpoint.body.model_validate(data)
    except ValidationError as error:
        raise ApiError(422, validation_detail(error, "field")) from None


def validation_detail(error: ValidationError, what: str) -> str:
    """The first problem, naming the field or parameter, in a sentence (no input echoed)."""
    first = error.errors(include_input=False, include_url=False)[0]
    location = ".".join(str(part) for part in first["loc"])
    message = first["msg"]
    if location:
        return f"Invalid {what} '{location}': {message}"
    return f"Invalid request: {message}"


@web.middleware
async def api_errors(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Under ``/api/``, aiohttp's own answers (404, 405, 413) and unexpected failures become
    ``{"detail": …}`` too; a failure is logged without the request."""
    if not request.path.startswith("/api/") or request.path == "/api/messages":
        return await handler(request)
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        detail = {
            404: "Not found",
            405: "Method not allowed",
            413: "The request body is too large",
        }.get(exc.status, exc.reason)
        return error_response(exc.status, detail, _allow(exc))
    except Exception:
        log.exception("api_request_failed", route=request.path, method=request.method)
        return error_response(500, "Internal error")


def _allow(exc: web.HTTPException) -> dict[str, str] | None:
    allow = exc.headers.get("Allow")
    return {"Allow": allow} if allow else None
