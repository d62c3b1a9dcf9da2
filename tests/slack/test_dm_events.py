"""DM events: redeliveries answered once, noise ignored, file shares answered politely."""

from __future__ import annotations

from sqlalchemy import func, select

from exitbot.engine.texts import ENGLISH
from exitbot.store import Database
from exitbot.store.models import Employee, InboxEvent
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, dm_event_body, running_exitbot

DM = dm_channel_for(EMPLOYEE)


async def _count(database: Database, model: type) -> int:
    async with database.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_a_redelivered_event_is_answered_once(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        envelope = dm_event_body(EMPLOYEE, "hi", event_id="EvSAME")
        first = await bot.slack_client.event(envelope)
        again = await bot.slack_client.event(envelope, retry_num=1)
        await bot.idle()
        later = await bot.slack_client.event(envelope, retry_num=2)
        plain_again = await bot.slack_client.event(envelope)
        await bot.idle()
    assert [a.status for a in (first, again, later, plain_again)] == [200] * 4
    assert len(slack_api.channel_messages(DM)) == 1


async def test_a_new_event_with_a_retry_header_is_still_processed(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        await bot.slack_client.event(dm_event_body(EMPLOYEE, "hi"), retry_num=1)
        await bot.idle()
    (invitation,) = slack_api.channel_messages(DM)
    assert invitation["text"].startswith("Hi Dana Smith!")


async def test_bots_edits_own_messages_and_channels_are_ignored(
    database_url: str, database: Database, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        noise = [
            dm_event_body(EMPLOYEE, "from a bot", bot_id="B999"),
            dm_event_body("UBOT", "the bot's own post"),
            dm_event_body(EMPLOYEE, "edited", subtype="message_changed"),
            dm_event_body(EMPLOYEE, "gone", subtype="message_deleted"),
            dm_event_body(EMPLOYEE, "in a channel", channel_type="channel", channel="C1"),
        ]
        acks = [await bot.slack_client.event(envelope) for envelope in noise]
        await bot.idle()
    assert {a.status for a in acks} == {200}
    assert slack_api.calls("chat.postMessage") == []
    assert await _count(database, InboxEvent) == 0
    assert await _count(database, Employee) == 0


async def test_a_file_share_gets_a_polite_reply_once(
    database_url: str, database: Database, slack_api: FakeSlackApi
) -> None:
    files = [{"id": "F1", "name": "cv.pdf"}]
    async with running_exitbot(database_url, slack_api) as bot:
        envelope = dm_event_body(EMPLOYEE, "", subtype="file_share", files=files)
        await bot.slack_client.event(envelope)
        await bot.idle()
        await bot.slack_client.event(envelope, retry_num=1)
        await bot.idle()
        assert slack_api.posted_texts(DM) == [ENGLISH.file_note]

        captioned = dm_event_body(EMPLOYEE, "hello there", subtype="file_share", files=files)
        await bot.slack_client.event(captioned)
        await bot.idle()
    texts = slack_api.posted_texts(DM)
    assert texts[1] == ENGLISH.file_note
    assert texts[2].startswith("Hi Dana Smith!")  # the caption went to the engine
    assert len(texts) == 3


async def test_calls_to_slack_reuse_one_connection(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    """A TCP (and, for slack.com, TLS) handshake per reply would double what each costs."""
    async with running_exitbot(database_url, slack_api) as bot:
        for number, text in enumerate(["hi", "yes", "The pay was too low."]):
            await bot.slack_client.event(dm_event_body(EMPLOYEE, text, event_id=f"Ev{number}"))
            await bot.idle()
    calls = slack_api.calls()
    assert len(slack_api.channel_messages(DM)) >= 3
    assert {call.peer for call in calls} == {calls[0].peer} != {""}
