"""Membership of the HR Slack user group (``HR_SLACK_USERGROUP``), cached for a few minutes."""

from __future__ import annotations

import asyncio

from slack_sdk.web.async_client import AsyncWebClient

from exitbot.core.clock import Clock
from exitbot.core.messages import Platform, UserRef

GROUP_TTL_SECONDS = 300.0


class SlackGroupMembership:
    """``exitbot.hr.GroupMembership`` for one Slack user group.

    The member list is fetched with ``usergroups.users.list`` at most once per TTL; a failed
    fetch raises, and the HR authorizer then refuses (fails closed).
    """

    def __init__(
        self,
        client: AsyncWebClient,
        usergroup_id: str,
        *,
        ttl_seconds: float = GROUP_TTL_SECONDS,
        clock: Clock,
    ) -> None:
        self._client = client
        self._group = usergroup_id
        self._ttl = ttl_seconds
        self._clock = clock
        self._members: frozenset[str] = frozenset()
        self._expires = float("-inf")
        self._refresh = asyncio.Lock()

    async def is_member(self, user: UserRef) -> bool:
        if user.platform is not Platform.SLACK:
            return False
        return user.user_id in await self.members()

    async def members(self) -> frozenset[str]:
        if self._expires > self._clock.monotonic():
            return self._members
        async with self._refresh:
            if self._expires <= self._clock.monotonic():
                response = await self._client.usergroups_users_list(
                    usergroup=self._group, include_disabled=False
                )
                self._members = frozenset(response.get("users") or [])
                self._expires = self._clock.monotonic() + self._ttl
        return self._members
