"""The one scaffold under every fake server: aiohttp on 127.0.0.1, port 0, recording each request.

A fake subclasses ``FakeServer`` and lists its ``routes()``; every request is recorded (route,
method, path, headers, parsed body, arrival time) before the fake's handler sees it. A test
scripts the next answers of a route with ``queue_responses``: a ``ScriptedResponse`` is answered
by the scaffold itself (status, headers such as Retry-After, body), anything else is handed to
the fake's handler to interpret (the model servers' ``Hang`` or ``StreamError``, say). Tests wait
on what was received with ``wait_for`` / ``wait_until`` (an ``asyncio.Condition``, no polling).

``async with Fake() as fake`` serves on the test's own loop; ``with Fake() as fake`` serves from
a thread with a loop of its own, for clients that block the caller's loop (``requests``) or own
their loop (a click command).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from aiohttp import web
from aiohttp.test_utils import TestServer
from multidict import CIMultiDict, CIMultiDictProxy

LOOPBACK = "127.0.0.1"
START_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request a fake received.

    ``body`` is the parsed JSON value, or the form fields of a form post; query parameters are
    merged into a dict body (or make the body of a request that has none). ``raw`` holds the
    bytes as sent (empty for multipart posts); ``at`` is ``time.monotonic()`` on arrival;
    ``peer`` is the client's address and port, which tell one TCP connection from another."""

    route: str
    method: str
    path: str
    headers: Mapping[str, str]
    body: Any
    raw: bytes = b""
    query: Mapping[str, str] = field(default_factory=dict)
    at: float = 0.0
    peer: str = ""


@dataclass(frozen=True, slots=True)
class ScriptedResponse:
    """An answer the scaffold gives in place of the fake's handler: ``json`` when set, else
    ``text``."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    json: Any = None
    text: str = ""

    def to_response(self) -> web.Response:
        if self.json is not None:
            return web.json_response(self.json, status=self.status, headers=dict(self.headers))
        return web.Response(status=self.status, text=self.text, headers=dict(self.headers))


Handler = Callable[[web.Request, RecordedRequest, Any], Awaitable[web.StreamResponse]]
"""A fake's route handler: the aiohttp request, its record, and the scripted behaviour for it
(None when nothing was scripted)."""


@dataclass(frozen=True, slots=True)
class Route:
    """A route of a fake. ``name`` labels the requests it records and the script they draw
    from; it may be computed per request (the Slack API's method names, say)."""

    method: str
    path: str
    handler: Handler
    name: str | Callable[[web.Request], str]

    def label(self, request: web.Request) -> str:
        return self.name if isinstance(self.name, str) else self.name(request)


@dataclass(frozen=True, slots=True)
class _Scripted:
    response: Any
    when: Callable[[RecordedRequest], bool] | None


class FakeServer:
    """Base of every fake server; subclasses implement ``routes``."""

    request_type: ClassVar[type[RecordedRequest]] = RecordedRequest
    client_max_size: ClassVar[int] = 20 * 1024**2

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.abandoned: list[RecordedRequest] = []
        self.root_url = ""
        self._scripts: dict[str, deque[_Scripted]] = defaultdict(deque)
        self._outages: dict[str, list[tuple[Any, Callable[[], bool]]]] = defaultdict(list)
        self._server: TestServer | None = None
        self._changed: asyncio.Condition | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def routes(self) -> list[Route]:
        raise NotImplementedError

    # --- scripting --------------------------------------------------------------------------

    def queue_responses(
        self,
        route: str,
        *responses: Any,
        when: Callable[[RecordedRequest], bool] | None = None,
    ) -> None:
        """The next requests of ``route`` get ``responses``, one each, in order.

        With ``when``, a response waits at the head of the queue for a request it accepts;
        requests it does not accept get the fake's usual answer meanwhile."""
        self._scripts[route].extend(_Scripted(response, when) for response in responses)

    def down_while(self, route: str, response: Any, condition: Callable[[], bool]) -> None:
        """Every request of ``route`` gets ``response`` as long as ``condition()`` holds (an
        outage that lasts a while, by the test's clock or until the test ends it)."""
        self._outages[route].append((response, condition))

    def reset(self) -> None:
        """Forget what was received and what was scripted."""
        self.requests.clear()
        self.abandoned.clear()
        self._scripts.clear()
        self._outages.clear()

    # --- assertions -------------------------------------------------------------------------

    def requests_to(self, route: str | None = None) -> list[RecordedRequest]:
        """Requests recorded under ``route`` (all of them when None), oldest first."""
        return [r for r in self.requests if route is None or r.route == route]

    async def wait_for(
        self, route: str | None = None, count: int = 1, within: float = 5.0
    ) -> list[RecordedRequest]:
        """``requests_to(route)`` once it holds ``count`` requests; TimeoutError after
        ``within`` seconds."""
        await self.wait_until(lambda: len(self.requests_to(route)) >= count, within)
        return self.requests_to(route)

    async def wait_until(self, condition: Callable[[], bool], within: float = 5.0) -> None:
        """Return once ``condition()`` holds, re-checked whenever the fake records something
        or finishes an answer; TimeoutError after ``within`` seconds."""
        if self._loop is None:
            raise RuntimeError("the fake server is not running")
        if self._loop is asyncio.get_running_loop():
            await self._wait_until(condition, within)
            return
        waiting = asyncio.run_coroutine_threadsafe(self._wait_until(condition, within), self._loop)
        await asyncio.wrap_future(waiting)

    # --- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        """Serve on the running loop, on 127.0.0.1 and a free port."""
        app = web.Application(client_max_size=self.client_max_size)
        for route in self.routes():
            app.router.add_route(route.method, route.path, self._handler_for(route))
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Condition()
        self._server = TestServer(app, host=LOOPBACK, port=0)
        await self._server.start_server(shutdown_timeout=0.1, access_log=None)
        self.root_url = f"http://{LOOPBACK}:{self._server.port}"

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.close()
            self._server = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def __enter__(self) -> Self:
        """Serve from a thread of its own until ``__exit__``."""
        loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=loop.run_forever, name=f"{type(self).__name__}-loop", daemon=True
        )
        self._thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self.start(), loop).result(START_TIMEOUT)
        except BaseException:
            self._end_thread(loop, self._thread)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(START_TIMEOUT)
        finally:
            self._end_thread(loop, thread)

    def _end_thread(self, loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(START_TIMEOUT)
        loop.close()
        self._loop = None
        self._thread = None

    # --- for subclasses ---------------------------------------------------------------------

    async def record(
        self, route: str, *, path: str, body: Any, method: str = "MESSAGE"
    ) -> RecordedRequest:
        """Record something that is not an HTTP request (a WebSocket frame, say)."""
        recorded = self.request_type(
            route, method, path, CIMultiDictProxy(CIMultiDict()), body, at=time.monotonic()
        )
        self.requests.append(recorded)
        await self.notify()
        return recorded

    async def notify(self) -> None:
        """Wake the waiters: the fake's state changed."""
        assert self._changed is not None, "the fake server is not running"
        async with self._changed:
            self._changed.notify_all()

    # --- internals --------------------------------------------------------------------------

    def _handler_for(self, route: Route) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def handle(request: web.Request) -> web.StreamResponse:
            recorded = await self._record_http(route.label(request), request)
            scripted = self._next_scripted(recorded)
            try:
                if isinstance(scripted, ScriptedResponse):
                    return scripted.to_response()
                return await route.handler(request, recorded, scripted)
            except asyncio.CancelledError:
                # aiohttp cancels a handler when its client hangs up (handler_cancellation).
                self.abandoned.append(recorded)
                raise
            finally:
                await self.notify()

        return handle

    async def _record_http(self, route: str, request: web.Request) -> RecordedRequest:
        raw, body = await _read_body(request)
        query = dict(request.query)
        if query and (body is None or isinstance(body, dict)):
            body = {**query, **(body or {})}
        recorded = self.request_type(
            route,
            request.method,
            request.path,
            CIMultiDictProxy(CIMultiDict(request.headers)),
            body,
            raw,
            query,
            time.monotonic(),
            _peer(request),
        )
        self.requests.append(recorded)
        await self.notify()
        return recorded

    def _next_scripted(self, recorded: RecordedRequest) -> Any:
        for response, condition in self._outages.get(recorded.route, ()):
            if condition():
                return response
        queue = self._scripts.get(recorded.route)
        if not queue:
            return None
        head = queue[0]
        if head.when is not None and not head.when(recorded):
            return None
        queue.popleft()
        return head.response

    async def _wait_until(self, condition: Callable[[], bool], within: float) -> None:
        assert self._changed is not None
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(condition)


async def _read_body(request: web.Request) -> tuple[bytes, Any]:
    """The raw bytes and the parsed body: JSON when it parses, form fields for form posts."""
    if request.content_type == "multipart/form-data":
        form = await request.post()
        return b"", {k: v for k, v in form.items() if isinstance(v, str)}
    raw = await request.read()
    if not raw:
        return raw, None
    if request.content_type == "application/x-www-form-urlencoded":
        form = await request.post()
        return raw, {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        return raw, json.loads(raw)
    except ValueError:
        return raw, None


def _peer(request: web.Request) -> str:
    address = request.transport.get_extra_info("peername") if request.transport else None
    return f"{address[0]}:{address[1]}" if address else ""
