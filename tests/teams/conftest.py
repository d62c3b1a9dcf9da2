"""Fixtures: a fake Bot Framework connector and ExitBot served with the Teams adapter on."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

import aiohttp
import pytest

from adapters.teams.adapter import TeamsOptions
from adapters.teams.plugin import TeamsPlugin
from exitbot.bootstrap import bootstrap
from exitbot.config import load_settings
from exitbot.web.app import create_app
from tests.fakes.bot_connector import FakeBotConnector
from tests.hosting import hosted
from tests.teams.harness import HANNA, TeamsHarness

HR_USERS = [f"teams:{HANNA.aad_object_id}"]

HarnessFactory = Callable[..., Awaitable[TeamsHarness]]


@pytest.fixture
async def connector() -> AsyncIterator[FakeBotConnector]:
    async with FakeBotConnector() as fake:
        yield fake


@pytest.fixture
async def make_teams(
    database_url: str, connector: FakeBotConnector
) -> AsyncIterator[HarnessFactory]:
    """The served app as ``exitbot serve`` builds it: ``make_teams(options=..., **settings)``,
    with ``bootstrap=`` overrides (a clock, delivery timings) for the tests that need them."""
    async with AsyncExitStack() as stack:

        async def factory(
            *,
            options: TeamsOptions | None = None,
            bootstrap_overrides: dict[str, Any] | None = None,
            **overrides: object,
        ) -> TeamsHarness:
            values: dict[str, object] = {
                "database_url": database_url,
                "teams_emulator": True,
                "hr_users": HR_USERS,
                "llm_providers": "",
            }
            values.update(overrides)
            bot = await bootstrap(
                load_settings(**values),
                plugins=[TeamsPlugin(options or TeamsOptions())],
                **(bootstrap_overrides or {}),
            )
            url = await stack.enter_async_context(hosted(create_app(bot, scheduler=False)))
            session = await stack.enter_async_context(aiohttp.ClientSession())
            return TeamsHarness(bot, url, session, connector)

        yield factory


@pytest.fixture
async def teams(make_teams: HarnessFactory) -> TeamsHarness:
    return await make_teams()
