"""One calibrated confidence: the probability that an answer is right.

The two layers score a question differently (an entry by its questions and profile, a passage by
the share of the question it covers), so neither score is a probability. Two small logistic
models turn what the engine knows about a candidate — the entry's score and margin, how much of
the question it and its passages speak of, how much of the question is known at all, whether
the best passage belongs to the same entry, whether a fact is asked — into the probability that
answering with it is right: for a question the document answers, the reply holds the asked
content; for a near miss or a question outside the strategy, the reply presents no fact as the
answer (a partial answer or a refusal). They are fitted on the development set
(``eval/document-dev.yaml``) by ``benchmarks/calibrate_answers.py``, which also reports their
cross-validated effect; the held-out set is never used.

The engine answers with an entry it is not otherwise sure of when its probability reaches
``Thresholds.calibrated``, and every :class:`Answer` carries the probability of what it did.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from strategibot.domain.answers.choice import Choice
    from strategibot.domain.answers.gaps import GapCheck

__all__ = ["ENTRY", "PASSAGE", "Model", "features", "fit"]


def features(choice: Choice, gaps: GapCheck) -> dict[str, float]:
    """What the engine knows about a question's best entry and best passage."""
    ranked, hits, weights = choice.ranked, choice.hits, choice.weights
    total = sum(weights.values()) or 1.0
    top = ranked[0][0] if ranked else None
    hit = hits[0] if hits else None
    owner = gaps.passage_entry[hit.passages[0]] if hit is not None else None
    first = ranked[0][1] if ranked else 0.0
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    fact = choice.fact
    return {
        "score": first, "margin": first - second,
        "coverage": ranked[0][2] if ranked else 0.0, "known": choice.known,
        "unknown": sum(w for t, w in weights.items() if t in choice.unknown) / total,
        "words": math.log1p(len(weights)),
        "passage": hit.coverage if hit else 0.0, "passage_text": hit.in_text if hit else 0.0,
        "fact": float(fact.any or fact.person or bool(fact.listed)),
        "entry_coverage": gaps.entry_coverage(top, weights) if top is not None else 0.0,
        "agree": float(top is not None and owner == top),
        "owner_score": next((s for i, s, _ in ranked if i == owner), 0.0),
        "window": float(len(hit.passages)) if hit else 0.0,
    }


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic model over named features."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    """the intercept, then one weight per feature"""

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.weights[0] + sum(w * values[name]
                                  for name, w in zip(self.features, self.weights[1:], strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def fit(features: Sequence[str], rows: Sequence[tuple[Mapping[str, float], bool]], *,
        l2: float = 0.01, rounds: int = 2000, rate: float = 0.5) -> Model:
    """Logistic regression by gradient descent (a few hundred rows; no numpy needed)."""
    names = tuple(features)
    weights = [0.0] * (len(names) + 1)
    count = max(1, len(rows))
    vectors = [([1.0, *(values[n] for n in names)], 1.0 if good else 0.0)
               for values, good in rows]
    for _ in range(rounds):
        gradient = [0.0] * len(weights)
        for vector, label in vectors:
            z = sum(w * x for w, x in zip(weights, vector, strict=True))
            error = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - label
            for i, x in enumerate(vector):
                gradient[i] += error * x
        for i in range(len(weights)):
            penalty = l2 * weights[i] if i else 0.0
            weights[i] -= rate * (gradient[i] / count + penalty)
    return Model(names, tuple(round(w, 4) for w in weights))


# fitted by benchmarks/calibrate_answers.py on eval/document-dev.yaml (see BENCHMARKS.md)
ENTRY = Model(
    ("score", "margin", "coverage", "known", "unknown", "words", "passage", "passage_text",
     "fact", "entry_coverage", "agree"),
    (-0.2681, 0.4776, 0.3215, 0.6563, 0.5541, -0.4054, 0.0557, 0.4594, 0.3909, 0.4123, 0.7005,
     0.294),
)
"""P(answering with the best entry is right)"""
PASSAGE = Model(
    ("score", "known", "unknown", "words", "passage", "passage_text", "fact", "owner_score",
     "agree", "window"),
    (-0.9951, -0.4022, 0.303, -0.6666, 0.3937, 0.7828, 0.654, 0.4086, 0.4497, 0.8083, -0.3132),
)
"""P(quoting the best passage is right)"""
