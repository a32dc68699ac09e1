"""The user → e-mail mapping: cached in the process for at most ten minutes and never past
the mapping's own expiry, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from strategibot.core.clock import Clock
from strategibot.services.people import People
from strategibot.store.background import BackgroundWriter
from strategibot.store.db import create_engine, sessionmaker, upgrade
from strategibot.store.tables import Person


async def test_a_mapping_is_cached_but_never_trusted_past_its_expiry(
        clean_postgres: str) -> None:
    await upgrade(clean_postgres)
    engine = create_engine(clean_postgres)
    now = [dt.datetime(2019, 11, 15, 9, tzinfo=dt.UTC)]
    people = People(sessionmaker(engine), Clock(source=lambda: now[0]),
                    ttl=dt.timedelta(minutes=30))
    await people.remember("msteams", "29:ole", "ole@ltk.example")
    assert await people.email("msteams", "29:ole") == "ole@ltk.example"
    now[0] += dt.timedelta(minutes=9)
    assert await people.email("msteams", "29:ole") == "ole@ltk.example"  # cached
    now[0] += dt.timedelta(minutes=22)  # 31 minutes: past the mapping's 30
    assert await people.email("msteams", "29:ole") is None  # the roster is asked again
    await people.remember("msteams", "29:ole", "ole.new@ltk.example")
    assert await people.email("msteams", "29:ole") == "ole.new@ltk.example"
    await engine.dispose()


async def test_a_roster_confirmation_is_known_at_once_and_written_after_the_reply(
        clean_postgres: str) -> None:
    """``confirm`` (what a turn does after asking the roster): this process knows it from its
    cache at once; the row follows with the background writer's next batch."""
    await upgrade(clean_postgres)
    engine = create_engine(clean_postgres)
    factory = sessionmaker(engine)
    writer = BackgroundWriter(factory, interval=60.0)  # nothing is written until the flush
    writer.start()
    clock = Clock(source=lambda: dt.datetime(2019, 11, 15, 9, tzinfo=dt.UTC))
    people = People(factory, clock, writer=writer)
    try:
        await people.confirm("msteams", "29:karen", "karen@ltk.example")
        assert await people.email("msteams", "29:karen") == "karen@ltk.example"
        async with factory() as session:
            assert await session.scalar(select(func.count()).select_from(Person)) == 0
        await writer.flush()
        async with factory() as session:
            row = (await session.scalars(select(Person))).one()
        assert (row.channel, row.user_id, row.email) == ("msteams", "29:karen",
                                                         "karen@ltk.example")
        elsewhere = People(factory, clock)  # another process reads the row
        assert await elsewhere.email("msteams", "29:karen") == "karen@ltk.example"
    finally:
        await writer.stop()
        await engine.dispose()
