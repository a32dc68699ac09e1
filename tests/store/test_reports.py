"""Append-only reports, their undo, and the current-report index kept beside them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from strategibot.domain.organisation import CentreSpec, Organisation, UnitSpec
from strategibot.store.db import create_engine, session_scope, sessionmaker, upgrade
from strategibot.store.organisation import apply_organisation, load_directory
from strategibot.store.reports import (
    NewReport,
    latest_reports,
    rebuild_current,
    save_reports,
    undo_report,
)
from strategibot.store.tables import CurrentReport

AT = dt.datetime(2019, 5, 1, tzinfo=dt.UTC)


async def test_the_current_index_equals_a_rebuild_from_history(clean_postgres: str) -> None:
    await upgrade(clean_postgres)
    engine = create_engine(clean_postgres)
    factory = sessionmaker(engine)
    org = Organisation((CentreSpec("C", "Centre", None, (
        UnitSpec("U1", "One", None, 10.0), UnitSpec("U2", "Two", None, 20.0))),))
    async with session_scope(factory) as session:
        await apply_organisation(session, org)
        directory = await load_directory(session)
    centre = directory.centres[0].id
    one, two = (u.id for u in directory.units)

    async def save(unit: int | None, goal: str, value: dict, theme: int | None = None) -> int:  # type: ignore[type-arg]
        async with session_scope(factory) as session:
            [report_id] = await save_reports(session, [NewReport(goal, centre, unit, theme,
                                                                 value, None)],
                                             by="x", channel="test", activity_id=None, at=AT)
            return report_id

    first = await save(one, "sick-leave", {"days": 12})
    second = await save(one, "sick-leave", {"days": 11})
    await save(two, "sick-leave", {"days": 15})
    await save(None, "theme-coverage", {"initiative": "A"}, theme=1)
    only = await save(None, "competence-needs", {"status": "done"})
    async with session_scope(factory) as session:
        assert await undo_report(session, first, by="x", channel="t", activity_id=None,
                                 at=AT) is None  # not the latest: refused
        assert (await undo_report(session, second, by="x", channel="t", activity_id=None,
                                  at=AT)).id == second  # type: ignore[union-attr]
        assert await undo_report(session, only, by="x", channel="t", activity_id=None,
                                 at=AT) is not None
    async with session_scope(factory) as session:
        incremental = sorted((await session.execute(
            select(CurrentReport.subject, CurrentReport.report_id))).all())
        latest = {(r.goal_id, r.unit_id, r.theme): r.value for r in await latest_reports(session)}
    async with session_scope(factory) as session:
        await rebuild_current(session)
    async with session_scope(factory) as session:
        rebuilt = sorted((await session.execute(
            select(CurrentReport.subject, CurrentReport.report_id))).all())
    await engine.dispose()
    assert incremental == rebuilt
    assert latest == {  # the undone 11 gives way to 12 again; the undone centre goal is gone
        ("sick-leave", one, None): {"days": 12},
        ("sick-leave", two, None): {"days": 15},
        ("theme-coverage", None, 1): {"initiative": "A"},
    }


async def test_an_absolute_sqlite_path_needs_its_folder(tmp_path: Path) -> None:
    from strategibot.errors import StorageError
    from strategibot.store.db import prepare

    with pytest.raises(StorageError, match="does not exist"):
        await prepare(f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'bot.db'}")


async def test_an_unreachable_postgresql_is_one_clear_error() -> None:
    from strategibot.errors import StorageError
    from strategibot.store.db import prepare

    with pytest.raises(StorageError, match="unreachable"):
        await prepare("postgresql+asyncpg://postgres@127.0.0.1:1/nothing")
