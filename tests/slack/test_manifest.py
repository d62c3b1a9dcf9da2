"""manifest.json matches what the adapter serves and the Web API methods it calls."""

from __future__ import annotations

import json
from pathlib import Path

from adapters.slack.adapter import EVENTS_PATH, SLASH_COMMAND

MANIFEST = json.loads((Path(__file__).parents[2] / "manifest.json").read_text())

# Web API method -> the bot scope Slack requires for it.
METHOD_SCOPES = {
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "conversations.open": "im:write",
    "users.info": "users:read",
    "users.lookupByEmail": "users:read.email",
    "usergroups.users.list": "usergroups:read",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
}


def test_one_url_for_events_interactivity_and_the_command() -> None:
    settings = MANIFEST["settings"]
    (command,) = MANIFEST["features"]["slash_commands"]
    urls = {
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
        command["url"],
    }
    assert len(urls) == 1
    assert urls.pop().endswith(EVENTS_PATH)
    assert command["command"] == SLASH_COMMAND
    assert command["should_escape"] is True
    assert settings["interactivity"]["is_enabled"] is True


def test_dm_events_and_the_scopes_the_adapter_needs() -> None:
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert MANIFEST["settings"]["event_subscriptions"]["bot_events"] == ["message.im"]
    assert {"im:history", "commands"} <= scopes
    assert set(METHOD_SCOPES.values()) <= scopes
    assert MANIFEST["features"]["app_home"]["messages_tab_enabled"] is True
    assert MANIFEST["settings"]["socket_mode_enabled"] is False
