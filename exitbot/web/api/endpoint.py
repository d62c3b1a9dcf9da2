"""What one REST API route is, declared once: the dispatcher serves it from this and the
OpenAPI document describes it from this, so the two cannot drift apart."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from aiohttp import web
from pydantic import BaseModel

from exitbot.store.tokens import TokenInfo, TokenRole

if TYPE_CHECKING:
    from exitbot.bootstrap import ExitBot

Q = TypeVar("Q", bound=BaseModel)
B = TypeVar("B", bound=BaseModel)


class ApiError(Exception):
    """An error answer: ``status`` with ``{"detail": detail}``; ``headers`` (Retry-After)."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


@dataclass(frozen=True, slots=True)
class ApiCall(Generic[Q, B]):
    """One authorised, parsed request as a handler sees it."""

    request: web.Request
    bot: ExitBot
    token: TokenInfo | None
    query: Q
    body: B

    def path_int(self, name: str) -> int:
        """A numeric path parameter; 404 when it is not a number (no such resource)."""
        raw = self.request.match_info[name]
        if not raw.isdigit() or len(raw) > 18:
            raise ApiError(404, "Interview not found")
        return int(raw)


class NoQuery(BaseModel):
    """A route that takes no query parameters (unknown ones are ignored)."""


class NoBody(BaseModel):
    """A route that takes no request body."""


Handler = Callable[[ApiCall[Any, Any]], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A route: how to serve it and how to document it.

    ``response`` is the JSON body model of the success answer (None: no JSON body, e.g. 204
    or CSV); ``errors`` are the error statuses it can answer besides the ones every
    authenticated route has (401, 429, 500)."""

    method: str
    path: str
    handler: Handler
    summary: str
    tag: str
    role: TokenRole | None = TokenRole.HR_VIEWER
    query: type[BaseModel] = NoQuery
    body: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    media_type: str = "application/json"
    errors: tuple[int, ...] = ()
    description: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    """Request headers the route reads, with what they mean (``Idempotency-Key``)."""
    response_example: Any = None
    """Example of a non-JSON success body (CSV); JSON examples live on the models."""

    @property
    def writes(self) -> bool:
        return self.method in {"POST", "PUT", "PATCH", "DELETE"}


def json_response(model: BaseModel, status: int = 200) -> web.Response:
    """A pydantic model as the JSON answer (dates in ISO 8601, None as null)."""
    return web.Response(
        text=model.model_dump_json(), status=status, content_type="application/json"
    )
