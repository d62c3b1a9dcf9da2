"""The Teams adapter (``PlatformAdapter``): ``POST /api/messages`` in, the connector out."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field

import structlog
from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import ActivityTypes

from adapters.teams.auth import ChannelTokenEndpoints, build_authentication, check_can_start
from adapters.teams.bot import TeamsBot, TeamsBotOptions
from adapters.teams.cards import text_activity
from adapters.teams.directory import TeamsDirectory
from adapters.teams.outbound import TeamsOutbound
from adapters.teams.requests import activity_problem
from exitbot.core.messages import IncomingMessage, Platform
from exitbot.delivery.platforms import AdapterEntry, PlatformDeps

log = structlog.get_logger(__name__)

MESSAGES_PATH = "/api/messages"
SORRY = "Sorry, something went wrong on my side. Please try again in a minute."


@dataclass(frozen=True, slots=True)
class TeamsOptions:
    """What tests (or a sovereign cloud) may change; production uses the defaults."""

    endpoints: ChannelTokenEndpoints = field(default_factory=ChannelTokenEndpoints)
    bot: TeamsBotOptions = field(default_factory=TeamsBotOptions)


class TeamsAdapter:
    platform = Platform.TEAMS
    hr_group = None

    def __init__(self, deps: PlatformDeps, options: TeamsOptions) -> None:
        settings = deps.settings
        check_can_start(settings, deps.host)
        self._options = options
        self._clock = deps.clock
        self.cloud_adapter = CloudAdapter(build_authentication(settings, options.endpoints))
        self.cloud_adapter.on_turn_error = _on_turn_error
        self.people = TeamsDirectory(deps.employees(Platform.TEAMS))
        self.sender = TeamsOutbound(
            self.cloud_adapter, self.people, app_id=settings.microsoft_app_id or "", tz=settings.tz
        )
        self.directory = self.sender
        self._bot: TeamsBot | None = None
        self._entry: AdapterEntry | None = None
        log.info(
            "teams_enabled",
            authenticated=bool(settings.microsoft_app_id),
            app_type=settings.microsoft_app_type or "MultiTenant",
        )

    async def enrich(self, message: IncomingMessage) -> IncomingMessage:
        return message  # Teams sends the sender's name with every activity

    def working(self, message: IncomingMessage) -> AbstractAsyncContextManager[None]:
        if self._bot is None or message.conversation is None:
            return contextlib.nullcontext()
        return self._bot.keep_typing(message.conversation)

    def attach(self, entry: AdapterEntry) -> None:
        self._entry = entry
        self._bot = TeamsBot(
            entry=entry,
            outbound=self.sender,
            directory=self.people,
            clock=self._clock,
            options=self._options.bot,
        )

    def routes(self) -> Sequence[web.RouteDef]:
        return [web.post(MESSAGES_PATH, self.handle_http)]

    async def handle_http(self, request: web.Request) -> web.StreamResponse:
        assert self._bot is not None and self._entry is not None
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"detail": "expected application/json"}, status=415)
        problem = activity_problem(await request.read())
        if problem is not None:
            log.warning("teams_request_refused", reason=problem)
            return web.json_response({"detail": problem}, status=400)
        with self._entry.pipeline.acknowledging(Platform.TEAMS):
            try:
                response = await self.cloud_adapter.process(request, self._bot)
            except json.JSONDecodeError:
                return web.json_response({"detail": "body is not JSON"}, status=400)
        return response if response is not None else web.Response(status=201)

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass


async def _on_turn_error(turn_context: TurnContext, error: Exception) -> None:
    """Log the failure; the person sees an apology, never a stack trace."""
    activity = turn_context.activity
    log.error(
        "teams_turn_error",
        activity_type=activity.type,
        activity_id=activity.id,
        error=type(error).__name__,
        exc_info=error,
    )
    if activity.type == ActivityTypes.message:
        try:
            await turn_context.send_activity(text_activity(SORRY))
        except Exception as exc:
            log.warning("teams_apology_failed", error=type(exc).__name__)
