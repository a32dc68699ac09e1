"""The organisation: centres, their units, leaders and FTE counts — from YAML or a CSV export.

A CSV import is all or nothing: every bad row is reported with its line number and nothing is
imported while any remains.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from strategibot.core.yamlfiles import load_yaml
from strategibot.errors import StrategibotError

__all__ = [
    "CSV_COLUMNS",
    "CentreInfo",
    "CentreSpec",
    "Directory",
    "Organisation",
    "OrganisationInvalid",
    "UnitInfo",
    "UnitSpec",
    "load_organisation_yaml",
    "parse_number",
    "parse_organisation_csv",
]

CSV_COLUMNS = (
    "centre_code", "centre_name", "centre_chief_email",
    "unit_code", "unit_name", "leader_email", "fte",
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}$")


class OrganisationInvalid(StrategibotError):
    """An organisation file has problems; ``problems`` lists them by line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True, slots=True)
class UnitSpec:
    code: str
    name: str
    leader_email: str | None
    fte: float


@dataclass(frozen=True, slots=True)
class CentreSpec:
    code: str
    name: str
    chief_email: str | None
    units: tuple[UnitSpec, ...]


@dataclass(frozen=True, slots=True)
class Organisation:
    centres: tuple[CentreSpec, ...]
    example: bool = False

    @property
    def unit_count(self) -> int:
        return sum(len(c.units) for c in self.centres)


def parse_number(text: str) -> float:
    """A number as Danes and others write it: "12,8", "12.8", "1.234,5", "1 234,5"."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    return float(cleaned)


def _email(value: str) -> str | None:
    value = value.strip().lower()
    return value or None


def load_organisation_yaml(path: Path) -> Organisation:
    """The organisation in ``path`` (the shipped example uses this form)."""
    data: Any = load_yaml(path.read_text(encoding="utf-8"))
    problems: list[str] = []
    centres: list[CentreSpec] = []
    for c_index, centre in enumerate(data.get("centres") or [], start=1):
        units = []
        for u_index, unit in enumerate(centre.get("units") or [], start=1):
            try:
                units.append(UnitSpec(str(unit["code"]), str(unit["name"]),
                                      _email(str(unit.get("leader") or "")), float(unit["fte"])))
            except (KeyError, TypeError, ValueError) as exc:
                problems.append(f"{path.name}: centre {c_index}, unit {u_index}: {exc}")
        centres.append(CentreSpec(str(centre["code"]), str(centre["name"]),
                                  _email(str(centre.get("chief") or "")), tuple(units)))
    if problems:
        raise OrganisationInvalid(problems)
    return Organisation(tuple(centres), example=bool(data.get("example")))


def parse_organisation_csv(text: str) -> Organisation:
    """Parse a CSV export (columns: see ``CSV_COLUMNS``; comma or semicolon separated)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise OrganisationInvalid(["line 1: the file is empty"])
    try:
        dialect: Any = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise OrganisationInvalid([f"line 1: missing column(s): {', '.join(missing)}"])
    reader.fieldnames = header
    problems: list[str] = []
    centres: dict[str, dict[str, Any]] = {}
    unit_codes: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        values = {k: (v or "").strip() for k, v in row.items() if k in CSV_COLUMNS}
        if None in row:
            problems.append(f"line {line}: more fields than columns")
            continue
        row_problems = []
        for column in ("centre_code", "centre_name", "unit_code", "unit_name", "fte"):
            if not values.get(column):
                row_problems.append(f"{column} is empty")
        for column in ("centre_code", "unit_code"):
            if values.get(column) and not _CODE.match(values[column]):
                row_problems.append(f"{column} '{values[column]}' must be letters, digits, "
                                    "'-', '_' or '.' (at most 32)")
        for column in ("centre_chief_email", "leader_email"):
            if values.get(column) and not _EMAIL.match(values[column]):
                row_problems.append(f"{column} '{values[column]}' is not an e-mail address")
        fte = 0.0
        if values.get("fte"):
            try:
                fte = parse_number(values["fte"])
                if not fte > 0 or fte > 100_000:
                    row_problems.append(f"fte '{values['fte']}' must be more than 0")
            except ValueError:
                row_problems.append(f"fte '{values['fte']}' is not a number")
        code = values.get("unit_code", "")
        if code in unit_codes:
            row_problems.append(f"unit_code '{code}' is also on line {unit_codes[code]}")
        if row_problems:
            problems.append(f"line {line}: " + "; ".join(row_problems))
            continue
        unit_codes[code] = line
        centre = centres.setdefault(values["centre_code"], {
            "name": values["centre_name"], "chief": _email(values["centre_chief_email"]),
            "line": line, "units": []})
        if centre["name"] != values["centre_name"]:
            problems.append(f"line {line}: centre '{values['centre_code']}' is named "
                            f"'{centre['name']}' on line {centre['line']}")
            continue
        chief = _email(values["centre_chief_email"])
        if chief and centre["chief"] and chief != centre["chief"]:
            problems.append(f"line {line}: centre '{values['centre_code']}' has chief "
                            f"'{centre['chief']}' on line {centre['line']}")
            continue
        centre["chief"] = centre["chief"] or chief
        centre["units"].append(UnitSpec(code, values["unit_name"],
                                        _email(values["leader_email"]), fte))
    if not problems and not unit_codes:
        problems.append("line 2: no units in the file")
    if problems:
        raise OrganisationInvalid(problems)
    return Organisation(tuple(
        CentreSpec(code, c["name"], c["chief"], tuple(c["units"])) for code, c in centres.items()
    ))


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    code: str
    name: str
    centre_id: int
    leader_email: str | None
    fte: float


@dataclass(frozen=True, slots=True)
class CentreInfo:
    id: int
    code: str
    name: str
    chief_email: str | None


@dataclass(frozen=True, slots=True)
class Directory:
    """The active organisation, for one turn or one computation."""

    centres: tuple[CentreInfo, ...]
    units: tuple[UnitInfo, ...]

    def centre(self, centre_id: int) -> CentreInfo:
        return next(c for c in self.centres if c.id == centre_id)

    def unit_by_code(self, code: str) -> UnitInfo | None:
        folded = code.casefold()
        return next((u for u in self.units if u.code.casefold() == folded), None)

    def units_led_by(self, email: str) -> list[UnitInfo]:
        email = email.casefold()
        return [u for u in self.units if u.leader_email == email]

    def centres_led_by(self, email: str) -> list[CentreInfo]:
        email = email.casefold()
        return [c for c in self.centres if c.chief_email == email]

    def units_of(self, centre_id: int) -> list[UnitInfo]:
        return [u for u in self.units if u.centre_id == centre_id]
