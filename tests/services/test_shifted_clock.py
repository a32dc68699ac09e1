"""A bot shifted to a date in the period (``STRATEGIBOT_TODAY``) and restarted after real
midnight goes on past what it saved the evening before (SQLite and PostgreSQL): a leader's
report from 23:55 counted in no figure after a restart at 00:05 (round 18's persona)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from strategibot.core.clock import Clock
from strategibot.services.content import Content
from strategibot.settings import Settings
from strategibot.store.db import create_engine, upgrade
from strategibot.wiring import App, build

TODAY = dt.date(2019, 11, 15)


def _app(url: str, content: Content, real: dt.datetime, engine: AsyncEngine) -> App:
    clock = Clock("Europe/Copenhagen", today=TODAY, source=lambda: real)
    settings = Settings(database_url=url, today=TODAY, scheduler=False)
    return build(settings, content, async_sessionmaker(engine), clock=clock)


async def _reported(bot: App) -> int:
    """How many units stand behind the sick-leave figure."""
    progress, _directory = await bot.checkins.progress()
    return progress["sick-leave"].coverage.reported


async def test_a_restart_after_midnight_keeps_the_evenings_report(
        clean_postgres: str, content: Content) -> None:
    await upgrade(clean_postgres)
    engine = create_engine(clean_postgres)
    try:
        evening = _app(clean_postgres, content, dt.datetime(2026, 12, 7, 22, 55, tzinfo=dt.UTC),
                       engine)
        await evening.start()
        leader = await evening.checkins.reporter("susanne.moeller@ltk.example")
        unit = await evening.checkins.subject(leader, "COP-01")
        assert unit is not None
        await evening.checkins.save(leader, unit, [("sick-leave", None, {"days": 12.1})],
                                    channel="msteams", activity_id=None)
        assert await _reported(evening) == 1
        await evening.stop()
        morning = _app(clean_postgres, content, dt.datetime(2026, 12, 7, 23, 5, tzinfo=dt.UTC),
                       engine)
        await morning.start()
        try:
            assert morning.clock.today() == dt.date(2019, 11, 16)  # not the 15th at 00:05
            assert await _reported(morning) == 1  # (it was 0)
        finally:
            await morning.stop()
    finally:
        await engine.dispose()
