"""The scaffolding shared by the fake model servers: port 0 on 127.0.0.1, recorded requests
and a per-test script of behaviours (see ``tests.fakes.llm_behaviours``)."""

from __future__ import annotations

from collections import deque
from typing import Self

from aiohttp import web

from tests.fakes.llm_behaviours import Behaviour, FakeModel, RecordedRequest, Reply


class ScriptedFakeServer:
    """Subclasses add their routes in ``routes``; use as ``async with Server() as server``."""

    def __init__(self, model: FakeModel | None = None) -> None:
        self.model = model or FakeModel()
        self.requests: list[RecordedRequest] = []
        self.fallback: Behaviour = Reply()
        self._script: deque[Behaviour] = deque()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    def script(self, *behaviours: Behaviour) -> None:
        self._script.extend(behaviours)

    @property
    def call_count(self) -> int:
        return len(self.requests)

    async def record(self, request: web.Request) -> tuple[RecordedRequest, Behaviour]:
        """Record the request and pick the next scripted behaviour (or the fallback)."""
        recorded = RecordedRequest(request.path, dict(request.headers), await request.json())
        self.requests.append(recorded)
        return recorded, self._script.popleft() if self._script else self.fallback

    async def __aenter__(self) -> Self:
        app = web.Application()
        self.routes(app)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
