"""The database handle: engine, sessions, transient-error retries and per-key turn locks."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import contextvars
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import structlog
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    stop_after_attempt,
)

from exitbot.core.retry import RetryPolicy
from exitbot.store.cipher import TextCipher

T = TypeVar("T")
_HOLDS_WRITE_GATE: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "exitbot_holds_write_gate", default=False
)
_READ_ONLY = "exitbot_read_only"
log = structlog.get_logger(__name__)

TRANSIENT_RETRY = RetryPolicy(initial_backoff=0.05, max_backoff=2.0, jitter=0.05)
"""How a short transaction is tried again after a dropped connection or a serialization
failure (``attempts`` says how often)."""

# SQLSTATEs worth retrying a short transaction for: serialization failure, deadlock,
# and the connection-exception class (08xxx), plus admin shutdown / cannot-connect-now.
_RETRYABLE_SQLSTATES = {"40001", "40P01", "57P01", "57P02", "57P03"}


def is_transient(exc: BaseException) -> bool:
    """True for errors that a fresh attempt of the same short transaction may not meet."""
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        orig = exc.orig
        sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        if sqlstate and (sqlstate in _RETRYABLE_SQLSTATES or str(sqlstate).startswith("08")):
            return True
        message = str(orig).lower()
        if "database is locked" in message or ("connection" in message and "closed" in message):
            return True
        return isinstance(exc, (OperationalError, InterfaceError)) and "connect" in message
    return isinstance(exc, (ConnectionError, OSError))


@dataclass(frozen=True, slots=True)
class PoolUsage:
    """The connection pool right now (for ``/metrics``)."""

    checked_out: int
    """Connections in use by a transaction or a read."""
    size: int
    """Connections the pool keeps open (overflow connections not counted)."""


class WriteGate:
    """One writer at a time, first come first served, except that urgent writers go before
    every ordinary one still waiting."""

    def __init__(self) -> None:
        self._held = False
        self._urgent: collections.deque[asyncio.Future[None]] = collections.deque()
        self._ordinary: collections.deque[asyncio.Future[None]] = collections.deque()

    @contextlib.asynccontextmanager
    async def held(self, urgent: bool = False) -> AsyncIterator[None]:
        if self._held:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            queue = self._urgent if urgent else self._ordinary
            queue.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._release()  # handed the gate just as it was cancelled: pass it on
                else:
                    queue.remove(waiter)
                raise
        else:
            self._held = True
        try:
            yield
        finally:
            self._release()

    def _release(self) -> None:
        """Hand the gate to the next waiter (it stays held), or open it."""
        for queue in (self._urgent, self._ordinary):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)
                    return
        self._held = False


class Database:
    """Owns the SQLAlchemy engine; ``transaction(fn)`` runs ``fn`` in one retried transaction."""

    def __init__(
        self,
        url: str,
        *,
        cipher: TextCipher | None = None,
        pool_size: int = 10,
        max_overflow: int = 20,
        echo: bool = False,
    ) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.cipher = cipher or TextCipher(None)
        self._write_gate = WriteGate() if self.is_sqlite else None
        self.engine: AsyncEngine = _create_engine(
            url, pool_size=pool_size, max_overflow=max_overflow, echo=echo
        )
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Reads need no transaction of their own: each statement runs on its own (no BEGIN
        # round trip, on SQLite no thread hop); a turn's write checks the interview's
        # version, so a read that straddles another turn's commit is caught there.
        read_options: dict[str, Any] = {_READ_ONLY: True}
        if not self.is_sqlite:
            read_options["isolation_level"] = "AUTOCOMMIT"
        self._read_sessions = async_sessionmaker(
            self.engine.execution_options(**read_options), expire_on_commit=False
        )

    async def transaction(
        self,
        work: Callable[[AsyncSession], Awaitable[T]],
        *,
        attempts: int = 5,
        urgent: bool = False,
    ) -> T:
        """Run ``work`` in a transaction, committing at the end; retry on transient errors.

        ``urgent``: someone is waiting on this write right now (a platform's ack); on SQLite,
        where writes take turns, it goes before the background writes already waiting."""
        async for attempt in self._retrying(attempts):
            with attempt:
                async with self._writer(urgent), self.sessions() as session, session.begin():
                    return await work(session)
        raise AssertionError("unreachable")  # pragma: no cover

    async def read(self, work: Callable[[AsyncSession], Awaitable[T]], *, attempts: int = 5) -> T:
        """Run ``work`` in a read-only session; retried on transient errors like
        ``transaction``. On SQLite it takes no write lock."""
        async for attempt in self._retrying(attempts):
            with attempt:
                async with self._read_sessions() as session:
                    return await work(session)
        raise AssertionError("unreachable")  # pragma: no cover

    def _retrying(self, attempts: int) -> AsyncRetrying:
        return AsyncRetrying(
            retry=retry_if_exception(is_transient),
            stop=stop_after_attempt(attempts),
            wait=lambda state: TRANSIENT_RETRY.backoff(state.attempt_number),
            reraise=True,
            before_sleep=lambda state: log.warning(
                "db_retry",
                attempt=state.attempt_number,
                error=str(state.outcome.exception()) if state.outcome else None,
            ),
        )

    @contextlib.asynccontextmanager
    async def _writer(self, urgent: bool = False) -> AsyncIterator[None]:
        """On SQLite, one writing transaction at a time in this process, in FIFO order.

        SQLite allows one writer anyway; queueing here instead of in SQLite's busy handler
        (which sleeps up to 100 ms between tries) keeps the waits as short as the work.
        Re-entrant within a task, so a transaction started inside another does not wait for
        itself."""
        if self._write_gate is None or _HOLDS_WRITE_GATE.get():
            yield
            return
        async with self._write_gate.held(urgent):
            token = _HOLDS_WRITE_GATE.set(True)
            try:
                yield
            finally:
                _HOLDS_WRITE_GATE.reset(token)

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session for reads only; no retry. On SQLite it takes no write lock, so a long
        report query does not hold up turns (use ``transaction`` to write)."""
        async with self._read_sessions() as session:
            yield session

    async def ping(self) -> bool:
        """True when the database answers a trivial query."""
        from sqlalchemy import text

        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def pool_usage(self) -> PoolUsage | None:
        """How many pooled connections are in use; None for a pool that does not count."""
        pool = self.engine.pool
        checked_out = getattr(pool, "checkedout", None)
        size = getattr(pool, "size", None)
        if not callable(checked_out):
            return None
        return PoolUsage(int(checked_out()), int(size()) if callable(size) else 0)

    async def after_erasure(self) -> None:
        """Make erased text unrecoverable from SQLite's write-ahead log as well."""
        if self.is_sqlite:
            async with self.engine.connect() as conn:
                raw = await conn.get_raw_connection()
                # Outside any transaction: a checkpoint cannot run inside BEGIN IMMEDIATE.
                driver = raw.driver_connection
                assert driver is not None
                cursor = await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                await cursor.close()

    async def dispose(self) -> None:
        await self.engine.dispose()


def _create_engine(url: str, *, pool_size: int, max_overflow: int, echo: bool) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})
        _configure_sqlite(engine)
        return engine
    return create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=max_overflow,
        # No ping before each use (a round trip per transaction): a connection that died
        # in the pool fails its first statement, and the transaction is retried.
        pool_pre_ping=False,
        pool_recycle=1800,
        pool_timeout=30,
        # JIT compilation pays off for long analytic queries; ours are short, and compiling
        # one (a text search's count) took longer than running it.
        connect_args={
            "command_timeout": 30,
            "server_settings": {"application_name": "exitbot", "jit": "off"},
        },
    )


def _configure_sqlite(engine: AsyncEngine) -> None:
    """WAL for concurrent readers, secure_delete so erased text is overwritten, and
    BEGIN IMMEDIATE so a turn takes the write lock up front (SQLite's per-interview lock).
    Reads begin no transaction, as on PostgreSQL: each statement sees the latest commit."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=NORMAL",
            "PRAGMA secure_delete=ON",
            "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=30000",
        ):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        if not conn.get_execution_options().get(_READ_ONLY, False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
