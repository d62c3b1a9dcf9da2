"""Who a Slack user is (name, email, timezone), from ``users.info``, cached for a while.

Every employee message needs the sender's name and email for their employee row, and HR's
``start`` needs to resolve a mention, a user id or an email; caching keeps those lookups off
the Web API's rate limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.client import api_error
from exitbot.core.clock import Clock
from exitbot.core.messages import Platform, UserRef

log = structlog.get_logger(__name__)

PROFILE_TTL_SECONDS = 600.0
MAX_CACHED_PROFILES = 10_000

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_USER_ID = re.compile(r"@?([UW][A-Z0-9]{2,})")
_MAILTO = re.compile(r"<mailto:([^|>]+)(?:\|[^>]*)?>")
_EMAIL = re.compile(r"[^@\s<>|]+@[^@\s<>|]+\.[^@\s<>|]+")


@dataclass(frozen=True, slots=True)
class SlackProfile:
    """The parts of a Slack user ExitBot uses."""

    user_id: str
    display_name: str | None
    email: str | None
    timezone: str | None
    is_bot: bool = False
    deleted: bool = False
    locale: str | None = None

    def to_user(self) -> UserRef:
        return UserRef(
            Platform.SLACK,
            self.user_id,
            self.display_name,
            self.email,
            timezone=self.timezone,
            locale=self.locale,
        )

    @classmethod
    def from_api(cls, user: dict[str, Any]) -> SlackProfile:
        profile = user.get("profile") or {}
        name = (
            profile.get("real_name")
            or user.get("real_name")
            or profile.get("display_name")
            or user.get("name")
        )
        return cls(
            user_id=user["id"],
            display_name=name or None,
            email=profile.get("email") or None,
            timezone=user.get("tz") or None,
            is_bot=bool(user.get("is_bot")) or user.get("id") == "USLACKBOT",
            deleted=bool(user.get("deleted")),
            locale=user.get("locale") or None,
        )


class SlackDirectory:
    """``users.info`` / ``users.lookupByEmail`` with a per-process TTL cache."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        ttl_seconds: float = PROFILE_TTL_SECONDS,
        clock: Clock,
    ) -> None:
        self._client = client
        self._ttl = ttl_seconds
        self._clock = clock
        self._cache: dict[str, tuple[float, SlackProfile]] = {}

    async def profile(self, user_id: str) -> SlackProfile | None:
        """The user's profile (cached); None when Slack does not know them."""
        cached = self._cache.get(user_id)
        if cached is not None and cached[0] > self._clock.monotonic():
            return cached[1]
        try:
            response = await self._client.users_info(user=user_id, include_locale=True)
        except SlackApiError as exc:
            if api_error(exc) in ("user_not_found", "user_not_visible"):
                return None
            raise
        return self._remember(SlackProfile.from_api(response["user"]))

    async def profile_by_email(self, email: str) -> SlackProfile | None:
        try:
            response = await self._client.users_lookupByEmail(email=email)
        except SlackApiError as exc:
            if api_error(exc) == "users_not_found":
                return None
            raise
        return self._remember(SlackProfile.from_api(response["user"]))

    async def resolve(self, reference: str) -> SlackProfile | None:
        """A person from a mention (``<@U1>``, ``<@U1|name>``), a user id or an email."""
        reference = reference.strip()
        if match := _MENTION.fullmatch(reference) or _USER_ID.fullmatch(reference):
            profile = await self.profile(match.group(1))
        elif match := _MAILTO.fullmatch(reference) or _EMAIL.fullmatch(reference):
            profile = await self.profile_by_email(match.group(1) if match.groups() else reference)
        else:
            return None
        if profile is None or profile.is_bot or profile.deleted:
            return None
        return profile

    def _remember(self, profile: SlackProfile) -> SlackProfile:
        if len(self._cache) >= MAX_CACHED_PROFILES:
            self._cache.clear()
        self._cache[profile.user_id] = (self._clock.monotonic() + self._ttl, profile)
        return profile
