"""What the engine, HR commands and scheduler need from a chat platform (adapters implement it).

The reply channel is data (``ConversationRef``), so anything stored can be reached later:
invitations, reminders, digests and alerts all go through an ``Outbound``.
"""

from __future__ import annotations

from typing import Protocol

from exitbot.core.documents import Document
from exitbot.core.messages import ConversationRef, Platform, Reply, UserRef
from exitbot.core.outgoing import DeliveryError, Destination


class Outbound(Protocol):
    """One chat platform's sending side."""

    platform: Platform

    async def open_dm(self, user: UserRef) -> ConversationRef:
        """The direct conversation with ``user`` (opened if needed); DeliveryError if impossible."""
        ...

    async def send(self, conversation: ConversationRef, reply: Reply) -> None:
        """Post ``reply`` (choices as buttons where the platform has them)."""
        ...

    async def send_document(self, conversation: ConversationRef, document: Document) -> None:
        """Post ``document`` in the platform's rich format (a digest, an HR answer). Its
        images are shown where the platform can; a failed image never stops the text."""
        ...

    async def resolve_user(self, reference: str) -> UserRef | None:
        """A user from what HR typed (mention, platform id or email), or None."""
        ...


class Sender(Protocol):
    """One chat platform's sending side, as the outbox uses it."""

    platform: Platform

    async def send(self, destination: Destination, content: Reply | Document) -> None:
        """Deliver ``content`` (a reply with its choices as buttons, or a rich document);
        a person as ``destination`` is reached in their direct conversation.
        Raises DeliveryError when the platform did not accept it."""
        ...


class UserDirectory(Protocol):
    """Finding people on one platform from what HR typed."""

    async def resolve_user(self, reference: str) -> UserRef | None:
        """A user from a mention, a platform id or an email; None when there is no such
        person; DeliveryError when the platform cannot be asked."""
        ...


__all__ = ["DeliveryError", "Outbound", "OutboundRegistry", "Sender", "UserDirectory"]


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
