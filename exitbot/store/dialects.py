"""INSERT … ON CONFLICT for whichever database a session is on (PostgreSQL or SQLite)."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def dialect_of(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind else "sqlite"


def upsert_insert(dialect: str) -> Any:
    """The dialect's ``insert`` construct, the one that has ``on_conflict_do_…``."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


async def insert_ignoring_conflict(
    session: AsyncSession, table: Table, values: dict[str, Any], conflict_columns: list[str]
) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when a row was inserted."""
    statement = _ignoring(dialect_of(session), table, tuple(conflict_columns))
    result = await session.execute(statement, values)
    return bool(getattr(result, "rowcount", 0))


@functools.cache
def _ignoring(dialect: str, table: Table, conflict_columns: tuple[str, ...]) -> Any:
    """Built once per table: constructing statements costs more than running them."""
    return upsert_insert(dialect)(table).on_conflict_do_nothing(
        index_elements=list(conflict_columns)
    )
