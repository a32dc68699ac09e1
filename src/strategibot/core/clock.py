"""The one clock: every "now" and "today" of the bot comes from here, in one time zone.

``today`` is the date in the configured time zone (Europe/Copenhagen by default), never the
server's local date or a UTC date. A clock may be *shifted* to a given date
(``STRATEGIBOT_TODAY``): it then runs as if started on that date, at the real time of day, and
keeps ticking — so the example deployment, demos and tests can live inside a strategy period
that is long over.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

__all__ = ["Clock"]


class Clock:
    """Aware datetimes in ``timezone``.

    Args:
        timezone: an IANA time zone name.
        today: run as if the local date at start were this one (None: the real date).
        source: the real current instant (tests pass a fake one); must return aware datetimes.
        monotonic: seconds for measuring intervals (tests pass a fake one).
    """

    def __init__(self, timezone: str = "Europe/Copenhagen", *, today: dt.date | None = None,
                 source: Callable[[], dt.datetime] | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.tz = ZoneInfo(timezone)
        self._source = source or (lambda: dt.datetime.now(dt.UTC))
        self.monotonic = monotonic
        self.shifted_to = today
        self._offset = dt.timedelta(0)
        if today is not None:
            real = self._source().astimezone(self.tz)
            self._offset = dt.timedelta(days=(today - real.date()).days)

    def now(self) -> dt.datetime:
        """The current instant (UTC), shifted when the clock is."""
        return self._source().astimezone(dt.UTC) + self._offset

    def local(self) -> dt.datetime:
        """The current instant in the clock's time zone."""
        return self.now().astimezone(self.tz)

    def today(self) -> dt.date:
        """The date in the clock's time zone."""
        return self.local().date()

    def to_local(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` (aware; naive counts as UTC) in the clock's time zone."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(self.tz)

    def not_before(self, moment: dt.datetime) -> int:
        """A shifted clock never runs behind what it already said: restarted on a later real
        day, it would begin the shifted date again, and what was saved late on it the day
        before would lie in the future (and count in no figure). Moves the shifted date on by
        whole days until ``moment`` is past; the days moved (0 when not shifted)."""
        if not self.shifted:
            return 0
        days = 0
        while self.now() < moment:
            self._offset += dt.timedelta(days=1)
            days += 1
        return days

    @property
    def offset(self) -> dt.timedelta:
        """How far the clock is from the real one (whole days; zero when not shifted)."""
        return self._offset

    @property
    def shifted(self) -> bool:
        """True when the clock runs on another date than the real one."""
        return self.shifted_to is not None

    def __repr__(self) -> str:
        shifted = f", today={self.shifted_to.isoformat()}" if self.shifted_to else ""
        return f"Clock({self.tz.key!r}{shifted})"
