"""When a subscription's digest is posted: parsed from chat, computed in Europe/Copenhagen.

A :class:`Schedule` is weekly (a weekday) or monthly (a day 1–28, which every month has), at a
local clock time. Each *period* (an ISO week, "2026-W48", or a month, "2026-11") has one
:class:`Run`: ``planned`` is the schedule's day and time; ``at`` is when it is posted — moved to
the next working day at the same clock time when the planned day is a weekend or a Danish
holiday (:mod:`strategibot.domain.holidays`, with a municipality's extra days). A Friday run on
25 December 2026 is posted on Monday 28 December; the period key stays the planned one.

Times are local wall-clock times, so 09:00 stays 09:00 across daylight saving time (08:00Z in
winter, 07:00Z in summer). A time that does not exist — 02:00–02:59 on the last Sunday of March,
when clocks jump to 03:00 — runs at 03:00, the first moment after the gap. A time that happens
twice — 02:00–02:59 on the last Sunday of October — runs once, at the first (summer time). In
Denmark the changes fall on Sundays, which are never working days, so only ``planned`` can be
such a time; ``at`` never is.

Error: :class:`ScheduleInvalid` (a :class:`~strategibot.errors.StrategibotError`) carries a
Danish and an English reason for the user.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Literal
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger

from strategibot.domain.holidays import next_working_day
from strategibot.domain.normalise import fold
from strategibot.errors import StrategibotError

__all__ = [
    "DEFAULT_GRACE",
    "DEFAULT_TZ",
    "HolidayTrigger",
    "Kind",
    "Run",
    "Schedule",
    "ScheduleInvalid",
    "apscheduler_trigger",
    "missed_run",
    "next_run",
    "parse_schedule",
    "run_time",
    "runs_between",
]

Kind = Literal["weekly", "monthly"]
DEFAULT_TZ = "Europe/Copenhagen"
DEFAULT_GRACE = timedelta(hours=12)

WEEKDAYS_DA = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Holidays and weekends shift a run by at most 5 days (Easter: Thursday to Monday); looking
# back 14 days before a moment finds every run that can be shifted past it.
_LOOKBACK = timedelta(days=14)
_EXAMPLE_DA = 'Skriv fx "ugentlig fredag kl. 14" eller "månedlig den 15. kl. 9".'
_EXAMPLE_EN = 'Write e.g. "weekly friday at 14" or "monthly on the 15th at 9".'


class ScheduleInvalid(StrategibotError):
    """A schedule the user wrote cannot be understood or is out of range."""

    def __init__(self, reason_da: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_da = reason_da
        self.reason_en = reason_en

    def reason(self, lang: str) -> str:
        """The reason in ``lang`` ("da" or "en"; anything else gets Danish)."""
        return self.reason_en if lang == "en" else self.reason_da


@dataclass(frozen=True, slots=True)
class Schedule:
    """Weekly on ``weekday`` (0 = Monday) or monthly on ``day`` (1–28), at ``hour:minute``.

    The field a kind does not use is normalised (``day=1`` for weekly, ``weekday=0`` for
    monthly), so equal schedules compare equal. ``Schedule()`` is the default: Monday 09:00.
    """

    kind: Kind = "weekly"
    weekday: int = 0
    day: int = 1
    hour: int = 9
    minute: int = 0

    def __post_init__(self) -> None:
        if self.kind not in ("weekly", "monthly"):
            raise ScheduleInvalid(f'Ukendt slags plan "{self.kind}": brug ugentlig eller månedlig.',
                                  f'Unknown schedule kind "{self.kind}": use weekly or monthly.')
        if not 0 <= self.weekday <= 6:
            raise ScheduleInvalid(f"Ugedag {self.weekday} findes ikke (0 = mandag … 6 = søndag).",
                                  f"There is no weekday {self.weekday} (0 = Monday … 6 = Sunday).")
        if not 1 <= self.day <= 28:
            raise ScheduleInvalid(
                f"Den {self.day}. går ikke: vælg en dag fra 1 til 28, som alle måneder har.",
                f"Day {self.day} won't work: choose a day from 1 to 28, which every month has.")
        if not 0 <= self.hour <= 23:
            raise ScheduleInvalid(f"Klokken {self.hour} findes ikke: timen skal være 0–23.",
                                  f"There is no hour {self.hour}: the hour must be 0–23.")
        if not 0 <= self.minute <= 59:
            raise ScheduleInvalid(f"Minut {self.minute} findes ikke: minuttet skal være 0–59.",
                                  f"There is no minute {self.minute}: the minute must be 0–59.")
        object.__setattr__(self, *(("day", 1) if self.kind == "weekly" else ("weekday", 0)))

    def describe(self, lang: str) -> str:
        """"hver mandag kl. 09:00" / "every Monday at 09:00" ("da" unless ``lang`` is "en")."""
        clock = f"{self.hour:02d}:{self.minute:02d}"
        if self.kind == "weekly":
            if lang == "en":
                return f"every {WEEKDAYS_EN[self.weekday]} at {clock}"
            return f"hver {WEEKDAYS_DA[self.weekday]} kl. {clock}"
        if lang == "en":
            return f"on day {self.day} of every month at {clock}"
        return f"den {self.day}. i hver måned kl. {clock}"


@dataclass(frozen=True, slots=True)
class Run:
    """One occurrence: its period key, the planned local time and when it is posted."""

    period: str
    planned: datetime
    at: datetime


# ---------------------------------------------------------------------------------- parsing
_WORDS: dict[str, tuple[str, Any]] = {}


def _add(role: str, value: Any, text: str) -> None:
    for word in text.split():
        _WORDS[fold(word)] = (role, value)


_add("kind", "weekly", "ugentlig ugentligt ugentlige uge ugen weekly week")
_add("kind", "monthly", "månedlig månedligt månedlige måned måneden manedlig manedligt maned "
     "monthly month")
for _n, (_da, _en) in enumerate(zip(WEEKDAYS_DA, WEEKDAYS_EN, strict=True)):
    _en = _en.lower()
    _add("weekday", _n, f"{_da} {_da}en {_da}e {_da[:3]} {_en} {_en}s {_en[:3]}")
_add("weekday", 1, "tues")
_add("weekday", 3, "thur thurs")
_add("mark", "day", "den d the day dag dagen")
_add("mark", "hour", "kl klokken at")
_add("ordinal", 1, "første first")
_add("ampm", "am", "am")
_add("ampm", "pm", "pm")
_add("last", None, "sidste last ultimo")
_add("filler", None, "om i hver hvert every each on of in og and på o'clock oclock")

_TOKEN = re.compile(
    r"(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?!\d)"
    r"|(?P<num>\d+)(?P<suffix>\.|(?:st|nd|rd|th)\b)?"
    r"|(?P<word>[^\W\d_]+(?:'[^\W\d_]+)?)"
)


@dataclass
class _Parts:
    kinds: set[Kind]
    weekdays: list[int]
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    ampm: str | None = None


def _invalid(da: str, en: str) -> ScheduleInvalid:
    return ScheduleInvalid(f"{da} {_EXAMPLE_DA}", f"{en} {_EXAMPLE_EN}")


def _set_day(parts: _Parts, day: int) -> None:
    if parts.day is not None:
        raise _invalid("Skriv kun én dag i måneden.", "Give only one day of the month.")
    parts.day = day


def _set_time(parts: _Parts, hour: int, minute: int | None) -> None:
    if parts.hour is not None:
        raise _invalid("Skriv kun ét klokkeslæt.", "Give only one time of day.")
    parts.hour, parts.minute = hour, minute


def parse_schedule(text: str) -> Schedule:
    """The schedule a user wrote after "abonnér"/"subscribe", in Danish or English.

    "" is weekly on Monday at 09:00. A weekday makes it weekly and a day of the month monthly;
    "kl"/"at" marks the hour and "den"/"the"/"day" or an ordinal ("15.", "3rd") the day. A bare
    number is the hour in a weekly schedule; in a monthly one the first is the day and the
    second the hour ("månedlig 15 9"). Hours are 24-hour unless "am"/"pm" follows.

    Raises:
        ScheduleInvalid: an unknown word, a day outside 1–28, an hour outside 0–23, or parts
            that contradict each other.
    """
    cleaned = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").strip()
    cleaned = cleaned.rstrip(" .!")  # "hver tirsdag kl 8." — a full stop, not an ordinal
    parts = _Parts(kinds=set(), weekdays=[])
    bare: list[int] = []
    pending: str | None = None  # "day" or "hour": what the next number is
    for match in _TOKEN.finditer(cleaned):
        if match["hh"]:
            _set_time(parts, int(match["hh"]), int(match["mm"]))
            pending = None
        elif match["num"]:
            number = int(match["num"])
            if pending == "hour":
                _set_time(parts, number, None)
            elif pending == "day" or match["suffix"]:
                _set_day(parts, number)
            else:
                bare.append(number)
            pending = None
        else:
            word = match["word"]
            role, value = _WORDS.get(fold(word), ("unknown", None))
            if role == "kind":
                parts.kinds.add(value)
            elif role == "weekday":
                parts.weekdays.append(value)
            elif role == "mark":
                pending = value
            elif role == "ordinal":
                _set_day(parts, value)
            elif role == "ampm":
                parts.ampm = value
            elif role == "last":
                raise _invalid("Den sidste dag i måneden går ikke: vælg en dag fra 1 til 28.",
                               "The last day of the month won't work: choose a day from 1 to 28.")
            elif role == "unknown":
                raise _invalid(f'Jeg forstår ikke "{word}".', f'I don\'t understand "{word}".')
    return _resolve(parts, bare)


def _resolve(parts: _Parts, bare: list[int]) -> Schedule:
    if len(parts.kinds) > 1:
        raise _invalid("Vælg ugentlig eller månedlig, ikke begge.",
                       "Choose weekly or monthly, not both.")
    if len(parts.weekdays) > 1:
        raise _invalid("Vælg én ugedag.", "Choose one weekday.")
    kind: Kind = next(iter(parts.kinds), "monthly" if parts.day is not None else "weekly")
    if kind == "weekly" and parts.day is not None:
        raise _invalid("En ugentlig plan har en ugedag, ikke en dato.",
                       "A weekly schedule runs on a weekday, not a date.")
    if kind == "monthly" and parts.weekdays:
        raise _invalid("En månedlig plan har en dato (1–28), ikke en ugedag.",
                       "A monthly schedule runs on a date (1–28), not a weekday.")
    for number in bare:
        if kind == "monthly" and parts.day is None:
            parts.day = number
        elif parts.hour is None:
            parts.hour = number
        else:
            raise _invalid(f'Jeg ved ikke, hvad "{number}" skal betyde.',
                           f'I don\'t know what "{number}" means.')
    hour = 9 if parts.hour is None else parts.hour
    if parts.ampm is not None:
        if parts.hour is None or not 1 <= hour <= 12:
            raise _invalid("Skriv am/pm efter en time fra 1 til 12.",
                           "Write am/pm after an hour from 1 to 12.")
        hour = hour % 12 + (12 if parts.ampm == "pm" else 0)
    return Schedule(kind=kind, weekday=parts.weekdays[0] if parts.weekdays else 0,
                    day=1 if parts.day is None else parts.day, hour=hour,
                    minute=parts.minute or 0)


# ---------------------------------------------------------------------------------- runs
def _zone(tz: str | tzinfo) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return moment


def _local(day: date, clock: time, tz: tzinfo) -> datetime:
    """``day`` at ``clock`` in ``tz``: the first of two, or the first moment after a gap."""
    wall = datetime.combine(day, clock, tzinfo=tz)  # fold=0: the first of an ambiguous pair
    if wall.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return wall
    # In a gap, fold=1 reads the time with the offset after the change (an instant before it)
    # and fold=0 with the offset before (an instant after it): search the change between.
    low = int(wall.replace(fold=1).timestamp())
    high = int(wall.timestamp())
    after = datetime.fromtimestamp(high, tz).utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == after:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, tz)


def _period_start(schedule: Schedule, day: date) -> date:
    if schedule.kind == "weekly":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next_period(schedule: Schedule, start: date) -> date:
    if schedule.kind == "weekly":
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def _previous_period(schedule: Schedule, start: date) -> date:
    return _period_start(schedule, start - timedelta(days=1))


def _period_key(schedule: Schedule, start: date) -> str:
    if schedule.kind == "weekly":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{start.year}-{start.month:02d}"


def _period_order(key: str) -> date:
    """The first day of a period key of either kind ("2026-W48" or "2026-11")."""
    match = re.fullmatch(r"(\d{4})-(?:W(\d{2})|(\d{2}))", key)
    if match is None:
        raise ValueError(f"not a period key: {key!r}")
    year, week, month = match.groups()
    if week is not None:
        return date.fromisocalendar(int(year), int(week), 1)
    return date(int(year), int(month), 1)


def _run(schedule: Schedule, start: date, tz: tzinfo) -> Run:
    planned_day = start + timedelta(days=schedule.weekday) if schedule.kind == "weekly" else (
        start.replace(day=schedule.day))
    clock = time(schedule.hour, schedule.minute)
    planned = _local(planned_day, clock, tz)
    working_day = next_working_day(planned_day)
    at = planned if working_day == planned_day else _local(working_day, clock, tz)
    return Run(_period_key(schedule, start), planned, at)


def _runs_from(schedule: Schedule, moment: datetime, tz: tzinfo) -> Iterator[Run]:
    """Runs in period order (``at`` ascending), from a period whose run is before ``moment``."""
    start = _period_start(schedule, (moment.astimezone(tz) - _LOOKBACK).date())
    start = _previous_period(schedule, start)
    while True:
        yield _run(schedule, start, tz)
        start = _next_period(schedule, start)


def run_time(schedule: Schedule, period_start_date: date, tz: str | tzinfo = DEFAULT_TZ,
             ) -> datetime:
    """When the run of the period that contains ``period_start_date`` is posted (``Run.at``).

    Any day of the period gives the same answer; the planned time is ``Run.planned`` from
    :func:`runs_between` or :func:`next_run`.
    """
    return _run(schedule, _period_start(schedule, period_start_date), _zone(tz)).at


def runs_between(schedule: Schedule, start: datetime, end: datetime,
                 tz: str | tzinfo = DEFAULT_TZ) -> list[Run]:
    """The runs posted in ``[start, end)`` (``start <= run.at < end``), in order."""
    _aware(start, "start")
    _aware(end, "end")
    runs = []
    for run in _runs_from(schedule, start, _zone(tz)):
        if run.planned >= end:  # at >= planned, and later periods plan later
            break
        if start <= run.at < end:
            runs.append(run)
    return runs


def next_run(schedule: Schedule, after: datetime, tz: str | tzinfo = DEFAULT_TZ) -> Run:
    """The first run posted strictly after ``after``."""
    _aware(after, "after")
    return next(run for run in _runs_from(schedule, after, _zone(tz)) if run.at > after)


def missed_run(schedule: Schedule, last_done_period: str | None, now: datetime,
               grace: timedelta = DEFAULT_GRACE, tz: str | tzinfo = DEFAULT_TZ) -> Run | None:
    """The run to make up for after downtime, or None; never more than one.

    It is the most recent run with ``at <= now``, if its period comes after
    ``last_done_period`` (compared by the periods' first days, so a key of the other kind
    works) and ``now - at <= grace``. Older missed runs are superseded by it.
    """
    _aware(now, "now")
    latest: Run | None = None
    for run in _runs_from(schedule, now, _zone(tz)):
        if run.at > now:
            break
        latest = run
    if latest is None or now - latest.at > grace:
        return None
    if last_done_period is not None and (
            _period_order(latest.period) <= _period_order(last_done_period)):
        return None
    return latest


# ---------------------------------------------------------------------------------- APScheduler
class HolidayTrigger(BaseTrigger):  # type: ignore[misc]  # APScheduler is untyped
    """An APScheduler 3 trigger that fires at each :func:`next_run` (holidays honoured)."""

    __slots__ = ("schedule", "timezone")

    def __init__(self, schedule: Schedule, timezone: str | tzinfo = DEFAULT_TZ) -> None:
        self.schedule = schedule
        self.timezone = _zone(timezone)

    def get_next_fire_time(self, previous_fire_time: datetime | None,
                           now: datetime) -> datetime | None:
        """The first run after ``previous_fire_time`` (or at or after ``now`` when None)."""
        # As CronTrigger: from ``now`` inclusive, or from just after the previous fire time
        # (earlier than ``now`` when runs were missed, so APScheduler can count misfires).
        tick = timedelta(microseconds=1)
        start = now
        if previous_fire_time is not None:
            start = min(now, previous_fire_time + tick)
            if start == previous_fire_time:
                start += tick
        return next_run(self.schedule, start - tick, self.timezone).at

    def __getstate__(self) -> dict[str, Any]:
        return {"version": 1, "schedule": self.schedule, "timezone": self.timezone}

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state.get("version", 1) > 1:
            raise ValueError(f"cannot restore HolidayTrigger version {state['version']}")
        self.schedule = state["schedule"]
        self.timezone = state["timezone"]

    def __str__(self) -> str:
        return f"holiday-aware[{self.schedule.describe('en')}]"

    def __repr__(self) -> str:
        return f"<HolidayTrigger ({self.schedule!r}, timezone='{self.timezone}')>"


def apscheduler_trigger(schedule: Schedule, tz: str | tzinfo = DEFAULT_TZ) -> BaseTrigger:
    """An APScheduler 3.11 trigger for ``schedule`` in ``tz`` that skips holidays."""
    return HolidayTrigger(schedule, tz)
