"""Bad input gets a clear reply and nothing broken is stored; redeliveries are ignored."""

from __future__ import annotations

import pytest

from exitbot.core.statuses import InterviewStatus, MessageKind
from exitbot.engine.text_input import MAX_MESSAGE_CHARS, clean_incoming
from tests.support import employee, message, say, stored_messages, texts


async def started(engine):
    user = employee()
    await say(engine, user, "hi")
    outcome = await say(engine, user, "yes")
    return user, outcome


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n", "\u200b\u200b", "\x00\x07"])
async def test_empty_messages_get_a_clear_reply_and_store_nothing(engine, database, text):
    user, outcome = await started(engine)
    before = len(await stored_messages(database, outcome.interview_id))
    reply = await say(engine, user, text)
    assert "didn't catch anything" in texts(reply)
    assert reply.status is InterviewStatus.IN_PROGRESS
    assert len(await stored_messages(database, outcome.interview_id)) == before


async def test_very_long_message_is_refused_with_its_length(engine, database):
    user, outcome = await started(engine)
    before = len(await stored_messages(database, outcome.interview_id))
    reply = await say(engine, user, "word " * 5000)
    assert "characters" in texts(reply) and f"{MAX_MESSAGE_CHARS:,}" in texts(reply)
    assert len(await stored_messages(database, outcome.interview_id)) == before


async def test_control_and_zero_width_characters_are_removed_before_storing(engine, database):
    user, outcome = await started(engine)
    await say(engine, user, "The\x00 pay\u200b was low\x1b and my manager ignored me")
    answers = [
        m
        for m in await stored_messages(database, outcome.interview_id)
        if m.kind == MessageKind.ANSWER
    ]
    assert answers[0].text == "The pay was low and my manager ignored me"


def test_cleaning_keeps_newlines_and_unicode():
    cleaned = clean_incoming("  Ça va\r\n\r\n\r\n\r\nbien 👍  ")
    assert cleaned.text == "Ça va\n\nbien 👍" and cleaned.problem is None


async def test_a_redelivered_message_is_processed_once(engine, database):
    user, outcome = await started(engine)
    first = await engine.handle(message(user, "The pay was low for my level.", "evt-1"))
    again = await engine.handle(message(user, "The pay was low for my level.", "evt-1"))
    assert first.replies and not first.duplicate
    assert again.duplicate and not again.replies
    answers = [
        m
        for m in await stored_messages(database, outcome.interview_id)
        if m.kind == MessageKind.ANSWER
    ]
    assert len(answers) == 1


async def test_message_ids_are_per_platform(engine):
    from exitbot.core.messages import Platform, UserRef

    slack = UserRef(Platform.SLACK, "U1")
    teams = UserRef(Platform.TEAMS, "29:1")
    assert not (await engine.handle(message(slack, "hi", "same-id"))).duplicate
    assert not (await engine.handle(message(teams, "hi", "same-id"))).duplicate
