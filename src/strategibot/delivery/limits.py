"""Rate limits for outbound sends: per-key calendars that WAIT (never drop) until a request fits.

A :class:`Calendar` paces one key (a conversation, a Slack channel, a tenant) to one request
per ``1/rate`` seconds. It remembers the times it has handed out — including times still in
the future — as runs of reserved slots, and ``earliest_free(t)`` finds the first time at or
after ``t`` that is at least ``1/rate`` away from every reserved slot. So

* a send never goes out closer than ``1/rate`` to another send of the same key, hence never
  more than ``rate`` sends in any 1-second window (for a whole-number rate);
* a send held back by one key (its busy conversation) does not push the schedule of another
  key (the tenant) into the future: sends to other conversations fill the tenant's free
  slots before and around it (with a single "next free time" pointer, as in GCRA, every
  conversation of a tenant would wait behind the busiest one).

:class:`RateLimiter` reserves one slot that fits every calendar of a request at once (the
conversation's and the tenant's), without a lock: the reservation is synchronous, so it is
atomic on the event loop, and the only wait is the injected ``sleep`` until the slot. After
waking it re-checks :meth:`RateLimiter.block` (a 429's Retry-After for a tenant): a slot
that fell into a block is abandoned and a new one is reserved after it. Abandoned slots (a
block, a cancelled send) are left reserved: capacity lost for a moment, never a burst.

The schedule assumes each task wakes on time. In real time a busy event loop wakes some late,
and a late batch would go out closer together than planned; so each calendar also keeps the
times requests actually went out, and a request that would make more than ``rate`` of them
in the last second (``floor(rate)`` per ``floor(rate)/rate`` seconds, for a fractional rate)
is queued again instead. By this process's clock the window limit therefore always holds.

Burst: none. The first request of an idle key goes at once, each further one ``1/rate`` after
the previous; N requests take ``(N - 1) / rate`` seconds of the clock.
"""

from __future__ import annotations

import bisect
import math
from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass

__all__ = ["Calendar", "Lane", "RateLimiter"]

_EPSILON = 1e-9
"""Clock values this close are equal (float rounding in ``now + (slot - now)``)."""
_SWEEP_EVERY = 1024
"""Idle calendars are dropped after this many reservations (memory stays bounded)."""


class Calendar:
    """The reserved send times of one key, at least ``interval`` seconds apart.

    Reserved times are kept as sorted runs ``[start, end]`` whose neighbouring times are less
    than ``2 * interval`` apart, so a run blocks the whole open interval
    ``(start - interval, end + interval)``: looking up a free time costs a binary search plus
    one step per run it has to skip, not one per reserved time.

    It also remembers when the last ``floor(rate)`` requests actually went out
    (:meth:`record`), for :meth:`window_opens`.

    Args:
        rate: requests per second.
    """

    __slots__ = ("_ends", "_sent", "_starts", "blocked_until", "interval", "rate", "window")

    def __init__(self, rate: float) -> None:
        if not rate > 0 or not math.isfinite(rate):
            raise ValueError(f"rate must be a positive number, not {rate!r}")
        self.rate = rate
        self.interval = 1.0 / rate
        count = max(1, math.floor(rate))
        self.window = count / rate  # seconds in which at most `count` requests go out
        self.blocked_until = -math.inf
        self._starts: list[float] = []
        self._ends: list[float] = []
        self._sent: deque[float] = deque(maxlen=count)

    def earliest_free(self, t: float) -> float:
        """The first time ``>= t`` that is ``interval`` or more away from every reserved time
        and not inside a block."""
        t = max(t, self.blocked_until)
        gap = self.interval
        i = bisect.bisect_right(self._ends, t - gap + _EPSILON)
        while i < len(self._starts) and self._starts[i] - gap < t - _EPSILON:
            t = self._ends[i] + gap
            i += 1
        return t

    def reserve(self, t: float) -> None:
        """Record a send at ``t`` (which :meth:`earliest_free` returned)."""
        gap = 2 * self.interval
        i = bisect.bisect_right(self._starts, t)
        joins_left = i > 0 and t - self._ends[i - 1] < gap
        joins_right = i < len(self._starts) and self._starts[i] - t < gap
        if joins_left and joins_right:
            self._ends[i - 1] = self._ends[i]
            del self._starts[i], self._ends[i]
        elif joins_left:
            self._ends[i - 1] = max(self._ends[i - 1], t)
        elif joins_right:
            self._starts[i] = min(self._starts[i], t)
        else:
            self._starts.insert(i, t)
            self._ends.insert(i, t)

    def forget_before(self, now: float) -> None:
        """Drop the runs that no longer constrain any time ``>= now``."""
        i = bisect.bisect_right(self._ends, now - self.interval)
        if i:
            del self._starts[:i], self._ends[:i]

    def record(self, sent_at: float) -> None:
        """A request went out at ``sent_at`` (not before any recorded one)."""
        self._sent.append(sent_at)

    def window_opens(self) -> float:
        """The first time one more request keeps to ``floor(rate)`` per :attr:`window`
        (seconds), counting the requests that actually went out."""
        if len(self._sent) < (self._sent.maxlen or 1):
            return -math.inf
        return self._sent[0] + self.window

    def idle(self, now: float) -> bool:
        """True when this calendar constrains nothing from ``now`` on (it can be dropped)."""
        self.forget_before(now)
        return not self._starts and self.blocked_until <= now and self.window_opens() <= now


@dataclass(frozen=True, slots=True)
class Lane:
    """One calendar a request must fit: its key and the rate (requests per second) for it."""

    key: Hashable
    rate: float


class RateLimiter:
    """Paces requests across any number of keyed calendars, shared by concurrent tasks.

    Args:
        clock: the current time in seconds (monotonic).
        sleep: waits that many seconds (``asyncio.sleep``, or a test's virtual time).
    """

    def __init__(
        self, *, clock: Callable[[], float], sleep: Callable[[float], Awaitable[None]]
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._calendars: dict[Hashable, Calendar] = {}
        self._reservations = 0

    async def acquire(self, lanes: Sequence[Lane]) -> float:
        """Wait until a request fits every lane, reserve it there, and return its time.

        The caller sends right after this returns, without awaiting anything else first.
        """
        calendars = [self._calendar(lane) for lane in lanes]
        while True:
            now = self._clock()
            opens = max(calendar.window_opens() for calendar in calendars)
            slot = self._reserve(calendars, max(now, opens), now)
            if slot - now > _EPSILON:
                await self._sleep(slot - now)
            now = self._clock()
            if all(
                calendar.blocked_until - now <= _EPSILON
                and calendar.window_opens() - now <= _EPSILON
                for calendar in calendars
            ):
                for calendar in calendars:
                    calendar.record(now)
                return now
            # A 429 blocked a lane while this task slept, or it woke so late that the last
            # second is full: queue again.

    def block(self, lane: Lane, until: float) -> None:
        """No request of ``lane`` before ``until`` (clock time); waiting requests queue again."""
        calendar = self._calendar(lane)
        calendar.blocked_until = max(calendar.blocked_until, until)

    def blocked_until(self, key: Hashable) -> float | None:
        """The end of ``key``'s current block, or None when it is not blocked."""
        calendar = self._calendars.get(key)
        if calendar is None or calendar.blocked_until <= self._clock():
            return None
        return calendar.blocked_until

    def __len__(self) -> int:
        """The number of calendars held (idle ones are dropped from time to time)."""
        return len(self._calendars)

    def _calendar(self, lane: Lane) -> Calendar:
        calendar = self._calendars.get(lane.key)
        if calendar is None:
            calendar = self._calendars[lane.key] = Calendar(lane.rate)
        elif calendar.rate != lane.rate:
            raise ValueError(f"{lane.key!r} is already paced at {calendar.rate:g}/s")
        return calendar

    def _reserve(self, calendars: Sequence[Calendar], start: float, now: float) -> float:
        """The first time from ``start`` that is free in every calendar, reserved in each."""
        slot = start
        while True:
            candidate = slot
            for calendar in calendars:
                candidate = calendar.earliest_free(candidate)
            if candidate - slot <= _EPSILON:
                break
            slot = candidate
        for calendar in calendars:
            calendar.forget_before(now)
            calendar.reserve(slot)
        self._reservations += 1
        if self._reservations % _SWEEP_EVERY == 0:
            self._sweep(now)
        return slot

    def _sweep(self, now: float) -> None:
        for key in [key for key, calendar in self._calendars.items() if calendar.idle(now)]:
            del self._calendars[key]
