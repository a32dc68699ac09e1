"""The passage layer: the document's own sentences, searched when no entry answers.

Each passage (a sentence of ``passages/*.yaml``) is indexed with the same analyser as the
entries, together with its section's heading ("Pejlemærke: Forandringsparathed"), so a question
that names a heading finds the sentences under it. A question's tokens are weighted by inverse
passage frequency; a passage — or a window of two or three neighbouring passages of one section,
when the question's words are spread over them — is scored by the share of the question's
weight it covers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from strategibot.domain.answers.analyzer import Analyzer
from strategibot.domain.knowledge.load import Passage
from strategibot.domain.normalise import fold, words

__all__ = ["Hit", "PassageIndex"]


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage (or a window of neighbours) and how much of the question it covers."""

    passages: tuple[int, ...]
    """indexes into the index's passages, in reading order"""
    coverage: float
    """the share of the question's weight found in the window's text or its heading"""
    in_text: float
    """the share found in the window's own text (not only its heading)"""
    matched: frozenset[str]
    score: float


class PassageIndex:
    """The document's passages, searchable by token."""

    WINDOW_COST = 0.06
    """What a window pays per passage beyond the first (a single sentence is preferred)."""
    HEADING_SHARE = 0.8
    """A token found only in the heading counts this much."""
    TIE = 0.001
    """What each of the question's other words (stop words: "fortælle", "betyder") found in
    a window adds to its score: it only breaks ties."""

    def __init__(self, analyzer: Analyzer, passages: Sequence[Passage]) -> None:
        self.passages = tuple(passages)
        self.text_tokens: list[frozenset[str]] = []
        self.stems: list[frozenset[str]] = [frozenset(
            Analyzer.token(w) for w in words(f"{p.text} {p.gloss}")) for p in passages]
        """every word's stem, stop words included (for :attr:`TIE`)"""
        self.heading_tokens: list[frozenset[str]] = []
        headings: dict[str, frozenset[str]] = {}
        danish: dict[str, int] = defaultdict(int)
        for passage in self.passages:
            # the Danish text and its English gloss: an English question finds the passage
            own = analyzer.analyse(passage.text, expand=True, heads=True)
            for token in own:
                danish[token] += 1
            self.text_tokens.append(frozenset(
                own | analyzer.analyse(passage.gloss, expand=True, heads=True)))
            key = passage.section["da"]
            if key not in headings:
                headings[key] = frozenset(analyzer.analyse(
                    f"{passage.section['da']} {passage.section['en']}", expand=True))
            self.heading_tokens.append(headings[key])
        self.danish = dict(danish)
        """in how many passages' Danish text (not their gloss) a token occurs"""
        count = max(1, len(self.passages))
        frequency: dict[str, int] = defaultdict(int)
        for text, heading in zip(self.text_tokens, self.heading_tokens, strict=True):
            for token in text | heading:
                frequency[token] += 1
        self.idf = {t: math.log(1.0 + count / f) for t, f in frequency.items()}
        self.idf_unknown = 1.5 * math.log(1.0 + count)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for number, (text, heading) in enumerate(
                zip(self.text_tokens, self.heading_tokens, strict=True)):
            for token in text | heading:
                self.postings[token].append(number)
        self.section_of = [p.section["da"] for p in self.passages]

    def weight(self, token: str) -> float:
        return self.idf.get(token, self.idf_unknown)

    def tokens_of(self, window: Sequence[int]) -> frozenset[str]:
        """The tokens of a window's text and heading."""
        found: set[str] = set()
        for number in window:
            found |= self.text_tokens[number] | self.heading_tokens[number]
        return frozenset(found)

    def hit(self, window: tuple[int, ...], weights: Mapping[str, float]) -> Hit:
        """How much of a question's weighted tokens a window covers."""
        return self._hit(window, weights, sum(weights.values()) or 1.0)

    def _hit(self, window: tuple[int, ...], weights: Mapping[str, float],
             total: float, others: frozenset[str] = frozenset()) -> Hit:
        text = self.text_tokens[window[0]] if len(window) == 1 else frozenset().union(
            *(self.text_tokens[number] for number in window))
        heading = self.heading_tokens[window[0]]
        in_text = in_heading = 0.0
        matched: list[str] = []
        for token, weight in weights.items():  # (one pass: this runs ~25 times a question)
            if token in text:
                in_text += weight
                matched.append(token)
            elif token in heading:
                in_heading += weight
                matched.append(token)
        coverage = (in_text + in_heading) / total
        score = (in_text + self.HEADING_SHARE * in_heading) / total \
            - self.WINDOW_COST * (len(window) - 1)
        if others:
            score += self.TIE * sum(1 for t in others if any(t in self.stems[n]
                                                               for n in window))
        return Hit(window, coverage, in_text / total, frozenset(matched), score)

    def search(self, weights: Mapping[str, float], limit: int = 3,
               others: frozenset[str] = frozenset()) -> list[Hit]:
        """The best passages or windows for a question's weighted tokens, best first;
        ``others``: the stems of the question's other words, which break ties."""
        total = sum(weights.values())
        if not total:
            return []
        touched: dict[int, float] = defaultdict(float)
        for token, weight in weights.items():
            for number in self.postings.get(token, ()):
                touched[number] += weight
        if not touched:
            return []
        seeds = sorted(touched, key=lambda n: (-touched[n], n))[:8]
        hits: dict[tuple[int, ...], Hit] = {}
        for seed in seeds:
            single = self._hit((seed,), weights, total, others)
            hits[single.passages] = single
            for window in self._windows(seed):
                hit = self._hit(window, weights, total, others)
                if hit.coverage > single.coverage + 1e-9:
                    hits[hit.passages] = hit
        ranked = sorted(hits.values(), key=lambda h: (-h.score, len(h.passages), h.passages))
        return ranked[:limit]

    def with_antecedent(self, window: Sequence[int]) -> tuple[int, ...]:
        """A window to quote, with the sentence before it when its first sentence refers back
        to that one ("Det vil betyde, at …", "Og …", "Her kan …"): a quote says what it speaks
        of."""
        window = tuple(window)
        if not window:
            return window
        first = window[0]
        if first and self.section_of[first - 1] == self.section_of[first] and \
                refers_back(self.passages[first].text):
            return (first - 1, *window)
        return window

    def with_sequel(self, window: Sequence[int]) -> tuple[int, ...]:
        """A window to quote, with the sentence after it when that one goes on about it
        ("… følger løbende op på fremdriften." „Det sker ved, at …“): a quote says all of
        what its sentence begins."""
        window = tuple(window)
        if not window:
            return window
        last = window[-1]
        after = last + 1
        if after < len(self.passages) and self.section_of[after] == self.section_of[last] \
                and refers_back(self.passages[after].text):
            return (*window, after)
        return window

    def _windows(self, seed: int) -> list[tuple[int, ...]]:
        """Windows of neighbours in the seed's section: the one before, the one after, both."""
        section = self.section_of[seed]
        before = seed - 1 if seed > 0 and self.section_of[seed - 1] == section else None
        after = seed + 1 if seed + 1 < len(self.passages) and \
            self.section_of[seed + 1] == section else None
        windows: list[tuple[int, ...]] = []
        if before is not None:
            windows.append((before, seed))
        if after is not None:
            windows.append((seed, after))
        if before is not None and after is not None:
            windows.append((before, seed, after))
        return windows


_BACK = frozenset(("og", "men", "her", "saadan", "dette", "disse", "derfor"))
"""A sentence opening with one of these continues the one before it."""
_PRONOUNS = frozenset(("det", "de"))
_VERBS = frozenset(("vil", "skal", "kan", "er", "ses", "sker", "betyder", "udfordrer"))
"""…and one opening with "det" or "de" and one of these verbs ("Det betyder, at …", "De skal
afspejles …"), unless "det" points ahead ("Det er vigtigt, at …", "Det forventes at …")."""


def refers_back(text: str) -> bool:
    """Whether a sentence of the document opens by referring to the one before it."""
    folded = [fold(w) for w in words(text)[:6]]
    if not folded:
        return False
    if folded[0] in _BACK:
        return True
    if folded[0] not in _PRONOUNS or len(folded) < 2 or folded[1] not in _VERBS:
        return False
    # "Det er vigtigt, at …" points ahead; "Det er tendenser, der …" back
    return not (folded[1] == "er" and "at" in folded[2:])
