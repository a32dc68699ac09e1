"""Prometheus metrics (``GET /metrics``), one registry per app so tests stay independent."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]


@dataclass(frozen=True, slots=True)
class Metrics:
    """The bot's metrics: turns, answer outcomes, turn latency, errors."""

    registry: CollectorRegistry
    turns: Counter
    answers: Counter
    latency: Histogram
    errors: Counter
    rejected: Counter
    transactions: Counter
    gc_pauses: Histogram
    _gc_started: list[float] = field(default_factory=lambda: [0.0])

    @classmethod
    def create(cls) -> Metrics:
        registry = CollectorRegistry(auto_describe=True)
        return cls(
            registry=registry,
            turns=Counter("strategibot_turns", "Turns handled, by channel and outcome",
                          ["channel", "outcome"], registry=registry),
            answers=Counter("strategibot_answers", "Answer engine outcomes, by language",
                            ["outcome", "lang"], registry=registry),
            latency=Histogram(
                "strategibot_turn_seconds", "Time to handle a turn, reply sent included",
                ["channel"], registry=registry,
                buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            ),
            errors=Counter("strategibot_errors", "Errors while handling a turn or a request",
                           ["where"], registry=registry),
            rejected=Counter("strategibot_rejected_requests", "Requests refused with a 4xx",
                             ["endpoint", "status"], registry=registry),
            transactions=Counter("strategibot_db_transactions",
                                 "Database transactions begun, by the writer or the readers",
                                 ["role"], registry=registry),
            gc_pauses=Histogram(
                "strategibot_gc_pause_seconds",
                "Garbage collections, by generation: each one pauses every turn in flight",
                ["generation"], registry=registry,
                buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5),
            ),
        )

    def watch_gc(self) -> None:
        """Time every garbage collection of this process into :attr:`gc_pauses` (until
        :meth:`unwatch_gc`)."""
        if self._on_gc not in gc.callbacks:
            gc.callbacks.append(self._on_gc)

    def unwatch_gc(self) -> None:
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        # a collection may start anywhere, also at the bottom of a deep stack (a hostile,
        # deeply nested activity being parsed): a callback that raises there is reported as
        # an unraisable error, so a measurement that cannot be taken is skipped
        try:
            if phase == "start":
                self._gc_started[0] = time.perf_counter()
            else:
                self.gc_pauses.labels(str(info.get("generation", "?"))).observe(
                    time.perf_counter() - self._gc_started[0])
        except RecursionError:
            pass

    def render(self) -> bytes:
        return generate_latest(self.registry)
