"""A bounded memo of a pure function's results (least recently used dropped first).

The turn's text understanding — the answer engine, the one-liner reader, the command and
small-talk matchers — is a pure function of the text (and the client's language): the same
words get the same reading until the knowledge is reloaded, which builds new objects and so a
new memo, or an admin's review decision changes what the engine answers, which empties it.
People ask the same things, above all at once (the buttons of a digest that has just landed
in 50 channels), so a burst is answered from the memo.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["Memo"]

V = TypeVar("V")


class Memo(Generic[V]):
    """Results by key, at most ``size`` of them; ``size`` 0 keeps none (every call computes).

    A key with a part longer than ``longest`` characters (a text pasted in) is not kept.
    """

    __slots__ = ("_data", "hits", "longest", "misses", "size")

    def __init__(self, size: int, *, longest: int = 500) -> None:
        self.size = size
        self.longest = longest
        self._data: dict[Hashable, V] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[str, ...], make: Callable[[], V]) -> V:
        """The result kept for ``key``, or ``make()`` (then kept)."""
        data = self._data
        if key in data:
            self.hits += 1
            value = data.pop(key)
            data[key] = value  # now the most recently used
            return value
        self.misses += 1
        value = make()
        if self.size and max(map(len, key), default=0) <= self.longest:
            data[key] = value
            if len(data) > self.size:
                del data[next(iter(data))]
        return value

    def clear(self) -> None:
        self._data.clear()

    def __len__(self) -> int:
        return len(self._data)
