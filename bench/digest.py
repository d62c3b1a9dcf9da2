"""Digest and HR query benchmark on 100,000 interviews with reports.

Seeds a fresh database (two years of interviews: ~70% completed with a report of 1-3
reasons, themes and quotes; the rest invited, in progress, paused, declined, expired or
cancelled) with bulk INSERTs (the one thing here that goes around the store's API), runs
ANALYZE, then times what HR waits for:

- digest: ``DigestBuilder.build`` for the last 7 days (what the scheduler and `digest now` post)
- stats: the same builder over 30 / 90 / 365 days (the ``stats`` HR command)
- list: ``exitbot.hr.queries.list_interviews`` (newest 20 with the total), unfiltered and
  filtered by status, department and since-date
- chart: rendering the digest's PNG (CPU only, no database)

Each figure is the median and the worst of several runs after one warm-up run.

    python bench/digest.py                      # both databases, 100,000 interviews
    python bench/digest.py --db postgresql --interviews 20000
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from scratch_databases import scratch_database  # type: ignore[import-not-found]
from sqlalchemy import insert, text

from exitbot.core.report import Reason
from exitbot.core.statuses import InterviewStatus
from exitbot.digest.builder import DigestBuilder, Period
from exitbot.digest.chart import render_chart
from exitbot.hr.queries import ReportFilter, list_interviews, report_figures
from exitbot.store import Database
from exitbot.store.migrate import upgrade
from exitbot.store.models import Employee, Interview, Report, ReportReason, ReportTheme

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
HISTORY = timedelta(days=730)
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
QUOTES = [
    "The pay was well below market and there was no path to promotion.",
    "My manager was kind but rarely had time for one-to-ones.",
    "Workload was heavy near releases and the tooling was slow.",
    "The team was great, people helped each other.",
]
STATUS_WEIGHTS = {
    InterviewStatus.COMPLETED: 70,
    InterviewStatus.DECLINED: 10,
    InterviewStatus.EXPIRED: 8,
    InterviewStatus.IN_PROGRESS: 4,
    InterviewStatus.PAUSED: 3,
    InterviewStatus.INVITED: 3,
    InterviewStatus.CANCELLED: 2,
}
BATCH = 5000


async def seed(database: Database, interviews: int, rng: random.Random) -> None:
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    reasons = [r.value for r in Reason]
    for start in range(0, interviews, BATCH):
        count = min(BATCH, interviews - start)
        employees: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        reports: list[dict[str, Any]] = []
        reason_rows: list[dict[str, Any]] = []
        theme_rows: list[dict[str, Any]] = []
        for offset in range(count):
            number = start + offset + 1
            created = NOW - HISTORY * rng.random()
            status = rng.choices(statuses, weights)[0]
            if status.is_active and created < NOW - timedelta(days=14):
                status = InterviewStatus.EXPIRED  # what the expiry job would have done
            department = rng.choice(DEPARTMENTS) if rng.random() > 0.02 else None
            employees.append(
                {
                    "id": number,
                    "platform": "slack",
                    "platform_user_id": f"U{number:07d}",
                    "display_name": f"Person {number}",
                    "email": f"person{number}@corp.test",
                    "department": department,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            activity = min(NOW, created + timedelta(hours=rng.uniform(1, 200)))
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
                    "next_seq": 30,
                    "created_at": created,
                    "started_at": created + timedelta(minutes=5),
                    "last_activity_at": activity,
                    "completed_at": completed,
                    "ended_at": ended,
                }
            )
            if completed is None:
                continue
            chosen = rng.sample(reasons, rng.randint(1, 3))
            themes = rng.sample(THEMES, rng.randint(1, 3))
            reports.append(
                {
                    "id": number,
                    "interview_id": number,
                    "summary": "A departing employee who cited " + ", ".join(chosen) + ".",
                    "reasons": chosen,
                    "themes": themes,
                    "sentiment": round(rng.uniform(-1, 1), 3),
                    "enps": rng.randint(0, 10) if rng.random() < 0.9 else None,
                    "would_return": rng.random() < 0.5,
                    "recommendations": ["Publish a promotion framework."],
                    "notable_quotes": rng.sample(QUOTES, 2),
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
    if not database.is_sqlite:
        # Ids were given explicitly; move the sequences past them for later inserts.
        async with database.engine.connect() as conn:
            for table in ("employees", "interviews", "reports"):
                await conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {interviews})")
                )
            await conn.commit()
    # What autovacuum does after a bulk load: statistics, and (PostgreSQL) the visibility
    # map that lets covering indexes answer without reading the table.
    async with database.engine.connect() as conn:
        if database.is_sqlite:
            await conn.execute(text("ANALYZE"))
            await conn.commit()
        else:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE"))


async def timed(
    label: str, work: Callable[[], Awaitable[object]], runs: int
) -> tuple[str, float, float]:
    await work()  # warm-up: connections, statement caches, page cache
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await work()
        samples.append((time.perf_counter() - started) * 1000)
    return label, statistics.median(samples), max(samples)


async def run_backend(url: str, name: str, interviews: int, runs: int) -> None:
    database = Database(url)
    await upgrade(database)
    started = time.perf_counter()
    await seed(database, interviews, random.Random(6))
    seeded = (await list_interviews(database, limit=1)).total
    everything = ReportFilter(NOW - HISTORY - timedelta(days=1), NOW + timedelta(days=1))
    with_reports = (await report_figures(database, everything)).matched
    print(
        f"\n{name}: seeded {seeded:,} interviews ({with_reports:,} reports) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    builder = DigestBuilder(database)
    digest = await builder.build(Period.ending(NOW, 7))
    results = [
        await timed("digest (7 days)", lambda: builder.build(Period.ending(NOW, 7)), runs),
        await timed("stats 30d", lambda: builder.build(Period.ending(NOW, 30)), runs),
        await timed("stats 90d", lambda: builder.build(Period.ending(NOW, 90)), runs),
        await timed("stats 365d", lambda: builder.build(Period.ending(NOW, 365)), runs),
        await timed("list (newest 20 + total)", lambda: list_interviews(database), runs * 3),
        await timed(
            "list completed",
            lambda: list_interviews(database, statuses=[InterviewStatus.COMPLETED]),
            runs * 3,
        ),
        await timed(
            "list in_progress",
            lambda: list_interviews(database, statuses=[InterviewStatus.IN_PROGRESS]),
            runs * 3,
        ),
        await timed(
            "list dept=sales", lambda: list_interviews(database, department="sales"), runs * 3
        ),
        await timed(
            "list since 30 days",
            lambda: list_interviews(database, since=NOW - timedelta(days=30)),
            runs * 3,
        ),
        await timed(
            "chart png (no database)", lambda: asyncio.to_thread(render_chart, digest, UTC), runs
        ),
    ]
    print(f"  digest of the last 7 days: {digest.completed} completed, {digest.in_progress} active")
    for label, median, worst in results:
        print(f"  {label:<28} median {median:8.1f} ms   worst {worst:8.1f} ms")
    await database.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--interviews", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    backends = args.db or ["postgresql", "sqlite"]
    for backend in ("postgresql", "sqlite"):
        if backend in backends:
            async with scratch_database(backend) as url:
                await run_backend(url, backend, args.interviews, args.runs)


if __name__ == "__main__":
    import logging

    logging.disable(logging.INFO)
    asyncio.run(main())
