"""Helpers and fixtures for digest and scheduler tests: interviews seeded through the engine, and
ExitBot processes built by bootstrap whose Slack side talks to the fake API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from adapters.slack.plugin import SlackPlugin
from exitbot.bootstrap import ExitBot, bootstrap
from exitbot.config import load_settings
from exitbot.core.messages import Platform, UserRef
from exitbot.engine import InterviewDetails, InterviewService
from exitbot.store import Database
from exitbot.store.models import Interview, Report
from tests.conftest import FakeClock
from tests.fakes.slack_api import BOT_TOKEN, FakeSlackApi, slack_api
from tests.support import complete_interview, say

__all__ = ["slack_api", "wired"]

HR_CHANNEL_ID = "CHR"
# Sunday 1 November 2026, 10:00 in Berlin: inside the period the Monday digest covers.
SEED_TIME = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
# Monday 2 November 2026, 09:00 CET is when "0 9 * * MON" in Europe/Berlin fires.
DIGEST_DUE = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def person(user_id: str, name: str | None) -> UserRef:
    return UserRef(Platform.SLACK, user_id, display_name=name, email=f"{user_id.lower()}@corp.test")


async def seed_completed(
    engine: InterviewService,
    user: UserRef,
    *,
    department: str | None = None,
    consent: str = "yes",
) -> int:
    """One whole interview through the engine, invited by HR with ``department``."""
    invitation = await engine.invite(user, InterviewDetails(department=department))
    await complete_interview(engine, user, consent=consent)
    assert invitation.interview_id is not None
    return invitation.interview_id


async def seed_started(engine: InterviewService, user: UserRef, consent: str = "yes") -> int:
    """An interview the employee consented to and then left (in progress)."""
    outcome = await engine.invite(user, InterviewDetails(department="Sales"))
    await say(engine, user, consent)
    assert outcome.interview_id is not None
    return outcome.interview_id


async def store_raw_quotes(database: Database, interview_id: int, quotes: list[str]) -> None:
    """What an LLM-written report may hold: quotes nobody redacted."""

    async def work(session):  # type: ignore[no-untyped-def]
        await session.execute(
            update(Report).where(Report.interview_id == interview_id).values(notable_quotes=quotes)
        )

    await database.transaction(work)


async def interview_status(database: Database, interview_id: int) -> str:
    async with database.session() as session:
        row = await session.get(Interview, interview_id)
        assert row is not None
        return row.status


WiredFactory = Callable[..., Awaitable[ExitBot]]


@pytest.fixture
async def wired(
    database_url: str, slack_api: FakeSlackApi, clock: FakeClock
) -> AsyncIterator[WiredFactory]:
    """Build as many ExitBot processes (each its own database pool) as a test wants, all on
    the test's clock: they are replicas of one deployment."""
    built: list[ExitBot] = []

    async def factory(**overrides: object) -> ExitBot:
        values: dict[str, object] = {
            "database_url": database_url,
            "slack_bot_token": BOT_TOKEN,
            "slack_signing_secret": "test-signing-secret",
            "slack_api_url": slack_api.base_url,
            "hr_channel": f"slack:{HR_CHANNEL_ID}",
            "timezone": "Europe/Berlin",
            "digest_cron": "0 9 * * MON",
            "llm_providers": "",
        }
        settings = load_settings(**{**values, **overrides})
        bot = await bootstrap(settings, clock=clock, plugins=[SlackPlugin()])
        built.append(bot)
        return bot

    yield factory
    for bot in built:
        await bot.close()


async def forget_what_was_sent(bot: ExitBot, slack: FakeSlackApi) -> None:
    """Deliver what seeding queued (invitations, questions), then clear the fake's record,
    so a test looks only at what comes next."""
    await bot.outbox.flush()
    slack.reset()
