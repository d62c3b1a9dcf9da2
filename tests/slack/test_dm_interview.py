"""An employee's whole interview over signed Slack DM events and button clicks."""

from __future__ import annotations

from sqlalchemy import select

from exitbot.core.statuses import InterviewStatus
from exitbot.store import Database
from exitbot.store.models import Employee, Interview
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, running_exitbot
from tests.support import GOOD_ANSWERS, report_count

DM = dm_channel_for(EMPLOYEE)


async def test_a_whole_interview_over_dm_events(
    database_url: str, database: Database, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        ack = await bot.slack_client.dm(EMPLOYEE, "hi")
        assert ack.status == 200
        await bot.idle()
        (invitation,) = slack_api.channel_messages(DM)
        assert invitation["text"].startswith("Hi Dana Smith!")
        buttons = [b for b in invitation["blocks"] if b["type"] == "actions"]
        assert [e["value"] for e in buttons[0]["elements"]] == ["yes", "anonymous", "no"]

        ack = await bot.slack_client.click(EMPLOYEE, invitation, "yes")
        assert ack.status == 200
        await bot.idle()
        (update,) = slack_api.calls("chat.update")
        assert update.body["ts"] == invitation["ts"]
        assert "You chose: *Start*" in str(update.body["blocks"])

        for topic in bot.plan.topics:
            await bot.slack_client.dm(EMPLOYEE, GOOD_ANSWERS.get(topic.key, "A full answer."))
            await bot.idle()
        assert "Here is what I'll record" in slack_api.channel_messages(DM)[-1]["text"]
        await bot.slack_client.dm(EMPLOYEE, "yes")
        await bot.idle()

    async with database.session() as session:
        interview = (await session.execute(select(Interview))).scalar_one()
        employee = (await session.execute(select(Employee))).scalar_one()
    assert interview.status == InterviewStatus.COMPLETED
    assert await report_count(database) == 1
    assert employee.display_name == "Dana Smith"
    assert employee.email == "dana@corp.test"
    assert employee.conversation_ref is not None
    assert employee.conversation_ref["conversation_id"] == DM
    assert employee.conversation_ref["extra"]["timezone"] == "Europe/Berlin"
    assert any("Thank you for taking the time" in t for t in slack_api.posted_texts(DM)[-3:])
