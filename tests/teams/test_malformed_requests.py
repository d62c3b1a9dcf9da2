"""Bodies that are not activities, or activities with wrongly typed fields, get a 400 and one
log line, never a traceback; the bot keeps answering."""

from __future__ import annotations

import json
import logging

import pytest

from tests.teams.harness import ALICE, TeamsHarness, personal_message


def _activity_with(teams: TeamsHarness, **fields: object) -> bytes:
    return json.dumps({**personal_message(teams.service_url, ALICE, "hi"), **fields}).encode()


async def test_malformed_activities_are_refused_without_a_traceback(
    teams: TeamsHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bodies = {
        "truncated": b'{"type": "message", "text": "hi", "fro',
        "binary": b"\x89PNG\r\n\x1a\n\xff\xfe",
        "array": b"[1, 2]",
        "no type": b'{"text": "hi"}',
        "text is an object": _activity_with(teams, text={"a": 1}),
        "from is a string": _activity_with(teams, **{"from": "bob"}),
        "conversation is a list": _activity_with(teams, conversation=[1]),
    }
    statuses = {}
    for name, body in bodies.items():
        async with teams.session.post(
            f"{teams.url}/api/messages",
            data=body,
            headers={**teams.extra_headers, "Content-Type": "application/json"},
        ) as response:
            statuses[name] = response.status
    assert statuses == dict.fromkeys(bodies, 400)
    replies = await teams.say(ALICE, "hi")
    assert replies and "I'm ExitBot" in replies[0].text
    assert not [r for r in caplog.records if r.exc_info]
    assert "Traceback" not in caplog.text
