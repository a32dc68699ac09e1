"""Live progress and the digest for 1,000 units × 52 weekly check-ins, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/bench_progress.py [--postgres URL] [--rounds 9]

Builds an organisation of 10 centres × 100 units, then 52 weekly check-ins per unit, each with
sick leave and relational coordination (104,000 report rows), plus every 13th week an undo of
the week's sick-leave row. Times ``Checkins.progress()`` — the latest standing report per unit
and goal (kept in ``current_reports``) and the figures of all seven goals — and the whole
digest (progress, text, Adaptive Card and Block Kit), as medians of ``--rounds`` runs. For
comparison the same run times the naive way: reading every row and picking each subject's
latest in Python.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import insert, select, text

from strategibot.core.clock import Clock
from strategibot.domain.organisation import CentreSpec, Organisation, UnitSpec
from strategibot.services.checkins import Checkins
from strategibot.services.content import load_content
from strategibot.services.organisation import OrganisationService
from strategibot.settings import Settings
from strategibot.store.db import create_engine, session_scope, sessionmaker, upgrade
from strategibot.store.organisation import apply_organisation
from strategibot.store.reports import rebuild_current
from strategibot.store.tables import Report, Unit

UNITS_PER_CENTRE = 100
CENTRES = 10
WEEKS = 52


async def _populate(url: str) -> None:
    await upgrade(url)
    engine = create_engine(url)
    factory = sessionmaker(engine)
    organisation = Organisation(tuple(
        CentreSpec(f"C{c:02d}", f"Centre {c}", f"chief{c}@bench.example", tuple(
            UnitSpec(f"C{c:02d}-{u:03d}", f"Unit {c}-{u}", f"leader{c}-{u}@bench.example",
                     float(5 + (u % 40)))
            for u in range(UNITS_PER_CENTRE)))
        for c in range(CENTRES)))
    async with session_scope(factory) as session:
        await apply_organisation(session, organisation)
    async with session_scope(factory) as session:
        units = (await session.execute(select(Unit.id, Unit.centre_id, Unit.fte))).all()
    rng = random.Random(2019)
    start = dt.datetime(2019, 1, 7, 9, tzinfo=dt.UTC)
    rows = []
    statuses = ["not-started", "planned", "in-progress", "done"]
    for week in range(WEEKS):
        at = start + dt.timedelta(weeks=week)
        for unit_id, centre_id, fte in units:
            days = round(rng.uniform(8, 20), 1)
            rows.append({"goal_id": "sick-leave", "centre_id": centre_id, "unit_id": unit_id,
                         "theme": None, "value": json.dumps({"days": days, "fte": fte}),
                         "number": days, "reported_by": "bench", "reported_at": at,
                         "channel": "bench", "source_activity_id": None, "undoes_id": None})
            status = statuses[min(3, week // 13 + rng.randint(0, 1))]
            rows.append({"goal_id": "relational-coordination", "centre_id": centre_id,
                         "unit_id": unit_id, "theme": None,
                         "value": json.dumps({"status": status}), "number": None,
                         "reported_by": "bench", "reported_at": at, "channel": "bench",
                         "source_activity_id": None, "undoes_id": None})
    async with session_scope(factory) as session:
        for chunk in range(0, len(rows), 5000):
            await session.execute(insert(Report), rows[chunk:chunk + 5000])
    async with session_scope(factory) as session:  # undo one sick-leave row in 13
        ids = (await session.scalars(select(Report.id).where(
            Report.goal_id == "sick-leave").order_by(Report.id))).all()
        undo = [{"goal_id": "sick-leave", "centre_id": 1, "unit_id": None, "theme": None,
                 "value": "{}", "number": None, "reported_by": "bench",
                 "reported_at": start, "channel": "bench", "source_activity_id": None,
                 "undoes_id": report_id} for report_id in ids[::13]]
        await session.execute(insert(Report), undo)
    async with session_scope(factory) as session:  # bulk rows bypassed the current index
        await rebuild_current(session)
    await engine.dispose()


async def _naive(factory: object) -> float:
    """The FTE-weighted sick leave, computed the slow, obvious way (a cross-check)."""
    async with session_scope(factory) as session:  # type: ignore[arg-type]
        rows = (await session.execute(select(
            Report.id, Report.goal_id, Report.unit_id, Report.centre_id, Report.theme,
            Report.value, Report.undoes_id))).all()
    undone = {r.undoes_id for r in rows if r.undoes_id is not None}
    latest: dict[tuple[object, ...], tuple[int, dict[str, object]]] = {}
    for row in rows:
        if row.undoes_id is not None or row.id in undone:
            continue
        key = (row.goal_id, row.unit_id, row.centre_id, row.theme)
        if key not in latest or latest[key][0] < row.id:
            latest[key] = (row.id, json.loads(row.value))
    sick = [value for (goal, *_), (_, value) in latest.items() if goal == "sick-leave"]
    weight = sum(float(v["fte"]) for v in sick)  # type: ignore[arg-type]
    return sum(float(v["days"]) * float(v["fte"]) for v in sick) / weight  # type: ignore[arg-type]


async def _measure(url: str, rounds: int) -> dict[str, float]:
    content = load_content(Settings())
    engine = create_engine(url)
    factory = sessionmaker(engine)
    reporting = Checkins(factory=factory, kb=content.kb, flows=content.flows,
                         organisation=OrganisationService(factory), clock=Clock())
    async with session_scope(factory) as session:
        count = await session.scalar(text("SELECT count(*) FROM reports"))
    await reporting.progress()  # warm-up
    from strategibot.domain.progress.digest import build_digest
    from strategibot.render.slack import render as render_slack
    from strategibot.render.teams import render_card

    timings, naive, digests, again = [], [], [], []
    card_bytes = 0
    # each kind in its own loop: the naive pass leaves ~100,000 objects for the collector,
    # which would otherwise land in the next measurement. Computed: the last figures are
    # forgotten first (as after a new report); again: nothing changed since the last time
    for _ in range(rounds):
        reporting._progress = None
        started = time.perf_counter()
        progress, directory = await reporting.progress(today=dt.date(2019, 10, 1))
        timings.append(time.perf_counter() - started)
    for _ in range(rounds):
        started = time.perf_counter()
        progress, directory = await reporting.progress(today=dt.date(2019, 10, 1))
        again.append(time.perf_counter() - started)
    for _ in range(rounds):
        reporting._progress = None
        started = time.perf_counter()
        progress, directory = await reporting.progress(today=dt.date(2019, 10, 1))
        digest = build_digest(content.kb, progress, directory, content.i18n,
                              lang="da", today=dt.date(2019, 10, 1), period="uge 40, 2019")
        card = render_card(digest.reply)
        render_slack(digest.reply)
        digests.append(time.perf_counter() - started)
        card_bytes = len(json.dumps(card, ensure_ascii=False).encode())
    for _ in range(max(3, rounds // 3)):
        started = time.perf_counter()
        expected = await _naive(factory)
        naive.append(time.perf_counter() - started)
    await engine.dispose()
    sick = progress["sick-leave"]
    return {"rows": float(count or 0), "progress_ms_median": statistics.median(timings) * 1000,
            "progress_ms_max": max(timings) * 1000,
            "progress_again_unchanged_ms_median": statistics.median(again) * 1000,
            "digest_build_ms_median": statistics.median(digests) * 1000,
            "digest_card_bytes": float(card_bytes),
            "naive_python_latest_ms_median": statistics.median(naive) * 1000,
            "sick_leave_weighted_mean": round(sick.value or 0.0, 3),
            "same_as_naive": float(abs((sick.value or 0.0) - expected) < 1e-9),
            "units_reported": float(sick.reported)}


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default="postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await _populate(url)
        results["sqlite"] = await _measure(url, args.rounds)
    if args.postgres:
        import asyncpg

        admin = args.postgres.replace("postgresql+asyncpg://", "postgresql://")
        name = f"strategibot_bench_{uuid.uuid4().hex[:8]}"
        connection = await asyncpg.connect(admin)
        await connection.execute(f'CREATE DATABASE "{name}"')
        await connection.close()
        url = args.postgres.rpartition("/")[0] + "/" + name
        try:
            await _populate(url)
            results["postgresql"] = await _measure(url, args.rounds)
        finally:
            connection = await asyncpg.connect(admin)
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await connection.close()
    print(json.dumps({db: {k: round(v, 1) if isinstance(v, float) else v for k, v in r.items()}
                      for db, r in results.items()}, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
