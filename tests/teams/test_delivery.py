"""Sends to the connector retry throttling and transient failures, honouring Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from adapters.teams import RetryPolicy, TeamsOptions
from adapters.teams.delivery import retry_after_seconds
from tests.fakes.bot_connector import Failure
from tests.teams.conftest import HarnessFactory
from tests.teams.harness import ALICE, TeamsHarness


class RecordingSleep:
    """Stands in for asyncio.sleep inside the retry policy: records, never waits."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
async def teams(make_teams: HarnessFactory, sleeps: RecordingSleep) -> TeamsHarness:
    policy = RetryPolicy(attempts=4, first_delay=0.25, max_delay=10.0, sleep=sleeps)
    return await make_teams(options=TeamsOptions(retry=policy))


async def test_throttling_is_retried_after_the_time_teams_asks_for(
    teams: TeamsHarness, sleeps: RecordingSleep
) -> None:
    teams.connector.fail_next(Failure(429, retry_after="3"))

    replies = await teams.say(ALICE, "hi")

    assert len(replies) == 1
    assert "I'm ExitBot" in replies[0].text
    assert teams.connector.attempts == 2
    assert sleeps.waits == [3.0]


@pytest.mark.parametrize("status", [412, 502, 504])
async def test_transient_failures_are_retried_with_backoff(
    teams: TeamsHarness, sleeps: RecordingSleep, status: int
) -> None:
    teams.connector.fail_next(Failure(status), Failure(status))

    replies = await teams.say(ALICE, "hi")

    assert len(replies) == 1
    assert teams.connector.attempts == 3
    assert len(sleeps.waits) == 2
    assert 0.25 <= sleeps.waits[0] <= 0.5
    assert 0.5 <= sleeps.waits[1] <= 0.75


async def test_a_long_retry_after_is_capped(teams: TeamsHarness, sleeps: RecordingSleep) -> None:
    teams.connector.fail_next(Failure(429, retry_after="3600"))
    await teams.say(ALICE, "hi")
    assert sleeps.waits == [10.0]


@pytest.mark.parametrize("status", [400, 403, 404, 500])
async def test_other_failures_are_not_retried(
    teams: TeamsHarness, sleeps: RecordingSleep, status: int
) -> None:
    teams.connector.fail_next(Failure(status))
    replies = await teams.say(ALICE, "hi")
    assert replies == []
    assert teams.connector.attempts == 1
    assert sleeps.waits == []


async def test_giving_up_after_the_last_attempt_keeps_the_interview(
    teams: TeamsHarness, sleeps: RecordingSleep
) -> None:
    teams.connector.fail_next(Failure(502), *[Failure(429, retry_after="1")] * 3)
    assert await teams.say(ALICE, "hi") == []
    assert teams.connector.attempts == 4
    assert len(sleeps.waits) == 3
    # Nothing was lost: the invitation is there to repeat on the next message.
    replies = await teams.say(ALICE, "what was that?")
    assert "To begin, say" in replies[0].text


def test_retry_after_may_be_an_http_date() -> None:
    from types import SimpleNamespace

    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30))
    throttled = Exception("429")
    throttled.response = SimpleNamespace(headers={"Retry-After": when})  # type: ignore[attr-defined]

    seconds = retry_after_seconds(throttled)
    assert seconds is not None
    assert 25 <= seconds <= 30
