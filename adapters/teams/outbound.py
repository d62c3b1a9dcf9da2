"""Teams' side of the Outbound port: proactive messages through ``continue_conversation``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import tzinfo

import structlog
from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ConversationParameters, ConversationReference

from adapters.teams.activities import PERSONAL, REFERENCE_KEY, reference_from
from adapters.teams.cards import reply_activity, typing_activity
from adapters.teams.delivery import RetryPolicy, status_of
from adapters.teams.directory import TeamsDirectory
from adapters.teams.documents import document_activity
from exitbot.core.documents import Document
from exitbot.core.messages import ConversationRef, Platform, Reply, UserRef
from exitbot.core.ports import DeliveryError

log = structlog.get_logger(__name__)


class TeamsOutbound:
    """Sends to conversations whose reference ExitBot stored; retries throttling and 5xx."""

    platform = Platform.TEAMS

    def __init__(
        self,
        adapter: BotAdapter,
        directory: TeamsDirectory,
        *,
        app_id: str,
        retry: RetryPolicy,
        tz: tzinfo,
    ) -> None:
        self._adapter = adapter
        self._directory = directory
        self._app_id = app_id
        self._retry = retry
        self.tz = tz  # the configured zone; documents arrive with their dates already in it

    async def open_dm(self, user: UserRef) -> ConversationRef:
        conversation = await self._directory.conversation_with(user)
        if conversation is None:
            name = user.display_name or user.user_id
            raise DeliveryError(
                f"{name} has not installed or messaged the bot yet, so Teams does not allow "
                "the bot to message them first"
            )
        return conversation

    async def send(self, conversation: ConversationRef, reply: Reply) -> None:
        await self.send_activities(conversation, [reply_activity(reply)])

    async def send_typing(self, conversation: ConversationRef) -> None:
        await self.send_activities(conversation, [typing_activity()], what="typing")

    async def send_document(self, conversation: ConversationRef, document: Document) -> None:
        """The document as an Adaptive Card (as text when the card is too big for Teams)."""
        await self.send_activities(conversation, [document_activity(document)], what="message")

    async def resolve_user(self, reference: str) -> UserRef | None:
        return await self._directory.find(reference)

    async def send_activities(
        self, conversation: ConversationRef, activities: Sequence[Activity], *, what: str = "reply"
    ) -> None:
        """Post ``activities`` in order to ``conversation``; DeliveryError when it cannot."""
        try:
            reference = reference_from(conversation)
        except ValueError as exc:
            raise DeliveryError(str(exc)) from None

        async def deliver(turn_context: TurnContext) -> None:
            for activity in activities:
                await self._retry.call(_sender(turn_context, activity), what=what)

        await self._continue(reference, deliver, what=what)

    async def open_private_chat(self, channel_message: ConversationRef) -> ConversationRef:
        """A one-to-one chat with the sender of a channel message (POST /v3/conversations).

        Teams allows it when the app is installed in the team the message came from.
        """
        try:
            reference = reference_from(channel_message)
        except ValueError as exc:
            raise DeliveryError(str(exc)) from None
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
            await self._retry.call(
                lambda: self._adapter.create_conversation(
                    self._app_id,
                    capture,
                    parameters,
                    reference.channel_id,
                    reference.service_url,
                ),
                what="create_conversation",
            )
        except Exception as exc:
            raise DeliveryError(_explain(exc, "could not open a private chat")) from exc
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
            raise DeliveryError(_explain(exc, f"Teams did not accept the {what}")) from exc


def _sender(turn_context: TurnContext, activity: Activity) -> Callable[[], Awaitable[object]]:
    async def send() -> object:
        return await turn_context.send_activity(activity)

    return send


def _explain(error: BaseException, what: str) -> str:
    status = status_of(error)
    if status == 403:
        return f"{what}: the bot was removed or blocked in that conversation (403)"
    if status == 404:
        return f"{what}: Teams no longer knows that conversation (404)"
    if status is not None:
        return f"{what} (HTTP {status})"
    return f"{what} ({type(error).__name__})"
