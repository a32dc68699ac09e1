"""The progress page's figures for management, through HTTP on a real port and a real database
(SQLite and PostgreSQL): CSV (RFC 4180, UTF-8 with a BOM) and Excel per goal, per goal and week,
per centre and — for admins only — per unit, with the page's coverage and small-number rules,
and text that a spreadsheet would run as a formula written as text (issue 14)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from openpyxl import load_workbook

from strategibot.services.content import Content
from strategibot.services.exports import Table, to_csv, to_xlsx
from strategibot.settings import Settings
from strategibot.store.db import upgrade
from tests.conftest import INSIDE_THE_PERIOD
from tests.support.connector import FakeConnector
from tests.support.service import Service
from tests.web.test_dashboard import start_dashboard

ADMIN = "admin@ltk.example"
Start = Callable[..., Awaitable[Service]]


@pytest.fixture
async def start(clean_postgres: str, connector: FakeConnector,
                content: Content) -> AsyncIterator[Start]:
    """The bot in anonymous local mode, seeded; ``admin``: the local user is an admin."""
    started: list[Service] = []
    await upgrade(clean_postgres)
    http = aiohttp.ClientSession()

    async def run(*, admin: bool = True) -> Service:
        config = Settings(database_url=clean_postgres, admins=(ADMIN,), today=INSIDE_THE_PERIOD,
                          scheduler=False, dev_user_email=ADMIN if admin else "")
        service = await start_dashboard(config, content)
        service.http, service.connector = http, connector
        started.append(service)
        return service

    yield run
    for service in started:
        await service.runner.cleanup()
    await http.close()


async def _download(service: Service, path: str) -> tuple[int, bytes, Any]:
    async with service.http.get(service.url + path) as response:
        return response.status, await response.read(), response.headers


def _rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark"
    text = body[3:].decode("utf-8")
    assert "\r\n" in text
    assert "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline="")))


async def _data(service: Service) -> dict[str, Any]:
    async with service.http.get(f"{service.url}/dashboard/data.json?lang=da") as response:
        body: dict[str, Any] = await response.json()
        return body


async def test_the_goals_as_csv_carry_status_and_coverage(start: Start) -> None:
    service = await start()
    status, body, headers = await _download(service, "/dashboard/export.csv?level=goals&lang=da")
    assert status == 200
    assert headers["Content-Type"].startswith("text/csv")
    assert headers["Content-Disposition"] == \
        'attachment; filename="fremdrift-2019-11-15-goals.csv"'
    [heading, *rows] = _rows(body)
    assert heading[:5] == ["mål_id", "mål", "titel", "tema", "tal"]
    data = await _data(service)
    assert [r[0] for r in rows] == [g["id"] for g in data["goals"]]
    for row, goal in zip(rows, data["goals"], strict=True):
        record = dict(zip(heading, row, strict=True))
        assert record["status_tekst"] == goal["status_text"]  # the chat's own words
        assert record["tal_tekst"] == goal["figure_text"]
        assert (int(record["indrapporteret"]), int(record["forventet"])) == (
            goal["coverage"]["reported"], goal["coverage"]["expected"])
        if goal["value"] is not None:
            assert float(record["tal"]) == pytest.approx(goal["value"], abs=0.01)
        assert record["frist"] == "2019-12-31"
        assert record["tal_pr"].startswith("2019-11-15")
    sick = dict(zip(heading, rows[2], strict=True))
    assert sick["årsværk_pct"]
    assert sick["udgangspunkt"] == "14.9"


async def test_the_weeks_as_csv_are_the_pages_weeks(start: Start) -> None:
    service = await start()
    _, body, _ = await _download(service, "/dashboard/export.csv?level=weeks&lang=en")
    [heading, *rows] = _rows(body)
    assert heading == ["goal_id", "goal", "week_ending", "figure", "status", "reported",
                       "expected", "coverage_pct"]
    data = await _data(service)
    expected = [(g["id"], w["day"]) for g in data["goals"] for w in g["weeks"]]
    assert [(r[0], r[2]) for r in rows] == expected


async def test_per_centre_a_small_number_is_withheld_and_says_why(start: Start) -> None:
    service = await start()
    _, body, _ = await _download(service, "/dashboard/export.csv?level=centres")
    [heading, *rows] = _rows(body)
    records = [dict(zip(heading, row, strict=True)) for row in rows]
    data = await _data(service)
    assert len(records) == len(data["centres"]) * len(data["goals"])
    sick = next(g for g in data["goals"] if g["id"] == "sick-leave")
    assert sick["withheld"], "the example has a centre with too few units behind its figure"
    for code in sick["withheld"]:
        [record] = [r for r in records if r["center_kode"] == code and r["mål_id"] == "sick-leave"]
        assert record["tal"] == ""
        why = "ikke vist, så et mindre centers tal ikke kan regnes ud" \
            if code in sick["withheld_to_shield"] else \
            "ikke vist: én leder står bag alle enhederne på nær én" \
            if code in sick["withheld_one_leader"] else "for få enheder til at vise et tal"
        assert record["bemærkning"] == why
    shown = [r for r in records if r["mål_id"] == "sick-leave" and r["tal"]]
    assert all(int(r["indrapporteret"]) >= 3 for r in shown)
    for record in records:
        assert int(record["indrapporteret"]) <= int(record["forventet"])


async def test_per_unit_is_for_admins_only(start: Start) -> None:
    admin = await start()
    status, body, _ = await _download(admin, "/dashboard/export.csv?level=units")
    assert status == 200
    [heading, *rows] = _rows(body)
    assert "leder" not in " ".join(heading)
    assert "@" not in body.decode("utf-8-sig")
    assert {r[2] for r in rows} >= {"CPKS-01", "COP-01"}
    [cpks] = [r for r in rows if r[2] == "CPKS-01" and r[5] == "sick-leave"]
    assert cpks[7] == "ja"
    assert cpks[8]
    other = await start(admin=False)
    status, body, _ = await _download(other, "/dashboard/export.csv?level=units")
    assert status == 403
    status, body, _ = await _download(other, "/dashboard/export.xlsx")
    assert status == 200
    assert load_workbook(io.BytesIO(body)).sheetnames == ["Mål", "Uger", "Centre"]


async def test_the_workbook_has_a_sheet_per_level_with_numbers_as_numbers(start: Start) -> None:
    service = await start()
    status, body, headers = await _download(service, "/dashboard/export.xlsx?lang=en")
    assert status == 200
    assert headers["Content-Type"] == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["Goals", "Weeks", "Centres", "Units"]
    goals = book["Goals"]
    assert [c.value for c in goals[1]][:3] == ["goal_id", "goal", "title"]
    sick = next(row for row in goals.iter_rows(min_row=2, values_only=True)
                if row[0] == "sick-leave")
    assert isinstance(sick[4], float)
    assert sick[7] == 14.9
    week = next(goals.parent["Weeks"].iter_rows(min_row=2, values_only=True))
    assert isinstance(week[2], dt.datetime)


async def test_a_form_named_like_a_formula_stays_text(start: Start) -> None:
    service = await start()
    checkins = service.bot.checkins
    admin = await checkins.reporter(ADMIN)
    unit = await checkins.subject(admin, "CPKS-01")
    assert unit is not None
    # a name typed in the Teams form is kept as typed (a one-liner keeps only its words)
    await checkins.save(admin, unit, [("citizen-involvement", None, {
        "form": '=HYPERLINK("http://x")', "tried": True, "evaluated": True})],
        channel="msteams", activity_id=None)
    _, body, _ = await _download(service, "/dashboard/export.csv?level=goals")
    text = body.decode("utf-8-sig")
    assert '=HYPERLINK(""http://x"")' in text
    for row in csv.reader(io.StringIO(text, newline="")):
        assert not any(cell.startswith(("=", "+", "@")) for cell in row), row
    _, body, _ = await _download(service, "/dashboard/export.xlsx")
    book = load_workbook(io.BytesIO(body))
    cells = [c for row in book["Mål"].iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells
    assert all(c.data_type == "s" for c in cells)
    _, body, _ = await _download(service, "/dashboard/export.csv?level=units")
    units = body.decode("utf-8-sig")
    assert "HYPERLINK" in units
    for row in csv.reader(io.StringIO(units, newline="")):
        assert not any(cell.startswith(("=", "+", "@")) for cell in row), row


@pytest.mark.parametrize(("query", "status"), [
    ("level=everything", 400), ("level=goals&level=units", 400), ("lang=de", 400),
])
async def test_a_bad_export_query_is_a_4xx(start: Start, query: str, status: int) -> None:
    service = await start()
    got, body, _ = await _download(service, f"/dashboard/export.csv?{query}")
    assert got == status
    assert b"error" in body


def test_csv_quotes_as_rfc_4180_and_guards_formulas() -> None:
    table = Table("goals", "Mål", ("a", "b", "c", "d"), (
        ('komma, "citat"', "linje\nskift", -1.5, "@SUM(A1)"),
        ("=1+1", "+45 12 34", None, dt.date(2019, 12, 31)),
    ))
    text = to_csv(table).decode("utf-8-sig")
    assert text.split("\r\n")[1] == '"komma, ""citat""","linje\nskift",-1.5,\'@SUM(A1)'
    assert text.split("\r\n")[2] == "'=1+1,'+45 12 34,,2019-12-31"
    book = load_workbook(io.BytesIO(to_xlsx([table])))
    sheet = book["Mål"]
    assert sheet["A3"].value == "=1+1"
    assert sheet["A3"].data_type == "s"
    assert sheet["C2"].value == -1.5
