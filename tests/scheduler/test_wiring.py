"""The scheduler as `exitbot serve` runs it, and `exitbot digest` posting through the same
DigestService: real APScheduler, real command line, fake Slack Web API."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from adapters.slack.plugin import SlackPlugin
from exitbot.bootstrap import bootstrap
from exitbot.scheduler import JobTimings
from tests.conftest import FakeClock
from tests.digest.harness import HR_CHANNEL_ID
from tests.fakes.slack_api import BOT_TOKEN, FakeSlackApi
from tests.slack.harness import slack_settings


async def test_the_running_scheduler_catches_up_the_missed_digest_on_start(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    clock = FakeClock(datetime(2026, 11, 4, 12, tzinfo=UTC))  # Wednesday: Monday's was missed
    settings = slack_settings(
        database_url,
        slack_api,
        hr_channel=f"slack:{HR_CHANNEL_ID}",
        timezone="Europe/Berlin",
        digest_cron="0 9 * * MON",
    )
    bot = await bootstrap(
        settings, clock=clock, plugins=[SlackPlugin()], timings=JobTimings(timedelta(0))
    )
    scheduler = bot.scheduler
    assert scheduler.job_ids() == [
        "digest",
        "digest_catch_up",
        "expiry",
        "inbox_sweep",
        "invitations",
        "reminders",
        "retention",
    ]
    scheduler.start()
    try:
        await slack_api.wait_for("chat.postMessage", within=10)
        async with asyncio.timeout(10):  # the other immediate jobs finish too
            await scheduler.ran(["digest_catch_up", "inbox_sweep", "reminders", "expiry"])
    finally:
        await bot.close()
    [digest] = slack_api.channel_messages(HR_CHANNEL_ID)
    assert digest["text"] == "ExitBot digest: 2026-10-26 to 2026-11-02 09:00 CET"


def test_every_minute_cron_fires_within_a_minute_in_the_configured_timezone() -> None:
    trigger = CronTrigger.from_crontab("* * * * *", timezone="Europe/Berlin")
    now = datetime(2026, 11, 2, 8, 0, 1, tzinfo=UTC)
    fire = trigger.get_next_fire_time(None, now)
    assert fire is not None and timedelta(0) < fire - now <= timedelta(minutes=1)


async def run_cli(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from exitbot.cli import main; main()",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_exitbot_digest_posts_to_the_hr_channel_through_slack(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GROQ_", "OLLAMA_"))}
    env |= {
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": "test-signing-secret",
        "SLACK_API_URL": slack_api.base_url,
        "TIMEZONE": "Europe/Berlin",
    }
    code, _, err = await run_cli("digest", "--days", "7", env=env)
    assert code == 1 and "no digest channel" in err
    assert slack_api.channel_messages(HR_CHANNEL_ID) == []

    code, out, err = await run_cli("digest", env=env | {"HR_CHANNEL": f"slack:{HR_CHANNEL_ID}"})
    assert code == 0, err
    assert "Posted the digest for the last 7 days to the digest channel" in out
    [digest] = slack_api.channel_messages(HR_CHANNEL_ID)
    assert digest["text"].startswith("ExitBot digest: ")
