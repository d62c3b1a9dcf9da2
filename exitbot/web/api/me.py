"""Who the token is: the dashboard shows admin actions only to admins (the API still decides
every write on its own)."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web
from pydantic import BaseModel

from exitbot.store.tokens import TokenRole
from exitbot.web.api.endpoint import ApiCall, Endpoint, NoBody, NoQuery, json_response
from exitbot.web.api.schemas import example


class TokenIdentity(BaseModel):
    model_config = example({"name": "hr-dashboard", "role": "hr-viewer", "expires_at": None})
    name: str
    role: TokenRole
    expires_at: datetime | None


async def me(call: ApiCall[NoQuery, NoBody]) -> web.Response:
    assert call.token is not None
    return json_response(
        TokenIdentity(name=call.token.name, role=call.token.role, expires_at=call.token.expires_at)
    )


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "GET",
        "/api/me",
        me,
        "The calling token's name and role",
        "meta",
        response=TokenIdentity,
    ),
)
