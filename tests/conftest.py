"""Shared fixtures: a migrated database per test on SQLite and on PostgreSQL, and an engine.

PostgreSQL: a fresh database is created for each test run (dropped at the end) on the server
at EXITBOT_TEST_POSTGRES_URL (default: the local one). When it cannot be reached the
PostgreSQL half is skipped locally, and fails under CI so a green CI always means both ran.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import shutil
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import structlog

from exitbot.bootstrap import ExitBot, bootstrap
from exitbot.config import Settings, load_settings
from exitbot.core.messages import ConversationRef, Platform
from exitbot.core.misconduct import MisconductCategory
from exitbot.core.outgoing import Outgoing
from exitbot.core.plan import QuestionPlan
from exitbot.engine import InterviewService
from exitbot.hr.alerts import HrAlertRouting
from exitbot.logs import configure_logging
from exitbot.store import Database, TextCipher
from exitbot.store.migrate import upgrade
from exitbot.store.models import Base

# Tests send answers back to back at one instant of the test clock: each is its own answer
# unless a test turns joining on (ANSWER_JOIN_SECONDS) to check one thought in two messages.
os.environ.setdefault("ANSWER_JOIN_SECONDS", "0")
# Likewise a whole interview is often answered within one instant: no flood unless tested.
os.environ.setdefault("DM_MESSAGES_PER_MINUTE", "10000")
os.environ.setdefault("HR_COMMANDS_PER_MINUTE", "10000")
# The tests log as `exitbot` does (plain tracebacks, no frame locals): structlog's default
# would render every expected failure as a rich traceback, slowly.
configure_logging("console", "INFO")
os.environ.setdefault("API_WRITES_PER_MINUTE", "10000")

# The offline guard (tests/offline.py) runs around every test; pytester runs it in a child pytest.
pytest_plugins = ("tests.offline", "pytester")

POSTGRES_ADMIN_URL = os.environ.get(
    "EXITBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        action="append",
        choices=BACKENDS,
        help="run database tests only on this backend (repeatable); default: both",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_backend" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("--db") or list(BACKENDS)
        metafunc.parametrize("db_backend", chosen, scope="session")


class FakeClock:
    """The one clock, moved by the test: starts at a fixed instant. Its monotonic scale
    follows real time plus every ``advance``, so timeouts still run out."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
        self._skipped = 0.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return time.monotonic() + self._skipped

    def set(self, moment: datetime) -> None:
        self._now = moment

    def advance(self, seconds: float = 0, **delta: float) -> None:
        step = timedelta(seconds=seconds, **delta)
        self._now += step
        self._skipped += step.total_seconds()


class RecordingAlerts:
    """Alert routing that keeps what was raised and sends each alert to one HR channel."""

    CHANNEL = ConversationRef(Platform.SLACK, "CHR")

    def __init__(self) -> None:
        self.raised: list[tuple[int, frozenset[MisconductCategory]]] = []

    def alert_messages(
        self, interview_id: int, categories: frozenset[MisconductCategory]
    ) -> list[Outgoing]:
        self.raised.append((interview_id, categories))
        return HrAlertRouting(hr_channel=self.CHANNEL).alert_messages(interview_id, categories)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    name = f"exitbot_test_{os.getpid()}_{secrets.token_hex(3)}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    try:
        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as exc:
        message = f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    url = f"{base}/{name}"

    async def migrate() -> None:
        database = Database(url)
        await upgrade(database)
        await database.dispose()

    asyncio.run(migrate())
    yield url
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"

    async def migrate() -> None:
        database = Database(f"sqlite+aiosqlite:///{path}")
        await upgrade(database)
        await database.after_erasure()  # checkpoint, so the copy below is complete
        await database.dispose()

    asyncio.run(migrate())
    return path


@pytest.fixture
def database_url(db_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if db_backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / "exitbot.db"
        shutil.copy(template, target)
        yield f"sqlite+aiosqlite:///{target}"
        return
    url: str = request.getfixturevalue("postgres_url")
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    asyncpg_url = url.replace("postgresql+asyncpg://", "postgresql://")

    async def truncate() -> None:
        conn = await asyncpg.connect(asyncpg_url)
        try:
            await conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        finally:
            await conn.close()

    asyncio.run(truncate())
    yield url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    yield db
    await db.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def alerts() -> RecordingAlerts:
    return RecordingAlerts()


BotFactory = Callable[..., Awaitable[ExitBot]]


def test_settings(database_url: str, **overrides: Any) -> Settings:
    """Settings for a test: its database, no LLM, no chat platform unless asked for."""
    values: dict[str, Any] = {"database_url": database_url, "llm_providers": ""}
    values.update(overrides)
    return load_settings(**values)


@pytest.fixture
async def make_bot(
    database_url: str, clock: FakeClock, alerts: RecordingAlerts
) -> AsyncIterator[BotFactory]:
    """``await make_bot(settings=..., **overrides)``: ExitBot through the real bootstrap on the
    test database (no platforms unless ``plugins`` says so), closed after the test."""
    async with AsyncExitStack() as stack:

        async def factory(*, settings: dict[str, Any] | None = None, **overrides: Any) -> ExitBot:
            options: dict[str, Any] = {"clock": clock, "alerts": alerts, "plugins": []}
            options.update(overrides)
            bot = await bootstrap(test_settings(database_url, **(settings or {})), **options)
            stack.push_async_callback(bot.close)
            return bot

        yield factory


EngineFactory = Callable[..., Awaitable[InterviewService]]


@pytest.fixture
def make_engine(make_bot: BotFactory) -> EngineFactory:
    """``await make_engine(interviewer=..., plan=..., max_turns=...)``: the interview service."""

    async def factory(
        *,
        plan: QuestionPlan | None = None,
        max_turns: int | None = None,
        **overrides: Any,
    ) -> InterviewService:
        bot = await make_bot(**overrides)
        if plan is not None or max_turns is not None:
            bot.interviews.rules = replace(
                bot.interviews.rules,
                plan=plan or bot.interviews.rules.plan,
                max_turns=max_turns or bot.interviews.rules.max_turns,
            )
        return bot.interviews

    return factory


@pytest.fixture
async def engine(make_engine: EngineFactory) -> InterviewService:
    return await make_engine()


@pytest.fixture
def encrypted_database_factory(database_url: str) -> Callable[[str], Database]:
    return lambda key: Database(database_url, cipher=TextCipher(key))


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GROQ_", "OLLAMA_"))}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    env["HOME"] = str(tmp_path)
    return env


@pytest.fixture(autouse=True)
def _logging_as_it_was() -> Iterator[None]:
    """A command run in-process (click's CliRunner) configures logging for itself; the next
    test gets the configuration it had before, so its captured log lines are all there."""
    config = structlog.get_config()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    structlog.configure(**config)
    root.handlers[:] = handlers
    root.setLevel(level)
