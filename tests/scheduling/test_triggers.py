"""The APScheduler trigger of a digest schedule: fire times moved past holidays, equal to cron
otherwise, picklable, and run by a real AsyncIOScheduler on a controlled clock."""

from __future__ import annotations

import asyncio
import pickle
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from strategibot.domain.schedule import Schedule
from strategibot.scheduling.triggers import HolidayTrigger, apscheduler_trigger

CPH = ZoneInfo("Europe/Copenhagen")
MONDAY_9 = Schedule(kind="weekly", weekday=0, hour=9, minute=0)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
          second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=CPH)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# ---------------------------------------------------------------------------------- APScheduler
def test_trigger_fire_times_are_shifted_past_holidays() -> None:
    trigger = apscheduler_trigger(MONDAY_9, CPH)
    assert isinstance(trigger, HolidayTrigger)
    first = trigger.get_next_fire_time(None, local(2026, 4, 1, 12))
    assert first == local(2026, 4, 7, 9)
    assert trigger.get_next_fire_time(first, local(2026, 4, 7, 9)) == local(2026, 4, 13, 9)
    # "now" exactly at a fire time: that time, as CronTrigger does.
    assert trigger.get_next_fire_time(None, local(2026, 4, 13, 9)) == local(2026, 4, 13, 9)


def test_trigger_matches_cron_when_there_is_no_holiday() -> None:
    ours = apscheduler_trigger(Schedule("weekly", 2, hour=10, minute=30), "Europe/Copenhagen")
    cron = CronTrigger(day_of_week="wed", hour=10, minute=30, timezone=CPH)
    now = local(2026, 9, 1)
    mine, theirs = ours.get_next_fire_time(None, now), cron.get_next_fire_time(None, now)
    for _ in range(8):  # September–October 2026: no holidays on Wednesdays, and a DST change
        assert mine == theirs
        mine, theirs = ours.get_next_fire_time(mine, now), cron.get_next_fire_time(theirs, now)


def test_on_a_shifted_clock_the_trigger_fires_when_the_bot_s_clock_says_so() -> None:
    """``STRATEGIBOT_TODAY``: the bot's clock is whole days from the real one. A Friday 14:30
    digest fires when the bot's clock reads Friday 14:30 — not at the real Friday's (it used
    to fire only at restarts, as a missed digest)."""
    friday_1430 = Schedule(kind="weekly", weekday=4, hour=14, minute=30)
    real_saturday = local(2019, 11, 16, 14)  # the bot's clock: Friday 2019-11-15, 14:00
    shifted = apscheduler_trigger(friday_1430, CPH, timedelta(days=-1))
    assert shifted.get_next_fire_time(None, real_saturday) == local(2019, 11, 16, 14, 30)
    plain = apscheduler_trigger(friday_1430, CPH)
    assert plain.get_next_fire_time(None, real_saturday) == local(2019, 11, 22, 14, 30)
    again = pickle.loads(pickle.dumps(shifted))
    assert again.get_next_fire_time(None, real_saturday) == local(2019, 11, 16, 14, 30)


def test_trigger_pickles() -> None:
    trigger = apscheduler_trigger(MONDAY_9, CPH)
    copy = pickle.loads(pickle.dumps(trigger))
    assert copy.schedule == MONDAY_9
    assert copy.get_next_fire_time(None, local(2026, 4, 1)) == local(2026, 4, 7, 9)
    assert str(copy) == "holiday-aware[weekly Mon 09:00]"


class _Clock:
    """APScheduler's idea of now, set by the test."""

    now = local(2026, 4, 1, 12)


class _FrozenDatetime(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
        return _Clock.now.astimezone(tz)


async def test_apscheduler_runs_the_job_at_the_shifted_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("apscheduler.schedulers.base.datetime", _FrozenDatetime)
    monkeypatch.setattr(_Clock, "now", local(2026, 4, 1, 12))
    ran: list[str] = []
    done = asyncio.Event()

    async def digest() -> None:
        ran.append("digest")
        done.set()

    scheduler = AsyncIOScheduler(timezone=CPH)
    scheduler.start()
    try:
        job = scheduler.add_job(digest, apscheduler_trigger(MONDAY_9, CPH), id="digest",
                                misfire_grace_time=None, coalesce=True)
        assert job.next_run_time == local(2026, 4, 7, 9)  # not Easter Monday the 6th
        assert job.next_run_time.astimezone(UTC) == utc(2026, 4, 7, 7)

        monkeypatch.setattr(_Clock, "now", local(2026, 4, 7, 9, 0, 1))
        scheduler.wakeup()
        await asyncio.wait_for(done.wait(), timeout=10)
        assert ran == ["digest"]
        assert scheduler.get_job("digest").next_run_time == local(2026, 4, 13, 9)
    finally:
        scheduler.shutdown(wait=False)
        await asyncio.sleep(0.01)
