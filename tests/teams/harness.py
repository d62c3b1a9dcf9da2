"""Drive ExitBot's Teams endpoint over HTTP with real Bot Framework activities.

The app is the one ``exitbot serve`` builds (``bootstrap`` + ``create_app``), served on
127.0.0.1:0; every activity's ``serviceUrl`` points at a ``FakeBotConnector``, so the real
botbuilder connector client sends the bot's replies there.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp

from adapters.teams.adapter import TeamsAdapter
from exitbot.bootstrap import ExitBot
from exitbot.core.messages import Platform
from tests.fakes.bot_connector import FakeBotConnector, PostedActivity

BOT = {"id": "28:exitbot-bot", "name": "ExitBot"}
TENANT = "tenant-0001"
_ids = itertools.count(1)


@dataclass(frozen=True)
class TeamsUser:
    teams_id: str
    aad_object_id: str
    name: str

    @property
    def account(self) -> dict[str, str]:
        return {"id": self.teams_id, "name": self.name, "aadObjectId": self.aad_object_id}

    @property
    def dm_id(self) -> str:
        return f"a:dm-{self.teams_id.removeprefix('29:')}"


ALICE = TeamsUser("29:alice-1", "aad-alice-0001", "Alice Jones")
BOB = TeamsUser("29:bob-2", "aad-bob-0002", "Bob Stone")
HANNA = TeamsUser("29:hanna-3", "aad-hanna-0003", "Hanna Ruiz")
CHANNEL_ID = "19:hr-general@thread.tacv2"


def new_id(prefix: str = "act") -> str:
    return f"{prefix}-{next(_ids)}"


def _base(service_url: str, user: TeamsUser, conversation: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": new_id(),
        "timestamp": datetime.now(UTC).isoformat(),
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": user.account,
        "recipient": BOT,
        "conversation": {"tenantId": TENANT, **conversation},
        "channelData": {"tenant": {"id": TENANT}},
    }


def personal_message(
    service_url: str,
    user: TeamsUser,
    text: str = "",
    *,
    value: dict[str, Any] | None = None,
    activity_id: str | None = None,
) -> dict[str, Any]:
    activity = _base(service_url, user, {"id": user.dm_id, "conversationType": "personal"})
    activity.update({"type": "message", "text": text, "textFormat": "plain"})
    if value is not None:
        activity["value"] = value
    if activity_id:
        activity["id"] = activity_id
    return activity


def card_click(service_url: str, user: TeamsUser, word: str) -> dict[str, Any]:
    """What Teams posts for an Action.Submit with messageBack: the word as text and value."""
    return personal_message(service_url, user, word, value={"word": word})


def card_execute(service_url: str, user: TeamsUser, word: str) -> dict[str, Any]:
    """An Action.Execute (Universal Actions) click: an ``adaptiveCard/action`` invoke."""
    activity = _base(service_url, user, {"id": user.dm_id, "conversationType": "personal"})
    activity.update(
        {
            "type": "invoke",
            "name": "adaptiveCard/action",
            "value": {"action": {"type": "Action.Execute", "verb": "word", "data": {"word": word}}},
        }
    )
    return activity


def channel_message(
    service_url: str, user: TeamsUser, text: str, *, mention: TeamsUser | None = None
) -> dict[str, Any]:
    """``@ExitBot text`` in a channel thread (and optionally ``@mention`` of someone)."""
    root = new_id("root")
    activity = _base(
        service_url,
        user,
        {"id": f"{CHANNEL_ID};messageid={root}", "conversationType": "channel", "isGroup": True},
    )
    entities = [
        {"type": "mention", "mentioned": BOT, "text": f"<at>{BOT['name']}</at>"},
    ]
    body = f"<at>{BOT['name']}</at> {text}"
    if mention is not None:
        tag = f"<at>{mention.name}</at>"
        body = f"{body} {tag}"
        entities.append(
            {
                "type": "mention",
                "mentioned": {"id": mention.teams_id, "name": mention.name},
                "text": tag,
            }
        )
    activity.update({"type": "message", "text": body, "textFormat": "plain", "entities": entities})
    activity["channelData"] = {
        "tenant": {"id": TENANT},
        "channel": {"id": CHANNEL_ID},
        "team": {"id": "19:team@thread.tacv2"},
    }
    return activity


def personal_install(service_url: str, user: TeamsUser) -> dict[str, Any]:
    """The conversationUpdate Teams sends when someone adds the bot as a personal app."""
    activity = _base(service_url, user, {"id": user.dm_id, "conversationType": "personal"})
    activity.update({"type": "conversationUpdate", "membersAdded": [user.account, BOT]})
    return activity


@dataclass
class TeamsHarness:
    bot: ExitBot
    url: str
    session: aiohttp.ClientSession
    connector: FakeBotConnector
    extra_headers: dict[str, str] = field(default_factory=dict)

    @property
    def service_url(self) -> str:
        return self.connector.service_url

    @property
    def adapter(self) -> TeamsAdapter:
        adapter = self.bot.platforms[Platform.TEAMS]
        assert isinstance(adapter, TeamsAdapter)
        return adapter

    async def post(self, activity: dict[str, Any], headers: dict[str, str] | None = None) -> int:
        async with self.session.post(
            f"{self.url}/api/messages",
            json=activity,
            headers={**self.extra_headers, **(headers or {})},
        ) as response:
            await response.read()
            return response.status

    async def settle(self) -> None:
        """Wait for the work the bot does after acknowledging (turns, HR commands, sends)."""
        async with asyncio.timeout(20):
            await self.bot.settle()

    async def send(self, activity: dict[str, Any]) -> list[PostedActivity]:
        """Post ``activity``, let the bot finish, return the messages it posted meanwhile."""
        before = len(self.connector.activities)
        status = await self.post(activity)
        assert status in (200, 201), status
        await self.settle()
        return [a for a in self.connector.activities[before:] if a.type != "typing"]

    async def say(self, user: TeamsUser, text: str) -> list[PostedActivity]:
        return await self.send(personal_message(self.service_url, user, text))

    async def click(self, user: TeamsUser, word: str) -> list[PostedActivity]:
        return await self.send(card_click(self.service_url, user, word))


def texts(activities: list[PostedActivity]) -> str:
    return "\n".join(a.text for a in activities)
