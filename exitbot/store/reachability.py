"""Whether the database can be reached, and if not, why, in one line naming DATABASE_URL:
nothing listening, an unknown host, a missing database, a refused password, an SQLite file
that cannot be opened. ``serve`` waits for the database with backoff; other commands ask once.
"""

from __future__ import annotations

import asyncio
import socket
import time

import structlog
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from exitbot.store.database import Database

log = structlog.get_logger(__name__)

CONNECT_SECONDS = 10.0
_BACKOFF_CAP = 5.0


class DatabaseUnavailable(Exception):
    """The database cannot be used; the message is one line naming DATABASE_URL."""


def where(url: str) -> str:
    """The database's address without credentials: ``postgresql://db:5432/exitbot``."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite:///{parsed.database or ':memory:'}"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.get_backend_name()}://{parsed.host or 'localhost'}{port}/{parsed.database}"


def explain(error: BaseException, url: str) -> str:
    """Why connecting failed, as one line; never the password, never a traceback."""
    parsed = make_url(url)
    cause = _root(error)
    name = type(cause).__name__
    sqlstate = str(getattr(cause, "sqlstate", "") or "")
    message = str(cause).strip().splitlines()[0] if str(cause).strip() else name
    address = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    if parsed.get_backend_name() == "sqlite":
        return (
            f"DATABASE_URL: cannot open the SQLite database {parsed.database!r} ({message}); "
            "check that its folder exists and is writable"
        )
    if sqlstate == "3D000" or name == "InvalidCatalogNameError":
        return (
            f"DATABASE_URL: database {parsed.database!r} does not exist on {address}; "
            f"create it (createdb {parsed.database}) or fix the name"
        )
    if sqlstate in {"28000", "28P01"}:
        return (
            f"DATABASE_URL: {address} refused user {parsed.username!r} "
            "(wrong password or no access)"
        )
    if isinstance(cause, socket.gaierror):
        return f"DATABASE_URL: host {parsed.host!r} not found"
    if isinstance(cause, ConnectionRefusedError) or "refused" in message.lower():
        return f"DATABASE_URL: nothing answers at {address} (connection refused)"
    if isinstance(cause, TimeoutError | asyncio.TimeoutError):
        return f"DATABASE_URL: no answer from {address} within {CONNECT_SECONDS:.0f} s"
    return f"DATABASE_URL: cannot connect to {where(url)} ({name}: {message})"


def _root(error: BaseException) -> BaseException:
    """The driver's own exception under SQLAlchemy's and its adapter's wrappers."""
    cause: BaseException = error.orig if isinstance(error, DBAPIError) and error.orig else error
    while cause.__cause__ is not None and not getattr(cause, "sqlstate", None):
        cause = cause.__cause__
    return cause


async def check(database: Database) -> None:
    """One attempt; DatabaseUnavailable with the reason when it fails."""
    try:
        async with asyncio.timeout(CONNECT_SECONDS):
            async with database.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except Exception as error:
        raise DatabaseUnavailable(explain(error, database.url)) from None


async def wait_until_reachable(database: Database, *, within: float) -> None:
    """Try until the database answers or ``within`` seconds have passed (backoff doubling
    from half a second, at most five), logging each wait; then DatabaseUnavailable."""
    deadline = time.monotonic() + within
    delay = 0.5
    while True:
        try:
            await check(database)
            return
        except DatabaseUnavailable as problem:
            left = deadline - time.monotonic()
            if left <= 0:
                raise
            pause = min(delay, left)
            log.warning("database_waiting", reason=str(problem), retry_in=round(pause, 1))
            await asyncio.sleep(pause)
            delay = min(delay * 2, _BACKOFF_CAP)
