"""The scaffold under every fake server: what it records, what it answers, how tests wait on it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import requests
from aiohttp import web

from tests.fakes.server import FakeServer, RecordedRequest, Route, ScriptedResponse


class EchoServer(FakeServer):
    """A minimal fake: ``POST /items/{name}`` answers 201, ``GET /slow`` answers when released."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()
        self.handled: list[str] = []

    def routes(self) -> list[Route]:
        return [
            Route("POST", "/items/{name}", self._item, lambda r: f"item:{r.match_info['name']}"),
            Route("GET", "/slow", self._slow, "slow"),
        ]

    async def _item(
        self, request: web.Request, recorded: RecordedRequest, scripted: Any
    ) -> web.Response:
        self.handled.append(request.match_info["name"])
        return web.json_response({"handled": True, "scripted": scripted}, status=201)

    async def _slow(
        self, request: web.Request, recorded: RecordedRequest, scripted: Any
    ) -> web.Response:
        await self.release.wait()
        self.handled.append("slow")
        return web.Response(text="done")


@pytest.fixture
async def echo() -> AsyncIterator[EchoServer]:
    async with EchoServer() as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_binds_loopback_on_a_free_port(echo: EchoServer) -> None:
    assert echo.root_url.startswith("http://127.0.0.1:")
    async with EchoServer() as other:
        assert other.root_url != echo.root_url


async def test_records_method_path_headers_and_parsed_body(
    echo: EchoServer, http: aiohttp.ClientSession
) -> None:
    url = f"{echo.root_url}/items/a"
    await http.post(url, json={"n": 1}, headers={"X-Test": "yes"})
    await http.post(url, data={"field": "value"}, params={"page": "2"})
    await http.post(f"{echo.root_url}/items/b", data=b"\x89PNG")

    first, second = echo.requests_to("item:a")
    assert (first.method, first.path, first.body) == ("POST", "/items/a", {"n": 1})
    assert first.headers["x-test"] == "yes"  # header names are case-insensitive
    assert second.body == {"page": "2", "field": "value"}
    assert second.query == {"page": "2"}
    (upload,) = echo.requests_to("item:b")
    assert upload.body is None and upload.raw == b"\x89PNG"
    assert first.at <= second.at <= upload.at
    assert len(echo.requests) == 3


async def test_scripted_responses_come_first_then_the_handler(
    echo: EchoServer, http: aiohttp.ClientSession
) -> None:
    echo.queue_responses(
        "item:a",
        ScriptedResponse(429, {"Retry-After": "7"}, json={"error": "slow down"}),
        ScriptedResponse(503, text="down"),
        "a behaviour for the handler",
    )
    url = f"{echo.root_url}/items/a"
    limited = await http.post(url, json={})
    assert (limited.status, limited.headers["Retry-After"]) == (429, "7")
    assert await limited.json() == {"error": "slow down"}
    down = await http.post(url, json={})
    assert (down.status, await down.text()) == (503, "down")
    interpreted = await http.post(url, json={})
    assert await interpreted.json() == {"handled": True, "scripted": "a behaviour for the handler"}
    usual = await http.post(url, json={})
    assert usual.status == 201 and (await usual.json())["scripted"] is None
    other_route = await http.post(f"{echo.root_url}/items/b", json={})
    assert other_route.status == 201


async def test_a_conditional_response_waits_for_a_request_it_accepts(
    echo: EchoServer, http: aiohttp.ClientSession
) -> None:
    echo.queue_responses(
        "item:a", ScriptedResponse(502), when=lambda r: r.body.get("kind") == "message"
    )
    url = f"{echo.root_url}/items/a"
    assert (await http.post(url, json={"kind": "typing"})).status == 201
    assert (await http.post(url, json={"kind": "message"})).status == 502
    assert (await http.post(url, json={"kind": "message"})).status == 201


async def test_reset_forgets_requests_and_script(
    echo: EchoServer, http: aiohttp.ClientSession
) -> None:
    echo.queue_responses("item:a", ScriptedResponse(500))
    echo.reset()
    assert (await http.post(f"{echo.root_url}/items/a", json={})).status == 201
    echo.reset()
    assert echo.requests == []


async def test_wait_for_wakes_on_the_request_and_times_out_without_it(
    echo: EchoServer, http: aiohttp.ClientSession
) -> None:
    with pytest.raises(TimeoutError):
        await echo.wait_for("item:a", within=0.05)
    waiting = asyncio.create_task(echo.wait_for("item:a", count=2))
    await http.post(f"{echo.root_url}/items/a", json={})
    await http.post(f"{echo.root_url}/items/b", json={})
    assert not waiting.done()
    await http.post(f"{echo.root_url}/items/a", json={})
    assert len(await waiting) == 2


async def test_a_client_hanging_up_is_recorded_as_abandoned(
    echo: EchoServer, http: aiohttp.ClientSession
) -> None:
    request = asyncio.create_task(http.get(f"{echo.root_url}/slow"))
    (slow,) = await echo.wait_for("slow")
    assert echo.abandoned == []
    request.cancel()
    await echo.wait_until(lambda: bool(echo.abandoned))
    assert echo.abandoned == [slow]


async def test_wait_until_wakes_again_once_the_handler_finished(
    echo: EchoServer, http: aiohttp.ClientSession
) -> None:
    request = asyncio.create_task(http.get(f"{echo.root_url}/slow"))
    await echo.wait_for("slow")
    waiting = asyncio.create_task(echo.wait_until(lambda: echo.handled == ["slow"]))
    echo.release.set()
    await waiting
    assert (await request).status == 200


def test_serves_from_its_own_thread_for_blocking_clients() -> None:
    with EchoServer() as server:
        response = requests.post(f"{server.root_url}/items/t", json={"n": 1}, timeout=5)
        assert response.status_code == 201
        (recorded,) = server.requests_to("item:t")
        assert recorded.body == {"n": 1}


async def test_a_threaded_server_can_be_waited_on_from_the_tests_loop(
    http: aiohttp.ClientSession,
) -> None:
    with EchoServer() as server:
        waiting = asyncio.create_task(server.wait_for("item:t"))
        await http.post(f"{server.root_url}/items/t", json={})
        assert [r.path for r in await waiting] == ["/items/t"]


async def test_waiting_on_a_stopped_server_is_an_error() -> None:
    server = EchoServer()
    with pytest.raises(RuntimeError, match="not running"):
        await server.wait_for("slow")
