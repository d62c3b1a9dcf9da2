"""Engine replies as Teams activities: markdown text, or Adaptive Cards (schema 1.5).

A reply's ``*emphasis*`` (read by ``emphasis_runs``) becomes Teams' ``**bold**``. A choice
becomes an ``Action.Submit`` whose data carries the word (``{"word": "yes"}``) and a Teams
``messageBack`` so the click also shows in the chat as the word typed; the adapter maps the
submitted word back to text, so buttons and typing are the same thing to the engine.
Teams rejects cards over 28 KB: anything bigger is sent as text instead.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity, ActivityTypes

from exitbot.core.documents import Style, emphasis_runs
from exitbot.core.messages import Reply

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION: Final = "1.5"
MAX_CARD_BYTES = 28 * 1024
WORD_KEY = "word"


def reply_activity(reply: Reply) -> Activity:
    """The message for an engine reply: a card when it has choices, markdown text otherwise."""
    text = reply_markdown(reply)
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


def card_activity(card: dict[str, Any], *, summary: str) -> Activity:
    """A message carrying ``card``; ``summary`` is what notifications show."""
    activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
    activity.summary = _first_line(summary)
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


def reply_markdown(reply: Reply) -> str:
    """A reply's text as Teams markdown: its emphasis as ``**bold**``.

    Teams joins single newlines, so each line break becomes a paragraph break.
    """
    text = "".join(
        f"**{run.text}**" if run.style is Style.BOLD else run.text
        for run in emphasis_runs(reply.text)
    )
    return re.sub(r"\n+", "\n\n", text)


def _first_line(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= 120 else first[:117] + "..."
