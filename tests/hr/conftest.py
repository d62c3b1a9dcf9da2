"""Fixtures for HR command tests: the service on the test database with a fake outbound."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, tzinfo

import pytest

from exitbot.core.ports import OutboundRegistry
from exitbot.engine import InterviewEngine
from exitbot.hr import DigestCommands, GroupMembership, HrAuthorizer, HrCommandService
from exitbot.store import Database
from tests.conftest import FakeClock
from tests.hr.fake_outbound import FakeOutbound

ServiceFactory = Callable[..., HrCommandService]


@pytest.fixture
def outbound() -> FakeOutbound:
    return FakeOutbound()


@pytest.fixture
def outbounds(outbound: FakeOutbound) -> OutboundRegistry:
    registry = OutboundRegistry()
    registry.register(outbound)
    return registry


@pytest.fixture
def make_service(
    database: Database, engine: InterviewEngine, outbounds: OutboundRegistry, clock: FakeClock
) -> ServiceFactory:
    def factory(
        *,
        hr_users: Sequence[str] = ("slack:UHR1",),
        groups: GroupMembership | None = None,
        digests: DigestCommands | None = None,
        tz: tzinfo = UTC,
    ) -> HrCommandService:
        return HrCommandService(
            database=database,
            engine=engine,
            outbounds=outbounds,
            authorizer=HrAuthorizer(hr_users, groups),
            digests=digests,
            clock=clock,
            tz=tz,
        )

    return factory


@pytest.fixture
def service(make_service: ServiceFactory) -> HrCommandService:
    return make_service()
