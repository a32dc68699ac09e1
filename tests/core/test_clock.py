"""The one clock: local dates in the configured zone, and a clock shifted to another date."""

from __future__ import annotations

import datetime as dt

from strategibot.core.clock import Clock


def fixed(moment: dt.datetime):  # type: ignore[no-untyped-def]
    return lambda: moment


def test_today_is_the_local_date_not_the_utc_date() -> None:
    # 23:30 UTC on 31 December is already New Year's Day in Copenhagen
    clock = Clock("Europe/Copenhagen", source=fixed(dt.datetime(2026, 12, 31, 23, 30,
                                                                tzinfo=dt.UTC)))
    assert clock.today() == dt.date(2027, 1, 1)
    assert clock.local().hour == 0
    assert clock.now().tzinfo == dt.UTC


def test_a_shifted_clock_runs_on_that_date_at_the_real_time_of_day() -> None:
    real = [dt.datetime(2026, 12, 6, 9, 15, tzinfo=dt.UTC)]
    clock = Clock("Europe/Copenhagen", today=dt.date(2019, 6, 15), source=lambda: real[0])
    assert clock.shifted
    assert clock.today() == dt.date(2019, 6, 15)
    assert (clock.local().hour, clock.local().minute) == (11, 15)  # CEST in June
    real[0] += dt.timedelta(days=2, hours=1)
    assert clock.today() == dt.date(2019, 6, 17)  # and it keeps ticking


def test_naive_moments_count_as_utc() -> None:
    clock = Clock("Europe/Copenhagen")
    assert clock.to_local(dt.datetime(2019, 1, 1, 12)).hour == 13
    assert "Europe/Copenhagen" in repr(clock)


def test_a_shifted_clock_restarted_the_next_day_does_not_run_behind() -> None:
    """Restarted after real midnight, a clock shifted to 15 Nov 2019 began that date again at
    00:05, and what was saved at 23:55 the evening before lay in the future (it counted in no
    figure): it goes on past the newest moment it said, by whole days."""
    saved = dt.datetime(2019, 11, 15, 22, 55, tzinfo=dt.UTC)  # 23:55 in Copenhagen
    after_midnight = Clock("Europe/Copenhagen", today=dt.date(2019, 11, 15),
                           source=fixed(dt.datetime(2026, 12, 7, 23, 5, tzinfo=dt.UTC)))
    assert after_midnight.now() < saved
    assert after_midnight.not_before(saved) == 1
    assert after_midnight.today() == dt.date(2019, 11, 16)
    assert after_midnight.now() > saved
    same_day = Clock("Europe/Copenhagen", today=dt.date(2019, 11, 15),
                     source=fixed(dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)))
    assert same_day.not_before(dt.datetime(2019, 11, 15, 8, 0, tzinfo=dt.UTC)) == 0
    assert same_day.today() == dt.date(2019, 11, 15)
    real = Clock("Europe/Copenhagen")
    assert real.not_before(real.now() + dt.timedelta(days=3)) == 0  # (only a shifted one)
