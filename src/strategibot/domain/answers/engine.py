"""The answer engine: a question in, the right entry (or an honest "I don't know") out.

Retrieval is lexical and fast (see BENCHMARKS.md): a question becomes a set of stems after
folding (æ→ae, ø→oe, å→aa), stop-word removal, typo correction against the knowledge base's own
vocabulary (rapidfuzz) and compound splitting ("sygefraværsmålet" → sygefravær + mål). Every
entry is scored by how well the question matches its best alternative question (weighted Dice
over inverse-entry-frequency weights) and how much of the question its vocabulary covers; a
near-verbatim alternative question wins outright. Three outcomes by confidence: answer,
clarify ("did you mean …?") or unknown.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from strategibot.core.i18n import I18n
from strategibot.domain.knowledge.load import Entry, KnowledgeBase
from strategibot.domain.language import CANONICAL, STOPWORDS, detect_language
from strategibot.domain.messages import Action, Outcome, Reply, Source
from strategibot.domain.normalise import fold, fold_text, stem, words

__all__ = ["MAX_QUESTION_CHARS", "Answer", "AnswerEngine", "Thresholds"]

MAX_QUESTION_CHARS = 500
"""Longer messages are not questions a person types to this bot: they get a polite reply."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Confidence thresholds (scores are 0–1)."""

    answer: float = 0.35
    """An answer needs this score and ``margin`` over the next entry, or ``sure``."""
    margin: float = 0.05
    sure: float = 0.90
    coverage: float = 0.40
    """…and the entry must speak of this share of the question's weight…"""
    known: float = 0.80
    """…and the knowledge base must know this share of it (unknown words are suspicious)."""
    clarify: float = 0.25
    """Below this score, or below ``refuse_known``, the bot says it does not know."""
    refuse_known: float = 0.60
    verbatim: float = 90.0
    """rapidfuzz ratio at which a question counts as one of an entry's own questions."""


@dataclass(frozen=True, slots=True)
class Answer:
    """The engine's verdict on one question, with the reply to send."""

    question: str
    lang: str
    outcome: Outcome
    entry_id: str | None
    score: float
    candidates: tuple[tuple[str, float], ...]
    reply: Reply


@dataclass(slots=True)
class _Doc:
    entry: int
    tokens: frozenset[str]
    weight: float = 0.0


class _Analyzer:
    """Turns text into retrieval tokens, with the vocabulary to correct and split words."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.surface: dict[str, str] = {}
        for word in vocabulary:
            folded = fold(word)
            if folded not in STOPWORDS and (len(folded) >= 2 or folded.isdigit()):
                self.surface.setdefault(folded, self.token(word))
        self.by_stem: dict[str, list[str]] = defaultdict(list)
        for folded, token in self.surface.items():
            self.by_stem[token].append(folded)
        self.by_initial: dict[str, list[str]] = defaultdict(list)
        for folded in self.surface:
            if len(folded) >= 4:
                self.by_initial[folded[0]].append(folded)

    @staticmethod
    def token(word: str) -> str:
        folded = fold(word)
        canonical = CANONICAL.get(folded)
        return canonical if canonical else stem(word)

    def _known(self, folded: str) -> str | None:
        """The token of a word the knowledge base knows, or of another form of it.

        Sharing a stem is not enough: "parkere" and "Park" share "park" but are different
        words, so the word must also look like one of the stem's known forms.
        """
        if folded in self.surface:
            return self.surface[folded]
        token = self.token(folded)
        forms = self.by_stem.get(token)
        if forms and max(fuzz.ratio(folded, form) for form in forms) >= self.SAME_WORD:
            return token
        return None

    SAME_WORD = 75.0

    def _split(self, folded: str) -> list[str]:
        """Split a compound into two words the knowledge base has verbatim (the head may end
        in a linking s or e), longest head first: "sygefraværsmålet" → sygefravær + målet."""
        for cut in range(len(folded) - 4, 3, -1):
            tail_token = self.surface.get(folded[cut:])
            if tail_token is None:
                continue
            head = folded[:cut]
            for candidate in (head, head[:-1] if head[-1:] in "se" else ""):
                if len(candidate) >= 4 and candidate in self.surface:
                    return [self.surface[candidate], tail_token]
        return []

    def _correct(self, folded: str) -> str | None:
        """A typo's intended word: one edit away (a swap of two letters is one), two for long
        words; the first letter must match (people rarely mistype it)."""
        if len(folded) < 4 or folded[0].isdigit():
            return None
        edits = 2 if len(folded) >= 8 else 1
        found = process.extractOne(folded, self.by_initial.get(folded[0], ()),
                                   scorer=OSA.distance, score_cutoff=edits)
        return self.surface[found[0]] if found else None

    def add_synonyms(self, groups: Sequence[Sequence[str]]) -> None:
        """Treat every phrase of a group as one token (the group's first phrase's)."""
        self.phrases: dict[tuple[str, ...], str] = {}
        for group in groups:
            keys = [self._phrase_key(phrase) for phrase in group]
            keys = [k for k in keys if k]
            if not keys:
                continue
            canonical = "§" + "_".join(keys[0])
            for key in keys:
                self.phrases.setdefault(key, canonical)
        self.longest = max((len(k) for k in self.phrases), default=1)

    def _phrase_key(self, phrase: str) -> tuple[str, ...]:
        return tuple(self.token(w) for w in words(phrase) if fold(w) not in STOPWORDS)

    def _merge(self, sequence: list[str]) -> set[str]:
        """Replace synonym phrases in a token sequence, longest first."""
        phrases = getattr(self, "phrases", None)
        if not phrases:
            return set(sequence)
        merged: set[str] = set()
        position = 0
        while position < len(sequence):
            for size in range(min(self.longest, len(sequence) - position), 0, -1):
                canonical = phrases.get(tuple(sequence[position:position + size]))
                if canonical is not None:
                    merged.add(canonical)
                    position += size
                    break
            else:
                merged.add(sequence[position])
                position += 1
        return merged

    def analyse(self, text: str, *, expand: bool = False) -> set[str]:
        """Tokens of ``text``. ``expand`` (index side) adds compound parts beside the word."""
        sequence: list[str] = []
        parts_seen: set[str] = set()
        for word in words(text):
            folded = fold(word)
            if folded in STOPWORDS or (len(folded) < 2 and not folded.isdigit()):
                continue
            if expand:
                sequence.append(self.token(word))
                if len(folded) >= 7:
                    parts_seen.update(self._split(folded))
                continue
            known = self._known(folded)
            if known is not None:
                sequence.append(known)
                continue
            parts = self._split(folded) if len(folded) >= 7 else []
            if parts:
                sequence.extend(parts)
                continue
            corrected = self._correct(folded)
            sequence.append(corrected if corrected is not None else "?" + folded)
        tokens = self._merge(sequence)
        for part in parts_seen:
            tokens |= self._merge([part])
        return tokens


class AnswerEngine:
    """Answers questions from a :class:`KnowledgeBase` in Danish or English."""

    MAX_TOPIC_ACTIONS = 8
    dice_share = 0.55
    """The score's share from the best-matching alternative question (the rest: coverage)."""

    def __init__(
        self, kb: KnowledgeBase, i18n: I18n, *, thresholds: Thresholds | None = None,
        default_language: str = "da", synonyms: Sequence[Sequence[str]] = (),
    ) -> None:
        self.kb = kb
        self.i18n = i18n
        self.thresholds = thresholds or Thresholds()
        self.default_language = default_language
        self._entries: list[Entry] = list(kb.entries.values())
        self._synonyms = tuple(tuple(g) for g in synonyms)
        self._build()

    # ---------------------------------------------------------------- index
    def _entry_texts(self, entry: Entry) -> Iterable[tuple[str, bool]]:
        """(text, is_question) pairs that represent an entry in the index."""
        for lang in ("da", "en"):
            yield entry.title[lang], True
            for question in entry.questions[lang]:
                yield question, True
            for keyword in entry.keywords[lang]:
                yield keyword, True

    def _build(self) -> None:
        vocabulary: list[str] = []
        for entry in self._entries:
            for text, _ in self._entry_texts(entry):
                vocabulary.extend(words(text))
            for lang in ("da", "en"):
                vocabulary.extend(words(entry.answer[lang]))
        for group in self._synonyms:
            for phrase in group:
                vocabulary.extend(words(phrase))
        self._analyzer = _Analyzer(vocabulary)
        self._analyzer.add_synonyms(self._synonyms)
        docs: list[_Doc] = []
        entry_vocab: list[set[str]] = [set() for _ in self._entries]
        answer_vocab: list[set[str]] = [set() for _ in self._entries]
        self._verbatim: dict[str, int] = {}
        for index, entry in enumerate(self._entries):
            for text, _ in self._entry_texts(entry):
                tokens = frozenset(self._analyzer.analyse(text, expand=True))
                if tokens:
                    docs.append(_Doc(index, tokens))
                    entry_vocab[index].update(tokens)
                self._verbatim.setdefault(fold_text(text), index)
            for lang in ("da", "en"):
                answer_vocab[index].update(self._analyzer.analyse(entry.answer[lang], expand=True))
            answer_vocab[index] -= entry_vocab[index]
        count = len(self._entries)
        frequency: dict[str, int] = defaultdict(int)
        for index in range(count):
            for token in entry_vocab[index] | answer_vocab[index]:
                frequency[token] += 1
        self._idf = {t: math.log(1.0 + count / f) for t, f in frequency.items()}
        self._idf_unknown = 1.5 * math.log(1.0 + count)
        for doc in docs:
            doc.weight = sum(self._idf[t] for t in doc.tokens)
        self._docs = docs
        self._postings: dict[str, list[int]] = defaultdict(list)
        for number, doc in enumerate(docs):
            for token in doc.tokens:
                self._postings[token].append(number)
        # each entry's profile: how typical a token is of its questions (share of its question
        # texts that contain it), times idf, L2-normalised; words only in an entry's answer
        # count for its coverage, not its profile
        doc_count: list[int] = [0] * count
        in_docs: list[dict[str, int]] = [defaultdict(int) for _ in range(count)]
        for doc in docs:
            doc_count[doc.entry] += 1
            for token in doc.tokens:
                in_docs[doc.entry][token] += 1
        self._token_entries: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index in range(count):
            profile = {t: n / doc_count[index] * self._idf[t] for t, n in in_docs[index].items()}
            norm = math.sqrt(sum(v * v for v in profile.values())) or 1.0
            for token, value in profile.items():
                self._token_entries[token].append((index, value / norm))
        self._vocab = [frozenset(entry_vocab[i] | answer_vocab[i]) for i in range(count)]
        self._verbatim_keys = list(self._verbatim)
        self._language_vocab = self._languages()
        self._intent_phrases: dict[str, tuple[str, str]] = {}
        for intent in ("greeting", "help", "thanks"):
            for lang in ("da", "en"):
                for phrase in self.i18n.intents.get(intent, {}).get(lang, ()):
                    self._intent_phrases.setdefault(fold_text(phrase), (intent, lang))

    def _languages(self) -> dict[str, str]:
        """Folded words that occur in only one language's texts."""
        seen: dict[str, set[str]] = defaultdict(set)
        for entry in self._entries:
            for lang in ("da", "en"):
                texts = [entry.title[lang], *entry.questions[lang]]
                for text in texts:
                    for word in words(text):
                        seen[fold(word)].add(lang)
        return {w: next(iter(langs)) for w, langs in seen.items() if len(langs) == 1}

    # ---------------------------------------------------------------- scoring
    def _weight(self, token: str) -> float:
        return self._idf.get(token, self._idf_unknown)

    def rank(self, question: str) -> tuple[list[tuple[int, float, float]], float]:
        """Entries by score — (entry index, score, coverage), best first — and the share of the
        question's weight that the knowledge base knows at all."""
        tokens = frozenset(self._analyzer.analyse(question))
        if not tokens:
            return [], 0.0
        weights = {t: self._weight(t) for t in tokens}
        total = sum(weights.values())
        known = sum(w for t, w in weights.items() if t in self._idf) / total
        overlap: dict[int, float] = defaultdict(float)
        for token, weight in weights.items():
            for number in self._postings.get(token, ()):
                overlap[number] += weight
        best: dict[int, float] = defaultdict(float)
        for number, shared in overlap.items():
            doc = self._docs[number]
            dice = 2.0 * shared / (total + doc.weight)
            if dice > best[doc.entry]:
                best[doc.entry] = dice
        covered: dict[int, float] = defaultdict(float)
        for token, weight in weights.items():
            for index, share in self._token_entries.get(token, ()):
                covered[index] += weight * share
        norm = math.sqrt(sum(w * w for w in weights.values()))
        folded = fold_text(question)
        verbatim_index = self._verbatim.get(folded)
        if verbatim_index is None and len(folded) >= 8 and known == 1.0:
            found = process.extractOne(
                folded, self._verbatim_keys, scorer=fuzz.ratio,
                score_cutoff=self.thresholds.verbatim,
            )
            if found is not None:
                verbatim_index = self._verbatim[found[0]]
        ranked: list[tuple[int, float, float]] = []
        for index in set(best) | set(covered):
            cosine = covered[index] / norm
            score = self.dice_share * best[index] + (1.0 - self.dice_share) * cosine
            # how much of the question the entry speaks of at all (its questions or answer)
            coverage = sum(w for t, w in weights.items() if t in self._vocab[index]) / total
            if index == verbatim_index:
                score = max(score, 0.97)
                coverage = 1.0
            ranked.append((index, score, coverage))
        ranked.sort(key=lambda item: (-item[1], item[0]))
        return ranked, known

    # ---------------------------------------------------------------- answering
    def _small_talk(self, folded: str) -> tuple[str, str] | None:
        """(intent, language of the phrase) for a greeting, a request for help or thanks."""
        text = " ".join(folded.replace("strategibot", " ").split())
        if not text:
            return None
        exact = self._intent_phrases.get(text)
        if exact is not None:
            return exact
        if len(text) > 40:  # no greeting or request for help is that long
            return None
        for target, found in self._intent_phrases.items():
            if len(target) >= 5 and fuzz.ratio(text, target) >= 88:
                return found
        return None

    def _strip_greeting(self, question: str) -> str:
        """Drop a leading greeting ("hej, hvad er …") so the question itself is answered."""
        raw = words(question)
        greetings = {
            fold_text(p) for lang in ("da", "en")
            for p in self.i18n.intents.get("greeting", {}).get(lang, ())
        }
        for size in (2, 1):
            if len(raw) > size and " ".join(fold(w) for w in raw[:size]) in greetings:
                head = raw[size - 1]
                position = question.casefold().find(head)
                if position >= 0:
                    return question[position + len(head):].lstrip(" ,.!:;-")
        return question

    def detect(self, question: str, hint: str | None = None) -> str:
        """The question's language; vocabulary decides when function words do not."""
        lang = detect_language(question, None, default="")
        if lang:
            return lang
        votes = {"da": 0, "en": 0}
        for word in words(question):
            owner = self._language_vocab.get(fold(word))
            if owner:
                votes[owner] += 1
        if votes["da"] != votes["en"]:
            return max(votes, key=lambda k: votes[k])
        return detect_language(question, hint, default=self.default_language)

    def answer(self, question: str, *, hint: str | None = None) -> Answer:
        """Answer one question. ``hint`` is the client's locale (e.g. "en-US"), used on ties."""
        question = (question or "").strip()
        lang = self.detect(question, hint)
        if not words(question):
            return self._plain(question, lang, Outcome.EMPTY, "empty")
        if len(question) > MAX_QUESTION_CHARS:
            return self._plain(question, lang, Outcome.EMPTY, "too_long")
        small_talk = self._small_talk(fold_text(question))
        intent = small_talk[0] if small_talk else None
        if small_talk and not detect_language(question, None, default=""):
            lang = small_talk[1] if not hint else lang  # "Hello!" is English by itself
        if intent == "greeting":
            return self._plain(question, lang, Outcome.GREETING, "greeting")
        if intent == "help":
            return self._help(question, lang)
        if intent == "thanks":
            return self._plain(question, lang, Outcome.THANKS, "thanks")
        stripped = self._strip_greeting(question)
        ranked, known = self.rank(stripped)
        limits = self.thresholds
        candidates = tuple((self._entries[i].id, round(s, 4)) for i, s, _ in ranked[:3])
        if not ranked or ranked[0][1] < limits.clarify or known < limits.refuse_known:
            near = [i for i, s, _ in ranked[:2] if s >= limits.clarify]
            return self._unknown(question, lang, ranked[0][1] if ranked else 0.0, candidates,
                                 near)
        top, score, coverage = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        confident = score >= limits.sure or (
            score >= limits.answer and score - second >= limits.margin
        )
        if confident and coverage >= limits.coverage and known >= limits.known:
            return self._answer(question, lang, self._entries[top], score, candidates)
        close = [i for i, s, _ in ranked[:3] if s >= max(limits.clarify, score - 0.2)]
        return self._clarify(question, lang, close, score, candidates)

    # ---------------------------------------------------------------- replies
    def source_label(self, pages: Sequence[int], lang: str) -> str:
        document = self.kb.strategy.document.get(lang)
        listed = _pages(pages)
        key = "bot.source_many" if len(pages) > 1 else "bot.source"
        return self.i18n.text(key, lang, document=document, pages=listed)

    def ask_action(self, entry: Entry, lang: str) -> Action:
        """A button that asks ``entry``'s first question."""
        question = entry.questions[lang][0]
        return Action(title=question, value=question)

    def _answer(self, question: str, lang: str, entry: Entry, score: float,
                candidates: tuple[tuple[str, float], ...]) -> Answer:
        related = [self.kb.entries[r] for r in entry.related[:3] if r in self.kb.entries]
        reply = Reply(
            lang=lang,
            title=entry.title[lang],
            text=entry.answer[lang],
            source=Source(self.kb.strategy.document.get(lang), entry.source_pages),
            source_label=self.source_label(entry.source_pages, lang),
            prompt=self.i18n.text("bot.related", lang) if related else None,
            actions=tuple(self.ask_action(r, lang) for r in related),
            outcome=Outcome.ANSWER,
            entry_id=entry.id,
        )
        return Answer(question, lang, Outcome.ANSWER, entry.id, score, candidates, reply)

    def _clarify(self, question: str, lang: str, indexes: list[int], score: float,
                 candidates: tuple[tuple[str, float], ...]) -> Answer:
        entries = [self._entries[i] for i in indexes]
        reply = Reply(
            lang=lang,
            text=self.i18n.text("bot.clarify", lang),
            actions=tuple(self.ask_action(e, lang) for e in entries),
            outcome=Outcome.CLARIFY,
        )
        return Answer(question, lang, Outcome.CLARIFY, None, score, candidates, reply)

    def topic_actions(self, lang: str) -> tuple[Action, ...]:
        actions = []
        for topic in self.kb.strategy.topics:
            entry = self.kb.entries[topic.entry]
            label = topic.en if lang == "en" else topic.da
            actions.append(Action(title=label, value=entry.questions[lang][0]))
        return tuple(actions)

    def _unknown(self, question: str, lang: str, score: float,
                 candidates: tuple[tuple[str, float], ...], near: Sequence[int] = ()) -> Answer:
        """"I don't know" with the nearest entries (if any come close) and the main topics."""
        actions = [self.ask_action(self._entries[i], lang) for i in near]
        for action in self.topic_actions(lang):
            if len(actions) >= self.MAX_TOPIC_ACTIONS:
                break
            if all(action.value != a.value for a in actions):
                actions.append(action)
        reply = Reply(
            lang=lang,
            text=self.i18n.text("bot.unknown", lang),
            prompt=self.i18n.text("bot.topics", lang),
            actions=tuple(actions),
            outcome=Outcome.UNKNOWN,
        )
        return Answer(question, lang, Outcome.UNKNOWN, None, score, candidates, reply)

    def entry_id(self, index: int) -> str:
        """The id of the entry at ``index`` of :meth:`rank`'s results."""
        return self._entries[index].id

    def help(self, lang: str) -> Answer:
        """The introduction and help, with the main topics as buttons."""
        return self._help("", lang)

    def _help(self, question: str, lang: str) -> Answer:
        reply = Reply(
            lang=lang,
            text=self.i18n.text("bot.intro", lang) + "\n\n" + self.i18n.text("bot.help", lang),
            prompt=self.i18n.text("bot.topics", lang),
            actions=self.topic_actions(lang),
            outcome=Outcome.HELP,
        )
        return Answer(question, lang, Outcome.HELP, None, 1.0, (), reply)

    def _plain(self, question: str, lang: str, outcome: Outcome, key: str) -> Answer:
        reply = Reply(lang=lang, text=self.i18n.text(f"bot.{key}", lang), outcome=outcome)
        return Answer(question, lang, outcome, None, 1.0, (), reply)


def _pages(pages: Sequence[int]) -> str:
    """"7" or "7–10" or "3, 5" — consecutive pages as a range."""
    ordered = sorted(set(pages))
    if len(ordered) > 1 and ordered[-1] - ordered[0] == len(ordered) - 1:
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(str(p) for p in ordered)
