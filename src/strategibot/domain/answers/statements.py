"""What a sentence states: a date, a figure, an amount, a person, a list of the members of
something, the number of something.

Every sentence an answer may show (an entry's answer, sentence by sentence; a passage of the
document with its English gloss) is read once at start into a :class:`Statement`. The engine
then checks a candidate answer against what the question asks for (``facts.py``): "hvad hedder
de ti centre?" is answered only by a sentence that lists centres, "hvor mange fokusområder?"
only by one that puts a number before "fokusområder", "hvem er chef for CPKS?" only by one
that names a person in that role.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from strategibot.domain.answers.analyzer import Analyzer
from strategibot.domain.answers.facts import (
    ADJECTIVES,
    AGENT_VERBS,
    DOERS,
    REASON_PAIRS,
    REASONS,
    SUPERLATIVES,
    states_duration,
    states_frequency,
    year_points,
)
from strategibot.domain.language import STOPWORDS
from strategibot.domain.normalise import fold, fold_text, words

__all__ = ["FIGURE", "NUMBER_WORDS", "Reader", "Statement", "claimed_dates", "claimed_figures",
           "dates_in", "sentences", "states"]

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTHS = frozenset(fold(w) for w in words("""
januar februar marts april maj juni juli august september oktober november december
january february march may june july october
"""))
_TIME_PHRASES = ("udgangen af", "midten af", "medio", "primo", "ultimo", "end of", "mid",
                 "middle of", "frem mod", "siden")
_PRECISE = _TIME_PHRASES[:8]
_NUMERALS = {
    "da": frozenset(fold(w) for w in words("to tre fire fem seks syv otte ni ti tolv tyve")),
    "en": frozenset(words("two three four five six seven eight nine ten twelve twenty")),
}
_ONE = frozenset(("én", "ét", "one", "en", "et"))
_AT_LEAST = frozenset(("min", "mindst", "minimum", "least", "kun", "only"))
"""The numeral one is a count only after "mindst" ("min. én indsats"); elsewhere it is
mostly the article or "one of …"."""
_LABELS = frozenset(("tema", "theme", "s", "p", "pp", "side", "page"))
"""Words after which a number is a label ("tema 3", "s. 7"), not a figure."""
_CLAIMED = re.compile(r"(?:([^\W\d_]+)\.?\s+)?(\d+(?:[.,]\d+)?)(?:\s*\.?\s*([^\W\d_]+))?")
_NUMBER_WORDS = {str(n): frozenset(fold(w) for w in ws.split()) for n, ws in (
    (2, "to two"), (3, "tre three"), (4, "fire four"), (5, "fem five"), (6, "seks six"),
    (7, "syv seven"), (8, "otte eight"), (9, "ni nine"), (10, "ti ten"), (12, "tolv twelve"),
    (20, "tyve twenty"))}

_ALL_NUMBER_WORDS = frozenset(w for ws in _NUMBER_WORDS.values() for w in ws)
NUMBER_WORDS = _ALL_NUMBER_WORDS
"""Every number written as a word ("fire", "four", "ti")."""
FIGURE = re.compile(r"\d+(?:[.,]\d+)?")
"""A figure as written: "12", "13,5", "13.5"."""


LONGEST_QUESTION = 500
"""(characters) what is longer is no question to read figures from"""


def claimed_figures(question: str) -> list[tuple[str, frozenset[str]]]:
    """The figures a question states ("er målet 10 dage?", "skal 50 enheder …?"), each as its
    token and the words that write it ("10": "10", "ti", "ten"); not a year, a label's
    number ("tema 3", "side 5") or a day of a month ("1. juni"). None in a text longer than
    a question (its pattern took 36 s over "a" * 30000)."""
    found: list[tuple[str, frozenset[str]]] = []
    if len(question) > LONGEST_QUESTION:
        return found
    for match in _CLAIMED.finditer(question.casefold()):
        before, number, after = match.groups()
        if _YEAR.match(number) or (before and fold(before) in _LABELS) or (
                after and fold(after) in _MONTHS):
            continue
        token = number.replace(",", ".")
        found.append((token, frozenset((token,)) | _NUMBER_WORDS.get(token, frozenset())))
    return found


_MONTH_NUMBERS = {name: number for number, names in enumerate((
    ("januar", "january", "jan"), ("februar", "february", "feb"), ("marts", "march", "mar"),
    ("april", "apr"), ("maj", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
    ("august", "aug"), ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
"""A month's number by its Danish or English name or short name."""
_MONTH = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_DATE = re.compile(
    rf"(?<![\w.,])(?P<day>[0-3]?\d)(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(?P<month>{_MONTH})\b\.?"
    rf"|\b(?!may\b)(?P<month2>{_MONTH})\.?\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?![\w.,]*\d)",
    re.IGNORECASE)
"""A day of a month: "1. marts", "1 March", "1st of March", "March 1", "15. jan" (not "may 1
unit …": the English verb)."""


_A_DIGIT = re.compile(r"\d")


def dates_in(text: str) -> frozenset[tuple[int, int]]:
    """The (day, month) pairs a text names."""
    found: set[tuple[int, int]] = set()
    if not _A_DIGIT.search(text):
        return frozenset()  # (no day without a digit: most sentences, read at start)
    for match in _DATE.finditer(text):
        day = int(match.group("day") or match.group("day2"))
        month = _MONTH_NUMBERS[(match.group("month") or match.group("month2")).casefold()]
        if 1 <= day <= 31:
            found.add((day, month))
    return frozenset(found)


def claimed_dates(question: str) -> list[tuple[str, tuple[int, int]]]:
    """The days of a month a question states ("… indgået 1. april, ikke?", "due 1 March,
    right?"), each as written and as (day, month); none in a text longer than a question."""
    if len(question) > LONGEST_QUESTION or not _A_DIGIT.search(question):
        return []
    found: list[tuple[str, tuple[int, int]]] = []
    for match in _DATE.finditer(question):
        day = int(match.group("day") or match.group("day2"))
        month = _MONTH_NUMBERS[(match.group("month") or match.group("month2")).casefold()]
        if 1 <= day <= 31:
            found.append((match.group(0).strip(" ."), (day, month)))
    return found


_PERCENT = frozenset(("procent", "procents", "percent", "percentage", "pct"))
_CURRENCY = frozenset(("kr", "kroner", "kronor", "dkk", "mio", "mia", "millioner",
                       "milliarder", "million", "millions", "billion", "euro", "eur"))
_MARKERS = frozenset(fold(w) for w in ("såsom", "f.eks", "fx", "bl.a", "nemlig",
                                       "eksempelvis", "herunder", "e.g", "namely",
                                       "including", "such", "example"))
"""Words after which a sentence lists examples or members ("kerneområder *såsom* …")."""
_JOINERS = frozenset(("og", "eller", "samt", "and", "or", "&"))
_ABILITIES = tuple(fold(w) for w in ("kompetence", "evne", "færdighed", "competen", "skill",
                                     "abilit", "capabilit"))
"""The beginnings of nouns of ability: their members are doings ("evne til at samarbejde og
agere")."""
_NO_KIND = frozenset(fold(w) for w in words("""
forskellige bestemte enkelte tidligere kommende nuværende umiddelbare væsentligste vigtigste
eksisterende nødvendige relevante konkrete yderligere egentlige lignende
"""))
"""Adjectives that say which or how many, not what kind ("forskellige former")."""
_CLAUSES = frozenset(fold(w) for w in words("""
at der som hvor hvis når fordi så men da hvorefter that which who where when if because so but
while whereas
"""))
"""Words that start a clause after a comma: what follows is not the next item of a list."""
_ROLES = frozenset(fold(w) for w in words("""
chef chefen direktør direktøren formand formanden borgmester borgmesteren kontaktperson leder
lederen head chief director mayor chair chairman
"""))
_ROLE_ENDINGS = tuple(r for r in _ROLES if len(r) >= 6)
_CONTINUES = frozenset(("den", "det", "de", "dens", "dets", "deres", "it", "they", "its",
                        "their", "this", "these", "her", "here", "der"))
"""First words of a sentence that go on about the sentence before ("Den er udsendt …")."""
_PIECE = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+(?:\.[^\W\d_]+)*|[,:;&()]")
_SENTENCE = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÆØÅ0-9*\"„“])|\n+")


def states(text: str, kind: str, lang: str = "da", folded: str | None = None) -> bool:
    """Whether ``text`` states a fact of ``kind``: "when" (a year, a month, "udgangen af …"),
    "number" (a figure that is not a year or a day of a date: "30", "13,5", "fire"),
    "percent" or "money". ``folded``: the text as :func:`fold_text` gives it, if known."""
    folded = fold_text(text) if folded is None else folded
    tokens = folded.split()
    if kind == "percent":
        return "%" in text or any(t in _PERCENT for t in tokens)
    if kind == "money":
        return any(t in _CURRENCY for t in tokens) or any(c in text for c in "€$")
    if kind == "when":
        if any(_YEAR.match(t) or t in _MONTHS for t in tokens):
            return True
        return any(f" {phrase} " in f" {folded} " for phrase in _TIME_PHRASES[:4])
    numerals = _NUMERALS.get(lang, _NUMERALS["da"])
    for position, token in enumerate(tokens):
        if token in numerals:
            return True
        if not any(c.isdigit() for c in token) or _YEAR.match(token):
            continue
        if position and tokens[position - 1] in _LABELS:
            continue
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        if following not in _MONTHS:
            return True
    return False


def sentences(texts: Iterable[str]) -> list[str]:
    """The sentences (and list items) of ``texts``."""
    found: list[str] = []
    for text in texts:
        found.extend(s.strip(" -") for s in _SENTENCE.split(text) if s.strip(" -"))
    return found


_MAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
"""An e-mail address."""
_LINK = re.compile(r"\bwww\.|https?://", re.IGNORECASE)
"""A web address."""


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence of an answer or a passage, with what it states."""

    tokens: frozenset[str]
    years: frozenset[str]
    when: bool
    number: bool
    percent: bool = False
    money: bool = False
    precise: bool = False
    """a date more precise than the strategy's own year (a month, "udgangen af", 2016)"""
    person: bool = False
    """names a person in a role ("borgmester Sofia Hansen")"""
    lists: frozenset[str] = frozenset()
    """the tokens of the nouns whose members it lists ("kerneområder såsom A, B og C")"""
    items: frozenset[str] = frozenset()
    """…of those it lists as items that can be counted (bullets, "1. …, 2. …")"""
    counts: frozenset[str] = frozenset()
    """the tokens of the nouns it gives a number of ("de ti centre")"""
    own: bool = False
    """a sentence of an entry's own answer"""
    context: frozenset[str] = frozenset()
    """the tokens of the sentence before it and of its heading (what "det" refers to)"""
    ranks: bool = False
    """ranks something: a superlative ("vores væsentligste ressource", "de største behov")"""
    place: bool = False
    """names a place: a name after a preposition of place ("på LyNET", "fra Ishøj"), an
    address ("Lyngby Torv 17", "2800 Kgs. Lyngby") or a web address"""
    day: bool = False
    """names a day of a month ("15. januar 2019", "1 March 2019"): what an exact date is"""
    lead: frozenset[str] | None = None
    """of an entry's paragraph before a bulleted list, what its first sentence and the title
    speak of: what the bullets are members of, not a thing a later sentence names in passing
    („… bygger oven på Kompetenceprofil for ledere“), which ``lists`` also holds"""
    often: bool = False
    """states how often ("hver måned", "kvartalsvis", "twice a year"; not "løbende")"""
    mail: bool = False
    """gives an e-mail address"""
    link: bool = False
    """gives a web address ("www.ltk.dk")"""
    address: bool = False
    """gives an address: what "where exactly" asks for"""
    deed: bool = False
    """names a deed a doer is asked for ("udarbejdet", "bygger", "ansvarlige")"""
    doer: bool = False
    """names "alle", "vi", "everyone" (a doer no token holds: they are stopwords)"""
    short: bool = False
    """a few words only, such as a signature („Direktion & centerchefer, December 2018.“)"""
    lasts: bool = False
    """states how long: "1-2 år", "5-10 årigt", "2019-2025", frem mod 2025"""
    reason: bool = False
    """gives a reason („fordi …“, „derfor …“, „da vi …“, „belaster …“; not „for at“, which
    most often only says what something is for: „ansvarlige for at arbejde med …“)"""
    month: bool = False
    """names a month ("i marts", "15. januar")"""
    kinds: frozenset[tuple[str, str]] = frozenset()
    """(noun token, adjective) of the nouns it names one kind of ("digitale kompetencer")"""
    figures: frozenset[str] = frozenset()
    """the figures it writes, in digits ("13.5") or words ("ti", "ten")"""
    points: frozenset[tuple[str, str]] = frozenset()
    """(year, point) for each point within a year it names ("1. juni 2018": ("2018",
    "juni"); "inden udgangen af 2019": ("2019", "end"))"""
    expands: frozenset[str] = frozenset()
    """the (folded) short names it spells out: „LIFE (Læring, Inspiration …)“, „Center for
    Politik, Kultur og Strategi (CPKS)“, „CPKS står for …“"""


_EXPANDED = re.compile(
    r"\b([A-ZÆØÅ][A-ZÆØÅa-zæøå]{1,7})\**\s*\((?=[^)]{6,})"   # "LIFE (Læring, …)"
    r"|\(([A-ZÆØÅ]{2,8})\)"                                    # "… (CPKS)"
    r"|\b([A-ZÆØÅ]{2,8})\**\s+(?:står for|stands for|betyder|means)\b")
"""A short name spelled out beside it."""


def expanded(text: str) -> frozenset[str]:
    """The (folded) short names ``text`` spells out (see :attr:`Statement.expands`)."""
    return frozenset(fold(next(g for g in m.groups() if g).casefold())
                     for m in _EXPANDED.finditer(text)
                     if any(g and g.isupper() for g in m.groups()))


@dataclass(frozen=True, slots=True)
class _Piece:
    raw: str
    folded: str
    tokens: frozenset[str] = frozenset()
    tail: str = ""

    @property
    def word(self) -> bool:
        return bool(self.tokens)


_PLACE = re.compile(
    r"\b(?:på|i|fra|til|ved|on|in|at|from|to)\s+\**[A-ZÆØÅ][\w-]*"  # "på LyNET", "fra Ishøj"
    r"|\b[A-ZÆØÅ]\w+ \d{1,3}\b"                               # "Lyngby Torv 17"
    r"|\b\d{4} [A-ZÆØÅ]"                                       # "2800 Kgs. Lyngby"
    r"|\bwww\.|https?://")


_SHORT = 6
"""A sentence of at most this many words that names a body is a signature."""
_ADDRESS = re.compile(r"\b[A-ZÆØÅ]\w+ \d{1,3}\b|\b\d{4} [A-ZÆØÅ]")
"""A street and number ("Lyngby Torv 17") or a postcode and town ("2800 Kgs. Lyngby")."""


def names_place(text: str) -> bool:
    """Whether a sentence names a place (see :attr:`Statement.place`)."""
    return bool(_PLACE.search(text))


class Reader:
    """Reads sentences into :class:`Statement` s with the analyser's vocabulary."""

    REACH = 5
    """How many content words after a noun its list may start."""
    ITEM = 3
    """How many content words an item of a list may have."""

    def __init__(self, analyzer: Analyzer, year: int) -> None:
        self.analyzer = analyzer
        parts: dict[str, set[str]] = {}
        for key, canonical in analyzer.phrases.items():
            if len(key) > 1:
                parts.setdefault(canonical, set()).update(
                    analyzer.phrases.get((p,), p) for p in key)
        self._phrase_parts = {k: frozenset(v) for k, v in parts.items()}
        """a phrase's token → its words' tokens („fælles mål“ speaks of „mål“)"""
        self.year = str(year)
        self._parts: dict[str, tuple[frozenset[str], str]] = {}

    def noun(self, phrase: str) -> frozenset[str]:
        """The token of a question's noun: the word as a whole with its synonym; of an
        English noun phrase, the phrase when the synonyms know it ("focus areas" is
        "fokusområder"), else its last word ("building *projects*")."""
        merged = self.analyzer.tokens(phrase)
        if len(merged) == 1 and next(iter(merged)).startswith("§"):
            return frozenset(merged)
        last = [w for w in phrase.split() if w not in STOPWORDS][-1:]
        return frozenset(self.analyzer.word_of(w) for w in last)

    def tail(self, word: str) -> frozenset[str]:
        """The token of a compound's last part ("borgerinddragelses*former*" → "form");
        none for a word that is no compound ("sick *days*")."""
        last = [w for w in word.split() if fold(w) not in STOPWORDS][-1:]
        if not last:
            return frozenset()
        found, tail = self.analyzer.parts_of(last[0])
        return frozenset((tail,)) if len(found) > 1 and tail else frozenset()

    def _pieces(self, text: str) -> list[_Piece]:
        pieces = []
        for raw in _PIECE.findall(text):
            folded = fold(raw.casefold())
            if raw in ",:;&()" or folded in STOPWORDS or folded in _MARKERS:
                pieces.append(_Piece(raw, folded))
                continue
            parts = self._parts.get(folded)
            if parts is None:
                parts = self._parts[folded] = self.analyzer.parts_of(raw.casefold())
            pieces.append(_Piece(raw, folded, *parts))
        return pieces

    def statement(self, texts: Sequence[tuple[str, str]], tokens: frozenset[str], *,
                  own: bool = False, context: frozenset[str] = frozenset()) -> Statement:
        """What the texts (one sentence, and its gloss: (text, language) pairs) state."""
        tokens = tokens.union(*(self._phrase_parts.get(t, ()) for t in tokens))
        years: set[str] = set()
        expands: set[str] = set()
        figures: set[str] = set()
        lists: set[str] = set()
        items: set[str] = set()
        counts: set[str] = set()
        kinds: set[tuple[str, str]] = set()
        points: set[tuple[str, str]] = set()
        flags = {"when": False, "number": False, "percent": False, "money": False,
                 "precise": False, "person": False, "place": False, "ranks": False,
                 "day": False, "often": False, "mail": False, "lasts": False, "link": False,
                 "address": False, "deed": False, "doer": False, "reason": False,
                 "month": False,
                 "short": bool(texts) and len(words(texts[0][0])) <= _SHORT}
        for text, lang in texts:
            whole = fold_text(text)
            folded = whole.split()
            found = {w for w in folded if _YEAR.match(w)}
            years |= found
            if found:
                points |= {(year, point) for year, point, _ in year_points(words(text))}
            for kind in ("when", "number", "percent", "money"):
                flags[kind] = flags[kind] or states(text, kind, lang, whole)
            padded = f" {whole} "
            flags["precise"] = flags["precise"] or bool(found - {self.year}) or any(
                w in _MONTHS for w in folded) or any(f" {p} " in padded for p in _PRECISE)
            pieces = self._pieces(text)
            lists |= self._lists(pieces, items)
            kinds |= self._kinds(pieces)
            counted = self._counts(pieces, lang)
            counts |= counted
            flags["number"] = flags["number"] or bool(counted)
            flags["person"] = flags["person"] or self._person(pieces)
            flags["place"] = flags["place"] or names_place(text)
            flags["ranks"] = flags["ranks"] or any(w in SUPERLATIVES for w in folded)
            flags["day"] = flags["day"] or any(
                first.isdigit() and len(first) <= 2 and second in _MONTHS
                for first, second in pairwise(folded))
            flags["month"] = flags["month"] or any(w in _MONTHS for w in folded)
            flags["often"] = flags["often"] or states_frequency(folded)
            flags["lasts"] = flags["lasts"] or states_duration(folded, len(found))
            flags["mail"] = flags["mail"] or bool(_MAIL.search(text))
            flags["link"] = flags["link"] or bool(_LINK.search(text))
            flags["address"] = flags["address"] or bool(_ADDRESS.search(text))
            flags["deed"] = flags["deed"] or any(w in AGENT_VERBS for w in folded)
            flags["doer"] = flags["doer"] or any(w in DOERS for w in folded)
            flags["reason"] = flags["reason"] or any(w in REASONS for w in folded) or any(
                p in REASON_PAIRS for p in pairwise(folded))
            expands |= expanded(text)
            figures |= {n.replace(",", ".") for n in FIGURE.findall(text)}
            figures |= {w for w in folded if w in _ALL_NUMBER_WORDS}
        return Statement(tokens, frozenset(years), flags["when"], flags["number"],
                         flags["percent"], flags["money"], flags["precise"], flags["person"],
                         frozenset(lists), frozenset(items), frozenset(counts), own, context,
                         ranks=flags["ranks"], place=flags["place"], day=flags["day"],
                         often=flags["often"], mail=flags["mail"], lasts=flags["lasts"],
                         link=flags["link"],
                         address=flags["address"], deed=flags["deed"], doer=flags["doer"],
                         short=flags["short"], reason=flags["reason"], month=flags["month"],
                         expands=frozenset(expands), kinds=frozenset(kinds),
                         figures=frozenset(figures), points=frozenset(points))

    # ------------------------------------------------------------------ lists
    @staticmethod
    def _kinds(pieces: Sequence[_Piece]) -> set[tuple[str, str]]:
        """(noun token, adjective) for each noun the sentence names one kind of ("digitale
        kompetencer"): the answer to "hvilke kompetencer?" — unless the question names that
        kind itself ("which digital skills courses?")."""
        found: set[tuple[str, str]] = set()
        for before, piece in pairwise(pieces):
            if piece.word and before.word and before.folded.endswith("e") and \
                    len(before.folded) >= 7 and before.folded not in _NO_KIND:
                found |= {(t, before.folded) for t in piece.tokens | {piece.tail} if t}
        return found

    def _lists(self, pieces: Sequence[_Piece], numbered: set[str]) -> set[str]:
        """The tokens of the nouns whose members the sentence lists; those listed as numbered
        items are added to ``numbered``."""
        heads: set[str] = set()
        for position, piece in enumerate(pieces):
            if not piece.word:
                continue
            found = self._enumeration_after(pieces, position)
            if found:
                heads |= piece.tokens | {piece.tail}
            if found == "numbered":
                numbered |= piece.tokens | {piece.tail}
            # "folkeskoler og gymnasier": a compound's last part, as one item of a list
            if len(piece.tokens) > 1 and any(
                    0 <= p < len(pieces) and pieces[p].folded in _JOINERS
                    for p in (position - 1, position + 1)):
                heads.add(piece.tail)
            # "kreative og nytænkende løsninger": the kinds of a noun, as adjectives before it
            if position >= 3 and pieces[position - 2].folded in _JOINERS and all(
                    pieces[p].word and pieces[p].folded.endswith("e") and
                    len(pieces[p].folded) >= 5 for p in (position - 1, position - 3)):
                heads |= piece.tokens | {piece.tail}
            # "kompetencer, er vi gode til at kommunikere, facilitere og samarbejde": an
            # ability is listed as what one is able "til at"/"at" do, two or more of them
            if piece.folded.startswith(_ABILITIES) and self._abilities(pieces, position + 1):
                heads |= piece.tokens | {piece.tail}
            # "primary schools and upper secondary schools"
            for later in range(position + 2, min(len(pieces), position + 6)):
                if pieces[later].word and piece.tail and pieces[later].tail == piece.tail and \
                        any(self._joins(pieces, k) for k in range(position + 1, later)):
                    heads.add(piece.tail)
        return heads

    def _abilities(self, pieces: Sequence[_Piece], start: int) -> bool:
        """Two or more doings joined ("til at samarbejde og agere", "good at communicating,
        facilitating and collaborating") after ``start``: what an ability noun before them
        consists of."""
        for at in range(start, len(pieces) - 2):
            if pieces[at].folded != "at":  # ("til at …", "good at …": the doings follow "at")
                continue
            first = at + 1
            if first + 2 < len(pieces) and pieces[first].word and \
                    self._joins(pieces, first + 1) and pieces[first + 2].word:
                return True
        return False

    @staticmethod
    def _joins(pieces: Sequence[_Piece], position: int) -> bool:
        return 0 <= position < len(pieces) and (
            pieces[position].folded in _JOINERS or pieces[position].raw == ",")

    def _enumeration_after(self, pieces: Sequence[_Piece], position: int) -> str:
        """Whether a list begins within reach after the word at ``position``: after a colon
        or a marker ("såsom", "nemlig", "such as"), or as "A, B og C"; "numbered" for
        "Temaerne er: 1. …, 2. …"."""
        content = 0
        for later in range(position + 1, len(pieces)):
            piece = pieces[later]
            if piece.raw == ":":
                following = pieces[later + 1:later + 2]
                if following and following[0].folded.isdigit():
                    return "numbered"
                return "list" if self._items(pieces, later + 1) else ""
            if piece.folded in _MARKERS:
                return "list" if self._items(pieces, later + 1) else ""
            if piece.raw in (",", ";"):
                following = pieces[later + 1:later + 2]
                # "at …", "der …" start a clause; "Center for Politik, Kultur og Strategi" is
                # a name
                if following and following[0].folded in ("at", "that") and \
                        self._that_and_that(pieces, later + 2):
                    return "list"  # "målene er, at A, og at B"
                if following and (following[0].folded in _CLAUSES
                                  or following[0].raw[:1].isupper()):
                    return ""
                return "list" if content <= 1 and self._items(pieces, later + 1) else ""
            if piece.word:
                content += 1
                if content > self.REACH:
                    return ""
        return ""

    @staticmethod
    def _that_and_that(pieces: Sequence[_Piece], start: int) -> bool:
        """A second "og at"/"and that" clause after ``start``: the sentence states two things
        of what it began with."""
        return any(pieces[k].folded in _JOINERS and pieces[k + 1].folded in ("at", "that")
                   for k in range(start, len(pieces) - 1))

    def _items(self, pieces: Sequence[_Piece], start: int) -> bool:
        """An item of at most ``ITEM`` content words, then a comma or "og"/"and"."""
        content = 0
        for later in range(start, len(pieces)):
            piece = pieces[later]
            if self._joins(pieces, later):
                return content >= 1
            if piece.raw in (":", ";", "(", ")") or piece.folded in _CLAUSES:
                return False  # "et læringscenter, LIFE (Læring, …)" names it, lists nothing
            if piece.word:
                content += 1
                if content > self.ITEM:
                    return False
        return False

    # ------------------------------------------------------------------ numbers, persons
    def _counts(self, pieces: Sequence[_Piece], lang: str) -> set[str]:
        numerals = _NUMERALS.get(lang, _NUMERALS["da"])
        counted: set[str] = set()
        for position, piece in enumerate(pieces):
            after_least = position and pieces[position - 1].folded in _AT_LEAST
            is_number = piece.folded in numerals or (
                piece.raw.casefold() in _ONE and bool(after_least)) or (
                piece.folded[:1].isdigit() and not _YEAR.match(piece.folded)
                and not (position and pieces[position - 1].folded in _LABELS))
            if not is_number:
                continue
            # the noun right after the number ("de ti centre"), past an adjective ("3
            # forskellige former")
            for later in pieces[position + 1:position + 4]:
                if later.raw in ",:;":
                    break
                if later.word and not later.folded[:1].isdigit():
                    counted |= later.tokens | {later.tail}
                    if later.folded not in ADJECTIVES:
                        break
        return counted

    @staticmethod
    def _person(pieces: Sequence[_Piece]) -> bool:
        """A role and a name after it ("borgmester Sofia Hansen", "direktør Anne Berg")."""
        for position, piece in enumerate(pieces[:-2]):
            role = piece.folded in _ROLES or piece.folded.endswith(_ROLE_ENDINGS)
            following = pieces[position + 1:position + 3]
            if role and all(p.raw[:1].isupper() and p.folded not in _MONTHS and p.word
                            for p in following):
                return True
        return False

    # ------------------------------------------------------------------ an entry's answer
    def entry(self, answer: str, lang: str, title: str) -> list[Statement]:
        """An entry's answer, sentence by sentence. A sentence that goes on about the one
        before ("Den er udsendt af …") has its words; a paragraph before a bulleted list
        lists what it speaks of, and so does the entry's title."""
        found: list[Statement] = []
        lines = answer.split("\n")
        bullets = [line.lstrip().startswith("- ") for line in lines]
        previous: frozenset[str] = frozenset()
        for number, line in enumerate(lines):
            listed: frozenset[str] = frozenset()
            lead: frozenset[str] = frozenset()
            if not bullets[number] and sum(bullets[number + 1:number + 3]) == 2:
                listed = frozenset(self.analyzer.analyse(f"{line} {title}", expand=True))
                opening = next(iter(sentences((line,))), line)
                lead = frozenset(self.analyzer.analyse(f"{opening} {title}", expand=True))
            for text in sentences((line,)):
                tokens = frozenset(self.analyzer.analyse(text, expand=True))
                first = words(text)[:1]
                if first and fold(first[0]) in _CONTINUES:
                    tokens |= previous
                statement = self.statement(((text, lang),), tokens, own=True, context=previous)
                if listed:
                    statement = dataclasses.replace(statement, lists=statement.lists | listed,
                                                    items=statement.items | listed, lead=lead)
                found.append(statement)
                previous = tokens
        return found

