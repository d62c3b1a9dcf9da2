"""Fakes of the Bot Framework services on 127.0.0.1, port 0, speaking the real protocols.

``FakeBotConnector``: the connector a bot posts to (the activity's ``serviceUrl``). It records
``POST /v3/conversations/{id}/activities[/{replyToId}]`` and ``POST /v3/conversations`` and can
answer the next requests with scripted failures (429 with Retry-After, 412, 502, 504, ...).

``FakeOpenIdIssuer``: OpenID metadata plus a JWKS with one RSA test key, and a signer for
channel tokens. It runs in its own thread because botbuilder fetches the metadata with the
blocking ``requests`` library from inside the event loop.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


@dataclass(frozen=True)
class Failure:
    """Answer one request with ``status`` (and a Retry-After header when given).

    Typing indicators pass untouched unless ``typing`` is set, so a failure lands on the
    next real message.
    """

    status: int
    retry_after: str | None = None
    typing: bool = False


@dataclass
class PostedActivity:
    conversation_id: str
    reply_to_id: str | None
    body: dict[str, Any]
    authorization: str | None

    @property
    def type(self) -> str:
        return str(self.body.get("type"))

    @property
    def text(self) -> str:
        """The message text, or the texts of its Adaptive Card joined by newlines."""
        if self.body.get("text"):
            return str(self.body["text"])
        return "\n".join(_card_texts(self.card)) if self.card else ""

    @property
    def card(self) -> dict[str, Any] | None:
        for attachment in self.body.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                content: dict[str, Any] = attachment["content"]
                return content
        return None

    @property
    def submit_words(self) -> list[str]:
        """The words the card's Action.Submit buttons send."""
        card = self.card or {}
        return [a["data"]["word"] for a in card.get("actions", []) if a.get("data")]


@dataclass
class FakeBotConnector:
    """Use as ``async with FakeBotConnector() as connector``; activities carry ``service_url``."""

    activities: list[PostedActivity] = field(default_factory=list)
    created_conversations: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0  # requests other than typing indicators, failed ones included
    service_url: str = ""
    _failures: deque[Failure] = field(default_factory=deque)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    _changed: asyncio.Condition | None = None

    def fail_next(self, *failures: Failure) -> None:
        self._failures.extend(failures)

    def messages(self, conversation_id: str | None = None) -> list[PostedActivity]:
        """Posted activities that are not typing indicators, optionally in one conversation."""
        return [
            a
            for a in self.activities
            if a.type != "typing"
            and (conversation_id is None or a.conversation_id == conversation_id)
        ]

    def typing(self, conversation_id: str | None = None) -> list[PostedActivity]:
        return [
            a
            for a in self.activities
            if a.type == "typing"
            and (conversation_id is None or a.conversation_id == conversation_id)
        ]

    async def wait_for(self, condition: Callable[[], bool], seconds: float = 5.0) -> None:
        assert self._changed is not None
        async with asyncio.timeout(seconds), self._changed:
            await self._changed.wait_for(condition)

    async def __aenter__(self) -> FakeBotConnector:
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._activity)
        app.router.add_post(
            "/v3/conversations/{conversation}/activities/{reply_to}", self._activity
        )
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.service_url = f"http://127.0.0.1:{port}/"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _activity(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body.get("type") != "typing":
            self.attempts += 1
        if self._failures and (body.get("type") != "typing" or self._failures[0].typing):
            return await self._fail(self._failures.popleft())
        self.activities.append(
            PostedActivity(
                request.match_info["conversation"],
                request.match_info.get("reply_to"),
                body,
                request.headers.get("Authorization"),
            )
        )
        await self._notify()
        return web.json_response({"id": f"bot-activity-{next(self._ids)}"})

    async def _create_conversation(self, request: web.Request) -> web.Response:
        self.attempts += 1
        if self._failures:
            return await self._fail(self._failures.popleft())
        body = await request.json()
        self.created_conversations.append(body)
        await self._notify()
        number = next(self._ids)
        return web.json_response({"id": f"a:private-{number}", "activityId": f"created-{number}"})

    async def _fail(self, failure: Failure) -> web.Response:
        headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
        await self._notify()
        return web.json_response(
            {"error": {"code": "Throttled" if failure.status == 429 else "ServiceError"}},
            status=failure.status,
            headers=headers,
        )

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()


def _card_texts(element: Any) -> list[str]:
    """The card's texts in order: each TextBlock, each RichTextBlock's runs joined into one
    line, each fact as ``title: value``."""
    if isinstance(element, dict):
        kind = element.get("type")
        if kind == "RichTextBlock":
            return ["".join(run["text"] for run in element.get("inlines", []))]
        if kind == "FactSet":
            return [f"{fact['title']}: {fact['value']}" for fact in element.get("facts", [])]
        found = [element["text"]] if kind == "TextBlock" else []
        for value in element.values():
            if isinstance(value, list | dict):
                found.extend(_card_texts(value))
        return found
    if isinstance(element, list):
        return [text for item in element for text in _card_texts(item)]
    return []


class FakeOpenIdIssuer:
    """OpenID metadata + JWKS for one RSA key, served from a thread; signs channel tokens."""

    def __init__(self, issuer: str = "https://api.botframework.test") -> None:
        self.issuer = issuer
        self.key_id = "test-key-1"
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._server: ThreadingHTTPServer | None = None
        self.metadata_url = ""

    def __enter__(self) -> FakeOpenIdIssuer:
        jwk = json.loads(RSAAlgorithm.to_jwk(self._key.public_key()))
        jwk.update({"kid": self.key_id, "use": "sig", "endorsements": ["msteams"]})
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                if self.path == "/.well-known/openidconfiguration":
                    payload: dict[str, Any] = {
                        "issuer": issuer.issuer,
                        "jwks_uri": f"{base}/keys",
                        "id_token_signing_alg_values_supported": ["RS256"],
                    }
                elif self.path == "/keys":
                    payload = {"keys": [jwk]}
                else:
                    self.send_error(404)
                    return
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        self.metadata_url = (
            f"http://127.0.0.1:{self._server.server_address[1]}/.well-known/openidconfiguration"
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def channel_token(
        self,
        *,
        audience: str,
        service_url: str,
        expires_in: int = 3600,
        issuer: str | None = None,
        signing_key: rsa.RSAPrivateKey | None = None,
    ) -> str:
        """A token as the Bot Framework channel sends it (``Authorization: Bearer …``)."""
        now = int(time.time())
        claims = {
            "iss": issuer or self.issuer,
            "aud": audience,
            "serviceurl": service_url,
            "nbf": now - 10,
            "iat": now - 10,
            "exp": now + expires_in,
        }
        return jwt.encode(
            claims,
            signing_key or self._key,
            algorithm="RS256",
            headers={"kid": self.key_id},
        )

    @staticmethod
    def other_key() -> rsa.RSAPrivateKey:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
