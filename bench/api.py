"""HR REST API benchmark over HTTP on PostgreSQL with 100,000 interviews.

Creates a fresh database ``exitbot_bench_api_<random>`` on the PostgreSQL server of
``DATABASE_URL`` (default ``postgresql+asyncpg://postgres@127.0.0.1:5432/postgres``; the
database named there is only used to create and drop the fresh one, never written to), drops
it at the end,
seeds it with bulk INSERTs (two years of interviews, ids in invitation order: ~70% completed
with a report of 1-3 reasons and themes, the rest invited, in progress, paused, declined,
expired or cancelled; 20% anonymous; a few hundred with a 20-message transcript), runs
VACUUM ANALYZE, then serves ``exitbot serve``'s application in this process on 127.0.0.1
and times, one request at a time over one keep-alive connection, what HR tools wait for:

- ``GET /api/interviews``: the first page, filtered pages and pages followed by cursor
- ``GET /api/interviews/{id}``: any interview, and ones with a 20-message transcript
- ``GET /api/stats?period=365d``
- ``GET /api/export.csv``: every interview (newest first and by id) and the last 365 days,
  the client discarding the body as it arrives: rows per second (wall and per CPU second of
  this process) and the peak RSS over the RSS before; then the first list page timed while an
  export streams to another client; then traced Python allocations during one more export
  (tracemalloc slows Python down, so that run is not timed)

Latencies are p50 and p99 after a warm-up. For every route, one more request is made with
its SQL recorded: how many statements it ran and the slowest one (``--explain`` prints
PostgreSQL's EXPLAIN ANALYZE of it). Goals: list and detail p99 < 50 ms, stats p99 < 200 ms,
export >= 20,000 rows/s with flat memory. It is a measurement: it exits 0 whatever the
figures.

    python bench/api.py                         # 100,000 interviews
    python bench/api.py --interviews 20000 --requests 300 --explain
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import secrets
import statistics
import threading
import time
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import asyncpg
from aiohttp import web
from sqlalchemy import event, insert, text

from exitbot.bootstrap import ExitBot, bootstrap
from exitbot.config import load_settings
from exitbot.core.report import Reason
from exitbot.core.statuses import InterviewStatus, MessageKind, MessageRole
from exitbot.logs import configure_logging
from exitbot.store import Database
from exitbot.store.migrate import upgrade
from exitbot.store.models import (
    Employee,
    Interview,
    Message,
    Report,
    ReportReason,
    ReportTheme,
)
from exitbot.store.tokens import TokenRole
from exitbot.web.app import create_app

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
HISTORY = timedelta(days=730)
BATCH = 5000
DEPARTMENTS = [
    "Engineering",
    "Sales",
    "Support",
    "Marketing",
    "Finance",
    "Operations",
    "People",
    "Legal",
    "Design",
    "Data",
    "Security",
    "Research",
]
FIRST_NAMES = ["Dana", "Sam", "Robin", "Alex", "Kim", "Jordan", "Maria", "Wei", "Fatima", "Lars"]
LAST_NAMES = ["Smith", "Lee", "Park", "Garcia", "Müller", "Okafor", "Rossi", "Nowak", "Tanaka"]
THEMES = [
    "no promotion path",
    "below-market pay",
    "too many meetings",
    "unclear strategy",
    "great colleagues",
    "slow tooling",
    "on-call load",
    "remote policy",
    "manager turnover",
    "reorg fatigue",
]
SUMMARY = (
    "The employee is leaving mainly because of {reasons}. They described the team as "
    "supportive but felt that {theme} had gone unaddressed for too long. They rated the "
    "company {enps} out of 10 and suggested clearer expectations for the next person in "
    "the role."
)
QUESTIONS = [
    "What made you decide to leave?",
    "How well did the role match what you expected?",
    "How was working with your manager?",
    "How would you describe the team and its culture?",
    "Did you have room to grow here?",
    "How did you feel about pay and benefits?",
    "How were the tools, processes and workload?",
    "What would have made you stay?",
    "How likely are you to recommend us, from 0 to 10?",
    "Anything else you would like to share?",
]
ANSWER = (
    "Honestly it was a mix of things: the pay was below market, the roadmap kept changing and "
    "nobody could tell me what the next level needed, although the people were lovely."
)
STATUS_WEIGHTS = {
    InterviewStatus.COMPLETED: 70,
    InterviewStatus.DECLINED: 10,
    InterviewStatus.EXPIRED: 8,
    InterviewStatus.IN_PROGRESS: 4,
    InterviewStatus.PAUSED: 3,
    InterviewStatus.INVITED: 3,
    InterviewStatus.CANCELLED: 2,
}
GOAL_LIST_DETAIL_MS = 50.0
GOAL_STATS_MS = 200.0
GOAL_EXPORT_ROWS_PER_S = 20_000.0
GOAL_EXPORT_MEMORY_MIB = 50.0
""""Flat": far below what holding every row would take (100,000 rows are ~150 MiB)."""


@dataclass(frozen=True, slots=True)
class Seeded:
    interviews: int
    with_transcript: list[int]
    now: datetime


# --- the database -----------------------------------------------------------------------


@asynccontextmanager
async def fresh_database(server_url: str) -> AsyncIterator[str]:
    """The URL of a new, empty database on ``server_url``'s server, dropped afterwards (a
    random name, so that runs side by side never drop each other's)."""
    admin_url = server_url.replace("postgresql+asyncpg://", "postgresql://")
    server = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    name = f"exitbot_bench_api_{secrets.token_hex(3)}"
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{server}/{name}"
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def seed(database: Database, interviews: int, transcripts: int, rng: random.Random) -> Seeded:
    now = datetime.now(UTC)
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    reasons = [r.value for r in Reason]
    # Ids are handed out as interviews are started, so they follow invitation time.
    created_times = sorted(now - HISTORY * rng.random() for _ in range(interviews))
    completed_ids: list[int] = []
    for start in range(0, interviews, BATCH):
        employees: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        reports: list[dict[str, Any]] = []
        reason_rows: list[dict[str, Any]] = []
        theme_rows: list[dict[str, Any]] = []
        for number in range(start + 1, min(start + BATCH, interviews) + 1):
            created = created_times[number - 1]
            status = rng.choices(statuses, weights)[0]
            if status.is_active and created < now - timedelta(days=14):
                status = InterviewStatus.EXPIRED  # what the expiry job would have done
            department = rng.choice(DEPARTMENTS) if rng.random() > 0.02 else None
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            employees.append(
                {
                    "id": number,
                    "platform": "slack",
                    "platform_user_id": f"U{number:08d}",
                    "display_name": f"{first} {last}",
                    "email": f"{first.lower()}.{number}@corp.test",
                    "department": department,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            activity = min(now, created + timedelta(hours=rng.uniform(1, 200)))
            completed = activity if status is InterviewStatus.COMPLETED else None
            ended = activity if not status.is_active else None
            rows.append(
                {
                    "id": number,
                    "employee_id": number,
                    "status": status.value,
                    "awaiting": "nothing" if ended else "answer",
                    "anonymous": rng.random() < 0.2,
                    "department": department,
                    "last_day": (created + timedelta(days=14)).date(),
                    "voluntary": rng.random() < 0.85,
                    "regrettable": rng.random() < 0.4,
                    "invited_by": "slack:UHR",
                    "plan_name": "default",
                    "topic_index": 10 if completed else rng.randrange(10),
                    "followups_asked": 0,
                    "turn_count": 12,
                    "model_calls": 0,
                    "next_seq": 21,
                    "created_at": created,
                    "started_at": created + timedelta(minutes=5),
                    "last_activity_at": activity,
                    "completed_at": completed,
                    "ended_at": ended,
                }
            )
            if completed is None:
                continue
            completed_ids.append(number)
            chosen = rng.sample(reasons, rng.randint(1, 3))
            themes = rng.sample(THEMES, rng.randint(1, 3))
            enps = rng.randint(0, 10) if rng.random() < 0.9 else None
            reports.append(
                {
                    "id": number,
                    "interview_id": number,
                    "summary": SUMMARY.format(
                        reasons=" and ".join(r.replace("_", " ") for r in chosen),
                        theme=themes[0],
                        enps=enps if enps is not None else "no score",
                    ),
                    "reasons": chosen,
                    "themes": themes,
                    "sentiment": round(rng.uniform(-1, 1), 3),
                    "enps": enps,
                    "would_return": rng.random() < 0.5,
                    "recommendations": ["Publish a promotion framework."],
                    "notable_quotes": [ANSWER[:90]],
                    "source": "scripted",
                    "created_at": completed,
                }
            )
            reason_rows += [
                {"report_id": number, "reason": reason, "rank": rank}
                for rank, reason in enumerate(chosen)
            ]
            theme_rows += [{"report_id": number, "theme": theme} for theme in themes]

        async def write(
            session: Any,
            employees: list[dict[str, Any]] = employees,
            rows: list[dict[str, Any]] = rows,
            reports: list[dict[str, Any]] = reports,
            reason_rows: list[dict[str, Any]] = reason_rows,
            theme_rows: list[dict[str, Any]] = theme_rows,
        ) -> None:
            await session.execute(insert(Employee), employees)
            await session.execute(insert(Interview), rows)
            if reports:
                await session.execute(insert(Report), reports)
                await session.execute(insert(ReportReason), reason_rows)
                await session.execute(insert(ReportTheme), theme_rows)

        await database.transaction(write)
    with_transcript = sorted(rng.sample(completed_ids, min(transcripts, len(completed_ids))))
    await database.transaction(lambda session: _write_transcripts(session, with_transcript, rng))
    async with database.engine.connect() as conn:
        # Ids were given explicitly; move the sequences past them for later inserts.
        for table in ("employees", "interviews", "reports"):
            await conn.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {interviews})")
            )
        await conn.commit()
        # What autovacuum does after a bulk load: statistics and the visibility map.
        autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("VACUUM ANALYZE"))
    return Seeded(interviews, with_transcript, now)


async def _write_transcripts(
    session: Any, interview_ids: Sequence[int], rng: random.Random
) -> None:
    messages: list[dict[str, Any]] = []
    started = datetime.now(UTC) - timedelta(days=1)
    for interview_id in interview_ids:
        for seq, question in enumerate(QUESTIONS):
            at = started + timedelta(minutes=2 * seq)
            messages.append(
                {
                    "interview_id": interview_id,
                    "seq": 2 * seq + 1,
                    "role": MessageRole.BOT.value,
                    "kind": MessageKind.QUESTION.value,
                    "topic_key": f"topic_{seq}",
                    "text": question,
                    "created_at": at,
                }
            )
            messages.append(
                {
                    "interview_id": interview_id,
                    "seq": 2 * seq + 2,
                    "role": MessageRole.EMPLOYEE.value,
                    "kind": MessageKind.ANSWER.value,
                    "topic_key": f"topic_{seq}",
                    "text": ANSWER,
                    "sentiment": round(rng.uniform(-1, 1), 3),
                    "created_at": at + timedelta(minutes=1),
                }
            )
    if messages:
        await session.execute(insert(Message), messages)


# --- the server and what it runs ------------------------------------------------------


@asynccontextmanager
async def served(bot: ExitBot) -> AsyncIterator[str]:
    """``exitbot serve``'s application on a free port of 127.0.0.1, scheduler off."""
    runner = web.AppRunner(create_app(bot, scheduler=False), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@dataclass
class Statement:
    sql: str
    parameters: Any
    ms: float


@dataclass
class SqlRecorder:
    """Every statement the engine runs while ``recording``, with its time."""

    statements: list[Statement] = field(default_factory=list)
    on: bool = False
    _started: dict[int, float] = field(default_factory=dict)

    def attach(self, database: Database) -> None:
        engine = database.engine.sync_engine
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        if self.on:
            self._started[id(cursor)] = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        started = self._started.pop(id(cursor), None)
        if self.on and started is not None:
            ms = (time.perf_counter() - started) * 1000
            self.statements.append(Statement(sql, parameters, ms))

    @contextmanager
    def recording(self) -> Iterator[list[Statement]]:
        self.statements = []
        self.on = True
        try:
            yield self.statements
        finally:
            self.on = False


# --- measuring -------------------------------------------------------------------------


@dataclass
class Latency:
    name: str
    samples: list[float]
    goal_ms: float
    statements: list[Statement] = field(default_factory=list)
    """What one more request, after the timed ones, ran."""

    @property
    def sql_ms(self) -> float:
        return sum(s.ms for s in self.statements)

    @property
    def slowest(self) -> Statement | None:
        return max(self.statements, key=lambda s: s.ms) if self.statements else None

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p99(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, max(0, round(0.99 * len(ordered)) - 1))]

    @property
    def met(self) -> bool:
        return self.p99 < self.goal_ms

    def line(self) -> str:
        slowest = f"{self.slowest.ms:9.1f}" if self.slowest else "        -"
        return (
            f"{self.name:<34}{len(self.samples):>6}{self.p50:>9.1f}{self.p99:>9.1f}"
            f"{'< ' + format(self.goal_ms, '.0f'):>8}{'ok' if self.met else 'MISSED':>8}"
            f"{len(self.statements):>5}{self.sql_ms:>8.1f}{slowest}"
        )


class Client:
    def __init__(self, session: aiohttp.ClientSession, url: str, token: str) -> None:
        self.session = session
        self.url = url
        self.headers = {"Authorization": f"Bearer {token}"}

    async def json(self, path: str, params: dict[str, str] | None = None) -> Any:
        async with self.session.get(self.url + path, params=params, headers=self.headers) as r:
            body = await r.json()
            if r.status != 200:
                raise RuntimeError(f"GET {path} {params}: {r.status} {body}")
            return body

    async def discard(self, path: str, params: dict[str, str] | None = None) -> tuple[int, int]:
        """Read a body as it streams and drop it: (bytes, lines)."""
        size = lines = 0
        async with self.session.get(self.url + path, params=params, headers=self.headers) as r:
            if r.status != 200:
                raise RuntimeError(f"GET {path}: {r.status} {await r.text()}")
            async for chunk in r.content.iter_chunked(1 << 16):
                size += len(chunk)
                lines += chunk.count(b"\n")
        return size, lines


async def timed(
    name: str,
    requests: Sequence[Callable[[], Awaitable[object]]],
    goal_ms: float,
    recorder: SqlRecorder,
    warm_up: int = 5,
) -> Latency:
    for request in requests[:warm_up]:
        await request()
    samples = []
    for request in requests:
        started = time.perf_counter()
        await request()
        samples.append((time.perf_counter() - started) * 1000)
    with recorder.recording() as statements:
        await requests[-1]()
    return Latency(name, samples, goal_ms, statements)


async def during_export(client: Client, url: str, token: str, most: int) -> Latency:
    """The first list page, again and again, while an export of every interview streams
    to another client: what the rest of HR (and Slack's acks) wait while someone exports."""
    samples: list[float] = []
    async with aiohttp.ClientSession() as other:
        export = asyncio.create_task(Client(other, url, token).discard("/api/export.csv"))
        while not export.done() and len(samples) < most:
            started = time.perf_counter()
            await client.json("/api/interviews", {"limit": "20"})
            samples.append((time.perf_counter() - started) * 1000)
        await export
    return Latency("list: first page, during an export", samples, GOAL_LIST_DETAIL_MS)


async def cursor_walk(client: Client, params: dict[str, str], pages: int, total: int) -> list[Any]:
    """``total`` page requests: from the first page ``pages`` deep by cursor, again and again
    (collected first, then replayed, so the timing is only the requests)."""
    cursors: list[str] = []
    cursor: str | None = None
    for _ in range(pages):
        body = await client.json(
            "/api/interviews", {**params, **({"cursor": cursor} if cursor else {})}
        )
        cursor = body.get("next_cursor")
        if not cursor:
            break
        cursors.append(cursor)
    return [cursors[n % len(cursors)] for n in range(total)] if cursors else []


class RssSampler:
    """The process's resident set size every few milliseconds, from another thread (so it
    samples even while the event loop is busy)."""

    def __init__(self, every: float = 0.005) -> None:
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            self._stop.wait(self.every)

    def __enter__(self) -> RssSampler:
        self.peak = self.rss()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.rss())


@dataclass(frozen=True, slots=True)
class ExportFigures:
    label: str
    rows: int
    seconds: float
    cpu_seconds: float
    """This process's CPU time (server and client): what a busy machine does not inflate."""
    megabytes: float
    rss_growth_mib: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds

    def line(self) -> str:
        verdict = "ok" if self.rows_per_second >= GOAL_EXPORT_ROWS_PER_S else "MISSED"
        return (
            f"{self.label:<34}{self.rows:>8,} rows {self.megabytes:6.1f} MB {self.seconds:7.2f} s"
            f" {self.rows_per_second:>8,.0f} rows/s ({self.rows / self.cpu_seconds:,.0f} per "
            f"CPU s; goal >= {GOAL_EXPORT_ROWS_PER_S:,.0f}) {verdict}; "
            f"peak RSS +{self.rss_growth_mib:.1f} MiB"
        )


async def export_run(client: Client, label: str, params: dict[str, str]) -> ExportFigures:
    """One export, timed, with the process's peak RSS over its RSS before."""
    before = RssSampler.rss()
    cpu = time.process_time()
    started = time.perf_counter()
    with RssSampler() as sampler:
        size, lines = await client.discard("/api/export.csv", params)
    return ExportFigures(
        label,
        lines - 1,
        time.perf_counter() - started,
        time.process_time() - cpu,
        size / 1e6,
        (sampler.peak - before) / 2**20,
    )


async def traced_growth(client: Client, params: dict[str, str]) -> float:
    """The peak of Python's traced allocations during an export over those before it, MiB."""
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        await client.discard("/api/export.csv", params)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (peak - before) / 2**20


async def explain(database: Database, statement: Statement) -> str:
    async with database.engine.connect() as conn:
        result = await conn.exec_driver_sql(
            "EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, statement.parameters
        )
        return "\n".join(f"      {row[0]}" for row in result)


async def measure(
    bot: ExitBot, url: str, token: str, seeded: Seeded, args: argparse.Namespace
) -> None:
    rng = random.Random(7)
    recorder = SqlRecorder()
    recorder.attach(bot.database)
    n = args.requests
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(connector=connector) as session:
        client = Client(session, url, token)

        def get(path: str, params: dict[str, str] | None = None) -> Callable[[], Awaitable[Any]]:
            return lambda: client.json(path, params)

        since_90 = (seeded.now - timedelta(days=90)).date().isoformat()
        filters = [
            {"status": "completed"},
            {"department": "Sales"},
            {"status": "in_progress"},
            {"since": since_90},
            {"status": "completed", "department": "Engineering", "since": since_90},
            {"status": "declined,expired"},
        ]
        sorts = ["oldest", "last_day", "name", "department", "status"]
        deep = await cursor_walk(client, {"status": "completed"}, 15, n)
        by_name_deep = await cursor_walk(client, {"sort": "name"}, 15, n)
        everything_deep = await cursor_walk(client, {}, 15, n)
        any_ids = [rng.randint(1, seeded.interviews) for _ in range(n)]
        transcript_ids = [rng.choice(seeded.with_transcript) for _ in range(n)]
        latencies = [
            await timed(
                "list: first page",
                [get("/api/interviews", {"limit": "20"})] * n,
                GOAL_LIST_DETAIL_MS,
                recorder,
            ),
            await timed(
                "list: filtered (6 kinds)",
                [get("/api/interviews", filters[i % len(filters)]) for i in range(n)],
                GOAL_LIST_DETAIL_MS,
                recorder,
            ),
            await timed(
                "list: by cursor, 15 pages deep",
                [get("/api/interviews", {"cursor": c}) for c in everything_deep],
                GOAL_LIST_DETAIL_MS,
                recorder,
            ),
            await timed(
                "list: completed, by cursor",
                [get("/api/interviews", {"status": "completed", "cursor": c}) for c in deep],
                GOAL_LIST_DETAIL_MS,
                recorder,
            ),
            await timed(
                "list: q=promotion (text search)",
                [get("/api/interviews", {"q": "promotion"})] * n,
                GOAL_LIST_DETAIL_MS,
                recorder,
            ),
            await timed(
                "list: first page, 5 other sorts",
                [get("/api/interviews", {"sort": sorts[i % len(sorts)]}) for i in range(n)],
                GOAL_LIST_DETAIL_MS,
                recorder,
            ),
            await timed(
                "list: sort=name, 15 pages deep",
                [get("/api/interviews", {"sort": "name", "cursor": c}) for c in by_name_deep],
                GOAL_LIST_DETAIL_MS,
                recorder,
            ),
            await timed(
                "detail: any interview",
                [get(f"/api/interviews/{i}") for i in any_ids],
                GOAL_LIST_DETAIL_MS,
                recorder,
            ),
            await timed(
                "detail: 20-message transcript",
                [get(f"/api/interviews/{i}") for i in transcript_ids],
                GOAL_LIST_DETAIL_MS,
                recorder,
            ),
            await timed(
                "stats: period=365d",
                [get("/api/stats", {"period": "365d"})] * args.stats_requests,
                GOAL_STATS_MS,
                recorder,
                warm_up=2,
            ),
        ]
        print(
            f"\n{'route':<34}{'n':>6}{'p50 ms':>9}{'p99 ms':>9}{'goal':>8}{'':>8}"
            f"{'sql':>5}{'sql ms':>8}{'slowest':>9}"
        )
        for latency in latencies:
            print(latency.line())

        await export_run(client, "warm-up", {"period": "30d"})
        exports = [
            await export_run(client, "export: every interview", {}),
            await export_run(client, "export: period=365d", {"period": "365d"}),
            await export_run(client, "export: every interview, by id", {"order": "id"}),
        ]
        print()
        for figures in exports:
            print(figures.line())
        with recorder.recording() as statements:
            await client.discard("/api/export.csv", {"period": "90d"})
        print(
            f"{'':<34}period=90d ran {len(statements)} statements; slowest "
            f"{max(s.ms for s in statements):.1f} ms"
        )
        busy = await during_export(client, url, token, n)
        print(f"\n{busy.line()}")
        traced = await traced_growth(client, {"period": args.traced_period})
        rss = max(figures.rss_growth_mib for figures in exports)
        flat = max(rss, traced) < GOAL_EXPORT_MEMORY_MIB
        print(
            f"{'export: memory growth':<34}peak RSS +{rss:.1f} MiB at most (above); traced "
            f"Python peak +{traced:.1f} MiB during period={args.traced_period} (tracemalloc on, "
            f"untimed) (goal: flat, < {GOAL_EXPORT_MEMORY_MIB:.0f} MiB) "
            f"{'ok' if flat else 'MISSED'}"
        )

    for latency in latencies:
        slowest = latency.slowest
        if slowest is not None and (args.explain or not latency.met):
            print(f"\n  {latency.name}: {len(latency.statements)} statements")
            for statement in latency.statements:
                print(f"    {statement.ms:8.1f} ms  {' '.join(statement.sql.split())[:110]}")
            print(f"  the slowest ({slowest.ms:.1f} ms):\n      {slowest.sql}")
            print(await explain(bot.database, slowest))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interviews", type=int, default=100_000)
    parser.add_argument("--transcripts", type=int, default=300)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--stats-requests", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE every route")
    parser.add_argument(
        "--traced-period",
        default="90d",
        choices=["30d", "90d", "365d"],
        help="the export traced with tracemalloc (slow: several times the untraced time)",
    )
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not server.startswith("postgresql"):
        raise SystemExit("bench/api.py runs on PostgreSQL (postgresql+asyncpg://…)")
    async with fresh_database(server) as url:
        database = Database(url)
        await upgrade(database)
        started = time.perf_counter()
        seeded = await seed(database, args.interviews, args.transcripts, random.Random(6))
        await database.dispose()
        print(
            f"load average {' '.join(f'{n:.1f}' for n in os.getloadavg())} on {os.cpu_count()} CPUs"
        )
        print(
            f"PostgreSQL: seeded {seeded.interviews:,} interviews ({len(seeded.with_transcript)} "
            f"with a 20-message transcript) in {time.perf_counter() - started:.1f} s"
        )
        bot = await bootstrap(load_settings(database_url=url, llm_providers=""))
        async with served(bot) as base:
            token = await bot.tokens.create("bench", TokenRole.HR_VIEWER, bot.clock.now())
            await measure(bot, base, token, seeded, args)
        print(f"\nload average {' '.join(f'{n:.1f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    configure_logging(level="WARNING")
    asyncio.run(main())
