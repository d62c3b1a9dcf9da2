"""An event whose turn fails every time is tried a bounded number of times, then set aside with
its error (listed by ``exitbot inbox``); it never blocks the employee's next message."""

from __future__ import annotations

import os
from datetime import timedelta

from exitbot.core.interviewer import InterviewContext
from exitbot.interviewers.scripted.interviewer import ScriptedInterviewer
from tests.cli_runner import run
from tests.conftest import FakeClock
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, running_exitbot

POISON = "this answer always breaks the follow-up decision"


class PoisonedInterviewer(ScriptedInterviewer):
    """The script's words, except that one answer makes every turn with it fail."""

    async def followup(self, ctx: InterviewContext, answer: str) -> str | None:
        if answer == POISON:
            raise RuntimeError("the follow-up decision broke")
        return await super().followup(ctx, answer)


async def test_a_poisoned_event_is_set_aside_and_the_next_message_answered(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    dm = dm_channel_for(EMPLOYEE)
    async with running_exitbot(database_url, slack_api, interviewer=PoisonedInterviewer()) as bot:
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
        await bot.slack_client.dm(EMPLOYEE, "yes")
        await bot.idle()
        assert (await bot.slack_client.dm(EMPLOYEE, POISON)).status == 200
        await bot.idle()
        pipeline = bot.bot.pipeline
        for _ in range(pipeline.options.max_attempts + 2):
            await pipeline.replay(timedelta(0))
            await bot.idle()
        [set_aside] = await pipeline.set_aside()
        assert set_aside.attempts == pipeline.options.max_attempts
        assert set_aside.error == "RuntimeError: the follow-up decision broke"
        assert await pipeline.replay(timedelta(0)) == 0, "replayed no more"

        await bot.slack_client.dm(EMPLOYEE, "The pay was well below market for years.")
        await bot.idle()
        assert slack_api.channel_messages(dm)[-1]["text"] == bot.plan.topics[1].question

    listed = run(["inbox"], {**os.environ, "DATABASE_URL": database_url})
    assert listed.returncode == 0, listed.stderr
    assert "RuntimeError: the follow-up decision broke" in listed.stdout
    assert POISON not in listed.stdout, "the listing shows no employee text"


async def test_each_retry_of_a_failing_event_waits_twice_as_long(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    clock = FakeClock()
    async with running_exitbot(
        database_url, slack_api, interviewer=PoisonedInterviewer(), clock=clock
    ) as bot:
        for text in ("hi", "yes", POISON):
            await bot.slack_client.dm(EMPLOYEE, text)
            await bot.idle()
        pipeline = bot.bot.pipeline
        base = pipeline.options.replay_after
        assert await pipeline.replay() == 0, "too young: it may still be running elsewhere"

        # The first replay comes once the event is ``base`` old; after it, each wait doubles
        # from ``base``, counted from the previous attempt: base, base, 2 x base, 4 x base...
        # Right at a wait's end an event is not due yet (it must be older); a second later
        # it is, once.
        for attempt in range(pipeline.options.max_attempts):
            wait = base if attempt == 0 else base * 2 ** (attempt - 1)
            clock.advance(seconds=wait.total_seconds())
            assert await pipeline.replay() == 0, f"attempt {attempt + 1} came early"
            clock.advance(seconds=1)
            assert await pipeline.replay() == 1, f"attempt {attempt + 1} did not come"
            await bot.idle()
        clock.advance(days=1)
        assert await pipeline.replay() == 0, "no attempt after the last"
        [set_aside] = await pipeline.set_aside()
        assert set_aside.attempts == pipeline.options.max_attempts
