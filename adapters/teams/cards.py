"""Engine replies and digests as Teams activities: text, or Adaptive Cards (schema 1.5).

A choice becomes an ``Action.Submit`` whose data carries the word (``{"word": "yes"}``) and a
Teams ``messageBack`` so the click also shows in the chat as the word typed; the adapter maps
the submitted word back to text, so buttons and typing are the same thing to the engine.
Teams rejects cards over 28 KB: anything bigger is sent as text instead.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity, ActivityTypes

from exitbot.core.messages import Reply

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"
MAX_CARD_BYTES = 28 * 1024
WORD_KEY = "word"

_SLACK_BOLD = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")


def reply_activity(reply: Reply) -> Activity:
    """The message for an engine reply: a card when it has choices, markdown text otherwise."""
    text = teams_markdown(reply.text)
    if reply.choices:
        card = adaptive_card(
            [text_block(text)],
            [submit_action(choice.label, choice.value) for choice in reply.choices],
        )
        if fits(card):
            activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
            activity.summary = _first_line(reply.text)
            return activity
        words = ", ".join(f"**{c.value}**" for c in reply.choices)
        text = f"{text}\n\n(Say {words}.)"
    return text_activity(text)


def text_activity(markdown: str) -> Activity:
    activity = MessageFactory.text(markdown)
    activity.text_format = "markdown"
    return activity


def card_activity(card: dict[str, Any], fallback_text: str) -> Activity:
    """``card`` when it fits Teams' size limit, else ``fallback_text``."""
    if not fits(card):
        return text_activity(teams_markdown(fallback_text))
    activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
    activity.summary = _first_line(fallback_text)
    return activity


def typing_activity() -> Activity:
    return Activity(type=ActivityTypes.typing)


def adaptive_card(
    body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def text_block(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def image_block(png: bytes, alt_text: str) -> dict[str, Any]:
    data = base64.b64encode(png).decode("ascii")
    return {"type": "Image", "url": f"data:image/png;base64,{data}", "altText": alt_text}


def submit_action(label: str, word: str) -> dict[str, Any]:
    return {
        "type": "Action.Submit",
        "title": label,
        "data": {
            WORD_KEY: word,
            "msteams": {"type": "messageBack", "text": word, "displayText": label},
        },
    }


def fits(card: dict[str, Any]) -> bool:
    return len(json.dumps(card, ensure_ascii=False).encode("utf-8")) < MAX_CARD_BYTES


def submitted_word(value: Any) -> str | None:
    """The word a card action carried (Action.Submit ``value`` or Action.Execute ``data``)."""
    if not isinstance(value, dict):
        return None
    action = value.get("action")
    if isinstance(action, dict) and isinstance(action.get("data"), dict):
        value = action["data"]
    word = value.get(WORD_KEY)
    return word.strip() if isinstance(word, str) and word.strip() else None


def teams_markdown(text: str) -> str:
    """The engine's Slack-flavoured text as Teams markdown (``*bold*`` -> ``**bold**``).

    Teams joins single newlines, so each line break becomes a paragraph break.
    """
    text = _SLACK_BOLD.sub(r"**\1**", text)
    return re.sub(r"\n+", "\n\n", text)


def _first_line(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= 120 else first[:117] + "..."
