"""HR commands as messages to the bot: personal chat, or an @mention in a channel."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from exitbot.store.models import Interview
from exitbot.store.settings_store import DIGEST_CHANNEL, SettingsStore
from tests.teams.harness import (
    ALICE,
    BOB,
    CHANNEL_ID,
    HANNA,
    TENANT,
    TeamsHarness,
    TeamsUser,
    channel_message,
    personal_install,
    personal_message,
    texts,
)


async def _interviews(teams: TeamsHarness) -> int:
    async with teams.bot.database.session() as session:
        return int(
            (await session.execute(select(func.count()).select_from(Interview))).scalar_one()
        )


async def test_hr_lists_interviews_in_a_personal_chat(teams: TeamsHarness) -> None:
    await teams.say(ALICE, "hi")

    answer = await teams.say(HANNA, "list")

    assert len(answer) == 1
    assert answer[0].conversation_id == HANNA.dm_id
    assert "Alice Jones" in answer[0].text
    assert "#1" in answer[0].text


async def test_list_from_someone_else_is_their_own_interview(teams: TeamsHarness) -> None:
    await teams.say(ALICE, "hi")

    reply = await teams.say(BOB, "list")

    assert "I'm ExitBot" in texts(reply)  # Bob's own invitation, not HR's list
    assert "Alice" not in texts(reply)


async def test_a_channel_command_from_someone_else_is_refused(teams: TeamsHarness) -> None:
    await teams.say(ALICE, "hi")
    asked = channel_message(teams.service_url, BOB, "list")

    reply = await teams.send(asked)

    assert len(reply) == 1
    assert "commands are for the HR team" in reply[0].text
    assert reply[0].conversation_id == asked["conversation"]["id"]  # in the thread
    assert "Alice" not in reply[0].text
    assert teams.connector.created_conversations == []
    assert await _interviews(teams) == 1  # Bob got no interview from a channel message


async def test_hr_answers_from_a_channel_go_to_the_caller_alone(teams: TeamsHarness) -> None:
    await teams.say(ALICE, "hi")
    asked = channel_message(teams.service_url, HANNA, "list")

    posted = await teams.send(asked)

    [created] = teams.connector.created_conversations
    assert created["members"] == [
        {"id": HANNA.teams_id, "name": HANNA.name, "aadObjectId": HANNA.aad_object_id}
    ]
    assert created["isGroup"] is False
    assert created["channelData"] == {"tenant": {"id": TENANT}}
    private = [a for a in posted if a.conversation_id.startswith("a:private-")]
    in_channel = [a for a in posted if a.conversation_id == asked["conversation"]["id"]]
    assert "Alice Jones" in texts(private)
    assert [a.text for a in in_channel] == ["I've sent you the answer in a private chat."]


async def test_digest_here_makes_the_channel_the_digest_destination(teams: TeamsHarness) -> None:
    asked = channel_message(teams.service_url, HANNA, "digest here")

    reply = await teams.send(asked)

    assert "digests will be posted in this channel" in texts(reply)
    assert reply[0].conversation_id == asked["conversation"]["id"]
    stored = await SettingsStore(teams.bot.database).get(DIGEST_CHANNEL)
    assert stored is not None
    assert stored["conversation_id"] == CHANNEL_ID  # the channel, not the thread
    assert stored["extra"]["reference"]["serviceUrl"] == teams.service_url


async def test_hr_starts_an_interview_for_someone_who_installed_the_app(
    teams: TeamsHarness,
) -> None:
    await teams.post(personal_install(teams.service_url, BOB))

    answer = await teams.send(channel_message(teams.service_url, HANNA, "start", mention=BOB))

    [invitation] = teams.connector.messages(BOB.dm_id)
    assert "I'm ExitBot" in invitation.text
    assert invitation.submit_words == ["yes", "anonymous", "no"]
    assert "Invited Bob Stone" in texts(answer)
    started = await teams.click(BOB, "yes")
    assert "Let's start" in texts(started)
    assert await _interviews(teams) == 1


async def test_hr_is_told_why_someone_unknown_cannot_be_invited(teams: TeamsHarness) -> None:
    stranger = TeamsUser("29:stranger-9", "aad-stranger-0009", "Sam Stranger")

    answer = await teams.say(HANNA, f"start {stranger.teams_id} dept=Sales")

    assert "has not installed or messaged ExitBot in Teams yet" in texts(answer)
    assert await _interviews(teams) == 0


async def test_a_resent_hr_command_is_answered_once(teams: TeamsHarness) -> None:
    activity = personal_message(teams.service_url, HANNA, "help", activity_id="hr-resend-1")
    first = await teams.send(activity)
    again = await teams.send(activity)
    assert len(first) == 1
    assert again == []


async def test_digest_now_posts_an_adaptive_card_in_the_digest_channel(
    teams: TeamsHarness,
) -> None:
    await teams.send(channel_message(teams.service_url, HANNA, "digest here"))

    await teams.say(HANNA, "digest now")

    [digest] = teams.connector.messages(CHANNEL_ID)  # a new post in the channel, no thread
    assert digest.card is not None
    assert digest.card["version"] == "1.5"
    assert len(json.dumps(digest.card)) < 28 * 1024
    assert "Posted the digest" in texts(teams.connector.messages(HANNA.dm_id))
