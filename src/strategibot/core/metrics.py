"""Prometheus metrics (``GET /metrics``), one registry per app so tests stay independent."""

from __future__ import annotations

from dataclasses import dataclass

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
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
