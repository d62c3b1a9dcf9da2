"""Fixtures: a fake Bot Framework connector and ExitBot's app with the Teams adapter mounted."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack

import pytest

from adapters.teams import TeamsOptions, mount_teams
from exitbot.bootstrap import build_services
from exitbot.config import load_settings
from exitbot.web.app import create_app
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.harness import HANNA, TeamsHarness, start_harness

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
    """Build the served app: ``make_teams(**settings)``; ``options=`` mounts Teams by hand."""
    async with AsyncExitStack() as stack:

        async def factory(
            *, options: TeamsOptions | None = None, **overrides: object
        ) -> TeamsHarness:
            values: dict[str, object] = {
                "database_url": database_url,
                "teams_emulator": True,
                "hr_users": HR_USERS,
            }
            values.update(overrides)
            services = await build_services(load_settings(**values))
            stack.push_async_callback(services.close)
            if options is None:
                app = create_app(services)
            else:
                from aiohttp import web

                app = web.Application()
                mount_teams(app, services, options=options)
            harness = await start_harness(services, connector, app)
            stack.push_async_callback(harness.client.close)
            return harness

        yield factory


@pytest.fixture
async def teams(make_teams: HarnessFactory) -> TeamsHarness:
    return await make_teams()
