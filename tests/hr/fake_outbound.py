"""A fake chat platform's sending side and directory, keeping what it was sent (STYLE: a fake
adapter with an outbox), for HR command tests.

Users are resolved from a dict keyed by what HR may type (user id or email); a user listed in
``unreachable`` cannot get a DM, the way Teams cannot reach someone with no stored reference.
``send_failure`` refuses every message for good (as a removed bot or a closed channel would).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from exitbot.core.documents import Document
from exitbot.core.messages import ConversationRef, Platform, Reply, UserRef
from exitbot.core.ports import DeliveryError


@dataclass
class FakeOutbound:
    platform: Platform = Platform.SLACK
    users: dict[str, UserRef] = field(default_factory=dict)
    unreachable: dict[str, str] = field(default_factory=dict)
    send_failure: str | None = None
    lookups: list[str] = field(default_factory=list)
    opened: list[UserRef] = field(default_factory=list)
    outbox: list[tuple[ConversationRef, Reply]] = field(default_factory=list)
    documents: list[tuple[ConversationRef, Document]] = field(default_factory=list)

    def add_user(self, user: UserRef) -> UserRef:
        self.users[user.user_id] = user
        if user.email:
            self.users[user.email] = user
        return user

    async def open_dm(self, user: UserRef) -> ConversationRef:
        self.opened.append(user)
        if user.user_id in self.unreachable:
            raise DeliveryError(self.unreachable[user.user_id], retryable=False)
        return ConversationRef(self.platform, f"DM-{user.user_id}")

    async def send(self, destination: ConversationRef | UserRef, content: Reply | Document) -> None:
        conversation = (
            await self.open_dm(destination) if isinstance(destination, UserRef) else destination
        )
        if self.send_failure is not None:
            raise DeliveryError(self.send_failure, retryable=False)
        if isinstance(content, Document):
            self.documents.append((conversation, content))
        else:
            self.outbox.append((conversation, content))

    async def resolve_user(self, reference: str) -> UserRef | None:
        self.lookups.append(reference)
        return self.users.get(reference)

    def sent_to(self, conversation_id: str) -> list[Reply]:
        return [reply for conv, reply in self.outbox if conv.conversation_id == conversation_id]
