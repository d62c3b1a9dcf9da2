"""HR's `start … last_day=…` far ahead: the interview waits to invite until its day, unless
the employee writes first, HR withdraws it, or HR asks to send it now. Slash commands and DMs
over HTTP to a running ExitBot, the due-invitation job called as the scheduler calls it."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import FakeClock
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, HR_USER, running_exitbot
from tests.slack.test_hr_commands import run_command

DM = dm_channel_for(EMPLOYEE)
MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DUE = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
START = "start <@U100|dana> dept=Engineering last_day=2026-11-20"


async def test_hr_hears_when_the_invitation_will_go_and_nothing_is_sent_before(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    clock = FakeClock(MONDAY)
    async with running_exitbot(database_url, slack_api, clock=clock) as bot:
        started = await run_command(bot, slack_api, HR_USER, START)
        again = await run_command(bot, slack_api, HR_USER, "start U100")
        assert await bot.bot.jobs.send_due_invitations() == 0
    assert started.text.startswith(
        "Interview #1 for Dana Smith is scheduled: the invitation goes on 2026-11-17."
    )
    assert "`remind 1`" in started.blocks
    assert again.text.startswith(
        "Dana Smith already has an exit interview (#1) whose invitation goes on 2026-11-17."
    )
    assert slack_api.channel_messages(DM) == []
    assert slack_api.calls("conversations.open") == []


async def test_an_employee_who_writes_first_starts_and_is_not_invited_again(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    clock = FakeClock(MONDAY)
    async with running_exitbot(database_url, slack_api, clock=clock) as bot:
        await run_command(bot, slack_api, HR_USER, START)
        clock.set(datetime(2026, 11, 5, 14, 0, tzinfo=UTC))
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
        [invitation] = slack_api.channel_messages(DM)
        await bot.slack_client.click(EMPLOYEE, invitation, "yes")
        await bot.idle()
        clock.set(DUE)
        assert await bot.bot.jobs.send_due_invitations() == 0
    texts = [m["text"] for m in slack_api.channel_messages(DM)]
    assert texts[0].startswith("Hi Dana Smith! I'm ExitBot")
    assert sum("I'm ExitBot" in t for t in texts) == 1
    assert "What is the main reason you decided to leave?" in texts[-1]


async def test_a_withdrawn_interview_is_never_invited_and_its_employee_never_bothered(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    clock = FakeClock(MONDAY)
    async with running_exitbot(database_url, slack_api, clock=clock) as bot:
        await run_command(bot, slack_api, HR_USER, START)
        await run_command(bot, slack_api, HR_USER, "cancel 1")
        clock.set(DUE)
        assert await bot.bot.jobs.send_due_invitations() == 0
        listing = await run_command(bot, slack_api, HR_USER, "list")
    assert slack_api.channel_messages(DM) == []
    assert "cancelled" in listing.blocks


async def test_remind_sends_a_waiting_invitation_now_and_the_job_leaves_it_be(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    clock = FakeClock(MONDAY)
    async with running_exitbot(database_url, slack_api, clock=clock) as bot:
        await run_command(bot, slack_api, HR_USER, START)
        reminded = await run_command(bot, slack_api, HR_USER, "remind 1")
        clock.set(DUE)
        assert await bot.bot.jobs.send_due_invitations() == 0
    assert reminded.text == "Sent a reminder for interview #1."
    [invitation] = slack_api.channel_messages(DM)
    assert invitation["text"].startswith("Hi Dana Smith! I'm ExitBot")
    assert "gentle nudge" not in invitation["text"]
