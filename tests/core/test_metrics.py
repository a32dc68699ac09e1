"""The process metrics' garbage-collection timer never raises: a collection may start at the
bottom of a deep stack (the Teams fuzz test's deeply nested JSON), where a raising callback was
reported as an unraisable RecursionError and failed CI."""

from __future__ import annotations

import pytest

from strategibot.core.metrics import Metrics


def test_a_collection_at_the_recursion_limit_is_skipped_quietly(
        monkeypatch: pytest.MonkeyPatch) -> None:
    metrics = Metrics.create()

    def too_deep() -> float:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("strategibot.core.metrics.time.perf_counter", too_deep)
    metrics._on_gc("start", {"generation": 0})  # no exception
    metrics._on_gc("stop", {"generation": 0})


def test_a_collection_is_timed(monkeypatch: pytest.MonkeyPatch) -> None:
    metrics = Metrics.create()
    ticks = iter([1.0, 1.25])
    monkeypatch.setattr("strategibot.core.metrics.time.perf_counter", lambda: next(ticks))
    metrics._on_gc("start", {"generation": 2})
    metrics._on_gc("stop", {"generation": 2})
    assert b'strategibot_gc_pause_seconds_sum{generation="2"} 0.25' in metrics.render()
