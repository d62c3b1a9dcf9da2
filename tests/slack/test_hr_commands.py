"""`/exitbot` over signed slash-command requests: acked at once, answered to the caller alone."""

from __future__ import annotations

import json
from dataclasses import dataclass

import structlog

from exitbot.hr.formatting import REFUSAL
from tests.fakes.slack_api import FakeSlackApi, RecordedCall, dm_channel_for
from tests.slack.harness import EMPLOYEE, HR_USER, RunningExitBot, running_exitbot
from tests.support import GOOD_ANSWERS

DM = dm_channel_for(EMPLOYEE)


def answer_to(slack_api: FakeSlackApi, response_url: str) -> RecordedCall:
    path = response_url.removeprefix(slack_api.root_url)
    (call,) = [c for c in slack_api.calls("response_url") if c.path == path]
    return call


@dataclass(frozen=True)
class Answer:
    text: str
    """The message's ``text`` (its notification)."""
    blocks: str
    """Its blocks as JSON: everything the message shows."""


async def run_command(bot: RunningExitBot, slack_api: FakeSlackApi, user: str, text: str) -> Answer:
    ack, response_url = await bot.slack_client.command(user, text)
    assert ack.status == 200
    assert ack.seconds < 1.0
    await bot.idle()
    answer = answer_to(slack_api, response_url)
    assert answer.body["response_type"] == "ephemeral"
    blocks = json.dumps(answer.body.get("blocks"), ensure_ascii=False)
    return Answer(str(answer.body["text"]), blocks)


async def complete_over_dm(bot: RunningExitBot, slack_api: FakeSlackApi) -> None:
    (invitation,) = slack_api.channel_messages(DM)
    await bot.slack_client.click(EMPLOYEE, invitation, "yes")
    for topic in bot.plan.topics:
        await bot.slack_client.dm(EMPLOYEE, GOOD_ANSWERS.get(topic.key, "A full answer."))
    await bot.slack_client.dm(EMPLOYEE, "yes")
    await bot.idle()


async def test_hr_starts_an_interview_the_employee_completes_and_hr_lists_it(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        started = await run_command(bot, slack_api, HR_USER, "start <@U100|dana> dept=Engineering")
        assert started.text == "Invited Dana Smith to an exit interview (interview #1)."
        assert slack_api.calls("conversations.open")[0].body["users"] == EMPLOYEE
        (invitation,) = slack_api.channel_messages(DM)
        assert invitation["text"].startswith("Hi Dana Smith!")
        assert any(b["type"] == "actions" for b in invitation["blocks"])

        await complete_over_dm(bot, slack_api)
        listing = await run_command(bot, slack_api, HR_USER, "list")
    assert listing.text == "Interviews (newest first, 1 in all)"
    assert "*#1*" in listing.blocks
    assert "Dana Smith" in listing.blocks
    assert "Engineering" in listing.blocks
    assert "completed" in listing.blocks


async def test_start_by_user_id_and_by_email(database_url: str, slack_api: FakeSlackApi) -> None:
    slack_api.add_user("U200", "sam", "Sam Lee", "sam@corp.test")
    async with running_exitbot(database_url, slack_api) as bot:
        by_id = await run_command(bot, slack_api, HR_USER, "start U100")
        by_email = await run_command(bot, slack_api, HR_USER, "start sam@corp.test")
        unknown = await run_command(bot, slack_api, HR_USER, "start nobody@corp.test")
    assert "Dana Smith" in by_id.text
    assert "Sam Lee" in by_email.text
    assert slack_api.calls("users.lookupByEmail")[0].body["email"] == "sam@corp.test"
    assert "couldn't find" in unknown.text
    assert len(slack_api.channel_messages("DU200")) == 1


async def test_a_non_hr_user_is_refused_and_the_attempt_is_logged(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        await run_command(bot, slack_api, HR_USER, "start U100")
        with structlog.testing.capture_logs() as logs:
            refused = await run_command(bot, slack_api, EMPLOYEE, "list")
    assert refused.text == REFUSAL
    assert any(
        e["event"] == "hr_command_refused" and e["caller"] == f"slack:{EMPLOYEE}" for e in logs
    )


async def test_the_hr_user_group_authorises_with_a_cached_lookup(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    slack_api.add_user("UGRP", "gina", "Gina Group", "gina@corp.test")
    slack_api.set_usergroup("SHR", ["UGRP"])
    async with running_exitbot(database_url, slack_api, hr_slack_usergroup="SHR") as bot:
        first = await run_command(bot, slack_api, "UGRP", "list")
        second = await run_command(bot, slack_api, "UGRP", "help")
        refused = await run_command(bot, slack_api, EMPLOYEE, "list")
    assert first.text.startswith("No interviews")
    assert "`start @user" in second.blocks, "commands are shown as code"
    assert refused.text == REFUSAL
    assert slack_api.call_count("usergroups.users.list") == 1


async def test_digest_here_then_digest_now_posts_in_that_channel(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        ack, response_url = await bot.slack_client.command(HR_USER, "digest here", "CDIGEST")
        assert ack.status == 200
        await bot.idle()
        here = str(answer_to(slack_api, response_url).body["text"])
        now = await run_command(bot, slack_api, HR_USER, "digest now")
    assert "digest" in here.lower()
    assert "Posted" in now.text
    (digest,) = slack_api.channel_messages("CDIGEST")
    assert digest["text"].startswith("ExitBot digest")


async def test_a_bad_command_gets_the_usage_line(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        answer = await run_command(bot, slack_api, HR_USER, "frobnicate <!channel>")
    assert "<!channel>" not in answer.text + answer.blocks
    assert "`frobnicate`" in answer.blocks
    assert "help" in answer.blocks.lower()


async def test_an_hr_user_past_the_command_limit_is_told_when_to_try_again(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api, hr_commands_per_minute=3) as bot:
        answers = [await run_command(bot, slack_api, HR_USER, "list") for _ in range(4)]
        assert all("more than 3 commands" not in a.text for a in answers[:3])
        assert "more than 3 commands in a minute" in answers[3].text
        assert "try again in" in answers[3].text
        other = await run_command(bot, slack_api, "U_OTHER_HR", "help")
        assert "more than 3 commands" not in other.text, "the limit is per person"


async def test_the_command_limit_holds_across_replicas(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with (
        running_exitbot(database_url, slack_api, hr_commands_per_minute=2) as first,
        running_exitbot(database_url, slack_api, hr_commands_per_minute=2) as second,
    ):
        await run_command(first, slack_api, HR_USER, "list")
        await run_command(second, slack_api, HR_USER, "list")
        limited = await run_command(first, slack_api, HR_USER, "list")
        assert "more than 2 commands in a minute" in limited.text
