"""The user → e-mail mapping: cached in the process for at most ten minutes and never past
the mapping's own expiry, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from strategibot.core.clock import Clock
from strategibot.services.people import People
from strategibot.store.db import create_engine, sessionmaker, upgrade


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
