"""Bot Framework activities as ExitBot's platform-neutral types, and back.

The serialized ``ConversationReference`` (with its ``serviceUrl``) travels in
``ConversationRef.extra["reference"]``: it is what ``continue_conversation`` needs to message
someone later, so it is stored with the employee and with the digest channel.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ChannelAccount, ConversationReference

from adapters.teams.cards import submitted_word
from exitbot.core.messages import ConversationRef, IncomingMessage, Platform, UserRef

REFERENCE_KEY = "reference"
PERSONAL = "personal"

_AT_TAG = re.compile(r"<at[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def user_ref(account: ChannelAccount | None) -> UserRef:
    """The person behind ``account``: their Entra (AAD) object id when Teams sends it."""
    if account is None:
        raise ValueError("activity without a sender")
    user_id = account.aad_object_id or account.id
    return UserRef(Platform.TEAMS, user_id, display_name=account.name or None)


def is_personal(activity: Activity) -> bool:
    conversation = activity.conversation
    kind = conversation.conversation_type if conversation is not None else None
    # The emulator and Web Chat send no conversation type; they are one-to-one.
    return kind in (None, "", PERSONAL)


def conversation_ref(
    activity: Activity, *, user: ChannelAccount | None = None, thread: bool = True
) -> ConversationRef:
    """Where to reach this conversation later (proactively), as data the database can store.

    ``user`` replaces the activity's sender (a member added by a conversationUpdate);
    ``thread=False`` addresses a channel itself rather than the thread the message is in.
    """
    # A copy: the reference shares its conversation object with the live activity.
    reference = ConversationReference.deserialize(
        TurnContext.get_conversation_reference(activity).serialize()
    )
    if user is not None:
        reference.user = user
    conversation = activity.conversation
    conversation_id = conversation.id if conversation is not None else ""
    if not thread and reference.conversation is not None:
        conversation_id = conversation_id.split(";messageid=", 1)[0]
        reference.conversation.id = conversation_id
        reference.activity_id = None
    return ConversationRef(
        Platform.TEAMS,
        conversation_id,
        extra={
            REFERENCE_KEY: reference.serialize(),
            "service_url": activity.service_url,
            "conversation_type": (conversation.conversation_type if conversation else None)
            or PERSONAL,
            "tenant_id": tenant_id(activity),
        },
    )


def tenant_id(activity: Activity) -> str | None:
    """The Microsoft 365 tenant (Teams sends it in channelData; the SDK drops it elsewhere)."""
    channel_data = activity.channel_data
    if isinstance(channel_data, dict):
        tenant = channel_data.get("tenant")
        if isinstance(tenant, dict) and tenant.get("id"):
            return str(tenant["id"])
    conversation = activity.conversation
    return getattr(conversation, "tenant_id", None) if conversation is not None else None


def reference_from(conversation: ConversationRef) -> ConversationReference:
    """The botbuilder reference stored in ``conversation``; ValueError when there is none."""
    stored = conversation.extra.get(REFERENCE_KEY)
    if not isinstance(stored, dict) or not stored.get("serviceUrl"):
        raise ValueError(f"no Teams conversation reference for {conversation.conversation_id}")
    reference: ConversationReference = ConversationReference.deserialize(stored)
    return reference


def message_text(activity: Activity, *, mentions_as_ids: bool = False) -> str:
    """What the person said: a card action's word, or the text without the bot's @mention.

    Other people's mentions become their names, or their ids when ``mentions_as_ids`` (HR's
    ``start @someone``).
    """
    word = submitted_word(activity.value)
    if word:
        return word
    text = activity.text or ""
    bot_id = activity.recipient.id if activity.recipient is not None else None
    for tag, mentioned_id, name in _mentions(activity):
        if mentioned_id == bot_id:
            replacement = ""
        elif mentions_as_ids and mentioned_id:
            replacement = mentioned_id
        else:
            replacement = name
        text = text.replace(tag, replacement)
    text = _AT_TAG.sub(lambda match: match.group(1), text)
    text = html.unescape(_TAGS.sub("", text)).replace("\xa0", " ")
    return " ".join(text.split()) if "\n" not in text else text.strip()


def incoming_message(activity: Activity) -> IncomingMessage:
    """A personal-chat message (or card action) for the interview engine."""
    sender = user_ref(activity.from_property)
    return IncomingMessage(
        user=replace(sender, locale=activity.locale or None),
        text=message_text(activity),
        message_id=activity_key(activity),
        conversation=conversation_ref(activity),
        received_at=activity.timestamp,
        raw=_raw(activity),
    )


def activity_key(activity: Activity) -> str:
    """The id Teams gives this activity; a resend carries the same one."""
    if activity.id:
        return str(activity.id)
    conversation = activity.conversation.id if activity.conversation else ""
    sender = activity.from_property.id if activity.from_property else ""
    return f"{conversation}|{sender}|{activity.timestamp}"


def _mentions(activity: Activity) -> list[tuple[str, str, str]]:
    """(tag as it appears in the text, mentioned id, mentioned name) for each @mention."""
    found: list[tuple[str, str, str]] = []
    for entity in activity.entities or []:
        if (getattr(entity, "type", None) or "").lower() != "mention":
            continue
        properties: dict[str, Any] = getattr(entity, "additional_properties", None) or {}
        mentioned = properties.get("mentioned") or {}
        tag = properties.get("text") or ""
        if tag and isinstance(mentioned, dict):
            found.append((tag, str(mentioned.get("id") or ""), str(mentioned.get("name") or "")))
    return found


def _raw(activity: Activity) -> dict[str, Any]:
    serialized: dict[str, Any] = activity.serialize()
    return serialized
