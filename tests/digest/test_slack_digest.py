"""A scheduled digest posted over HTTP to a fake Slack Web API, with fake time."""

from __future__ import annotations

import json
from typing import Any

from exitbot.digest.service import ScheduledResult
from exitbot.engine import InterviewService
from exitbot.store import Database
from tests.conftest import FakeClock
from tests.digest.harness import (
    DIGEST_DUE,
    HR_CHANNEL_ID,
    SEED_TIME,
    WiredFactory,
    forget_what_was_sent,
    person,
    seed_completed,
    seed_started,
    store_raw_quotes,
)
from tests.fakes.slack_api import FakeSlackApi


def digest_messages(slack: FakeSlackApi) -> list[dict[str, Any]]:
    return [m for m in slack.channel_messages(HR_CHANNEL_ID) if "digest" in m["text"].lower()]


def everything_sent(slack: FakeSlackApi) -> str:
    """Every byte the fake received, decoded: bodies, parsed blocks and uploads."""
    parts = [c.raw.decode("utf-8", "replace") for c in slack.calls()]
    parts += [json.dumps(c.body, ensure_ascii=False) for c in slack.calls()]
    parts += [json.dumps(m, ensure_ascii=False) for m in slack.messages]
    return "\n".join(parts)


async def test_scheduled_digest_posts_once_with_counts_and_reasons(
    engine: InterviewService,
    database: Database,
    clock: FakeClock,
    wired: WiredFactory,
    slack_api: FakeSlackApi,
) -> None:
    clock.set(SEED_TIME)
    for index in range(3):
        await seed_completed(engine, person(f"UC{index}", f"Person {index}"), department="Eng")
    await seed_started(engine, person("UP1", "Pat Paused"))
    clock.set(DIGEST_DUE.replace(minute=5))

    jobs = (await wired()).jobs
    assert await jobs.post_due_digest() is ScheduledResult.POSTED
    assert await jobs.post_due_digest() is ScheduledResult.CLAIMED_ELSEWHERE

    [posted] = digest_messages(slack_api)
    text = "\n".join(
        b["text"]["text"] if "text" in b else "\n".join(f["text"] for f in b.get("fields", []))
        for b in posted["blocks"]
    )
    assert "*Completed*\n3" in text and "*In progress*\n1" in text
    assert "compensation: 3" in text, text
    assert "2026-10-26 to 2026-11-02 09:00 CET" in posted["text"]
    assert slack_api.call_count("files.completeUploadExternal") == 1
    [upload] = slack_api.uploads.values()
    assert upload.startswith(b"\x89PNG")


async def test_anonymous_name_email_and_broadcast_never_reach_slack(
    engine: InterviewService,
    database: Database,
    clock: FakeClock,
    wired: WiredFactory,
    slack_api: FakeSlackApi,
) -> None:
    clock.set(SEED_TIME)
    anonymous = person("UANON", "Dana Smith")
    interview_id = await seed_completed(engine, anonymous, department="Eng", consent="anonymous")
    await store_raw_quotes(
        database,
        interview_id,
        [
            "Dana here: tell <!channel> and @here that uanon@corp.test got no raise (ask UANON)",
        ],
    )
    clock.advance(days=-3)
    await seed_started(engine, person("USTALL", "Robin Quiet"), consent="anonymous")
    clock.set(DIGEST_DUE.replace(minute=5))

    bot = await wired()
    await forget_what_was_sent(bot, slack_api)
    assert await bot.jobs.post_due_digest() is ScheduledResult.POSTED

    sent = everything_sent(slack_api)
    assert "got no raise" in sent  # the quote itself is there...
    for secret in ("Dana", "Smith", "uanon@corp.test", "UANON", "Robin", "<!channel>", "@here"):
        assert secret not in sent, secret  # ...but nothing that identifies or pings
    assert "Anonymous" in sent  # the stalled anonymous interview, without a name


async def test_digest_still_posts_when_the_chart_upload_fails(
    engine: InterviewService,
    clock: FakeClock,
    wired: WiredFactory,
    slack_api: FakeSlackApi,
) -> None:
    clock.set(SEED_TIME)
    await seed_completed(engine, person("UC1", "Ali Chart"))
    clock.set(DIGEST_DUE.replace(minute=5))
    slack_api.fail("files.getUploadURLExternal", "internal_error", times=5)

    jobs = (await wired()).jobs
    assert await jobs.post_due_digest() is ScheduledResult.POSTED
    assert len(digest_messages(slack_api)) == 1
    assert slack_api.call_count("files.completeUploadExternal") == 0
