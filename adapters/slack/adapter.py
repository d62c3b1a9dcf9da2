"""The Slack adapter: Bolt listeners in, the Web API out (``PlatformAdapter``).

Over HTTP, Slack posts events, button clicks and ``/exitbot`` to ``POST /slack/events``; Bolt
checks each request's signature (forged or older than five minutes: 401) and answers after
the listener, which only hands the event to the pipeline (stored before the ack) or
schedules the slash command. With ``SLACK_APP_TOKEN`` the same listeners are fed over Socket
Mode instead and no route is mounted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

import aiohttp
import structlog
from aiohttp import ClientError, web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackClientError
from slack_sdk.signature import SignatureVerifier

from adapters.slack.blocks import CHOICE_ACTION, chosen_note
from adapters.slack.client import build_web_client
from adapters.slack.commands import SlackHrCommands
from adapters.slack.directory import SlackDirectory
from adapters.slack.events import Click, choice_click, dm_message
from adapters.slack.groups import SlackGroupMembership
from adapters.slack.outbound import SlackOutbound
from adapters.slack.requests import refuse_request
from exitbot.core.clock import Clock
from exitbot.core.messages import IncomingMessage, Platform
from exitbot.delivery.platforms import AdapterEntry, PlatformDeps

log = structlog.get_logger(__name__)

EVENTS_PATH = "/slack/events"
SLASH_COMMAND = "/exitbot"


class SlackAdapter:
    platform = Platform.SLACK

    def __init__(self, deps: PlatformDeps) -> None:
        settings = deps.settings
        if settings.slack_signing_secret is None:
            raise ValueError("SLACK_SIGNING_SECRET is required for the Slack adapter")
        self._settings = settings
        self._clock: Clock = deps.clock
        # One pool of keep-alive connections for every Web API call, closed in ``stop``.
        self._http = aiohttp.ClientSession()
        self.client = build_web_client(
            settings, self._http, on_refused=deps.ops.slack_call_refused if deps.ops else None
        )
        self.profiles = SlackDirectory(self.client, clock=deps.clock)
        self.sender = SlackOutbound(self.client, self.profiles, settings.tz)
        self.directory = self.sender
        self._group = (
            SlackGroupMembership(self.client, settings.hr_slack_usergroup, clock=deps.clock)
            if settings.hr_slack_usergroup
            else None
        )
        self._entry: AdapterEntry | None = None
        self._bolt: AsyncApp | None = None
        self._socket_mode: AsyncSocketModeHandler | None = None

    @property
    def hr_group(self) -> SlackGroupMembership | None:
        return self._group

    async def enrich(self, message: IncomingMessage) -> IncomingMessage:
        """The sender's name, email and timezone from ``users.info`` (cached)."""
        try:
            profile = await self.profiles.profile(message.user.user_id)
        except (SlackClientError, ClientError, TimeoutError) as exc:
            log.warning("slack_profile_unavailable", error=type(exc).__name__)
            return message
        if profile is None:
            return message
        conversation = message.conversation
        if conversation is not None and profile.timezone:
            # The employee's own timezone travels with their stored conversation reference.
            conversation = dataclasses.replace(
                conversation, extra={**conversation.extra, "timezone": profile.timezone}
            )
        return dataclasses.replace(message, user=profile.to_user(), conversation=conversation)

    def working(self, message: IncomingMessage) -> AbstractAsyncContextManager[None]:
        return contextlib.nullcontext()  # Slack shows no typing indicator to bots' users

    def attach(self, entry: AdapterEntry) -> None:
        self._entry = entry
        commands = SlackHrCommands(entry.hr, entry.runner)
        bolt = AsyncApp(
            client=self.client,
            signing_secret=self._settings.slack_signing_secret.get_secret_value()
            if self._settings.slack_signing_secret
            else "",
            process_before_response=True,
            logger=_bolt_logger(),
        )

        async def on_message(
            event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
        ) -> None:
            message = dm_message(event, body.get("event_id"), context.bot_user_id, self._now())
            if message is not None:
                await entry.pipeline.receive(message)

        async def on_choice(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
            click = choice_click(body, action, self._now())
            if click is None:
                log.warning("slack_choice_incomplete", action=action.get("action_id"))
            elif await entry.pipeline.receive(click.message):
                await entry.runner.spawn(self._mark_chosen(click), name="slack-choice-note")
            await ack()

        async def on_command(ack: Any, command: dict[str, Any], respond: Any) -> None:
            await commands.schedule(command, respond)
            await ack()

        bolt.event("message")(on_message)
        bolt.action(CHOICE_ACTION)(on_choice)
        bolt.command(SLASH_COMMAND)(on_command)
        self._bolt = bolt
        self._verifier = SignatureVerifier(
            self._settings.slack_signing_secret.get_secret_value()
            if self._settings.slack_signing_secret
            else ""
        )
        if self._settings.slack_app_token is not None:
            self._socket_mode = AsyncSocketModeHandler(
                bolt, self._settings.slack_app_token.get_secret_value()
            )

    def routes(self) -> Sequence[web.RouteDef]:
        if self._socket_mode is not None:
            return []
        return [web.post(EVENTS_PATH, self.handle_http)]

    async def handle_http(self, request: web.Request) -> web.Response:
        """``POST /slack/events``: the signature and the shape are checked first (Bolt would
        parse an unsigned body, and a malformed one would end in a traceback); then Bolt runs
        the listener and answers Slack."""
        assert self._bolt is not None and self._entry is not None
        refusal = await refuse_request(request, self._verifier)
        if refusal is not None:
            log.warning("slack_request_refused", status=refusal.status, reason=refusal.reason)
            return web.json_response({"ok": False, "error": refusal.reason}, status=refusal.status)
        with self._entry.pipeline.acknowledging(Platform.SLACK):
            bolt_response = await self._bolt.async_dispatch(await to_bolt_request(request))
            return await to_aiohttp_response(bolt_response)

    async def start(self) -> None:
        if self._socket_mode is not None:
            await self._socket_mode.connect_async()
            log.info("slack_socket_mode_connected")

    async def stop(self) -> None:
        if self._socket_mode is not None:
            await self._socket_mode.close_async()
        await self._http.close()

    def _now(self) -> Any:
        return self._clock.now()

    async def _mark_chosen(self, click: Click) -> None:
        """Swap the clicked prompt's buttons for "You chose: …" so they cannot be reused."""
        kept = [b for b in click.blocks if b.get("type") != "actions"]
        await self.sender.update_blocks(
            click.channel, click.message_ts, [*kept, chosen_note(click.label)]
        )


def _bolt_logger() -> logging.Logger:
    """Bolt's logger, at WARNING: at INFO Bolt logs the whole body of a request it refuses,
    and bodies hold employees' words."""
    logger = logging.getLogger("exitbot.slack.bolt")
    logger.setLevel(logging.WARNING)
    return logger
