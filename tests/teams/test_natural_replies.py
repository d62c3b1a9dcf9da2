"""Over Teams, an interview confirmed in words completes."""

from __future__ import annotations

from sqlalchemy import select

from exitbot.core.statuses import InterviewStatus
from exitbot.store.models import Interview
from tests.support import GOOD_ANSWERS, report_count
from tests.teams.harness import ALICE, TeamsHarness, texts


async def test_an_interview_confirmed_in_words_completes(teams: TeamsHarness) -> None:
    await teams.say(ALICE, "hi")
    first = await teams.say(ALICE, "Yes, let's do it")
    assert teams.bot.plan.topics[0].question in texts(first)
    replies = first
    for topic in teams.bot.plan.topics:
        replies = await teams.say(ALICE, GOOD_ANSWERS.get(topic.key, "A full answer here."))
    assert "Here is what I'll record" in texts(replies)
    trimmed = await teams.say(ALICE, "remove the quotes please")
    assert "Here is what I'll record" in texts(trimmed)
    assert 'Quote: "' not in texts(trimmed)
    closing = await teams.say(ALICE, "looks good to me")
    assert "Thank you for taking the time" in texts(closing)

    async with teams.bot.database.session() as session:
        interview = (await session.execute(select(Interview))).scalar_one()
    assert interview.status == InterviewStatus.COMPLETED
    assert await report_count(teams.bot.database) == 1
