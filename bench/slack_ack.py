"""How fast ExitBot acknowledges Slack DM events and how fast its replies reach Slack, next to
a bare slack-bolt app that only acks.

    python bench/slack_ack.py [--events 2000] [--concurrency 50] [--db sqlite|postgresql]

Each server runs in its own process, next to a fake Slack Web API in a third process (both on
127.0.0.1). This process sends signed DM ``message`` events (real HMAC), in two phases:

- acks: ``--concurrency`` senders post ``--events`` events as fast as they are acknowledged
  (after an untimed warm-up on other users); each HTTP round trip is timed. The bare app gets
  the same load.
- replies: ``--concurrency`` employees hold a conversation each: an employee sends a message,
  waits until the fake Slack has ExitBot's reply, then sends the next. The reply latency is
  the time from sending until the fake Slack received the reply. Twice: answering the moment
  the reply arrives (a closed loop, so the figure is bounded by throughput: 50 employees
  over N turns per second), then typing for a while first, as people do (``--think``
  seconds on average), which shows what the pipeline adds when it is not saturated.

ExitBot runs as ``bootstrap`` builds it, with the scripted interviewer (a zero-latency
"model"): each event is written to the inbox before the ack, the turn runs after it and its
reply goes out through the outbox. The bare app is ``AsyncApp(process_before_response=True)``
with a listener that does nothing, mounted the same way. Goals at concurrency 50: ExitBot's
ack p99 at most 3x the bare app's; reply p99 under 200 ms. Default database: a temporary
SQLite file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp
from aiohttp import web

SECRET = "bench-signing-secret"
USERS = 500
WARMUP = 500
"""Events sent first at full concurrency and not timed (connections, prepared statements)."""
MESSAGES_PER_CONVERSATION = 12
RUN = f"{time.time_ns():x}"  # event ids unique per run, so a reused database sees new events


@dataclass(frozen=True)
class Result:
    name: str
    latencies: list[float]
    errors: int = 0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p99(self) -> float:
        return self.percentile(0.99)

    def line(self) -> str:
        return (
            f"{self.name:<22}{self.p50:>9.1f}{self.p99:>9.1f}"
            f"{max(self.latencies) * 1000:>9.1f}{self.errors:>8}"
        )


# --- servers (child processes) -------------------------------------------------------------


def run_fake_slack(ready: Any, stop: Any, arrivals: Any) -> None:
    """The fake Slack Web API in its own process, as the real one is on its own servers;
    every message it accepts is announced on ``arrivals`` as (channel, monotonic time)."""
    asyncio.run(_fake_slack(ready, stop, arrivals))


async def _fake_slack(ready: Any, stop: Any, arrivals: Any) -> None:
    from tests.fakes.slack_api import FakeSlackApi

    class AnnouncingSlack(FakeSlackApi):
        def _m_chat_postMessage(self, body: dict[str, Any]) -> dict[str, Any]:
            arrivals.put((str(body.get("channel", "")), time.monotonic()))
            return super()._m_chat_postMessage(body)

    slack = AnnouncingSlack()
    for prefix in ("U", "W", "C"):
        for n in range(USERS):
            user = f"{prefix}{n:05d}"
            slack.add_user(user, f"user{n}", f"User {n}", f"{user.lower()}@corp.test")
    await slack.start()
    ready.put(slack.base_url)
    await asyncio.to_thread(stop.wait)
    await slack.stop()


def run_server(kind: str, database_url: str, slack_url: str, ready: Any, stop: Any) -> None:
    asyncio.run(_serve(kind, database_url, slack_url, ready, stop))


async def _serve(kind: str, database_url: str, slack_url: str, ready: Any, stop: Any) -> None:
    from tests.fakes.slack_api import BOT_TOKEN

    if kind == "exitbot":
        app, settle = await _exitbot_app(database_url, slack_url, BOT_TOKEN)
    else:
        app, settle = await _bare_bolt_app(slack_url, BOT_TOKEN)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    ready.put(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
    await asyncio.to_thread(stop.wait)
    await settle()
    ready.put("settled")
    await runner.cleanup()


async def _exitbot_app(database_url: str, slack_url: str, token: str):  # type: ignore[no-untyped-def]
    import gc

    from adapters.slack.plugin import SlackPlugin
    from exitbot.bootstrap import bootstrap
    from exitbot.config import load_settings
    from exitbot.logs import configure_logging
    from exitbot.web.app import create_app

    configure_logging("console", "ERROR")
    if not database_url.startswith("sqlite"):
        from exitbot.store import Database
        from exitbot.store.migrate import upgrade

        database = Database(database_url)
        await upgrade(database)
        await database.dispose()
    settings = load_settings(
        database_url=database_url,
        slack_bot_token=token,
        slack_signing_secret=SECRET,
        slack_api_url=slack_url,
        llm_providers="",
        # Every simulated message is its own answer and waits for its own reply.
        answer_join_seconds=0,
    )
    bot = await bootstrap(settings, plugins=[SlackPlugin()])
    app = create_app(bot, scheduler=False)
    gc.collect()
    gc.freeze()  # as `exitbot serve` does
    return app, bot.settle


async def _bare_bolt_app(slack_url: str, token: str):  # type: ignore[no-untyped-def]
    import logging

    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    logging.getLogger().setLevel(logging.ERROR)
    bolt = AsyncApp(
        client=AsyncWebClient(token=token, base_url=slack_url),
        signing_secret=SECRET,
        process_before_response=True,
    )

    async def on_message() -> None:
        return None

    bolt.event("message")(on_message)

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    app = web.Application()
    app.router.add_post("/slack/events", events)

    async def nothing() -> None:
        return None

    return app, nothing


# --- load (this process) -------------------------------------------------------------------


class Sender:
    """Signed DM events to one server; ``post`` returns the ack's round trip in seconds."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        from slack_sdk.signature import SignatureVerifier

        self._session = session
        self._url = url
        self._verifier = SignatureVerifier(SECRET)
        self.errors = 0

    async def post(self, user: str, text: str, event_id: str) -> float:
        ts = f"{int(time.time())}.{time.perf_counter_ns() % 1_000_000:06d}"
        body = json.dumps(
            {
                "type": "event_callback",
                "team_id": "T0001",
                "api_app_id": "A0001",
                "event_id": f"Ev{RUN}{event_id}",
                "event_time": int(time.time()),
                "event": {
                    "type": "message",
                    "channel": f"D{user}",
                    "channel_type": "im",
                    "user": user,
                    "text": text,
                    "ts": ts,
                    "event_ts": ts,
                },
            }
        )
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": self._verifier.generate_signature(timestamp=stamp, body=body)
            or "",
        }
        started = time.perf_counter()
        async with self._session.post(self._url, data=body.encode(), headers=headers) as r:
            await r.read()
        if r.status != 200:
            self.errors += 1
        return time.perf_counter() - started


async def ack_load(url: str, prefix: str, count: int, concurrency: int) -> Result:
    """``count`` events, ``concurrency`` at a time, each sent as soon as a sender is free."""
    latencies: list[float] = []
    next_n = 0
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as s:
        sender = Sender(s, url)

        async def worker() -> None:
            nonlocal next_n
            while next_n < count:
                n = next_n
                next_n += 1
                text = "hi" if n < USERS else "The pay was below market for my role."
                latencies.append(
                    await sender.post(f"{prefix}{n % USERS:05d}", text, f"{prefix}{n}")
                )

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Result("acks", latencies, sender.errors)


class Replies:
    """Reply arrivals announced by the fake Slack, counted and awaited per DM channel."""

    def __init__(self, arrivals: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._arrivals = arrivals
        self._loop = loop
        self._waiting: dict[str, asyncio.Queue[float]] = defaultdict(asyncio.Queue)
        self.total = 0
        self._counted = asyncio.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        while not self._stop.is_set():
            try:
                channel, at = self._arrivals.get(timeout=0.2)
            except Exception:
                continue
            self._loop.call_soon_threadsafe(self._arrived, channel, at)

    def _arrived(self, channel: str, at: float) -> None:
        self.total += 1
        self._waiting[channel].put_nowait(at)
        self._counted.set()

    async def next(self, channel: str, within: float = 60.0) -> float:
        return await asyncio.wait_for(self._waiting[channel].get(), within)

    async def at_least(self, total: int, within: float = 300.0) -> None:
        async with asyncio.timeout(within):
            while self.total < total:
                self._counted.clear()
                await self._counted.wait()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


async def conversations(
    url: str, replies: Replies, concurrency: int, think: float, label: str
) -> tuple[Result, Result]:
    """``concurrency`` employees, each answering the bot's last message ``think`` seconds
    (exponentially distributed, 0: at once) after it came."""
    from tests.support import GOOD_ANSWERS

    script = ["hi", "yes", *GOOD_ANSWERS.values(), "yes"][:MESSAGES_PER_CONVERSATION]
    acks: list[float] = []
    waits: list[float] = []
    rng = random.Random(7)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as s:
        sender = Sender(s, url)

        async def employee(n: int) -> None:
            user = f"{label}{n:05d}"
            for index, text in enumerate(script):
                if think:
                    await asyncio.sleep(rng.expovariate(1 / think))
                sent = time.monotonic()
                acks.append(await sender.post(user, text, f"{label}{n}-{index}"))
                arrived = await replies.next(f"D{user}")
                waits.append(arrived - sent)
                # "yes" after consent gets two messages (thanks, first question): read both.
                if text == "yes" and index == 1:
                    await replies.next(f"D{user}")

        await asyncio.gather(*(employee(n) for n in range(concurrency)))
    name = f"replies, think {think:g} s" if think else "replies, at once"
    return Result("conversation acks", acks, sender.errors), Result(name, waits)


async def drive(
    kind: str, url: str, arrivals: Any, events: int, concurrency: int, think: float
) -> list[Result]:
    replies = Replies(arrivals, asyncio.get_running_loop())
    try:
        await ack_load(url, "W", WARMUP, concurrency)
        results = [await ack_load(url, "U", events, concurrency)]
        if kind == "exitbot":
            await replies.at_least(WARMUP + events)  # the acked backlog is answered first
            results.extend(await conversations(url, replies, concurrency, 0, "C"))
            results.append((await conversations(url, replies, concurrency, think, "T"))[1])
        return results
    finally:
        replies.close()


def measure(
    kind: str, database_url: str, events: int, concurrency: int, think: float = 0
) -> list[Result]:
    context = mp.get_context("spawn")
    slack_ready, arrivals, slack_stop = context.Queue(), context.Queue(), context.Event()
    slack = context.Process(target=run_fake_slack, args=(slack_ready, slack_stop, arrivals))
    ready, stop = context.Queue(), context.Event()
    slack.start()
    server = None
    results: list[Result] = []
    try:
        slack_url = slack_ready.get(timeout=60)
        server = context.Process(
            target=run_server, args=(kind, database_url, slack_url, ready, stop)
        )
        server.start()
        port = ready.get(timeout=60)
        url = f"http://127.0.0.1:{port}/slack/events"
        results = asyncio.run(drive(kind, url, arrivals, events, concurrency, think))
        stop.set()
        ready.get(timeout=300)  # every background turn has finished
        slack_stop.set()
    finally:
        for process in (server, slack):
            if process is not None:
                process.join(timeout=30)
                if process.is_alive():
                    process.terminate()
    return results


async def measure_both(
    backend: str, events: int, concurrency: int, think: float
) -> tuple[list[Result], list[Result]]:
    """The bare app, then ExitBot, on one scratch database (``bench/scratch_databases.py``)."""
    from scratch_databases import scratch_database  # type: ignore[import-not-found]

    async with scratch_database(backend) as url:
        bare = await asyncio.to_thread(measure, "bare-bolt", url, events, concurrency)
        exitbot = await asyncio.to_thread(measure, "exitbot", url, events, concurrency, think)
    return bare, exitbot


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument(
        "--db", choices=["sqlite", "postgresql"], default="sqlite", help="a scratch database"
    )
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds an employee types (second run)"
    )
    args = parser.parse_args()

    [bare], [exitbot_acks, conversation_acks, replies, typed] = asyncio.run(
        measure_both(args.db, args.events, args.concurrency, args.think)
    )

    backend = args.db
    print(f"{args.events} signed DM events, concurrency {args.concurrency}, {backend}")
    print(f"{'':<22}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}")
    print(Result("bare-bolt acks", bare.latencies, bare.errors).line())
    print(Result("exitbot acks", exitbot_acks.latencies, exitbot_acks.errors).line())
    print(conversation_acks.line())
    print(replies.line())
    print(typed.line())
    print(f"ack p99 ratio exitbot / bare: {exitbot_acks.p99 / bare.p99:.2f} (goal <= 3)")
    for result in (replies, typed):
        print(f"{result.name}: p99 {result.p99:.1f} ms (goal < 200 ms), {len(result.latencies)}")


if __name__ == "__main__":
    main()
