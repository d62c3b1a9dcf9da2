"""A running ExitBot (Slack enabled against the fake Web API) with an admin and a viewer
token, and a small client that speaks to its REST API over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp

from exitbot.core.clock import Clock
from exitbot.core.interviewer import Interviewer
from exitbot.store.tokens import TokenRole
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import RunningExitBot, running_exitbot


@dataclass(frozen=True, slots=True)
class ApiAnswer:
    status: int
    headers: dict[str, str]
    body: Any
    """The JSON body (None when there is none or it is not JSON)."""
    text: str


@dataclass
class ApiClient:
    running: RunningExitBot
    session: aiohttp.ClientSession
    admin: str
    viewer: str

    @property
    def url(self) -> str:
        return self.running.url

    async def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = "admin",
        json: Any = None,
        data: bytes | str | None = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> ApiAnswer:
        """``token`` "admin" / "viewer" use the harness's tokens; any other string is sent
        as is; None sends no Authorization header."""
        sent = dict(headers or {})
        value = {"admin": self.admin, "viewer": self.viewer}.get(token or "", token)
        if value is not None:
            sent["Authorization"] = f"Bearer {value}"
        async with self.session.request(
            method, self.url + path, json=json, data=data, params=params, headers=sent
        ) as response:
            text = await response.text()
            try:
                body = await response.json(content_type=None) if text else None
            except ValueError:
                body = None
            return ApiAnswer(response.status, dict(response.headers), body, text)

    async def get(self, path: str, **kwargs: Any) -> ApiAnswer:
        return await self.call("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> ApiAnswer:
        return await self.call("POST", path, **kwargs)


@asynccontextmanager
async def running_api(
    database_url: str,
    slack: FakeSlackApi,
    *,
    interviewer: Interviewer | None = None,
    clock: Clock | None = None,
    **settings: Any,
) -> AsyncIterator[ApiClient]:
    async with running_exitbot(
        database_url, slack, interviewer=interviewer, clock=clock, **settings
    ) as running:
        now = running.bot.clock.now()
        admin = await running.bot.tokens.create("hris", TokenRole.HR_ADMIN, now)
        viewer = await running.bot.tokens.create("analyst", TokenRole.HR_VIEWER, now)
        async with aiohttp.ClientSession() as session:
            yield ApiClient(running, session, admin, viewer)
