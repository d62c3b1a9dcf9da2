"""Refusing Bot Framework requests that are not in the shape the Bot Connector sends.

Checked before botbuilder parses the activity: a body that is not a JSON object, or whose
fields have the wrong types, would otherwise fail deep in deserialisation with a traceback,
or after the acknowledgement. Each refusal is one 4xx and one log line, without the body.
"""

from __future__ import annotations

import json
from typing import Any

_OBJECT_FIELDS = ("from", "recipient", "conversation", "channelData")
_STRING_FIELDS = ("type", "id", "text", "serviceUrl", "channelId", "locale", "textFormat")


def activity_problem(body: bytes) -> str | None:
    """Why ``body`` is not an activity ExitBot can read, or None."""
    try:
        activity: Any = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        return "body is not UTF-8"
    except ValueError:
        return "body is not JSON"
    if not isinstance(activity, dict):
        return "body is not a JSON object"
    if not isinstance(activity.get("type"), str):
        return "activity without a type"
    for name in _STRING_FIELDS:
        if activity.get(name) is not None and not isinstance(activity[name], str):
            return f"activity field {name!r} is not a string"
    for name in _OBJECT_FIELDS:
        if activity.get(name) is not None and not isinstance(activity[name], dict):
            return f"activity field {name!r} is not an object"
    return None
