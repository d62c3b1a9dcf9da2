"""An employee's exit interview in a Teams personal chat, over HTTP, against a fake connector."""

from __future__ import annotations

from sqlalchemy import func, select

from exitbot.core.messages import Platform, UserRef
from exitbot.core.statuses import InterviewStatus
from exitbot.engine import InterviewDetails
from exitbot.store.models import Employee, InboxEvent, Interview, Message
from tests.support import GOOD_ANSWERS, report_count
from tests.teams.harness import (
    ALICE,
    BOB,
    TeamsHarness,
    card_execute,
    personal_install,
    personal_message,
    texts,
)


async def _interview(teams: TeamsHarness, aad: str) -> Interview:
    async with teams.bot.database.session() as session:
        employee = (
            await session.execute(select(Employee).where(Employee.platform_user_id == aad))
        ).scalar_one()
        return (
            await session.execute(select(Interview).where(Interview.employee_id == employee.id))
        ).scalar_one()


async def test_a_whole_interview_completes_in_a_personal_chat(teams: TeamsHarness) -> None:
    invitation = await teams.say(ALICE, "hi")
    assert len(invitation) == 1
    assert "I'm ExitBot" in invitation[0].text
    assert invitation[0].card is not None
    assert invitation[0].card["version"] == "1.5"
    assert invitation[0].submit_words == ["yes", "anonymous", "no"]
    assert invitation[0].conversation_id == ALICE.dm_id

    first_question = await teams.click(ALICE, "yes")
    assert "Let's start" in texts(first_question)
    assert first_question[-1].submit_words == ["skip"]

    replies = first_question
    for topic in teams.bot.plan.topics:
        replies = await teams.say(ALICE, GOOD_ANSWERS.get(topic.key, "A full answer here."))
    assert "Here is what I'll record" in texts(replies)

    closing = await teams.click(ALICE, "yes")
    assert "Thank you for taking the time" in texts(closing)

    interview = await _interview(teams, ALICE.aad_object_id)
    assert interview.status == InterviewStatus.COMPLETED
    assert await report_count(teams.bot.database) == 1
    # Every reply went to Alice's chat, and the typing indicator showed before each answer.
    assert {a.conversation_id for a in teams.connector.activities} == {ALICE.dm_id}
    assert len(teams.connector.typing(ALICE.dm_id)) >= len(teams.bot.plan.topics) + 3


async def test_typed_words_and_card_actions_are_the_same(teams: TeamsHarness) -> None:
    await teams.say(BOB, "hello")
    started = await teams.say(BOB, "Yes")
    assert "Let's start" in texts(started)
    skipped = await teams.send(card_execute(teams.service_url, BOB, "skip"))
    assert "let's move on" in texts(skipped)
    interview = await _interview(teams, BOB.aad_object_id)
    assert interview.topic_index == 1


async def test_a_resent_activity_gets_one_reply(teams: TeamsHarness) -> None:
    activity = personal_message(teams.service_url, ALICE, "hi", activity_id="resent-1")
    first = await teams.send(activity)
    again = await teams.send(activity)
    assert len(first) == 1
    assert again == []
    async with teams.bot.database.session() as session:
        events = (
            await session.execute(
                select(func.count())
                .select_from(InboxEvent)
                .where(InboxEvent.event_id == "resent-1")
            )
        ).scalar_one()
    assert events == 1


async def test_the_answer_is_stored_even_when_teams_refuses_the_reply(
    teams: TeamsHarness,
) -> None:
    from tests.fakes.bot_connector import Failure

    await teams.say(ALICE, "hi")
    await teams.click(ALICE, "yes")
    teams.connector.fail_next(Failure(403))  # the bot was blocked: final, not retried
    lost = await teams.say(ALICE, GOOD_ANSWERS["reason_for_leaving"])
    assert lost == []
    interview = await _interview(teams, ALICE.aad_object_id)
    async with teams.bot.database.session() as session:
        answers = (
            await session.execute(
                select(func.count())
                .select_from(Message)
                .where(Message.interview_id == interview.id, Message.kind == "answer")
            )
        ).scalar_one()
    assert answers == 1
    assert interview.topic_index == 1


async def test_installing_the_app_lets_hr_reach_the_person_first(teams: TeamsHarness) -> None:
    status = await teams.post(personal_install(teams.service_url, BOB))
    assert status in (200, 201)
    assert teams.connector.messages() == []

    bob = await teams.adapter.directory.resolve_user(BOB.teams_id)
    assert bob == UserRef(Platform.TEAMS, BOB.aad_object_id, display_name=BOB.name)

    invitation = await teams.bot.interviews.invite(bob, InterviewDetails(invited_by="hr"))
    assert invitation.outbox_ids
    await teams.settle()

    [posted] = teams.connector.messages(BOB.dm_id)
    assert "I'm ExitBot" in posted.text
    # The reply to that proactive invitation continues the same interview.
    started = await teams.say(BOB, "yes")
    assert "Let's start" in texts(started)


async def test_someone_who_never_reached_the_bot_cannot_be_messaged_first(
    teams: TeamsHarness,
) -> None:
    import pytest

    from exitbot.core.outgoing import DeliveryError

    outbound = teams.adapter.sender
    stranger = UserRef(Platform.TEAMS, "aad-stranger", display_name="Sam Stranger")
    with pytest.raises(DeliveryError, match="Sam Stranger has not installed or messaged the bot"):
        await outbound.open_dm(stranger)
    with pytest.raises(DeliveryError, match=r"someone@corp\.test has not installed or messaged"):
        await outbound.resolve_user("someone@corp.test")


async def test_an_acknowledged_event_left_unprocessed_is_answered_when_replayed(
    teams: TeamsHarness,
) -> None:
    """A replica stored Alice's message, acked it and died: the inbox row alone is enough."""
    from datetime import timedelta

    from botbuilder.schema import Activity

    from adapters.teams.activities import incoming_message

    activity = Activity().deserialize(personal_message(teams.service_url, ALICE, "hi"))
    [stored] = await teams.bot.inbox.record([incoming_message(activity)], teams.bot.clock.now())
    assert stored

    assert await teams.bot.pipeline.replay(timedelta(0)) == 1
    await teams.settle()

    [invitation] = teams.connector.messages(ALICE.dm_id)
    assert "I'm ExitBot" in invitation.text
    assert await teams.bot.pipeline.replay(timedelta(0)) == 0
