"""Two-part and comparison questions: where a question may be split into parts.

"hvad er målet for RK, og hvornår skal det være nået?" → "hvad er målet for RK" + "hvornår skal
det være nået"; "forskellen på temaerne og pejlemærkerne" → "temaerne" + "pejlemærkerne". The
engine answers each part and keeps a split only when the parts find different answers that the
whole question does not.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping

from strategibot.domain.answers.analyzer import Analyzer
from strategibot.domain.answers.facts import ADJECTIVES, is_fact_word, is_kind_word
from strategibot.domain.answers.gaps import Choice, GapCheck
from strategibot.domain.answers.passages import PassageIndex
from strategibot.domain.language import STOPWORDS
from strategibot.domain.normalise import fold, named_themes, words

__all__ = ["ASKING_WORDS", "COMPARISON", "FOCUS", "PRONOUNS", "Splitter", "splits"]

ASKING_WORDS = frozenset(fold(w) for w in words("""
hvad hvem hvor hvordan hvorfor hvornår hvilke hvilken hvilket hvorledes er skal kan må har
what who where how why when which is are does do can should will has have
"""))
PRONOUNS = frozenset(fold(w) for w in words("det den de dem dens dets it its they them this that"))
"""Words of a second part that point back to the first ("… og hvornår skal det være nået?")."""

COMPARISON = re.compile(
    r"^\W*(?:hvad\s+er\s+|what\s+is\s+|what's\s+|whats\s+)?(?:the\s+)?"
    r"(?:forskellen|forskel|forskelen|forsklen|difference|diffrence|diference|differance|diff|"
    r"sammenlign\w*|compare|comparison)"
    r"(?:\s+(?:på|paa|pa|mellem|between|of|af|imellem))?\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
COMPARED_LAST = re.compile(
    r"^\W*(?P<rest>.+?)\s*[-–—:,]?\s*(?:forskellen|forskel|difference|the\s+difference)"
    r"\s*\??\s*$", re.IGNORECASE)
""""udsyn vs forandringsparathed - forskel?": the comparison asked last"""
_AFTER_DASH = re.compile(r"\s+[-–—]\s+")
FOCUS = re.compile(
    r"^(?P<about>.*\b(?:siger|står|skriver|nævner|fortæller|says?|writes?|mentions?|tells?)\b.*?)"
    r"\s+(?:om|omkring|angående|about|on|regarding)\s+(?P<focus>\w.*)$",
    re.IGNORECASE,
)
""""hvad siger fremtidsfortællingen om borgerne?": the question is about "borgerne", as the
Future Narrative speaks of them."""
_LABELLED = re.compile(r"^(?P<label>.*\D)\d+\s*$")
"""A part that ends in a number after its label ("tema 3")."""
_JOINERS = re.compile(
    # not after a hyphen: "Leder- og medarbejdergrundlaget" is one word
    r"\s*[?;]\s*|(?<!-)\s*,?\s+(?:og|and|samt|plus|&|\+|men|but|eller|or|vs\.?|versus)\s+",
    re.IGNORECASE,
)

THEME_CARRIED = 1
"""A second part of at most this many words of substance ("hvad er målene?"), naming no theme,
is of the theme the first part names."""


_BOTH = frozenset(fold(w) for w in words("både both"))
_ABOUT = frozenset(fold(w) for w in words("om omkring angående about on regarding"))
_ARTICLES = frozenset(fold(w) for w in words("de den det the"))


def _shared_noun(left: str, right: str) -> str:
    """The first side of a comparison with the noun it shares with the second, when it is
    one word that only qualifies it ("forskel på centrenes og de decentrale årsaftaler" →
    "centrenes årsaftaler")."""
    first = [w for w in words(left) if fold(w) not in _ARTICLES]
    second = [w for w in words(right) if fold(w) not in _ARTICLES]
    # (a genitive or an adjective: "centrenes", "decentrale" — not a thing named by itself,
    # "udsyn og stærkt kollegaskab")
    if len(first) == 1 and len(second) >= 2 and not any(c.isdigit() for c in left) and \
            fold(first[0]).endswith(("s", "e")):
        return f"{left} {second[-1]}"
    return left


def _clean(part: str) -> str:
    return part.strip(" \t,.;:!?-")


def splits(question: str) -> list[tuple[str, str, str]]:
    """Candidate splits of ``question``: (first part, second part, kind), the most likely
    first. ``kind`` is ``focus`` (what a part of the document says about something: one
    question, about the second part), ``comparison`` (the parts are the two things compared),
    ``both`` (what it says about one thing and about
    another: "hvad siger strategien om onboarding og om rekruttering?"), ``strong`` (the
    second part is a question of its own: "… og hvornår …", "…? …") or ``weak`` (an "og"
    that may just join two words)."""
    found: list[tuple[str, str, str]] = []
    focus = FOCUS.match(question.strip())
    if focus and words(focus.group("focus")):
        found.append((_clean(focus.group("about")), _clean(focus.group("focus")), "focus"))
    comparison = COMPARISON.match(question.strip()) or COMPARED_LAST.match(question.strip())
    if comparison:
        # (…without a question after it: "forskellen på X og Y – hvad er kernen i hver?")
        rest = _AFTER_DASH.split(comparison.group("rest"), maxsplit=1)[0]
        for match in _JOINERS.finditer(rest):
            left, right = _clean(rest[:match.start()]), _clean(rest[match.end():])
            if words(left) and words(right):
                found.append((_shared_noun(left, right), right, "comparison"))
    strong: list[tuple[str, str, str]] = []
    weak: list[tuple[str, str, str]] = []
    for match in _JOINERS.finditer(question):
        left, right = _clean(question[:match.start()]), _clean(question[match.end():])
        right_words = words(right)
        if not words(left) or not right_words:
            continue
        starts_question = fold(right_words[0]) in ASKING_WORDS or "?" in match.group()
        if not starts_question and any(fold(w) in _BOTH for w in words(left)[-3:]):
            continue  # "både ledere og medarbejdere", "both leaders and staff": one thing
        if focus and fold(right_words[0]) in _ABOUT and match.start() > focus.start("focus"):
            # "hvad siger strategien om onboarding og om rekruttering?": two questions, before
            # the one about "onboarding og om rekruttering"
            found.insert(0, (left, f"{_clean(focus.group('about'))} {right}", "both"))
        elif starts_question:
            strong.append((left, right, "strong"))
        else:
            weak.append((left, right, "weak"))
    return found + strong + weak


_AUXILIARIES = frozenset(fold(w) for w in words("""
er skal kan må har is are does do can should will has have
"""))
_AGAIN = frozenset(("igen", "again"))
"""…"hvad er målet *igen*?": the thing asked about before"""


_CONDITIONS = frozenset(fold(w) for w in words("""
hvis når selvom fordi da mens if when whenever although because while unless
"""))


def _conditional(text: str) -> bool:
    """Whether a clause before a comma is a condition of the question ("if a citizen asks me
    about something outside my area, what …?"): part of it, not a lead-in."""
    first = words(text)[:1]
    return bool(first) and fold(first[0]) in _CONDITIONS


def _kin(one: str, other: str) -> bool:
    """Two different words of which one holds the other's stem ("decentrale", "centrenes"):
    a follow-up's word that takes the place of the one before."""
    stem = min(one, other, key=len)[:5]
    return one != other and len(stem) >= 4 and stem in max(one, other, key=len) and not (
        one.startswith(other[:5]) and other.startswith(one[:5]))


def _modified(word: str) -> bool:
    """Whether a word after "det", "den", "de" makes them an article: an adjective or a
    numeral ("det *nye*", "den *gode* trivsel", "de *fire* temaer"), not a verb or an adverb
    ("hvornår blev den *skrevet*", "hvad skal det *ned* på")."""
    return word not in STOPWORDS and (word.endswith("e") or word in ADJECTIVES
                                      or word.isdigit())


_ENGLISH_PRONOUNS = frozenset(("it", "its", "they", "them"))
"""…which, unlike Danish "det", "den", "de", are never articles ("det nye", "de fire")."""
_FOLLOW_UP_STARTS = frozenset(("og", "and", "men", "but", "samt", "plus"))
_FOLLOW_UP_PAIRS = frozenset((("hvad", "med"), ("what", "about"), ("how", "about"),
                              ("og", "hvad"), ("and", "what")))
_LEAD_IN = re.compile(r"\s[–—-]+\s|:\s|,\s|(?<=\w\w)[.!]\s+")
"""Where a lead-in ends and the question begins: a dash between spaces, a colon, a comma,
the end of a sentence ("hej, jeg er ny i jobcentret. hvad er koncernstrategien?")."""
_INTRO = re.compile(r"^\W*(?:(?:hej|hejsa|hi|hello|hey)\W+)?"
                    r"(?:jeg er|jeg arbejder|i am|i'm|i work)\b"
                    r".*?\s(?=(?:hvad|hvordan|hvorfor|hvem|hvornår|hvornaar|hvilke|hvilken|"
                    r"hvilket|what|how|why|who|when|which)\b)", re.IGNORECASE)
"""An introduction of the asker before a question without a stop between ("jeg er sosu
assistent i hjemmeplejen hvad betyder strategien for mig")."""
_AFTERTHOUGHT = re.compile(r"\?\s+(?P<rest>[^?]+)$")
"""A remark after the question ("…? jeg synes de flyder sammen")."""


class Splitter:
    """Answers a question part by part when that says more than answering it whole."""

    MAX_SPLITS = 3

    def __init__(self, choose: Callable[[str, Mapping[str, str] | None], Choice],
                 analyzer: Analyzer, passages: PassageIndex, gaps: GapCheck) -> None:
        self.choose = choose
        """the engine's choice of an answer to one question (with context words)"""
        self.analyzer = analyzer
        self.passages = passages
        self.gaps = gaps
        entries = gaps.entries.entries
        self.topics: frozenset[str] = frozenset().union(*(
            analyzer.analyse(text) for entry in entries for lang in ("da", "en")
            for text in (entry.title[lang], *entry.keywords[lang])))
        """the tokens of the things the strategy speaks of: its entries' titles and keywords
        ("digitalisering", "tema", "RK"); a part with none of them names no subject of its
        own ("… og hvem er ansvarlig?")"""

    def _parallel(self, left: str, right: str) -> bool:
        """Two numbered things of one kind ("tema 1 og tema 2", "tema 3 og 4"): two
        questions, even where one answer names both numbers."""
        first, second = self.analyzer.tokens(left), self.analyzer.tokens(right)
        numbers = [t for t in first if t[0].isdigit()], [t for t in second if t[0].isdigit()]
        if not numbers[0] or not numbers[1] or set(numbers[0]) == set(numbers[1]):
            return False
        labels = {t for t in second if not t[0].isdigit()}
        return not labels or labels <= set(first)

    def _elliptic(self, right: str, tokens: Mapping[str, str]) -> bool:
        """Whether a second part is about the first part's subject: it points back to it
        ("… og hvornår skal *det* være nået?"), has only question words and numbers ("… og
        hvornår?", "tema 3 og 4"), or names no subject of its own ("… og hvem er
        ansvarlig?")."""
        return any(fold(w) in PRONOUNS for w in words(right)) or not self._names_subject(tokens)

    def _names_subject(self, tokens: Mapping[str, str]) -> bool:
        """Whether words name a subject the strategy speaks of (not only question words,
        numbers and the kind of fact asked)."""
        return any(t in self.topics for t, w in tokens.items()
                   if not (t[0].isdigit() or t.startswith("@") or is_fact_word(t, w)))

    def lead_in(self, question: str) -> tuple[str, dict[str, str]] | None:
        """A question after a lead-in that is no question itself, or before a remark that
        is none ("jeg er TR og vil gerne vide: hvad siger …?", "forordet siger vi skal være
        agile – hvad er begrundelsen for det?", "…? jeg synes de flyder sammen"): the
        question, and the lead-in's subjects when the question points back to them."""
        text = question.strip()
        after = _AFTERTHOUGHT.search(text)
        if after is not None and not self._asks(after.group("rest")):
            text = text[:after.start() + 1]
        found = None
        comma = False
        for match in _LEAD_IN.finditer(text):
            before, rest = text[:match.start()], text[match.end():]
            if "?" not in before and not self._asks(before) and self._asks(rest) and \
                    not (match.group().startswith(",") and _conditional(before)):
                found = (before, rest)
                comma = match.group().startswith(",")
        if found is None:
            intro = _INTRO.match(text)
            if intro is not None and "?" not in intro.group() and \
                    self._asks(text[intro.end():]):
                found = (intro.group(), text[intro.end():])
        if found is None:
            return (text, {}) if text != question.strip() else None
        before, rest = found
        tokens = self.analyzer.tokens(rest)
        if comma:
            # after a comma only a question that names its own subject: a clause before a
            # comma is too often what the question is about ("jeg skal på ferie, hvad …?")
            return (rest.strip(), {}) if self._names_subject(tokens) else None
        if not self._elliptic(rest, tokens):
            return rest.strip(), {}
        named = {t: w for t, w in self.analyzer.tokens(before).items()
                 if t not in tokens and not t.startswith("@") and not is_fact_word(t, w)}
        # the things the strategy speaks of that the lead-in names; else all it names
        # ("modtagelse af nye medarbejdere – hvad er fokus?")
        context = {t: w for t, w in named.items() if t in self.topics} or named
        return rest.strip(), context

    def points_back(self, question: str) -> str:
        """Whether a question may be a follow-up of the one before: "plainly" when it begins
        with "og", "and", "men", "but", "hvad med", "what about", "how about" ("og
        centrenes?"); "maybe" when it points back with a pronoun or names no subject of its
        own ("hvad skal det ned på?", "when was it published?"); else ""."""
        folded = [fold(w) for w in words(question)]
        if not folded or len(folded) > self.FOLLOW_UP_WORDS:
            return ""
        if folded[0] in _FOLLOW_UP_STARTS or tuple(folded[:2]) in _FOLLOW_UP_PAIRS or \
                any(w in _AGAIN for w in folded):
            return "plainly"
        pointing = any(word in PRONOUNS and (
            word in _ENGLISH_PRONOUNS or position + 1 == len(folded)
            or not _modified(folded[position + 1]))
            for position, word in enumerate(folded))
        # "hvad skal *det* ned på?" points back; "hvad er *det nye* i strategien?" does not
        tokens = self.analyzer.tokens(question)
        if pointing and any(t[0].isdigit() for t in tokens) and not self._names_subject(tokens):
            # "hvad var det i 2018?" right after sick leave: the same thing, another year or
            # number, and nothing else (it got "Hvad er nyt i 2019" on its own)
            return "plainly"
        return "maybe" if pointing or not self._names_subject(tokens) else ""

    FOLLOW_UP_WORDS = 10
    """A follow-up is short: a longer question says what it is about."""

    def context_of(self, previous: str, question: str) -> dict[str, str]:
        """The words of the question before that a follow-up takes as its subject: all it
        named but the kind of fact it asked and what the follow-up puts in their place."""
        tokens = self.analyzer.tokens(question)
        named = {t: w for t, w in self.analyzer.tokens(previous).items()
                 if t not in tokens and not t.startswith("@") and not is_fact_word(t, w)
                 and not t.startswith("?")}
        # a number of the follow-up takes the place of the one before ("og tema 3?"), and so
        # does a word that one before contains or is contained in ("hvornår skal de
        # decentrale årsaftaler være indgået?" — "og centrenes?")
        if any(t[0].isdigit() for t in tokens):
            named = {t: w for t, w in named.items() if not t[0].isdigit()}
        own = [fold(w) for t, w in tokens.items() if len(t.lstrip("§")) >= 4
               and t.lstrip("§")[:1].isalpha()]
        return {t: w for t, w in named.items() if not any(_kin(fold(w), word) for word in own)}

    @staticmethod
    def asks_itself(text: str) -> bool:
        """Whether a follow-up has a question word of its own ("og *hvor* stammer det fra?"),
        not only the thing it adds ("og centrenes?")."""
        return any(fold(w) in ASKING_WORDS and fold(w) not in _AUXILIARIES
                   for w in words(text))

    @staticmethod
    def _asks(text: str) -> bool:
        """Whether a piece of a message is a question: it begins with a question word."""
        first = words(text)[:1]
        return bool(first) and fold(first[0]) in ASKING_WORDS

    def parts(self, question: str, whole: Choice,
              lead: Mapping[str, str] | None = None) -> list[tuple[str, Choice]] | None:
        """The parts of a two-part question, when answering part by part says more: the
        parts find different answers, and together speak of more of the question than the
        whole question's answer does. ``lead``: what a lead-in names that the question
        points back to, the subject of both parts."""
        for left, right, kind in splits(question)[:self.MAX_SPLITS]:
            if kind == "focus":
                focused = self.focus(left, right, whole)
                if focused is not None:
                    return [(question, focused)]
                continue
            parallel = self._parallel(left, right)
            vague = (whole.complete and kind not in ("strong", "both")) or (
                kind == "weak" and not whole.answers)
            if vague and not parallel:
                continue  # "ledelse og medarbejdere" is one vague question, not two
            first = self.choose(left, lead)
            if kind == "strong" and not parallel and first.kind == "partial" and whole.answers:
                # "hvem har lavet værktøjskassen, og hvor ligger den på intranettet?": the
                # whole found an answer to neither (LyNET); when the second part lacks its
                # fact too, both parts say so
                second = self.choose(right, {t: w for t, w in first.tokens.items()
                                             if not is_fact_word(t, w) and not t.startswith("@")}
                                     if self._elliptic(right, self.analyzer.tokens(right))
                                     else None)
                if second.kind == "partial" and whole.key not in (first.key, second.key):
                    return [(left, first), (right, second)]
            # two questions of their own, of which the whole answers neither: each part is
            # answered, the one the document does not answer with "Det nævner strategien
            # ikke" ("hvad er målet for RK, og hvem betaler kaffen?")
            separate = kind in ("strong", "both") and not whole.answers and not parallel
            if not first.answers and not separate:
                continue
            # "… og hvornår skal det være nået?": the second part is about the first's subject
            second_tokens = self.analyzer.tokens(right)
            clipped = _LABELLED.match(left)
            if clipped and second_tokens and all(t[0].isdigit() for t in second_tokens):
                # "tema 3 og 4": the second is "tema 4"
                right = clipped.group("label") + right.strip()
                second_tokens = self.analyzer.tokens(right)
            # a number of the second part takes the place of the first's ("tema 2 og tema 3")
            numbered = any(t[0].isdigit() for t in second_tokens)
            # (nor a word that only said which kind of fact the first part asked: "what
            # *unit* is it measured in, and what's the source?" is no organisational unit)
            context = {t: w for t, w in first.tokens.items() if t not in second_tokens
                       and not is_fact_word(t, w) and not t.startswith("@")
                       and not is_kind_word(w, first.fact)
                       and not (numbered and t[0].isdigit())}
            elliptic = self._elliptic(right, second_tokens)
            if len(named_themes(left)) == 1 and not named_themes(right) and \
                    len(second_tokens) <= THEME_CARRIED:
                # "hvad handler tema 3 om og hvad er målene?": the theme's goals (the
                # second part was answered with all six)
                elliptic = True
            if lead:
                context = {**{t: w for t, w in lead.items() if t not in second_tokens},
                           **context}
                elliptic = elliptic or not self._names_subject(second_tokens)
            borrowed = False  # whether the first part's entry answers the second's question
            second = self.choose(right, context if elliptic else None)
            # the two sides of a comparison are each named in full, unless one is clipped
            if not elliptic and context and kind not in ("comparison", "both"):
                within = self.choose(right, context)
                if within.answers and (not second.answers or within.score > second.score):
                    second = within
            if second.kind == "clarify" and first.kind == "entry" and first.entry in second.near:
                second = first  # "… og hvornår skal det være nået?" is still about the first
            elif elliptic and second.kind != "entry" and first.kind == "entry" and \
                    first.entry is not None and (second.fact.when or second.fact.number
                                                 or second.fact.person or second.fact.where):
                # "who signed off the strategy, and when?": the first part's entry may state
                # what the second asks of the same thing (its date)
                # (the first part's words are judged as that entry answered them)
                same = self.gaps.check(dataclasses.replace(
                    second.as_entry(first.entry, first.score, first.matched),
                    subject={t: w for t, w in second.subject.items()
                             if t in second_tokens or t in first.matched}))
                if same.kind == "entry":
                    second, borrowed = first, True
            if not second.answers and not (separate and first.answers):
                continue
            if not first.answers:
                if not second.answers or second.kind == "partial" or elliptic:
                    continue
                return [(left, first), (right, second)]
            if not second.answers:
                return [(left, first), (right, second)]
            if first.key == second.key:
                # (a whole said to lack something that each part finds in one answer:
                # "kompetenceudvikling – hvilke former kan det have og hvad er vigtigst?")
                if not whole.answers or (whole.kind == "partial" and (
                        borrowed or first.kind == "entry")):
                    # both parts lead to one answer: it answers the whole
                    return [(question, first)]
                continue
            together = first.matched | second.matched
            if kind not in ("comparison", "strong", "both") and not parallel and \
                    whole.kind in ("entry", "passage") and \
                    whole.share(together) < whole.share(whole.matched) + 0.15:
                continue
            return [(left, first), (right, second)]
        return None

    def focus(self, about: str, focus: str, whole: Choice) -> Choice | None:
        """"hvad siger X om Y?": the answer about Y (within X), when the whole question's
        answer does not speak of Y."""
        wanted = frozenset(t for t in self.analyzer.tokens(focus) if not t.startswith("@"))
        if not wanted or (whole.answers and wanted <= whole.matched):
            return None
        context = {t: w for t, w in self.analyzer.tokens(about).items()
                   if t not in wanted and not t.startswith("@")}
        for found in (self.choose(focus, None), self.choose(focus, context)):
            if found.kind not in ("entry", "passage") or found.key == whole.key:
                continue
            content = self.passages.tokens_of(found.window)
            if found.kind == "entry" and found.entry is not None:
                content |= self.gaps.entry_tokens[found.entry]
            if wanted <= content and (not context or set(context) & content):
                return found  # about Y, and where X speaks of it
        return None
