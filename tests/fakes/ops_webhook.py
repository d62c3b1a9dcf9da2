"""A fake ops webhook (a Slack incoming webhook, or any JSON endpoint) on the ``FakeServer``
scaffold: records every alert POSTed to ``url`` and answers ``ok`` as Slack does."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from tests.fakes.server import FakeServer, RecordedRequest, Route

ALERT_ROUTE = "alert"


class FakeOpsWebhook(FakeServer):
    def routes(self) -> list[Route]:
        return [Route("POST", "/services/T0/B0/hook", self._alert, ALERT_ROUTE)]

    @property
    def url(self) -> str:
        return f"{self.root_url}/services/T0/B0/hook"

    @property
    def alerts(self) -> list[RecordedRequest]:
        return self.requests_to(ALERT_ROUTE)

    def texts(self, containing: str = "") -> list[str]:
        """The ``text`` of every alert received (those containing ``containing``)."""
        return [str(r.body["text"]) for r in self.alerts if containing in str(r.body["text"])]

    async def _alert(
        self, request: web.Request, recorded: RecordedRequest, scripted: object
    ) -> web.Response:
        return web.Response(text="ok")


@pytest.fixture
async def ops_webhook() -> AsyncIterator[FakeOpsWebhook]:
    async with FakeOpsWebhook() as fake:
        yield fake
