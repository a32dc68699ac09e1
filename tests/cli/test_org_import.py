"""`strategibot org import FILE.csv`: all or nothing, bad rows named by line."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from strategibot.store.db import create_engine, sessionmaker
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
