"""Refusing Slack HTTP requests that are not Slack's or do not have the shape Slack sends.

Checked before Bolt sees the request: Bolt parses the body before it checks the signature, so
an unsigned truncated or binary body would end in a traceback that anyone on the internet
could make us log; and a signed event whose fields have the wrong types would fail after the
acknowledgement, in the background. Each refusal is one 4xx and one log line, without the body.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from aiohttp import web
from slack_sdk.signature import SignatureVerifier


@dataclass(frozen=True, slots=True)
class Refusal:
    status: int
    reason: str


async def refuse_request(request: web.Request, verifier: SignatureVerifier) -> Refusal | None:
    """Why ``request`` is refused, or None when Bolt may handle it."""
    try:
        body = await request.read()
    except web.HTTPException as exc:  # e.g. larger than the server accepts
        return Refusal(exc.status, "unreadable body")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal(400, "body is not UTF-8")
    timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
    signature = request.headers.get("X-Slack-Signature", "")
    if not (timestamp and signature) or not verifier.is_valid(text, timestamp, signature):
        return Refusal(401, "invalid signature")
    if request.content_type == "application/json":
        return _check_json_body(text)
    if request.content_type == "application/x-www-form-urlencoded":
        return _check_form_body(text)
    return Refusal(415, f"unsupported content type {request.content_type!r}")


def _check_json_body(text: str) -> Refusal | None:
    try:
        payload = json.loads(text)
    except ValueError:
        return Refusal(400, "body is not JSON")
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        return Refusal(400, "not a Slack event envelope")
    if payload["type"] != "event_callback":
        return None
    event = payload.get("event")
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return Refusal(400, "event_callback without an event")
    if event["type"] == "message":
        return _check_message_event(event)
    return None


def _check_message_event(event: dict[str, Any]) -> Refusal | None:
    for name in ("text", "user", "channel", "ts", "subtype", "channel_type"):
        value = event.get(name)
        if value is not None and not isinstance(value, str):
            return Refusal(400, f"message event field {name!r} is not a string")
    if not event.get("channel") or not event.get("ts"):
        return Refusal(400, "message event without channel or ts")
    return None


def _check_form_body(text: str) -> Refusal | None:
    try:
        form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text))
    except ValueError:
        return Refusal(400, "body is not a form")
    if "payload" in form:
        try:
            payload = json.loads(form["payload"][0])
        except ValueError:
            return Refusal(400, "payload is not JSON")
        if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
            return Refusal(400, "payload is not an interaction")
        user = payload.get("user")
        if payload["type"] == "block_actions" and not (
            isinstance(user, dict) and isinstance(user.get("id"), str)
        ):
            return Refusal(400, "interaction without a user")
        return None
    if "command" in form:
        for name in ("command", "user_id", "channel_id"):
            if not form.get(name, [""])[0]:
                return Refusal(400, f"slash command without {name}")
        return None
    if "ssl_check" in form:
        return None
    return Refusal(400, "neither an interaction nor a command")
