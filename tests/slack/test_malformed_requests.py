"""Requests that are not Slack's, or not in Slack's shape, get a 4xx and one log line: never a
traceback, never work in the background, and the server keeps answering."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from urllib.parse import urlencode

import pytest

from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, SIGNING_SECRET, dm_event_body, running_exitbot

TRUNCATED = json.dumps(dm_event_body(EMPLOYEE, "hi"))[:57]
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00"


def _typed_wrong(**event_fields: object) -> str:
    envelope = dm_event_body(EMPLOYEE, "hi")
    envelope["event"].update(event_fields)
    return json.dumps(envelope)


SIGNED_BAD: list[tuple[str, bytes, str]] = [
    ("truncated JSON", TRUNCATED.encode(), "application/json"),
    ("binary", BINARY, "application/json"),
    ("JSON array", b"[1, 2, 3]", "application/json"),
    ("text is an object", _typed_wrong(text={"x": 1}).encode(), "application/json"),
    ("user is a number", _typed_wrong(user=42).encode(), "application/json"),
    ("no channel", _typed_wrong(channel=None).encode(), "application/json"),
    (
        "payload not JSON",
        urlencode({"payload": "{nope"}).encode(),
        "application/x-www-form-urlencoded",
    ),
    (
        "interaction without user",
        urlencode({"payload": json.dumps({"type": "block_actions"})}).encode(),
        "application/x-www-form-urlencoded",
    ),
    (
        "command without user_id",
        urlencode({"command": "/exitbot", "text": "help", "channel_id": "C1"}).encode(),
        "application/x-www-form-urlencoded",
    ),
    ("form garbage", BINARY, "application/x-www-form-urlencoded"),
    ("unknown type", b"hello", "text/plain"),
]


@pytest.fixture
def no_tracebacks(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    yield caplog
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert "Traceback" not in caplog.text


async def test_unsigned_garbage_is_refused_before_parsing(
    database_url: str, slack_api: FakeSlackApi, no_tracebacks: pytest.LogCaptureFixture
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        statuses = []
        for _, body, content_type in SIGNED_BAD:
            async with bot.slack_client.session.post(
                bot.slack_client.url, data=body, headers={"Content-Type": content_type}
            ) as response:
                statuses.append(response.status)
        assert all(status in (400, 401) for status in statuses), statuses
        ack = await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
    assert ack.status == 200
    assert len(slack_api.channel_messages(dm_channel_for(EMPLOYEE))) == 1


async def test_signed_requests_of_the_wrong_shape_get_400(
    database_url: str, slack_api: FakeSlackApi, no_tracebacks: pytest.LogCaptureFixture
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        refused = {}
        for name, body, content_type in SIGNED_BAD:
            headers = {"Content-Type": content_type, **_sign_bytes(body)}
            async with bot.slack_client.session.post(
                bot.slack_client.url, data=body, headers=headers
            ) as response:
                refused[name] = response.status
        ack = await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
    assert all(400 <= status < 500 for status in refused.values()), refused
    assert refused["unknown type"] == 415
    assert ack.status == 200
    assert len(slack_api.channel_messages(dm_channel_for(EMPLOYEE))) == 1, "nothing else ran"


def _sign_bytes(body: bytes) -> dict[str, str]:
    """Slack's v0 signature over the raw bytes (any body, UTF-8 or not)."""
    timestamp = str(int(time.time()))
    base = b"v0:" + timestamp.encode() + b":" + body
    digest = hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}
