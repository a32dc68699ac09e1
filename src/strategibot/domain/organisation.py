"""The organisation: centres, their units, leaders and FTE counts — from YAML, a CSV export or
an Excel workbook.

An import is all or nothing: every problem is reported with its line (CSV) or row (Excel)
number and nothing is imported while any remains. What is accepted, as a spreadsheet user
expects:

* **CSV** as RFC 4180 has it: comma-, semicolon- or tab-separated (read from the header line),
  quoted fields with commas, line breaks and quotes (written twice inside the quotes) in
  them; UTF-8 with or without a byte order mark, or UTF-16 with one (Excel's "Unicode text").
  Any other encoding is refused with the line of the first byte that is not UTF-8 and how to
  save the file again.
* **Excel** ``.xlsx`` (the first sheet with the columns; numbers and text cells alike).
* Codes are unique without regard to case (``CPKS-01`` and ``cpks-01`` are one unit), names and
  e-mail addresses must fit the database (200 and 320 characters) and hold no control
  characters, blank rows are skipped and extra columns ignored.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from strategibot.core.yamlfiles import load_yaml
from strategibot.errors import StrategibotError

__all__ = [
    "CSV_COLUMNS",
    "MAX_FILE_BYTES",
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
    "parse_organisation_xlsx",
    "read_organisation_file",
]

CSV_COLUMNS = (
    "centre_code", "centre_name", "centre_chief_email",
    "unit_code", "unit_name", "leader_email", "fte",
)
MAX_FILE_BYTES = 20 * 1024 * 1024
"""The largest organisation file read."""
MAX_ROWS = 50_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NAME_LENGTH = 200
_EMAIL_LENGTH = 320
_SAVE_AS = ("save it again as \"CSV UTF-8\" (in Excel: File → Save a copy → CSV UTF-8 "
            "(comma delimited)) or as an Excel workbook (.xlsx), and import that")


MAX_FTE = 100_000.0
"""A unit's FTE above this is refused at import (the chat's proposals are capped lower)."""


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


def read_organisation_file(path: Path) -> Organisation:
    """The organisation in a ``.csv`` or ``.xlsx`` file.

    Raises:
        OrganisationInvalid: the file cannot be read or has problems (each with its line).
    """
    suffix = path.suffix.lower()
    if suffix in (".xls", ".xlsm", ".xlsb", ".ods", ".numbers"):
        raise OrganisationInvalid([f"{suffix} files are not read; {_SAVE_AS}"])
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise OrganisationInvalid([f"the file is larger than "
                                       f"{MAX_FILE_BYTES // (1024 * 1024)} MB"])
        data = path.read_bytes()
    except OSError as exc:
        raise OrganisationInvalid([f"cannot be read ({exc.strerror or exc})"]) from None
    if suffix == ".xlsx" or data.startswith(b"PK\x03\x04"):
        return parse_organisation_xlsx(data)
    return parse_organisation_csv(decode_csv(data))


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (a byte order mark is fine) or UTF-16 with one.

    Raises:
        OrganisationInvalid: another encoding (named by the line of its first odd byte).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise OrganisationInvalid([f"line 1: the file says it is UTF-16 but is not; "
                                       f"{_SAVE_AS}"]) from None
    head = data[:4096]
    if head and head.count(0) > len(head) // 4:
        raise OrganisationInvalid(["line 1: the file looks like UTF-16 without a byte order "
                                   f"mark, which cannot be read safely; {_SAVE_AS}"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        guess = " (Windows-1252 / Latin-1, as older Excel versions save CSV)" \
            if byte in (0xC6, 0xD8, 0xC5, 0xE6, 0xF8, 0xE5, 0xE9, 0xFC, 0xF6, 0xE4) else ""
        raise OrganisationInvalid([f"line {line}: the file is not UTF-8: byte 0x{byte:02X} "
                                   f"is in another encoding{guess}; {_SAVE_AS}"]) from None


def _delimiter(header_line: str) -> str:
    """The separator of the header line: the most frequent of , ; and tab outside quotes."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, its fields), RFC 4180; blank lines skipped."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first),
                        quotechar='"', doublequote=True, skipinitialspace=False, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise OrganisationInvalid([
                f"line {start}: the quoting is broken ({exc}); a field with a quote in it "
                "is written in quotes with the quote doubled: \"Center for \"\"Kultur\"\"\""
            ]) from None
        yield start, fields


def parse_organisation_csv(text: str) -> Organisation:
    """Parse a CSV export (columns: see ``CSV_COLUMNS``; comma, semicolon or tab separated)."""
    return _parse_rows(_csv_rows(text), "line")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_organisation_xlsx(data: bytes) -> Organisation:
    """Parse an Excel workbook: the first sheet whose first row names the columns."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise OrganisationInvalid([f"row 1: not an Excel workbook (.xlsx) ({type(exc).__name__})"
                                   ]) from None
    try:
        sheets = list(workbook.worksheets)
        chosen = sheets[0] if sheets else None
        for sheet in sheets:
            first = next(sheet.iter_rows(max_row=1, values_only=True), ())
            if "unit_code" in {_cell(v).strip().lower() for v in first}:
                chosen = sheet
                break
        if chosen is None:
            raise OrganisationInvalid(["row 1: the workbook has no sheet"])
        rows = [(number, [_cell(v) for v in values]) for number, values in
                enumerate(chosen.iter_rows(values_only=True), start=1)
                if number <= MAX_ROWS + 1]
    finally:
        workbook.close()
    return _parse_rows(rows, "row")


def _parse_rows(rows: Iterable[tuple[int, list[str]]], word: str) -> Organisation:
    """The organisation in header + data rows; every problem names its ``word`` (line/row)."""
    records = iter(rows)
    header_found = next(((n, f) for n, f in records if any(v.strip() for v in f)), None)
    if header_found is None:
        raise OrganisationInvalid([f"{word} 1: the file is empty"])
    header_line, raw_header = header_found
    header = [h.strip().lstrip("\ufeff").lower() for h in raw_header]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise OrganisationInvalid([f"{word} {header_line}: missing column(s): "
                                   f"{', '.join(missing)}"])
    twice = sorted({c for c in CSV_COLUMNS if header.count(c) > 1})
    if twice:
        raise OrganisationInvalid([f"{word} {header_line}: column(s) named twice: "
                                   f"{', '.join(twice)}"])
    index = {c: header.index(c) for c in CSV_COLUMNS}
    width = max((i for i, h in enumerate(header) if h), default=0) + 1
    problems: list[str] = []
    centres: dict[str, dict[str, Any]] = {}
    unit_codes: dict[str, tuple[str, int]] = {}
    try:
        _read_units(records, word, width, index, problems, centres, unit_codes)
    except OrganisationInvalid as exc:  # the file cannot be read on: what was found, and why
        problems.extend(exc.problems)
    if not problems and not unit_codes:
        problems.append(f"{word} {header_line + 1}: no units in the file")
    if problems:
        raise OrganisationInvalid(problems)
    return Organisation(tuple(
        CentreSpec(c["code"], c["name"], c["chief"], tuple(c["units"]))
        for c in centres.values()))


def _read_units(records: Iterator[tuple[int, list[str]]], word: str, width: int,
                index: dict[str, int], problems: list[str], centres: dict[str, dict[str, Any]],
                unit_codes: dict[str, tuple[str, int]]) -> None:
    count = 0
    for line, fields in records:
        if not any(v.strip() for v in fields):
            continue
        count += 1
        if count > MAX_ROWS:
            problems.append(f"{word} {line}: more than {MAX_ROWS} units")
            break
        extra = [v for v in fields[width:] if v.strip()]
        if extra:
            problems.append(f"{word} {line}: {len(fields)} fields, but the header has "
                            f"{width} columns (a separator inside a name must be in quotes)")
            continue
        values = {c: (fields[i] if i < len(fields) else "").strip() for c, i in index.items()}
        row_problems = _row_problems(values)
        code = values["unit_code"]
        folded = code.casefold()
        if code and folded in unit_codes:
            other, other_line = unit_codes[folded]
            same = "" if other == code else f" (as '{other}': codes do not differ by case)"
            row_problems.append(f"unit_code '{code}' is also on {word} {other_line}{same}")
        if code and folded not in unit_codes:
            unit_codes[folded] = (code, line)
        if row_problems:
            problems.append(f"{word} {line}: " + "; ".join(row_problems))
            continue
        centre_key = values["centre_code"].casefold()
        centre = centres.setdefault(centre_key, {
            "code": values["centre_code"], "name": values["centre_name"],
            "chief": _email(values["centre_chief_email"]), "line": line, "units": []})
        if centre["name"] != values["centre_name"]:
            problems.append(f"{word} {line}: centre '{values['centre_code']}' is named "
                            f"'{centre['name']}' on {word} {centre['line']}")
            continue
        chief = _email(values["centre_chief_email"])
        if chief and centre["chief"] and chief != centre["chief"]:
            problems.append(f"{word} {line}: centre '{values['centre_code']}' has chief "
                            f"'{centre['chief']}' on {word} {centre['line']}")
            continue
        centre["chief"] = centre["chief"] or chief
        centre["units"].append(UnitSpec(code, values["unit_name"],
                                        _email(values["leader_email"]),
                                        parse_number(values["fte"])))


def _row_problems(values: dict[str, str]) -> list[str]:
    problems = []
    for column in ("centre_code", "centre_name", "unit_code", "unit_name", "fte"):
        if not values[column]:
            problems.append(f"{column} is empty")
    for column, value in values.items():
        if _CONTROL.search(value):
            problems.append(f"{column} contains a control character (such as NUL or a line "
                            "break)")
    for column in ("centre_code", "unit_code"):
        value = values[column]
        if value and not _CONTROL.search(value) and not _CODE.match(value):
            problems.append(f"{column} '{_short(value)}' must be letters, digits, '-', '_' "
                            "or '.' (at most 32)")
    for column in ("centre_name", "unit_name"):
        if len(values[column]) > _NAME_LENGTH:
            problems.append(f"{column} is {len(values[column])} characters long (at most "
                            f"{_NAME_LENGTH})")
    for column in ("centre_chief_email", "leader_email"):
        value = values[column]
        if value and (len(value) > _EMAIL_LENGTH or not _EMAIL.match(value)):
            problems.append(f"{column} '{_short(value)}' is not an e-mail address")
    if values["fte"]:
        try:
            fte = parse_number(values["fte"])
            if fte != fte or fte in (float("inf"), float("-inf")):
                problems.append(f"fte '{_short(values['fte'])}' is not a number")
            elif not fte > 0:
                problems.append(f"fte '{_short(values['fte'])}' must be more than 0")
            elif fte > MAX_FTE:
                problems.append(f"fte '{_short(values['fte'])}' is more than {MAX_FTE:g} "
                                "(a unit's full-time equivalents)")
        except ValueError:
            problems.append(f"fte '{_short(values['fte'])}' is not a number")
    return problems


def _short(value: str, limit: int = 60) -> str:
    value = _CONTROL.sub("?", value)
    return value if len(value) <= limit else value[:limit] + "…"


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

    def name_of(self, centre_id: int, unit_id: int | None) -> str:
        """The unit's name (or the centre's, for a centre-level report); "?" if gone."""
        if unit_id is not None:
            return next((u.name for u in self.units if u.id == unit_id), "?")
        return next((c.name for c in self.centres if c.id == centre_id), "?")

    def units_of(self, centre_id: int) -> list[UnitInfo]:
        return [u for u in self.units if u.centre_id == centre_id]
