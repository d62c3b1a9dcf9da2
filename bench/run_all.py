"""Run every benchmark in bench/ at a small and a large size and write one Markdown table.

    python bench/run_all.py                 # small and large sizes (half an hour or so)
    python bench/run_all.py --quick         # small sizes only (about three minutes)
    python bench/run_all.py --only digest --only engine

Each benchmark runs in its own interpreter, once per database where it takes one (SQLite,
and PostgreSQL when a server answers at EXITBOT_TEST_POSTGRES_URL, by default
127.0.0.1:5432; each run makes and drops its own scratch database). The table goes to stdout
and to bench/results.md: one row per figure a benchmark printed, plus its wall time.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results.md"
HELPERS = frozenset({"run_all", "scratch_databases"})
"""Files in bench/ that are not benchmarks."""
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
_LOG_LINE = re.compile(
    r"^(\{\"|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}\S*\s+\[\s*(debug|info|warning|error|critical))"
)
_GAP = re.compile(r"\s{2,}")
_NUMBER = re.compile(r"^[+-]?[\d.,/]*\d[\d.,/]*(ms|s|%|x)?\)?,?$")


@dataclass(frozen=True, slots=True)
class Benchmark:
    """One script in bench/ and the arguments of its two sizes."""

    name: str
    small: tuple[str, ...]
    large: tuple[str, ...]
    databases: tuple[str, ...] = ()
    """``--db`` choices it takes, one run each; empty: it uses no database (or its own)."""
    postgres_only: bool = False
    """It takes no ``--db``: it runs on PostgreSQL, named by ``DATABASE_URL``."""

    @property
    def script(self) -> Path:
        return BENCH / f"{self.name}.py"


BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark(
        "api",
        small=(
            "--interviews",
            "2000",
            "--transcripts",
            "20",
            "--requests",
            "50",
            "--stats-requests",
            "10",
        ),
        large=("--interviews", "100000", "--transcripts", "300", "--requests", "300"),
        postgres_only=True,
    ),
    Benchmark(
        "dashboard",
        small=("--interviews", "2000", "--runs", "3"),
        large=("--interviews", "100000", "--runs", "5"),
        postgres_only=True,
    ),
    Benchmark(
        "digest",
        small=("--interviews", "2000", "--runs", "3"),
        large=("--interviews", "100000", "--runs", "7"),
        databases=("sqlite", "postgresql"),
    ),
    Benchmark(
        "engine",
        small=("--interviews", "10", "--think", "0.25"),
        large=("--interviews", "200", "--think", "4"),
        databases=("sqlite", "postgresql"),
    ),
    Benchmark(
        "slack_ack",
        small=("--events", "100", "--concurrency", "10", "--think", "0.1"),
        large=("--events", "2000", "--concurrency", "50", "--think", "1"),
        databases=("sqlite", "postgresql"),
    ),
    Benchmark("llm_overhead", small=("--calls", "100"), large=("--calls", "2000")),
    Benchmark("language", small=("--repeat", "2"), large=("--repeat", "20")),
)

SIZES = ("small", "large")
TIMEOUT_SECONDS = {"small": 300, "large": 3600}


@dataclass(frozen=True, slots=True)
class Run:
    benchmark: Benchmark
    size: str
    database: str | None

    @property
    def arguments(self) -> tuple[str, ...]:
        sized = self.benchmark.small if self.size == "small" else self.benchmark.large
        if self.database in self.benchmark.databases:
            return (*sized, "--db", self.database)
        return sized


@dataclass(frozen=True, slots=True)
class Row:
    benchmark: str
    size: str
    database: str
    figure: str
    value: str


def postgres_reachable(url: str) -> bool:
    """A TCP connection to the server's port succeeds (the benchmark itself logs in)."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), 2):
            return True
    except OSError:
        return False


def plan(
    benchmarks: Iterable[Benchmark], sizes: Sequence[str], postgres: bool
) -> tuple[list[Run], list[Row]]:
    """The runs to make, and a row for each one left out because PostgreSQL is not there."""
    runs: list[Run] = []
    skipped: list[Row] = []
    for size in sizes:
        for benchmark in benchmarks:
            choices = ("postgresql",) if benchmark.postgres_only else benchmark.databases
            for database in choices or (None,):
                if database == "postgresql" and not postgres:
                    skipped.append(
                        Row(benchmark.name, size, database, "skipped", "no PostgreSQL server")
                    )
                    continue
                runs.append(Run(benchmark, size, database))
    return runs, skipped


def figures(output: str) -> list[tuple[str, str]]:
    """(figure, value) pairs from a benchmark's printed lines.

    The benchmarks print for people, in three shapes: ``label: value``, ``label   value``
    (aligned columns) and rows under a header line of column names; log lines are dropped."""
    pairs: list[tuple[str, str]] = []
    header: list[str] | None = None
    in_table = in_detail = False
    for raw in output.splitlines():
        text = raw.strip()
        if not text:
            header, in_table, in_detail = None, False, False
            continue
        if in_detail or _LOG_LINE.match(text):
            continue
        if text.endswith(":"):
            # "…: slowest of 3 statements (4.8 ms):" opens a block of detail (SQL, a query
            # plan) running to the next blank line: the line is a figure, the block is not.
            pairs.append((text.rstrip(":"), ""))
            in_detail = True
            continue
        cells = _GAP.split(text)
        if len(cells) >= 3 and not any(_NUMBER.match(t) for t in text.split()):
            in_table = True
            if raw.startswith(" "):  # names over aligned columns: pair them with each row
                header = cells
            else:  # a header that names its columns loosely: keep it as a row of its own
                header = None
                pairs.append(("(columns)", " / ".join(cells)))
            continue
        if header is not None and len(cells) == len(header) + 1:
            value = ", ".join(f"{h} {v}" for h, v in zip(header, cells[1:], strict=True))
            pairs.append((cells[0], value))
            continue
        label, sep, rest = text.partition(": ")
        if sep and len(label) <= 60 and not (in_table and len(cells) > 2):
            pairs.append((label, " ".join(rest.split())))
            continue
        label, *rest_cells = cells
        if label.endswith("="):  # "… (closed loop) turns=   240": the gap came after the key
            label, _, key = label.rpartition(" ")
            rest_cells = [key, *rest_cells]
        pairs.append((label, " ".join(" ".join(rest_cells).split())))
    return pairs


def execute(run: Run, env: dict[str, str]) -> list[Row]:
    """Run one benchmark process and turn what it printed into rows."""
    command = [sys.executable, str(run.benchmark.script), *run.arguments]
    database = run.database or "-"
    if run.benchmark.postgres_only:
        # The server the other benchmarks use; the benchmark makes and drops this database.
        server = env["EXITBOT_TEST_POSTGRES_URL"].rsplit("/", 1)[0]
        asyncpg_server = server.replace("postgresql://", "postgresql+asyncpg://", 1)
        env = {**env, "DATABASE_URL": f"{asyncpg_server}/exitbot_bench_{run.benchmark.name}"}
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS[run.size],
            check=False,
        )
    except subprocess.TimeoutExpired:
        waited = f"timed out after {time.monotonic() - started:.0f} s"
        return [Row(run.benchmark.name, run.size, database, "failed", waited)]
    seconds = time.monotonic() - started
    rows = [
        Row(run.benchmark.name, run.size, database, figure, value)
        for figure, value in figures(done.stdout)
    ]
    rows.append(Row(run.benchmark.name, run.size, database, "wall time", f"{seconds:.1f} s"))
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        rows.append(
            Row(run.benchmark.name, run.size, database, "failed", f"exit {done.returncode}: {last}")
        )
    return rows


def markdown(rows: Iterable[Row]) -> str:
    lines = [
        "| benchmark | size | database | figure | value |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        cells = (row.benchmark, row.size, row.database, row.figure, row.value)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def document(table: str, arguments: Sequence[str], seconds: float, load: float) -> str:
    """bench/results.md: the table and where it was measured (a busy machine inflates every
    latency, so the load it started under is part of the result)."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    command = " ".join(["python bench/run_all.py", *arguments])
    return (
        "# Benchmark results\n\n"
        f"`{command}` on {when} ({machine}, load average {load:.1f} at the start), "
        f"{seconds / 60:.1f} minutes in all. Sizes and what each figure means: "
        "bench/README.md.\n\n"
        f"{table}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument(
        "--only",
        action="append",
        choices=[b.name for b in BENCHMARKS],
        help="run only this benchmark (repeatable)",
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS, help="where to write the table (bench/results.md)"
    )
    args = parser.parse_args(argv)
    benchmarks = [b for b in BENCHMARKS if not args.only or b.name in args.only]
    sizes = ("small",) if args.quick else SIZES
    env = dict(os.environ)
    env.setdefault("EXITBOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))

    runs, rows = plan(benchmarks, sizes, postgres_reachable(env["EXITBOT_TEST_POSTGRES_URL"]))
    load = os.getloadavg()[0]
    started = time.monotonic()
    for run in runs:
        label = f"{run.benchmark.name} ({run.size}{', ' + run.database if run.database else ''})"
        print(f"running {label} …", file=sys.stderr, flush=True)
        rows.extend(execute(run, env))
    order = {(b.name, s): i for i, (s, b) in enumerate((s, b) for s in SIZES for b in BENCHMARKS)}
    rows.sort(key=lambda r: order[(r.benchmark, r.size)])
    table = markdown(rows)
    sys.stdout.write(table)
    used = sys.argv[1:] if argv is None else argv
    results = document(table, used, time.monotonic() - started, load)
    args.output.write_text(results, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 1 if any(r.figure == "failed" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
