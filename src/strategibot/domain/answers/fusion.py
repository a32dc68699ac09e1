"""The two layers inform each other's ranking.

An entry's score says how well the question fits its questions; a passage's, how much of the
question its sentence covers. Where one layer cannot tell two candidates apart, the other can:
of two entries that fit a question about equally, the one whose own sentence of the document
covers the question comes first; of sentences that cover a question equally ("ledere" and
"digitalisering" are both in many), the one of the entry the question is about comes first.
"""

from __future__ import annotations

from collections.abc import Sequence

from strategibot.domain.answers.passages import Hit
from strategibot.domain.answers.thresholds import Thresholds

__all__ = ["agree", "fuse"]

Ranked = list[tuple[int, float, float]]
CLOSE = 5
"""How many of the best entries may change places."""
KEPT = 3
"""How many passages are kept after reordering."""
VERBATIM = 0.97
"""The score of a question that is, word for word, one of an entry's own (``entries.py``)."""


def fuse(ranked: Ranked, hits: Sequence[Hit], owners: Sequence[int | None],
         limits: Thresholds) -> Ranked:
    """The entries within ``fuse_slack`` of the best, reordered by their score plus ``fuse``
    times the coverage of their own best passage among ``hits`` (each keeps its score).
    ``owners``: the entry of each passage."""
    if len(ranked) < 2 or not hits:
        return ranked
    best: dict[int, float] = {}
    for hit in hits:
        owner = owners[hit.passages[0]]
        if owner is not None:
            best[owner] = max(best.get(owner, 0.0), hit.coverage)
    close = [r for r in ranked[:CLOSE] if r[1] >= ranked[0][1] - limits.fuse_slack]
    if not any(r[0] in best for r in close):
        return ranked
    # an entry the question asks in its very words ("tema 4") keeps its place
    close.sort(key=lambda r: (r[1] < VERBATIM, -(r[1] + limits.fuse * best.get(r[0], 0.0))))
    return close + ranked[len(close):]


def agree(hits: list[Hit], ranked: Ranked, owners: Sequence[int | None],
          limits: Thresholds) -> list[Hit]:
    """Passages in the order of their own score plus ``agree`` times the score of the entry
    that explains them; the best ``KEPT``."""
    if not hits:
        return hits
    by_entry = {index: score for index, score, _ in ranked}

    def key(hit: Hit) -> tuple[float, int, tuple[int, ...]]:
        owner = owners[hit.passages[0]]
        agreed = by_entry.get(owner, 0.0) if owner is not None else 0.0
        return (-(hit.score + limits.agree * agreed), len(hit.passages), hit.passages)

    return sorted(hits, key=key)[:KEPT]
