"""What the engine, HR commands and scheduler need from a chat platform (adapters implement it).

The reply channel is data (``ConversationRef``), so anything stored can be reached later:
invitations, reminders, digests and alerts all go through an ``Outbound``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from exitbot.core.messages import ConversationRef, Platform, Reply, UserRef

if TYPE_CHECKING:
    from exitbot.digest.builder import Digest


class DeliveryError(Exception):
    """A message could not be delivered; the text says why (shown to HR where relevant)."""


class Outbound(Protocol):
    """One chat platform's sending side."""

    platform: Platform

    async def open_dm(self, user: UserRef) -> ConversationRef:
        """The direct conversation with ``user`` (opened if needed); DeliveryError if impossible."""
        ...

    async def send(self, conversation: ConversationRef, reply: Reply) -> None:
        """Post ``reply`` (choices as buttons where the platform has them)."""
        ...

    async def post_digest(
        self, channel: ConversationRef, digest: Digest, chart_png: bytes | None = None
    ) -> None:
        """Post the digest in the platform's rich format (with a chart image where possible;
        the digest must still post when the image upload fails)."""
        ...

    async def resolve_user(self, reference: str) -> UserRef | None:
        """A user from what HR typed (mention, platform id or email), or None."""
        ...


class OutboundRegistry:
    """The enabled platforms' outbounds, filled in by adapters as they are mounted."""

    def __init__(self) -> None:
        self._by_platform: dict[Platform, Outbound] = {}

    def register(self, outbound: Outbound) -> None:
        self._by_platform[outbound.platform] = outbound

    def get(self, platform: Platform) -> Outbound | None:
        return self._by_platform.get(platform)

    def __contains__(self, platform: Platform) -> bool:
        return platform in self._by_platform

    @property
    def platforms(self) -> list[Platform]:
        return list(self._by_platform)
