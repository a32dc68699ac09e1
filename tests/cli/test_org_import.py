"""`strategibot org import FILE.csv|.xlsx`: all or nothing, bad rows named by line, files read as
a spreadsheet user expects (RFC 4180 quoting, UTF-8 or UTF-16 with a BOM, codes without regard
to case, Excel workbooks)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from strategibot.store.db import create_engine, sessionmaker, upgrade
from strategibot.store.tables import Unit

HEADER = "centre_code;centre_name;centre_chief_email;unit_code;unit_name;leader_email;fte\n"


def _import(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    csv = tmp_path / "org.csv"
    csv.write_text(text, encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"}
    return subprocess.run([sys.executable, "-m", "strategibot", "org", "import", str(csv)],
                          text=True, capture_output=True, env=env, timeout=60, check=False)


def _units(tmp_path: Path) -> list[tuple[str, str, float, bool]]:
    async def read() -> list[tuple[str, str, float, bool]]:
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
        async with sessionmaker(engine)() as session:
            rows = (await session.scalars(select(Unit).order_by(Unit.code))).all()
            result = [(u.code, u.name, u.fte, u.active) for u in rows]
        await engine.dispose()
        return result

    return asyncio.run(read())


def test_a_danish_excel_export_is_imported(tmp_path: Path) -> None:
    done = _import(tmp_path, "\ufeff" + HEADER +
                   "CPKS;Center for Politik, Kultur og Strategi;chef@ltk.dk;CPKS-1;Strategi;"
                   "leder@ltk.dk;12,5\n"
                   "CPKS;Center for Politik, Kultur og Strategi;;CPKS-2;Kultur;;1.234,5\n")
    assert done.returncode == 0, done.stderr
    assert "1 centres and 2 units imported" in done.stdout
    assert _units(tmp_path) == [("CPKS-1", "Strategi", 12.5, True),
                                ("CPKS-2", "Kultur", 1234.5, True)]


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(tmp_path: Path) -> None:
    assert _import(tmp_path, HEADER + "C0;Before;;U0;Unit before;;1\n").returncode == 0
    done = _import(tmp_path, HEADER +
                   "C1;Centre one;chief@ltk.dk;U1;Unit one;leader@ltk.dk;10\n"
                   "C1;Centre one;chief@ltk.dk;U2;Unit two;not-an-email;ti\n"
                   "C1;Centre One Renamed;;U3;Unit three;;5\n"
                   "C2;Centre two;;U1;Unit again;;0\n")
    assert done.returncode == 1
    err = done.stderr
    assert ("line 3: leader_email 'not-an-email' is not an e-mail address; "
            "fte 'ti' is not a number") in err
    assert "line 4: centre 'C1' is named 'Centre one' on line 2" in err
    assert "line 5: fte '0' must be more than 0; unit_code 'U1' is also on line 2" in err
    assert "nothing was imported" in err
    assert "Traceback" not in err
    assert _units(tmp_path) == [("U0", "Unit before", 1.0, True)]  # untouched


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    done = _import(tmp_path, "centre_code,centre_name,unit_code,unit_name,fte\nC,C,U,U,1\n")
    assert done.returncode == 1
    assert "line 1: missing column(s): centre_chief_email, leader_email" in done.stderr


def test_units_no_longer_listed_are_deactivated_not_deleted(tmp_path: Path) -> None:
    first = HEADER + "C1;One;;U1;Unit one;;10\nC1;One;;U2;Unit two;;20\n"
    assert _import(tmp_path, first).returncode == 0
    done = _import(tmp_path, HEADER + "C1;One;;U1;Unit one, renamed;;11\n")
    assert done.returncode == 0
    assert "1 units no longer listed were deactivated" in done.stdout
    assert _units(tmp_path) == [("U1", "Unit one, renamed", 11.0, True),
                                ("U2", "Unit two", 20.0, False)]


# ------------------------------------------------------------------ as a spreadsheet user expects

COMMA_HEADER = "centre_code,centre_name,centre_chief_email,unit_code,unit_name,leader_email,fte\n"


def _import_bytes(tmp_path: Path, data: bytes, name: str = "org.csv",
                  database: str | None = None) -> subprocess.CompletedProcess[str]:
    path = tmp_path / name
    path.write_bytes(data)
    url = database or f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "strategibot", "org", "import", str(path)],
                          text=True, capture_output=True, env=env, timeout=60, check=False)


def _names(tmp_path: Path) -> list[tuple[str, str]]:
    return [(code, name) for code, name, _fte, _active in _units(tmp_path)]


def test_rfc_4180_quotes_are_read_as_written(tmp_path: Path) -> None:
    done = _import_bytes(tmp_path, (
        COMMA_HEADER +
        'CPKS,"Center for Politik, Kultur og Strategi",chef@ltk.dk,CPKS-01,'
        '"Team ""Analyse"", Data",leder@ltk.dk,"12,5"\n'
        'CPKS,"Center for Politik, Kultur og Strategi",,CPKS-02,Kultur,,3\n').encode())
    assert done.returncode == 0, done.stderr
    assert _names(tmp_path) == [("CPKS-01", 'Team "Analyse", Data'), ("CPKS-02", "Kultur")]


def test_unit_codes_are_unique_without_regard_to_case(tmp_path: Path) -> None:
    done = _import(tmp_path, HEADER + "C1;One;;CPKS-01;A;;1\nC1;One;;cpks-01;B;;2\n")
    assert done.returncode == 1
    assert ("line 3: unit_code 'cpks-01' is also on line 2 (as 'CPKS-01': codes do not "
            "differ by case)") in done.stderr
    assert _import(tmp_path, HEADER + "C1;One;;CPKS-01;A;;1\n").returncode == 0
    again = _import(tmp_path, HEADER + "c1;One;;cpks-01;A renamed;;1\n")
    assert again.returncode == 0, again.stderr
    assert "(0 units no longer listed were deactivated)" in again.stdout
    assert _units(tmp_path) == [("cpks-01", "A renamed", 1.0, True)]  # one unit, respelled


def test_control_characters_and_long_names_are_named_by_line(database_url: str,
                                                             tmp_path: Path) -> None:
    asyncio.run(upgrade(database_url))
    done = _import_bytes(tmp_path, (
        HEADER + "C1;One;;U1;Unit\x00one;;1\n" + f"C1;One;;U2;{'N' * 5000};;1\n"
        + 'C1;One;;U3;"two\nlines";;1\n' + "C1;One;;U4;Fine;;x\n").encode(),
        database=database_url)
    assert done.returncode == 1
    err = done.stderr
    assert "line 2: unit_name contains a control character" in err
    assert "line 3: unit_name is 5000 characters long (at most 200)" in err
    assert "line 4: unit_name contains a control character" in err
    assert "line 6: fte 'x' is not a number" in err  # the quoted line break moved line 6
    assert "DBAPIError" not in err
    assert "database error" not in err


def test_other_encodings_are_refused_with_the_fix(tmp_path: Path) -> None:
    latin = (HEADER + "C1;Økonomi;;U1;Løn og Personale;;1\n").encode("latin-1")
    done = _import_bytes(tmp_path, latin)
    assert done.returncode == 1
    assert "line 2: the file is not UTF-8: byte 0xD8" in done.stderr
    assert "Windows-1252 / Latin-1" in done.stderr
    assert 'save it again as "CSV UTF-8"' in done.stderr
    assert ".xlsx" in done.stderr
    no_bom = (HEADER + "C1;One;;U1;A;;1\n").encode("utf-16-le")
    done = _import_bytes(tmp_path, no_bom)
    assert done.returncode == 1
    assert "UTF-16 without a byte order mark" in done.stderr


def test_excel_unicode_text_is_read(tmp_path: Path) -> None:
    text = HEADER.replace(";", "\t") + "C1\tØkonomi\t\tU1\tLøn\t\t1,5\n"
    done = _import_bytes(tmp_path, text.encode("utf-16"))  # with a byte order mark
    assert done.returncode == 0, done.stderr
    assert _units(tmp_path) == [("U1", "Løn", 1.5, True)]


def test_more_fields_than_columns_suggests_quotes(tmp_path: Path) -> None:
    done = _import_bytes(tmp_path, (COMMA_HEADER + "C1,Politik, Kultur,,U1,A,,1\n").encode())
    assert done.returncode == 1
    assert "line 2: 8 fields, but the header has 7 columns" in done.stderr
    assert "in quotes" in done.stderr


def _workbook(rows: list[list[object]]) -> bytes:
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Enheder"
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


COLUMNS = ["centre_code", "centre_name", "centre_chief_email", "unit_code", "unit_name",
           "leader_email", "fte"]


def test_an_excel_workbook_is_imported(tmp_path: Path) -> None:
    data = _workbook([COLUMNS,
                      ["CPKS", "Center for Politik, Kultur og Strategi", "chef@ltk.dk",
                       "CPKS-01", 'Team "Analyse"', "Leder@LTK.dk", 12.5],
                      [None] * 7,  # Excel's empty rows are skipped
                      ["CPKS", "Center for Politik, Kultur og Strategi", None, "CPKS-02",
                       "Kultur", None, 3]])
    done = _import_bytes(tmp_path, data, "organisation.xlsx")
    assert done.returncode == 0, done.stderr
    assert "1 centres and 2 units imported" in done.stdout
    assert _units(tmp_path) == [("CPKS-01", 'Team "Analyse"', 12.5, True),
                                ("CPKS-02", "Kultur", 3.0, True)]


def test_a_bad_workbook_row_is_named_by_its_row(tmp_path: Path) -> None:
    data = _workbook([COLUMNS, ["C1", "One", None, "U1", "A", "not-an-email", 1],
                      ["C1", "One", None, "u1", "B", None, "ti"]])
    done = _import_bytes(tmp_path, data, "organisation.xlsx")
    assert done.returncode == 1
    assert "row 2: leader_email 'not-an-email' is not an e-mail address" in done.stderr
    assert "row 3: fte 'ti' is not a number; unit_code 'u1' is also on row 2" in done.stderr
    assert not (tmp_path / "bot.db").exists()  # refused before the database was opened


@pytest.mark.parametrize(("name", "data", "message"), [
    ("org.xls", b"\xd0\xcf\x11\xe0", ".xls files are not read"),
    ("org.xlsx", b"PK\x03\x04 not really a zip", "not an Excel workbook"),
    ("org.csv", b"", "the file is empty"),
])
def test_files_that_cannot_be_read_say_why(tmp_path: Path, name: str, data: bytes,
                                           message: str) -> None:
    done = _import_bytes(tmp_path, data, name)
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr
