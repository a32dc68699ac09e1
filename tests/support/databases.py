"""Helpers for tests that bring their own database."""

from __future__ import annotations

__all__ = ["empty_tables"]


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
