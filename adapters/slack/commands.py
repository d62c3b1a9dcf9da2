"""``/exitbot WORDS``: acked at once, run by the HR command service, answered to the caller.

The answer goes to the command's ``response_url`` as an ephemeral message, so only the
person who typed the command sees it (DESIGN 5a). Authorisation and the audit log line are
the HR service's job; this module only translates.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import structlog

from adapters.slack.documents import render_document
from exitbot.core.messages import ConversationRef, Platform, UserRef
from exitbot.delivery.runner import BackgroundRunner
from exitbot.hr.requests import HrRequest, HrResponse

log = structlog.get_logger(__name__)

MAX_RESPONSES = 5
"""Slack accepts at most five posts to one response_url."""

FAILED = "Sorry, that command failed on our side. It has been logged; please try again later."

Respond = Callable[..., Awaitable[Any]]


class HrCommandRunner(Protocol):
    """What the slash command needs from the HR command service (``exitbot.hr``)."""

    async def execute(self, request: HrRequest) -> HrResponse: ...


class SlackHrCommands:
    """Runs a slash command after its ack and posts the answer to its response_url."""

    def __init__(self, service: HrCommandRunner, runner: BackgroundRunner) -> None:
        self._service = service
        self._runner = runner

    async def schedule(self, command: dict[str, Any], respond: Respond) -> None:
        """Called before the ack: the work happens in the background."""
        await self._runner.spawn(self.run(command, respond), name="slack-hr-command")

    async def run(self, command: dict[str, Any], respond: Respond) -> None:
        request = HrRequest(
            caller=UserRef(Platform.SLACK, command["user_id"], command.get("user_name")),
            text=(command.get("text") or "").strip(),
            channel=ConversationRef(Platform.SLACK, command["channel_id"])
            if command.get("channel_id")
            else None,
        )
        try:
            response = await self._service.execute(request)
        except Exception:
            log.exception("slack_hr_command_failed", caller=request.caller.key)
            response = HrResponse.say(FAILED, ok=False)
        for message in render_document(response.document, max_messages=MAX_RESPONSES):
            try:
                await respond(
                    text=message.text,
                    blocks=message.blocks,
                    response_type="ephemeral",
                    replace_original=False,
                )
            except Exception as exc:
                log.error("slack_hr_response_not_delivered", error=str(exc))
                return
