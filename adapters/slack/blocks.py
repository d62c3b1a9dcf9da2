"""Block Kit rendering of the engine's replies: escaped sections, choices as buttons.

A reply becomes one or more ``SlackMessage``s: long text is split into sections of at most
3,000 characters and into several messages of at most 50 blocks; buttons go on the last one.
Each button's value is the word it stands for, so a click and the typed word are the same.
The reply's ``*emphasis*`` (read by ``emphasis_runs``) becomes Slack's own bold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from adapters.slack.text import (
    FALLBACK_TEXT_LIMIT,
    escape_mrkdwn,
    plain_label,
    split_text,
    truncate,
)
from exitbot.core.documents import Style, emphasis_runs
from exitbot.core.messages import Choice, Reply

MAX_BLOCKS = 50
"""Slack's limit of blocks in one message."""

CHOICE_ACTION_PREFIX = "exitbot_choice_"
CHOICE_ACTION = re.compile(rf"^{CHOICE_ACTION_PREFIX}\d+$")
BUTTON_LABEL_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000

Block = dict[str, Any]


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """What one chat.postMessage (or response_url post) carries: blocks and fallback text."""

    text: str
    blocks: list[Block] = field(default_factory=list)


def render_reply(reply: Reply) -> list[SlackMessage]:
    """The messages that show ``reply``, with its choices as buttons on the last one."""
    actions = [choice_buttons(reply.choices, reply.interview_id)] if reply.choices else []
    text = "".join(
        f"*{escape_mrkdwn(run.text)}*" if run.style is Style.BOLD else escape_mrkdwn(run.text)
        for run in emphasis_runs(reply.text)
    )
    return render_mrkdwn(text, trailing_blocks=actions)


def render_mrkdwn(
    escaped: str, *, trailing_blocks: list[Block] | None = None
) -> list[SlackMessage]:
    """Already-escaped mrkdwn as section blocks, spread over as many messages as needed."""
    trailing = trailing_blocks or []
    sections = [section(piece) for piece in split_text(escaped)] or [section(" ")]
    room = MAX_BLOCKS - len(trailing)
    chunks: list[list[Block]] = []
    while len(sections) > room:
        chunks.append(sections[:MAX_BLOCKS])
        sections = sections[MAX_BLOCKS:]
    chunks.append(sections + trailing)
    return [SlackMessage(_fallback(chunk), chunk) for chunk in chunks]


def section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def choice_buttons(choices: tuple[Choice, ...], interview_id: int | None) -> Block:
    """An actions block; ``action_id`` carries the position, ``value`` the word to "type"."""
    return {
        "type": "actions",
        "block_id": f"exitbot_choices_{interview_id or 0}",
        "elements": [
            {
                "type": "button",
                "action_id": f"{CHOICE_ACTION_PREFIX}{index}",
                "text": {
                    "type": "plain_text",
                    "text": truncate(plain_label(choice.label), BUTTON_LABEL_LIMIT),
                    "emoji": True,
                },
                "value": choice.value[:BUTTON_VALUE_LIMIT],
            }
            for index, choice in enumerate(choices[:25])
        ],
    }


def chosen_note(label: str) -> Block:
    """What replaces the buttons once one was clicked (so old buttons cannot be clicked again)."""
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": f"You chose: *{escape_mrkdwn(label)}*"}],
    }


def _fallback(blocks: list[Block]) -> str:
    texts = [b["text"]["text"] for b in blocks if b.get("type") == "section"]
    return truncate("\n\n".join(texts), FALLBACK_TEXT_LIMIT)
