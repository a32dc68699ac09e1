"""SQLite's inline reads: the turn's flow-state read on the event loop's own thread, the same
rows as the ordinary read, the last commit always seen, and the ordinary read whenever the
inline one cannot be made."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from strategibot.store.db import create_engine, create_read_engine, sessionmaker, upgrade
from strategibot.store.flow_states import FlowStates
from strategibot.store.inline import (
    InlineReader,
    InlineUnavailable,
    PostgresQuickReader,
    inline_reader,
    quick_reader,
)


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await upgrade(url)
    return url


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url)
    yield engine
    await engine.dispose()


def test_only_a_sqlite_file_gets_an_inline_reader(tmp_path: Path) -> None:
    assert inline_reader("postgresql+asyncpg://u@h/db") is None
    assert inline_reader("sqlite+aiosqlite:///:memory:") is None
    assert inline_reader("sqlite+aiosqlite://") is None
    found = inline_reader(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    assert isinstance(found, InlineReader)


async def test_inline_reads_are_the_ordinary_reads_and_see_the_last_commit(
        sqlite_url: str, engine: AsyncEngine) -> None:
    counted: list[int] = []
    inline = inline_reader(sqlite_url, on_read=lambda: counted.append(1))
    assert inline is not None
    readers = create_read_engine(sqlite_url)
    assert readers is not None
    try:
        fast = FlowStates(sessionmaker(engine), sessionmaker(readers), inline)
        ordinary = FlowStates(sessionmaker(engine), sessionmaker(readers))
        assert await fast.get_many(["a", "b"]) == {}
        version = await fast.put("a", {"step": 1, "navn": "Ærø"}, None)
        found = await fast.get_many(["a", "b"])
        assert found["a"].data == {"step": 1, "navn": "Ærø"}
        assert found["a"].version == version
        again = await fast.put("a", {"step": 2}, version)  # committed by the writer
        assert (await fast.get_many(["a"]))["a"].version == again  # seen at once
        await fast.put("b", {"step": 9}, None)
        mine = {k: (v.data, v.version) for k, v in (await fast.get_many(["a", "b"])).items()}
        theirs = {k: (v.data, v.version)
                  for k, v in (await ordinary.get_many(["a", "b"])).items()}
        assert mine == theirs
        assert len(mine) == 2
        assert len(counted) == 4  # every inline read is counted as a reader transaction
    finally:
        inline.close()
        await readers.dispose()


async def test_a_read_that_cannot_be_made_inline_is_made_the_ordinary_way(
        sqlite_url: str, engine: AsyncEngine, tmp_path: Path) -> None:
    missing = InlineReader(str(tmp_path / "nowhere" / "gone.db"))
    with pytest.raises(InlineUnavailable):
        missing.rows("SELECT 1", ())
    states = FlowStates(sessionmaker(engine), None, missing)
    await states.put("k", {"x": 1}, None)
    assert (await states.get_many(["k"]))["k"].data == {"x": 1}  # through the engine
    # a replaced file: the reader reconnects after its error
    inline = inline_reader(sqlite_url)
    assert inline is not None
    assert inline.rows("SELECT count(*) FROM flow_states", ()) == [(1,)]
    with pytest.raises(InlineUnavailable):
        inline.rows("SELECT * FROM no_such_table", ())
    assert inline.rows("SELECT count(*) FROM flow_states", ()) == [(1,)]
    inline.close()


async def test_the_inline_connection_cannot_write(sqlite_url: str,
                                                  engine: AsyncEngine) -> None:
    await FlowStates(sessionmaker(engine)).put("k", {"x": 1}, None)
    inline = inline_reader(sqlite_url)
    assert inline is not None
    with pytest.raises(InlineUnavailable):
        inline.rows("DELETE FROM flow_states", ())
    assert inline.rows("SELECT count(*) FROM flow_states", ()) == [(1,)]
    inline.close()
    readers = create_read_engine(sqlite_url)
    assert readers is not None
    async with readers.connect() as connection:  # the read engine's connections neither
        with pytest.raises(DBAPIError):
            await connection.exec_driver_sql("DELETE FROM flow_states")
    await readers.dispose()


async def test_the_read_engine_reads_on_the_event_loops_thread(sqlite_url: str) -> None:
    """No trip to another thread and back through the loop's queue: the statement runs here."""
    readers = create_read_engine(sqlite_url)
    assert readers is not None
    seen: list[int] = []
    try:
        async with readers.connect() as connection:
            raw = await connection.get_raw_connection()
            driver = raw.driver_connection
            assert driver is not None
            await driver.create_function("where_am_i", 0,
                                         lambda: seen.append(threading.get_ident()) or 1)
            assert (await connection.exec_driver_sql("SELECT where_am_i()")).scalar() == 1
    finally:
        await readers.dispose()
    assert seen == [threading.get_ident()]


async def test_the_quick_read_is_the_ordinary_read_on_either_database(
        clean_postgres: str) -> None:
    """SQLite's inline read and PostgreSQL's one-round-trip read give the rows the session
    gives, see the last commit, and fall back when they cannot be made."""
    await upgrade(clean_postgres)
    engine = create_engine(clean_postgres)
    counted: list[int] = []
    quick = quick_reader(clean_postgres, on_read=lambda: counted.append(1))
    assert quick is not None
    try:
        fast = FlowStates(sessionmaker(engine), None, quick)
        ordinary = FlowStates(sessionmaker(engine))
        first = await fast.put("k|1", {"trin": "ét", "tal": 12.8}, None)
        await fast.put("k|2", {"trin": 2}, None)
        mine = {k: (v.data, v.version) for k, v in (await fast.get_many(
            ["k|1", "k|2", "k|3"])).items()}
        theirs = {k: (v.data, v.version) for k, v in (await ordinary.get_many(
            ["k|1", "k|2", "k|3"])).items()}
        assert mine == theirs
        assert mine["k|1"] == ({"trin": "ét", "tal": 12.8}, first)
        again = await fast.put("k|1", {"trin": "to"}, first)
        assert (await fast.get_many(["k|1"]))["k|1"].version == again
        assert len(counted) == 2
    finally:
        if isinstance(quick, PostgresQuickReader):
            await quick.close()
        elif isinstance(quick, InlineReader):
            quick.close()
        await engine.dispose()


async def test_an_unreachable_postgresql_falls_back_to_the_ordinary_read() -> None:
    quick = PostgresQuickReader("postgresql://nobody@127.0.0.1:1/none", timeout=1.0)
    with pytest.raises(InlineUnavailable):
        await quick.fetch("SELECT 1 WHERE ? = ?", [1, 1])
    await quick.close()


async def test_the_postgresql_quick_read_is_read_only_and_one_statement(
        postgres_database: str) -> None:
    quick = quick_reader(postgres_database)
    assert isinstance(quick, PostgresQuickReader)
    try:
        assert await quick.fetch("SELECT current_setting(?)",
                                 ["transaction_read_only"]) == [("on",)]
        with pytest.raises(InlineUnavailable):  # a session that can write nothing
            await quick.fetch("CREATE TABLE quick_write (id int)", [])
        pool = quick._pool
        [holder] = [h for h in pool._holders if h._con is not None]
        before = holder._con._protocol.queries_count
        for _ in range(5):
            assert await quick.fetch("SELECT ?::int + 1", [1]) == [(2,)]
        # one statement a read: no reset statement when the connection goes back to the pool
        assert holder._con._protocol.queries_count - before == 5
    finally:
        await quick.close()
