"""Running the ``exitbot`` command as a user does: a child process on its own database file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

EXITBOT = [sys.executable, "-c", "from exitbot.cli import main; main()"]


def run(args: list[str], env: dict[str, str], stdin: str = "", timeout: int = 60):
    return subprocess.run(
        [*EXITBOT, *args], input=stdin, capture_output=True, text=True, env=env, timeout=timeout
    )


def db_rows(env: dict[str, str], sql: str) -> list[tuple]:
    path = env["DATABASE_URL"].removeprefix("sqlite+aiosqlite:///")
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()
