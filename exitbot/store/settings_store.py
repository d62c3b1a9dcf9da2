"""Run-time settings kept in the database (e.g. the digest channel chosen with `digest here`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from exitbot.store.database import Database
from exitbot.store.models import Setting

DIGEST_CHANNEL = "digest_channel"


class SettingsStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def get(self, key: str) -> Any | None:
        async with self._db.session() as session:
            row = (
                await session.execute(select(Setting).where(Setting.key == key))
            ).scalar_one_or_none()
            return None if row is None else row.value

    async def set(self, key: str, value: Any, now: datetime) -> None:
        async def work(session):  # type: ignore[no-untyped-def]
            row = await session.get(Setting, key, with_for_update=True)
            if row is None:
                session.add(Setting(key=key, value=value, updated_at=now))
            else:
                row.value = value
                row.updated_at = now

        await self._db.transaction(work)
