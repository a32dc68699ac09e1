"""Engine and session factory; migrations applied with Alembic.

A SQLite file gets its folder created, WAL journaling and foreign keys; PostgreSQL is used as
given. ``upgrade`` runs Alembic's migrations to the newest revision in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from strategibot.errors import StorageError

log = logging.getLogger(__name__)

__all__ = [
    "create_engine",
    "current_revision",
    "head_revision",
    "session_scope",
    "sessionmaker",
    "storage_errors",
    "upgrade",
]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # the driver's own implicit BEGIN is turned off: _sqlite_begin starts every transaction
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=15000")
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


def create_engine(url: str) -> AsyncEngine:
    """An async engine for ``url``; a SQLite file's folder is created if missing."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        # One connection: SQLite has one writer at a time, and a deferred transaction that
        # turns into a write while another writes fails at once ("database is locked")
        # instead of waiting. Serialising in the pool makes concurrent turns wait their turn.
        kwargs.update(pool_size=1, max_overflow=0, pool_timeout=30)
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=10)
    return create_async_engine(url, **kwargs)


def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def storage_errors() -> AsyncIterator[None]:
    """Translate SQLAlchemy's errors into :class:`StorageError`."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise StorageError(f"database error: {type(exc).__name__}") from exc


@asynccontextmanager
async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session in a transaction that commits on success; errors become StorageError."""
    async with storage_errors(), factory() as session, session.begin():
        yield session


def _alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _upgrade_sync(url: str, revision: str) -> None:
    from alembic import command

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(_alembic_config(url), revision)


async def upgrade(url: str, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` (default the newest)."""
    try:
        await asyncio.to_thread(_upgrade_sync, url, revision)
    except SQLAlchemyError as exc:
        raise StorageError(f"migration failed: {type(exc).__name__}: {exc}") from exc


def head_revision() -> str:
    """The newest migration's revision id."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at (None before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    def read(connection: Any) -> str | None:
        revision: str | None = MigrationContext.configure(connection).get_current_revision()
        return revision

    async with storage_errors(), engine.connect() as connection:
        return await connection.run_sync(read)
