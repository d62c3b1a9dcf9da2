"""Sends to the connector that fail are retried by the outbox: throttling after the time Teams
asks for, transient failures with backoff, final ones given up at once; nothing is lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from types import SimpleNamespace

import pytest

from adapters.teams.errors import delivery_error
from exitbot.core.outgoing import DeliveryStatus
from tests.conftest import FakeClock
from tests.fakes.bot_connector import Failure
from tests.teams.conftest import HarnessFactory
from tests.teams.harness import ALICE, TeamsHarness


@pytest.fixture
async def teams(make_teams: HarnessFactory, clock: FakeClock) -> TeamsHarness:
    return await make_teams(bootstrap_overrides={"clock": clock})


async def _outbox_statuses(teams: TeamsHarness) -> list[DeliveryStatus]:
    failed = await teams.bot.outbox_store.undelivered(failed=True, limit=10)
    pending = await teams.bot.outbox_store.undelivered(failed=False, limit=10)
    return [e.status for e in failed + pending]


async def test_throttling_is_retried_after_the_time_teams_asks_for(
    teams: TeamsHarness, clock: FakeClock
) -> None:
    teams.connector.fail_next(Failure(429, retry_after="3"))

    assert await teams.say(ALICE, "hi") == []
    assert teams.connector.attempts == 1
    clock.advance(seconds=2)
    await teams.settle()
    assert teams.connector.attempts == 1, "not before Teams said"
    clock.advance(seconds=1)
    await teams.settle()

    [invitation] = teams.connector.messages(ALICE.dm_id)
    assert "I'm ExitBot" in invitation.text
    assert teams.connector.attempts == 2


@pytest.mark.parametrize("status", [412, 500, 502, 503, 504])
async def test_transient_failures_are_retried_with_backoff(
    teams: TeamsHarness, clock: FakeClock, status: int
) -> None:
    teams.connector.fail_next(Failure(status), Failure(status))

    assert await teams.say(ALICE, "hi") == []
    for _ in range(2):
        clock.advance(minutes=1)
        await teams.settle()

    assert len(teams.connector.messages(ALICE.dm_id)) == 1
    assert teams.connector.attempts == 3


async def test_a_long_retry_after_is_honoured(teams: TeamsHarness, clock: FakeClock) -> None:
    teams.connector.fail_next(Failure(429, retry_after="3600"))
    await teams.say(ALICE, "hi")
    clock.advance(minutes=59)
    await teams.settle()
    assert teams.connector.messages(ALICE.dm_id) == []
    clock.advance(minutes=1)
    await teams.settle()
    assert len(teams.connector.messages(ALICE.dm_id)) == 1


@pytest.mark.parametrize("status", [400, 403, 404])
async def test_final_failures_are_given_up_at_once(
    teams: TeamsHarness, clock: FakeClock, status: int
) -> None:
    teams.connector.fail_next(Failure(status))
    assert await teams.say(ALICE, "hi") == []
    clock.advance(hours=1)
    await teams.settle()
    assert teams.connector.attempts == 1
    assert await _outbox_statuses(teams) == [DeliveryStatus.FAILED]


async def test_giving_up_at_the_end_of_the_window_keeps_the_interview(
    teams: TeamsHarness, clock: FakeClock
) -> None:
    teams.connector.fail_next(*[Failure(502)] * 100)
    assert await teams.say(ALICE, "hi") == []
    for _ in range(30):
        clock.advance(hours=1)
        await teams.settle()
    assert await _outbox_statuses(teams) == [DeliveryStatus.FAILED]
    attempts = teams.connector.attempts
    assert 3 <= attempts < 100
    # Nothing was lost: the invitation is there to repeat on the next message.
    teams.connector.reset()
    replies = await teams.say(ALICE, "what was that?")
    assert "To begin, say" in replies[0].text


def test_retry_after_may_be_an_http_date() -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30))
    throttled = Exception("429")
    throttled.response = SimpleNamespace(  # type: ignore[attr-defined]
        status_code=429, headers={"Retry-After": when}
    )

    error = delivery_error("Teams did not accept the reply", throttled)
    assert error.retryable is True
    assert error.retry_after is not None
    assert 25 <= error.retry_after <= 30
