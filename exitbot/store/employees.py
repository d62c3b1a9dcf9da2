"""People ExitBot has heard from on one platform, and the conversation to reach each of them.

Some platforms (Teams) let a bot message someone first only through a conversation reference
it has already seen, so the latest one is kept on the employee row. What a reference holds is
the platform's business; this module stores it and finds people by id, email or name.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, String, Table, func, null, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.core.messages import ConversationRef, Platform, UserRef, conversation_to_json
from exitbot.store.database import Database
from exitbot.store.dialects import dialect_of, upsert_insert
from exitbot.store.models import Employee

CANDIDATES = 20
_EMPLOYEES = cast(Table, Employee.__table__)


class EmployeeDirectory:
    """The employees of ``platform``; the most recently updated wins when several match."""

    def __init__(self, database: Database, platform: Platform) -> None:
        self._db = database
        self._platform = platform

    async def remember(self, user: UserRef, conversation: ConversationRef, now: datetime) -> None:
        """Store ``conversation`` as the way to reach ``user`` (created as an employee if new)."""
        await self._db.transaction(
            lambda session: upsert_employee(session, user, conversation, now)
        )

    async def conversation_with(self, user: UserRef) -> ConversationRef | None:
        """The conversation stored for ``user``, or None if none was ever seen."""
        employee = await self._first(Employee.platform_user_id == user.user_id)
        return self._conversation(employee) if employee is not None else None

    async def by_user_id(self, user_id: str) -> UserRef | None:
        return _user(await self._first(Employee.platform_user_id == user_id))

    async def by_email(self, email: str) -> UserRef | None:
        """Case-insensitive, as people type addresses."""
        return _user(await self._first(func.lower(Employee.email) == email.lower()))

    async def by_display_name(self, name: str) -> UserRef | None:
        """Case-insensitive; the exact whole name only."""
        return _user(await self._first(func.lower(Employee.display_name) == name.lower()))

    async def with_conversation_mentioning(
        self, text: str
    ) -> list[tuple[UserRef, ConversationRef]]:
        """Employees whose stored conversation reference contains ``text`` anywhere (at most
        ``CANDIDATES``), for the platform to check which reference really names it."""
        async with self._db.session() as session:
            rows = await session.execute(
                select(Employee)
                .where(
                    Employee.platform == self._platform.value,
                    sql_cast(Employee.conversation_ref, String).contains(text),
                )
                .limit(CANDIDATES)
            )
            employees = list(rows.scalars())
        found = []
        for employee in employees:
            user, conversation = _user(employee), self._conversation(employee)
            if user is not None and conversation is not None:
                found.append((user, conversation))
        return found

    def _conversation(self, employee: Employee) -> ConversationRef | None:
        stored: dict[str, Any] = employee.conversation_ref or {}
        if not stored.get("conversation_id"):
            return None
        return ConversationRef(
            Platform(stored.get("platform") or self._platform),
            str(stored["conversation_id"]),
            dict(stored.get("extra") or {}),
        )

    async def _first(self, condition: ColumnElement[bool]) -> Employee | None:
        async with self._db.session() as session:
            rows = await session.execute(
                select(Employee)
                .where(Employee.platform == self._platform.value, condition)
                .order_by(Employee.updated_at.desc())
                .limit(1)
            )
            return rows.scalar_one_or_none()


def _user(employee: Employee | None) -> UserRef | None:
    if employee is None:
        return None
    return UserRef(
        Platform(employee.platform),
        employee.platform_user_id,
        display_name=employee.display_name,
        email=employee.email,
        timezone=employee.timezone,
    )


async def upsert_employee(
    session: AsyncSession, user: UserRef, conversation: ConversationRef | None, now: datetime
) -> int:
    """The employee's id, inserting them or refreshing what the platform now tells about them
    (name, email, timezone, the conversation to reach them); their row stays locked until the
    transaction ends."""
    values = {
        "platform": user.platform.value,
        "platform_user_id": user.user_id,
        "display_name": user.display_name,
        "email": user.email,
        "timezone": user.timezone,
        "conversation_ref": conversation_to_json(conversation) if conversation else null(),
        "created_at": now,
        "updated_at": now,
    }
    result = await session.execute(_upsert_statement(dialect_of(session)), values)
    return int(result.scalar_one())


@functools.cache
def _upsert_statement(dialect: str) -> Any:
    statement = upsert_insert(dialect)(_EMPLOYEES)
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["platform", "platform_user_id"],
        set_={
            "display_name": func.coalesce(excluded.display_name, _EMPLOYEES.c.display_name),
            "email": func.coalesce(excluded.email, _EMPLOYEES.c.email),
            "timezone": func.coalesce(excluded.timezone, _EMPLOYEES.c.timezone),
            "conversation_ref": func.coalesce(
                excluded.conversation_ref, _EMPLOYEES.c.conversation_ref
            ),
            "updated_at": excluded.updated_at,
        },
    ).returning(_EMPLOYEES.c.id)
