"""Honest partial answers: does the chosen answer state what the question asks for?

:class:`GapCheck` looks at the sentences of a candidate answer (a :class:`Choice`) that speak
of the question's subject: a question for a date needs one that states a date (for the date of
an event, "hvornår er X færdigt?", one more precise than the strategy's own year), for a figure
one that states a figure (for "hvor mange centre?" a number before "centre"), for an amount one
with an amount, for a person one that names a person in that role, for the members of
something ("hvilke fokusområder?") one that lists them, for a year one that names it. Where the
chosen answer lacks it but another passage of the document has it, that passage answers
instead; where the document has it nowhere, the choice becomes a partial answer: what the
document does not say, then what it does say. A question with words the knowledge base has
never seen ("Gentofte", "budget") whose other words a passage covers gets the same.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from strategibot.domain.answers.choice import Choice
from strategibot.domain.answers.entries import EntryIndex
from strategibot.domain.answers.facts import (
    AGENT_VERBS,
    AUTHOR_VERBS,
    BODIES,
    MOVED,
    SAYING,
    WHY,
    Asked,
    same_point,
    spelled,
)
from strategibot.domain.answers.passages import Hit, PassageIndex
from strategibot.domain.answers.replies import Gap
from strategibot.domain.answers.statements import Reader, Statement, claimed_figures, expanded
from strategibot.domain.answers.thresholds import Thresholds
from strategibot.domain.language import EVERYDAY
from strategibot.domain.normalise import fold, fold_text, words

__all__ = ["Choice", "GapCheck", "asks_to_confirm", "everyday_word"]

_PREPOSITIONS = frozenset(fold(w) for w in words("""
på i hos blandt for inden uden ved in at among within for on
"""))
_ARTICLES = frozenset(fold(w) for w in words("de den det the vores our alle all"))


_GENERIC = tuple(fold(w) for w in words("""
eksempler eksempel typer slags former organer ting dele elementer punkter aspekter
niveauer niveau trin lag parter parterne aktører dokumenter
examples types kinds sorts forms bodies things parts elements points aspects levels steps
layers parties actors documents
"""))
"""Nouns for a kind of anything ("hvilke eksempler …", "which bodies …", "ledelses*organer*"):
the document need not use them to list what they ask for."""


_KIND_STEM = 5
"""An adjective the question says itself ("digital", "interne") names no kind it is told:
compared by this many first letters ("digitale" ~ "digital")."""


_IRREGULAR_PAST = frozenset(fold(w) for w in words("""
fik gik kom tog gav lod stod lå sad sagde så got went came took gave
"""))
"""Everyday verbs in the past that end in no "-te", "-ede", "-ed" ("hvornår *fik* vi …"):
asking when something known happened, not of an unheard deed."""


def _generic(noun: str) -> bool:
    return fold(noun).endswith(_GENERIC)


def _at_point(year: str, point: str) -> Test:
    """A sentence that names ``point`` within ``year`` ("udgangen af 2018", "december 2018")."""
    return lambda unit: same_point(point, [p for y, p in unit.points if y == year])


def _names_year(year: str) -> Test:
    return lambda unit: year in unit.years


@lru_cache(maxsize=4096)
def _qualified(question: str) -> frozenset[str]:
    """The folded words of a question that follow a preposition (an article between)."""
    folded = [fold(w) for w in words(question)]
    found = set()
    for position, word in enumerate(folded):
        before = [w for w in folded[max(0, position - 2):position] if w not in _ARTICLES]
        if before and before[-1] in _PREPOSITIONS:
            found.add(word)
    return frozenset(found)


Test = Callable[[Statement], bool]
_SOURCE_TOKENS = frozenset(("kild", "sourc"))
"""The stems of "kilde", "source": a sentence that names where a figure comes from."""
_MEASURE_UNITS = ("dagsværk", "årsværk", "procent", "percent", "timer", "hours", "dage", "days",
                  "kroner", "point", "points", "score", "gennemsnit", "average",
                  "measured", "kilde", "source")
"""Words of a unit of measure or of measuring: a figure beside one says how it is measured."""
COMMON = 20
"""A word in more passages than this (one in seven) says little of which sentence is meant."""
_KIND_WORDS = ("former", "form", "typer", "type", "arter", "art", "måder", "måde", "metoder",
               "varianter", "kinds", "kind", "types", "forms", "ways", "sorts", "methods")
_EDITION_WORDS = ("koncernstrategi", "koncernstrategien", "strategi", "strategien", "strategy",
                  "corporate strategy")
"""The document's own name: with a year ("koncernstrategien fra 2016", "the 2016 strategy")
it names another edition of it, and what is asked of that edition is the rest."""
_OWN_WORDS = ("kommune", "kommunen", "kommunens", "organisation", "organisationen",
              "lyngby-taarbæk kommune", "municipality", "council", "organization")
YEAR_SHARE = 0.75
"""A sentence naming a year asked for must speak of this share of the rest of the question."""
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_INSTANCES = frozenset(fold(w)[:_KIND_STEM] for w in words("konkrete concrete"))
_CLAIMS = re.compile(
    r"^\W*(?:er|skal|har|står|staar|star|bliver|gælder|gaelder|var|is|are|does|do|will|should|"
    r"has|have|was|were|isn't|aren't|doesn't|isnt|arent|doesnt|wasnt)\b|"
    r"\b(?:vel|right|correct|sandt|ikke|ik)\W*$|"
    r"^\W*(?:og\s+)?der\s+er\b|"
    r"\b(?:is|are|er|was|were|var)\s+(?:på\s+|at\s+)?\d[\d.,]*(?:\s+\w+){0,2}\s*\?\s*$",
    re.IGNORECASE)
"""A question that says a figure to have it confirmed ("er målet 10 dage?", "målet er vel 10?",
"is the target 12 days?") — not one that tells of one's own ("jeg har været syg i 3 dage, hvad
gør jeg?")."""
_DOER = re.compile(r"\b([A-ZÆØÅ][\wæøå-]+)\s+(?:bygger|ønsker|udarbejder|har udarbejdet|står bag)"
                   r"|\baf\s+([A-ZÆØÅ][\wæøå-]+)")
_PLACE_NAME = re.compile(r"\b(?:på|i|fra|til|ved)\s+([A-ZÆØÅ][\w-]*)")
_YEARS = frozenset(("aar", "year", "years", "aarene", "aars", "aarig", "aarigt", "aarige",
                    "years'"))
"""A count of years ("hvor mange år …") is answered by any figure ("1-2 år", "2019-2025")."""


class GapCheck:
    """Checks a choice against what the question asks for (see the module's text)."""

    SUBJECT = 0.25
    """A sentence speaks of the question's subject when it has this share of its weight."""
    ELSEWHERE = 0.75
    """Another passage answers instead when it covers this share of the subject."""
    SPECIFIC = 4
    """A word in at most this many passages names something specific ("ældreområdet")."""
    SPECIFIC_FACT = 3
    """…and a word in at most this many passages must be named where a date or figure is."""
    NAMES = 0.5
    """The share of those words that a sentence stating the asked fact must name."""
    PLACE_PASSAGES = 10
    """A name after a preposition of place is a place's name when at most this many passages
    have it (not "i Koncernstrategien")."""
    LONG = 7
    """…and such a word has at least this many letters (shorter ones are mostly verbs)."""

    def __init__(self, entries: EntryIndex, passages: PassageIndex,
                 thresholds: Thresholds, year: int, wholes: Iterable[str] = (),
                 unexplained: Iterable[str] = ()) -> None:
        self.wholes = frozenset(wholes)
        """known compounds that no passage has as a whole but whose parts they have
        ("sygefraværsmålet"): not a thing the document lacks"""
        self.year = year
        """the strategy's own year: a question about it never asks for another year"""
        self.entries = entries
        self.passages = passages
        self.thresholds = thresholds
        self.reader = Reader(entries.analyzer, year)
        index_of = {entry.id: number for number, entry in enumerate(entries.entries)}
        self.passage_entry: list[int | None] = [
            index_of.get(p.entry) if p.entry else None for p in passages.passages]
        self.entry_passages: list[list[int]] = [[] for _ in entries.entries]
        for number, owner in enumerate(self.passage_entry):
            if owner is not None:
                self.entry_passages[owner].append(number)
        self.passage_units = [self.reader.statement(
            ((p.text, "da"), (p.gloss, "en")), passages.tokens_of((n,)),
            context=passages.tokens_of((n - 1,)) if n and passages.section_of[n - 1]
            == passages.section_of[n] else frozenset()) for n, p in enumerate(passages.passages)]
        self._stems = frozenset(t for t in entries.analyzer.surface.values()
                                if len(t) >= self.RELATED and t.isalpha())
        analyzer = entries.analyzer
        self._measures = frozenset(t for w in _MEASURE_UNITS for t in analyzer.tokens(w))
        self._authoring = frozenset(t for w in AUTHOR_VERBS for t in analyzer.tokens(w))
        self._unexplained_terms = tuple(unexplained)
        self._unexplained = frozenset(t for term in self._unexplained_terms
                                      for t in analyzer.tokens(term))
        """the tokens of the terms the document uses without saying what they are"""
        self._unexplained_names: dict[frozenset[str], str] = {}
        for term in self._unexplained_terms:
            self._unexplained_names.setdefault(frozenset(analyzer.tokens(term)), term)
        """a term's tokens → the term as the document spells it ("dagsværk" for "dagsvaerk")"""
        phrased = {c for k, c in analyzer.phrases.items() if len(k) > 1}
        self._spelled_tokens = frozenset(k[0] for k, c in analyzer.phrases.items()
                                         if len(k) == 1 and c in phrased)
        self._spelled_out = frozenset().union(
            *(u.expands for u in self.passage_units),
            *(expanded(e.answer[lang]) for e in entries.entries for lang in ("da", "en")))
        self.places = self._places(passages)
        """the tokens of the places the document names ("på LyNET", "fra Ishøj"): a
        sentence that names one names a place ("LyNET er stedet, hvor …")"""
        self.actors = self._actors(passages)
        self.kinds = frozenset(t for w in _KIND_WORDS for t in self.reader.noun(w))
        """the tokens of the nouns that say "kinds of" ("former", "typer", "måder", "kinds"):
        one of them asked for is any of them stated („mindst 3 forskellige *former* for …“
        answers "hvor mange *typer* borgerinddragelse …"; „på mange *måder*, f.eks. …“
        "hvilke *former* kan kompetenceudvikling have?")"""
        self.own = frozenset(t for w in _OWN_WORDS for t in entries.analyzer.tokens(w)
                             if not t.startswith("?"))
        """the tokens of the organisation itself ("hvor mange centre har *kommunen*?"): the
        number of a named noun is of it wherever the sentence stands"""
        self.edition = frozenset(t for w in _EDITION_WORDS for t in entries.analyzer.tokens(w)
                                 if not t.startswith("?"))
        self._entry_units: dict[int, list[Statement]] = {}
        self._titled: list[frozenset[str]] | None = None
        self._ids: dict[str, int] | None = None
        """an entry's sentences, read the first time a question needs them"""
        self.entry_years: list[frozenset[str]] = []
        """the years an entry's answer, its passages and its pages name"""
        self.section_years: dict[str, frozenset[str]] = {}
        for number, passage in enumerate(passages.passages):
            key = passage.section["da"]
            self.section_years[key] = self.section_years.get(key, frozenset()) | \
                self.passage_units[number].years
        self.entry_tokens: list[frozenset[str]] = []
        for number, entry in enumerate(entries.entries):
            answers = " ".join(fold_text(entry.answer[lang]) for lang in ("da", "en"))
            last_year = any(phrase in answers
                            for phrase in ("sidste aar", "last year", "previous year"))
            self.entry_years.append(frozenset().union(
                {w for w in answers.split() if _YEAR.match(w)},
                *(self.passage_units[n].years for n in self.entry_passages[number]),
                {str(year - 1)} if last_year else ()))
            self.entry_tokens.append(entries.vocab[number].union(
                *(passages.tokens_of((n,)) for n in self.entry_passages[number])))

    def spelled_out(self, name: str) -> bool:
        """Whether the knowledge base spells out a (folded) short name: beside it somewhere
        („LIFE (Læring, …)“) or as a synonym of a phrase ("cpks", "ltk", "rk")."""
        return name in self._spelled_out or \
            self.entries.analyzer.token(name) in self._spelled_tokens

    def _actors(self, passages: PassageIndex) -> frozenset[str]:
        """The tokens of who may do something: the bodies and roles of an organisation, and
        the names the document gives a deed to („Novozymes bygger …“, „DTU ønsker at bygge
        …“, „udarbejdet af Koncernchefgruppen“)."""
        found = {t for w in BODIES for t in self.entries.analyzer.analyse(w)}
        for passage in passages.passages:
            for names in _DOER.findall(passage.text):
                for name in names:
                    found |= set(self.entries.analyzer.analyse(name))
        return frozenset(found)

    def _places(self, passages: PassageIndex) -> frozenset[str]:
        found: set[str] = set()
        for passage in passages.passages:
            for name in _PLACE_NAME.findall(passage.text):
                found |= {t for t in self.entries.analyzer.analyse(name)
                          if len(passages.postings.get(t, ())) <= self.PLACE_PASSAGES}
        return frozenset(found)

    def _years(self, choice: Choice) -> frozenset[str]:
        """The years the chosen answer speaks of: an entry's answer and pages, a passage's
        section."""
        if choice.kind == "entry" and choice.entry is not None:
            return self.entry_years[choice.entry]
        return frozenset().union(*(self.section_years[self.passages.section_of[n]]
                                   for n in choice.window))

    def entry_coverage(self, index: int, weights: Mapping[str, float]) -> float:
        """The share of ``weights`` an entry speaks of (its texts and its passages)."""
        total = sum(weights.values())
        tokens = self.entry_tokens[index]
        return sum(w for t, w in weights.items() if t in tokens) / total if total else 0.0

    # ------------------------------------------------------------------ the check
    def _with_related(self, index: int) -> list[int]:
        """An entry and those it names as related."""
        entries = self.entries.entries
        if self._ids is None:
            self._ids = {e.id: n for n, e in enumerate(entries)}
        return [index, *(self._ids[r] for r in entries[index].related if r in self._ids)]

    @property
    def _title_years(self) -> list[frozenset[str]]:
        """Each entry's years in its title ("Fremtidsfortællingen 2019–2025")."""
        if self._titled is None:
            self._titled = [frozenset(re.findall(r"\b(?:19|20)\d\d\b", " ".join(
                e.title.values()))) for e in self.entries.entries]
        return self._titled

    def check(self, choice: Choice) -> Choice:
        if choice.kind in ("entry", "passage"):
            return self._check_answer(choice)
        if choice.kind == "unknown":
            return self._unknown_words(choice)
        return choice

    def entry_units(self, index: int) -> list[Statement]:
        """An entry's answer sentence by sentence (both languages) and its passages."""
        units = self._entry_units.get(index)
        if units is None:
            entry = self.entries.entries[index]
            units = [unit for lang in ("da", "en")
                     for unit in self.reader.entry(entry.answer[lang], lang, entry.title[lang])]
            units += [self.passage_units[n] for n in self.entry_passages[index]]
            self._entry_units[index] = units
        return units

    def _units(self, choice: Choice) -> list[Statement]:
        if choice.kind == "entry" and choice.entry is not None:
            return self.entry_units(choice.entry)
        return [self.passage_units[n] for n in choice.window]

    def _specific(self, choice: Choice) -> frozenset[str]:
        """The question's words that name something specific: rare in the document, and
        after a preposition, where a question says which part of something it is about
        ("sygefraværet *på landsplan*", "*i CPKS*", "*i omegnskommunerne*"; not a verb such as
        "lavet")."""
        qualified = _qualified(choice.question)
        return frozenset(
            t for t in choice.subject if not t[0].isdigit()
            and 1 <= len(self.passages.postings.get(t, ())) <= self.SPECIFIC_FACT
            and any(fold(w) in qualified for w in words(choice.tokens.get(t, ""))))

    def _names(self, unit: Statement, specific: frozenset[str],
               weights: Mapping[str, float]) -> bool:
        """Whether a sentence (with the one before it) names enough of the question's
        specific words."""
        total = sum(weights[t] for t in specific)
        near = unit.tokens | unit.context
        return not total or sum(
            weights[t] for t in specific if t in near) / total >= self.NAMES

    def _about(self, unit: Statement, weights: Mapping[str, float], total: float) -> bool:
        return total == 0 or sum(
            w for t, w in weights.items() if t in unit.tokens) / total >= self.SUBJECT

    def _tests(self, fact: Asked, units: list[Statement], tokens: Mapping[str, str],
               about: Test) -> list[tuple[str, Test, bool]]:
        """What the answer's sentences must state, kind by kind (the kind names the gap),
        and whether the test names what it is about (a number *of centres*, a list *of
        fokusområder*) so that the sentence need not share more of the question's words."""
        tests: list[tuple[str, Test, bool]] = []
        if fact.when:  # (an exact date is a day of a month: "no exact date" if none)
            tests.append(("day" if fact.exact else "when", (lambda u: u.day) if fact.exact else (
                lambda u: u.day or u.month) if fact.month else (
                lambda u: u.precise) if fact.done else (lambda u: u.when), False))
        if fact.percent:
            tests.append(("number", lambda u: u.percent, False))
        elif fact.money:
            tests.append(("number", lambda u: u.money, False))
        elif fact.number:
            counted = self.reader.noun(fact.counted) if fact.counted and \
                fact.counted not in _YEARS else frozenset()
            if fact.counted and fact.counted not in _YEARS:
                # a compound's last part is what it is ("borgerinddragelses*former*": the
                # sentence counts „3 former for borger- og brugerinddragelse“)
                counted |= self.reader.tail(fact.counted)
            if counted & self.kinds:
                counted |= self.kinds
            if counted:  # a number before the noun, or its members as items
                tests.append(("number", lambda u: bool((u.counts | u.items) & counted), True))
            else:
                # "hvad er landsgennemsnittet for sygefravær?": a figure of the average, not
                # the municipality's own (the question's token for the noun)
                of = _token_of(tokens, fact.figure_of) if fact.figure_of else frozenset()
                tests.append(("number", lambda u: u.number and (
                    not of or bool(of & (u.tokens | u.context))), False))
        if fact.person:
            tests.append(("person", lambda u: u.person, False))
        if fact.where:
            tests.append(("where", (lambda u: u.address) if fact.exact else (
                lambda u: u.place or bool(u.tokens & self.places)), False))
        if fact.ranked:
            tests.append(("ranked", lambda u: u.ranks, False))
        if fact.measured:  # a figure in a unit of measure ("14,9 dagsværk pr. årsværk"), not
            # a goal's count („mindst 30 af vores afdelinger“ says nothing of how RK is measured)
            tests.append(("measured", lambda u: u.number and (
                u.percent or u.money or bool(u.tokens & self._measures)), False))
        if fact.source:  # "(Kilde: KMD)"
            tests.append(("source", lambda u: bool(u.tokens & _SOURCE_TOKENS), False))
        if fact.contents and not fact.listed:  # what a named thing contains: its members,
            # not a sentence that names it among others („bygger på … Kompetenceprofil for
            # ledere og fælles digitaliseringsstrategi“)
            named = _token_of(tokens, fact.contents) or self.reader.noun(fact.contents)
            tests.append(("contents", lambda u: bool(
                (u.lists if u.lead is None else u.lead) & named), True))
        if fact.agent:  # the doer with the deed („blev der udarbejdet …“ names none), or a
            # signature („Direktion & centerchefer, December 2018.“)
            # (a signature names a body or a person: "Vi udforsker …" is a heading, its "vi"
            # no author; who made something is named with a deed of making, not with who is
            # responsible for working with it)
            tests.append(("agent", lambda u: (
                u.deed and about(u) and (not fact.authored or bool(u.tokens & self._authoring))
                and (u.person or u.doer or bool(u.tokens & self.actors))) or (
                u.short and not u.deed and (u.person or bool(u.tokens & self.actors))), True))
        if fact.lasts:
            tests.append(("lasts", lambda u: u.lasts, True))
        if fact.often:
            tests.append(("often", lambda u: u.often, False))
        if fact.mail:
            tests.append(("mail", lambda u: u.mail, False))
        if fact.expansion and not self.spelled_out(fact.expansion):
            # a short name that nothing in the knowledge base spells out ("hvad står KMD
            # for?": only „(kilde: KMD)“)
            tests.append(("expansion", lambda u: fact.expansion in u.expands, True))
        if fact.defined:  # a term the document uses without saying what it is
            asked_of = frozenset(self.entries.analyzer.tokens(fact.defined))
            if asked_of and asked_of <= self._unexplained:
                tests.append(("defined", lambda u: False, False))
        if fact.pays:  # …nor who pays for anything
            tests.append(("pays", lambda u: False, False))
        if fact.why_this:  # a reason of the very figure, year or change asked about
            # („Sygefravær belaster …“ is no reason why it is *higher* than elsewhere)
            this = frozenset(t for t, w in tokens.items()
                             if spelled(fold(w)) in MOVED or t[:1].isdigit())
            tests.append(("reason", lambda u: u.reason and (not this or bool(this & u.tokens)),
                          False))
        if fact.consequence:  # …nor what happens if it is not followed
            tests.append(("consequence", lambda u: False, False))
        if fact.link:
            tests.append(("link", lambda u: u.link, True))  # the address is what is asked
        if fact.own_unit:  # …nor a figure or goal of one unit (the municipality's only)
            tests.append(("own_unit", lambda u: False, False))
        if fact.procedure:  # …nor how to do an errand (book, apply, calculate)
            tests.append(("procedure", lambda u: False, False))
        if fact.status or (fact.actual and str(self.year) in fact.years):
            # a plan states no progress and no results, nor what a measure was in its own
            # year ("hvad var sygefraværet i 2019?"): only the goal for it
            tests.append(("status", lambda u: False, False))
        if fact.assessment:  # …nor whether a goal is realistic
            tests.append(("assessment", lambda u: False, False))
        if fact.listed:
            listed = self.reader.noun(fact.listed)
            if not any(t in self.passages.postings for t in listed):
                # a slip ("hvilke megatrens …", "de fællse mål"): the token it was read as (one:
                # a compound read as its parts, "datakilder", names no thing the text lists)
                read_as = _token_of(tokens, fact.listed)
                listed = read_as if len(read_as) == 1 else listed
            if listed & self.kinds:
                listed |= self.kinds
            # where the answer speaks of them, or of a thing the synonyms name ("enheder");
            # not "hvilke eksempler …" in general
            if listed and (any(listed & u.tokens for u in units)
                           or any(t.startswith("§") for t in listed)
                           or (not any(t in self.passages.postings for t in listed)
                               and not _generic(fact.listed))):
                said = {fold(w)[:_KIND_STEM] for w in tokens.values() for w in words(w)}
                # "hvilke *konkrete* partnerskaber …": instances, not kinds („stærke
                # partnerskaber“ answers "hvilke partnerskaber …")
                instances = bool(said & _INSTANCES)
                tests.append(("list", lambda u: bool(listed & u.lists) or (not instances and any(
                    noun in listed and adjective[:_KIND_STEM] not in said
                    for noun, adjective in u.kinds)), True))
        return tests

    CLOSE = 0.4
    """Another entry ranked within this of the chosen one may answer in its place when it
    speaks of what the chosen one lacks."""

    def _instead(self, choice: Choice, lacking: frozenset[str], *,
                 equal: bool = False) -> Choice | None:
        """Another of the close entries that speaks of the question's words the chosen entry
        lacks (``lacking``; none: of more of the question) and states what the
        question asks for: "hvornår skal RK-målet være nået?" is answered by the goal for RK
        (its date), not by the list of dates that never names RK."""
        if choice.kind != "entry" or choice.entry is None:
            return None
        weights = choice.subject
        own = self.entry_coverage(choice.entry, weights)
        for index, score, _ in choice.ranked[:4]:
            if index == choice.entry or score < max(self.thresholds.clarify,
                                                    choice.score - self.CLOSE):
                continue
            tokens = self.entry_tokens[index]
            coverage = self.entry_coverage(index, weights)
            if not lacking <= tokens or coverage < own or (not lacking and coverage == own and (
                    not equal or not any(u.lead is not None and weights.keys() <= u.lead
                                         for u in self.entry_units(index)))):
                # (``equal``: one that covers as much, with a list led into by a sentence
                # that names all the question speaks of: „… fem fælles pejlemærker, som …
                # skal kendetegne vores organisation“ for "what are the guiding principles
                # for the organisation?")
                continue
            other = self._check_answer(choice.as_entry(index, score, frozenset(
                t for t in weights if t in tokens)), instead=False)
            if other.kind == "entry":
                return other
        return None

    def other_year(self, choice: Choice, close: list[int]) -> Choice | None:
        """"Did you mean …?" for a question about a year that none of the close entries
        speaks of and no sentence of the document names with the question's subject ("hvad
        er fristerne i 2020?"): a partial answer — the strategy has nothing for that year —
        pointing to the best of them."""
        for year in sorted(choice.fact.years):
            if year == str(self.year) or any(year in self.entry_years[i] for i in close):
                continue
            subject = {t: w for t, w in choice.subject.items() if t != year}
            if self._elsewhere(subject, _names_year(year)) is not None:
                continue
            best = choice.as_entry(close[0], choice.ranked[0][1], frozenset())
            return self._partial(best, Gap("year", year))
        return None

    def stated(self, choice: Choice) -> Hit | None:
        """A sentence of the document that gives the number the question asks for, of the
        noun it counts ("hvor mange centre er der?" → „… de ti centre …“), when the entries
        leave the question unsure."""
        fact = choice.fact
        if not fact.counted or fact.percent or fact.money or fact.counted in _YEARS:
            return None
        counted = self.reader.noun(fact.counted)
        if not counted:
            return None
        return self._elsewhere(choice.subject, lambda u: bool((u.counts | u.items) & counted))

    def _check_answer(self, choice: Choice, *, instead: bool = True,
                      look: bool = True) -> Choice:
        """``look``: whether another sentence may be looked for; one found so is checked for
        the rest of what is asked ("what was the *result* of …": the sentence with a figure
        must also state a result)."""
        fact = choice.fact
        weights = self._plain(choice)
        if choice.unknown and choice.kind == "passage":
            return self._unknown_words(choice, answered=True)
        if any(not t[0].isdigit() and not self._past_everyday(choice, t)
               for t in choice.unknown) and (fact.when or fact.number):
            # "hvornår blev strategien *vedtaget i kommunalbestyrelsen*?": the date or figure
            # asked for is of something the knowledge base has never heard of (an everyday
            # verb in the past asks when something known happened: "hvornår *begyndte*
            # sygefraværet at falde?"; "hvornår *sender* CPKS …" asks of a deed unheard of)
            return self._partial(choice, Gap("when") if fact.when else Gap("number"))
        # (a point within a year the answer names is checked below: "ved udgangen af 2018"
        # of the answer's „pr. 1. juni 2018“ is no other year's fact, but its point's)
        named_units = self._units(choice)
        pointed = {year for year, point, _ in fact.points
                   if year != str(self.year) and any(year in u.years for u in named_units)
                   and not any(_at_point(year, point)(u) for u in named_units)}
        for year in sorted(fact.years - pointed):
            subject = {t: w for t, w in weights.items() if t != year}
            if year == str(self.year) or (year in self._years(choice) and self._year_of(
                    choice, year, subject)):
                continue
            if choice.ranked and any(year in self._title_years[i]
                                     for i in self._with_related(choice.ranked[0][0])):
                continue  # part of a name ("the 2025 narrative": Fremtidsfortællingen
                # 2019–2025), not another year's fact
            if subject and not any(t not in self.own for t in subject):
                # of the organisation itself ("hvad skal LTK være i 2025?"): the first
                # sentence that names the year speaks of it
                other = next((Hit((n,), 1.0, 1.0, frozenset(), 1.0) for n, unit in enumerate(
                    self.passage_units) if year in unit.years), None) if look else None
            elif self._edition_asked(subject):
                # (of another edition of the strategy: a passage's words are its heading's too,
                # so none is looked for that seems to speak of it)
                other = None
            else:
                other = self._elsewhere(subject, _names_year(year)) if look else None
            if other is not None:
                return self._check_answer(choice.as_passage(
                    other, other.coverage, self.passage_entry[other.passages[0]]),
                    instead=False, look=False)
            return self._partial(choice, Gap("year", year))
        units = self._units(choice)
        if look and _CLAIMS.search(choice.question) and any(u.number for u in units):
            for token, written in claimed_figures(choice.question):
                # "er målet 10 dage?", "skal 20 enheder arbejde med RK?": a figure the answer
                # does not state is not confirmed by it (the answer's own figure follows)
                if not any(written & u.figures for u in units):
                    gap = Gap("words", choice.tokens.get(token, token))
                    near = self._nearest_figure(token)
                    if near is not None and "." in token:
                        # "er målet 13,0?": the sentence with the figure it is near („… faldet
                        # til 13,5 …“), not one that only shares "målet"
                        return choice.as_partial(gap, (near,), self.passage_entry[near])
                    return self._partial(choice, gap)
        total = sum(weights.values())
        specific = self._specific(choice) & weights.keys()
        for kind, test, anchored in self._tests(
                fact, units, choice.tokens, lambda u: self._about(u, weights, total)):
            # a test that names what it is about (a number of centres, a list of
            # fokusområder) needs no more of the question's words
            if any(test(u) and (anchored or self._about(u, weights, total))
                   and self._names(u, specific, weights) for u in units):
                continue
            # (a list the chosen answer does not give may be given by a close entry that
            # speaks of as much: "what are the guiding principles for the organisation?" is
            # the bearings', not one bearing's)
            better = self._instead(choice, frozenset(), equal=kind == "list") \
                if instead else None
            if better is not None:
                return better
            # a date or a figure is often in another sentence; a list or a name the chosen
            # answer does not give is not looked for where the question's words merely recur
            other = self._elsewhere(weights, test) if look and kind in (
                "when", "number", "measured") else None
            if other is None and kind == "number" and anchored and look:
                # the number of a named noun ("how many centres does the organisation
                # have?"): words most sentences have say nothing of where it is
                other = self._elsewhere({t: w for t, w in weights.items() if len(
                    self.passages.postings.get(t, ())) <= COMMON and t not in self.own},
                    test)
            if other is not None:
                return self._check_answer(choice.as_passage(
                    other, other.coverage, self.passage_entry[other.passages[0]]),
                    instead=False, look=False)
            detail = self._word(choice.question, fact.listed) if kind == "list" else \
                _as_written(choice.question, fact.expansion) if kind == "expansion" else \
                self._as_named(fact.defined) if kind == "defined" else ""
            return self._partial(choice, Gap(kind, detail))
        for year, point, as_written in sorted(fact.points):
            # "hvad lå sygefraværet på ved *udgangen af 2018*?": the answer's sentence of
            # 2018 gives it „pr. 1. juni 2018“ — another point of that year is not stated
            # (the strategy's own year is the one its goals are set for: "by the end of
            # 2019" is when they are due, whatever sentence is chosen)
            naming = [u for u in units if year in u.years]
            if year == str(self.year) or not naming or any(
                    _at_point(year, point)(u) for u in naming):
                continue
            subject = {t: w for t, w in weights.items() if t != year}
            other = self._elsewhere(subject, _at_point(year, point)) if look else None
            if other is not None:
                return self._check_answer(choice.as_passage(
                    other, other.coverage, self.passage_entry[other.passages[0]]),
                    instead=False, look=False)
            return self._partial(choice, Gap("words", as_written))
        if not look:  # a sentence found for the asked fact: its words are not held against it
            return choice
        return self._missing_words(self._dated(choice, units), instead=instead)

    def _as_named(self, term: str) -> str:
        """An unexplained term as the document spells it, if the question wrote it so (its
        own inflection when that is one of the terms: "omegnskommunerne")."""
        folded = fold(term.casefold())
        same = next((t for t in self._unexplained_terms if fold(t.casefold()) == folded), None)
        return same or self._unexplained_names.get(
            frozenset(self.entries.analyzer.tokens(term)), term)

    def gives_reason(self, choice: Choice) -> bool:
        """Whether an entry's own answer, or the document's section it comes from, gives any
        reason („fordi …", „belaster …"; theme 1's „… er det fordi vi ønsker, at vores borgere
        skal have god velfærd …" for relational coordination)."""
        if choice.entry is None:
            return False
        if any(u.own and u.reason for u in self.entry_units(choice.entry)):
            return True
        sections = {self.passages.section_of[n] for n in self.entry_passages[choice.entry]}
        return any(unit.reason for n, unit in enumerate(self.passage_units)
                   if self.passages.section_of[n] in sections)

    def no_reason(self, choice: Choice) -> Choice:
        """A partial answer: the strategy gives no reason, then what it says."""
        return self._partial(choice, Gap("why"))

    def no_procedure(self, choice: Choice) -> Choice:
        """A partial answer: the strategy does not say how, then what it says."""
        return self._partial(choice, Gap("how"))

    REASON_SHARE = 0.3
    REASON_NEAR = 0.6
    """…of the question's words in the sentence before a reason counted as said in it"""
    """A reason quoted under an entry must speak of this share of the question's subject."""

    def reason(self, choice: Choice) -> tuple[int, ...]:
        """For a question why ("hvorfor er sygefravær et fokusområde?") answered by an entry
        whose own sentences give no reason: the document's sentence that gives one of what
        the question and the entry's title speak of („Sygefravær belaster kvaliteten af
        arbejdet …“), the entry's own first on a tie, to quote beneath it; ``()`` when there
        is none."""
        if choice.kind != "entry" or choice.entry is None or not choice.fact.reason:
            return ()
        weights = choice.subject
        total = sum(weights.values())

        def share(unit: Statement) -> float:
            return sum(w for t, w in weights.items() if t in unit.tokens) / total if total \
                else 0.0

        # a reason the answer gives of what is asked (not its own „… in order to build a
        # future-proof organisation“ for "hvorfor kalder de digitalisering et *kulturprojekt*?")
        if any(u.own and u.reason and share(u) >= self.REASON_SHARE
               for u in self.entry_units(choice.entry)) or any(
                self.passage_units[n].reason for n in choice.window):
            return ()
        # what the question and the answer's title both speak of ("sick leave"): the
        # reason must be of it (not „fire fokusområder“ of the digitalisation strategy for
        # "why is sick leave a *focus area*?")
        entry = self.entries.entries[choice.entry]
        title = frozenset(t for lang in ("da", "en")
                          for t in self.entries.analyzer.tokens(entry.title[lang]))
        core = frozenset(t for t in weights if t in title and not t[0].isdigit())
        if not total or not core:
            return ()
        best: tuple[float, bool, int] | None = None
        own = set(self.entry_passages[choice.entry])
        def near(unit: Statement) -> float:
            # (with the sentence before it: „Som noget nyt … er der sat fælles,
            # organisatoriske mål for alle temaer. De skal afspejles …, og det er et forsøg på
            # at sikre, at vi … løfter i fælles flok“)
            return sum(w for t, w in weights.items() if t in unit.tokens | unit.context) / total

        for number, unit in enumerate(self.passage_units):
            if not unit.reason or not core & (unit.tokens | unit.context):
                continue
            rank = (max(share(unit), near(unit) * self.REASON_NEAR), number in own, -number)
            if best is None or rank > best:
                best = rank
        return (-best[2],) if best is not None and best[0] >= self.REASON_SHARE else ()

    def _year_of(self, choice: Choice, year: str, subject: Mapping[str, float]) -> bool:
        """Whether a sentence of the answer that names ``year`` (with the sentence before it
        and its heading) speaks of the rest of the question ("hvad var *målet* for
        sygefraværet i 2018?": the sentence naming 2018 gives the figure then, not a goal)."""
        # (the organisation's own name is what every sentence speaks of: "hvad skal LTK være
        # i 2025?")
        # "hvad var *temaerne* i koncernstrategien fra 2016?": the sentence of 2016 names that
        # strategy, but what is asked of it is the themes, in its own words (the heading
        # before it, „Tema 1: …“, is of this year's strategy)
        rest = self._edition_asked(subject)
        edition = rest is not None
        subject = rest if rest is not None else {t: w for t, w in subject.items()
                                        if t in self.passages.idf and t not in self.own}
        total = sum(subject.values())
        if not total or (choice.fact.reason and not (choice.fact.number or choice.fact.when)):
            return True  # ("hvorfor netop 2025?" asks why of the year itself)
        naming = [u for u in self._units(choice) if year in u.years]
        if edition:  # (a passage's tokens hold its heading's)
            naming = [u for u in naming if u.own] or naming
        # (a question for no figure or date — "er der en ny strategi for 2020?" — needs less:
        # the sentence naming „2019-2020“ is about the resources for RK, not a strategy)
        least = YEAR_SHARE if choice.fact.number or choice.fact.when else self.YEAR_ANY
        if choice.fact.number and choice.fact.actual and not choice.fact.when:
            # "hvad var sygefraværet i 2015?": „… nedadgående siden medio 2015“ gives no
            # figure of 2015 — only a sentence of that year with a figure answers
            naming = [u for u in naming if u.figures - {year}]
            if not naming:
                return False
        if edition:  # what is asked of that edition: its weightiest word at least
            top = max(subject, key=lambda t: subject[t])
            return not naming or any(top in u.tokens for u in naming)
        return not naming or any(sum(
            w for t, w in subject.items() if t in u.tokens | u.context) / total >= least
            for u in naming)

    def _edition_asked(self, subject: Mapping[str, float]) -> dict[str, float] | None:
        """What a question asks of another edition of the strategy, which it names with a
        year ("*temaerne* i koncernstrategien fra 2016"); None if it names none."""
        own = [t for t in subject if t not in self.own]
        rest = {t: subject[t] for t in own if t not in self.edition}
        return rest if rest and len(rest) < len(own) else None

    YEAR_ANY = 0.4
    """A sentence naming another year answers a question of that year that asks for no figure
    or date when it speaks of this share of the rest of the question."""

    def _dated(self, choice: Choice, units: list[Statement]) -> Choice:
        """A question for a date answered by an entry that gives only the strategy's own year
        ("Det fælles mål for 2019 …"): its own sentence of the document with the precise date
        („Inden udgangen af 2019 …“) is quoted beneath it."""
        if not choice.fact.when or choice.kind != "entry" or choice.entry is None or \
                choice.window:
            return choice
        weights = choice.subject
        total = sum(weights.values())
        # "I 2018 blev der udarbejdet …" is precise, but of the past: not when a goal is due
        if any(u.own and u.precise and not self._past(u) and self._about(u, weights, total)
               for u in units):
            return choice
        dated = [n for n in self.entry_passages[choice.entry]
                 if self.passage_units[n].precise and self._about(
                     self.passage_units[n], weights, total)]
        if not dated:
            return choice
        best = max(dated, key=lambda n: (sum(
            w for t, w in weights.items() if t in self.passage_units[n].tokens), -n))
        return dataclasses.replace(choice, window=(best,))

    def _past(self, unit: Statement) -> bool:
        """Whether every year a sentence names is before the strategy's own."""
        return bool(unit.years) and max(unit.years) < str(self.year)

    def _word(self, question: str, folded: str) -> str:
        """The question's own word for a folded one ("fokusområder" for "fokusomraader"),
        spelled as the knowledge base spells it ("fokusomrader" is "fokusområder")."""
        said = next((w for w in words(question) if fold(w) == folded), folded)
        return " ".join(self.entries.analyzer.spelled(w) for w in said.split())

    UNHEARD = 0.05
    RELATED = 6
    """An unknown word that begins with a known word's stem of at least this many letters
    ("effektivitet": "effektiv") is the question's own wording of something known, not a
    thing the document lacks ("hjemmefra" shares only "hjemme" with "hjemmeside")."""

    def _related(self, word: str) -> bool:
        folded = fold(word)
        # comparatives and verb forms ("dårligere", "beholdt", "ændrede", "faldende") are
        # the question's own wording more often than a thing
        # (…and English verb forms: "the point of *introducing* shared goals")
        return folded.endswith(("ere", "est", "este", "dt", "ede", "ende", "ing", "ed")) or any(
            folded[:size] in self._stems for size in range(self.RELATED, len(folded)))

    def _content(self, choice: Choice) -> frozenset[str]:
        if choice.kind == "entry" and choice.entry is not None:
            return self.entry_tokens[choice.entry] | self.passages.tokens_of(choice.window)
        return self.passages.tokens_of(choice.window)

    def _missing_words(self, choice: Choice, *, instead: bool = True) -> Choice:
        """Words of the question that the chosen answer never speaks of, with a large share
        of its weight ("sygefraværet *på ældreområdet*"): a partial answer naming them. For a
        question that asks for no particular fact, only a subject the synonyms name ("hvad
        gør vi med *relationel koordinering* i letbanen?"): the document's own words in an
        everyday question are often elsewhere than the answer."""
        weights = choice.subject
        total = sum(weights.values())
        content = self._content(choice)
        missing = [t for t in weights if t not in content and not t[0].isdigit()
                   and not self._everyday(choice, t) and (
            (choice.fact.any and self.passages.danish.get(t, 0) <= self.SPECIFIC
             and (t.startswith("§") or len(choice.tokens.get(t, "")) >= self.LONG))
            or (not choice.fact.any and t.startswith("§")))]
        # words the knowledge base has never seen ("må vi arbejde *hjemmefra*?") name a thing
        # the answer does not speak of either
        unheard = {t: choice.weights[t] for t in choice.unknown
                   if t in choice.weights and not t[1:2].isdigit()
                   and len(choice.unknown[t]) >= self.LONG and choice.kind == "entry"
                   and not self._everyday(choice, t)
                   and not self._related(choice.unknown[t])}
        if unheard:
            weights = {**weights, **unheard}
            total = sum(weights.values())
            missing += list(unheard)
        gap = "words"
        # (a word never seen is surely not in the answer: a smaller share of the question
        # suffices than for a known word the answer does not have)
        limit = self.thresholds.gap_words - (self.UNHEARD if unheard else 0.0)
        if total and sum(weights[t] for t in missing) / total < limit:
            missing = self._missing_fact_words(choice, content)
            gap = "when" if choice.fact.when else "words"  # "… ikke, hvornår det sker"
        if not total or not missing:
            return choice
        better = self._instead(choice, frozenset(missing)) if instead else None
        if better is not None:
            return better
        detail = " ".join(choice.tokens[t] for t in missing) if gap == "words" else ""
        return self._partial(choice, Gap(gap, detail))

    def _plain(self, choice: Choice) -> Mapping[str, float]:
        """The question's subject without its everyday words ("hvor mange år *frem
        tænker* pejlemærkerne?"): what a sentence must speak of to state the asked fact of
        it (all of it when every word is an everyday one)."""
        if choice.fact.when or not choice.fact.counted:
            # the event whose date is asked is often an everyday verb ("when will the plan
            # be *ready*"), and a place's figure is of the place ("sick leave in elderly
            # *care*"): only the number of a named thing is looked for without them
            return choice.subject
        specific = self._specific(choice)
        plain = {t: w for t, w in choice.subject.items()
                 if t in specific or not self._everyday(choice, t)}
        return plain or choice.subject

    def _past_everyday(self, choice: Choice, token: str) -> bool:
        said = fold(choice.unknown[token])
        return said in _IRREGULAR_PAST or (
            said.endswith(("te", "ede", "ed")) and self._everyday(choice, token))

    @staticmethod
    def _everyday(choice: Choice, token: str) -> bool:
        """Whether a question's word is an everyday word (common in Danish at large:
        "virkelig", "pludselig", "bruges", "lave"): the way a question is asked, not a thing it
        asks of that the answer lacks."""
        fact = choice.fact
        said = words(choice.tokens.get(token, ""))
        # …but not the noun whose members, number or figure is asked for ("which IT
        # *systems* …"), nor the deed whose doer is ("hvem har *skrevet* …")
        asked_for = {fact.listed, fact.counted, fact.contents, fact.figure_of}
        if any(fold(w) in asked_for or (fold(w) in AGENT_VERBS and (fact.agent or fact.person))
               for w in said):
            return False
        # …nor what a preposition says it is of ("telefonnummeret *til it-support*")
        if any(fold(w) in _qualified(choice.question) for w in said):
            return False
        return bool(said) and all(everyday_word(fold(w)) for w in said)

    def _missing_fact_words(self, choice: Choice, content: frozenset[str]) -> list[str]:
        """For a question for a date, a figure or a person: a word of the question that the
        document uses (in its Danish text) but not where the answer speaks, or that no passage
        has, with
        ``gap_fact_words`` of the question's weight ("hvornår *mødes* koncernchefgruppen?",
        "hvad er sygefraværet *for ledere*?"): the fact given is not of what is asked."""
        fact = choice.fact
        if not (fact.when or fact.number or fact.person) or fact.years:
            return []
        weights = choice.subject
        total = sum(weights.values())
        # a word only the English glosses have may be the question's own wording; a part of a
        # compound that no passage has at all ("onboarding*forløbet*") names a thing the
        # document does not have (a verb no passage has, "nået", may be any wording)
        words_of = [choice.tokens.get(t, "") for t in choice.tokens]
        missing = [t for t in weights if t not in content and not t[0].isdigit()
                   and not self._everyday(choice, t)
                   and fold(choice.tokens.get(t, "")) not in _YEARS  # ("i hvor mange *års*
                   # perspektiv": the unit of the figure asked, „5-10 årigt perspektiv“)
                   and (self.passages.danish.get(t, 0) >= 1
                        or (t not in self.passages.postings and t not in self.wholes
                            and words_of.count(choice.tokens.get(t, "")) > 1))]
        share = sum(weights[t] for t in missing) / total if total else 0.0
        return missing if share >= self.thresholds.gap_fact_words else []

    def _elsewhere(self, weights: Mapping[str, float], test: Test) -> Hit | None:
        """The passage that covers most of ``weights`` and passes ``test``, if it covers
        enough of them."""
        total = sum(weights.values())
        if not total:
            return None
        best: tuple[float, int] | None = None
        for number, unit in enumerate(self.passage_units):
            if not test(unit):
                continue
            share = sum(w for t, w in weights.items() if t in unit.tokens) / total
            if best is None or share > best[0]:
                best = (share, number)
        if best is None or best[0] < self.ELSEWHERE:
            return None
        share, number = best
        matched = frozenset(t for t in weights if t in self.passage_units[number].tokens)
        return Hit((number,), share, share, matched, share)

    def _quote_for(self, choice: Choice) -> tuple[tuple[int, ...], int | None]:
        """The passages to quote in a partial answer, and the entry to point to."""
        if choice.kind == "passage" or (choice.kind == "unknown" and choice.hits):
            window = choice.window or choice.hits[0].passages
            if not self._speaks_of(window, choice):
                # ("who is the mayor?" — „Kommunens sygefravær var …“: no word of a thing in
                # common; "hvad koster det?" — „Vi sætter pris på …“) the gap alone
                return (), None
            return window, self.passage_entry[window[0]]
        entry = choice.entry
        if entry is None:
            return (), None
        linked = self.entry_passages[entry]
        if not linked:
            return (), entry
        weights = choice.weights
        # for a figure, a year or progress: of the sentences that say as much of the
        # question, one that gives a figure (what sick leave was in June 2018, not that it is
        # a focus)
        figure = choice.fact.number or bool(choice.fact.years) or choice.fact.status
        best = max(linked, key=lambda n: (sum(
            w for t, w in weights.items() if t in self.passage_units[n].tokens),
            figure and self.passage_units[n].number, -n))
        return (best,), entry

    def _speaks_of(self, window: tuple[int, ...], choice: Choice) -> bool:
        """Whether passages share a word of a thing with the question (not only an everyday
        word, a figure or a word the question's own wording has: "sætter *pris* på" for "hvad
        koster det?")."""
        said = self.passages.tokens_of(window)
        return any(t in said for t in choice.weights if not t[:1].isdigit()
                   and not self._everyday(choice, t) and t not in choice.unknown)

    NEAR_FIGURE = 0.15
    """A claimed decimal figure within this share of a figure of the text is a slip of it."""

    def _nearest_figure(self, token: str) -> int | None:
        """The passage with the decimal figure nearest ``token`` ("13.0" → the goal's 13,5),
        within ``NEAR_FIGURE`` of it; None if none is."""
        try:
            claimed = float(token)
        except ValueError:
            return None
        best: tuple[float, int] | None = None
        for n, unit in enumerate(self.passage_units):
            for figure in unit.figures:
                if "." not in figure:
                    continue
                try:
                    off = abs(float(figure) - claimed) / max(abs(claimed), 1e-9)
                except ValueError:
                    continue
                if off <= self.NEAR_FIGURE and (best is None or off < best[0]):
                    best = (off, n)
        return best[1] if best else None

    def _partial(self, choice: Choice, gap: Gap) -> Choice:
        window, entry = self._quote_for(choice)
        return choice.as_partial(gap, window, entry)

    def _unknown_words(self, choice: Choice, *, answered: bool = False) -> Choice:
        """Words the knowledge base has never seen, with the rest of the question covered by
        a passage: a partial answer naming them."""
        fact = choice.fact.when or choice.fact.number
        if not (choice.unknown or fact) or not choice.hits:
            return choice
        known = {t: w for t, w in choice.weights.items() if t not in choice.unknown}
        total = sum(known.values())
        # a question mostly about something else is refused; but "hvornår åbner X?" asks for
        # a date of X, whatever the verb
        if total < (0.25 if fact else 0.5) * sum(choice.weights.values()):
            return choice
        hit = choice.hits[0]
        covered = sum(w for t, w in known.items() if t in hit.matched)
        if not total or covered / total < 0.8 or covered < self.thresholds.passage_weight:
            return choice
        named = [t for t in choice.unknown if not self._everyday(choice, t)]
        if not named and not fact:
            # only everyday words unknown ("hvorfor skal borgerne *pludselig* være en
            # ressource …?"): the passage answers what is asked
            if answered and choice.kind == "passage":
                return choice
            return choice.as_passage(hit, covered / total, self.passage_entry[hit.passages[0]])
        detail = ", ".join(choice.unknown[t] for t in named)
        gap = Gap("when") if choice.fact.when else Gap("number") if choice.fact.number \
            else Gap("words", detail)
        if answered and choice.kind == "passage":
            return choice.as_partial(gap, choice.window, choice.entry)
        return choice.as_partial(gap, hit.passages, self.passage_entry[hit.passages[0]])


def asks_to_confirm(question: str) -> bool:
    """Whether a question says a figure to have it confirmed (:data:`_CLAIMS`)."""
    return bool(_CLAIMS.search(question))


def _as_written(question: str, name: str) -> str:
    """A short name as the question writes it ("KMD"), in capitals if it is not there."""
    found = next((w for w in re.findall(r"[\w'-]+", question) if fold(w.casefold()) == name), "")
    return found if found.isupper() else name.upper()


def _token_of(tokens: Mapping[str, str], folded: str) -> frozenset[str]:
    """The question's token(s) for one of its (folded) words: "Leder- og
    medarbejdergrundlaget" is one token, whichever of its words was asked about."""
    return frozenset(t for t, text in tokens.items() if folded in {fold(w) for w in words(text)})


_THINGS_IN_LY = frozenset(("family", "assembly", "supply", "monopoly", "italy", "anomaly"))


def everyday_word(folded: str) -> bool:
    """An everyday word, or the past participle of an everyday verb ("tænkt" of "tænke",
    "lavet" of "lave"; not "mødes" beside the noun "møde")."""
    if folded in EVERYDAY or folded in WHY or folded in SAYING:
        return True
    if len(folded) >= 6 and folded.endswith("ly") and folded not in _THINGS_IN_LY:
        return True  # an English adverb ("especially", "actually", "exactly"): how, not what
    if folded.endswith("t") and len(folded) >= 4 and (folded[:-1] + "e" in EVERYDAY or (
            folded.endswith("et") and folded[:-2] + "e" in EVERYDAY)):
        return True
    # an everyday verb's participle with a prefix ("tiltænkt" of "tænke")
    return any(folded.startswith(p) and len(folded) - len(p) >= 5 and folded[-1] == "t"
               and everyday_word(folded[len(p):]) for p in _VERB_PREFIXES)


_VERB_PREFIXES = ("til", "be", "for", "ud", "op", "ind", "over", "under", "af", "fra", "med",
                  "gen")
