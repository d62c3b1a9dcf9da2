"""With SLACK_APP_TOKEN, the same listeners run over Socket Mode and no HTTP route is open."""

from __future__ import annotations

import json

from tests.fakes.slack_api import APP_TOKEN, FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, HR_USER, dm_event_body, running_exitbot


async def test_dm_events_and_commands_over_socket_mode(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api, slack_app_token=APP_TOKEN) as bot:
        await slack_api.wait_for_socket()
        (opened,) = slack_api.calls("apps.connections.open")
        assert opened.token == APP_TOKEN

        envelope_id = await slack_api.send_envelope(dm_event_body(EMPLOYEE, "hi"))
        await slack_api.wait_for("socket_mode_ack")
        assert slack_api.calls("socket_mode_ack")[0].body["envelope_id"] == envelope_id
        await slack_api.wait_for("chat.postMessage")

        response_url = slack_api.response_url("socket-cmd")
        await slack_api.send_envelope(
            {
                "team_id": "T0001",
                "channel_id": "CHR",
                "user_id": HR_USER,
                "user_name": "hannah",
                "command": "/exitbot",
                "text": "list",
                "response_url": response_url,
                "trigger_id": "1.trigger",
            },
            kind="slash_commands",
        )
        (answer,) = await slack_api.wait_for("response_url")
        async with bot.slack_client.session.post(f"{bot.url}/slack/events", data="{}") as http:
            assert http.status in (404, 405)
        await bot.idle()
    (invitation,) = slack_api.channel_messages(dm_channel_for(EMPLOYEE))
    assert invitation["text"].startswith("Hi Dana Smith!")
    assert answer.body["response_type"] == "ephemeral"
    assert answer.body["text"] == "Interviews (newest first, 1 in all)"
    assert "Dana Smith" in json.dumps(answer.body["blocks"])
