"""Shared fixtures: a migrated database per test on SQLite and on PostgreSQL, and an engine.

PostgreSQL: a fresh database is created for each test run (dropped at the end) on the server
at EXITBOT_TEST_POSTGRES_URL (default: the local one). When it cannot be reached the
PostgreSQL half is skipped locally, and fails under CI so a green CI always means both ran.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from exitbot.core.interviewer import Interviewer
from exitbot.core.misconduct import KeywordMisconductDetector, MisconductAlert
from exitbot.core.plan import DEFAULT_PLAN, QuestionPlan
from exitbot.engine import EngineOptions, InterviewEngine
from exitbot.interviewers.scripted.interviewer import ScriptedInterviewer
from exitbot.store import Database, TextCipher
from exitbot.store.migrate import upgrade
from exitbot.store.models import Base

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
    """A controllable clock for the engine; starts at a fixed instant."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class RecordingAlerts:
    """An AlertSink that keeps what it was sent."""

    def __init__(self) -> None:
        self.alerts: list[MisconductAlert] = []

    async def misconduct(self, alert: MisconductAlert) -> None:
        self.alerts.append(alert)


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


EngineFactory = Callable[..., InterviewEngine]


@pytest.fixture
def make_engine(database: Database, clock: FakeClock, alerts: RecordingAlerts) -> EngineFactory:
    """Build an engine on the test database; keyword arguments override the defaults."""

    def factory(
        *,
        interviewer: Interviewer | None = None,
        plan: QuestionPlan = DEFAULT_PLAN,
        options: EngineOptions | None = None,
        db: Database | None = None,
    ) -> InterviewEngine:
        return InterviewEngine(
            db or database,
            interviewer or ScriptedInterviewer(),
            plan,
            detector=KeywordMisconductDetector(),
            alerts=alerts,
            options=options,
            clock=clock,
        )

    return factory


@pytest.fixture
def engine(make_engine: EngineFactory) -> InterviewEngine:
    return make_engine()


@pytest.fixture
def encrypted_database_factory(database_url: str) -> Callable[[str], Database]:
    return lambda key: Database(database_url, cipher=TextCipher(key))
