"""``exitbot serve`` killed with SIGKILL during a platform outage, started again after it:
the reply to the answer given during the outage, and the HR alert it raised, arrive once.

Real processes, the real command line, the platform fakes in this process; the outage lasts
until the test ends it. The database is the test's own.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from exitbot.store import Database
from exitbot.store.models import OutboxMessage
from tests.fakes.bot_connector import Failure, FakeBotConnector
from tests.fakes.server import ScriptedResponse
from tests.fakes.slack_api import BOT_TOKEN, FakeSlackApi, dm_channel_for
from tests.serving import START_WITHIN, serving
from tests.slack.harness import EMPLOYEE, SIGNING_SECRET, dm_event_body, sign
from tests.teams.harness import ALICE, HANNA, personal_install, personal_message

REPORT = "My manager harassed me in meetings and nobody listened when I raised it."
SECOND_QUESTION = "How well did your role match what you expected when you joined?"


async def _wait_for_rows(database: Database, settled: Callable[[int, int], bool]) -> None:
    """Until ``settled(pending, leased)`` holds for the outbox rows (polled: another process
    writes them)."""
    async with asyncio.timeout(START_WITHIN):
        while True:
            async with database.session() as session:
                pending = (
                    await session.execute(
                        select(func.count())
                        .select_from(OutboxMessage)
                        .where(OutboxMessage.status == "pending")
                    )
                ).scalar_one()
                leased = (
                    await session.execute(
                        select(func.count())
                        .select_from(OutboxMessage)
                        .where(
                            OutboxMessage.status == "pending",
                            OutboxMessage.lease_until.is_not(None),
                        )
                    )
                ).scalar_one()
            if settled(pending, leased):
                return
            await asyncio.sleep(0.05)


def _base_env(database_url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "GROQ_", "OLLAMA_", "MICROSOFT_", "HR_", "TEAMS_"))
    }
    env |= {"DATABASE_URL": database_url, "LLM_PROVIDERS": "", "LOG_LEVEL": "WARNING"}
    return env


async def test_slack_reply_and_alert_survive_a_kill_during_an_outage(
    database_url: str, database: Database
) -> None:
    async with FakeSlackApi() as slack:
        env = _base_env(database_url) | {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.base_url,
            "HR_CHANNEL": "slack:CHR",
        }
        outage = {"on": False}

        async def dm(url: str, text: str) -> None:
            body = json.dumps(dm_event_body(EMPLOYEE, text))
            headers = {"Content-Type": "application/json", **sign(body)}
            async with (
                aiohttp.ClientSession() as session,
                session.post(f"{url}/slack/events", data=body, headers=headers) as r,
            ):
                assert r.status == 200

        def posts() -> list[dict[str, Any]]:
            return slack.messages

        async with serving(env) as served:
            url, process = served.url, served.process
            await dm(url, "hi")
            await slack.wait_until(lambda: len(posts()) == 1, within=30)
            await dm(url, "yes")
            await slack.wait_until(lambda: len(posts()) == 3, within=30)
            slack.down_while(
                "chat.postMessage", ScriptedResponse(500, text="down"), lambda: outage["on"]
            )
            outage["on"] = True
            attempts = slack.call_count("chat.postMessage")
            await dm(url, REPORT)
            # Both the reply and the alert were tried (and refused) at least once.
            await slack.wait_until(
                lambda: slack.call_count("chat.postMessage") >= attempts + 2, within=30
            )
            await _wait_for_rows(database, lambda pending, leased: pending >= 2 and not leased)
            process.send_signal(signal.SIGKILL)
            await process.wait()
        outage["on"] = False

        async with serving(env):
            await _wait_for_rows(database, lambda pending, leased: pending == 0)

        texts = [m["text"] for m in slack.channel_messages(dm_channel_for(EMPLOYEE))]
        assert texts.count(SECOND_QUESTION) == 1
        [alert] = slack.channel_messages("CHR")
        assert "harassment" in alert["text"]


@pytest.mark.parametrize("status", [503])
async def test_teams_reply_and_alert_survive_a_kill_during_an_outage(
    database_url: str, database: Database, status: int
) -> None:
    async with FakeBotConnector() as connector:
        env = _base_env(database_url) | {
            "TEAMS_EMULATOR": "true",
            "HR_USERS": f"teams:{HANNA.aad_object_id}",
        }
        outage = {"on": False}

        async def post(url: str, activity: dict[str, Any]) -> None:
            async with (
                aiohttp.ClientSession() as session,
                session.post(f"{url}/api/messages", json=activity) as r,
            ):
                assert r.status in (200, 201)

        def replies() -> list[str]:
            return [a.text for a in connector.messages(ALICE.dm_id)]

        async with serving(env) as served:
            url, process = served.url, served.process
            await post(url, personal_install(connector.service_url, HANNA))
            await post(url, personal_message(connector.service_url, ALICE, "hi"))
            await connector.wait_until(lambda: len(replies()) == 1, within=30)
            await post(url, personal_message(connector.service_url, ALICE, "yes"))
            await connector.wait_until(lambda: len(replies()) == 3, within=30)
            connector.down_while("conversations", Failure(status).response(), lambda: outage["on"])
            outage["on"] = True
            attempts = connector.attempts
            await post(url, personal_message(connector.service_url, ALICE, REPORT))
            await connector.wait_until(lambda: connector.attempts >= attempts + 2, within=30)
            await _wait_for_rows(database, lambda pending, leased: pending >= 2 and not leased)
            process.send_signal(signal.SIGKILL)
            await process.wait()
        outage["on"] = False

        async with serving(env):
            await _wait_for_rows(database, lambda pending, leased: pending == 0)

        assert replies().count(SECOND_QUESTION) == 1
        [alert] = connector.messages(HANNA.dm_id)
        assert "harassment" in alert.text
