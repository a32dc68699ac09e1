"""Schedules: parsing what users write, run times across DST and holidays, and missed runs —
all on a controlled clock (the APScheduler trigger: tests/scheduling/test_triggers.py)."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from strategibot.core.i18n import I18n
from strategibot.domain.holidays import is_working_day
from strategibot.domain.schedule import (
    Run,
    Schedule,
    ScheduleInvalid,
    ScheduleWords,
    amend_schedule,
    missed_run,
    next_run,
    parse_schedule,
    run_time,
    runs_between,
)
from strategibot.errors import StrategibotError

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(scope="module")
def words(i18n: I18n) -> ScheduleWords:
    return ScheduleWords(i18n)
MONDAY_9 = Schedule(kind="weekly", weekday=0, hour=9, minute=0)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
          second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=CPH)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# ---------------------------------------------------------------------------------- parsing
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Schedule("weekly", 0, 1, 9, 0)),
        ("ugentlig", Schedule("weekly", 0, 1, 9, 0)),
        ("ugentlig fredag 14", Schedule("weekly", 4, 1, 14, 0)),
        ("ugentligt om fredagen kl. 14.30", Schedule("weekly", 4, 1, 14, 30)),
        ("hver tirsdag kl 8", Schedule("weekly", 1, 1, 8, 0)),
        ("Hver Tirsdag kl. 8.", Schedule("weekly", 1, 1, 8, 0)),
        ("weekly", Schedule("weekly", 0, 1, 9, 0)),
        ("weekly friday 14:00", Schedule("weekly", 4, 1, 14, 0)),
        ("every wednesday at 10", Schedule("weekly", 2, 1, 10, 0)),
        ("every thursday at 2pm", Schedule("weekly", 3, 1, 14, 0)),
        # said again after a correction: the schedule after it ("dagligt – nej vent, …" was
        # refused as daily)
        ("dagligt – nej vent, ugentlig fredag 14", Schedule("weekly", 4, 1, 14, 0)),
        ("daily, no wait, monthly on the 3rd at 8", Schedule("monthly", 0, 3, 8, 0)),
        ("ugentlig mandag kl 9 eller nej, tirsdag kl 10", Schedule("weekly", 1, 1, 10, 0)),
        ("månedlig", Schedule("monthly", 0, 1, 9, 0)),
        ("maanedlig", Schedule("monthly", 0, 1, 9, 0)),
        ("monthly", Schedule("monthly", 0, 1, 9, 0)),
        ("månedligt den 15. kl 9", Schedule("monthly", 0, 15, 9, 0)),
        ("monthly on the 3rd at 08:30", Schedule("monthly", 0, 3, 8, 30)),
        ("monthly on the first", Schedule("monthly", 0, 1, 9, 0)),
        ("månedlig 15 9", Schedule("monthly", 0, 15, 9, 0)),
        ("den 20.", Schedule("monthly", 0, 20, 9, 0)),
    ],
)
def test_parse_schedule(text: str, expected: Schedule, words: ScheduleWords) -> None:
    assert parse_schedule(text, words) == expected


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("den 31.", "31"),
        ("monthly on the 31st", "31"),
        ("månedlig den 29. kl 9", "29"),
        ("kl 25", "25"),
        ("weekly friday 14:75", "75"),
        ("hver anden uge", "anden"),
        ("fortnightly", "fortnightly"),
        ("ugentlig den 3.", "ugentlig"),
        ("monthly on friday", "weekday"),
        ("mandag og fredag", "weekday"),
        ("weekly monthly", "weekly"),
        ("kl 9 kl 10", "time"),
        ("ugentlig 9 10", "10"),
        ("monthly last", "last"),
        ("at 13pm", "am/pm"),
        # a daily rhythm no digest has ("hver dag kl 8" became every Monday at 8)
        ("hver dag kl 8", "hver dag"),
        ("daily at 9", "every day"),
        # a weekend day, when no digest comes (it was accepted, and came on the Monday)
        ("søndag kl 7", "søndag"),
        ("lørdag", "lørdag"),
        ("every saturday at 9", "Saturday"),
        # a rhythm of two weeks ("hver 14. dag" became monthly on the 14th)
        ("hver 14. dag", "anden uge"),
        ("every two weeks", "every other week"),
    ],
)
def test_bad_input_is_refused_with_a_reason(text: str, mentions: str, words: ScheduleWords,
                                            i18n: I18n) -> None:
    with pytest.raises(ScheduleInvalid) as caught:
        parse_schedule(text, words)
    error = caught.value
    assert isinstance(error, StrategibotError)
    da, en = error.reason(i18n, "da"), error.reason(i18n, "en")
    assert mentions in f"{da} {en}"
    assert da.endswith(i18n.text("schedule.example", "da"))  # with an example that works
    assert en.endswith(i18n.text("schedule.example", "en"))


def test_schedule_validates_its_fields() -> None:
    with pytest.raises(ScheduleInvalid):
        Schedule(kind="monthly", day=29)
    with pytest.raises(ScheduleInvalid):
        Schedule(kind="weekly", weekday=7)
    with pytest.raises(ScheduleInvalid):
        Schedule(kind="daily")  # type: ignore[arg-type]


def test_the_field_a_kind_does_not_use_is_normalised() -> None:
    assert Schedule("monthly", weekday=3, day=15) == Schedule("monthly", day=15)
    assert Schedule("weekly", weekday=2, day=20) == Schedule("weekly", weekday=2)


def test_asdict_and_json_round_trip() -> None:
    schedule = Schedule("monthly", day=15, hour=7, minute=45)
    assert Schedule(**dataclasses.asdict(schedule)) == schedule
    assert Schedule.from_json(schedule.to_json()) == schedule


def test_describe(i18n: I18n) -> None:
    assert MONDAY_9.describe(i18n, "da") == "hver mandag kl. 09:00"
    assert MONDAY_9.describe(i18n, "en") == "every Monday at 09:00"
    first = Schedule("monthly", day=1)
    assert first.describe(i18n, "da") == "den 1. i hver måned kl. 09:00"
    assert first.describe(i18n, "en") == "on day 1 of every month at 09:00"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_description_parses_back(lang: str, words: ScheduleWords, i18n: I18n) -> None:
    schedules = [Schedule("weekly", weekday, hour=7 + weekday, minute=5 * weekday)
                 for weekday in range(5)]  # (a weekend day is refused: no digest comes then)
    schedules += [Schedule("monthly", day=day, hour=23, minute=59) for day in (1, 2, 3, 15, 28)]
    for schedule in schedules:
        assert parse_schedule(schedule.describe(i18n, lang), words) == schedule


# ---------------------------------------------------------------------------------- DST
def test_nine_oclock_stays_nine_across_spring_forward() -> None:
    runs = runs_between(MONDAY_9, utc(2026, 3, 20), utc(2026, 4, 3))
    assert [(r.period, r.at.astimezone(UTC)) for r in runs] == [
        ("2026-W13", utc(2026, 3, 23, 8)),  # CET
        ("2026-W14", utc(2026, 3, 30, 7)),  # CEST, the day after the change
    ]
    assert all((r.at.hour, r.at.minute) == (9, 0) for r in runs)


def test_nine_oclock_stays_nine_across_fall_back() -> None:
    runs = runs_between(MONDAY_9, utc(2026, 10, 16), utc(2026, 10, 30))
    assert [(r.period, r.at.astimezone(UTC)) for r in runs] == [
        ("2026-W43", utc(2026, 10, 19, 7)),  # CEST
        ("2026-W44", utc(2026, 10, 26, 8)),  # CET, the day after the change
    ]


def test_a_time_in_the_spring_forward_gap_runs_at_three() -> None:
    sunday_0230 = Schedule("weekly", weekday=6, hour=2, minute=30)
    [run] = runs_between(sunday_0230, utc(2026, 3, 27), utc(2026, 4, 1))
    assert run.planned == local(2026, 3, 29, 3, 0)  # 02:30 does not exist that night
    assert run.planned.astimezone(UTC) == utc(2026, 3, 29, 1, 0)
    assert run.at == local(2026, 3, 30, 2, 30)  # Sunday is no working day: Monday, same time


def test_a_time_in_the_fall_back_overlap_runs_once_at_the_first() -> None:
    sunday_0230 = Schedule("weekly", weekday=6, hour=2, minute=30)
    runs = runs_between(sunday_0230, utc(2026, 10, 23), utc(2026, 10, 27))
    assert len(runs) == 1
    assert runs[0].planned.astimezone(UTC) == utc(2026, 10, 25, 0, 30)  # 02:30 CEST
    assert runs[0].planned.utcoffset() == timedelta(hours=2)


# ---------------------------------------------------------------------------------- holidays
@pytest.mark.parametrize(
    ("schedule", "planned", "at"),
    [
        (MONDAY_9, local(2026, 4, 6, 9), local(2026, 4, 7, 9)),  # 2. påskedag
        (MONDAY_9, local(2026, 5, 25, 9), local(2026, 5, 26, 9)),  # 2. pinsedag
        (Schedule("weekly", 3, hour=9), local(2026, 5, 14, 9),
         local(2026, 5, 15, 9)),  # Kristi himmelfartsdag
        (Schedule("weekly", 4, hour=9), local(2026, 12, 25, 9),
         local(2026, 12, 28, 9)),  # juledag, a Friday
        (Schedule("weekly", 4, hour=9), local(2026, 4, 3, 9),
         local(2026, 4, 7, 9)),  # langfredag, through Easter
        (Schedule("monthly", day=1, hour=9), local(2026, 11, 1, 9),
         local(2026, 11, 2, 9)),  # a Sunday
        (Schedule("monthly", day=15, hour=9), local(2026, 8, 15, 9),
         local(2026, 8, 17, 9)),  # a Saturday moves to Monday
        (Schedule("monthly", day=1, hour=9), local(2027, 1, 1, 9),
         local(2027, 1, 4, 9)),  # nytårsdag, a Friday
    ],
)
def test_a_run_on_a_holiday_or_weekend_moves_to_the_next_working_day(
        schedule: Schedule, planned: datetime, at: datetime) -> None:
    run = next_run(schedule, planned - timedelta(days=1))
    assert run.planned == planned
    assert run.at == at
    assert run_time(schedule, planned.date()) == at


def test_a_run_on_a_working_day_is_not_moved() -> None:
    run = next_run(MONDAY_9, local(2026, 11, 22))
    assert run == Run("2026-W48", local(2026, 11, 23, 9), local(2026, 11, 23, 9))


def test_period_keys() -> None:
    assert next_run(MONDAY_9, local(2026, 11, 22)).period == "2026-W48"
    assert next_run(MONDAY_9, local(2025, 12, 28)).period == "2026-W01"  # ISO year
    assert next_run(MONDAY_9, local(2026, 12, 27)).period == "2026-W53"
    assert next_run(Schedule("monthly", day=3), local(2026, 11, 1)).period == "2026-11"
    # The shifted Christmas run keeps the week it was planned in.
    assert next_run(Schedule("weekly", 4), local(2026, 12, 24)).period == "2026-W52"


def test_run_time_takes_any_day_of_the_period() -> None:
    assert run_time(MONDAY_9, date(2026, 4, 6)) == local(2026, 4, 7, 9)
    assert run_time(MONDAY_9, date(2026, 4, 9)) == local(2026, 4, 7, 9)
    assert run_time(Schedule("monthly", day=15), date(2026, 8, 30)) == local(2026, 8, 17, 9)


def test_runs_between_is_half_open() -> None:
    at = local(2026, 11, 23, 9)
    assert [r.at for r in runs_between(MONDAY_9, at, at + timedelta(days=7))] == [at]
    assert runs_between(MONDAY_9, at - timedelta(days=7), at)[-1].at == local(2026, 11, 16, 9)


def test_next_run_is_strictly_after() -> None:
    assert next_run(MONDAY_9, local(2026, 11, 23, 9)).at == local(2026, 11, 30, 9)
    assert next_run(MONDAY_9, local(2026, 11, 23, 8, 59)).at == local(2026, 11, 23, 9)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_run(MONDAY_9, datetime(2026, 11, 23))
    with pytest.raises(ValueError, match="timezone-aware"):
        missed_run(MONDAY_9, None, datetime(2026, 11, 23))


@pytest.mark.parametrize("schedule", [
    *(Schedule("weekly", weekday, hour=2, minute=30) for weekday in range(7)),
    Schedule("monthly", day=1), Schedule("monthly", day=28, hour=23, minute=59),
])
def test_runs_over_twenty_years(schedule: Schedule) -> None:
    runs = runs_between(schedule, utc(2020, 1, 1), utc(2040, 1, 1))
    assert len({r.period for r in runs}) == len(runs)
    for before, after in itertools.pairwise(runs):
        assert before.at < after.at
    for run in runs:
        assert timedelta(0) <= run.at - run.planned < timedelta(days=7)
        assert is_working_day(run.at.date())
        assert (run.at.hour, run.at.minute) == (schedule.hour, schedule.minute)


# ---------------------------------------------------------------------------------- missed runs
def test_down_over_three_runs_and_back_within_grace_sends_only_the_last() -> None:
    # Done: week 45 (Monday 2 November). Down from Tuesday 3 November; the runs of 9, 16 and
    # 23 November are missed; back on 23 November at 15:00, six hours after the last.
    now = local(2026, 11, 23, 15)
    run = missed_run(MONDAY_9, "2026-W45", now, timedelta(hours=12))
    assert run == Run("2026-W48", local(2026, 11, 23, 9), local(2026, 11, 23, 9))


def test_back_after_thirteen_hours_sends_nothing() -> None:
    assert missed_run(MONDAY_9, "2026-W45", local(2026, 11, 23, 22), timedelta(hours=12)) is None


def test_the_default_grace_is_twelve_hours() -> None:
    assert missed_run(MONDAY_9, None, local(2026, 11, 23, 21)) is not None
    assert missed_run(MONDAY_9, None, local(2026, 11, 23, 21, 1)) is None


def test_nothing_is_missed_when_the_last_run_was_done() -> None:
    assert missed_run(MONDAY_9, "2026-W48", local(2026, 11, 23, 10)) is None
    assert missed_run(MONDAY_9, "2026-W49", local(2026, 11, 23, 10)) is None


def test_a_run_is_due_at_its_time_not_before() -> None:
    assert missed_run(MONDAY_9, "2026-W47", local(2026, 11, 23, 9)) is not None
    assert missed_run(MONDAY_9, "2026-W47", local(2026, 11, 23, 8, 59)) is None


def test_missed_runs_use_the_shifted_time() -> None:
    # Easter Monday's run is posted on Tuesday 7 April: at 20:00 on Tuesday it is within grace.
    run = missed_run(MONDAY_9, "2026-W14", local(2026, 4, 7, 20))
    assert run is not None
    assert run.period == "2026-W15"


def test_last_done_period_of_the_other_kind() -> None:
    # The subscription was monthly (done for November) and is now weekly.
    assert missed_run(MONDAY_9, "2026-11", local(2026, 11, 23, 10)) is not None
    assert missed_run(MONDAY_9, "2026-12", local(2026, 11, 23, 10)) is None
    with pytest.raises(ValueError, match="period key"):
        missed_run(MONDAY_9, "last week", local(2026, 11, 23, 10))


def test_a_schedule_said_again_keeps_what_it_does_not_say(words: ScheduleWords) -> None:
    """"nej vent, torsdag" after Friday 14:30 became Thursday 09:00; "kl 15" keeps the day."""
    friday = Schedule("weekly", 4, 1, 14, 30)
    assert amend_schedule(friday, "torsdag", words) == Schedule("weekly", 3, 1, 14, 30)
    assert amend_schedule(friday, "kl 15", words) == Schedule("weekly", 4, 1, 15, 0)
    assert amend_schedule(friday, "månedlig den 3.", words) == Schedule("monthly", 0, 3, 9, 0)


@pytest.mark.parametrize(("text", "expected"), [
    # written without æ, ø, å (it said it did not know "manedlig", "lordag")
    ("manedlig den 15.", Schedule(kind="monthly", day=15, hour=9)),
    ("ugentlig tirsdag kl 8", Schedule(kind="weekly", weekday=1, hour=8)),
    ("hver sondag", None),
    ("ugentlig lordag", None),
])
def test_words_without_their_danish_letters(text: str, expected: Schedule | None,
                                            words: ScheduleWords) -> None:
    if expected is None:  # the real reason, the weekend, not an unknown word
        with pytest.raises(ScheduleInvalid) as caught:
            parse_schedule(text, words)
        assert caught.value.key == "weekend"
    else:
        assert parse_schedule(text, words) == expected
