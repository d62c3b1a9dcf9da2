"""Engine benchmark: simulated employees driven concurrently through the engine.

ExitBot as ``bootstrap`` builds it (no chat platform: the replies stay in the outbox).
Two measurements per database, with the scripted interviewer:
- throughput: N employees answer back to back (closed loop); turns per second.
- latency: N concurrent interviews with think time between answers at a fixed offered rate;
  p50/p99 engine time per turn (what one employee waits for), not queueing in the load generator.
Peak memory is the process's maximum resident set size.

    python bench/engine.py                      # both databases, 200 interviews
    python bench/engine.py --db sqlite --interviews 50
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import secrets
import statistics
import time
from dataclasses import dataclass

from scratch_databases import scratch_database  # type: ignore[import-not-found]

from exitbot.bootstrap import ExitBot, bootstrap
from exitbot.config import load_settings
from exitbot.core.messages import IncomingMessage, Platform, UserRef
from exitbot.core.statuses import InterviewStatus
from exitbot.engine import InterviewService

ANSWERS = [
    "yes",
    "The pay was well below market and there was no path to promotion for me.",
    "The role was mostly what I expected, though with more support work than planned.",
    "My manager was kind but rarely had time for one-to-ones or real feedback.",
    "The team was great, people helped each other and the culture was friendly.",
    "I learned a lot in the first year, then growth stalled completely for me.",
    "Salary was below what similar companies pay and benefits were average.",
    "Workload was heavy near releases and the tooling was slow and outdated.",
    "A clear promotion path and a fair raise would have kept me here.",
    "I would say 7 out of 10, and yes I would come back one day.",
    "Thanks for asking, I hope this feedback helps the team improve things.",
    "yes",
]


@dataclass
class Result:
    label: str
    turns: int
    seconds: float
    latencies_ms: list[float]

    def line(self) -> str:
        lat = sorted(self.latencies_ms)
        p50 = statistics.median(lat)
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        return (
            f"{self.label:<34} turns={self.turns:>6}  {self.turns / self.seconds:8.1f} turns/s  "
            f"p50={p50:6.2f} ms  p99={p99:7.2f} ms"
        )


async def employee_run(
    engine: InterviewService, index: int, latencies: list[float], think: float, run_id: str
) -> int:
    user = UserRef(Platform.SLACK, f"B{run_id}{index}", display_name=f"Bench {index}")
    turns = 0
    if think:
        # People do not all open their DM in the same millisecond: spread the arrivals.
        await asyncio.sleep(random.uniform(0, think))
    await engine.handle(IncomingMessage(user, "hi", f"{run_id}-{index}-hi"))
    for number, text in enumerate(ANSWERS):
        if think:
            await asyncio.sleep(random.expovariate(1 / think))
        started = time.perf_counter()
        outcome = await engine.handle(IncomingMessage(user, text, f"{run_id}-{index}-{number}"))
        latencies.append((time.perf_counter() - started) * 1000)
        if outcome.duplicate or not outcome.replies:
            raise RuntimeError(f"turn {number} of employee {index} did nothing: {outcome}")
        turns += 1
    if outcome.status is not InterviewStatus.COMPLETED:
        raise RuntimeError(f"employee {index} ended in {outcome.status}")
    return turns


async def measure(bot: ExitBot, label: str, interviews: int, think: float) -> Result:
    engine = bot.interviews
    latencies: list[float] = []
    run_id = secrets.token_hex(3)
    started = time.perf_counter()
    turns = await asyncio.gather(
        *(employee_run(engine, i, latencies, think, run_id) for i in range(interviews))
    )
    return Result(label, sum(turns), time.perf_counter() - started, latencies)


async def run_backend(url: str, name: str, interviews: int, think: float) -> None:
    if not url.startswith("sqlite"):
        from exitbot.store import Database
        from exitbot.store.migrate import upgrade

        database = Database(url)
        await upgrade(database)
        await database.dispose()
    # Every simulated message is its own answer: the employees answer without pause.
    settings = load_settings(database_url=url, llm_providers="", answer_join_seconds=0)
    bot = await bootstrap(settings, plugins=[])
    try:
        await measure(bot, f"{name} warm-up", 10, 0)
        throughput = await measure(bot, f"{name} throughput (closed loop)", interviews, 0)
        print(throughput.line(), flush=True)
        latency = await measure(bot, f"{name} latency (think {think:.2f}s)", interviews, think)
        print(latency.line(), flush=True)
    finally:
        await bot.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--interviews", type=int, default=200)
    parser.add_argument(
        "--think", type=float, default=4.0, help="mean seconds between an employee's answers"
    )
    args = parser.parse_args()
    backends = args.db or ["sqlite", "postgresql"]
    print(
        f"{args.interviews} concurrent interviews, {len(ANSWERS)} turns each, scripted interviewer"
    )
    for backend in ("sqlite", "postgresql"):
        if backend in backends:
            async with scratch_database(backend) as url:
                await run_backend(url, backend, args.interviews, args.think)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak_mb:.0f} MiB")


if __name__ == "__main__":
    import logging

    from exitbot.logs import configure_logging

    configure_logging("console", "WARNING")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    asyncio.run(main())
