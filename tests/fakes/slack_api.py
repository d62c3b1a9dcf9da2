"""A fake Slack Web API on the ``FakeServer`` scaffold (127.0.0.1, port 0) that records every call.

The real ``slack_sdk`` clients are pointed at it with ``base_url=slack.base_url`` (what
``SLACK_API_URL`` configures). Bodies may be form-encoded, JSON or query parameters, as the SDK
sends them; each call is recorded under its method name with its merged parsed body and headers.
Per-test behaviours: the next N calls of a method answer 429 with ``Retry-After``, an HTTP 5xx,
or Slack's ``{"ok": false, "error": ...}``. ``response_url``s and file upload URLs are served by
the same server and recorded as calls named ``response_url`` and ``file_upload``.

Use the ``slack_api`` fixture, or ``async with FakeSlackApi() as slack`` outside pytest.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, cast

import pytest
from aiohttp import web

from tests.fakes.server import FakeServer, RecordedRequest, Route, ScriptedResponse

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0001"
RESPONSE_URL_CALL = "response_url"
FILE_UPLOAD_CALL = "file_upload"
SOCKET_ACK_CALL = "socket_mode_ack"
SOCKET_CONNECT_CALL = "socket_mode_connect"


class RecordedCall(RecordedRequest):
    """One request the fake received: a Web API method (its ``route``), a response_url post,
    an upload, or a Socket Mode ack."""

    __slots__ = ()

    @property
    def fields(self) -> dict[str, Any]:
        return self.body if isinstance(self.body, dict) else {}

    @property
    def token(self) -> str | None:
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            return auth.removeprefix("Bearer ")
        token = self.fields.get("token")
        return str(token) if token else None


@dataclass(slots=True)
class FakeUser:
    """A workspace member as users.info returns it."""

    user_id: str
    name: str
    real_name: str
    email: str | None = None
    tz: str = "Europe/Berlin"
    tz_offset: int = 3600
    is_bot: bool = False
    deleted: bool = False
    locale: str = "en-US"

    def payload(self) -> dict[str, Any]:
        profile: dict[str, Any] = {
            "real_name": self.real_name,
            "display_name": self.name,
            "real_name_normalized": self.real_name,
            "display_name_normalized": self.name,
        }
        if self.email:
            profile["email"] = self.email
        return {
            "id": self.user_id,
            "team_id": TEAM_ID,
            "name": self.name,
            "real_name": self.real_name,
            "deleted": self.deleted,
            "is_bot": self.is_bot,
            "tz": self.tz,
            "tz_label": self.tz,
            "tz_offset": self.tz_offset,
            "locale": self.locale,
            "profile": profile,
        }


class FakeSlackApi(FakeServer):
    """The fake server; ``base_url`` ends with ``/api/`` like Slack's own."""

    request_type = RecordedCall

    def __init__(self, token: str | None = BOT_TOKEN) -> None:
        super().__init__()
        self.token = token
        self.users: dict[str, FakeUser] = {}
        self.usergroups: dict[str, list[str]] = {}
        self.uploads: dict[str, bytes] = {}
        self.messages: list[dict[str, Any]] = []
        self._sockets: list[web.WebSocketResponse] = []
        self._ts = itertools.count(1).__next__
        self.add_user("U100", "dana", "Dana Smith", "dana@corp.test")
        self.add_user("UHR", "hannah", "Hannah HR", "hannah@corp.test")

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/api/" if self.root_url else ""

    # --- set-up -----------------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        name: str,
        real_name: str | None = None,
        email: str | None = None,
        *,
        tz: str = "Europe/Berlin",
        tz_offset: int = 3600,
        is_bot: bool = False,
        locale: str = "en-US",
    ) -> FakeUser:
        user = FakeUser(
            user_id, name, real_name or name, email, tz, tz_offset, is_bot, locale=locale
        )
        self.users[user_id] = user
        return user

    def set_usergroup(self, group_id: str, members: list[str]) -> None:
        self.usergroups[group_id] = list(members)

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer 429 with ``Retry-After``."""
        limited = ScriptedResponse(
            429, {"Retry-After": str(retry_after)}, json={"ok": False, "error": "ratelimited"}
        )
        self.queue_responses(method, *[limited] * times)

    def server_error(self, method: str, times: int = 1, status: int = 500) -> None:
        """The next ``times`` calls of ``method`` answer HTTP ``status``."""
        self.queue_responses(method, *[ScriptedResponse(status, text="server error")] * times)

    def fail(self, method: str, error: str, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer ``{"ok": false, "error": error}``."""
        refused = ScriptedResponse(json={"ok": False, "error": error})
        self.queue_responses(method, *[refused] * times)

    def response_url(self, name: str = "cmd") -> str:
        """A response_url served by this fake (posts recorded as ``response_url`` calls)."""
        return f"{self.root_url}/response/{name}"

    # --- assertions -------------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        """Calls of ``method`` (all calls when None), oldest first."""
        return cast(list[RecordedCall], self.requests_to(method))

    def call_count(self, method: str) -> int:
        return len(self.calls(method))

    def posted_texts(self, channel: str | None = None) -> list[str]:
        """The ``text`` of every chat.postMessage (optionally to one channel)."""
        return [
            str(c.fields.get("text", ""))
            for c in self.calls("chat.postMessage")
            if channel is None or c.fields.get("channel") == channel
        ]

    def channel_messages(self, channel: str) -> list[dict[str, Any]]:
        """Messages posted to ``channel`` (channel, ts, text, parsed blocks), oldest first."""
        return [m for m in self.messages if m["channel"] == channel]

    def reset(self) -> None:
        super().reset()
        self.messages.clear()

    # --- lifecycle --------------------------------------------------------------------------

    async def stop(self) -> None:
        for socket in list(self._sockets):
            await socket.close()
        await super().stop()

    def routes(self) -> list[Route]:
        return [
            Route("*", "/api/{method}", self._api, lambda request: request.match_info["method"]),
            Route("POST", "/response/{name}", self._response_url, RESPONSE_URL_CALL),
            Route("POST", "/upload/{file_id}", self._upload, FILE_UPLOAD_CALL),
            Route("GET", "/link", self._socket_mode, SOCKET_CONNECT_CALL),
        ]

    # --- handlers ---------------------------------------------------------------------------

    async def _api(
        self, request: web.Request, recorded: RecordedRequest, scripted: object
    ) -> web.Response:
        call = cast(RecordedCall, recorded)
        method = call.route
        expected = APP_TOKEN if method == "apps.connections.open" else self.token
        if expected is not None and call.token != expected:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": True})
        payload: dict[str, Any] = handler(call.fields)
        return web.json_response(payload)

    async def _response_url(
        self, request: web.Request, recorded: RecordedRequest, scripted: object
    ) -> web.Response:
        return web.Response(text="ok")

    async def _upload(
        self, request: web.Request, recorded: RecordedRequest, scripted: object
    ) -> web.Response:
        data = recorded.raw  # files_upload_v2 posts the raw bytes
        self.uploads[request.match_info["file_id"]] = data
        return web.Response(text=f"OK - {len(data)}")

    # --- Socket Mode ------------------------------------------------------------------------

    async def wait_for_socket(self, within: float = 5.0) -> None:
        """Wait until a Socket Mode client is connected."""
        await self.wait_until(lambda: bool(self._sockets), within)

    async def send_envelope(self, payload: dict[str, Any], kind: str = "events_api") -> str:
        """Deliver ``payload`` over Socket Mode; the client's ack is a ``socket_mode_ack`` call."""
        envelope_id = f"env-{self._next_ts()}"
        await self._sockets[0].send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        return envelope_id

    async def _socket_mode(
        self, request: web.Request, recorded: RecordedRequest, scripted: object
    ) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await self.notify()
        await socket.send_json(
            {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0001"}}
        )
        try:
            async for frame in socket:
                if frame.type.name == "TEXT":
                    await self.record(SOCKET_ACK_CALL, path="/link", body=json.loads(frame.data))
        finally:
            self._sockets.remove(socket)
        return socket

    # --- Web API methods --------------------------------------------------------------------

    def _m_auth_test(self, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://exitbot-test.slack.com/",
            "team": "ExitBot Test",
            "user": "exitbot",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _m_apps_connections_open(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": self.root_url.replace("http://", "ws://") + "/link"}

    def _m_conversations_open(self, body: dict[str, Any]) -> dict[str, Any]:
        users = str(body.get("users", "")).split(",")
        user_id = users[0].strip()
        if user_id not in self.users:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "channel": {"id": dm_channel_for(user_id)}}

    def _m_chat_postMessage(self, body: dict[str, Any]) -> dict[str, Any]:
        if not body.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not body.get("text") and not body.get("blocks"):
            return {"ok": False, "error": "no_text"}
        ts = self._next_ts()
        blocks = body.get("blocks") or []
        self.messages.append(
            {
                "channel": body["channel"],
                "ts": ts,
                "text": body.get("text", ""),
                "blocks": json.loads(blocks) if isinstance(blocks, str) else blocks,
            }
        )
        return {
            "ok": True,
            "channel": body["channel"],
            "ts": ts,
            "message": {
                "type": "message",
                "text": body.get("text", ""),
                "bot_id": BOT_ID,
                "ts": ts,
            },
        }

    def _m_chat_postEphemeral(self, body: dict[str, Any]) -> dict[str, Any]:
        if not body.get("channel") or not body.get("user"):
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "message_ts": self._next_ts()}

    def _m_users_info(self, body: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(body.get("user", "")))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": user.payload()}

    def _m_users_lookupByEmail(self, body: dict[str, Any]) -> dict[str, Any]:
        email = str(body.get("email", "")).lower()
        for user in self.users.values():
            if user.email and user.email.lower() == email:
                return {"ok": True, "user": user.payload()}
        return {"ok": False, "error": "users_not_found"}

    def _m_usergroups_users_list(self, body: dict[str, Any]) -> dict[str, Any]:
        group = str(body.get("usergroup", ""))
        if group not in self.usergroups:
            return {"ok": False, "error": "no_such_subteam"}
        return {"ok": True, "users": list(self.usergroups[group])}

    def _m_files_getUploadURLExternal(self, body: dict[str, Any]) -> dict[str, Any]:
        if not body.get("filename") or not body.get("length"):
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{self._next_ts().replace('.', '')}"
        return {"ok": True, "upload_url": f"{self.root_url}/upload/{file_id}", "file_id": file_id}

    def _m_files_completeUploadExternal(self, body: dict[str, Any]) -> dict[str, Any]:
        files = body.get("files")
        parsed = json.loads(files) if isinstance(files, str) else files
        if not parsed:
            return {"ok": False, "error": "invalid_arguments"}
        missing = [f["id"] for f in parsed if f["id"] not in self.uploads]
        if missing:
            return {"ok": False, "error": "file_not_found"}
        return {
            "ok": True,
            "files": [{"id": f["id"], "title": f.get("title", "")} for f in parsed],
        }

    def _next_ts(self) -> str:
        return f"1700000000.{self._ts():06d}"


def dm_channel_for(user_id: str) -> str:
    """The DM channel id the fake's conversations.open returns for ``user_id``."""
    return f"D{user_id}"


@pytest.fixture
async def slack_api() -> AsyncIterator[FakeSlackApi]:
    """A running fake Slack Web API; point clients at ``slack_api.base_url``."""
    async with FakeSlackApi() as fake:
        yield fake
