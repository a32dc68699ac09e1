"""A candidate answer to one question, and what the engine knows of the question."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from strategibot.domain.answers.facts import Asked
from strategibot.domain.answers.passages import Hit
from strategibot.domain.answers.replies import Gap

__all__ = ["Choice"]


@dataclass(frozen=True, slots=True)
class Choice:
    """A candidate answer to one question, and what the engine knows of the question."""

    question: str
    tokens: Mapping[str, str]
    """the question's tokens, each with the word(s) it came from"""
    weights: Mapping[str, float]
    """the tokens that say what the question is about, by passage weight"""
    subject: Mapping[str, float]
    """those of them that the knowledge base knows (unknown words say nothing of a text)"""
    fact: Asked
    ranked: Sequence[tuple[int, float, float]]
    known: float
    hits: Sequence[Hit]
    unknown: Mapping[str, str]
    candidates: tuple[tuple[str, float], ...]
    kind: str = "unknown"
    """``entry``, ``passage``, ``partial``, ``clarify`` or ``unknown``"""
    entry: int | None = None
    """the entry answered, or the one a quote or partial answer points to"""
    window: tuple[int, ...] = ()
    """the passages quoted"""
    near: tuple[int, ...] = ()
    score: float = 0.0
    """the chosen layer's own score (an entry's, a passage's coverage)"""
    confidence: float = 0.0
    """the calibrated probability that answering with the chosen candidate is right"""
    gap: Gap | None = None
    matched: frozenset[str] = field(default_factory=frozenset)

    @property
    def answers(self) -> bool:
        return self.kind in ("entry", "passage", "partial")

    @property
    def key(self) -> tuple[str, object]:
        return ("entry", self.entry) if self.kind == "entry" else (self.kind, self.window)

    def share(self, tokens: frozenset[str]) -> float:
        total = sum(self.weights.values())
        return sum(w for t, w in self.weights.items() if t in tokens) / total if total else 0.0

    @property
    def complete(self) -> bool:
        """A confident answer that speaks of (nearly) every word of the question."""
        return self.kind in ("entry", "passage") and self.share(self.matched) >= 0.9

    def as_entry(self, index: int, score: float, matched: frozenset[str],
                 quote: tuple[int, ...] = ()) -> Choice:
        """An entry's answer; ``quote``: passages to quote beneath it."""
        return dataclasses.replace(self, kind="entry", entry=index, score=score,
                                   matched=matched, window=quote)

    def as_passage(self, hit: Hit, score: float, entry: int | None) -> Choice:
        return dataclasses.replace(self, kind="passage", window=hit.passages, score=score,
                                   matched=hit.matched, entry=entry)

    def as_clarify(self, near: Sequence[int], score: float) -> Choice:
        return dataclasses.replace(self, kind="clarify", near=tuple(near), score=score)

    def as_unknown(self, near: Sequence[int], score: float) -> Choice:
        return dataclasses.replace(self, kind="unknown", near=tuple(near), score=score)

    def as_partial(self, gap: Gap, window: tuple[int, ...], entry: int | None) -> Choice:
        return dataclasses.replace(self, kind="partial", gap=gap, window=window, entry=entry)
