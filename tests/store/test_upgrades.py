"""Upgrades lose nothing: a database at revision 0004, filled as a year of use would fill it
(check-ins with corrections and undos, the organisation, people, personal chats and channels,
subscriptions, a year of digests and reminders, stopped reminders, logged questions), is
upgraded to the newest revision — whatever it is — on SQLite and on PostgreSQL. Afterwards:

* every row of every table that existed is still there with every column it had unchanged
  (``bot_state`` excepted: 0005 turned it into ``flow_states``, tested on its own; and the
  stored addresses of conversations lose display names and Entra object ids, by design, 0006);
* the live figures the service computes are the ones the year's check-ins give by hand;
* the service runs the same digests: the active subscriptions, each with its delivery log.

The rows are written with plain SQL in revision 0004's own columns, so later migrations are
tested against the data of the time, not against today's models.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncConnection

from strategibot.core.resources import data_dir
from strategibot.domain.organisation import load_organisation_yaml
from strategibot.services.content import Content
from strategibot.settings import Settings
from strategibot.store.db import create_engine, current_revision, head_revision, upgrade
from strategibot.store.db import sessionmaker as make_sessionmaker
from strategibot.wiring import build
from tests.support.databases import fresh_postgres

START = "0004"
TODAY = dt.date(2019, 11, 15)
AT = dt.datetime(2019, 11, 15, 9, 0, tzinfo=dt.UTC)
POSTGRES_ENV = "STRATEGIBOT_TEST_POSTGRES"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own (PostgreSQL: created for this test, dropped after)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'year.db'}"
        return
    admin = os.environ.get(POSTGRES_ENV)
    if not admin:
        pytest.skip(f"{POSTGRES_ENV} is not set (make test sets it)")
    with fresh_postgres(admin, "strategibot_upgrade") as url:
        yield url


@dataclass
class Year:
    """What the year's check-ins give, computed here by hand."""

    sick_leave: float = 0.0
    sick_leave_units: int = 0
    rc_done: int = 0
    rc_reported: int = 0
    competence_done: int = 0
    subscriptions: set[int] = field(default_factory=set)


def _t(days: float) -> dt.datetime:
    return dt.datetime(2019, 1, 7, 8, 0, tzinfo=dt.UTC) + dt.timedelta(days=days)


async def _fill(connection: AsyncConnection) -> Year:
    rng = random.Random(2019)
    year = Year()
    organisation = load_organisation_yaml(data_dir("knowledge") / "organisation.example.yaml")
    units: list[tuple[int, int, str, float, str | None]] = []  # id, centre, code, fte, leader
    centre_ids: dict[str, int] = {}
    for c_index, centre in enumerate(organisation.centres, start=1):
        centre_ids[centre.code] = c_index
        await connection.execute(text(
            "INSERT INTO centres (id, code, name, chief_email, active) "
            "VALUES (:id, :code, :name, :chief, :active)"),
            {"id": c_index, "code": centre.code, "name": centre.name,
             "chief": centre.chief_email, "active": True})
        for unit in centre.units:
            units.append((len(units) + 1, c_index, unit.code, unit.fte, unit.leader_email))
            await connection.execute(text(
                "INSERT INTO units (id, code, name, centre_id, leader_email, fte, active) "
                "VALUES (:id, :code, :name, :centre, :leader, :fte, :active)"),
                {"id": len(units), "code": unit.code, "name": unit.name, "centre": c_index,
                 "leader": unit.leader_email, "fte": unit.fte, "active": True})

    reports: list[dict[str, Any]] = []

    def report(goal: str, centre: int, unit: int | None, value: dict[str, Any],
               number: float | None, by: str, at: dt.datetime) -> int:
        reports.append({"id": len(reports) + 1, "goal_id": goal, "centre_id": centre,
                        "unit_id": unit, "theme": None, "value": json.dumps(value),
                        "number": number, "reported_by": by, "reported_at": at,
                        "channel": "msteams", "source_activity_id":
                            f"msteams|a:personal-{by}|17000{len(reports):08d}#0",
                        "undoes_id": None})
        return len(reports)

    def undo(target: int, by: str, at: dt.datetime) -> None:
        undone = reports[target - 1]
        reports.append({**undone, "id": len(reports) + 1, "value": "{}", "number": None,
                        "reported_by": by, "reported_at": at, "undoes_id": target,
                        "source_activity_id": f"msteams|a:personal-{by}|18000{target:08d}#undo"})

    weighted = weight = 0.0
    statuses = ["not-started", "planned", "in-progress", "done"]
    for unit_id, centre_id, _code, fte, leader in units:
        by = leader or "admin@ltk.example"
        days = 0.0
        for month in range(11):  # a sick-leave figure a month, now and then corrected
            days = round(rng.uniform(9, 18), 1)
            report("sick-leave", centre_id, unit_id, {"days": days, "fte": fte}, days, by,
                   _t(month * 30 + unit_id % 7))
            if rng.random() < 0.15:
                days = round(days - 0.5, 1)
                report("sick-leave", centre_id, unit_id, {"days": days, "fte": fte}, days, by,
                       _t(month * 30 + unit_id % 7 + 0.1))
        if unit_id % 9 == 0:  # a typo, undone: the figure before it stands
            wrong = report("sick-leave", centre_id, unit_id, {"days": 99.0, "fte": fte}, 99.0,
                           by, _t(330))
            undo(wrong, by, _t(330.01))
        weighted, weight = weighted + days * fte, weight + fte
        reached = rng.randrange(4)
        for step in range(reached + 1):
            report("relational-coordination", centre_id, unit_id, {"status": statuses[step]},
                   None, by, _t(40 + step * 60 + unit_id))
        if reached == 3 and unit_id % 4 == 0:  # "done" by mistake, undone: in progress
            undo(len(reports), by, _t(300))
            reached = 2
        year.rc_done += reached == 3
    year.sick_leave, year.sick_leave_units = weighted / weight, len(units)
    year.rc_reported = len(units)
    for code, centre_id in centre_ids.items():
        chief = f"chief-{code.lower()}@ltk.example"
        done = centre_id % 3 != 0
        report("competence-needs", centre_id, None, {"status": "not-yet"}, None, chief, _t(60))
        if done:
            report("competence-needs", centre_id, None, {"status": "done"}, None, chief,
                   _t(200))
        year.competence_done += done

    for row in reports:
        await connection.execute(text(
            "INSERT INTO reports (id, goal_id, centre_id, unit_id, theme, value, number, "
            "reported_by, reported_at, channel, source_activity_id, undoes_id) VALUES (:id, "
            ":goal_id, :centre_id, :unit_id, :theme, :value, :number, :reported_by, "
            ":reported_at, :channel, :source_activity_id, :undoes_id)"), row)
    undone = {r["undoes_id"] for r in reports if r["undoes_id"]}
    current: dict[str, int] = {}
    for row in reports:
        if row["undoes_id"] is None and row["id"] not in undone:
            unit = "" if row["unit_id"] is None else row["unit_id"]
            current[f"{row['goal_id']}|{row['centre_id']}|{unit}|"] = row["id"]
    for subject, report_id in current.items():
        await connection.execute(text(
            "INSERT INTO current_reports (subject, report_id) VALUES (:s, :r)"),
            {"s": subject, "r": report_id})

    # people, their personal chats, channels with subscriptions, a year of deliveries
    conversation_id = 0
    leaders = sorted({leader for *_rest, leader in units if leader})
    for number, leader in enumerate(leaders, start=1):
        await connection.execute(text(
            "INSERT INTO people (id, channel, user_id, email, name, updated_at) "
            "VALUES (:id, 'msteams', :user, :email, :name, :at)"),
            {"id": number, "user": f"29:{leader}", "email": leader,
             "name": leader.split("@")[0], "at": _t(number)})
        conversation_id += 1
        reference = {"channelId": "msteams", "serviceUrl": "https://smba.trafficmanager.net/emea/",
                     "conversation": {"id": f"a:personal-{leader}", "conversationType": "personal",
                                      "tenantId": "tenant-1"},
                     "user": {"id": f"29:{leader}", "name": leader.split("@")[0],
                              "aadObjectId": str(uuid.UUID(int=number))},
                     "bot": {"id": "28:strategibot", "name": "strategibot"}}
        await connection.execute(text(
            "INSERT INTO conversations (id, channel, conversation_id, kind, tenant_id, "
            "reference, user_email, installed_by, updated_at) VALUES (:id, 'msteams', :cid, "
            "'personal', 'tenant-1', :reference, :email, NULL, :at)"),
            {"id": conversation_id, "cid": f"a:personal-{leader}",
             "reference": json.dumps(reference), "email": leader, "at": _t(number)})
        for week in range(0, 44, 3):  # Thursday reminders
            await connection.execute(text(
                "INSERT INTO deliveries (kind, conversation_id, subscription_id, period, "
                "status, attempts, claimed_by, claimed_at, finished_at, http_status, error, "
                "figures) VALUES ('reminder', :c, NULL, :period, 'sent', 1, 'replica-a', :at, "
                ":at, 201, NULL, NULL)"),
                {"c": conversation_id, "period": f"2019-W{week + 2:02d}", "at": _t(week * 7 + 3)})
    for number, leader in enumerate(leaders[:3]):
        await connection.execute(text(
            "INSERT INTO reminder_stops (email, stopped_at) VALUES (:e, :at)"),
            {"e": leader, "at": _t(100 + number)})
    schedule = json.dumps({"kind": "weekly", "weekday": 0, "day": 1, "hour": 9, "minute": 0})
    for channel in range(1, 6):
        conversation_id += 1
        cid = f"19:channel-{channel}@thread.tacv2"
        reference = {"channelId": "msteams", "serviceUrl": "https://smba.trafficmanager.net/emea/",
                     "conversation": {"id": cid, "conversationType": "channel",
                                      "tenantId": "tenant-1"},
                     "bot": {"id": "28:strategibot", "name": "strategibot"}}
        await connection.execute(text(
            "INSERT INTO conversations (id, channel, conversation_id, kind, tenant_id, "
            "reference, user_email, installed_by, updated_at) VALUES (:id, 'msteams', :cid, "
            "'channel', 'tenant-1', :reference, NULL, :by, :at)"),
            {"id": conversation_id, "cid": cid, "reference": json.dumps(reference),
             "by": leaders[channel], "at": _t(channel)})
        active = channel != 5
        await connection.execute(text(
            "INSERT INTO subscriptions (id, conversation_id, schedule, lang, active, "
            "paused_reason, created_by, created_at) VALUES (:id, :c, :schedule, :lang, "
            ":active, :reason, :by, :at)"),
            {"id": channel, "c": conversation_id, "schedule": schedule,
             "lang": "en" if channel == 2 else "da", "active": active,
             "reason": None if active else "HTTP 403: the bot was removed",
             "by": leaders[channel], "at": _t(channel)})
        if active:
            year.subscriptions.add(channel)
        for week in range(44):
            status = "failed" if (channel, week) == (3, 20) else "sent"
            await connection.execute(text(
                "INSERT INTO deliveries (kind, conversation_id, subscription_id, period, "
                "status, attempts, claimed_by, claimed_at, finished_at, http_status, error, "
                "figures) VALUES ('digest', :c, :s, :period, :status, :attempts, 'replica-a', "
                ":at, :at, :http, :error, :figures)"),
                {"c": conversation_id, "s": channel, "period": f"2019-W{week + 2:02d}",
                 "status": status, "attempts": 3 if status == "failed" else 1,
                 "at": _t(week * 7), "http": 503 if status == "failed" else 201,
                 "error": "HTTP 503" if status == "failed" else None,
                 "figures": json.dumps({"sick-leave": 14.9 - week * 0.02})})
    for number in range(30):
        await connection.execute(text(
            "INSERT INTO question_log (asked_at, channel, lang, outcome, question, score, "
            "candidates) VALUES (:at, 'msteams', 'da', 'unknown', :q, 0.1, '')"),
            {"at": _t(number * 9), "q": f"hvem vinder superligaen {number}?"})
    await connection.execute(text(
        "INSERT INTO bot_state (key, etag, data, updated_at) VALUES ('msteams/x', '1', '{}', "
        ":at)"), {"at": _t(1)})
    return year


Snapshot = dict[str, dict[tuple[Any, ...], dict[str, Any]]]


async def _snapshot(connection: AsyncConnection) -> Snapshot:
    """Every row of every table, by primary key."""

    def shape(sync: Any) -> dict[str, list[str]]:
        inspector = inspect(sync)
        return {name: inspector.get_pk_constraint(name)["constrained_columns"]
                for name in inspector.get_table_names() if name != "alembic_version"}

    tables = await connection.run_sync(shape)
    snapshot: Snapshot = {}
    for name, keys in tables.items():
        rows = (await connection.execute(text(f'SELECT * FROM "{name}"'))).mappings().all()
        snapshot[name] = {tuple(row[k] for k in keys): dict(row) for row in rows}
    return snapshot


@pytest.mark.slow
async def test_a_year_of_use_survives_the_upgrade_to_the_newest_revision(
    empty_database: str, content: Content,
) -> None:
    url = empty_database
    await upgrade(url, START)
    engine = create_engine(url)
    try:
        assert await current_revision(engine) == START
        async with engine.begin() as connection:
            year = await _fill(connection)
        if url.startswith("postgresql"):  # explicit ids: move the sequences past them
            async with engine.begin() as connection:
                for table in ("centres", "units", "people", "reports", "conversations",
                              "subscriptions", "deliveries", "question_log"):
                    await connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"))
        async with engine.connect() as connection:
            before = await _snapshot(connection)
        await engine.dispose()

        await upgrade(url)  # to the newest revision, whatever it is

        engine = create_engine(url)
        assert await current_revision(engine) == head_revision()
        async with engine.connect() as connection:
            after = await _snapshot(connection)
        changed = []
        for table, rows in before.items():
            if table == "bot_state":
                continue
            assert table in after, f"table {table} is gone"
            for key, row in rows.items():
                now = after[table].get(key)
                assert now is not None, f"{table} {key} is gone"
                if table == "conversations":
                    assert json.loads(now["reference"]) == _minimal(row), key
                    row = {**row, "reference": now["reference"]}
                changed += [(table, key, column, value, now[column])
                            for column, value in row.items()
                            if column in now and now[column] != value]
        assert changed == [], changed[:10]
        assert sum(len(rows) for rows in before.values()) > 1500  # a year, not a sample

        # the live figures are the year's, as the service computes them now
        settings = Settings(database_url=url, today=TODAY, example_organisation=False,
                            scheduler=False)
        app = build(settings, content, make_sessionmaker(engine))
        progress, _directory = await app.checkins.progress(TODAY)
        sick = progress["sick-leave"]
        assert sick.value == pytest.approx(year.sick_leave)
        assert sick.reported == year.sick_leave_units
        rc = progress["relational-coordination"]
        assert (rc.value, rc.reported) == (year.rc_done, year.rc_reported)
        assert progress["competence-needs"].value == year.competence_done
        # the same subscriptions are active, and each keeps its year of deliveries
        active = {row[0] for row in (await _ids(engine, "SELECT id FROM subscriptions "
                                                        "WHERE active"))}
        assert active == year.subscriptions
        assert await _ids(engine, "SELECT count(*) FROM deliveries WHERE kind = 'digest'") \
            == [(5 * 44,)]
    finally:
        await engine.dispose()


def _minimal(row: dict[str, Any]) -> dict[str, Any]:
    """A stored address as 0006 leaves it: the user's id in a personal chat, nothing else of
    a person."""
    reference = json.loads(row["reference"])
    user = reference.get("user")
    if row["kind"] == "personal" and isinstance(user, dict):
        reference["user"] = {"id": user["id"]}
    elif "user" in reference:
        reference["user"] = None
    return reference


async def _ids(engine: Any, sql: str) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        return [tuple(row) for row in (await connection.execute(text(sql))).all()]


async def test_db_upgrade_says_what_it_does_and_refuses_a_newer_database(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    env = {**os.environ, "DATABASE_URL": url}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "strategibot", "db", "upgrade"],
                              text=True, capture_output=True, env=env, timeout=120,
                              check=False)

    await upgrade(url, START)
    done = run()
    assert done.returncode == 0, done.stderr
    assert "at revision 0004; will apply" in done.stdout
    assert "  0005  flow_states:" in done.stdout
    assert f"database upgraded to revision {head_revision()}" in done.stdout
    assert "nothing to do" in run().stdout
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    await engine.dispose()
    refused = run()
    assert refused.returncode == 1
    assert "at revision 9999, newer than this version of strategibot knows" in refused.stderr
    assert "Traceback" not in refused.stderr



async def test_the_service_refuses_a_database_newer_than_it_knows(tmp_path: Path,
                                                                  content: Content) -> None:
    from aiohttp import web

    from strategibot.errors import StorageError
    from strategibot.web.app import create_app

    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await upgrade(url)
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    await engine.dispose()
    runner = web.AppRunner(create_app(Settings(database_url=url), content=content))
    with pytest.raises(StorageError, match="newer than this version of strategibot knows"):
        await runner.setup()
    await runner.cleanup()
