"""SQLite: small indexed reads made on the event loop's own thread.

A read through SQLAlchemy's async engine and aiosqlite hops to aiosqlite's thread and back
for each step (``BEGIN``, the statement, the fetch, closing the cursor, ending the
transaction) — five wake-ups of the event loop, and under load five waits for the GIL behind
the turns the loop is running. For the read every turn makes — its conversation's flow
states, a primary-key look-up of one or two rows — that costs far more than the read itself
(tens of microseconds). :class:`InlineReader` makes such reads directly on a read-only
connection of its own: in WAL mode a reader never waits for the writer, and a bounded busy
timeout (a few milliseconds: the checkpointer's brief lock) caps how long it can hold the
loop. Any error — the file gone, locked past the timeout, a schema it does not know — is
:class:`InlineUnavailable`, and the caller reads the ordinary way, which reports it properly.

Only for reads whose statement is fixed and indexed, never for writes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from sqlalchemy.engine import make_url

__all__ = ["InlineReader", "InlineUnavailable", "PostgresQuickReader", "QuickReader",
           "inline_reader", "quick_reader"]

log = logging.getLogger(__name__)

BUSY_MS = 5
"""The longest the flow-state read may wait for a lock (and so hold the event loop); after it
the read is made the ordinary way."""

READ_BUSY_MS = 50
"""The longest any other read may wait for a lock, holding the event loop: a WAL reader waits
only in rare moments (recovering the WAL index after a crash), never behind a writer."""


class InlineUnavailable(Exception):
    """The inline read could not be made: read the ordinary way."""


class InlineReader:
    """A read-only SQLite connection used on the event loop's thread (see the module).

    Args:
        path: the database file (it exists: the migrations ran).
        on_read: called for each read made (the transactions metric counts it).
    """

    def __init__(self, path: str, *, on_read: Callable[[], None] | None = None) -> None:
        self.path = path
        self._on_read = on_read
        self._connection: sqlite3.Connection | None = None

    async def fetch(self, sql: str, parameters: Sequence[Any]) -> list[tuple[Any, ...]]:
        """:meth:`rows`, as :class:`QuickReader` asks (it finishes without waiting)."""
        return self.rows(sql, parameters)

    def rows(self, sql: str, parameters: Sequence[Any]) -> list[tuple[Any, ...]]:
        """The rows of one statement, read in its own implicit transaction.

        Raises:
            InlineUnavailable: the read could not be made here.
        """
        try:
            connection = self._connection or self._connect()
            if self._on_read is not None:
                self._on_read()
            return connection.execute(sql, tuple(parameters)).fetchall()
        except sqlite3.Error as exc:
            log.debug("inline read fell back: %s", exc)
            self.close()  # a fresh connection next time (the file may have been replaced)
            raise InlineUnavailable(str(exc)) from exc

    def _connect(self) -> sqlite3.Connection:
        self._connection = _open(self.path, busy_ms=BUSY_MS)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):  # closing a broken connection
                self._connection.close()
            self._connection = None


def _open(path: str, *, busy_ms: int, writer: bool = False) -> sqlite3.Connection:
    """A connection to ``path`` for use on the event loop's thread, waiting at most
    ``busy_ms`` for a lock. A reader's connection writes nothing (``query_only``; not
    ``mode=ro``: a read-only connection cannot rebuild the WAL index after another process has
    truncated the log, and then holds a lock that makes that process's next connection fail
    with "database is locked"); the writer's creates the file if it does not exist."""
    uri = f"file:{quote(str(Path(path).resolve()))}?mode={'rwc' if writer else 'rw'}"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        connection.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        if not writer:
            connection.execute("PRAGMA query_only=ON")
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def inline_reader(url: str, *, on_read: Callable[[], None] | None = None) -> InlineReader | None:
    """An :class:`InlineReader` for a SQLite file database; None for anything else."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if str(parsed.database).startswith("file:"):
        return None  # a URI database: its own options, read the ordinary way
    return InlineReader(str(parsed.database), on_read=on_read)


# --------------------------------------------------------------------------------------------
# The read engine's connections: aiosqlite's interface, run on the event loop's thread
# --------------------------------------------------------------------------------------------

class _Immediate:
    """aiosqlite's private queue, as SQLAlchemy's adapter uses it to set the isolation level:
    the function runs at once and its future is resolved."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def put_nowait(self, item: tuple[Any, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as exc:  # handed to the awaiting side
            future.set_exception(exc)
        else:
            future.set_result(result)


class InlineCursor:
    """An aiosqlite-style cursor whose coroutines finish without waiting."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Any) -> InlineCursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class InlineConnection:
    """What SQLAlchemy's aiosqlite dialect needs of an ``aiosqlite.Connection``, over a plain
    ``sqlite3`` connection used on the event loop's thread: every coroutine finishes without
    suspending, so a statement costs a greenlet switch, not a trip through the event loop's
    queue. For read-only connections only (see the module)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._tx = _Immediate(connection)

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kw: Any) -> None:
        self._conn.create_function(*args, **kw)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def inline_connector(path: str, busy_ms: int) -> Callable[[], Awaitable[InlineConnection]]:
    """An ``async_creator`` for ``create_async_engine``: read-only connections to ``path``,
    used on the event loop's thread, that wait at most ``busy_ms`` for a lock."""

    async def connect() -> InlineConnection:
        return InlineConnection(_open(path, busy_ms=busy_ms))

    return connect


class InlineWriteConnection(InlineConnection):
    """The writer's connection on the event loop's thread, but for the two steps that can
    wait: taking the write lock and the commit.

    Every transaction starts with ``BEGIN IMMEDIATE``. It is tried at once, without waiting; if
    another process (a command-line tool, a replica) holds the lock, it is tried again in a
    worker thread that waits up to the busy timeout while the loop goes on. Holding the lock,
    the statements cannot wait for anything (readers never block a WAL writer), so they and
    the commit (its fsync ≈ 0.3 ms here, BENCHMARKS.md; a trip to a worker thread waits behind
    every queued turn) run here: a transaction makes no trip through the event loop at all, where
    through aiosqlite it made four per statement and held the one writer connection across
    each (under load, check-ins queued for it for seconds and failed after its 5 s).
    """

    def __init__(self, connection: sqlite3.Connection, busy_ms: int) -> None:
        super().__init__(connection)
        self.busy_ms = busy_ms
        """how long a waiting BEGIN may wait in its thread (the connection's own: 0)"""

    def cursor(self) -> InlineCursor:
        return _WriteCursor(self._conn.cursor(), self)

    async def begin(self, cursor: sqlite3.Cursor, sql: str) -> None:
        try:
            cursor.execute(sql)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise

        def waiting() -> None:
            self._conn.execute(f"PRAGMA busy_timeout={int(self.busy_ms)}")
            try:
                cursor.execute(sql)
            finally:
                self._conn.execute("PRAGMA busy_timeout=0")

        # The wait runs in a worker thread on this very connection. Cancelled (a readiness
        # probe given up, a request gone), the caller must not get the connection back — to
        # roll back or close it — while the thread is still inside SQLite with it: that is
        # two threads in one sqlite3 connection, and the process died (SIGSEGV). The
        # cancellation waits for the thread (at most the busy timeout), then goes on.
        thread = asyncio.ensure_future(asyncio.to_thread(waiting))
        try:
            await asyncio.shield(thread)
        except asyncio.CancelledError:
            while not thread.done():
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait({thread})
            if not thread.cancelled() and thread.exception() is None:
                # the lock was taken after all: let it go, so no one inherits it
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
            raise



class _WriteCursor(InlineCursor):
    def __init__(self, cursor: sqlite3.Cursor, connection: InlineWriteConnection) -> None:
        super().__init__(cursor)
        self._owner = connection

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        head = sql.lstrip()[:24].upper()
        if head.startswith("BEGIN"):
            await self._owner.begin(self._cursor, sql)
        elif head.startswith("PRAGMA BUSY_TIMEOUT") and "=" in sql:
            self._owner.busy_ms = int(sql.split("=", 1)[1].strip())  # kept for waiting BEGINs
        elif head == "COMMIT":
            await self._owner.commit()  # as SQLAlchemy's commit() would
        else:
            self._cursor.execute(sql, parameters)
        return self


def inline_write_connector(path: str, busy_ms: int) -> Callable[[], Awaitable[InlineConnection]]:
    """An ``async_creator`` for the writer engine (see :class:`InlineWriteConnection`); the
    file is created if it does not exist."""
    async def connect() -> InlineConnection:
        return InlineWriteConnection(_open(path, busy_ms=0, writer=True), busy_ms)

    return connect


# --------------------------------------------------------------------------------------------
# PostgreSQL: the turn's one read in one round trip
# --------------------------------------------------------------------------------------------

class QuickReader(Protocol):
    """A reader for the turn's fixed, indexed read (``?`` placeholders)."""

    async def fetch(self, sql: str, parameters: Sequence[Any]) -> list[tuple[Any, ...]]: ...


class PostgresQuickReader:
    """PostgreSQL: the turn's flow-state read as one statement on a small asyncpg pool of its
    own — one round trip, where SQLAlchemy's session makes four or five (the connection's
    check-out and ``BEGIN``, the statement, the ``ROLLBACK``), each of which waits behind every
    turn in the event loop's queue under load. Any error is :class:`InlineUnavailable` (the
    caller reads the ordinary way).

    Args:
        dsn: the asyncpg address (``postgresql://user@host:port/db``).
        size: connections at most.
        timeout: seconds a read may take (and the connect).
        on_read: called for each read made (the transactions metric counts it).
    """

    def __init__(self, dsn: str, *, size: int = 4, timeout: float = 5.0,
                 on_read: Callable[[], None] | None = None) -> None:
        self.dsn = dsn
        self.size = size
        self.timeout = timeout
        self._on_read = on_read
        self._pool: Any = None
        self._lock = asyncio.Lock()

    async def fetch(self, sql: str, parameters: Sequence[Any]) -> list[tuple[Any, ...]]:
        import asyncpg  # type: ignore[import-untyped]  # the PostgreSQL driver, untyped

        numbered = _numbered(sql)
        try:
            pool = self._pool or await self._open()
            if self._on_read is not None:
                self._on_read()
            records = await pool.fetch(numbered, *parameters, timeout=self.timeout)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError) as exc:
            log.debug("quick read fell back: %r", exc)
            raise InlineUnavailable(str(exc)) from exc
        return [tuple(record) for record in records]

    async def _open(self) -> Any:
        import asyncpg

        async with self._lock:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    self.dsn, min_size=1, max_size=self.size, timeout=self.timeout,
                    command_timeout=self.timeout, reset=_nothing_to_reset,
                    server_settings={"default_transaction_read_only": "on"})
        return self._pool

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()


async def _nothing_to_reset(_connection: Any) -> None:
    """The quick reader's connections are read-only sessions that run single statements
    outside a transaction and set nothing (no settings, locks, listeners or cursors): there is
    nothing to reset when one goes back to the pool. asyncpg's default reset is a statement of
    its own — a second round trip for every read."""


def _numbered(sql: str) -> str:
    """``?`` placeholders as PostgreSQL's ``$1``, ``$2`` … (the statements have no literals)."""
    parts = sql.split("?")
    return "".join(part + (f"${n}" if n < len(parts) else "")
                   for n, part in enumerate(parts, start=1))


def quick_reader(url: str, *, size: int = 4, timeout: float = 5.0,
                 on_read: Callable[[], None] | None = None) -> QuickReader | None:
    """The quick reader for ``url``: SQLite's :class:`InlineReader` or
    :class:`PostgresQuickReader`; None for anything else."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() == "asyncpg":
        dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        return PostgresQuickReader(dsn, size=size, timeout=timeout, on_read=on_read)
    return inline_reader(url, on_read=on_read)
