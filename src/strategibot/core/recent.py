"""A bounded memory of keys seen lately (message ids, so a redelivered message is answered
once), kept small: each key as a 64-bit hash, in one insertion-ordered dict.

A ``TTLCache`` of the keys themselves costs ≈ 400 bytes a message; this ≈ 100, which is the
difference between memory that creeps with traffic and memory that stays flat (BENCHMARKS.md,
"Latency under load")."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

__all__ = ["RecentKeys"]


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "big")


class RecentKeys:
    """Keys seen within ``window`` seconds, at most ``size`` of them (the oldest go first).

    A 64-bit hash stands for each key: two different keys share one with a probability of
    about n²/2⁶⁵ — for 50,000 keys, one in 10¹⁰.
    """

    def __init__(self, *, window: float, size: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self.size = size
        self._clock = clock
        self._seen: dict[int, float] = {}

    def add(self, key: str) -> bool:
        """Remember ``key``; True if it was seen within the window already."""
        now = self._clock()
        self._expire(now)
        hashed = _hash(key)
        if hashed in self._seen:
            return True
        self._seen[hashed] = now
        return False

    def forget(self, key: str) -> None:
        self._seen.pop(_hash(key), None)

    def __len__(self) -> int:
        return len(self._seen)

    def _expire(self, now: float) -> None:
        seen = self._seen
        while seen:
            oldest, at = next(iter(seen.items()))
            if now - at <= self.window and len(seen) < self.size:
                return
            del seen[oldest]
