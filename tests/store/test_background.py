"""The background writer: writes a reply does not depend on leave the turn's path, are
committed together, survive a clean shutdown and lose only themselves when they fail — on
SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from strategibot.store.background import BackgroundWriter
from strategibot.store.db import create_engine, session_scope, sessionmaker, upgrade
from strategibot.store.tables import QuestionLog


def _question(text: str):  # type: ignore[no-untyped-def]
    async def write(session: AsyncSession) -> None:
        session.add(QuestionLog(channel="test", lang="da", outcome="unknown", question=text,
                                score=0.0, candidates=""))
    return write


def _broken(session: AsyncSession) -> object:
    async def write() -> None:
        session.add(QuestionLog(channel="test", lang="da", outcome="unknown",
                                question=None, score=0.0, candidates=""))  # NOT NULL
        await session.flush()
    return write()


async def _stored(factory) -> list[str]:  # type: ignore[no-untyped-def]
    async with session_scope(factory) as session:
        rows = (await session.scalars(select(QuestionLog.question)
                                      .order_by(QuestionLog.id))).all()
    return list(rows)


async def _setup(url: str):  # type: ignore[no-untyped-def]
    await upgrade(url)
    engine = create_engine(url)
    begun: list[int] = []
    event.listen(engine.sync_engine, "begin", lambda _c: begun.append(1))
    return engine, sessionmaker(engine), begun


async def test_a_burst_is_committed_in_a_few_transactions(clean_postgres: str) -> None:
    engine, factory, begun = await _setup(clean_postgres)
    writer = BackgroundWriter(factory, batch=200, interval=0.05)
    writer.start()
    await asyncio.gather(*(writer.submit(_question(f"q{i}")) for i in range(500)))
    await writer.flush()
    await writer.stop()
    assert sorted(await _stored(factory), key=lambda q: int(q[1:])) == [
        f"q{i}" for i in range(500)]
    assert writer.written == 500
    assert len(begun) <= 5  # 500 writes in batches of at most 200 (+ the read above)
    await engine.dispose()


async def test_a_clean_shutdown_writes_everything_queued(clean_postgres: str) -> None:
    engine, factory, _ = await _setup(clean_postgres)
    writer = BackgroundWriter(factory, interval=10.0)  # nothing would be written for 10 s
    writer.start()
    for i in range(50):
        await writer.submit(_question(f"q{i}"))
    await asyncio.sleep(0)  # the writer has taken the first write and waits for more
    await writer.stop()  # cancels the wait: what it held goes back and is written
    assert len(await _stored(factory)) == 50
    await engine.dispose()


async def test_a_failing_write_loses_only_itself(clean_postgres: str) -> None:
    engine, factory, _ = await _setup(clean_postgres)
    writer = BackgroundWriter(factory, interval=0.05)
    writer.start()
    await writer.submit(_question("before"))
    await writer.submit(_broken)
    await writer.submit(_question("after"))
    await writer.flush()
    await asyncio.sleep(0.2)
    await writer.stop()
    assert await _stored(factory) == ["before", "after"]
    assert writer.failed == 1
    await engine.dispose()


async def test_without_a_running_writer_a_write_is_done_at_once(clean_postgres: str) -> None:
    engine, factory, _ = await _setup(clean_postgres)
    writer = BackgroundWriter(factory)  # a command-line tool: never started
    await writer.submit(_question("now"))
    assert await _stored(factory) == ["now"]
    await engine.dispose()


async def test_a_full_queue_makes_the_turn_wait_instead_of_losing(clean_postgres: str) -> None:
    engine, factory, _ = await _setup(clean_postgres)
    writer = BackgroundWriter(factory, batch=2, interval=0.01, capacity=3)
    writer.start()
    await asyncio.gather(*(writer.submit(_question(f"q{i}")) for i in range(40)))
    await writer.stop()
    async with session_scope(factory) as session:
        count = await session.scalar(select(func.count()).select_from(QuestionLog))
    assert count == 40
    await engine.dispose()


async def test_a_write_is_told_only_after_its_commit(clean_postgres: str) -> None:
    engine, factory, _ = await _setup(clean_postgres)
    told: list[str] = []

    def telling(text: str):  # type: ignore[no-untyped-def]
        async def write(session: AsyncSession) -> object:
            await _question(text)(session)
            return lambda: told.append(text)
        return write

    writer = BackgroundWriter(factory)
    await writer.submit(telling("kept"))  # not started: written and told at once
    assert told == ["kept"]

    async def broken(session: AsyncSession) -> object:
        await _broken(session)
        return lambda: told.append("never")

    await writer.submit(broken)
    assert told == ["kept"]  # the failed write is never told it was written
    await engine.dispose()
