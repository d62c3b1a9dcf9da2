"""Who counts as HR: the ``HR_USERS`` list, or membership of an HR group (Slack user group)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import structlog

from exitbot.core.messages import UserRef

log = structlog.get_logger(__name__)


class GroupMembership(Protocol):
    """An HR group on one platform (Slack: ``usergroups.users.list``, cached by the adapter).

    Implementations answer False for users of other platforms.
    """

    async def is_member(self, user: UserRef) -> bool: ...


class HrAuthorizer:
    """Decides whether a caller may use HR commands; fails closed when the group is unknown."""

    def __init__(self, hr_users: Sequence[str], groups: GroupMembership | None = None) -> None:
        self._hr_users = frozenset(entry.strip() for entry in hr_users if entry.strip())
        self._groups = groups

    async def is_hr(self, user: UserRef) -> bool:
        """True when ``platform:user_id`` is in HR_USERS or the user is in the HR group."""
        if user.key in self._hr_users:
            return True
        if self._groups is None:
            return False
        try:
            return await self._groups.is_member(user)
        except Exception as exc:
            # A platform outage must not open HR commands to everyone, nor crash the command.
            log.warning("hr_group_check_failed", caller=user.key, error=str(exc))
            return False
