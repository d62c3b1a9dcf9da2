"""Replies as Teams messages: markdown, Adaptive Cards with word actions, the 28 KB limit."""

from __future__ import annotations

import json

from adapters.teams.cards import MAX_CARD_BYTES, reply_activity, reply_markdown, submitted_word
from exitbot.core.messages import Choice, Reply, ReplyKind
from exitbot.engine.texts import ENGLISH


def test_reply_emphasis_becomes_teams_bold_and_lines_stay_apart() -> None:
    text = "Say *yes*, *anonymous* or *no*.\n• help\n• skip"
    assert reply_markdown(Reply(text)) == (
        "Say **yes**, **anonymous** or **no**.\n\n• help\n\n• skip"
    )
    assert reply_markdown(Reply("2 * 3 * 4")) == "2 * 3 * 4"
    [activity] = [reply_activity(Reply("Say *yes*."))]
    assert activity.text == "Say **yes**."


def test_choices_become_submit_actions_carrying_the_word() -> None:
    activity = reply_activity(
        Reply("Shall we begin?", ReplyKind.INVITATION, ENGLISH.consent_choices)
    )
    [attachment] = activity.attachments
    card = attachment.content
    assert attachment.content_type == "application/vnd.microsoft.card.adaptive"
    assert card["version"] == "1.5"
    assert [a["type"] for a in card["actions"]] == ["Action.Submit"] * 3
    assert [submitted_word(a["data"]) for a in card["actions"]] == ["yes", "anonymous", "no"]
    assert card["actions"][0]["data"]["msteams"] == {
        "type": "messageBack",
        "text": "yes",
        "displayText": "Start",
    }


def test_a_card_too_big_for_teams_is_sent_as_text_with_the_words() -> None:
    long_text = "x" * MAX_CARD_BYTES
    activity = reply_activity(Reply(long_text, ReplyKind.SUMMARY, (Choice("Save", "yes"),)))
    assert not activity.attachments
    assert activity.text.endswith("(Say **yes**.)")
    assert len(json.dumps({"text": activity.text})) > MAX_CARD_BYTES


def test_action_execute_data_and_junk_values() -> None:
    assert submitted_word({"action": {"type": "Action.Execute", "data": {"word": "skip"}}}) == (
        "skip"
    )
    assert submitted_word({"word": "  "}) is None
    assert submitted_word("yes") is None
    assert submitted_word(None) is None
