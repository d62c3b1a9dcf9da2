"""Mounts the Teams adapter in ExitBot's aiohttp app: ``POST /api/messages``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import structlog
from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import ActivityTypes

from adapters.teams.auth import ChannelTokenEndpoints, build_authentication, check_can_start
from adapters.teams.bot import BackgroundWork, HrCommands, TeamsBot, TeamsBotOptions
from adapters.teams.cards import text_activity
from adapters.teams.delivery import RetryPolicy
from adapters.teams.directory import TeamsDirectory
from adapters.teams.outbound import TeamsOutbound
from exitbot.bootstrap import Services
from exitbot.engine import utc_now
from exitbot.hr.authorization import HrAuthorizer

log = structlog.get_logger(__name__)

MESSAGES_PATH = "/api/messages"
TEAMS_OUTBOUND_KEY = web.AppKey("teams_outbound", TeamsOutbound)
TEAMS_BACKGROUND_KEY = web.AppKey("teams_background", BackgroundWork)

SORRY = "Sorry, something went wrong on my side. Please try again in a minute."


@dataclass(frozen=True, slots=True)
class TeamsOptions:
    """What tests (or a sovereign cloud) may change; production uses the defaults."""

    endpoints: ChannelTokenEndpoints = field(default_factory=ChannelTokenEndpoints)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    bot: TeamsBotOptions = field(default_factory=TeamsBotOptions)


def mount_teams(
    app: web.Application,
    services: Services,
    *,
    host: str = "127.0.0.1",
    options: TeamsOptions | None = None,
) -> TeamsOutbound:
    """Add ``POST /api/messages`` and register Teams' Outbound.

    ``host`` is the address the app will listen on: without MICROSOFT_APP_ID the adapter runs
    (unauthenticated, TEAMS_EMULATOR=true) only on loopback; otherwise it raises ConfigError.
    """
    settings = services.settings
    check_can_start(settings, host)
    options = options or TeamsOptions()
    adapter = CloudAdapter(build_authentication(settings, options.endpoints))
    adapter.on_turn_error = _on_turn_error

    directory = TeamsDirectory(services.database)
    outbound = TeamsOutbound(
        adapter,
        directory,
        app_id=settings.microsoft_app_id or "",
        retry=options.retry,
        tz=settings.tz,
    )
    services.outbounds.register(outbound)
    authorizer = HrAuthorizer(settings.hr_users, groups=None)
    background = BackgroundWork()
    bot = TeamsBot(
        database=services.database,
        engine=services.engine,
        outbound=outbound,
        directory=directory,
        authorizer=authorizer,
        hr=_hr_commands(services, authorizer),
        clock=utc_now,
        background=background,
        options=options.bot,
    )

    async def messages(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"detail": "expected application/json"}, status=415)
        try:
            response = await adapter.process(request, bot)
        except json.JSONDecodeError:
            return web.json_response({"detail": "body is not JSON"}, status=400)
        return response if response is not None else web.Response(status=201)

    async def drain(_app: web.Application) -> None:
        await background.drain()

    app[TEAMS_OUTBOUND_KEY] = outbound
    app[TEAMS_BACKGROUND_KEY] = background
    app.router.add_post(MESSAGES_PATH, messages)
    app.on_shutdown.append(drain)
    log.info(
        "teams_mounted",
        authenticated=bool(settings.microsoft_app_id),
        app_type=settings.microsoft_app_type or "MultiTenant",
    )
    return outbound


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


def _hr_commands(services: Services, authorizer: HrAuthorizer) -> HrCommands | None:
    """The HR command service, when this build has it."""
    try:
        from exitbot.hr.service import HrCommandService
    except ImportError:
        log.warning("teams_hr_commands_unavailable")
        return None
    # The shared DigestService when the composition root has one, so every path posts alike.
    digests = getattr(services, "digests", None) or _digest_service(services)
    service: HrCommands = HrCommandService(
        database=services.database,
        engine=services.engine,
        outbounds=services.outbounds,
        authorizer=authorizer,
        digests=digests,
        clock=utc_now,
        tz=services.settings.tz,
    )
    return service


def _digest_service(services: Services):  # type: ignore[no-untyped-def]
    try:
        from exitbot.digest.service import DigestService
    except ImportError:
        return None
    from exitbot.store.settings_store import SettingsStore

    settings = services.settings
    return DigestService(
        services.database,
        services.outbounds,
        SettingsStore(services.database),
        hr_channel=settings.hr_channel,
        tz=settings.tz,
    )
