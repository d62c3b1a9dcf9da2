"""Time-based rules over stored interviews: reminder claims, expiry, retention, and the
invitations that wait for their day.

Each rule is one function over the database, safe to run on every replica at once: claims
and state changes are conditional UPDATEs whose WHERE clause is re-checked under the row
lock (PostgreSQL) or the write lock (SQLite), so a row changes at most once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import String, cast, delete, null, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.core.messages import Platform
from exitbot.core.statuses import ACTIVE_STATUSES, InterviewStatus
from exitbot.store.database import Database
from exitbot.store.models import Employee, InboxEvent, Interview, Message

_ACTIVE = sorted(s.value for s in ACTIVE_STATUSES)
_INVITED = Interview.invite_at.is_(None)
"""Whether the employee was invited: an interview still waiting to invite is not idle."""


REMINDER_LOCAL_HOURS = range(9, 18)  # 09:00-17:59 on the employee's own clock, Mon-Fri


def is_reasonable_hour(now: datetime, timezone: str | None, default_tz: tzinfo) -> bool:
    """Whether ``now`` is working hours for someone in ``timezone`` (else ``default_tz``)."""
    try:
        tz: tzinfo = ZoneInfo(timezone) if timezone else default_tz
    except (ZoneInfoNotFoundError, ValueError):
        tz = default_tz
    local = now.astimezone(tz)
    return local.weekday() < 5 and local.hour in REMINDER_LOCAL_HOURS


async def claim_due_reminders(
    database: Database,
    now: datetime,
    idle_for: timedelta,
    platforms: Iterable[Platform],
    limit: int = 100,
    default_tz: tzinfo = UTC,
) -> list[int]:
    """Ids of active interviews idle for ``idle_for`` and never reminded, now marked reminded.

    Only interviews on ``platforms`` (those that can be reached) whose employee is within
    working hours on their own clock are claimed (the others wait for a later run); an
    interview claimed here is never returned again, by this or any other replica.
    """
    platform_values = [p.value for p in platforms]
    if not platform_values:
        return []
    cutoff = now - idle_for

    async def work(session: AsyncSession) -> list[int]:
        candidates = (
            select(Interview.id, Employee.timezone)
            .join(Employee, Employee.id == Interview.employee_id)
            .where(
                Interview.status.in_(_ACTIVE),
                Interview.last_activity_at < cutoff,
                Interview.reminded_at.is_(None),
                _INVITED,
                Employee.platform.in_(platform_values),
            )
            .order_by(Interview.last_activity_at)
            .limit(limit * 5)
        )
        rows = (await session.execute(candidates)).all()
        ids = [i for i, zone in rows if is_reasonable_hour(now, zone, default_tz)][:limit]
        if not ids:
            return []
        claimed = await session.execute(
            update(Interview)
            .where(
                Interview.id.in_(ids),
                Interview.reminded_at.is_(None),
                Interview.status.in_(_ACTIVE),
                Interview.last_activity_at < cutoff,
                _INVITED,
            )
            .values(reminded_at=now, **_new_version())
            .returning(Interview.id)
        )
        return sorted(claimed.scalars())

    return await database.transaction(work)


async def expire_idle_interviews(database: Database, now: datetime, idle_for: timedelta) -> int:
    """Mark active interviews idle for ``idle_for`` as expired; returns how many."""

    async def work(session: AsyncSession) -> int:
        result = await session.execute(
            update(Interview)
            .where(
                Interview.status.in_(_ACTIVE),
                Interview.last_activity_at < now - idle_for,
                _INVITED,
            )
            .values(status=InterviewStatus.EXPIRED.value, ended_at=now, **_new_version())
        )
        return int(getattr(result, "rowcount", 0) or 0)

    return await database.transaction(work)


async def due_invitations(
    database: Database, now: datetime, platforms: Iterable[Platform], limit: int = 100
) -> list[int]:
    """Ids of interviews whose waiting invitation is due by ``now`` (oldest first), for
    employees on ``platforms``. Nothing is claimed here: sending one clears its
    ``invite_at`` with a version check, so of replicas racing for it only one sends it."""
    platform_values = [p.value for p in platforms]
    if not platform_values:
        return []

    async def read(session: AsyncSession) -> list[int]:
        rows = await session.execute(
            select(Interview.id)
            .join(Employee, Employee.id == Interview.employee_id)
            .where(
                Interview.invite_at <= now,
                Interview.status == InterviewStatus.INVITED.value,
                Employee.platform.in_(platform_values),
            )
            .order_by(Interview.invite_at, Interview.id)
            .limit(limit)
        )
        return list(rows.scalars())

    return await database.read(read)


def _new_version() -> dict[str, Any]:
    """Bump the interview's optimistic-concurrency version (when the schema has one), so a
    turn computed meanwhile sees that the row changed instead of writing over the change."""
    version = Interview.__table__.c.get("version")
    return {"version": version + 1} if version is not None else {}


@dataclass(frozen=True, slots=True)
class PurgeResult:
    messages: int
    interviews: int
    inbox_events: int

    @property
    def total(self) -> int:
        return self.messages + self.interviews + self.inbox_events


async def purge_old_transcripts(
    database: Database, now: datetime, keep_for: timedelta, batch: int = 5000
) -> PurgeResult:
    """Erase transcript text older than ``keep_for``; reports (summaries) are kept.

    Message rows stay (order, role and sentiment still feed statistics) with their text
    removed; unfinished drafts of long-idle interviews and old inbox payloads go too.
    Work is done in batches so no transaction holds locks for long.
    """
    cutoff = now - keep_for

    async def clear_message_text(session: AsyncSession) -> int:
        ids = (
            select(Message.id)
            .where(Message.created_at < cutoff, Message.text.is_not(None))
            .limit(batch)
            .scalar_subquery()
        )
        result = await session.execute(update(Message).where(Message.id.in_(ids)).values(text=None))
        return int(getattr(result, "rowcount", 0) or 0)

    async def clear_drafts(session: AsyncSession) -> int:
        result = await session.execute(
            update(Interview)
            .where(
                Interview.status.not_in(_ACTIVE),
                Interview.last_activity_at < cutoff,
                Interview.pending_question.is_not(None)
                | (
                    Interview.draft_report.is_not(None)
                    & (cast(Interview.draft_report, String) != "null")
                ),
            )
            .values(draft_report=null(), pending_question=None, **_new_version())
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def delete_inbox_events(session: AsyncSession) -> int:
        ids = (
            select(InboxEvent.id).where(InboxEvent.received_at < cutoff).limit(batch)
        ).scalar_subquery()
        result = await session.execute(delete(InboxEvent).where(InboxEvent.id.in_(ids)))
        return int(getattr(result, "rowcount", 0) or 0)

    messages = await _in_batches(database, clear_message_text, batch)
    interviews = await database.transaction(clear_drafts)
    inbox_events = await _in_batches(database, delete_inbox_events, batch)
    result = PurgeResult(messages, interviews, inbox_events)
    if result.total:
        await database.after_erasure()
    return result


async def _in_batches(
    database: Database, step: Callable[[AsyncSession], Awaitable[int]], batch: int
) -> int:
    total = 0
    while True:
        changed = await database.transaction(step)
        total += changed
        if changed < batch:
            return total
