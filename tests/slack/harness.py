"""A running ExitBot (real composition, real aiohttp server on 127.0.0.1:0) and a Slack stand-in
that sends it signed events, button clicks and slash commands the way Slack does."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from adapters.slack.adapter import SlackAdapter
from adapters.slack.plugin import SlackPlugin
from exitbot.bootstrap import ExitBot, bootstrap
from exitbot.config import Settings, load_settings
from exitbot.core.clock import Clock
from exitbot.core.interviewer import Interviewer
from exitbot.core.messages import Platform
from exitbot.core.plan import QuestionPlan
from exitbot.delivery.outbox import DeliveryPolicy
from exitbot.web.app import create_app
from tests.fakes.slack_api import BOT_TOKEN, TEAM_ID, FakeSlackApi, dm_channel_for
from tests.hosting import hosted

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
HR_USER = "UHR"
EMPLOYEE = "U100"

_ids = itertools.count(1)


@dataclass(frozen=True, slots=True)
class Ack:
    """Slack's view of one request: the status, the body and how long the answer took."""

    status: int
    body: str
    seconds: float


def sign(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    """Slack's request signature headers (v0 HMAC-SHA256) for ``body``."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


def dm_event_body(
    user: str, text: str, *, event_id: str | None = None, **event_fields: Any
) -> dict[str, Any]:
    """An Events API envelope for a DM ``message`` event from ``user``."""
    ts = f"{int(time.time())}.{next(_ids):06d}"
    event = {
        "type": "message",
        "channel": dm_channel_for(user),
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        **event_fields,
    }
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": "A0001",
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_ids):08d}",
        "event_time": int(time.time()),
        "event": event,
        "authorizations": [{"team_id": TEAM_ID, "user_id": "UBOT", "is_bot": True}],
    }


class SlackClientStandIn:
    """Sends what Slack would send to ExitBot's ``/slack/events``."""

    def __init__(self, session: aiohttp.ClientSession, url: str, slack: FakeSlackApi) -> None:
        self.session = session
        self.url = url
        self.slack = slack

    async def post(
        self, body: str, content_type: str, headers: dict[str, str] | None = None
    ) -> Ack:
        all_headers = {"Content-Type": content_type, **(sign(body) if headers is None else headers)}
        started = time.perf_counter()
        async with self.session.post(self.url, data=body.encode(), headers=all_headers) as resp:
            text = await resp.text()
        return Ack(resp.status, text, time.perf_counter() - started)

    async def event(self, envelope: dict[str, Any], *, retry_num: int | None = None) -> Ack:
        body = json.dumps(envelope)
        headers = sign(body)
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.post(body, "application/json", headers)

    async def dm(self, user: str, text: str, **fields: Any) -> Ack:
        return await self.event(dm_event_body(user, text, **fields))

    async def click(self, user: str, posted: dict[str, Any], value: str) -> Ack:
        """Click the button whose value is ``value`` on a message the bot posted."""
        blocks = (
            json.loads(posted["blocks"]) if isinstance(posted["blocks"], str) else posted["blocks"]
        )
        button = next(
            element
            for block in blocks
            if block["type"] == "actions"
            for element in block["elements"]
            if element["value"] == value
        )
        message_ts = posted["ts"]
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
            "api_app_id": "A0001",
            "token": "legacy-verification-token",
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": posted["channel"],
                "is_ephemeral": False,
            },
            "trigger_id": f"{next(_ids)}.trigger",
            "channel": {"id": posted["channel"], "name": "directmessage"},
            "message": {"type": "message", "ts": message_ts, "text": "", "blocks": blocks},
            "response_url": self.slack.response_url(f"action-{next(_ids)}"),
            "actions": [
                {
                    "type": "button",
                    "action_id": button["action_id"],
                    "block_id": blocks[-1].get("block_id", "b"),
                    "text": button["text"],
                    "value": button["value"],
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded")

    async def command(self, user: str, text: str, channel: str = "CHR") -> tuple[Ack, str]:
        """``/exitbot text`` from ``user``; returns the ack and the command's response_url."""
        response_url = self.slack.response_url(f"cmd-{next(_ids)}")
        form = {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "exitbot-test",
            "channel_id": channel,
            "channel_name": "hr",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/exitbot",
            "text": text,
            "api_app_id": "A0001",
            "response_url": response_url,
            "trigger_id": f"{next(_ids)}.trigger",
        }
        ack = await self.post(urlencode(form), "application/x-www-form-urlencoded")
        return ack, response_url


@dataclass
class RunningExitBot:
    bot: ExitBot
    app: web.Application
    url: str
    slack_client: SlackClientStandIn

    @property
    def plan(self) -> QuestionPlan:
        return self.bot.plan

    @property
    def adapter(self) -> SlackAdapter:
        adapter = self.bot.platforms[Platform.SLACK]
        assert isinstance(adapter, SlackAdapter)
        return adapter

    async def idle(self, within: float = 10.0) -> None:
        """Wait until every background turn has finished and its replies were sent."""
        async with asyncio.timeout(within):
            await self.bot.settle()


def slack_settings(database_url: str, slack: FakeSlackApi, **settings: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": slack.base_url,
        "hr_users": f"slack:{HR_USER}",
        "llm_providers": "",
    }
    return load_settings(**(values | settings))


@asynccontextmanager
async def running_exitbot(
    database_url: str,
    slack: FakeSlackApi,
    *,
    interviewer: Interviewer | None = None,
    clock: Clock | None = None,
    delivery: DeliveryPolicy | None = None,
    **settings: Any,
) -> AsyncIterator[RunningExitBot]:
    """ExitBot as ``exitbot serve`` builds it, served on 127.0.0.1 at a free port (the
    scheduler off), stopped gracefully on exit; ``interviewer`` swaps in a test double."""
    bot = await bootstrap(
        slack_settings(database_url, slack, **settings),
        interviewer=interviewer,
        clock=clock,
        delivery=delivery,
        plugins=[SlackPlugin()],
    )
    app = create_app(bot, scheduler=False)
    async with hosted(app) as url, aiohttp.ClientSession() as session:
        yield RunningExitBot(
            bot, app, url, SlackClientStandIn(session, f"{url}/slack/events", slack)
        )
