"""A fake Slack Web API on 127.0.0.1 (port 0) that records every call.

The real ``slack_sdk`` clients are pointed at it with ``base_url=slack.base_url`` (what
``SLACK_API_URL`` configures). Bodies may be form-encoded, JSON or query parameters, as the SDK
sends them; each call is recorded with its method name, merged parsed body and headers.
Per-test behaviours: the next N calls of a method answer 429 with ``Retry-After``, an HTTP 5xx,
or Slack's ``{"ok": false, "error": ...}``. ``response_url``s and file upload URLs are served by
the same server and recorded as calls named ``response_url`` and ``file_upload``.

Use the ``slack_api`` fixture, or ``async with FakeSlackApi() as slack`` outside pytest.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0001"
RESPONSE_URL_CALL = "response_url"
FILE_UPLOAD_CALL = "file_upload"
SOCKET_ACK_CALL = "socket_mode_ack"


@dataclass(frozen=True, slots=True)
class RecordedCall:
    """One request the fake received: a Web API method, a response_url post or an upload."""

    method: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float
    raw: bytes = b""
    path: str = ""

    @property
    def token(self) -> str | None:
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            return auth.removeprefix("Bearer ")
        token = self.body.get("token")
        return str(token) if token else None


@dataclass(frozen=True, slots=True)
class RateLimited:
    retry_after: int = 1


@dataclass(frozen=True, slots=True)
class ServerError:
    status: int = 500


@dataclass(frozen=True, slots=True)
class SlackError:
    error: str = "internal_error"


Behaviour = RateLimited | ServerError | SlackError


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
            "profile": profile,
        }


@dataclass
class FakeSlackApi:
    """The fake server; ``base_url`` ends with ``/api/`` like Slack's own."""

    token: str | None = BOT_TOKEN
    users: dict[str, FakeUser] = field(default_factory=dict)
    usergroups: dict[str, list[str]] = field(default_factory=dict)
    recorded: list[RecordedCall] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    messages: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""
    root_url: str = ""
    _behaviours: dict[str, deque[Behaviour]] = field(default_factory=lambda: defaultdict(deque))
    _runner: web.AppRunner | None = None
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _changed: asyncio.Condition | None = None
    _ts: Callable[[], int] = field(default_factory=lambda: itertools.count(1).__next__)

    def __post_init__(self) -> None:
        if not self.users:
            self.add_user("U100", "dana", "Dana Smith", "dana@corp.test")
            self.add_user("UHR", "hannah", "Hannah HR", "hannah@corp.test")

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
    ) -> FakeUser:
        user = FakeUser(user_id, name, real_name or name, email, tz, tz_offset, is_bot)
        self.users[user_id] = user
        return user

    def set_usergroup(self, group_id: str, members: list[str]) -> None:
        self.usergroups[group_id] = list(members)

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer 429 with ``Retry-After``."""
        self._behaviours[method].extend(RateLimited(retry_after) for _ in range(times))

    def server_error(self, method: str, times: int = 1, status: int = 500) -> None:
        """The next ``times`` calls of ``method`` answer HTTP ``status``."""
        self._behaviours[method].extend(ServerError(status) for _ in range(times))

    def fail(self, method: str, error: str, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer ``{"ok": false, "error": error}``."""
        self._behaviours[method].extend(SlackError(error) for _ in range(times))

    def response_url(self, name: str = "cmd") -> str:
        """A response_url served by this fake (posts recorded as ``response_url`` calls)."""
        return f"{self.root_url}/response/{name}"

    # --- assertions -------------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        """Calls of ``method`` (all calls when None), oldest first."""
        return [c for c in self.recorded if method is None or c.method == method]

    def call_count(self, method: str) -> int:
        return len(self.calls(method))

    def posted_texts(self, channel: str | None = None) -> list[str]:
        """The ``text`` of every chat.postMessage (optionally to one channel)."""
        return [
            str(c.body.get("text", ""))
            for c in self.calls("chat.postMessage")
            if channel is None or c.body.get("channel") == channel
        ]

    def channel_messages(self, channel: str) -> list[dict[str, Any]]:
        """Messages posted to ``channel`` (channel, ts, text, parsed blocks), oldest first."""
        return [m for m in self.messages if m["channel"] == channel]

    async def wait_for(
        self, method: str, count: int = 1, within: float = 5.0
    ) -> list[RecordedCall]:
        """Wait until ``method`` was called at least ``count`` times; TimeoutError otherwise."""
        assert self._changed is not None, "server not started"
        async with asyncio.timeout(within):
            async with self._changed:
                await self._changed.wait_for(lambda: self.call_count(method) >= count)
        return self.calls(method)

    def reset(self) -> None:
        self.recorded.clear()
        self.messages.clear()
        self._behaviours.clear()

    # --- lifecycle --------------------------------------------------------------------------

    async def __aenter__(self) -> FakeSlackApi:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        self._changed = asyncio.Condition()
        app = web.Application(client_max_size=20 * 1024**2)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/link", self._socket_mode)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.root_url = f"http://127.0.0.1:{port}"
        self.base_url = f"{self.root_url}/api/"

    async def stop(self) -> None:
        for socket in list(self._sockets):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- handlers ---------------------------------------------------------------------------

    async def _record(self, method: str, request: web.Request) -> RecordedCall:
        body: dict[str, Any] = dict(request.query)
        content_type = request.content_type
        raw = b""
        if content_type == "multipart/form-data":
            form = await request.post()
            body.update({k: v for k, v in form.items() if isinstance(v, str)})
        else:
            raw = await request.read()
        if raw and content_type == "application/json":
            parsed = json.loads(raw)
            if isinstance(parsed, dict):
                body.update(parsed)
        elif raw and content_type == "application/x-www-form-urlencoded":
            form = await request.post()
            body.update({k: v for k, v in form.items() if isinstance(v, str)})
        call = RecordedCall(
            method, body, dict(request.headers), time.monotonic(), raw, request.path
        )
        self.recorded.append(call)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()
        return call

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        call = await self._record(method, request)
        queued = self._behaviours.get(method)
        if queued:
            behaviour = queued.popleft()
            if isinstance(behaviour, RateLimited):
                return web.json_response(
                    {"ok": False, "error": "ratelimited"},
                    status=429,
                    headers={"Retry-After": str(behaviour.retry_after)},
                )
            if isinstance(behaviour, ServerError):
                return web.Response(status=behaviour.status, text="server error")
            return web.json_response({"ok": False, "error": behaviour.error})
        expected = APP_TOKEN if method == "apps.connections.open" else self.token
        if expected is not None and call.token != expected:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": True})
        payload: dict[str, Any] = handler(call.body)
        return web.json_response(payload)

    async def _response_url(self, request: web.Request) -> web.Response:
        await self._record(RESPONSE_URL_CALL, request)
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        call = await self._record(FILE_UPLOAD_CALL, request)
        file_id = request.match_info["file_id"]
        data = call.raw  # files_upload_v2 posts the raw bytes
        self.uploads[file_id] = data
        return web.Response(text=f"OK - {len(data)}")

    # --- Socket Mode ------------------------------------------------------------------------

    async def wait_for_socket(self, within: float = 5.0) -> None:
        """Wait until a Socket Mode client is connected."""
        assert self._changed is not None, "server not started"
        async with asyncio.timeout(within):
            async with self._changed:
                await self._changed.wait_for(lambda: bool(self._sockets))

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

    async def _socket_mode(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()
        await socket.send_json(
            {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0001"}}
        )
        try:
            async for frame in socket:
                if frame.type.name != "TEXT":
                    continue
                body = json.loads(frame.data)
                call = RecordedCall(SOCKET_ACK_CALL, body, {}, time.monotonic(), path="/link")
                self.recorded.append(call)
                async with self._changed:
                    self._changed.notify_all()
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
