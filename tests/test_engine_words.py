"""The words an employee can use at any time: help, skip, pause, resume, stop, delete my data."""

from __future__ import annotations

from sqlalchemy import select

from exitbot.core.statuses import InterviewStatus, MessageKind
from exitbot.engine.words import Word, parse_word
from exitbot.store.models import Employee, Message, Report
from tests.support import (
    complete_interview,
    employee,
    interview_row,
    report_count,
    say,
    stored_messages,
    texts,
)


async def started(engine, user=None):
    user = user or employee()
    await say(engine, user, "hi")
    outcome = await say(engine, user, "yes")
    return user, outcome


def test_words_are_recognised_only_as_whole_messages():
    assert parse_word("Skip!").word is Word.SKIP
    assert parse_word("delete my data").word is Word.DELETE
    assert parse_word("remove 3").number == 3
    assert parse_word("I want to stop working with legacy code") is None
    assert parse_word("help me understand the role better please") is None


async def test_help_lists_the_words_and_repeats_the_question(engine):
    user, _ = await started(engine)
    helped = await say(engine, user, "help")
    assert "delete my data" in helped.replies[0].text
    assert helped.replies[-1].text == engine.plan.topics[0].question
    assert helped.status is InterviewStatus.IN_PROGRESS


async def test_skip_moves_to_the_next_topic_and_leaves_a_marker(engine, database):
    user, outcome = await started(engine)
    skipped = await say(engine, user, "skip")
    assert skipped.replies[-1].text == engine.plan.topics[1].question
    kinds = [m.kind for m in await stored_messages(database, outcome.interview_id)]
    assert MessageKind.SKIPPED in kinds


async def test_pause_and_resume(engine, database):
    user, _ = await started(engine)
    paused = await say(engine, user, "pause")
    assert paused.status is InterviewStatus.PAUSED
    assert (await say(engine, user, "pause")).status is InterviewStatus.PAUSED
    resumed = await say(engine, user, "resume")
    assert resumed.status is InterviewStatus.IN_PROGRESS
    assert resumed.replies[-1].text == engine.plan.topics[0].question
    not_paused = await say(engine, user, "resume")
    assert "not paused" in texts(not_paused)


async def test_any_message_resumes_a_paused_interview_without_losing_it(engine, database):
    user, outcome = await started(engine)
    await say(engine, user, "pause")
    back = await say(engine, user, "sorry, I'm here again")
    assert back.status is InterviewStatus.IN_PROGRESS
    stored = [m.text for m in await stored_messages(database, outcome.interview_id)]
    assert "sorry, I'm here again" in stored


async def test_stop_ends_the_interview_as_declined(engine, database):
    user, outcome = await started(engine)
    stopped = await say(engine, user, "stop")
    assert stopped.status is InterviewStatus.DECLINED
    assert (await interview_row(database, outcome.interview_id)).ended_at is not None


async def test_delete_my_data_needs_confirmation_and_can_be_kept(engine, database):
    user, outcome = await started(engine)
    await say(engine, user, "The pay was well below market for years.")
    asked = await say(engine, user, "delete my data")
    assert "cannot be undone" in texts(asked)
    kept = await say(engine, user, "no")
    assert "nothing was deleted" in texts(kept)
    assert kept.status is InterviewStatus.IN_PROGRESS
    assert len(await stored_messages(database, outcome.interview_id)) > 0


async def test_delete_my_data_erases_transcript_and_report(engine, database):
    user = employee()
    done = await complete_interview(engine, user)
    assert await report_count(database) == 1
    await say(engine, user, "delete my data")
    erased = await say(engine, user, "yes")
    assert erased.status is InterviewStatus.ERASED
    assert await stored_messages(database, done.interview_id) == []
    assert await report_count(database) == 0
    row = await interview_row(database, done.interview_id)
    assert row.status == "erased" and row.erased_at is not None and row.pending_question is None
    async with database.session() as session:
        person = (await session.execute(select(Employee))).scalar_one()
        assert person.display_name is None and person.email is None
        assert (await session.execute(select(Report))).first() is None
    again = await say(engine, user, "hello")
    assert "erased" in texts(again)
    assert (
        (await say(engine, user, "delete my data")).replies[0].text.startswith("There is nothing")
    )


async def test_erasing_mid_interview(engine, database):
    user, outcome = await started(engine)
    await say(engine, user, "A secret answer about my manager and the team.")
    await say(engine, user, "delete my data")
    await say(engine, user, "yes")
    async with database.session() as session:
        rows = (await session.execute(select(Message))).scalars().all()
    assert rows == []
    assert (await interview_row(database, outcome.interview_id)).status == "erased"
