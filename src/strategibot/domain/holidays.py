"""Danish public holidays (helligdage) and working days.

The national holidays are fixed by law: nytårsdag, skærtorsdag, langfredag, påskedag,
2. påskedag, Kristi himmelfartsdag, pinsedag, 2. pinsedag, juledag and 2. juledag; store bededag
(the fourth Friday after Easter) until 2023 — a law passed in February 2023 abolished it from
2024.

A municipality also closes on days that are not public holidays: grundlovsdag (5 June),
juleaftensdag (24 December) and nytårsaftensdag (31 December). These *extra days* count by
default (``extra=True``); pass ``extra=False`` for the national holidays only, or a collection of
names from :data:`EXTRA_DAYS` to choose some of them.

Easter is computed with the anonymous Gregorian algorithm (Meeus/Jones/Butcher), so every year
the proleptic Gregorian calendar of :class:`datetime.date` allows (1–9999) works; Denmark has
used the Gregorian calendar since 1700.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

__all__ = [
    "DEFAULT_EXTRA",
    "EXTRA_DAYS",
    "ExtraDay",
    "easter_sunday",
    "holidays",
    "is_working_day",
    "next_working_day",
]

ExtraDay = Literal["grundlovsdag", "juleaftensdag", "nytårsaftensdag"]

#: The extra (non-statutory) closing days, by name: month and day.
EXTRA_DAYS: dict[ExtraDay, tuple[int, int]] = {
    "grundlovsdag": (6, 5),
    "juleaftensdag": (12, 24),
    "nytårsaftensdag": (12, 31),
}
#: What ``extra=True`` means: a municipality's usual closing days (all of :data:`EXTRA_DAYS`).
DEFAULT_EXTRA: frozenset[ExtraDay] = frozenset(EXTRA_DAYS)

#: The last year with store bededag.
_LAST_STORE_BEDEDAG = 2023

# Easter-relative holidays: offset in days from Easter Sunday.
_EASTER_OFFSETS: tuple[tuple[int, str], ...] = (
    (-3, "skærtorsdag"),
    (-2, "langfredag"),
    (0, "påskedag"),
    (1, "2. påskedag"),
    (39, "Kristi himmelfartsdag"),
    (49, "pinsedag"),
    (50, "2. pinsedag"),
)
_STORE_BEDEDAG_OFFSET = 26


def easter_sunday(year: int) -> date:
    """Easter Sunday of ``year`` (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741  # the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _extra_set(extra: bool | Collection[ExtraDay]) -> frozenset[ExtraDay]:
    if extra is True:
        return DEFAULT_EXTRA
    if extra is False:
        return frozenset()
    chosen = frozenset(extra)
    unknown = chosen - EXTRA_DAYS.keys()
    if unknown:
        raise ValueError(f"unknown extra day(s): {sorted(unknown)}; known: {sorted(EXTRA_DAYS)}")
    return chosen


@lru_cache(maxsize=512)
def _holidays(year: int, extra: frozenset[ExtraDay]) -> dict[date, str]:
    easter = easter_sunday(year)
    days: dict[date, str] = {date(year, 1, 1): "nytårsdag"}
    for offset, name in _EASTER_OFFSETS:
        days[easter + timedelta(days=offset)] = name
    if year <= _LAST_STORE_BEDEDAG:
        days[easter + timedelta(days=_STORE_BEDEDAG_OFFSET)] = "store bededag"
    days[date(year, 12, 25)] = "juledag"
    days[date(year, 12, 26)] = "2. juledag"
    for name in sorted(extra):
        month, day = EXTRA_DAYS[name]
        # A public holiday keeps its name when an extra day falls on it (pinse on 5 June).
        days.setdefault(date(year, month, day), name)
    return dict(sorted(days.items()))


def holidays(year: int, *, extra: bool | Collection[ExtraDay] = True) -> dict[date, str]:
    """The non-working holidays of ``year`` by date, with their Danish names, in date order.

    Args:
        year: the calendar year.
        extra: which extra closing days count besides the public holidays. ``True`` (the
            default) means grundlovsdag (5 June), juleaftensdag (24 Dec) and nytårsaftensdag
            (31 Dec), as in a municipality; ``False`` none; or a collection of names from
            :data:`EXTRA_DAYS`. When one falls on a public holiday (5 June can be pinsedag or
            2. pinsedag) the public holiday's name is kept.
    """
    return dict(_holidays(year, _extra_set(extra)))


def is_working_day(day: date, *, extra: bool | Collection[ExtraDay] = True) -> bool:
    """Whether ``day`` is Monday–Friday and not a holiday (``extra`` as in :func:`holidays`)."""
    return day.weekday() < 5 and day not in _holidays(day.year, _extra_set(extra))


def next_working_day(day: date, *, extra: bool | Collection[ExtraDay] = True) -> date:
    """``day`` itself if it is a working day, otherwise the first working day after it."""
    chosen = _extra_set(extra)
    while day.weekday() >= 5 or day in _holidays(day.year, chosen):
        day += timedelta(days=1)
    return day
