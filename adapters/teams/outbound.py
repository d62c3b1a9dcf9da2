"""Teams' sending side (``Sender``): proactive messages through ``continue_conversation``.

One attempt per call: the outbox retries what failed, honouring Teams' Retry-After.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

import structlog
from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ConversationParameters, ConversationReference

from adapters.teams.activities import PERSONAL, REFERENCE_KEY, reference_from
from adapters.teams.cards import reply_activity, typing_activity
from adapters.teams.directory import TeamsDirectory
from adapters.teams.documents import document_activity
from adapters.teams.errors import delivery_error, status_of
from exitbot.core.documents import Document
from exitbot.core.messages import ConversationRef, Platform, Reply, UserRef
from exitbot.core.outgoing import DeliveryError, Destination

log = structlog.get_logger(__name__)


class TeamsOutbound:
    """Sends to conversations whose reference ExitBot stored."""

    platform = Platform.TEAMS

    def __init__(
        self,
        adapter: BotAdapter,
        directory: TeamsDirectory,
        *,
        app_id: str,
        tz: tzinfo,
    ) -> None:
        self._adapter = adapter
        self._directory = directory
        self._app_id = app_id
        self._tz = tz

    async def open_dm(self, user: UserRef) -> ConversationRef:
        conversation = await self._directory.conversation_with(user)
        if conversation is None:
            name = user.display_name or user.user_id
            raise DeliveryError(
                f"{name} has not installed or messaged the bot yet, so Teams does not allow "
                "the bot to message them first",
                retryable=False,
            )
        return conversation

    async def send(self, destination: Destination, content: Reply | Document) -> None:
        """Deliver a reply or a document; a person is reached through their stored chat."""
        conversation = (
            await self.open_dm(destination) if isinstance(destination, UserRef) else destination
        )
        if isinstance(content, Document):
            await self.send_document(conversation, content)
        else:
            await self.send_reply(conversation, content)

    async def send_reply(self, conversation: ConversationRef, reply: Reply) -> None:
        await self.send_activities(conversation, [reply_activity(reply)])

    async def send_typing(self, conversation: ConversationRef) -> None:
        await self.send_activities(conversation, [typing_activity()], what="typing")

    async def send_document(self, conversation: ConversationRef, document: Document) -> None:
        """The document as an Adaptive Card (as text when the card is too big for Teams)."""
        await self.send_activities(conversation, [document_activity(document)], what="message")

    async def resolve_user(self, reference: str) -> UserRef | None:
        """A person by Entra id, Teams id, email or name, among those whose conversation
        ExitBot stored: Teams lets a bot message only them first. Anyone else raises a
        DeliveryError that trying again cannot fix (``retryable`` False)."""
        try:
            user = await self._directory.find(reference)
        except DeliveryError as exc:
            raise DeliveryError(str(exc), retryable=False) from None
        if user is not None and await self._directory.conversation_with(user) is None:
            raise DeliveryError(
                "This person has not messaged ExitBot in Teams yet, so Teams does not allow "
                "the bot to message them first. Ask them to open ExitBot in Teams once "
                "(Apps > ExitBot), then try again",
                retryable=False,
            )
        return user

    async def send_activities(
        self, conversation: ConversationRef, activities: Sequence[Activity], *, what: str = "reply"
    ) -> None:
        """Post ``activities`` in order to ``conversation``; DeliveryError when it cannot."""
        try:
            reference = reference_from(conversation)
        except ValueError as exc:
            raise DeliveryError(str(exc), retryable=False) from None

        refused: list[Exception] = []

        async def deliver(turn_context: TurnContext) -> None:
            # Caught here: the adapter would hand a failure to on_turn_error and report success.
            try:
                for activity in activities:
                    await turn_context.send_activity(activity)
            except Exception as exc:
                refused.append(exc)

        await self._continue(reference, deliver, what=what)
        if refused:
            log.warning("teams_send_failed", what=what, status=status_of(refused[0]))
            raise delivery_error(f"Teams did not accept the {what}", refused[0]) from refused[0]

    async def open_private_chat(self, channel_message: ConversationRef) -> ConversationRef:
        """A one-to-one chat with the sender of a channel message (POST /v3/conversations).

        Teams allows it when the app is installed in the team the message came from.
        """
        try:
            reference = reference_from(channel_message)
        except ValueError as exc:
            raise DeliveryError(str(exc), retryable=False) from None
        tenant_id = channel_message.extra.get("tenant_id")
        parameters = ConversationParameters(
            is_group=False,
            bot=reference.bot,
            members=[reference.user],
            tenant_id=tenant_id,
            channel_data={"tenant": {"id": tenant_id}} if tenant_id else None,
        )
        created: list[ConversationReference] = []

        async def capture(turn_context: TurnContext) -> None:
            created.append(TurnContext.get_conversation_reference(turn_context.activity))

        try:
            await self._adapter.create_conversation(
                self._app_id, capture, parameters, reference.channel_id, reference.service_url
            )
        except Exception as exc:
            raise delivery_error("could not open a private chat", exc) from exc
        private = created[0]
        private.user = reference.user
        if private.conversation is not None:
            private.conversation.conversation_type = PERSONAL
        return ConversationRef(
            Platform.TEAMS,
            private.conversation.id if private.conversation else "",
            extra={
                REFERENCE_KEY: private.serialize(),
                "service_url": private.service_url,
                "conversation_type": PERSONAL,
                "tenant_id": tenant_id,
            },
        )

    async def _continue(self, reference: ConversationReference, logic, *, what: str) -> None:  # type: ignore[no-untyped-def]
        try:
            await self._adapter.continue_conversation(reference, logic, self._app_id)
        except DeliveryError:
            raise
        except Exception as exc:
            log.warning(
                "teams_send_failed",
                what=what,
                conversation=reference.conversation.id if reference.conversation else None,
                status=status_of(exc),
                error=type(exc).__name__,
            )
            raise delivery_error(f"Teams did not accept the {what}", exc) from exc
