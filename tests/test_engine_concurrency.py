"""Messages of one employee that arrive together are processed in order, each once."""

from __future__ import annotations

import asyncio

from exitbot.core.statuses import MessageKind
from tests.support import GOOD_ANSWERS, employee, message, say, stored_messages


async def test_two_messages_at_once_keep_their_order(engine, database):
    user = employee()
    await say(engine, user, "hi")
    started = await say(engine, user, "yes")
    first, second = GOOD_ANSWERS["reason_for_leaving"], GOOD_ANSWERS["role_fit"]
    outcomes = await asyncio.gather(
        engine.handle(message(user, first)), engine.handle(message(user, second))
    )
    assert all(o.replies for o in outcomes)
    answers = [
        m
        for m in await stored_messages(database, started.interview_id)
        if m.kind == MessageKind.ANSWER
    ]
    assert [(a.text, a.topic_key) for a in answers] == [
        (first, "reason_for_leaving"),
        (second, "role_fit"),
    ]


async def test_many_employees_and_duplicates_concurrently(engine, database):
    users = [employee(f"U{i}") for i in range(12)]
    await asyncio.gather(*(say(engine, u, "hi") for u in users))
    await asyncio.gather(*(say(engine, u, "yes") for u in users))
    answer = GOOD_ANSWERS["reason_for_leaving"]
    outcomes = await asyncio.gather(
        *(engine.handle(message(u, answer, f"dup-{u.user_id}")) for u in users for _ in range(3))
    )
    assert sum(not o.duplicate for o in outcomes) == len(users)
    for outcome in outcomes:
        if not outcome.duplicate:
            answers = [
                m
                for m in await stored_messages(database, outcome.interview_id)
                if m.kind == MessageKind.ANSWER
            ]
            assert len(answers) == 1


async def test_a_second_engine_on_the_same_database_sees_the_same_state(make_engine, database):
    one, two = await make_engine(), await make_engine()
    user = employee()
    await say(one, user, "hi")
    outcome = await say(two, user, "yes")
    assert outcome.replies[-1].text == one.plan.topics[0].question
