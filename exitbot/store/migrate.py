"""Applying Alembic migrations from code (``exitbot db upgrade`` and start-up on SQLite)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from exitbot.store.database import Database

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_LOCK = 0x6578697462


class SchemaOutOfDate(Exception):
    """The database is not at the newest migration; the message says what to run."""


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(database: Database, revision: str = "head") -> None:
    """Bring the schema to ``revision`` over the database's own engine."""

    def _run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with database.engine.begin() as conn:
        if not database.is_sqlite:
            # Replicas starting together with EXITBOT_MIGRATE_ON_START take turns: the
            # first migrates, the others then find the schema at head.
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        await conn.run_sync(_run)


async def current_revision(database: Database) -> str | None:
    def _read(connection: Connection) -> Any:
        return MigrationContext.configure(connection).get_current_revision()

    async with database.engine.connect() as conn:
        return await conn.run_sync(_read)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def ensure_schema(database: Database, *, migrate_postgres: bool = False) -> None:
    """Migrate SQLite automatically; on PostgreSQL insist on an explicit ``exitbot db upgrade``
    unless ``migrate_postgres`` (EXITBOT_MIGRATE_ON_START)."""
    if database.is_sqlite or migrate_postgres:
        await upgrade(database)
        return
    current = await current_revision(database)
    if current != head_revision():
        raise SchemaOutOfDate(
            f"DATABASE_URL: schema is at {current or 'nothing'}, expected {head_revision()}; "
            "run `exitbot db upgrade`"
        )
