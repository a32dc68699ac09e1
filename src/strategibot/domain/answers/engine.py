"""The answer engine: a question in, the right entry, a quote from the document, an honest
partial answer or an honest "I don't know" out.

Two layers, both lexical and fast (see BENCHMARKS.md). The curated entries are the polished
path: their questions, keywords and answers (``entries.py``). Behind them the document's own
sentences with their pages and English glosses (``passages.py``): when no entry answers with
confidence but a passage does, the bot quotes the passage with its page. The layers inform each
other's ranking (``fusion.py``), and a calibrated probability that the best entry or passage is
right (``calibration.py``) decides where the scores alone are unsure. Before an answer is given,
the engine checks that it states the kind of fact asked for (``facts.py``, ``statements.py``,
``gaps.py``): a date, a figure, an amount, another year, a person, the members of something; if
not, the reply says first what the document does not say and then what it does (a partial
answer). A two-part question is split and answered part by part (``parts.py``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from strategibot.core.i18n import I18n
from strategibot.domain.answers.analyzer import UNKNOWN, Analyzer
from strategibot.domain.answers.calibration import ENTRY, PASSAGE, features
from strategibot.domain.answers.context import without_context
from strategibot.domain.answers.embeddings import Reranker
from strategibot.domain.answers.entries import EntryIndex
from strategibot.domain.answers.facts import (
    LAST_YEAR_WORDS,
    Asked,
    asked,
    asks_for_one,
    is_fact_word,
    is_kind_word,
    own_places,
)
from strategibot.domain.answers.fusion import agree, fuse
from strategibot.domain.answers.gaps import Choice, GapCheck, asks_to_confirm, everyday_word
from strategibot.domain.answers.parts import ASKING_WORDS, Splitter
from strategibot.domain.answers.passages import Hit, PassageIndex
from strategibot.domain.answers.replies import Gap, Replies
from strategibot.domain.answers.statements import (
    NUMBER_WORDS,
    claimed_dates,
    claimed_figures,
    dates_in,
)
from strategibot.domain.answers.thresholds import Thresholds
from strategibot.domain.courtesy import Courtesy
from strategibot.domain.knowledge.load import Entry, KnowledgeBase
from strategibot.domain.language import STOPWORDS, detect_language
from strategibot.domain.messages import Action, Outcome, Reply
from strategibot.domain.normalise import (
    fold,
    fold_text,
    named_themes,
    skeleton,
    with_theme,
    words,
)

__all__ = ["CLAIM_TAG", "MAX_QUESTION_CHARS", "Answer", "AnswerEngine", "Thresholds"]

MAX_QUESTION_CHARS = 500
"""Longer messages are not questions a person types to this bot: they get a polite reply."""


@dataclass(frozen=True, slots=True)
class Answer:
    """The engine's verdict on one question, with the reply to send.

    ``kind`` says how it was answered: ``entry`` (a curated entry), ``passage`` (a quote from
    the document), ``parts`` (a two-part question, part by part), ``partial`` (a near miss: what
    the document does not say, then what it does), or ``""`` (clarify, unknown, small talk).
    """

    question: str
    lang: str
    outcome: Outcome
    entry_id: str | None
    score: float
    candidates: tuple[tuple[str, float], ...]
    reply: Reply
    kind: str = ""
    passages: tuple[str, ...] = field(default_factory=tuple)
    """the ids of the passages quoted"""
    followed_up: bool = False
    """read as a follow-up of the question before it"""
    gap: str = ""
    """of a partial answer, what kind of fact the document lacks ("status": how far a goal
    has come, which the live figures tell)"""


@dataclass(frozen=True, slots=True)
class _Overlay:
    """Phrasings attached to entries in the strategy office's review, over ``knowledge/``: a
    question in the very words of one — the same folded text, or the same tokens (another
    word order, inflection, a typo the analyzer corrects) — is answered as that entry's own
    question would be."""

    phrasings: tuple[tuple[str, str], ...] = ()
    """(entry id, text), as given"""
    exact: Mapping[str, int] = field(default_factory=dict)
    """folded text → entry index"""
    tokens: Mapping[frozenset[str], int] = field(default_factory=dict)
    """the question's tokens → entry index"""


_INTRO = re.compile(
    r"\s*(?:jeg er|jeg arbejder|jeg arb\.?|jeg sidder|jeg har lige fået|jeg startede|"
    r"jeg begyndte|jeg er startet|i'm|i am|i work|i just started|i started|i joined|"
    r"i've just joined|i have just joined)\b[^.?!,;:–-]{0,60}[.!,;:–-]\s*"
    r"(?=(?:hvad|hvordan|hvorfor|hvem|hvornår|hvor|hvilke|hvilken|hvilket|står|er|kan|skal|må|what|how|why|who|when|where|which|is|"
    r"are|can|does|do|should)\b)", re.IGNORECASE)
"""A sentence that introduces the asker before the question."""
_FOUNDATION = re.compile(r"\b(?:lmg|leder-? og medarbejdergrundlag\w*|leader and employee|"
                         r"foundation)\b", re.IGNORECASE)
"""The leader and employee foundation, whose themes are five ("tema 5 i LMG")."""
_ABOUT_DOCUMENT = frozenset(fold(w) for w in words("""
strategien strategy koncernstrategien dokumentet document nævner nævnes mention mentions
mentioned står
"""))
"""Words of a question about what the document says."""
_BARE_INTRO = re.compile(r"\s*(?:jeg er|jeg hedder|jeg arbejder|jeg har lige|mit navn er|i'm|i am|"
                         r"im|my name is|i work|i just)\b", re.IGNORECASE)
"""An asker introducing themselves ("jeg er sygeplejerske og har lige set plakaten")…"""
_ASKS = re.compile(r"\b(?:hvad|hvordan|hvorfor|hvem|hvornår|hvornaar|hvor|hvilke|hvilken|"
                   r"hvilket|what|how|why|who|when|where|which|kan du|can you|vil gerne vide|"
                   r"want to know|fortæl|tell me|forklar|explain)\b", re.IGNORECASE)
"""…asking nothing."""
_INTRO_WORDS = ("jeg er ny nye her i am new here just started work arbejder joined startede "
                "begyndte startet last month week sidste måned uge")
"""Words of an introduction that say nothing of what is asked ("I'm *new* here")."""
_BARE_WHY = re.compile(r"^\W*(?:og\W+|and\W+|men\W+|but\W+)?(?:hvorfor(?:\W+(?:det|dog|egentlig))?|"
                       r"why(?:\W+(?:is\W+that|so|that))?|how\W+come)\W*$", re.IGNORECASE)
"""A follow-up that asks only why."""
_BARE_HOW = re.compile(r"^\W*(?:og\W+|and\W+|men\W+|but\W+)?(?:hvordan|hvorledes|how)"
                       r"(?:\W+(?:det|da|så|saa|dog|egentlig|konkret|helt konkret|i praksis|"
                       r"exactly|then|in practice|so))?\W*$", re.IGNORECASE)
"""A follow-up that asks only how."""
_ASKS_HOW = re.compile(r"^\W*(?:og\W+|and\W+)?(?:hvordan|hvorledes|how)\b", re.IGNORECASE)
_WHAT_ABOUT = re.compile(r"^\W*(?:og\W+)?(?:hvad med|what about|how about|and what about)\b",
                         re.IGNORECASE)
"""A follow-up that puts something in the place of what was asked about."""
_QUOTED = re.compile(r"\"[^\"]{2,80}\"|“[^”]{2,80}”|„[^“”]{2,80}[“”]|«[^»]{2,80}»|'[^']{2,80}'")
"""A name or a phrase in quotes."""
_A_THEME = re.compile(r"\b(?:hvilket|which)\s+(?:af\s+(?:de\s+)?(?:\w+\s+)?temaer\w*|tema|"
                      r"theme|of\s+the\s+(?:\w+\s+)?themes)\b", re.IGNORECASE)
"""Which theme something stands under ("hvilket tema hører sygefravær under?", "which of the
four themes carries the target?")."""
_CLAIMED_FIGURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w.,]*\d)")
"""A figure in a question, to ask it again without the figure."""
_WHO_MADE_IT = re.compile(
    r"^\W*(?:hvem|who)\s+(?:har\s+|have\s+|has\s+|did\s+)?(?:skrevet|skrev|lavet|lavede|"
    r"udarbejdet|udarbejdede|wrote|written|write|made|make|authored)\s+(?:den|det|it)\W*$",
    re.IGNORECASE)
"""Who made "it", asked with nothing before: "it" is the strategy."""
_YOU = re.compile(r"\b(?:you|your|yours|du|dig|din|dit|dine)\b", re.IGNORECASE)
"""A part that speaks to the bot ("who made *you*"): it may be a question about the bot."""
_COUNT_CLAIM = re.compile(r"(?<![\w.,])\d{1,3}\s+([^\W\d_]{3,})")
"""A whole number and the noun it counts ("12 centre", "5 temaer")."""
CLAIM_TAG = re.compile(r"[\s,]*\b(?:ik|ikk|ikke|vel|right|correct|ikke sandt|rigtigt)\W*$",
                       re.IGNORECASE)
"""The tag that asks for a yes ("…, ikke?", "… ik?")."""
_QUESTION_WORDS = """hvad hvor hvem hvornår hvorfor hvordan hvilke hvilken hvilket hvor mange
what where who when why how which whom whose"""
"""Words that begin a question."""
_THEMES = re.compile(r"\b(?:temaer|temaerne|themes)\b", re.IGNORECASE)
"""Themes in the plural: a question about them all."""
_AFTER_YEAR = re.compile(r"\b(?:efter|after|beyond|udover)\s+(\d{4})\b", re.IGNORECASE)
"""A question about the years after one ("efter 2019")."""
def _theme_swapped(previous: str, question: str) -> str | None:
    """The question before with its one theme's number replaced by the one a follow-up names
    ("what is theme 1 about?", "and theme 4?" → "what is theme 4 about?"); None when either
    names no theme, or more than one."""
    before, now = named_themes(previous), named_themes(question)
    if len(before) != 1 or len(now) != 1 or before == now:
        return None
    return with_theme(previous, next(iter(now)))


class AnswerEngine:
    """Answers questions from a :class:`KnowledgeBase` in Danish or English.

    Immutable once built, but for one thing: the phrasings attached in review
    (:meth:`set_overlay`), swapped in whole with one assignment, so a question is answered
    with one overlay or the other, never half of each.
    """

    MAX_TOPIC_ACTIONS = Replies.MAX_TOPIC_ACTIONS
    SEARCHED = 8
    """How many passages (and entries) are weighed against each other."""
    TIE_LETTERS = 5
    """A stop word of at least this many letters ("fortælle", not "skal") breaks ties between
    passages that cover a question equally."""
    NUMBER_SHARE = 0.4
    THEME_CLOSE = 0.15
    """A theme's own entry ranked within this of the first answers a question that names the
    theme by its number and speaks of no other themes."""
    """A number's weight in passage search, relative to a word's."""

    PLAIN_AMONG = 2
    """an unknown everyday word is left out of a question with this many known words"""

    def __init__(
        self, kb: KnowledgeBase, i18n: I18n, *, thresholds: Thresholds | None = None,
        default_language: str = "da", synonyms: Sequence[Sequence[str]] = (),
        reranker: Reranker | None = None,
    ) -> None:
        self.kb = kb
        self.reranker = reranker
        """an optional second opinion for questions the lexical layers leave unanswered
        (``embeddings.py``); None: the lexical engine alone"""
        self.i18n = i18n
        self.thresholds = thresholds or Thresholds()
        self.default_language = default_language
        self._entries: list[Entry] = list(kb.entries.values())
        self._number_of = {entry.id: number for number, entry in enumerate(self._entries)}
        """an entry's id → its number"""
        self._goal_entries = frozenset(goal.entry for goal in kb.goals)
        """the entries that state a goal (a goal says what, by when — not how)"""
        self._synonyms = tuple(tuple(g) for g in synonyms)
        vocabulary: list[str] = []
        asked: list[str] = []
        """the words of the entries' questions and keywords (collected phrasings among them,
        slips and all: "sygefraevaer"); the rest of the vocabulary is the texts' own"""
        for entry in self._entries:
            for lang in ("da", "en"):
                vocabulary.extend(words(entry.title[lang]))
                vocabulary.extend(words(entry.answer[lang]))
                for text in (*entry.questions[lang], *entry.keywords[lang]):
                    asked.extend(words(text))
        for group in self._synonyms:
            for phrase in group:
                vocabulary.extend(words(phrase))
        glossed: list[str] = []
        for passage in kb.passages:
            vocabulary.extend(words(passage.text))
            glossed.extend(words(passage.gloss))
            vocabulary.extend(words(passage.section["da"]))
        self._analyzer = Analyzer([*vocabulary, *asked], self._synonyms, glossed,
                                  texts=vocabulary)
        self._index = EntryIndex(self._analyzer, self._entries, self.thresholds.verbatim)
        self._passages = PassageIndex(self._analyzer, kb.passages)
        self._wholes = self._compounds()
        self._replies = Replies(kb, i18n)
        self._gaps = GapCheck(self._index, self._passages, self.thresholds, kb.strategy.year,
                              self._wholes, kb.strategy.unexplained)
        declared: dict[str, set[str]] = {}
        for theme in kb.strategy.themes:
            declared.setdefault(theme.entry, set()).add(str(theme.number))
        for goal in kb.goals:
            if goal.theme is not None:
                declared.setdefault(goal.entry, set()).add(str(goal.theme))
        self._entry_themes = [frozenset(declared.get(entry.id, ())).union(*(
            named_themes(kb.passages[n].section["da"]) for n in self._gaps.entry_passages[number]))
            for number, entry in enumerate(self._entries)]
        """the themes an entry is about: the one it explains, its goal's, and those under whose
        headings its sentences stand ("tema 2")"""
        index_of = {entry.id: number for number, entry in enumerate(self._entries)}
        self._theme_words = frozenset(t for w in ("tema", "temaet", "temaer", "theme",
                                                  "themes", "temaerne")
                                      for t in self._analyzer.tokens(w))
        self._theme_entry = {str(theme.number): index_of[theme.entry]
                             for theme in kb.strategy.themes if theme.entry in index_of}
        """each theme's own entry, by the theme's number"""
        self._members = {index_of[entry.id]: frozenset(index_of[m] for m in entry.members
                                                       if m in index_of)
                         for entry in self._entries if entry.members}
        """of an entry about a group (the themes, the bearings …), its members' entries"""
        self._themes_entries = frozenset(self._theme_entry.values())
        self._passage_dates = [dates_in(f"{p.text}\n{p.gloss}") for p in kb.passages]
        """the days of a month each passage names (a claimed day is looked for in them)"""
        self._splitter = Splitter(self._choose, self._analyzer, self._passages, self._gaps)
        self._intent_phrases: dict[str, tuple[str, str]] = {}
        for intent in ("greeting", "help", "thanks", "ack", "about"):
            for lang in ("da", "en"):
                for phrase in self.i18n.intents.get(intent, {}).get(lang, ()):
                    known = self._intent_phrases.setdefault(fold_text(phrase), (intent, lang))
                    if known[1] != lang and known[0] == intent:  # "ok" in both: no language
                        self._intent_phrases[fold_text(phrase)] = (intent, "")
        self._fuzzy_intents = [target for target, found in self._intent_phrases.items()
                               if len(target) >= 5 and found[0] != "about"]
        """the phrases a message may be a misspelling of (questions about the bot only as
        written: "hvem har lavet *den*?" after the future narrative is about the narrative,
        not "… *dig*?")"""
        self._courtesy = Courtesy(self.i18n.intents)
        self._answer_words: dict[int, frozenset[str]] = {}
        """an entry's index → the folded words of its Danish answer (:meth:`_said_already`)"""
        self._greetings = {fold_text(p) for lang in ("da", "en")
                           for p in self.i18n.intents.get("greeting", {}).get(lang, ())}
        about = self.i18n.intents.get("about_words", {})
        self._about_core = frozenset(fold(w) for lang in ("da", "en")
                                     for w in about.get(lang, ()))
        seeing = self.i18n.intents.get("about_seeing", {})
        self._about_seeing = frozenset(fold(w) for lang in ("da", "en")
                                       for w in seeing.get(lang, ()))
        asking = self.i18n.intents.get("about_asking", {})
        self._about_asking = frozenset(fold(w) for lang in ("da", "en")
                                       for w in asking.get(lang, ()))
        formats = self.i18n.intents.get("answer_formats", {})
        self._formats = re.compile(r"\b(?:{})\b".format("|".join(sorted(
            (re.escape(p) for lang in ("da", "en") for p in formats.get(lang, ())),
            key=len, reverse=True))), re.IGNORECASE) if formats else None
        """how an answer is wanted ("i punktform", "as bullet points"): no part of what is
        asked (``answer_formats`` in texts.yaml)"""
        self._count_them = {fold_text(p) for lang in ("da", "en")
                            for p in self.i18n.intents.get("count_them", {}).get(lang, ())}
        self._name_them = {fold_text(p) for lang in ("da", "en")
                           for p in self.i18n.intents.get("name_them", {}).get(lang, ())}
        self._question_words = frozenset(fold(w) for w in words(_QUESTION_WORDS))
        self._lead_ins = {" ".join(fold(w) for w in words(p)) for lang in ("da", "en")
                          for p in self.i18n.intents.get("lead_in", {}).get(lang, ())}
        self._overlay = _Overlay()

    # ---------------------------------------------------------------- the review's overlay
    def set_overlay(self, phrasings: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        """Answer these (entry id, question) phrasings with their entries from now on, in
        place of any set before; the ones left out are returned: an unknown entry, no word,
        or the words of another entry's question, title or keyword (knowledge/ wins) or of
        an earlier phrasing of another entry. Costs tens of microseconds a phrasing (the
        question is analysed once); answering costs two dictionary look-ups more."""
        index_of = self._number_of
        exact: dict[str, int] = {}
        tokens: dict[frozenset[str], int] = {}
        kept: list[tuple[str, str]] = []
        left: list[tuple[str, str]] = []
        for entry_id, text in phrasings:
            number = index_of.get(entry_id)
            folded = fold_text(text)
            found = frozenset(self._analyzer.tokens(text))
            owner = self._index.verbatim.get(folded, number)
            if number is None or not folded or owner != number or \
                    exact.get(folded, number) != number or tokens.get(found, number) != number:
                left.append((entry_id, text))
                continue
            exact[folded] = number
            if found:
                tokens[found] = number
            kept.append((entry_id, text))
        self._overlay = _Overlay(tuple(kept), exact, tokens)
        return tuple(left)

    @property
    def overlay(self) -> tuple[tuple[str, str], ...]:
        """The phrasings attached in review that the engine answers: (entry id, question)."""
        return self._overlay.phrasings

    def attached(self, question: str) -> str | None:
        """The entry an attached phrasing answers ``question`` with, if any."""
        number = self._attached(fold_text(question), frozenset(self._analyzer.tokens(question)))
        return None if number is None else self._entries[number].id

    def _attached(self, folded: str, tokens: frozenset[str]) -> int | None:
        overlay = self._overlay
        if not overlay.phrasings:
            return None
        number = overlay.exact.get(folded)
        if number is None and folded not in self._index.verbatim:
            number = overlay.tokens.get(tokens)
        return number

    # ---------------------------------------------------------------- ranking
    def rank(self, question: str) -> tuple[list[tuple[int, float, float]], float]:
        """Entries by score — (entry index, score, coverage), best first — and the share of the
        question's weight that the entries know at all."""
        tokens = frozenset(self._analyzer.tokens(question))
        return self._index.rank(tokens, fold_text(question))

    def entry_id(self, index: int) -> str:
        """The id of the entry at ``index`` of :meth:`rank`'s results."""
        return self._entries[index].id

    def _choose(self, question: str, context: Mapping[str, str] | None = None,
                asking: Asked | None = None) -> Choice:
        """The best way to answer ``question`` (without small talk and language);
        ``asking``: a kind of fact asked before that a follow-up asks too ("hvornår …?" —
        "og centrenes?")."""
        choice = self._lexical(question, context, asking)
        if self.reranker is not None and choice.kind in ("unknown", "clarify") and \
                choice.weights:
            choice = self._second_opinion(choice, self.reranker) or choice
        after = _AFTER_YEAR.search(question) if choice.gap is not None and \
            choice.gap.kind == "year" else None
        if after is not None and int(after.group(1)) == self.kb.strategy.year:
            # („… nævner ikke noget om 2020“ to "hvad sker der efter 2019?")
            choice = dataclasses.replace(choice, gap=Gap("after", after.group(1)))
        return choice

    def _second_opinion(self, choice: Choice, reranker: Reranker) -> Choice | None:
        """The passage closest in meaning to a question the lexical layers leave unanswered,
        when it is close enough and shares enough of the question's words; checked for the
        asked fact like any answer."""
        limits = self.thresholds
        found = reranker.best(choice.question)
        if found is None or found[1] < limits.rerank:
            return None
        number, cosine = found
        hit = self._passages.hit((number,), choice.weights)
        if hit.coverage < limits.rerank_coverage:
            return None
        quoted = choice.as_passage(hit, hit.coverage, self._gaps.passage_entry[number])
        # chosen by meaning, not by the words: the words the knowledge base does not know
        # are not held against it, but the asked fact is checked ("hvem er formand for …")
        return self._gaps.check(dataclasses.replace(quoted, confidence=round(cosine, 4),
                                                    unknown={}))

    def _lexical(self, question: str, context: Mapping[str, str] | None = None,
                 asking: Asked | None = None) -> Choice:
        """The best way to answer ``question`` by the lexical layers alone."""
        limits = self.thresholds
        tokens = self._question_tokens(question)
        own = own_places(question)
        mine = [t for t, w in tokens.items() if t.startswith(UNKNOWN) and fold(w) in own]
        for token in mine:
            del tokens[token]
        for token, word in (context or {}).items():
            tokens.setdefault(token, word)
        fact = asked(question)
        plain = [t for t, w in tokens.items() if t.startswith(UNKNOWN) and everyday_word(fold(w))]
        if plain and sum(not t.startswith(UNKNOWN) for t in tokens) >= self.PLAIN_AMONG and \
                not (fact.when or fact.person or fact.agent or fact.procedure or fact.status):
            # an everyday word the texts happen not to have ("de *senere* år"): the way the
            # question is put, not a thing of which the knowledge base knows nothing (but
            # the deed whose date, doer or way is asked is: "hvornår *sender* CPKS …?")
            for token in plain:
                del tokens[token]
        if mine and fact.number:  # "sygefraværet hos os i hjemmeplejen": one unit's figure
            fact = dataclasses.replace(fact, own_unit=True)
        if asking is not None:
            fact = fact.joined(asking)
        relative: frozenset[str] = frozenset()
        after = _AFTER_YEAR.search(question)
        if after is not None and int(after.group(1)) == self.kb.strategy.year:
            # "hvad sker der efter 2019?", "what happens after 2019?": the years after the
            # strategy's own, which it does not plan (it got the 2019 deadlines)
            fact = dataclasses.replace(fact, years=(fact.years - {after.group(1)}) | {
                str(self.kb.strategy.year + 1)})
            relative = frozenset(t for t, w in tokens.items() if w == after.group(1))
        if fact.last_year or fact.next_year:
            # "sygefraværet sidste år" asks for the year before the strategy's own, "målet
            # næste år" for the one after it
            year = self.kb.strategy.year + (1 if fact.next_year else -1)
            fact = dataclasses.replace(fact, years=fact.years | {str(year)})
            relative = frozenset(t for t, w in tokens.items() if fold(w) in LAST_YEAR_WORDS)
        facts = frozenset(t for t, w in tokens.items() if is_fact_word(t, w)
                          or is_kind_word(w, fact))
        wholes = frozenset(t for t in tokens if t in self._wholes)
        folded = fold_text(question) if context is None else ""
        ranked, known = self._index.rank(frozenset(tokens), folded)
        # question words ("hvem", "hvor") and the kind of fact asked say nothing of a passage
        # a number ("2016") finds a passage only together with what it is about
        # (a decimal figure, "14,9", names its one sentence by itself)
        weights = {t: self._passages.weight(t) * (
                       self.NUMBER_SHARE if (t[0].isdigit() and "." not in t)
                       or t in relative else 1.0)
                   for t in tokens if t not in facts and t not in wholes
                   and not t.startswith("@")}
        others = frozenset(Analyzer.token(w) for w in words(question)
                           if fold(w) in STOPWORDS and len(fold(w)) >= self.TIE_LETTERS)
        searched = self._passages.search(weights, limit=self.SEARCHED, others=others)
        owners = self._gaps.passage_entry
        ranked = fuse(ranked, searched, owners, self.thresholds)
        attached = self._attached(folded, frozenset(tokens)) if context is None else None
        if attached is not None:
            # a phrasing attached in review: as one of the entry's own questions — a verbatim
            # match, every word known (the office vouched for them)
            ranked = [(attached, max(0.97, next((s for i, s, _ in ranked if i == attached),
                                                0.0)), 1.0),
                      *(item for item in ranked if item[0] != attached)]
            known = 1.0
        named = named_themes(question)
        if named:
            # a theme named by its number ("målet for tema 1"): an entry about another theme,
            # or a sentence under another theme's heading, does not answer it
            ranked = [r for r in ranked if not self._entry_themes[r[0]]
                      or self._entry_themes[r[0]] & named]
            theirs = self._theme_entry.get(next(iter(named))) if len(named) == 1 else None
            if theirs is not None and ranked and ranked[0][0] != theirs and \
                    not self._entry_themes[ranked[0][0]] and not _THEMES.search(question):
                # "hvad er tema 4?" is theme 4's, not the four themes' ("fire temaer" is "4
                # temaer" to the index); an entry of that theme's own stays first
                # ("what's the onboarding focus in theme 3?")
                at = next((n for n, r in enumerate(ranked) if r[0] == theirs), None)
                if at is not None and ranked[0][1] - ranked[at][1] <= self.THEME_CLOSE:
                    # (the two change places, their scores stay: as sure as the first was)
                    head, swapped = ranked[0], ranked[at]
                    ranked = list(ranked)
                    ranked[0] = (theirs, head[1], head[2])
                    ranked[at] = (head[0], swapped[1], swapped[2])
        if len(named) == 1 and ranked:
            ranked = self._within_theme(ranked, weights, named)
            if fact.listed and self._analyzer.tokens(fact.listed).keys() & self._theme_words:
                # "which of the two theme 1 goals …": the theme named is no list asked for
                fact = dataclasses.replace(fact, listed="")
        if not named and ranked and asks_for_one(question):
            first = ranked[0][0]
            ranked = self._one_of_them(question, ranked)
            if ranked[0][0] != first or self._of_its_group(first, fact.listed):
                fact = dataclasses.replace(fact, listed="")  # one of them: no list asked for
        hits = agree(searched, ranked, owners, self.thresholds)
        if named:
            hits = [h for h in hits if not self._other_theme(h, named)]
        unknown = {t: tokens[t] for t in weights
                   if attached is None and (t.startswith(UNKNOWN) or (
                       t not in self._passages.idf and t not in self._index.idf))}
        candidates = tuple((self._entries[i].id, round(s, 4)) for i, s, _ in ranked[:3])
        subject = {t: self._passages.idf.get(t) or self._index.idf.get(t, self._index.idf_unknown)
                   for t in weights if t not in unknown}
        choice = Choice(question=question, tokens=tokens, weights=weights, subject=subject,
                        fact=fact, ranked=ranked, known=known, hits=hits, unknown=unknown,
                        candidates=candidates)
        p_entry, p_passage = self._probabilities(choice)
        entry_ok = False
        if ranked and ranked[0][1] >= limits.clarify and known >= limits.refuse_known:
            top, score, coverage = ranked[0]
            second = ranked[1][1] if len(ranked) > 1 else 0.0
            confident = score >= limits.sure or (
                score >= limits.answer and score - second >= limits.margin)
            entry_ok = confident and coverage >= limits.coverage and known >= limits.known
        hit = hits[0] if hits else None
        passage_ok = hit is not None and self._passage_ok(hit, weights)
        if entry_ok:
            top = ranked[0][0]
            if hit is not None and passage_ok and not unknown and \
                    ranked[0][1] < limits.sure and hit.coverage >= limits.passage_sure and \
                    hit.coverage - self._gaps.entry_coverage(top, weights) \
                    >= limits.passage_over_entry:
                choice = choice.as_passage(hit, ranked[0][1], self._gaps.passage_entry[
                    hit.passages[0]])
            else:
                choice = choice.as_entry(top, ranked[0][1], frozenset(
                    t for t in weights if attached is not None
                    or t in self._index.question_vocab[top]),
                    self._supplement(top, hit, weights, choice.tokens))
        elif passage_ok and hit is not None:
            choice = choice.as_passage(hit, hit.coverage,
                                       self._gaps.passage_entry[hit.passages[0]])
        elif ranked and p_entry >= limits.calibrated and (
                len(weights) > 2 or ranked[0][1] - (ranked[1][1] if len(ranked) > 1 else 0.0)
                >= limits.margin):
            # (two words that fit two entries equally, "ledelse og medarbejdere", are asked
            # back: "did you mean …?")
            # not sure by the entries' scores alone, but likely right by everything known
            top = ranked[0][0]
            choice = choice.as_entry(top, ranked[0][1], frozenset(
                t for t in weights if t in self._index.question_vocab[top]),
                self._supplement(top, hit, weights, choice.tokens))
        elif ranked and ranked[0][1] >= limits.clarify and known >= limits.refuse_known:
            score = ranked[0][1]
            close = [i for i, s, _ in ranked[:3] if s >= max(limits.clarify, score - 0.2)]
            owner = self._gaps.passage_entry[hit.passages[0]] if hit is not None else None
            stated = self._gaps.stated(choice)
            dated = self._gaps.other_year(choice, close) if close else None
            if hit is not None and owner in close and hit.coverage >= limits.passage_agreed \
                    and self._passage_ok(hit, weights, limits.passage_agreed):
                # the two layers agree: the passage of one of the close entries answers
                choice = choice.as_passage(hit, hit.coverage, owner)
            elif dated is not None:
                choice = dated
            elif stated is not None and not unknown:
                # entries about the subject, but the document's sentence gives the number
                choice = choice.as_passage(stated, stated.coverage,
                                           self._gaps.passage_entry[stated.passages[0]])
            else:
                return dataclasses.replace(choice.as_clarify(close, score), confidence=p_entry)
        else:
            near = [i for i, s, _ in ranked[:2] if s >= limits.clarify]
            score = max(ranked[0][1] if ranked else 0.0, hit.coverage if hit else 0.0)
            choice = choice.as_unknown(near, score)
        confidence = {"entry": p_entry, "passage": p_passage}.get(
            choice.kind, max(p_entry, p_passage))
        checked = self._gaps.check(dataclasses.replace(choice, confidence=round(confidence, 4)))
        reason = self._gaps.reason(checked)
        if reason:  # why: the document's reason beneath an answer that gives none
            checked = dataclasses.replace(checked, window=reason)
        return checked

    def _within_theme(self, ranked: list[tuple[int, float, float]],
                      weights: Mapping[str, float],
                      named: frozenset[str]) -> list[tuple[int, float, float]]:
        """"Hvad siger tema 4 om ledernes rolle …?", "What does Theme 1 say about our working
        methods?": the theme names where to look, the rest what is asked — an entry of that
        theme that speaks of the rest answers, not the theme's overview (it was given whole,
        without the part asked about)."""
        theirs = self._theme_entry.get(next(iter(named)))
        if theirs is None or ranked[0][0] != theirs:
            return ranked
        rest = {t: w for t, w in weights.items()
                if not t[:1].isdigit() and t not in self._theme_words}
        total = sum(rest.values())
        if not total or len(rest) < self.WITHIN_WORDS:
            return ranked  # ("what's theme 2 called": nothing more is asked of it)

        def covered(index: int) -> float:
            said = self._index.answer_vocab[index] | self._index.question_vocab[index]
            return sum(w for t, w in rest.items() if t in said) / total

        own = covered(theirs)
        best = max(((covered(i), -n, n) for n, (i, s, _) in enumerate(ranked[1:], 1)
                    if i != theirs and self._entry_themes[i] & named
                    and ranked[0][1] - s <= self.WITHIN_CLOSE), default=None)
        if best is None or best[0] < self.WITHIN_COVERS or best[0] - own < self.WITHIN_MORE:
            return ranked
        at = best[2]
        head, found = ranked[0], ranked[at]
        moved = list(ranked)
        moved[0] = (found[0], head[1], head[2])  # (as sure as the overview was)
        moved[at] = (head[0], found[1], found[2])
        return moved

    WITHIN_WORDS = 2
    WITHIN_CLOSE = 0.35
    WITHIN_COVERS = 0.5
    WITHIN_MORE = 0.25
    """An entry of a named theme ranked within WITHIN_CLOSE of its overview answers in its
    place when it speaks of WITHIN_COVERS of the question's other words, WITHIN_MORE more than
    the overview does."""

    MEMBER_CLOSE = 0.15
    """A member of the group ranked first that is ranked within this of it answers "which of
    them …?"."""

    def _of_its_group(self, entry: int, noun: str) -> bool:
        """Whether ``noun`` names a group ``entry`` is a member of ("megatrends" of the digital
        megatrend's; not "units" of relational coordination's goal)."""
        said = set(self._analyzer.tokens(noun)) if noun else set()
        return bool(said) and any(entry in members and said & self._index.question_vocab[group]
                                  for group, members in self._members.items())

    def _one_of_them(self, question: str,
                     ranked: list[tuple[int, float, float]]) -> list[tuple[int, float, float]]:
        """"Which of the five bearings mentions learning from mistakes?": the one bearing, not
        the group's entry; "hvilket tema handler onboarding om?": the theme that onboarding's
        entry stands under, not onboarding's entry (each ranked first, as sure as it was)."""
        head = ranked[0]
        members = self._members.get(head[0])
        if members:
            best = next(((n, r) for n, r in enumerate(ranked) if r[0] in members), None)
            if best is not None and head[1] - best[1][1] <= self.MEMBER_CLOSE:
                return [(best[1][0], head[1], head[2]), (head[0], best[1][1], best[1][2]),
                        *(r for n, r in enumerate(ranked[1:], 1) if n != best[0])]
            return ranked
        about = next((r for r in ranked[:4] if r[0] not in self._themes_entries
                      and len(self._entry_themes[r[0]]) == 1), None)
        if _A_THEME.search(question) and about is not None and (
                about is head or head[1] - about[1] <= self.MEMBER_CLOSE):
            # (the thing asked about may rank just below a theme's own entry: "hvilket tema
            # handler om trivsel?" got theme 1)
            theme = self._theme_entry.get(next(iter(self._entry_themes[about[0]])))
            if theme is not None:  # (the two change places, their scores stay)
                was = next((r for r in ranked if r[0] == theme), (theme, 0.0, 0.0))
                return [(theme, head[1], head[2]),
                        *((r[0], was[1], was[2]) if r[0] == about[0] else r
                          for r in ranked if r[0] != theme)]
        return ranked

    def _question_tokens(self, question: str) -> dict[str, str]:
        """A question's tokens, without a word it has only to say which kind of fact it asks
        for that the knowledge base does not know ("baseline"), and with the parts of a
        compound that only the entries know as a whole, as the passages are indexed
        ("sygefraværsmålet" → sygefravær + mål, beside the whole for the entries)."""
        tokens: dict[str, str] = {}
        for token, word in self._analyzer.tokens(question).items():
            if token.startswith(UNKNOWN) and is_fact_word(token, word):
                continue
            tokens.setdefault(token, word)
            if token in self._wholes:
                for part in self._wholes[token]:
                    tokens.setdefault(part, word)
        return tokens

    def _compounds(self) -> dict[str, tuple[str, ...]]:
        """The known words that no passage has as a whole but whose parts the passages know:
        whole token → the parts' tokens."""
        found: dict[str, tuple[str, ...]] = {}
        analyzer = self._analyzer
        for folded, token in analyzer.surface.items():
            if len(folded) < 7 or token in self._passages.idf or token[:1] in "@§?" \
                    or token in found:
                continue
            parts = tuple(analyzer.phrases.get((p,), p) for p in analyzer.split(folded))
            if len(parts) > 1 and all(p in self._passages.idf for p in parts):
                found[token] = parts
        return found

    def _probabilities(self, choice: Choice) -> tuple[float, float]:
        """The calibrated probabilities that answering with the best entry, or quoting the
        best passage, is right (``calibration.py``)."""
        values = features(choice, self._gaps)
        return (ENTRY.probability(values) if choice.ranked else 0.0,
                PASSAGE.probability(values) if choice.hits else 0.0)

    def alternatives(self, question: str) -> tuple[dict[str, float], Answer | None,
                                                   Answer | None]:
        """For calibration (``benchmarks/calibrate_answers.py``): a question's features and
        the answers that the best entry and the best passage would give, each checked like
        any answer."""
        lang = self.detect(question)
        choice = self._lexical(question)
        entry = passage = None
        hit = choice.hits[0] if choice.hits else None
        if choice.ranked:
            top = choice.ranked[0][0]
            entry = self._answer(question, lang, self._gaps.check(choice.as_entry(
                top, choice.ranked[0][1], frozenset(), self._supplement(
                    top, hit, choice.weights, choice.tokens))))
        if hit is not None:
            passage = self._answer(question, lang, self._gaps.check(choice.as_passage(
                hit, hit.coverage, self._gaps.passage_entry[hit.passages[0]])))
        return features(choice, self._gaps), entry, passage

    def _other_theme(self, hit: Hit, named: frozenset[str]) -> bool:
        """Whether a hit's sentences stand under the heading of another theme than the
        question names."""
        return any((found := named_themes(self.kb.passages[n].section["da"])) and not found & named
                   for n in hit.passages)

    def _passage_ok(self, hit: Hit, weights: Mapping[str, float],
                    coverage: float | None = None) -> bool:
        limits = self.thresholds
        matched = sum(w for t, w in weights.items() if t in hit.matched)
        return hit.coverage >= (coverage or limits.passage) and hit.in_text > 0 and \
            matched >= limits.passage_weight

    def _supplement(self, top: int, hit: Hit | None, weights: Mapping[str, float],
                    tokens: Mapping[str, str]) -> tuple[int, ...]:
        """A passage to quote under an entry's answer, when it speaks of words of the question
        that the answer itself does not ("hvad gør sygefravær ved arbejdet?" → „Sygefravær
        belaster kvaliteten af arbejdet …“) — not everyday words alone ("hvad *sker* der i
        2025?" got „… Det sker ved, at …“) — and says more than the answer."""
        limits = self.thresholds
        # the sentence's own words must say it, not its section's heading ("Tema 2: …")
        if hit is None or not self._passage_ok(hit, weights, limits.supplement) or \
                hit.in_text < limits.supplement:
            return ()
        total = sum(weights.values())
        said = self._index.answer_vocab[top]
        extra = sum(w for t, w in weights.items() if t in hit.matched and t not in said)
        if all(all(everyday_word(fold(w)) for w in words(tokens.get(t, ""))) and
               tokens.get(t) for t in hit.matched):
            return ()  # (of everyday words only: "hvad *sker* der i 2025?")
        if self._said_already(top, hit.passages):
            return ()  # ("hvad er sygefravær målet?": the goal's sentence, which it quotes)
        return hit.passages if total and extra / total >= limits.supplement_extra else ()

    def _said_already(self, top: int, passages: tuple[int, ...]) -> bool:
        """Whether an entry's (Danish) answer has the words of the passages already: a
        quote of them beneath it says the same twice."""
        own = self._answer_words.get(top)
        if own is None:
            own = self._answer_words[top] = frozenset(
                fold(w) for w in words(self._entries[top].answer.get("da", "")))
        said = [fold(w) for n in passages for w in words(self.kb.passages[n].text)
                if len(w) >= self.SAID_WORD and fold(w) not in STOPWORDS]
        return bool(said) and sum(w in own for w in said) / len(said) >= self.SAID_ALREADY

    SAID_ALREADY = 0.9
    """A passage this share of whose words an entry's answer has says nothing more than it."""
    SAID_WORD = 4
    """…of its words this long (not "at", "og", "vi")."""

    # ---------------------------------------------------------------- answering
    def knows(self, word: str) -> bool:
        """Whether the knowledge base knows a word (or a form of it), or it is a stop word:
        a name it does not know ("Jens", "Peter") may be a person's."""
        folded = fold(word.casefold())  # (as written: a name is no typo of a known word)
        return folded in STOPWORDS or self._analyzer.known(folded) is not None or \
            self._analyzer.known(skeleton(folded)) is not None

    def intent(self, question: str) -> str | None:
        """The small-talk intent of a message ("greeting", "help", "thanks", "ack",
        "about"), if it is one."""
        found = self._small_talk(fold_text(question))
        return found[0] if found else None

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
        # the first phrase (in the texts' order) that the message is a misspelling of
        close = process.extract(text, self._fuzzy_intents, scorer=fuzz.ratio, score_cutoff=88,
                                limit=None)
        if close:
            return self._intent_phrases[self._fuzzy_intents[min(hit[2] for hit in close)]]
        return self._courtesy.intent(text)  # "thank you, that was helpful", "ok bye"

    def _without_aside(self, question: str) -> str:
        """A question without the remark after its question mark ("… 'agile'? writing a piece
        for the staff newsletter", "deadline for de decentrale årsaftaler? er skoleleder"): a
        clause that asks nothing, whose words were unknown and had the question refused."""
        head, mark, tail = question.rpartition("?")
        said = words(tail)
        if not mark or not head.strip() or not said or "?" in tail:
            return question
        first = said[1] if said[0] in ("og", "and", "men", "but") and len(said) > 1 else said[0]
        if fold(first) in self._question_words:
            return question  # "hvad er X? og hvornår …" asks again
        said_tokens = self._analyzer.tokens(tail)
        if tail.strip().startswith("(") or (said_tokens and not any(
                t.startswith(UNKNOWN) for t in said_tokens)):
            return question  # a hint of the subject: "(stærkt kollegaskab)", "noget med ressource"
        return head + mark

    LEAD_IN_WORDS = 7
    """the longest lead-in, in words"""

    def _strip_greeting(self, question: str) -> str:
        """Drop a leading greeting ("hej, hvad er …") so the question itself is answered,
        and a sentence introducing the asker ("I'm new here. what is …", "jeg arbejder i
        borgerservice, hvad …"): it was answered about "what is new"."""
        raw = words(question)
        for size in range(min(len(raw) - 1, self.LEAD_IN_WORDS), 0, -1):
            # "ok men hvad er de 4 megatrends", "nej jeg mente tema 4": no part of the
            # question (it was asked "Ok?" as a part of its own; "tema 4" was refused)
            if " ".join(fold(w) for w in raw[:size]) in self._lead_ins:
                position = _after_words(question, size)
                if position is not None and question[position:].strip(" ,.!:;-"):
                    question = question[position:].lstrip(" ,.!:;-")
                    raw = words(question)
                break
        for size in (2, 1):
            if len(raw) > size and " ".join(fold(w) for w in raw[:size]) in self._greetings:
                head = raw[size - 1]
                position = question.casefold().find(head)
                if position >= 0:
                    question = question[position + len(head):].lstrip(" ,.!:;-")
                    break
        intro = _INTRO.match(question)
        if intro is None:
            return question
        # (an introduction that names what the question is about stays: "jeg er ny *leder*:
        # … hvad forventes af mig?")
        said = [t for t in self._analyzer.tokens(intro.group()) if not t.startswith(UNKNOWN)
                and t not in self._analyzer.tokens(_INTRO_WORDS)]
        return question if said else question[intro.end():]

    def detect(self, question: str, hint: str | None = None) -> str:
        """The question's language; vocabulary decides when function words do not."""
        return self.evident_language(question) or detect_language(
            question, hint, default=self.default_language)

    def has_words_of(self, text: str, lang: str) -> bool:
        """Whether ``text`` has a word of the knowledge base's that only ``lang`` uses
        ("afdelinger" is Danish)."""
        return any(self._index.languages.get(fold(word)) == lang for word in words(text))

    def evident_language(self, question: str) -> str:
        """The language the words of ``question`` show ("" for "ok", "👍", "12,8"); a name in
        quotes is not the asker's language ("what is "Vi er én kommune" about?")."""
        unquoted = _QUOTED.sub(" ", question)
        if words(unquoted) and unquoted.strip() != question.strip():
            found = self.evident_language(unquoted)
            if found:
                return found
        lang = detect_language(question, None, default="")
        if lang:
            return lang
        votes = {"da": 0, "en": 0}
        for word in words(question):
            if len(word) < 2:  # the letters of "S&A" are no English "a"
                continue
            owner = self._index.languages.get(fold(word))
            if owner:
                votes[owner] += 1
        if votes["da"] != votes["en"]:
            return max(votes, key=lambda k: votes[k])
        return ""

    def answer(self, question: str, *, hint: str | None = None,
               previous: str | None = None, lang: str | None = None) -> Answer:
        """Answer one question (see :meth:`_answered`); a question about the bot itself that
        the strategy does not answer — who can see what one asks, whether it logs, whether it
        is an AI — gets the answer about the bot (it was "not in the strategy")."""
        found = self._answered(question, hint=hint, previous=previous, lang=lang)
        if found.outcome in (Outcome.UNKNOWN, Outcome.CLARIFY) and not found.kind and \
                self._about_bot(question):
            return self._plain(question, found.lang, Outcome.HELP, "about")
        dated = self._date_claim(question, found, previous)
        if dated is not None:
            return dated
        if found.outcome in (Outcome.UNKNOWN, Outcome.CLARIFY) and not found.kind:
            claimed = self._without_claim(question, found.lang, previous)
            if claimed is not None:
                return claimed
        elif found.outcome is Outcome.ANSWER and _COUNT_CLAIM.search(question):
            # "der er 5 temaer, ikke?" got the five themes of the Leder- og
            # medarbejdergrundlag, which left the claim standing: how many themes there are
            claimed = self._without_claim(question, found.lang)
            if claimed is not None and claimed.kind == "partial":
                return claimed
        if found.outcome in (Outcome.UNKNOWN, Outcome.CLARIFY):
            plain = without_context(question)
            if plain != question and words(plain):
                again = self._answered(plain, hint=hint, lang=found.lang)
                if again.outcome is Outcome.ANSWER:
                    return dataclasses.replace(again, question=question)
        return found

    def _without_claim(self, question: str, lang: str,
                       previous: str | None = None) -> Answer | None:
        """"og der er 12 centre?", "udgangspunktet var 15,9 dage ikke?", "der er 5 temaer
        ik?": a figure to be confirmed that nothing answers with it (they were refused) —
        asked again without it; its answer, with the figure it does not state said first
        ("Strategien nævner ikke „12“ …") — or as it is, when it states it."""
        figures = claimed_figures(question)
        if not figures or not asks_to_confirm(question):
            return None
        counted = _COUNT_CLAIM.search(question)
        if counted is not None:  # "12 centre": how many centres there are
            # (of what the rest names: "der er 5 temaer i leder- og medarbejdergrundlaget?"
            # was asked of the strategy's four themes, and said „5“ to be wrong)
            rest = CLAIM_TAG.sub("", question[counted.end():]).strip(" ?.!,")
            plain = ("how many {} are there {}?" if lang == "en" else "hvor mange {} er der {}?"
                     ).format(counted.group(1), rest).replace(" ?", "?")
        else:
            plain = CLAIM_TAG.sub("", _CLAIMED_FIGURE.sub(" ", question)).strip()
        if not words(plain):
            return None
        again = self._answered(plain, lang=lang)
        if again.outcome is not Outcome.ANSWER and previous:
            # "målet er 12 dage, ikke?" right after the sick-leave goal: a claim about what
            # was just answered (it was refused)
            again = self._answered(previous, lang=lang)
        if again.outcome is not Outcome.ANSWER:
            return None
        shown = {fold(w) for w in words(again.reply.text)}
        missing = [token for token, written in figures if not written & shown]
        if counted is not None and not missing:
            # "der er 3 temaer, ikke?": the answer's "Tema 3" is no count of the themes (it
            # got theme 3's answer, and the claim stood): the number before the noun counts
            noun = self._analyzer.token(counted.group(1))
            missing = [token for token, written in figures
                       if not self._counts(again.reply.text, written, noun)]
        if not missing:
            return dataclasses.replace(again, question=question)
        note = self._replies.gap_text(Gap("words", missing[0].replace(".", ",")
                                          if lang == "da" else missing[0]), lang)
        return dataclasses.replace(again, question=question, outcome=Outcome.UNKNOWN,
                                   kind="partial", reply=dataclasses.replace(
                                       again.reply, text=f"{note}\n\n{again.reply.text}",
                                       outcome=Outcome.UNKNOWN))

    def _date_claim(self, question: str, found: Answer,
                    previous: str | None = None) -> Answer | None:
        """A day of a month to be confirmed ("årsaftalerne skal være indgået 1. april,
        ikke?", "the agreements were due 1 March, right?"): the answer to the question without
        it, checked for that day — said first when the answer does not name it ("Strategien
        nævner ikke „1. april“ …", before the deadlines). The English one was refused, and
        "… 1 March, correct?" got "the strategy does not say when", then the sentence with 1
        March."""
        dates = claimed_dates(question)
        said = [fold(w) for w in words(question)]
        if not dates or not (asks_to_confirm(question) or (
                question.rstrip().endswith("?") and said and said[0] not in ASKING_WORDS)):
            # (a yes/no question with a day is a claim too: "de decentrale årsaftaler skulle
            # være klar 1. februar?" was "Mente du …?")
            return None
        shown_in_found = dates_in("\n".join((found.reply.text, *found.reply.lines)))
        if found.outcome is Outcome.ANSWER and all(d in shown_in_found for _, d in dates):
            return None  # (answered, naming the day: as it is)
        # "var det ikke 1. april?" right after the deadlines: a claim about what was just
        # answered (it was refused)
        own = self._without_days(question, dates)
        about = question if not previous or self._knows_words(own) \
            else f"{previous} {question}"
        stating, any_day = self._day_passages(about, dates)
        if stating is not None and any_day is not None and \
                any_day[0] > stating[0] + self.CLAIM_MARGIN:
            # (the day is the deadline of something else: said not to be this one's, with the
            # sentence that gives this one's day)
            return self._other_day(question, found, dates[0][0], any_day[1])
        if stating is not None:  # the sentence that names the day, as the answer
            window = self._passages.with_sequel(self._passages.with_antecedent((stating[1],)))
            passages = [self.kb.passages[i] for i in window]
            return Answer(question, found.lang, Outcome.ANSWER, None, found.score,
                          found.candidates, self._replies.passage(
                              passages, self._owner_of(stating[1]), found.lang),
                          "passage", tuple(p.id for p in passages))
        base = found if found.outcome is Outcome.ANSWER and found.kind != "partial" else None
        if base is None:
            plain = self._without_days(question, dates)
            again = self._answered(plain, lang=found.lang) if words(plain) else None
            if (again is None or again.outcome is not Outcome.ANSWER) and previous:
                again = self._answered(previous, lang=found.lang)
            if again is not None and again.outcome is Outcome.ANSWER and \
                    again.kind != "partial":
                base = again
        named = dates_in("\n".join((base.reply.text, *base.reply.lines))) if base else None
        if base is not None and named and all(day in named for _, day in dates):
            return dataclasses.replace(base, question=question)
        missing = next(written for written, day in dates if not named or day not in named)
        note = Gap("words", missing)
        if not named and any_day is not None:
            # another day, of the same thing: said to differ, quoted
            return self._other_day(question, found, missing, any_day[1])
        if base is None:
            return None
        assert named is not None
        text = f"{self._replies.gap_text(note, base.lang)}\n\n{base.reply.text}"
        return dataclasses.replace(base, question=question, outcome=Outcome.UNKNOWN,
                                   kind="partial", gap="words", reply=dataclasses.replace(
                                       base.reply, text=text, outcome=Outcome.UNKNOWN))

    def _counts(self, text: str, written: frozenset[str], noun: str) -> bool:
        """Whether ``text`` counts ``noun`` (a token) with the number written one of
        ``written`` ways ("de *fire* temaer", "4 organisatoriske temaer"); True when it counts
        the noun with no number at all (nothing to set against the claim)."""
        said = words(text)
        counted = False
        for at, word in enumerate(said):
            if any(self._analyzer.token(w) == noun for w in said[at + 1:at + 3]) and (
                    fold(word) in NUMBER_WORDS or fold(word).isdigit()):
                if fold(word) in written:
                    return True
                counted = True
        return not counted

    @staticmethod
    def _without_days(question: str, dates: Sequence[tuple[str, tuple[int, int]]]) -> str:
        """A claim without its days and its tag ("… indgået 1. april, ikke?" → "… indgået")."""
        plain = CLAIM_TAG.sub("", question)
        for written, _ in dates:
            plain = plain.replace(written, " ")
        return " ".join(plain.split())

    def _knows_words(self, text: str) -> bool:
        """Whether a text names something the knowledge base knows beyond everyday words and
        pronouns ("var det ikke" names nothing: it points back)."""
        return any(not t.startswith(("@", "?")) and not t[:1].isdigit() and
                   not everyday_word(fold(w)) for t, w in self._analyzer.tokens(text).items())

    def _owner_of(self, passage: int) -> Entry | None:
        """The entry a passage belongs to (its button under a quote), if any."""
        owner = self.kb.passages[passage].entry
        return self._entries[self._number_of[owner]] if owner in self._number_of else None

    def _other_day(self, question: str, found: Answer, claimed: str, quoted: int) -> Answer:
        """"Strategien nævner ikke „1. april“ i den sammenhæng. Den nævner (s. 11): „…“" — the
        sentence with the day the document gives."""
        passages = [self.kb.passages[quoted]]
        return Answer(question, found.lang, Outcome.UNKNOWN, None, found.score,
                      found.candidates, self._replies.partial(
                          Gap("words", claimed), passages, self._owner_of(quoted), found.lang),
                      "partial", tuple(p.id for p in passages), gap="words")

    CLAIM_SHARE = 0.3
    """A sentence naming a claimed day answers the claim when it has this share of the
    question's weight (without the day): the agreements' deadline for "… agreements were due
    1 March, right?"."""
    CLAIM_MARGIN = 0.1
    """…unless a sentence with another day speaks of this much more of it"""

    def _day_passages(self, question: str, dates: Sequence[tuple[str, tuple[int, int]]]
                      ) -> tuple[tuple[float, int] | None, tuple[float, int] | None]:
        """(share, passage) of the passage naming every claimed day, and of the one naming
        any day, that speak most of the question (each with at least :attr:`CLAIM_SHARE`);
        when the second speaks more of it than the first, the day is claimed for the wrong
        thing ("the *centres'* agreements were due 1 March" — the decentral ones were; the
        centres', 15 January)."""
        # (not the kind of fact asked, "@when": the day is the claim's own)
        weights = {t: self._index.weight(t) for t in self._analyzer.tokens(
            self._without_days(question, dates)) if not t[:1].isdigit() and
            not t.startswith("@")}
        total = sum(weights.values())
        claimed: tuple[float, int] | None = None
        any_day: tuple[float, int] | None = None
        for number, stated in enumerate(self._passage_dates):
            if not total or not stated:
                continue
            # its words, or their stems ("agreements" of „annual agreements“, one synonym)
            own = self._passages.text_tokens[number] | self._passages.stems[number]
            share = sum(w for t, w in weights.items() if t in own) / total
            if share < self.CLAIM_SHARE:
                continue
            if any_day is None or share > any_day[0]:
                any_day = (share, number)
            if all(day in stated for _, day in dates) and (claimed is None or
                                                           share > claimed[0]):
                claimed = (share, number)
        return claimed, any_day

    def _about_bot(self, question: str) -> bool:
        """A question about the bot and what it keeps: a word of privacy or of what it is
        ("anonymt", "logger", "chatgpt"), or of seeing with one of asking ("kan min skoleleder
        se, hvad jeg spørger dig om?") — words in texts.yaml (``about_words``)."""
        said = {fold(w) for w in words(question)}
        if said & _ABOUT_DOCUMENT:
            return False  # "does the strategy mention AI?" asks the document, not the bot
        return bool(said & self._about_core) or (
            bool(said & self._about_seeing) and bool(said & self._about_asking))

    def _answered(self, question: str, *, hint: str | None = None,
                  previous: str | None = None, lang: str | None = None) -> Answer:
        """Answer one question. ``hint`` is the client's locale (e.g. "en-US"), used on ties.
        ``previous``: the question asked just before in the same chat, for a follow-up that
        points back to it ("og centrenes?", "when was it published?", "hvad skal det ned
        på?"). ``lang``: the language to answer in, whatever the question's ("… in English
        please")."""
        question = (question or "").strip()
        forced = lang
        lang = forced or self.detect(question, hint)
        if not words(question):
            return self._plain(question, lang, Outcome.EMPTY, "empty")
        if len(question) > MAX_QUESTION_CHARS:
            return self._plain(question, lang, Outcome.EMPTY, "too_long")
        small_talk = self._small_talk(fold_text(question))
        intent = small_talk[0] if small_talk else None
        if small_talk and not forced:
            if small_talk[1] and not detect_language(question, None, default=""):
                # "Hello!", "thanks" are English by themselves, whatever the client's locale
                lang = small_talk[1]
            elif hint:  # "ok" is both: the chat's language
                lang = detect_language(question, hint, default=lang)
        if intent == "greeting":
            return self._plain(question, lang, Outcome.GREETING, "greeting")
        if intent == "help":
            return self._help(question, lang)
        if intent in ("thanks", "ack", "bye"):
            return self._plain(question, lang, Outcome.THANKS, intent)
        if intent == "about":  # what the bot is, where its figures come from, what it keeps
            return self._plain(question, lang, Outcome.HELP, "about")
        stripped = self._without_aside(self._strip_greeting(question))
        if self._formats is not None and words(self._formats.sub("", stripped)):
            stripped = " ".join(self._formats.sub("", stripped).split())
        if "?" not in stripped and _BARE_INTRO.match(stripped) and not _ASKS.search(stripped):
            # "hej, jeg er sygeplejerske og har lige set plakaten", "jeg er ny her": an
            # introduction asks nothing (it was refused, or got "nye ting" of the digital
            # leaders)
            return self._plain(question, lang, Outcome.GREETING, "greeting")
        after = self._small_talk(fold_text(stripped)) if stripped != question else None
        if after is not None and after[0] in ("help", "about"):
            # "hej, hvad er det her for noget?", "hi, what is this bot?"
            return self._help(stripped, lang) if after[0] == "help" else self._plain(
                stripped, lang, Outcome.HELP, "about")
        missing = sorted(n for n in named_themes(stripped)
                         if int(n) > len(self.kb.strategy.themes))
        if missing and not _FOUNDATION.search(stripped):  # "hvad handler tema 5 om?" got the
            # five bearings
            return Answer(question, lang, Outcome.UNKNOWN, None, 1.0, (), Reply(
                lang=lang, text=self._replies.text("no_such_theme", lang, number=missing[0]),
                outcome=Outcome.UNKNOWN))
        choice = self._choose(stripped)
        in_all = self._count_of_group(question, stripped, lang, choice)
        if in_all is not None:
            return in_all
        lead_in = self._splitter.lead_in(stripped) if choice.kind not in (
            "entry", "passage") else None
        lead: Mapping[str, str] | None = None
        if lead_in is not None:
            # "jeg skal holde oplæg om fremtidsfortællingen – hvilke megatrends …?", which the
            # whole message does not find: the question after the lead-in, about what the
            # lead-in names if it points back to it (and so is each of its parts:
            # "kompetenceudvikling – hvilke former kan det have, og hvad er vigtigst?")
            stripped, context = lead_in
            lead = context or None
            choice = self._choose(stripped, lead)
        folded_now = fold_text(stripped)
        if previous and folded_now in self._count_them:
            group = self._choose(previous)
            if group.kind == "entry" and group.entry in self._members:
                # "hvor mange er der?" after the bearings: how many, and which (it got every
                # goal's live figures)
                return self._members_answer(question, lang, group, group.entry,
                                            followed_up=True)
        counted = asked(previous).counted if previous and \
            fold_text(stripped) in self._name_them else ""
        if counted:
            # "hvad hedder de?" after "hvor mange fokusområder har den?": which they are (it
            # got the overview of the strategy)
            written = self._as_asked(previous or "", counted)
            which = ("which {} are there" if lang == "en" else "hvilke {} er der").format(written)
            return dataclasses.replace(self.answer(which, lang=lang), question=question,
                                       followed_up=True)
        if not previous and _WHO_MADE_IT.match(stripped):
            # "hvem har skrevet den?" as the first question: the strategy's author (it got a
            # quote about the centres' annual agreements)
            previous = self.kb.strategy.title.get(lang) or previous
        follow_up = self._splitter.points_back(stripped) if previous else ""
        swapped = _theme_swapped(previous, stripped) if previous and \
            follow_up == "plainly" else None
        if swapped is not None:
            # "and theme 4?" after "what is theme 1 about?": that question of theme 4 (the
            # English question's other words are stop words, and it got the four themes)
            other = self._choose(swapped)
            if other.kind == "entry":
                return dataclasses.replace(self._answer(question, lang, other),
                                           followed_up=True)
        if previous and follow_up:
            context = self._splitter.context_of(previous, stripped)
            # "og centrenes?" after "hvornår …?" asks for a date too (not "og hvor stammer
            # tallet fra?", which asks its own question)
            asking = asked(previous) if follow_up == "plainly" and \
                not self._splitter.asks_itself(stripped) else None
            followed = self._choose(stripped, context, asking) if context else None
            if followed is not None and _WHAT_ABOUT.match(stripped) and \
                    followed.kind == "entry" and choice.kind == "entry" and \
                    choice.entry != followed.entry and choice.confidence >= self.ALONE and \
                    self._choose(previous).entry == followed.entry:
                # "hvad med trivsel?" after the sick-leave goal: what it names alone has an
                # answer of its own, and read with the question before, it is that one again
                followed = None
            if followed is not None and followed.kind == "entry" and \
                    _BARE_WHY.match(stripped) and not followed.window and \
                    not self._gaps.gives_reason(followed):
                # "hvorfor?" after an answer that gives no reason, and none the document gives
                # of it: said so, not the answer again
                followed = self._gaps.no_reason(followed)
            if followed is not None and followed.kind == "entry" and \
                    _BARE_HOW.match(stripped) and not followed.window and \
                    not _ASKS_HOW.match(previous) and not self._tells_how(followed.entry):
                # "og hvordan?" after an answer that says what, not how: a related entry that
                # says how ("og hvordan?" after relational coordination: the internal
                # resources), else said so — not the answer again
                how = self._related_how(followed.entry)
                followed = followed.as_entry(how, followed.score, followed.matched) \
                    if how is not None else self._gaps.no_procedure(followed)
            if followed is not None and followed.kind in ("entry", "passage", "partial") and (
                    follow_up == "plainly" or choice.kind not in ("entry", "passage")
                    or followed.confidence >= choice.confidence + self.FOLLOW_UP_MARGIN):
                return dataclasses.replace(self._answer(question, lang, followed),
                                           followed_up=True)
        parts = self._splitter.parts(stripped, choice, lead)
        if parts is not None and len(parts) == 1:
            choice = parts[0][1]
        elif parts is not None:
            alone = [self.answer(text, lang=lang) for text, _ in parts] \
                if all(_YOU.search(text) for text, _ in parts) else []
            if alone and all(a.outcome is Outcome.HELP for a in alone):
                # "who made you and where do your numbers come from?": both of the bot (each
                # got a quote about the centres' annual agreements)
                return dataclasses.replace(alone[0], question=question)
            return self._parts_answer(question, lang, choice, parts)
        return self._answer(question, lang, choice)

    def _related_how(self, entry: int | None) -> int | None:
        """The first entry related to ``entry`` that answers a question how."""
        if entry is None:
            return None
        numbers = self._number_of
        return next((numbers[r] for r in self._entries[entry].related if r in numbers
                     and r not in self._goal_entries and self._tells_how(numbers[r])), None)

    def _tells_how(self, entry: int | None) -> bool:
        """Whether an entry answers a question how ("Hvordan kan jeg udvikle mine
        kompetencer?")."""
        return entry is not None and any(
            _ASKS_HOW.match(q) for qs in self._entries[entry].questions.values() for q in qs)

    ALONE = 0.9
    """"hvad med X?" is answered alone when X alone finds another entry this surely."""

    FOLLOW_UP_MARGIN = 0.05
    """A follow-up read with the question before it wins over the same words read alone,
    when they alone find an answer, by this much more confidence."""

    def _count_of_group(self, question: str, asked_now: str, lang: str,
                        choice: Choice) -> Answer | None:
        """"how many shared goals are there in total?", "hvor mange pejlemærker er der?": a
        group's members counted and named (the strategy writes no number for some: "it gives
        no figure for that")."""
        counted = choice.fact.counted if choice.fact.number else ""
        if not counted or not choice.ranked or choice.fact.years - {str(self.kb.strategy.year)}:
            return None
        top = choice.entry if choice.kind == "entry" and choice.entry is not None \
            else choice.ranked[0][0]
        if top not in self._members:
            return None
        entry = self._entries[top]
        named = set(self._analyzer.tokens(counted))
        titled = {t for title in entry.title.values() for word in words(title)
                  for t in self._analyzer.tokens(word)}
        if not named & titled:
            return None  # ("hvor mange år gælder pejlemærkerne?" counts years, not them)
        return self._members_answer(question, lang, choice, top,
                                    noun=self._as_asked(asked_now, counted))

    def _members_answer(self, question: str, lang: str, choice: Choice, group: int, *,
                        noun: str = "", followed_up: bool = False) -> Answer:
        """A group's members counted and named ("Der er 5 pejlemærker: Udsyn, …")."""
        entry = self._entries[group]
        members = [self.kb.entries[m] for m in entry.members if m in self.kb.entries]
        return Answer(question, lang, Outcome.ANSWER, entry.id, choice.confidence,
                      choice.candidates, self._replies.members(entry, members, lang, noun),
                      "entry", followed_up=followed_up)

    def _as_asked(self, text: str, folded: str) -> str:
        """The asker's own word in ``text`` for a folded one, spelled as the knowledge base
        spells it ("maal" → "mål")."""
        return self._analyzer.spelled(next(
            (w for w in re.findall(r"[^\W\d_]+", text) if fold(w.casefold()) == folded),
            folded))

    def counts_them(self, question: str) -> bool:
        """Whether a question only asks how many ("hvor mange er der?"): of the group the
        question before it was about."""
        return fold_text(question) in self._count_them

    def follows_up(self, question: str) -> bool:
        """Whether a question may point back to the one before it: it begins with "og",
        "and", "hvad med", "what about", or its own words name no subject of the strategy or
        point back with a pronoun ("when was *it* published?")."""
        if len(question) > MAX_QUESTION_CHARS:  # not a question (and never read word by word)
            return False
        return bool(self._splitter.points_back(question))

    # ---------------------------------------------------------------- replies
    def _answer(self, question: str, lang: str, choice: Choice) -> Answer:
        replies = self._replies
        window = self._passages.with_antecedent(choice.window)
        if choice.kind == "passage":  # a quote says all its sentence begins
            window = self._passages.with_sequel(window)
        passages = [self.kb.passages[i] for i in window]
        related = self._entries[choice.entry] if choice.entry is not None else None
        if choice.kind == "entry" and related is not None:
            reply = replies.entry(related, lang, passages)
            return Answer(question, lang, Outcome.ANSWER, related.id, choice.confidence,
                          choice.candidates, reply, "entry", tuple(p.id for p in passages))
        if choice.kind == "passage":
            reply = replies.passage(passages, related, lang)
            return Answer(question, lang, Outcome.ANSWER, None, choice.confidence,
                          choice.candidates, reply, "passage",
                          tuple(p.id for p in passages))
        if choice.kind == "partial" and choice.gap is not None:
            reply = replies.partial(choice.gap, passages, related, lang)
            return Answer(question, lang, Outcome.UNKNOWN, None, choice.confidence,
                          choice.candidates, reply, "partial", tuple(p.id for p in passages),
                          gap=choice.gap.kind)
        if choice.kind == "clarify":
            reply = replies.clarify([self._entries[i] for i in choice.near], lang)
            return Answer(question, lang, Outcome.CLARIFY, None, choice.confidence,
                          choice.candidates, reply)
        reply = replies.unknown([self._entries[i] for i in choice.near], lang)
        return Answer(question, lang, Outcome.UNKNOWN, None, choice.confidence,
                      choice.candidates, reply)

    def _parts_answer(self, question: str, lang: str, whole: Choice,
                      parts: list[tuple[str, Choice]]) -> Answer:
        answered = [(text, self._answer(text, lang, part)) for text, part in parts]
        shown = [(_as_question(text), answer.reply) for text, answer in answered]
        reply = self._replies.parts(shown, lang)
        first = next((a.entry_id for _, a in answered if a.entry_id), None)
        quoted = tuple(p for _, a in answered for p in a.passages)
        score = min(part.confidence for _, part in parts)
        # a part the document does not answer makes the whole a partial answer, as one
        # question's would be: said so, and kept for the strategy office's review
        whole_answered = all(a.outcome is Outcome.ANSWER for _, a in answered)
        return Answer(question, lang, Outcome.ANSWER if whole_answered else Outcome.UNKNOWN,
                      first, score, whole.candidates, reply, "parts", quoted)

    def source_label(self, pages: Sequence[int], lang: str) -> str:
        return self._replies.source_label(pages, lang)

    def ask_action(self, entry: Entry, lang: str) -> Action:
        """A button that asks ``entry``'s first question."""
        return self._replies.ask_action(entry, lang)

    def topic_actions(self, lang: str) -> tuple[Action, ...]:
        return self._replies.topic_actions(lang)

    def help(self, lang: str) -> Answer:
        """The introduction and help, with the main topics as buttons."""
        return self._help("", lang)

    def _help(self, question: str, lang: str) -> Answer:
        return Answer(question, lang, Outcome.HELP, None, 1.0, (), self._replies.help(lang))

    def _plain(self, question: str, lang: str, outcome: Outcome, key: str) -> Answer:
        return Answer(question, lang, outcome, None, 1.0, (),
                      self._replies.plain(key, outcome, lang))


def _after_words(text: str, count: int) -> int | None:
    """Where the text after its first ``count`` words begins."""
    found = list(re.finditer(r"[^\W_]+(?:[.,][0-9]+)?", text))
    return found[count - 1].end() if len(found) >= count else None


def _as_question(text: str) -> str:
    """A part as a heading of its own: capitalised; a question ends in "?", a topic not
    ("Udsyn", "Stærkt kollegaskab" of "forskellen på udsyn og stærkt kollegaskab": they read
    "Udsyn?")."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    said = words(text)
    if text.endswith(("?", "!", ".")) or not said or fold(said[0]) not in ASKING_WORDS:
        return text
    return text + "?"
