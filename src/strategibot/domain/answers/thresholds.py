"""The answer engine's confidence thresholds, tuned on the development sets
(``eval/dev.yaml`` for the entries, ``eval/document-dev.yaml`` for passages, parts and partial
answers; see BENCHMARKS.md)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Thresholds"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Confidence thresholds (scores are 0–1)."""

    answer: float = 0.35
    """An entry answers with this score and ``margin`` over the next entry, or ``sure``…"""
    margin: float = 0.05
    sure: float = 0.90
    coverage: float = 0.40
    """…and the entry must speak of this share of the question's weight…"""
    known: float = 0.80
    """…and the entries must know this share of it (unknown words are suspicious)."""
    clarify: float = 0.25
    """Below this score, or below ``refuse_known``, no "did you mean" is offered."""
    refuse_known: float = 0.60
    verbatim: float = 90.0
    """rapidfuzz ratio at which a question counts as one of an entry's own questions."""
    passage: float = 0.75
    """A passage answers when it covers this share of the question's weight…"""
    passage_weight: float = 2.5
    """…and at least this much weight (one common word is not a match)."""
    passage_over_entry: float = 0.3
    """A passage wins over a confident entry when it covers this much more of the question…"""
    passage_sure: float = 0.9
    """…and at least this share of it."""
    gap_words: float = 0.4
    """A near miss: the answer lacks words with this share of the question's weight."""
    gap_fact_words: float = 0.3
    """…for a date, a figure or a person: words the document uses elsewhere, this share."""
    passage_agreed: float = 0.6
    """A passage of one of the "did you mean" entries answers when it covers this share."""
    calibrated: float = 0.8
    """An entry the scores above leave unsure answers when its calibrated probability of
    being right reaches this (``calibration.py``)."""
    fuse: float = 0.1
    """Entries within ``fuse_slack`` of the best are ordered by their score plus this times
    the coverage of their own best passage."""
    fuse_slack: float = 0.1
    agree: float = 0.2
    """Passages are ordered by their score plus this share of their entry's score."""
    supplement: float = 0.6
    """An entry's answer gets a quote beneath it when a passage covers this share…"""
    supplement_extra: float = 0.2
    """…and this share of the question's weight that the answer itself does not speak of."""
    rerank: float = 0.86
    """With the optional re-ranker (``embeddings.py``): a question the lexical layers leave
    unanswered is answered with the passage closest in meaning when its cosine reaches this…"""
    rerank_coverage: float = 0.3
    """…and the passage holds this share of the question's weight."""
