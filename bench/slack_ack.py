"""How fast ExitBot acknowledges Slack DM events, next to a bare slack-bolt app that only acks.

    python bench/slack_ack.py [--events 2000] [--concurrency 50] [--database-url URL]

Each server runs in its own process, next to a fake Slack Web API in a third process (both on
127.0.0.1); this process sends signed DM ``message`` events (real HMAC) at the given
concurrency, after an untimed warm-up, and times each HTTP round trip (the ack Slack waits
for). Replies posted to the fake Slack are counted, to show the turns really ran.

ExitBot runs its real composition with the scripted interviewer (a zero-latency "model"):
each event is written to the inbox before the ack and the turn runs after it. The bare app
is ``AsyncApp(process_before_response=True)`` with a listener that does nothing, mounted the
same way. Goal (issue 4): ExitBot's p99 at most 1.5x the bare app's, and under 100 ms.
Default database: a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
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
RUN = f"{time.time_ns():x}"  # event ids unique per run, so a reused database sees new events


@dataclass(frozen=True)
class Result:
    name: str
    latencies: list[float]
    errors: int

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p99(self) -> float:
        return self.percentile(0.99)


# --- servers (child processes) -------------------------------------------------------------


def run_fake_slack(ready: Any, stop: Any, report: Any) -> None:
    """The fake Slack Web API in its own process, as the real one is on its own servers."""
    asyncio.run(_fake_slack(ready, stop, report))


async def _fake_slack(ready: Any, stop: Any, report: Any) -> None:
    from tests.fakes.slack_api import FakeSlackApi

    slack = FakeSlackApi()
    for n in range(USERS):
        slack.add_user(f"U{n:05d}", f"user{n}", f"User {n}", f"user{n}@corp.test")
    await slack.start()
    ready.put(slack.base_url)
    await asyncio.to_thread(stop.wait)
    report.put({"replies_posted": slack.call_count("chat.postMessage")})
    await slack.stop()


def run_server(kind: str, database_url: str, slack_url: str, ready: Any, stop: Any) -> None:
    asyncio.run(_serve(kind, database_url, slack_url, ready, stop))


async def _serve(kind: str, database_url: str, slack_url: str, ready: Any, stop: Any) -> None:
    from tests.fakes.slack_api import BOT_TOKEN

    if kind == "exitbot":
        app, cleanup, settle = await _exitbot_app(database_url, slack_url, BOT_TOKEN)
    else:
        app, cleanup, settle = await _bare_bolt_app(slack_url, BOT_TOKEN)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    ready.put(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
    await asyncio.to_thread(stop.wait)
    await settle()
    ready.put("settled")
    await runner.cleanup()
    await cleanup()


async def _exitbot_app(database_url: str, slack_url: str, token: str):  # type: ignore[no-untyped-def]
    from adapters.slack import SLACK_ADAPTER_KEY
    from exitbot.bootstrap import build_services
    from exitbot.config import load_settings
    from exitbot.logs import configure_logging
    from exitbot.web.app import create_app

    configure_logging("console", "ERROR")
    settings = load_settings(
        database_url=database_url,
        slack_bot_token=token,
        slack_signing_secret=SECRET,
        slack_api_url=slack_url,
        llm_providers="",
    )
    services = await build_services(settings)
    app = create_app(services)

    async def settle() -> None:
        await app[SLACK_ADAPTER_KEY].tasks.idle()

    return app, services.close, settle


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

    return app, nothing, nothing


# --- load (this process) -------------------------------------------------------------------


def dm_event(n: int) -> str:
    user = f"U{n % USERS:05d}"
    ts = f"{int(time.time())}.{n:06d}"
    return json.dumps(
        {
            "type": "event_callback",
            "team_id": "T0001",
            "api_app_id": "A0001",
            "event_id": f"EvBench{RUN}{n:08d}",
            "event_time": int(time.time()),
            "event": {
                "type": "message",
                "channel": f"D{user}",
                "channel_type": "im",
                "user": user,
                "text": "hi" if n < USERS else "The pay was below market for my role.",
                "ts": ts,
                "event_ts": ts,
            },
        }
    )


async def send_load(url: str, first: int, count: int, concurrency: int) -> tuple[list[float], int]:
    from slack_sdk.signature import SignatureVerifier

    verifier = SignatureVerifier(SECRET)
    latencies: list[float] = []
    errors = 0
    next_n = first
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            nonlocal next_n, errors
            while next_n < first + count:
                n = next_n
                next_n += 1
                body = dm_event(n)
                ts = str(int(time.time()))
                headers = {
                    "Content-Type": "application/json",
                    "X-Slack-Request-Timestamp": ts,
                    "X-Slack-Signature": verifier.generate_signature(timestamp=ts, body=body) or "",
                }
                started = time.perf_counter()
                async with session.post(url, data=body.encode(), headers=headers) as response:
                    await response.read()
                latencies.append(time.perf_counter() - started)
                if response.status != 200:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def measure(
    kind: str, database_url: str, events: int, concurrency: int
) -> tuple[Result, dict[str, Any]]:
    context = mp.get_context("spawn")
    slack_ready, slack_report, slack_stop = context.Queue(), context.Queue(), context.Event()
    slack = context.Process(target=run_fake_slack, args=(slack_ready, slack_stop, slack_report))
    ready, stop = context.Queue(), context.Event()
    slack.start()
    server = None
    try:
        slack_url = slack_ready.get(timeout=60)
        server = context.Process(
            target=run_server, args=(kind, database_url, slack_url, ready, stop)
        )
        server.start()
        port = ready.get(timeout=60)
        url = f"http://127.0.0.1:{port}/slack/events"
        asyncio.run(send_load(url, 10_000_000, WARMUP, concurrency))
        latencies, errors = asyncio.run(send_load(url, 0, events, concurrency))
        stop.set()
        ready.get(timeout=300)  # every background turn has finished
        slack_stop.set()
        stats = slack_report.get(timeout=60)
    finally:
        for process in (server, slack):
            if process is not None:
                process.join(timeout=30)
                if process.is_alive():
                    process.terminate()
    return Result(kind, latencies, errors), stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--database-url", help="default: a temporary SQLite database")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        database_url = args.database_url or f"sqlite+aiosqlite:///{tmp}/bench.db"
        bare, _ = measure("bare-bolt", database_url, args.events, args.concurrency)
        exitbot, stats = measure("exitbot", database_url, args.events, args.concurrency)

    backend = database_url.split(":")[0]
    print(f"{args.events} signed DM events, concurrency {args.concurrency}, {backend}")
    print(f"{'server':<12}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'errors':>8}")
    for result in (bare, exitbot):
        print(
            f"{result.name:<12}{result.p50:>10.1f}{result.p99:>10.1f}"
            f"{max(result.latencies) * 1000:>10.1f}{result.errors:>8}"
        )
    print(f"p99 ratio exitbot / bare: {exitbot.p99 / bare.p99:.2f} (goal <= 1.5)")
    print(f"exitbot p99 under 100 ms: {'yes' if exitbot.p99 < 100 else 'no'}")
    print(f"replies posted by exitbot after the load: {stats['replies_posted']} (warm-up included)")


if __name__ == "__main__":
    main()
