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
