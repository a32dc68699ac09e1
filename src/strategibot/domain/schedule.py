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

Error: :class:`ScheduleInvalid` (a :class:`~strategibot.errors.StrategibotError`) names the
text (``dialogs/schedule.yaml``) that tells the user what is wrong. The words a schedule may be
written with are data too (:class:`ScheduleWords`). The APScheduler trigger that runs a schedule
is :mod:`strategibot.scheduling.triggers`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Literal
from zoneinfo import ZoneInfo

from strategibot.core.i18n import I18n
from strategibot.domain.holidays import next_working_day
from strategibot.domain.normalise import fold, skeleton
from strategibot.errors import StrategibotError

__all__ = [
    "DEFAULT_GRACE",
    "DEFAULT_TZ",
    "REMINDER_SCHEDULE",
    "Kind",
    "Run",
    "Schedule",
    "ScheduleInvalid",
    "ScheduleWords",
    "missed_run",
    "next_run",
    "parse_schedule",
    "run_time",
    "runs_between",
]

Kind = Literal["weekly", "monthly"]
DEFAULT_TZ = "Europe/Copenhagen"
DEFAULT_GRACE = timedelta(hours=12)

# Holidays and weekends shift a run by at most 5 days (Easter: Thursday to Monday); looking
# back 14 days before a moment finds every run that can be shifted past it.
_LOOKBACK = timedelta(days=14)


class ScheduleInvalid(StrategibotError):
    """A schedule the user wrote cannot be understood or is out of range.

    ``key`` names the text (``schedule.<key>`` in ``dialogs/schedule.yaml``) that explains it;
    :meth:`reason` fills it in, in the user's language.
    """

    def __init__(self, key: str, *, example: bool = False, **values: Any) -> None:
        super().__init__(f"{key} {values}")
        self.key = key
        self.example = example
        self.values = values

    def reason(self, i18n: I18n, lang: str) -> str:
        """The reason in ``lang``, with an example of what works after a parse error."""
        text = i18n.text(f"schedule.{self.key}", lang, **self.values)
        if self.example:
            text += " " + i18n.text("schedule.example", lang)
        return text


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
            raise ScheduleInvalid("bad_kind", kind=self.kind)
        if not 0 <= self.weekday <= 6:
            raise ScheduleInvalid("bad_weekday", weekday=self.weekday)
        if not 1 <= self.day <= 28:
            raise ScheduleInvalid("bad_day", day=self.day)
        if not 0 <= self.hour <= 23:
            raise ScheduleInvalid("bad_hour", hour=self.hour)
        if not 0 <= self.minute <= 59:
            raise ScheduleInvalid("bad_minute", minute=self.minute)
        object.__setattr__(self, *(("day", 1) if self.kind == "weekly" else ("weekday", 0)))

    def describe(self, i18n: I18n, lang: str) -> str:
        """"hver mandag kl. 09:00" / "every Monday at 09:00"."""
        if self.kind == "weekly":
            return i18n.text("schedule.weekly", lang, weekday=i18n.weekday(self.weekday, lang),
                             hour=self.hour, minute=self.minute)
        return i18n.text("schedule.monthly", lang, day=self.day, hour=self.hour,
                         minute=self.minute)

    def to_json(self) -> str:
        """The schedule as stored with a subscription."""
        return json.dumps({"kind": self.kind, "weekday": self.weekday, "day": self.day,
                           "hour": self.hour, "minute": self.minute})

    @classmethod
    def from_json(cls, text: str) -> Schedule:
        return cls(**json.loads(text))


REMINDER_SCHEDULE = Schedule(kind="weekly", weekday=3, day=1, hour=10, minute=0)
"""Leaders who have not checked in this week are reminded on Thursday at 10:00 (or the next
working day)."""


@dataclass(frozen=True, slots=True)
class Run:
    """One occurrence: its period key, the planned local time and when it is posted."""

    period: str
    planned: datetime
    at: datetime


# ---------------------------------------------------------------------------------- parsing
class ScheduleWords:
    """The words of a schedule, from ``dialogs/schedule.yaml`` and the weekday names of
    ``dialogs/formats.yaml``: folded word → (role, value)."""

    def __init__(self, i18n: I18n) -> None:
        words = i18n.schedule_words
        if words is None:
            raise ValueError("the catalogue has no schedule words")
        self.roles: dict[str, tuple[str, Any]] = {}
        for role, value, items in (
            ("kind", "weekly", words.weekly), ("kind", "monthly", words.monthly),
            ("mark", "day", words.day_mark), ("mark", "hour", words.hour_mark),
            ("ordinal", 1, words.first), ("ampm", "am", words.am), ("ampm", "pm", words.pm),
            ("last", None, words.last), ("filler", None, words.filler),
        ):
            for word in items:
                self.roles[fold(word.casefold())] = (role, value)
        self.daily = tuple(fold(w.casefold()) for w in words.daily)
        """phrases of a daily rhythm ("hver dag", "daily")"""
        self.fortnightly = tuple(fold(w.casefold()) for w in words.fortnightly)
        """phrases of a rhythm of two weeks ("hver anden uge", "hver 14. dag")"""
        self.corrections = tuple(fold(w.casefold()) for w in words.corrections)
        """phrases after which a schedule is said again ("dagligt – nej vent, ugentlig …")"""
        for number, forms in enumerate(words.weekdays):
            names = [i18n.weekday(number, lang) for lang in ("da", "en")]
            for word in [*names, *forms]:
                self.roles[fold(word.casefold())] = ("weekday", number)
        by_skeleton: dict[str, set[tuple[str, Any]]] = {}
        for word, meaning in self.roles.items():
            by_skeleton.setdefault(skeleton(word), set()).add(meaning)
        self._skeletons = {k: next(iter(v)) for k, v in by_skeleton.items() if len(v) == 1}
        """a word as written without æ, ø, å ("manedlig", "lordag") → its role, where no
        other word has the same skeleton"""

    def role(self, word: str) -> tuple[str, Any]:
        folded = fold(word)
        found = self.roles.get(folded)
        if found is None:
            found = self._skeletons.get(skeleton(folded))
        return found if found is not None else ("unknown", None)


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


SATURDAY = 5
"""(0 = Monday) a weekly digest on a Saturday or a Sunday would come on the Monday"""


def _invalid(key: str, **values: Any) -> ScheduleInvalid:
    return ScheduleInvalid(key, example=True, **values)


def _set_day(parts: _Parts, day: int) -> None:
    if parts.day is not None:
        raise _invalid("one_day")
    parts.day = day


def _set_time(parts: _Parts, hour: int, minute: int | None) -> None:
    if parts.hour is not None:
        raise _invalid("one_time")
    parts.hour, parts.minute = hour, minute


def amend_schedule(previous: Schedule, text: str, words: ScheduleWords) -> Schedule:
    """A schedule said again right after ``previous`` ("nej vent, kl 15" after "ugentlig
    fredag kl 14"): a time alone changes only the time; anything else is a new schedule.

    Raises:
        ScheduleInvalid: as :func:`parse_schedule`.
    """
    parts, bare = _parts(text, words)
    if not (parts.kinds or parts.weekdays or parts.day is not None or parts.hour is not None
            or bare):
        raise _invalid("unknown_word", word=text.strip()[:40])  # ("nej vent" alone)
    if parts.weekdays and not parts.kinds and parts.day is None and parts.hour is None and \
            not bare and previous.kind == "weekly":
        # "nej vent, torsdag" after "fredag kl 14.30": Thursday at 14:30 (it became 09:00)
        parts.hour, parts.minute = previous.hour, previous.minute
    if parts.kinds or parts.weekdays or parts.day is not None or (
            bare and previous.kind == "monthly") or (parts.hour is None and not bare):
        return _resolve(parts, bare)
    return _resolve(_Parts(kinds={previous.kind},
                           weekdays=[previous.weekday] if previous.kind == "weekly" else [],
                           day=previous.day if previous.kind == "monthly" else None,
                           hour=parts.hour, minute=parts.minute, ampm=parts.ampm), bare)


def parse_schedule(text: str, words: ScheduleWords) -> Schedule:
    """The schedule a user wrote after "abonnér"/"subscribe", in Danish or English.

    "" is weekly on Monday at 09:00. A weekday makes it weekly and a day of the month monthly;
    "kl"/"at" marks the hour and "den"/"the"/"day" or an ordinal ("15.", "3rd") the day. A bare
    number is the hour in a weekly schedule; in a monthly one the first is the day and the
    second the hour ("månedlig 15 9"). Hours are 24-hour unless "am"/"pm" follows.

    Raises:
        ScheduleInvalid: an unknown word, a day outside 1–28, an hour outside 0–23, or parts
            that contradict each other.
    """
    return _resolve(*_parts(text, words))


def _parts(text: str, words: ScheduleWords) -> tuple[_Parts, list[int]]:
    """What a schedule's words say, and its bare numbers (see :func:`parse_schedule`)."""
    cleaned = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").strip()
    cleaned = cleaned.rstrip(" .!")  # "hver tirsdag kl 8." — a full stop, not an ordinal
    padded = f" {' '.join(fold(w) for w in cleaned.split())} "
    spaced = re.sub(r"[,;:!–—-]", " ", padded)
    said = [(spaced.rfind(f" {phrase} "), phrase) for phrase in words.corrections
            if f" {phrase} " in spaced]
    if said:
        # "dagligt – nej vent, ugentlig fredag 14": the schedule after the correction (it was
        # refused as daily)
        at, phrase = max(said)
        cleaned = " ".join(spaced[at + len(phrase) + 1:].split())
        padded = f" {cleaned} "
    if any(f" {phrase} " in padded for phrase in words.daily):
        raise _invalid("daily")  # "hver dag kl 8" (it became every Monday at 8)
    if any(f" {phrase} " in padded for phrase in words.fortnightly):
        raise _invalid("fortnightly")  # "hver 14. dag" (it became monthly on the 14th)
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
            role, value = words.role(word)
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
                raise _invalid("last_day")
            elif role == "unknown":
                raise _invalid("unknown_word", word=word)
    return parts, bare


def _resolve(parts: _Parts, bare: list[int]) -> Schedule:
    if len(parts.kinds) > 1:
        raise _invalid("both_kinds")
    if len(parts.weekdays) > 1:
        raise _invalid("one_weekday")
    kind: Kind = next(iter(parts.kinds), "monthly" if parts.day is not None else "weekly")
    if kind == "weekly" and parts.weekdays and parts.weekdays[0] >= SATURDAY:
        raise _invalid("weekend")  # (it was accepted, and the digest came on Monday)
    if kind == "weekly" and parts.day is not None:
        raise _invalid("weekly_with_date")
    if kind == "monthly" and parts.weekdays:
        raise _invalid("monthly_with_weekday")
    for number in bare:
        if kind == "monthly" and parts.day is None:
            parts.day = number
        elif parts.hour is None:
            parts.hour = number
        else:
            raise _invalid("unknown_number", number=number)
    hour = 9 if parts.hour is None else parts.hour
    if parts.ampm is not None:
        if parts.hour is None or not 1 <= hour <= 12:
            raise _invalid("ampm")
        hour = hour % 12 + (12 if parts.ampm == "pm" else 0)
    try:
        return Schedule(kind=kind, weekday=parts.weekdays[0] if parts.weekdays else 0,
                        day=1 if parts.day is None else parts.day, hour=hour,
                        minute=parts.minute or 0)
    except ScheduleInvalid as exc:
        exc.example = True  # the user wrote it: show what works
        raise


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
