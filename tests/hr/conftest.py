"""Fixtures for HR command tests: the service as bootstrap builds it, on the test database,
with a fake platform (sender and directory) in place of Slack."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import tzinfo
from typing import Any

import pytest

from exitbot.bootstrap import ExitBot
from exitbot.core.messages import Platform
from exitbot.engine import InterviewService
from exitbot.hr import GroupMembership, HrCommandService
from tests.conftest import BotFactory
from tests.hr.fake_outbound import FakeOutbound

ServiceFactory = Callable[..., Awaitable[HrCommandService]]
BotMaker = Callable[..., Awaitable[ExitBot]]


@pytest.fixture
def outbound() -> FakeOutbound:
    return FakeOutbound()


@pytest.fixture
def make_hr_bot(make_bot: BotFactory, outbound: FakeOutbound) -> BotMaker:
    async def factory(
        *,
        hr_users: Sequence[str] = ("slack:UHR1",),
        groups: GroupMembership | None = None,
        tz: tzinfo | None = None,
        platforms: dict[Platform, Any] | None = None,
    ) -> ExitBot:
        fakes = platforms or {Platform.SLACK: outbound}
        settings: dict[str, Any] = {"hr_users": ",".join(hr_users)}
        if tz is not None:
            settings["timezone"] = str(tz)
        return await make_bot(settings=settings, senders=fakes, directories=fakes, hr_group=groups)

    return factory


@pytest.fixture
def make_service(make_hr_bot: BotMaker) -> ServiceFactory:
    async def factory(**options: Any) -> HrCommandService:
        return (await make_hr_bot(**options)).hr

    return factory


@pytest.fixture
async def hr_bot(make_hr_bot: BotMaker) -> ExitBot:
    return await make_hr_bot()


@pytest.fixture
def service(hr_bot: ExitBot) -> HrCommandService:
    return hr_bot.hr


@pytest.fixture
def engine(hr_bot: ExitBot) -> InterviewService:
    """The interview service of the same ExitBot as ``service``."""
    return hr_bot.interviews
