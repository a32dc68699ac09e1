"""The bounded memo of the turn's text understanding."""

from __future__ import annotations

from strategibot.core.memo import Memo


def test_a_result_is_computed_once_and_the_least_recently_used_is_dropped() -> None:
    calls: list[str] = []

    def make(text: str) -> str:
        calls.append(text)
        return text.upper()

    memo: Memo[str] = Memo(2)
    assert memo.get(("a",), lambda: make("a")) == "A"
    assert memo.get(("b",), lambda: make("b")) == "B"
    assert memo.get(("a",), lambda: make("a")) == "A"  # kept; now the most recent
    assert memo.get(("c",), lambda: make("c")) == "C"  # drops "b", the least recent
    assert memo.get(("a",), lambda: make("a")) == "A"
    assert memo.get(("b",), lambda: make("b")) == "B"
    assert calls == ["a", "b", "c", "b"]
    assert len(memo) == 2
    assert (memo.hits, memo.misses) == (2, 4)


def test_size_zero_keeps_nothing_and_long_texts_are_not_kept() -> None:
    calls: list[str] = []
    off: Memo[int] = Memo(0)
    for _ in range(3):
        off.get(("x",), lambda: calls.append("x") or 1)
    assert len(calls) == 3
    assert len(off) == 0
    memo: Memo[int] = Memo(10, longest=8)
    memo.get(("answer", "a" * 9), lambda: 1)
    assert len(memo) == 0
    memo.get(("answer", "abc", ""), lambda: 1)
    assert len(memo) == 1
