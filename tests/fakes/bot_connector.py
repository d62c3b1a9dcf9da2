"""Fakes of the Bot Framework services on the ``FakeServer`` scaffold, speaking the real protocols.

``FakeBotConnector``: the connector a bot posts to (the activity's ``serviceUrl``). It records
``POST /v3/conversations/{id}/activities[/{replyToId}]`` and ``POST /v3/conversations`` and can
answer the next requests with scripted failures (429 with Retry-After, 412, 502, 504, ...).

``FakeOpenIdIssuer``: OpenID metadata plus a JWKS with one RSA test key, and a signer for
channel tokens. Use it as ``with FakeOpenIdIssuer()``: it serves from its own thread because
botbuilder fetches the metadata with the blocking ``requests`` library from inside the loop.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.fakes.server import FakeServer, RecordedRequest, Route, ScriptedResponse

CONVERSATIONS_ROUTE = "conversations"
METADATA_PATH = "/.well-known/openidconfiguration"


@dataclass(frozen=True)
class Failure:
    """Answer one request with ``status`` (and a Retry-After header when given).

    Typing indicators pass untouched unless ``typing`` is set, so a failure lands on the
    next real message.
    """

    status: int
    retry_after: str | None = None
    typing: bool = False

    def response(self) -> ScriptedResponse:
        return ScriptedResponse(
            self.status,
            {"Retry-After": self.retry_after} if self.retry_after else {},
            json={"error": {"code": "Throttled" if self.status == 429 else "ServiceError"}},
        )

    def applies_to(self, request: RecordedRequest) -> bool:
        return self.typing or not _is_typing(request)


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


class FakeBotConnector(FakeServer):
    """Use as ``async with FakeBotConnector() as connector``; activities carry ``service_url``."""

    def __init__(self) -> None:
        super().__init__()
        self.activities: list[PostedActivity] = []
        self.created_conversations: list[dict[str, Any]] = []
        self._ids = itertools.count(1)

    @property
    def service_url(self) -> str:
        return f"{self.root_url}/" if self.root_url else ""

    @property
    def attempts(self) -> int:
        """Requests other than typing indicators, failed ones included."""
        return sum(1 for r in self.requests if not _is_typing(r))

    def fail_next(self, *failures: Failure) -> None:
        for failure in failures:
            self.queue_responses(CONVERSATIONS_ROUTE, failure.response(), when=failure.applies_to)

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

    def routes(self) -> list[Route]:
        activities = "/v3/conversations/{conversation}/activities"
        return [
            Route("POST", "/v3/conversations", self._create_conversation, CONVERSATIONS_ROUTE),
            Route("POST", activities, self._activity, CONVERSATIONS_ROUTE),
            Route("POST", activities + "/{reply_to}", self._activity, CONVERSATIONS_ROUTE),
        ]

    async def _activity(
        self, request: web.Request, recorded: RecordedRequest, scripted: object
    ) -> web.Response:
        self.activities.append(
            PostedActivity(
                request.match_info["conversation"],
                request.match_info.get("reply_to"),
                recorded.body,
                recorded.headers.get("Authorization"),
            )
        )
        return web.json_response({"id": f"bot-activity-{next(self._ids)}"})

    async def _create_conversation(
        self, request: web.Request, recorded: RecordedRequest, scripted: object
    ) -> web.Response:
        self.created_conversations.append(recorded.body)
        number = next(self._ids)
        return web.json_response({"id": f"a:private-{number}", "activityId": f"created-{number}"})


def _is_typing(request: RecordedRequest) -> bool:
    return isinstance(request.body, dict) and request.body.get("type") == "typing"


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


class FakeOpenIdIssuer(FakeServer):
    """OpenID metadata + JWKS for one RSA key; signs channel tokens with that key."""

    def __init__(self, issuer: str = "https://api.botframework.test") -> None:
        super().__init__()
        self.issuer = issuer
        self.key_id = "test-key-1"
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._jwk = json.loads(RSAAlgorithm.to_jwk(self._key.public_key()))
        self._jwk.update({"kid": self.key_id, "use": "sig", "endorsements": ["msteams"]})

    @property
    def metadata_url(self) -> str:
        return f"{self.root_url}{METADATA_PATH}"

    def routes(self) -> list[Route]:
        return [
            Route("GET", METADATA_PATH, self._metadata, "openid_metadata"),
            Route("GET", "/keys", self._keys, "keys"),
        ]

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

    async def _metadata(
        self, request: web.Request, recorded: RecordedRequest, scripted: object
    ) -> web.Response:
        return web.json_response(
            {
                "issuer": self.issuer,
                "jwks_uri": f"{self.root_url}/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def _keys(
        self, request: web.Request, recorded: RecordedRequest, scripted: object
    ) -> web.Response:
        return web.json_response({"keys": [self._jwk]})
