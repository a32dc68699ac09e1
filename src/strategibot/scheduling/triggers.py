"""The APScheduler trigger of a digest :class:`~strategibot.domain.schedule.Schedule`: it fires
at each run of the schedule, moved past weekends and Danish public holidays."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger

from strategibot.domain.schedule import DEFAULT_TZ, Schedule, next_run

__all__ = ["HolidayTrigger", "apscheduler_trigger"]


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _zone(tz: str | tzinfo) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


class HolidayTrigger(BaseTrigger):  # type: ignore[misc]  # APScheduler is untyped
    """An APScheduler 3 trigger that fires at each :func:`next_run` (holidays honoured)."""

    __slots__ = ("offset", "schedule", "timezone")

    def __init__(self, schedule: Schedule, timezone: str | tzinfo = DEFAULT_TZ,
                 offset: timedelta = timedelta(0)) -> None:
        self.schedule = schedule
        self.timezone = _zone(timezone)
        self.offset = offset
        """the bot's clock minus the real one (``STRATEGIBOT_TODAY``): the schedule is the
        bot's, APScheduler's times are real"""

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
        return next_run(self.schedule, start - tick + self.offset, self.timezone).at \
            - self.offset

    def __getstate__(self) -> dict[str, Any]:
        return {"version": 1, "schedule": self.schedule, "timezone": self.timezone,
                "offset": self.offset}

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state.get("version", 1) > 1:
            raise ValueError(f"cannot restore HolidayTrigger version {state['version']}")
        self.schedule = state["schedule"]
        self.timezone = state["timezone"]
        self.offset = state.get("offset", timedelta(0))

    def __str__(self) -> str:
        s = self.schedule  # for logs, not users: the same in every language
        when = _DAYS[s.weekday] if s.kind == "weekly" else f"day {s.day}"
        return f"holiday-aware[{s.kind} {when} {s.hour:02d}:{s.minute:02d}]"

    def __repr__(self) -> str:
        return f"<HolidayTrigger ({self.schedule!r}, timezone='{self.timezone}')>"


def apscheduler_trigger(schedule: Schedule, tz: str | tzinfo = DEFAULT_TZ,
                        offset: timedelta = timedelta(0)) -> BaseTrigger:
    """An APScheduler 3.11 trigger for ``schedule`` in ``tz`` that skips holidays; ``offset``:
    the bot's clock minus the real one."""
    return HolidayTrigger(schedule, tz, offset)
