"""Teams people ExitBot knows: their stored conversation references, found by id, email or name.

Teams lets a bot message someone first only through a conversation reference it has already
seen (install, conversationUpdate, or a message), so those are kept on the employee row by the
store's ``EmployeeDirectory``; this module knows what a Teams reference and a Teams id look like.
"""

from __future__ import annotations

import re
from datetime import datetime

from adapters.teams.activities import REFERENCE_KEY
from exitbot.core.messages import ConversationRef, Platform, UserRef
from exitbot.core.outgoing import DeliveryError
from exitbot.store.employees import EmployeeDirectory

_DECORATION = re.compile(r"^(?:teams:)|^<at>|</at>$|^<@|>$|^@")


class TeamsDirectory:
    def __init__(self, employees: EmployeeDirectory) -> None:
        self._employees = employees

    async def remember(self, user: UserRef, conversation: ConversationRef, now: datetime) -> None:
        """Store ``conversation`` as the way to reach ``user`` (created as an employee if new)."""
        await self._employees.remember(user, conversation, now)

    async def conversation_with(self, user: UserRef) -> ConversationRef | None:
        """The stored personal conversation with ``user``, or None if they never reached us."""
        conversation = await self._employees.conversation_with(user)
        if conversation is None or not conversation.extra.get(REFERENCE_KEY):
            return None
        return ConversationRef(Platform.TEAMS, conversation.conversation_id, conversation.extra)

    async def find(self, reference: str) -> UserRef | None:
        """A known Teams user from what HR typed: Entra object id, Teams id, email or name.

        Someone ExitBot has never heard from raises DeliveryError saying why: creating an
        interview for them would leave one nobody can reach (and Teams ids differ from the
        Entra id their own messages will carry).
        """
        wanted = _undecorate(reference)
        if not wanted:
            return None
        user = (
            await self._employees.by_user_id(wanted)
            or await self._employees.by_email(wanted)
            or await self._by_teams_id(wanted)
            or await self._employees.by_display_name(wanted)
        )
        if user is None:
            raise DeliveryError(
                f"{_spoken(wanted)} has not installed or messaged ExitBot in Teams yet, so "
                "Teams does not allow the bot to message them first. Ask them to open "
                "ExitBot in Teams once (Apps > ExitBot), then try again"
            )
        return user

    async def _by_teams_id(self, teams_id: str) -> UserRef | None:
        """The employee whose stored reference names ``teams_id`` (a ``29:…`` channel id)."""
        for user, conversation in await self._employees.with_conversation_mentioning(teams_id):
            reference = conversation.extra.get(REFERENCE_KEY) or {}
            if (reference.get("user") or {}).get("id") == teams_id:
                return user
        return None


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
