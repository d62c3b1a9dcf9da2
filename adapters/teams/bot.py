"""The Teams bot: activities in, pipeline turns and HR commands out.

Request path (what Bot Framework waits for): authenticate (CloudAdapter), hand the message to
the pipeline (stored in the inbox before the ack), send a typing indicator, return. The turn
(which may wait on an LLM) runs after the ack and its replies go out through the outbox,
posted proactively through the stored conversation reference, so a slow model never makes
Teams time out and resend, and every activity id is processed exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

import structlog
from botbuilder.core import ActivityHandler, InvokeResponse, TurnContext
from botbuilder.schema import (
    Activity,
    AdaptiveCardInvokeResponse,
    ChannelAccount,
)

from adapters.teams.activities import (
    activity_key,
    conversation_ref,
    incoming_message,
    is_personal,
    message_text,
    user_ref,
)
from adapters.teams.cards import (
    adaptive_card,
    text_activity,
    text_block,
    typing_activity,
)
from adapters.teams.directory import TeamsDirectory
from adapters.teams.documents import document_activity
from adapters.teams.outbound import TeamsOutbound
from exitbot.core.clock import Clock
from exitbot.core.documents import Document
from exitbot.core.messages import ConversationRef, IncomingMessage, Platform, UserRef
from exitbot.core.outgoing import DeliveryError
from exitbot.delivery.platforms import AdapterEntry
from exitbot.hr.requests import HrRequest

log = structlog.get_logger(__name__)

HR_COMMAND_WORDS = frozenset(
    {"start", "list", "show", "stats", "ask", "digest", "remind", "cancel", "help"}
)
COMMAND_PREFIX = "exitbot "
# Their answers are about the channel itself; every other HR answer may name employees.
CHANNEL_VISIBLE_COMMANDS = frozenset({"digest"})

CHANNEL_REFUSAL = (
    "Sorry, ExitBot's commands are for the HR team. If you'd like to talk about your own "
    "exit interview, message me in a personal chat."
)
SENT_PRIVATELY = "I've sent you the answer in a private chat."
ASK_PRIVATELY = (
    "For privacy I answer that only in a personal chat with me: please send it to me there."
)
TURN_FAILED = (
    "Sorry, something went wrong on my side and I couldn't answer that. "
    "Please try again in a minute."
)


@dataclass(frozen=True, slots=True)
class TeamsBotOptions:
    """Timing knobs; tests shorten them."""

    typing_interval: float = 3.0


class TeamsBot(ActivityHandler):
    def __init__(
        self,
        *,
        entry: AdapterEntry,
        outbound: TeamsOutbound,
        directory: TeamsDirectory,
        clock: Clock,
        options: TeamsBotOptions | None = None,
    ) -> None:
        self._entry = entry
        self._outbound = outbound
        self._directory = directory
        self._clock = clock
        self._options = options or TeamsBotOptions()

    # --- activities -----------------------------------------------------------------------

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        personal = is_personal(activity)
        command = message_text(activity, mentions_as_ids=True)
        caller = await self._hr_caller(activity.from_property)
        if caller is not None and (not personal or _looks_like_command(command)):
            await self._hr_command(turn_context, caller, command, personal)
        elif not personal:
            log.info("teams_hr_refused", caller=user_ref(activity.from_property).key)
            await turn_context.send_activity(text_activity(CHANNEL_REFUSAL))
        else:
            await self._interview_turn(turn_context, incoming_message(activity))

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        """Action.Execute from a card: the same as typing the word it carries.

        The card is replaced by one showing the choice, so it cannot be clicked twice.
        (botbuilder's own ``on_adaptive_card_invoke`` path serialises the body twice under
        CloudAdapter, so the response is built here.)
        """
        activity = turn_context.activity
        if activity.name != "adaptiveCard/action":
            return await super().on_invoke_activity(turn_context)
        message = incoming_message(activity)
        if is_personal(activity) and message.text:
            await self._interview_turn(turn_context, message)
        chosen = f"✓ {message.text}" if message.text else "✓"
        return InvokeResponse(
            status=200,
            body=AdaptiveCardInvokeResponse(
                status_code=200,
                type="application/vnd.microsoft.card.adaptive",
                value=adaptive_card([text_block(chosen, isSubtle=True)]),
            ),
        )

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        """Installed in someone's personal scope: keep the reference to message them later."""
        activity = turn_context.activity
        if not is_personal(activity):
            return
        bot_id = activity.recipient.id if activity.recipient else None
        for member in members_added:
            if member.id and member.id != bot_id:
                await self._remember(member, conversation_ref(activity, user=member))

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if is_personal(activity) and activity.from_property is not None:
            await self._remember(activity.from_property, conversation_ref(activity))

    # --- the interview --------------------------------------------------------------------

    async def _interview_turn(self, turn_context: TurnContext, message: IncomingMessage) -> None:
        if await self._entry.pipeline.receive(message):
            await _try_typing(turn_context)

    def keep_typing(self, conversation: ConversationRef) -> _KeepTyping:
        """Typing indicators in ``conversation`` while a turn (or a command) runs."""
        return _KeepTyping(self._outbound, conversation, self._options.typing_interval)

    # --- HR commands ----------------------------------------------------------------------

    async def _hr_caller(self, account: ChannelAccount | None) -> UserRef | None:
        """The sender as HR_USERS names them (Entra object id or Teams id), if they are HR."""
        if account is None:
            return None
        candidates = [account.aad_object_id, account.id]
        for user_id in dict.fromkeys(c for c in candidates if c):
            candidate = UserRef(Platform.TEAMS, user_id, display_name=account.name or None)
            if await self._entry.hr.is_hr(candidate):
                return candidate
        return None

    async def _hr_command(
        self, turn_context: TurnContext, caller: UserRef, text: str, personal: bool
    ) -> None:
        activity = turn_context.activity
        now = self._clock.now()
        if not await self._entry.pipeline.claim_once(
            Platform.TEAMS, f"hr:{activity_key(activity)}"
        ):
            log.info("teams_resend_ignored", activity_id=activity.id)
            return
        await _try_typing(turn_context)
        here = conversation_ref(activity)
        if personal:
            # HR's own chat, so misconduct alerts can reach them later.
            await self._directory.remember(caller, here, now)
        channel = None if personal else conversation_ref(activity, thread=False)
        request = HrRequest(caller, _strip_prefix(text), channel)
        await self._entry.runner.spawn(
            self._run_hr_command(request, here, personal), name="teams-hr-command"
        )

    async def _run_hr_command(
        self, request: HrRequest, here: ConversationRef, personal: bool
    ) -> None:
        try:
            async with self.keep_typing(here):
                response = await self._entry.hr.execute(request)
        except Exception:
            log.exception("teams_hr_command_failed", caller=request.caller.key)
            await self._say(here, TURN_FAILED)
            return
        first_word = request.text.split(maxsplit=1)[0].lower() if request.text.split() else ""
        if personal or first_word in CHANNEL_VISIBLE_COMMANDS:
            await self._answer(here, response.document)
            return
        # A channel is no place for names and transcripts: answer the caller alone.
        try:
            private = await self._outbound.open_private_chat(here)
            await self._outbound.send_activities(private, [_hr_activity(response.document)])
        except DeliveryError as exc:
            log.warning("teams_private_answer_failed", error=str(exc))
            await self._say(here, ASK_PRIVATELY)
            return
        await self._say(here, SENT_PRIVATELY)

    # --- helpers --------------------------------------------------------------------------

    async def _remember(self, account: ChannelAccount, conversation: ConversationRef) -> None:
        user = user_ref(account)
        await self._directory.remember(user, conversation, self._clock.now())
        log.info("teams_reference_stored")

    async def _say(self, conversation: ConversationRef, text: str) -> None:
        """One of the bot's own sentences (no employee text in it), as plain text."""
        await self._deliver(conversation, text_activity(text))

    async def _answer(self, conversation: ConversationRef, document: Document) -> None:
        await self._deliver(conversation, _hr_activity(document))

    async def _deliver(self, conversation: ConversationRef, activity: Activity) -> None:
        try:
            await self._outbound.send_activities(conversation, [activity])
        except DeliveryError as exc:
            log.error("teams_message_not_delivered", error=str(exc))


class _KeepTyping(contextlib.AbstractAsyncContextManager[None]):
    """Re-sends the typing indicator every ``interval`` seconds while the body runs."""

    def __init__(self, outbound: TeamsOutbound, conversation: ConversationRef, interval: float):
        self._outbound = outbound
        self._conversation = conversation
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> None:
        if self._interval > 0:
            self._task = asyncio.get_running_loop().create_task(self._loop())

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self._outbound.send_typing(self._conversation)
            except DeliveryError:
                return


async def _try_typing(turn_context: TurnContext) -> None:
    """Typing in the live turn; never worth failing the request for."""
    try:
        await turn_context.send_activity(typing_activity())
    except Exception as exc:
        log.info("teams_typing_failed", error=type(exc).__name__)


def _hr_activity(document: Document) -> Activity:
    """An HR answer: its document as an Adaptive Card (text when too big for one)."""
    return document_activity(document)


def _looks_like_command(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered.startswith(COMMAND_PREFIX):
        return True
    words = lowered.split(maxsplit=1)
    return bool(words) and words[0] in HR_COMMAND_WORDS


def _strip_prefix(text: str) -> str:
    stripped = text.strip()
    if stripped.lower().startswith(COMMAND_PREFIX):
        return stripped[len(COMMAND_PREFIX) :].strip()
    return stripped
