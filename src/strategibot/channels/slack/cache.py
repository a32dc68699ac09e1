"""A small bounded cache whose entries expire (looked-up Slack users).

Event ids use :class:`strategibot.conversation.dedupe.RecentIds`, the set the Teams edge uses too.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["TtlCache"]

K = TypeVar("K")
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    """A mapping that forgets an entry ``ttl`` seconds after it was stored.

    It holds at most ``max_size`` entries; storing one more drops the oldest. Every entry lives
    equally long, so insertion order is expiry order and pruning only looks at the front.

    Args:
        ttl: seconds an entry lives.
        max_size: the most entries kept.
        clock: the current time in seconds.
    """

    __slots__ = ("_clock", "_entries", "_max_size", "_ttl")

    def __init__(self, *, ttl: float, max_size: int, clock: Callable[[], float]) -> None:
        if ttl <= 0 or max_size <= 0:
            raise ValueError("ttl and max_size must be positive")
        self._ttl = ttl
        self._max_size = max_size
        self._clock = clock
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def get(self, key: K) -> V | None:
        """The value stored for ``key``, or ``None`` if there is none or it expired."""
        self._prune(self._clock())
        entry = self._entries.get(key)
        return None if entry is None else entry[1]

    def put(self, key: K, value: V) -> None:
        """Store ``value`` for ``key`` (replacing and renewing an existing entry)."""
        now = self._clock()
        self._prune(now)
        self._entries.pop(key, None)
        self._entries[key] = (now + self._ttl, value)
        while len(self._entries) > self._max_size:
            self._entries.popitem(last=False)

    def _prune(self, now: float) -> None:
        while self._entries:
            expires, _ = next(iter(self._entries.values()))
            if expires > now:
                return
            self._entries.popitem(last=False)
