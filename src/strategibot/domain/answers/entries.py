"""The curated entries' index: every entry scored against a question's tokens.

An entry is scored by how well the question matches its best alternative question (weighted
Dice over inverse-entry-frequency weights) and by how typical the question's words are of the
entry (cosine to the entry's profile); a near-verbatim alternative question wins outright.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from strategibot.domain.answers.analyzer import Analyzer
from strategibot.domain.knowledge.load import Entry
from strategibot.domain.language import STOPWORDS
from strategibot.domain.normalise import fold, fold_text, words

__all__ = ["EntryIndex", "entry_texts"]


@dataclass(slots=True)
class _Doc:
    entry: int
    tokens: frozenset[str]
    weight: float = 0.0


def entry_texts(entry: Entry) -> Iterable[str]:
    """The texts that represent an entry in the index: title, questions, keywords."""
    for lang in ("da", "en"):
        yield entry.title[lang]
        yield from entry.questions[lang]
        yield from entry.keywords[lang]


class EntryIndex:
    """Scores entries; ``rank`` returns (entry index, score, coverage), best first."""

    dice_share = 0.55
    """The score's share from the best-matching alternative question (the rest: cosine)."""

    def __init__(self, analyzer: Analyzer, entries: Sequence[Entry], verbatim: float) -> None:
        self.analyzer = analyzer
        self.entries = list(entries)
        self.verbatim_ratio = verbatim
        docs: list[_Doc] = []
        count = len(self.entries)
        entry_vocab: list[set[str]] = [set() for _ in range(count)]
        answer_vocab: list[set[str]] = [set() for _ in range(count)]
        said: list[frozenset[str]] = []
        self.verbatim: dict[str, int] = {}
        for index, entry in enumerate(self.entries):
            for text in entry_texts(entry):
                tokens = frozenset(analyzer.analyse(text, expand=True))
                if tokens:
                    docs.append(_Doc(index, tokens))
                    entry_vocab[index].update(tokens)
                self.verbatim.setdefault(fold_text(text), index)
            for lang in ("da", "en"):
                answer_vocab[index].update(analyzer.analyse(entry.answer[lang], expand=True))
            said.append(frozenset(answer_vocab[index]))
            answer_vocab[index] -= entry_vocab[index]
        frequency: dict[str, int] = defaultdict(int)
        for index in range(count):
            for token in entry_vocab[index] | answer_vocab[index]:
                frequency[token] += 1
        self.frequency = dict(frequency)
        """in how many entries a token occurs"""
        self.idf = {t: math.log(1.0 + count / f) for t, f in frequency.items()}
        self.idf_unknown = 1.5 * math.log(1.0 + count)
        for doc in docs:
            doc.weight = sum(self.idf[t] for t in doc.tokens)
        self.docs = docs
        self.postings: dict[str, list[int]] = defaultdict(list)
        for number, doc in enumerate(docs):
            for token in doc.tokens:
                self.postings[token].append(number)
        # each entry's profile: how typical a token is of its questions (share of its question
        # texts that contain it), times idf, L2-normalised; words only in an entry's answer
        # count for its coverage, not its profile
        doc_count: list[int] = [0] * count
        in_docs: list[dict[str, int]] = [defaultdict(int) for _ in range(count)]
        for doc in docs:
            doc_count[doc.entry] += 1
            for token in doc.tokens:
                in_docs[doc.entry][token] += 1
        self.token_entries: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index in range(count):
            profile = {t: n / doc_count[index] * self.idf[t] for t, n in in_docs[index].items()}
            norm = math.sqrt(sum(v * v for v in profile.values())) or 1.0
            for token, value in profile.items():
                self.token_entries[token].append((index, value / norm))
        self.vocab = [frozenset(entry_vocab[i] | answer_vocab[i]) for i in range(count)]
        self._vocab_entries: dict[str, list[int]] = defaultdict(list)
        """a token → the entries whose vocabulary has it (for a question's coverage)"""
        for index, vocab in enumerate(self.vocab):
            for token in vocab:
                self._vocab_entries[token].append(index)
        self.answer_vocab = said
        """the words of each entry's answer (what the reply itself says)"""
        self.question_vocab = [frozenset(v) for v in entry_vocab]
        self.verbatim_keys = sorted(self.verbatim, key=len)
        """the entries' texts, shortest first: a near-verbatim question is looked for only
        among those whose length allows the ratio (:meth:`_near_verbatim`)"""
        self._key_lengths = [len(k) for k in self.verbatim_keys]
        self._key_order = {k: n for n, k in enumerate(self.verbatim)}
        """a text's place in the knowledge base, which decides between equal ratios"""
        self.languages = self._languages()

    SAME_WORD = 80.0
    """rapidfuzz partial ratio at which a word of a question is found, misspelt, in a text."""

    def _same_words(self, question: str, text: str) -> bool:
        """Whether every word of a (folded) question is in a (folded) entry text: the same
        word, a stop word, a misspelling, a synonym or a compound of one (numbers are left to
        the ranking). A near-verbatim question differs from an entry's by typos and forms, not
        by a word of its own ("what does the strategy say about robots" is not "… about
        DTU")."""
        own = set(text.split())
        tokens: set[str] | None = None
        for word in question.split():
            if word in own or word in STOPWORDS or not word.isalpha() or \
                    fuzz.partial_ratio(word, text) >= self.SAME_WORD:
                continue
            if tokens is None:
                tokens = self.analyzer.analyse(text, expand=True)
            # a compound of a word of the text ("koncernstrategi" for "strategien") is it
            parts = self.analyzer.split(word)
            if not (set(self.analyzer.tokens(word)) <= tokens or (parts and parts[-1] in tokens)):
                return False
        return True

    def _near_verbatim(self, folded: str, limit: int = 3) -> list[str]:
        """The (at most ``limit``) entry texts with the highest ratio to ``folded``, at least
        the verbatim ratio, best first (equal ratios in the knowledge base's order). Only texts
        whose length allows that ratio are compared: the ratio of two texts is at most
        2·shorter/(both lengths), so a text much shorter or longer cannot reach it — a fifth
        of the texts are compared, not all of them."""
        share = self.verbatim_ratio / 100.0
        length = len(folded)
        low = bisect.bisect_left(self._key_lengths, math.floor(length * share / (2.0 - share)))
        high = bisect.bisect_right(self._key_lengths, math.ceil(length * (2.0 - share) / share))
        found = process.extract(folded, self.verbatim_keys[low:high], scorer=fuzz.ratio,
                                score_cutoff=self.verbatim_ratio, limit=None)
        found.sort(key=lambda hit: (-hit[1], self._key_order[hit[0]]))
        return [text for text, _, _ in found[:limit]]

    def _languages(self) -> dict[str, str]:
        """Folded words that occur in only one language's titles and questions."""
        seen: dict[str, set[str]] = defaultdict(set)
        for entry in self.entries:
            for lang in ("da", "en"):
                for text in (entry.title[lang], *entry.questions[lang]):
                    for word in words(text):
                        seen[fold(word)].add(lang)
        return {w: next(iter(langs)) for w, langs in seen.items() if len(langs) == 1}

    def weight(self, token: str) -> float:
        """A token's weight; a word no entry has weighs most, a number no entry has little
        (another year than the document's is a question about the document)."""
        found = self.idf.get(token)
        if found is not None:
            return found
        return self.NUMBER_WEIGHT if token[:1].isdigit() else self.idf_unknown

    NUMBER_WEIGHT = 1.0

    def rank(self, tokens: frozenset[str], folded: str
             ) -> tuple[list[tuple[int, float, float]], float]:
        """Entries by score — (entry index, score, coverage), best first — and the share of
        the question's weight that the entries know at all. ``folded`` is the question as
        :func:`fold_text` gives it (for the verbatim match)."""
        if not tokens:
            return [], 0.0
        weights = {t: self.weight(t) for t in tokens}
        total = sum(weights.values())
        known = sum(w for t, w in weights.items() if t in self.idf or t[:1].isdigit()) / total
        overlap: dict[int, float] = defaultdict(float)
        for token, weight in weights.items():
            for number in self.postings.get(token, ()):
                overlap[number] += weight
        best: dict[int, float] = defaultdict(float)
        for number, shared in overlap.items():
            doc = self.docs[number]
            dice = 2.0 * shared / (total + doc.weight)
            if dice > best[doc.entry]:
                best[doc.entry] = dice
        covered: dict[int, float] = defaultdict(float)
        for token, weight in weights.items():
            for index, share in self.token_entries.get(token, ()):
                covered[index] += weight * share
        norm = math.sqrt(sum(w * w for w in weights.values()))
        verbatim_index = self.verbatim.get(folded)
        if verbatim_index is None and len(folded) >= 8 and known == 1.0:
            # a near-verbatim question differs by a typo or an inflection, not by a word of its
            # own ("… say about robots" is not "… say about DTU")
            for text in self._near_verbatim(folded):
                if self._same_words(folded, text):
                    verbatim_index = self.verbatim[text]
                    break
        # how much of the question each entry speaks of at all (its questions or answer)
        spoken: dict[int, float] = defaultdict(float)
        for token, weight in weights.items():
            for index in self._vocab_entries.get(token, ()):
                spoken[index] += weight
        ranked: list[tuple[int, float, float]] = []
        for index in set(best) | set(covered):
            cosine = covered[index] / norm
            score = self.dice_share * best[index] + (1.0 - self.dice_share) * cosine
            coverage = spoken[index] / total
            if index == verbatim_index:
                score = max(score, 0.97)
                coverage = 1.0
            ranked.append((index, score, coverage))
        ranked.sort(key=lambda item: (-item[1], item[0]))
        return ranked, known

