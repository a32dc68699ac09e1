"""Helpers for tests that bring their own database."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

__all__ = ["empty_tables", "fresh_postgres"]


async def _admin(admin_url: str, sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(
        admin_url.replace("postgresql+asyncpg://", "postgresql://"), timeout=10)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextlib.contextmanager
def fresh_postgres(admin_url: str, prefix: str = "strategibot_test") -> Iterator[str]:
    """A new, empty PostgreSQL database next to ``admin_url`` (its URL), dropped at the end.

    Raises:
        OSError, asyncpg.PostgresError: PostgreSQL cannot be reached or refuses.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"'))
    try:
        yield f"{admin_url.rpartition('/')[0]}/{name}"
    finally:
        asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def empty_tables(url: str) -> None:
    """Empty every table of ours in the PostgreSQL database at ``url`` (ids restart)."""
    from strategibot.store.db import create_engine
    from strategibot.store.tables import Base

    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            await connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    finally:
        await engine.dispose()


async def prepared_sqlite(path: Path) -> str:
    """A migrated SQLite file with the example organisation in it; its URL."""
    from strategibot.services.organisation import OrganisationService
    from strategibot.store.db import create_engine, sessionmaker, upgrade

    url = f"sqlite+aiosqlite:///{path}"
    await upgrade(url)
    engine = create_engine(url)
    await OrganisationService(sessionmaker(engine)).ensure_example()
    await engine.dispose()
    return url
