"""Danish public holidays and working days against known dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from strategibot.domain.holidays import (
    DEFAULT_EXTRA,
    easter_sunday,
    holidays,
    is_working_day,
    next_working_day,
)


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2000, date(2000, 4, 23)),
        (2038, date(2038, 4, 25)),
        (1818, date(1818, 3, 22)),  # the earliest possible date
        (1943, date(1943, 4, 25)),  # the latest possible date
    ],
)
def test_easter_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter
    assert easter.weekday() == 6


def test_all_holidays_of_2026() -> None:
    assert holidays(2026) == {
        date(2026, 1, 1): "nytårsdag",
        date(2026, 4, 2): "skærtorsdag",
        date(2026, 4, 3): "langfredag",
        date(2026, 4, 5): "påskedag",
        date(2026, 4, 6): "2. påskedag",
        date(2026, 5, 14): "Kristi himmelfartsdag",
        date(2026, 5, 24): "pinsedag",
        date(2026, 5, 25): "2. pinsedag",
        date(2026, 6, 5): "grundlovsdag",
        date(2026, 12, 24): "juleaftensdag",
        date(2026, 12, 25): "juledag",
        date(2026, 12, 26): "2. juledag",
        date(2026, 12, 31): "nytårsaftensdag",
    }


def test_store_bededag_until_2023_only() -> None:
    assert holidays(2023)[date(2023, 5, 5)] == "store bededag"
    assert holidays(2019)[date(2019, 5, 17)] == "store bededag"
    assert "store bededag" not in holidays(2024).values()
    assert "store bededag" not in holidays(2026).values()
    assert is_working_day(date(2024, 4, 26))  # it would have been store bededag


def test_extra_days_are_a_parameter() -> None:
    national = holidays(2026, extra=False)
    assert date(2026, 6, 5) not in national
    assert date(2026, 12, 24) not in national
    assert date(2026, 12, 31) not in national
    assert len(national) == 10
    assert set(holidays(2026, extra=True)) - set(national) == {
        date(2026, 6, 5), date(2026, 12, 24), date(2026, 12, 31)}
    assert set(holidays(2026, extra=["juleaftensdag"])) - set(national) == {date(2026, 12, 24)}
    assert {"grundlovsdag", "juleaftensdag", "nytårsaftensdag"} == DEFAULT_EXTRA
    with pytest.raises(ValueError, match="unknown extra day"):
        holidays(2026, extra=["mortensaften"])  # type: ignore[list-item]


def test_a_public_holiday_keeps_its_name_on_grundlovsdag() -> None:
    assert holidays(2022)[date(2022, 6, 5)] == "pinsedag"


def test_the_result_is_a_copy() -> None:
    holidays(2026).clear()
    assert len(holidays(2026)) == 13


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 27), True),  # Friday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 4, 6), False),  # 2. påskedag
        (date(2026, 5, 14), False),  # Kristi himmelfartsdag
        (date(2026, 5, 15), True),  # the Friday after: a working day
        (date(2026, 6, 5), False),  # grundlovsdag, a Friday
        (date(2026, 12, 24), False),  # juleaftensdag, a Thursday
        (date(2026, 12, 31), False),  # nytårsaftensdag, a Thursday
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_extra_days_are_working_days_without_extra() -> None:
    assert is_working_day(date(2026, 12, 24), extra=False)
    assert next_working_day(date(2026, 12, 24), extra=False) == date(2026, 12, 24)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 27), date(2026, 11, 27)),  # a working day is its own
        (date(2026, 11, 28), date(2026, 11, 30)),  # Saturday → Monday
        (date(2026, 4, 2), date(2026, 4, 7)),  # skærtorsdag → Tuesday after Easter
        (date(2026, 12, 24), date(2026, 12, 28)),  # Christmas → Monday
        (date(2026, 12, 31), date(2027, 1, 4)),  # over New Year into the next year
        (date(2023, 5, 5), date(2023, 5, 8)),  # store bededag → Monday
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


def test_no_more_than_five_days_in_a_row_off() -> None:
    """domain/schedule.py relies on a shift of under a week (it looks back 14 days)."""
    longest = 0
    day = date(1900, 1, 1)
    while day.year <= 2200:
        longest = max(longest, (next_working_day(day) - day).days)
        day += timedelta(days=1)
    assert longest == 5  # skærtorsdag to 2. påskedag
