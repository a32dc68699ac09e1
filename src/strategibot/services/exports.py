"""The figures behind the progress page, for management: tables per goal, per goal and week,
per centre and (admins only) per unit — as CSV (RFC 4180: comma, CRLF, quotes doubled; UTF-8
with a byte order mark, so Excel shows æ, ø and å), as an Excel workbook, and as JSON.

The same rules as the page and the chat: every figure with its coverage, the status the chat
gives (:func:`~strategibot.domain.progress.telling.status_text`), no centre figure that stands
on fewer than ``STRATEGIBOT_MIN_UNITS_SHOWN`` units (its cell is empty and says why), units and
centres — never persons. A text that a spreadsheet would run as a formula (``=``, ``+``, ``-``,
``@`` first: a form's name is typed by a leader) is written as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from strategibot.core.i18n import I18n
from strategibot.domain.checkins.flows import Flows
from strategibot.domain.knowledge.load import Goal, KnowledgeBase
from strategibot.domain.progress.digest import short_name, status_word
from strategibot.domain.progress.telling import coverage_text, figure_text, status_text
from strategibot.services.dashboard import Snapshot

__all__ = ["LEVELS", "Level", "Table", "snapshot_json", "tables", "to_csv", "to_xlsx"]

Level = Literal["goals", "weeks", "centres", "units"]
LEVELS: tuple[Level, ...] = ("goals", "weeks", "centres", "units")
"""What can be exported; ``units`` is for admins only."""
Cell = str | int | float | dt.date | None
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Table:
    """One export: its name (the sheet's), column headings and rows."""

    level: Level
    name: str
    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def _h(i18n: I18n, lang: str, *keys: str) -> tuple[str, ...]:
    return tuple(i18n.text(f"dashboard.export.{key}", lang) for key in keys)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _goal_rows(snapshot: Snapshot, kb: KnowledgeBase, i18n: I18n, lang: str) -> Table:
    rows = []
    for goal in kb.goals:
        item = snapshot.progress[goal.id]
        cov = item.coverage
        rows.append((goal.id, short_name(goal, i18n, lang), goal.title.get(lang), goal.theme,
                     _round(item.value), goal.unit.get(lang), goal.target, goal.baseline,
                     status_word(item, i18n, lang), status_text(kb, goal, item, i18n, lang),
                     cov.reported, cov.expected, i18n.text(f"progress.none_of.{cov.of}", lang),
                     _round(100 * cov.share, 1),
                     _round(100 * cov.share, 1) if cov.by_fte else None,
                     figure_text(goal, item, i18n, lang), goal.deadline,
                     snapshot.as_of.strftime("%Y-%m-%d %H:%M")))
    return Table("goals", i18n.text("dashboard.export.sheet.goals", lang), _h(
        i18n, lang, "goal_id", "goal", "title", "theme", "figure", "unit", "target",
        "baseline", "status", "status_text", "reported", "expected", "of", "coverage_pct",
        "fte_pct", "figure_text", "deadline", "as_of"), tuple(rows))


def _week_rows(snapshot: Snapshot, kb: KnowledgeBase, i18n: I18n, lang: str) -> Table:
    rows = []
    for goal in kb.goals:
        for point in snapshot.series.get(goal.id, ()):
            rows.append((goal.id, short_name(goal, i18n, lang), point.day, _round(point.value),
                         i18n.text(f"progress.status.{point.status}", lang), point.reported,
                         point.expected, _round(100 * point.share, 1)))
    return Table("weeks", i18n.text("dashboard.export.sheet.weeks", lang), _h(
        i18n, lang, "goal_id", "goal", "week_ending", "figure", "status", "reported",
        "expected", "coverage_pct"), tuple(rows))


def _centre_rows(snapshot: Snapshot, kb: KnowledgeBase, i18n: I18n, lang: str) -> Table:
    directory = snapshot.directory
    rows: list[tuple[Cell, ...]] = []
    for centre in directory.centres:
        units = [u.code for u in directory.units if u.centre_id == centre.id]
        for goal in kb.goals:
            item = snapshot.progress[goal.id]
            missing = set(item.missing)
            if goal.reported_by == "unit":
                reported = sum(1 for code in units if code not in missing)
                expected = len(units)
            else:
                reported, expected = int(centre.code not in missing), 1
            note = None
            value = item.per_centre.get(centre.code)
            if centre.code in item.suppressed:
                why = "shielding" if centre.code in item.shielding else \
                    "one_leader" if centre.code in item.one_leader else "withheld"
                value, note = None, i18n.text(f"dashboard.centre.{why}_long", lang)
            elif reported == 0:
                value, note = None, i18n.text("dashboard.centre.not_reported", lang)
            rows.append((centre.code, centre.name, goal.id, short_name(goal, i18n, lang),
                         _round(value), note, reported, expected))
    return Table("centres", i18n.text("dashboard.export.sheet.centres", lang), _h(
        i18n, lang, "centre_code", "centre", "goal_id", "goal", "figure", "note",
        "reported", "expected"), tuple(rows))


def _unit_rows(snapshot: Snapshot, kb: KnowledgeBase, flows: Flows, i18n: I18n,
               lang: str) -> Table:
    directory = snapshot.directory
    goals = [g for g in kb.goals if g.reported_by == "unit" and g.id in flows.goals]
    reports: dict[tuple[int, str], list[str]] = {}
    for goal_id, _centre, unit_id, theme, value, _item in snapshot.rows:
        if unit_id is None or goal_id not in flows.goals or not value:
            continue
        reports.setdefault((unit_id, goal_id), []).append(
            flows.summary(goal_id, value, lang, theme))
    centres = {c.id: c for c in directory.centres}
    rows: list[tuple[Cell, ...]] = []
    for unit in directory.units:
        centre = centres.get(unit.centre_id)
        for goal in goals:
            found = reports.get((unit.id, goal.id), [])
            rows.append((centre.code if centre else None, centre.name if centre else None,
                         unit.code, unit.name, unit.fte, goal.id, short_name(goal, i18n, lang),
                         i18n.text("dashboard.export.yes" if found else "dashboard.export.no",
                                   lang), "; ".join(found) or None))
    return Table("units", i18n.text("dashboard.export.sheet.units", lang), _h(
        i18n, lang, "centre_code", "centre", "unit_code", "unit", "fte", "goal_id", "goal",
        "has_reported", "report"), tuple(rows))


def tables(snapshot: Snapshot, kb: KnowledgeBase, flows: Flows, i18n: I18n, lang: str,
           levels: Sequence[Level]) -> list[Table]:
    """The tables of ``levels`` (the caller decides who may have ``units``)."""
    made = {"goals": lambda: _goal_rows(snapshot, kb, i18n, lang),
            "weeks": lambda: _week_rows(snapshot, kb, i18n, lang),
            "centres": lambda: _centre_rows(snapshot, kb, i18n, lang),
            "units": lambda: _unit_rows(snapshot, kb, flows, i18n, lang)}
    return [made[level]() for level in levels]


def _text_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) and not isinstance(value, int) else text


def to_csv(table: Table) -> bytes:
    """``table`` as RFC 4180 CSV in UTF-8 with a byte order mark."""
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
    writer.writerow(table.headings)
    for row in table.rows:
        writer.writerow([_text_cell(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(made: Sequence[Table]) -> bytes:
    """The tables as one Excel workbook, a sheet each; numbers as numbers, dates as dates,
    text always as text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for table in made:
        sheet = book.create_sheet(table.name[:31])
        sheet.append(list(table.headings))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for number, row in enumerate(table.rows, start=2):
            for column, value in enumerate(row, start=1):
                target = sheet.cell(row=number, column=column, value=value)
                if isinstance(value, str):
                    target.data_type = "s"  # a leading "=" stays text
                elif isinstance(value, dt.date):
                    target.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        for column, heading in enumerate(table.headings, start=1):
            width = max([len(heading), *(len(_text_cell(r[column - 1])) for r in table.rows)])
            sheet.column_dimensions[get_column_letter(column)].width = min(60, width + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _goal_json(goal: Goal, snapshot: Snapshot, kb: KnowledgeBase, i18n: I18n,
               lang: str) -> dict[str, Any]:
    item = snapshot.progress[goal.id]
    cov = item.coverage
    directory = snapshot.directory
    return {
        "id": goal.id, "name": short_name(goal, i18n, lang), "title": goal.title.get(lang),
        "value": _round(item.value), "target": goal.target, "baseline": goal.baseline,
        "unit": goal.unit.get(lang), "deadline": goal.deadline.isoformat(),
        "status": str(item.status), "status_word": status_word(item, i18n, lang),
        "status_text": status_text(kb, goal, item, i18n, lang),
        "figure_text": figure_text(goal, item, i18n, lang),
        "coverage": {"of": cov.of, "reported": cov.reported, "expected": cov.expected,
                     "share": _round(cov.share), "by_fte": cov.by_fte,
                     "text": coverage_text(cov, i18n, lang)},
        "per_centre": {c.code: (None if c.code in item.suppressed
                                else _round(item.per_centre.get(c.code)))
                       for c in directory.centres},
        "withheld": sorted(item.suppressed),
        "withheld_to_shield": sorted(item.shielding),
        "withheld_one_leader": sorted(item.one_leader),
        "missing": list(item.missing),
        "weeks": [{"day": p.day.isoformat(), "value": _round(p.value), "status": str(p.status),
                   "reported": p.reported, "expected": p.expected,
                   "share": _round(p.share)}
                  for p in snapshot.series.get(goal.id, ())],
    }


def snapshot_json(snapshot: Snapshot, kb: KnowledgeBase, i18n: I18n,
                  lang: str) -> dict[str, Any]:
    """The page's figures as JSON (in ``lang`` where they are words)."""
    period = kb.strategy.period
    return {
        "lang": lang,
        "as_of": snapshot.as_of.isoformat(),
        "today": snapshot.today.isoformat(),
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat(),
                   "closes": period.closes.isoformat()},
        "goals": [_goal_json(goal, snapshot, kb, i18n, lang) for goal in kb.goals],
        "centres": [{"code": c.code, "name": c.name} for c in snapshot.directory.centres],
        "units": [{"code": u.code, "name": u.name} for u in snapshot.directory.units],
    }
