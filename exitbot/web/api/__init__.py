"""The HR REST API (DESIGN 9): every route declared once as an ``Endpoint``, served by
``dispatch`` and described by ``openapi`` from the same declarations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from exitbot.web.api import dispatch, docs, export, interviews, me, plan, start, stats
from exitbot.web.api.endpoint import Endpoint

if TYPE_CHECKING:
    from exitbot.bootstrap import ExitBot

ENDPOINTS: tuple[Endpoint, ...] = (
    *interviews.ENDPOINTS,
    *start.ENDPOINTS,
    *stats.ENDPOINTS,
    *export.ENDPOINTS,
    *plan.ENDPOINTS,
    *me.ENDPOINTS,
    *docs.ENDPOINTS,
)


def api_routes(bot: ExitBot) -> list[web.RouteDef]:
    return dispatch.routes(bot, ENDPOINTS)


middleware = dispatch.api_errors
