"""Teams people ExitBot knows: their stored conversation references, found by id, email or name.

Teams lets a bot message someone first only through a conversation reference it has already
seen (install, conversationUpdate, or a message), so those are kept on the employee row.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, select

from adapters.teams.activities import REFERENCE_KEY
from exitbot.core.messages import ConversationRef, Platform, UserRef
from exitbot.core.ports import DeliveryError
from exitbot.store.database import Database
from exitbot.store.models import Employee
from exitbot.store.repository import InterviewRepository

_DECORATION = re.compile(r"^(?:teams:)|^<at>|</at>$|^<@|>$|^@")


class TeamsDirectory:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def remember(self, user: UserRef, conversation: ConversationRef, now: datetime) -> None:
        """Store ``conversation`` as the way to reach ``user`` (created as an employee if new)."""

        async def work(session: Any) -> None:
            repo = InterviewRepository(session, self._db.cipher)
            await repo.employee_for_update(user, now, conversation)

        await self._db.transaction(work)

    async def conversation_with(self, user: UserRef) -> ConversationRef | None:
        """The stored personal conversation with ``user``, or None if they never reached us."""
        employee = await self._employee(Employee.platform_user_id == user.user_id)
        stored = employee.conversation_ref if employee is not None else None
        if not stored or not (stored.get("extra") or {}).get(REFERENCE_KEY):
            return None
        return ConversationRef(
            Platform.TEAMS, stored["conversation_id"], dict(stored.get("extra") or {})
        )

    async def find(self, reference: str) -> UserRef | None:
        """A known Teams user from what HR typed: Entra object id, Teams id, email or name.

        Someone ExitBot has never heard from raises DeliveryError saying why: creating an
        interview for them would leave one nobody can reach (and Teams ids differ from the
        Entra id their own messages will carry).
        """
        wanted = _undecorate(reference)
        if not wanted:
            return None
        employee = (
            await self._employee(Employee.platform_user_id == wanted)
            or await self._employee(func.lower(Employee.email) == wanted.lower())
            or await self._by_teams_id(wanted)
            or await self._employee(func.lower(Employee.display_name) == wanted.lower())
        )
        if employee is None:
            raise DeliveryError(
                f"{_spoken(wanted)} has not installed or messaged ExitBot in Teams yet, so "
                "Teams does not allow the bot to message them first. Ask them to open "
                "ExitBot in Teams once (Apps > ExitBot), then try again"
            )
        return UserRef(
            Platform.TEAMS,
            employee.platform_user_id,
            display_name=employee.display_name,
            email=employee.email,
        )

    async def _by_teams_id(self, teams_id: str) -> Employee | None:
        """The employee whose stored reference names ``teams_id`` (a ``29:…`` channel id)."""
        async with self._db.session() as session:
            rows = await session.execute(
                select(Employee)
                .where(
                    Employee.platform == Platform.TEAMS.value,
                    cast(Employee.conversation_ref, String).contains(teams_id),
                )
                .limit(20)
            )
            for employee in rows.scalars():
                reference = ((employee.conversation_ref or {}).get("extra") or {}).get(
                    REFERENCE_KEY
                ) or {}
                if (reference.get("user") or {}).get("id") == teams_id:
                    return employee
        return None

    async def _employee(self, condition: Any) -> Employee | None:
        async with self._db.session() as session:
            rows = await session.execute(
                select(Employee)
                .where(Employee.platform == Platform.TEAMS.value, condition)
                .order_by(Employee.updated_at.desc())
                .limit(1)
            )
            return rows.scalar_one_or_none()


def _spoken(reference: str) -> str:
    """How to name an unknown person back to HR: "This person" rather than a raw Teams id."""
    if reference.startswith(("29:", "8:orgid:")) or re.fullmatch(r"[0-9a-fA-F-]{36}", reference):
        return "This person"
    return reference


def _undecorate(reference: str) -> str:
    value = reference.strip()
    previous = None
    while previous != value:
        previous = value
        value = _DECORATION.sub("", value).strip()
    return value
