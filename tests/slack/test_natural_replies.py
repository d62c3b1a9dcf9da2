"""Over Slack, people answer as they talk: in sentences, and sometimes in two messages."""

from __future__ import annotations

from sqlalchemy import select

from exitbot.core.statuses import InterviewStatus, MessageKind, MessageRole
from exitbot.store import Database
from exitbot.store.models import Interview, Message
from tests.conftest import FakeClock
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, HR_USER, running_exitbot
from tests.support import GOOD_ANSWERS, report_count

DM = dm_channel_for(EMPLOYEE)


async def test_consent_and_summary_confirmed_in_sentences(
    database_url: str, database: Database, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
        await bot.slack_client.dm(EMPLOYEE, "Sure, happy to do it.")
        await bot.idle()
        assert slack_api.channel_messages(DM)[-1]["text"] == bot.plan.topics[0].question
        for topic in bot.plan.topics:
            await bot.slack_client.dm(EMPLOYEE, GOOD_ANSWERS.get(topic.key, "A full answer."))
            await bot.idle()
        assert "Here is what I'll record" in slack_api.channel_messages(DM)[-1]["text"]
        await bot.slack_client.dm(EMPLOYEE, "That's fine, thanks!")
        await bot.idle()

    async with database.session() as session:
        interview = (await session.execute(select(Interview))).scalar_one()
    assert interview.status == InterviewStatus.COMPLETED
    assert await report_count(database) == 1
    assert "Thank you for taking the time" in slack_api.channel_messages(DM)[-1]["text"]


async def test_two_messages_a_second_apart_are_one_answer(
    database_url: str, database: Database, slack_api: FakeSlackApi, clock: FakeClock
) -> None:
    async with running_exitbot(database_url, slack_api, clock=clock, answer_join_seconds=2) as bot:
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
        clock.advance(seconds=30)
        await bot.slack_client.dm(EMPLOYEE, "yes")
        await bot.idle()
        clock.advance(seconds=30)
        await bot.slack_client.dm(EMPLOYEE, "The pay was low.")
        await bot.idle()
        clock.advance(seconds=1)
        await bot.slack_client.dm(EMPLOYEE, "And my manager never had time for me.")
        await bot.idle()
        second_question = bot.plan.topics[1].question
        posted = slack_api.posted_texts(DM)
        assert posted.count(second_question) == 1
        assert posted[-1] == second_question, "the continuation gets no reply of its own"

        clock.advance(seconds=40)
        await bot.slack_client.dm(EMPLOYEE, "The role was roughly what I expected.")
        await bot.idle()

    async with database.session() as session:
        answers = (
            (
                await session.execute(
                    select(Message)
                    .where(Message.role == MessageRole.EMPLOYEE, Message.kind == MessageKind.ANSWER)
                    .order_by(Message.seq)
                )
            )
            .scalars()
            .all()
        )
    assert [(a.topic_key, a.text) for a in answers] == [
        ("reason_for_leaving", "The pay was low.\nAnd my manager never had time for me."),
        ("role_fit", "The role was roughly what I expected."),
    ]


async def test_an_invitation_speaks_the_language_set_in_slack(
    database_url: str, database: Database, slack_api: FakeSlackApi
) -> None:
    slack_api.users[EMPLOYEE].locale = "de-DE"
    async with running_exitbot(database_url, slack_api) as bot:
        ack, _ = await bot.slack_client.command(HR_USER, f"start {EMPLOYEE}")
        assert ack.status == 200
        await bot.idle()
        (invitation,) = slack_api.channel_messages(DM)
        assert invitation["text"].startswith("Hallo Dana Smith!"), invitation["text"][:80]
        await bot.slack_client.dm(EMPLOYEE, "ja")
        await bot.idle()
        assert slack_api.channel_messages(DM)[-1]["text"].startswith("Was war der Hauptgrund")
    assert any("include_locale" in str(c.body) for c in slack_api.calls("users.info"))


async def test_a_flood_of_messages_is_kept_as_one_answer(
    database_url: str, database: Database, slack_api: FakeSlackApi, clock: FakeClock
) -> None:
    other = "U200"
    slack_api.add_user(other, "sam", "Sam Other")
    async with running_exitbot(
        database_url, slack_api, clock=clock, answer_join_seconds=2, dm_messages_per_minute=20
    ) as bot:
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
        await bot.slack_client.dm(EMPLOYEE, "yes")
        await bot.idle()
        texts = [f"part {n} of what I have to say about the pay" for n in range(50)]
        acks = []
        for n, text in enumerate(texts):
            clock.advance(seconds=0.1)
            acks.append(await bot.slack_client.dm(EMPLOYEE, text))
            if n == 25:
                acks.append(await bot.slack_client.dm(other, "hi"))
        await bot.idle()
        posted = slack_api.posted_texts(dm_channel_for(EMPLOYEE))
        invited_other = slack_api.posted_texts(dm_channel_for(other))

    assert all(ack.status == 200 for ack in acks)
    assert invited_other and "I'm ExitBot" in invited_other[0], "others are served meanwhile"
    assert sum("a lot of messages at once" in p for p in posted) == 1, "told once"
    async with database.session() as session:
        stored = "\n".join(
            (
                await session.execute(
                    select(Message.text).where(
                        Message.role == MessageRole.EMPLOYEE, Message.kind == MessageKind.ANSWER
                    )
                )
            )
            .scalars()
            .all()
        )
    assert all(text in stored for text in texts), "none of them lost"
