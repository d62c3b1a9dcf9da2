"""Fixtures for HR command tests: the service as bootstrap builds it, on the test database,
with a fake platform (sender and directory) in place of Slack."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import tzinfo
from typing import Any

import pytest

from exitbot.core.messages import Platform
from exitbot.engine import InterviewService
from exitbot.hr import GroupMembership, HrCommandService
from tests.conftest import BotFactory
from tests.hr.fake_outbound import FakeOutbound

ServiceFactory = Callable[..., Awaitable[HrCommandService]]


@pytest.fixture
def outbound() -> FakeOutbound:
    return FakeOutbound()


@pytest.fixture
def make_service(make_bot: BotFactory, outbound: FakeOutbound) -> ServiceFactory:
    async def factory(
        *,
        hr_users: Sequence[str] = ("slack:UHR1",),
        groups: GroupMembership | None = None,
        tz: tzinfo | None = None,
        platforms: dict[Platform, Any] | None = None,
    ) -> HrCommandService:
        fakes = platforms or {Platform.SLACK: outbound}
        settings: dict[str, Any] = {"hr_users": ",".join(hr_users)}
        if tz is not None:
            settings["timezone"] = str(tz)
        bot = await make_bot(settings=settings, senders=fakes, directories=fakes, hr_group=groups)
        return bot.hr

    return factory


@pytest.fixture
async def service(make_service: ServiceFactory) -> HrCommandService:
    return await make_service()


@pytest.fixture
async def engine(service: HrCommandService) -> InterviewService:
    """The interview service of the same ExitBot as ``service``."""
    return service.interviews
