"""Engine and session factory; migrations applied with Alembic.

A SQLite file gets its folder created, WAL journaling and foreign keys; PostgreSQL is used as
given. ``upgrade`` runs Alembic's migrations to the newest revision in a worker thread.

Time limits (:class:`Timeouts`, from the settings): the service's engine never waits long —
SQLite's busy timeout and PostgreSQL's ``statement_timeout`` and ``lock_timeout`` are bounded,
and so is the wait for a pooled connection — so a lock held elsewhere fails a save in seconds
("Ikke gemt") instead of holding a turn. :func:`problem_of` names what an error means
(read-only, disk full, locked, unreachable …) and :func:`check_writable` proves the database
takes a write (``/readyz``).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from strategibot.errors import StorageError
from strategibot.store.inline import READ_BUSY_MS, inline_connector, inline_write_connector

log = logging.getLogger(__name__)

__all__ = [
    "Timeouts",
    "check_writable",
    "create_engine",
    "current_revision",
    "head_revision",
    "known_revisions",
    "problem_of",
    "session_scope",
    "sessionmaker",
    "storage_errors",
    "upgrade",
    "upsert_into",
]


@dataclass(frozen=True, slots=True)
class Timeouts:
    """How long the service's engine waits, in seconds.

    Attributes:
        statement: PostgreSQL ``statement_timeout`` (and the client's own limit a little
            after it, for a server that stopped answering).
        lock: PostgreSQL ``lock_timeout``.
        busy: SQLite ``busy_timeout``: waiting for another process's write lock.
        connect: connecting, and waiting for a pooled connection.
    """

    statement: float = 5.0
    lock: float = 3.0
    busy: float = 5.0
    connect: float = 5.0
    pool: int = 10
    """PostgreSQL: connections kept open (and as many more under a burst)."""

    @classmethod
    def from_settings(cls, settings: Any) -> Timeouts:
        return cls(statement=settings.db_statement_timeout_seconds,
                   lock=settings.db_lock_timeout_seconds,
                   busy=settings.sqlite_busy_timeout_seconds,
                   connect=max(settings.db_statement_timeout_seconds,
                               settings.sqlite_busy_timeout_seconds),
                   pool=settings.db_pool_size)


_TOOLS = Timeouts(statement=0, lock=0, busy=15.0, connect=30.0)
"""The command line and migrations: no statement limit; wait up to 15 s for a running bot."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, busy_ms: int = 15000) -> None:
    # the driver's own implicit BEGIN is turned off: _sqlite_begin starts every transaction
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    cursor.execute("PRAGMA journal_mode")
    if str(cursor.fetchone()[0]).lower() != "wal":
        # switching needs the database to itself (migrations do it first, once for good);
        # if another connection holds it, that one is switching it
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except Exception as exc:  # sqlite3.OperationalError: database is locked
            log.info("journal mode left to another connection", extra={"error": str(exc)})
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """BEGIN IMMEDIATE: take the write lock at the start, waiting (busy_timeout) for another
    process's writer, instead of failing at once with "database is locked" when a deferred
    transaction that has read tries to write (the CLI beside a running bot, two engines)."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(url: str, timeouts: Timeouts | None = None) -> AsyncEngine:
    """An async engine for ``url``; a SQLite file's folder is created if missing.

    Args:
        timeouts: the service's limits (:meth:`Timeouts.from_settings`); None for the command
            line and migrations, which may run long statements.
    """
    parsed = make_url(url)
    limits = timeouts or _TOOLS
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            _sqlite_folder(database)
        # One connection: SQLite has one writer at a time, and a deferred transaction that
        # turns into a write while another writes fails at once ("database is locked")
        # instead of waiting. Serialising in the pool makes concurrent turns wait their turn.
        kwargs.update(pool_size=1, max_overflow=0, pool_timeout=limits.connect)
        busy_ms = int(limits.busy * 1000)
        if database and database != ":memory:" and not database.startswith("file:"):
            # on the event loop's thread but for the waits (store/inline.py)
            kwargs["async_creator"] = inline_write_connector(database, busy_ms)
        engine = create_async_engine(url, **kwargs)

        def pragmas(dbapi_connection: Any, record: Any) -> None:
            _sqlite_pragmas(dbapi_connection, record, busy_ms)

        event.listen(engine.sync_engine, "connect", pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    kwargs.update(pool_pre_ping=True, pool_size=limits.pool, max_overflow=limits.pool,
                  pool_timeout=limits.connect)
    connect_args: dict[str, Any] = {"timeout": limits.connect}
    if limits.statement:
        connect_args["server_settings"] = {
            "statement_timeout": str(int(limits.statement * 1000)),
            "lock_timeout": str(int(limits.lock * 1000)),
            "idle_in_transaction_session_timeout": str(int(max(60.0, limits.statement) * 1000)),
        }
        connect_args["command_timeout"] = limits.statement + 2.0
    return create_async_engine(url, connect_args=connect_args, **kwargs)


SQLITE_READERS = 4
"""Read-only connections beside the writer (as many more under a burst): reads never wait
behind a write (WAL)."""


def create_read_engine(url: str, timeouts: Timeouts | None = None) -> AsyncEngine | None:
    """SQLite: an engine of :data:`SQLITE_READERS` read-only connections for the turn's
    reads — in WAL mode they read the last commit while the single writer writes, instead of
    queueing behind it. None for PostgreSQL (its pool serves reads and writes alike).

    The reads are made on the event loop's own thread (:func:`.inline.inline_connector`):
    through aiosqlite each step of a read (``BEGIN``, the statement, the fetch, the end) went
    to aiosqlite's thread and back through the event loop's queue, and under load every such
    trip waited for every turn ahead of it — a read-heavy turn (a question about progress)
    took seconds while the loop was busy. A read costs the same CPU either way."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    limits = timeouts or _TOOLS
    busy_ms = min(int(limits.busy * 1000), READ_BUSY_MS)
    engine = create_async_engine(url, pool_size=SQLITE_READERS, max_overflow=SQLITE_READERS,
                                 pool_timeout=limits.connect,
                                 async_creator=inline_connector(str(parsed.database), busy_ms))

    def begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    event.listen(engine.sync_engine, "begin", begin)  # busy timeout, query_only: the connector
    return engine


def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def storage_errors() -> AsyncIterator[None]:
    """Translate SQLAlchemy's errors into :class:`StorageError` (with what went wrong, when
    it is known: read-only, disk full, locked, timeout, unreachable …)."""
    try:
        yield
    except SQLAlchemyError as exc:
        problem = problem_of(exc)
        detail = f" ({problem})" if problem != "error" else ""
        raise StorageError(f"database error: {type(exc).__name__}{detail}") from exc
    except BrokenPipeError:  # our own output was closed (`… | head`): not the database's
        raise
    except (OSError, TimeoutError) as exc:  # the server cannot be reached at all
        raise StorageError(f"database error: unreachable ({exc})") from exc


_SQLITE_PROBLEMS = {
    "SQLITE_READONLY": "read-only", "SQLITE_FULL": "disk full", "SQLITE_BUSY": "locked",
    "SQLITE_LOCKED": "locked", "SQLITE_CANTOPEN": "cannot open the file",
    "SQLITE_IOERR": "I/O error", "SQLITE_CORRUPT": "damaged", "SQLITE_NOTADB": "damaged",
    "SQLITE_PERM": "read-only",
}
_POSTGRES_PROBLEMS = {
    "25006": "read-only", "53100": "disk full", "53200": "out of memory",
    "53300": "too many connections", "57014": "timeout", "55P03": "locked",
    "40P01": "deadlock", "3D000": "no such database", "42P01": "not migrated",
    "57P01": "unreachable", "57P02": "unreachable", "57P03": "unreachable",
}


def problem_of(error: BaseException) -> str:
    """What a database error means, in a word or two: ``read-only``, ``disk full``,
    ``locked``, ``timeout``, ``unreachable``, ``I/O error`` … or ``error``."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.Error):
            name = str(getattr(current, "sqlite_errorname", "") or "")
            for prefix, problem in _SQLITE_PROBLEMS.items():
                if name.startswith(prefix):
                    return problem
        state = getattr(current, "sqlstate", None) or getattr(current, "pgcode", None)
        if isinstance(state, str) and state:
            if state in _POSTGRES_PROBLEMS:
                return _POSTGRES_PROBLEMS[state]
            if state.startswith("08"):
                return "unreachable"
            if state.startswith("28"):
                return "login refused"
        if isinstance(current, TimeoutError):
            return "timeout"
        if isinstance(current, ConnectionError | OSError) and not isinstance(current,
                                                                            sqlite3.Error):
            return "unreachable"
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else (
            current.__cause__ or current.__context__)
    return "error"


async def check_writable(engine: AsyncEngine, *, within: float = 5.0) -> str | None:
    """None when the database takes a write (one row in ``readiness``, committed); else what
    is wrong (:func:`problem_of`). Answers within ``within`` seconds: a probe still waiting
    then (a network that swallows packets) is cancelled and left to clean up on its own."""
    probe = asyncio.create_task(_write_probe(engine), name="readiness-probe")
    done, _ = await asyncio.wait({probe}, timeout=within)
    if not done:
        probe.cancel()
        _STRAGGLERS.add(probe)
        probe.add_done_callback(_forget)
        # (a SQLite file that takes no write in time is held by another process's lock: its
        # probe waits for nothing else; a server's may be a network that swallows packets)
        return "locked" if engine.dialect.name == "sqlite" else "timeout"
    error = probe.exception()
    return None if error is None else problem_of(error)


_STRAGGLERS: set[asyncio.Task[None]] = set()


def _forget(task: asyncio.Task[None]) -> None:
    _STRAGGLERS.discard(task)
    if not task.cancelled():
        task.exception()  # retrieved: a late failure is the one already reported


async def _write_probe(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        done = await connection.execute(
            text("UPDATE readiness SET checked_at = CURRENT_TIMESTAMP WHERE id = 1"))
        if getattr(done, "rowcount", 0) != 1:
            await connection.execute(text(
                "INSERT INTO readiness (id, checked_at) VALUES (1, CURRENT_TIMESTAMP)"))


@asynccontextmanager
async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session in a transaction that commits on success; errors become StorageError."""
    async with storage_errors(), factory() as session, session.begin():
        yield session


def upsert_into(session: AsyncSession, table: Any) -> Any:
    """``INSERT … ON CONFLICT`` for ``table`` in the session's dialect (SQLite and PostgreSQL
    spell it alike; SQLAlchemy keeps it per dialect)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert
        return postgresql_insert(table)
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        return sqlite_insert(table)
    raise StorageError(f"the store needs SQLite or PostgreSQL, not {dialect}")


def _alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _sqlite_folder(database: str) -> None:
    """The folder of a SQLite file: made for a relative path (``var/`` of ``make run``); an
    absolute path must name a folder that exists — a mistyped mount would otherwise quietly
    run on a new, empty database."""
    path = Path(database).expanduser()
    if path.is_absolute():
        if not path.parent.is_dir():
            raise StorageError(f"the folder {path.parent} of the SQLite database does not "
                               "exist: create it, or check DATABASE_URL")
        return
    path.resolve().parent.mkdir(parents=True, exist_ok=True)


def _upgrade_sync(url: str, revision: str) -> None:
    from alembic import command

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        _sqlite_folder(str(parsed.database))
    command.upgrade(_alembic_config(url), revision)


async def upgrade(url: str, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` (default the newest)."""
    from alembic.util.exc import CommandError

    try:
        await asyncio.to_thread(_upgrade_sync, url, revision)
    except SQLAlchemyError as exc:
        raise StorageError(f"migration failed: {type(exc).__name__}: {exc}") from exc
    except (OSError, TimeoutError) as exc:
        raise StorageError(f"database error: unreachable ({exc})") from exc
    except CommandError as exc:  # a revision this code does not know: a newer version's
        raise StorageError(f"the database's schema is newer than this version of "
                           f"strategibot knows (newest: {head_revision()}): {exc}") from exc


def head_revision() -> str:
    """The newest migration's revision id."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def known_revisions() -> list[tuple[str, str]]:
    """Every migration this code knows, oldest first: (revision, its first docstring line)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config("sqlite://"))
    found = [(str(r.revision), (r.doc or "").strip().splitlines()[0] if r.doc else "")
             for r in script.walk_revisions()]
    return list(reversed(found))


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at (None before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    def read(connection: Any) -> str | None:
        revision: str | None = MigrationContext.configure(connection).get_current_revision()
        return revision

    async with storage_errors(), engine.connect() as connection:
        return await connection.run_sync(read)


async def prepare(url: str) -> None:
    """Make the database at ``url`` ready for this code: migrations applied to SQLite,
    checked on PostgreSQL (``strategibot db upgrade`` applies them there); a database newer
    than this code is refused on both.

    Raises:
        StorageError: unreachable, newer than this code, or (PostgreSQL) not migrated.
    """
    probe = create_engine(url)
    try:
        at = await current_revision(probe)
    finally:
        await probe.dispose()
    known = [revision for revision, _ in known_revisions()]
    if at is not None and at not in known:
        raise StorageError(
            f"the database is at revision {at}, newer than this version of strategibot "
            f"knows (newest: {known[-1]}): run the newer version")
    if make_url(url).get_backend_name() == "sqlite":
        if at != head_revision():  # at the head there is nothing to write (a read-only file)
            await upgrade(url)
    elif at != head_revision():
        raise StorageError(
            f"the database is at revision {at or 'none'}, the code needs {head_revision()}:"
            " run `strategibot db upgrade` first")
