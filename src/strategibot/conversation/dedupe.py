"""Remembers recently handled activity ids, so a redelivered activity is answered once.

Teams redelivers an activity it believes timed out (no answer within 15 s), with the same id.
This cache is per process; with several replicas a redelivery may land elsewhere, which the
database's unique source-activity ids catch for everything that is stored.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

__all__ = ["RecentIds"]


class RecentIds:
    """A bounded set of ids that forgets entries after ``ttl`` seconds."""

    def __init__(self, *, ttl: float = 3600.0, size: int = 50_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._size = size
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, key: str) -> bool:
        """True the first time ``key`` is seen (within the ttl); it is remembered from now."""
        now = self._clock()
        while self._seen:
            oldest, at = next(iter(self._seen.items()))
            if now - at < self._ttl and len(self._seen) < self._size:
                break
            del self._seen[oldest]
        if key in self._seen:
            return False
        self._seen[key] = now
        return True
