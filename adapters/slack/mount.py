"""Wires the Slack adapter into ExitBot's aiohttp app: Bolt listeners, outbound, lifecycle.

Over HTTP, Slack posts events, button clicks and ``/exitbot`` to ``POST /slack/events``; Bolt
checks each request's signature (forged or older than five minutes: 401) and answers after
the listener, which only stores the event and schedules the work. With ``SLACK_APP_TOKEN``
the same listeners are fed over Socket Mode instead and no route is mounted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import structlog
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.background import BackgroundTasks
from adapters.slack.blocks import CHOICE_ACTION
from adapters.slack.client import build_web_client
from adapters.slack.commands import HrCommandRunner, SlackHrCommands
from adapters.slack.conversations import SlackConversations
from adapters.slack.directory import SlackDirectory
from adapters.slack.groups import SlackGroupMembership
from adapters.slack.inbox_writer import GroupCommitInbox
from adapters.slack.outbound import SlackOutbound
from adapters.slack.traffic import InboundTraffic
from exitbot.bootstrap import Services
from exitbot.delivery.dispatcher import ConversationDispatcher
from exitbot.delivery.inbox import Inbox
from exitbot.engine import utc_now
from exitbot.hr import HrAuthorizer, HrCommandService

log = structlog.get_logger(__name__)

EVENTS_PATH = "/slack/events"
SLASH_COMMAND = "/exitbot"
SHUTDOWN_GRACE_SECONDS = 2.0


@dataclass
class SlackAdapter:
    """The mounted adapter's parts, kept on the aiohttp app under ``SLACK_ADAPTER_KEY``."""

    bolt: AsyncApp
    client: AsyncWebClient
    outbound: SlackOutbound
    directory: SlackDirectory
    groups: SlackGroupMembership | None
    conversations: SlackConversations
    commands: SlackHrCommands
    tasks: BackgroundTasks
    traffic: InboundTraffic
    socket_mode: AsyncSocketModeHandler | None = None
    shutdown_grace_seconds: float = SHUTDOWN_GRACE_SECONDS

    async def handle_http(self, request: web.Request) -> web.Response:
        """``POST /slack/events``: Bolt verifies, runs the listener, answers Slack."""
        with self.traffic.acknowledging():
            bolt_response = await self.bolt.async_dispatch(await to_bolt_request(request))
            return await to_aiohttp_response(bolt_response)

    async def on_startup(self, _app: web.Application) -> None:
        self.tasks.spawn(self.conversations.replay_unfinished(), name="slack-replay")
        if self.socket_mode is not None:
            await self.socket_mode.connect_async()
            log.info("slack_socket_mode_connected")

    async def on_cleanup(self, _app: web.Application) -> None:
        if self.socket_mode is not None:
            await self.socket_mode.close_async()
        await self.tasks.drain(self.shutdown_grace_seconds)


SLACK_ADAPTER_KEY = web.AppKey("slack_adapter", SlackAdapter)


def mount_slack(app: web.Application, services: Services) -> SlackAdapter:
    """Build the Slack adapter from ``services``, register its outbound, add its route."""
    adapter = build_slack_adapter(services)
    services.outbounds.register(adapter.outbound)
    if adapter.socket_mode is None:
        app.router.add_post(EVENTS_PATH, adapter.handle_http)
    app.on_startup.append(adapter.on_startup)
    app.on_cleanup.append(adapter.on_cleanup)
    app[SLACK_ADAPTER_KEY] = adapter
    return adapter


def build_slack_adapter(services: Services) -> SlackAdapter:
    settings = services.settings
    if settings.slack_signing_secret is None:
        raise ValueError("SLACK_SIGNING_SECRET is required for the Slack adapter")
    client = build_web_client(settings)
    directory = SlackDirectory(client)
    outbound = SlackOutbound(client, directory, settings.tz)
    groups = (
        SlackGroupMembership(client, settings.hr_slack_usergroup)
        if settings.hr_slack_usergroup
        else None
    )
    tasks = BackgroundTasks()
    traffic = InboundTraffic()
    conversations = SlackConversations(
        database=services.database,
        inbox=Inbox(services.database),
        inbox_writer=GroupCommitInbox(services.database, utc_now),
        dispatcher=ConversationDispatcher(services.engine, services.outbounds),
        directory=directory,
        outbound=outbound,
        tasks=tasks,
        clock=utc_now,
        traffic=traffic,
    )
    commands = SlackHrCommands(build_hr_service(services, groups), tasks)
    bolt = AsyncApp(
        client=client,
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        process_before_response=True,
        logger=_bolt_logger(),
    )
    _add_listeners(bolt, conversations, commands)
    socket_mode = None
    if settings.slack_app_token is not None:
        socket_mode = AsyncSocketModeHandler(bolt, settings.slack_app_token.get_secret_value())
    return SlackAdapter(
        bolt=bolt,
        client=client,
        outbound=outbound,
        directory=directory,
        groups=groups,
        conversations=conversations,
        commands=commands,
        tasks=tasks,
        traffic=traffic,
        socket_mode=socket_mode,
    )


def build_hr_service(services: Services, groups: SlackGroupMembership | None) -> HrCommandRunner:
    """The HR command service for ``/exitbot``: HR_USERS plus the HR user group."""
    return HrCommandService(
        database=services.database,
        engine=services.engine,
        outbounds=services.outbounds,
        authorizer=HrAuthorizer(services.settings.hr_users, groups=groups),
        digests=services.digests,
        clock=utc_now,
        tz=services.settings.tz,
    )


def _bolt_logger() -> logging.Logger:
    """Bolt's logger, at WARNING: at INFO Bolt logs the whole body of a request it refuses,
    and bodies hold employees' words."""
    logger = logging.getLogger("exitbot.slack.bolt")
    logger.setLevel(logging.WARNING)
    return logger


def _add_listeners(
    bolt: AsyncApp, conversations: SlackConversations, commands: SlackHrCommands
) -> None:
    async def on_message(
        event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        await conversations.on_message_event(event, body.get("event_id"), context.bot_user_id)

    async def on_choice(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        await conversations.on_choice(body, action)
        await ack()

    async def on_command(ack: Any, command: dict[str, Any], respond: Any) -> None:
        commands.schedule(command, respond)
        await ack()

    bolt.event("message")(on_message)
    bolt.action(CHOICE_ACTION)(on_choice)
    bolt.command(SLASH_COMMAND)(on_command)
