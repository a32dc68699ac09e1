"""Natural one-line check-ins and progress questions: what a leader's line of chat means.

"Sygefraværet er 12,1", "12,8 i sygefravær", "vi er gået i gang med relationel koordinering",
"borgerpanel afprøvet og evalueret", "tema 1: RK i alle afdelinger", "har vi nået
sygefraværsmålet?" … :class:`OneLiners` reads one line into a :class:`Reading`: a **report**
(goal and values, parsed and validated by :class:`~strategibot.domain.checkins.flows.Flows`), a
**bad value** (a check-in attempt whose value cannot be read: a reason and a hint), a
**progress** question (a goal, or all goals) or **other** (talk, a question for the answer
engine, a reminder, a target). Pure: everything is prepared by :meth:`OneLiners.load`.

The words are data — ``dialogs/oneliners.yaml`` on top of ``dialogs/checkin.yaml`` (keys,
fields, choices, flags, yes/no and none words) and the strategy's themes. The rules are here:

1. A line is cut into words and numbers ("tema3" is two; "covid-19" and "CPKS-02" are names;
   a parenthesis is an aside and dropped), and the words into the phrases of the word lists,
   longest first (case-, accent- and æ/ae/a-insensitive). A goal's key is also found inflected
   ("sygefraværet"), in a compound with a target word ("sygefraværsmålet"), as the head of
   another compound ("sygefraværstallene", a mention only) and with a typo (one edit in 6–9
   letters, two from 10; never in 5 or fewer); a value word of 8 letters or more with one typo.
2. A question — a "?", a leading question word, a Danish verb-before-subject start ("har vi") —
   is never a report. It is a progress question when it names a goal (or the goals as a whole)
   and asks how it goes (a progress word such as "status", "nået", "hvordan", "how many"; a
   trend "er sygefraværet faldet?"; "hvad er <a figure>"; or nothing but the goal); a question
   about what something means or how to do something is other. A line of nothing but goal
   names and progress words ("status RK", "fremdrift") is a progress question too.
3. Never a report either: a condition ("hvis", "if"), an imperative or reminder at the start
   ("husk", "ring", "please"), a wish or forecast ("skal", "håber", "aim"), a goal's target
   ("sygefraværsmålet er 10", "målet for sygefravær"), a key used as a topic ("mødet om
   sygefravær …"); for figures and yes/no goals also another time ("sidste år", a year with
   "var"/"was"). A year or a clock time is never a value.
4. A report names its goal by a key (citizen involvement also by a form whose name has a word
   such as "borger"/"panel" with a flag; recruitment also by "rekrutteret") and its value near
   it: a number that is not a year, a clock time, a count of something else ("14 ansatte"; a
   decimal never counts), a time span ("12 måneder") or an earlier value ("fra 14"); a choice
   word, the last of several ("drøftet og fastlagt"), with a negation another choice ("ikke
   færdig" is in progress); flags and yes/no fields per clause with their negations
   ("afprøvet men ikke evalueret", "rekrutteret uden værktøjskassen") or a yes/no after them
   ("rekrutteret: nej"); a theme by number or title with its initiative, which its field's name
   may label ("tema 2 indsats: …"; "ingen" is no initiative).
5. A bad value is a check-in attempt whose value cannot be read: a number that does not parse
   or lies outside the plausible range, a number in another unit ("5 %"), a theme the strategy
   does not have, a name or text without a letter ("tema 2: 42"), a short "<key> <value>" or
   "<key>: <value>" ("sygefravær abc", "RK måske", "sick leave: unknown", "sygefravær: ??").
   Such an attempt is answered with the hint even when it has a progress word ("RC status:
   maybe"). A sentence about the topic ("sygefravær er et problem hos os", "RK lyder
   spændende") is other.
6. A message of more than 300 characters is not a one-liner.
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from strategibot.core.i18n import read_dialog_file
from strategibot.core.strict import Strict
from strategibot.domain.answers.statements import FIGURE
from strategibot.domain.checkins.flows import KOMMA, FieldModel, Flows, GoalFlowModel, Invalid
from strategibot.domain.evalsets import OnelinerCase
from strategibot.domain.knowledge.schema import ThemeModel
from strategibot.domain.normalise import fold, fold_text, skeleton
from strategibot.errors import DialogScriptError, Problem

__all__ = [
    "RELATIVE_CLAUSE",
    "CaseResult",
    "EvalReport",
    "GoalWordsModel",
    "OneLiners",
    "OnelinersFile",
    "Reading",
    "SharedWordsModel",
    "evaluate_cases",
    "negates",
]


# ---------------------------------------------------------------------------- the file's schema
class LangWords(Strict):
    """Words or phrases in Danish and English (both are always read)."""

    da: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    def all(self) -> list[str]:
        return [*self.da, *self.en]


class LangText(Strict):
    """A text the user reads, in Danish and English."""

    da: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


class SharedWordsModel(Strict):
    """The words of ordinary language around a check-in (``words:``)."""

    greetings: LangWords
    copulas: LangWords
    fillers: LangWords
    subjects: LangWords
    approximations: LangWords
    articles: LangWords
    question_words: LangWords
    question_starts: LangWords
    question_ends: LangWords
    """a question put after what it is about ("sygefravær – hvad er det?"): never a report"""
    conditionals: LangWords
    imperatives: LangWords
    modals: LangWords
    negations: LangWords
    uncertain: LangWords
    connectors: LangWords
    clock: LangWords
    past: LangWords
    other_times: LangWords
    not_value_before: LangWords
    value_after: LangWords
    topic_prepositions: LangWords
    talk: LangWords
    targets: LangWords
    definitions: LangWords
    how_to: LangWords
    later: LangWords = LangWords(da=[], en=[])
    """a time still to come: "i december", "senere" — a plan, not a status"""
    from_later: LangWords = LangWords(da=[], en=[])
    """a time from which a figure will hold ("fra januar", "fra nytår"): an FTE figure said
    so is a plan (a goal's line may say "fra januar" of the months it covers)"""
    forecasts: LangWords = LangWords(da=[], en=[])
    range_before: LangWords = LangWords(da=[], en=[])
    range_joins: LangWords = LangWords(da=[], en=[])
    forecast_before: LangWords = LangWords(da=[], en=[])
    """what is to come, for any goal ("bliver evalueret", "ender nok på 13 ved årets udgang")"""
    hedges: LangWords = LangWords(da=[], en=[])
    """words by which a leader is not sure ("RK er vist i gang", "vistnok", "tror"): a status
    or a figure said so is not saved"""
    periods: LangWords = LangWords(da=[], en=[])
    totals: LangWords = LangWords(da=[], en=[])
    """a count of days in all ("30 sygedage i alt"), not days per FTE: not saved"""
    """a shorter period than the 12 months sick leave is reported for ("sidste kvartal")"""
    other_places: LangWords = LangWords(da=[], en=[])
    whole: LangWords = LangWords(da=[], en=[])
    """the organisation as a whole ("i kommunen", "the municipality"): a progress question
    that names it asks for the live figures all the same"""
    """somewhere else than the leader's own unit ("i nabokommunerne", "på landsplan"): a
    figure said about it is no check-in, and a question about it is not for the live
    figure"""
    reasons: LangWords = LangWords(da=[], en=[])
    """"hvorfor", "why": a question of why is the strategy's, never the live figure's"""
    progress: LangWords
    figure_questions: LangWords
    all_goals: LangWords
    infinitives: LangWords
    time_units: LangWords
    abbreviations: LangWords
    trends: LangWords
    self_corrections: LangWords = LangWords(da=[], en=[])
    """where a line corrects itself ("tema 2: ingen – nej vent, trivselsindsats"): what it
    says after one of these is what it means"""
    number_words: dict[str, int] = Field(default_factory=dict)
    theme_numbers: dict[str, int] = Field(default_factory=dict)
    """a theme's number in words after "tema"/"theme" ("tema fire: …")"""
    decimal_words: dict[str, int] = Field(default_factory=dict)
    """the digit after "komma"/"point" in words ("elleve komma to")"""
    """numbers written as words ("tolv komma fem", "twelve point five"): read as digits only
    where the line then is a figure's report (a name keeps its words)"""


class FieldWordsModel(Strict):
    """How a yes/no field is said: by its name with yes/no or a negation ("ingen
    værktøjskasse"), or by a word that says it happened ("rekrutteret")."""

    names: LangWords = Field(default_factory=LangWords)
    words: LangWords = Field(default_factory=LangWords)
    with_name: bool = False
    """the words count only with the field's name in the same clause ("brugt værktøjskassen")"""


class GoalWordsModel(Strict):
    """One goal's words on top of ``checkin.yaml`` (``goals.<id>:``)."""

    keys: LangWords = Field(default_factory=LangWords)
    progress: LangWords = Field(default_factory=LangWords)
    """names of the goal that only a question uses ("sygefraværsmålet"): never a report"""
    choices: dict[str, LangWords] = Field(default_factory=dict)
    negated: dict[str, str] = Field(default_factory=dict)
    """a choice said with a negation means another ("ikke færdig" → in progress)"""
    when_negated: str | None = None
    """the choice of a negated key ("ingen RK endnu")"""
    flags: dict[str, LangWords] = Field(default_factory=dict)
    unset: dict[str, LangWords] = Field(default_factory=dict)
    form_hints: LangWords = Field(default_factory=LangWords)
    fields: dict[str, FieldWordsModel] = Field(default_factory=dict)
    implies: dict[str, list[str]] = Field(default_factory=dict)
    text_after: LangWords = Field(default_factory=LangWords)
    fillers: LangWords = Field(default_factory=LangWords)
    units: LangWords = Field(default_factory=LangWords)
    wrong_units: LangWords = Field(default_factory=LangWords)
    hint: LangText


class OnelinersFile(Strict):
    """``dialogs/oneliners.yaml``: the words of natural one-line check-ins."""

    words: SharedWordsModel
    goals: dict[str, GoalWordsModel]
    texts: dict[str, LangText]


_TEXTS = {"theme_range": {"count"}, "theme_number": {"count"}, "flags": set(), "unit": {"unit"},
          "words": set()}


# ---------------------------------------------------------------------------- the reading
@dataclass(frozen=True, slots=True)
class Reading:
    """What one line means."""

    kind: Literal["report", "bad-value", "progress", "other"]
    goal_id: str | None = None
    """the goal; for progress None means all goals"""
    value: dict[str, Any] | None = None
    """report: field id → parsed value (float, bool, choice value, text, or None for "none")"""
    theme: int | None = None
    """theme-coverage: the theme's number"""
    unit: str | None = None
    """the unit the line names ("… @CPKS-02")"""
    reason: str | None = None
    """bad value: why, in the user's language"""
    hint: str | None = None
    """bad value: an example of the right form, in the user's language"""
    defaults: dict[str, Any] | None = None
    """report: values the line implies but does not say ("afprøvet" alone: not evaluated
    yet), which a standing value keeps ("vi har testet et borgerpanel" leaves an evaluated
    panel evaluated)"""
    other_words: bool = False
    """progress: the line has words besides the goals' names and the question and progress
    words ("sygefraværet *i omegnskommunerne*", "hvor mange *penge* er *afsat*"): it may ask
    the strategy something, not for the live figure"""
    open_progress: bool = False
    """other: a question how far something has come that names no goal ("hvad ligger vi på
    lige nu i forhold til målet?", "hvordan ligger de andre centre?"): in a chat just shown a
    goal's live figures, about that goal"""
    unsure: bool = False
    """a report said with a hedge ("RK er vist i gang"): nothing saved, and said so"""


# ---------------------------------------------------------------------------- words and tags
Tag = tuple[str, str, str]
"""(category, goal id or "", argument or ""): ("key", "sick-leave", ""), ("choice",
"relational-coordination", "done"), ("negation", "", "") …"""

_TOKEN = re.compile(
    r"(?P<num>(?:(?<![^\s(])-)?\d+(?:[.,:/\-–]\d+)*)"  # "-3" only after a space
    r"|(?P<word>[^\W\d_]+(?:[\-'’][^\W\d_]+)*['’]?)"
    r"|(?P<punct>[:=?!,.;–—\-%(])"
)
_CODE_THEN_ASIDE = re.compile(r"(\s@[A-Za-z0-9][A-Za-z0-9_.\-]*)(\s*\([^()]*\))\s*$")
"""A unit's code followed by a remark in brackets: the remark is moved before it."""
_BARE_CODE = re.compile(r"(?:^|\s)([A-Za-zÆØÅæøå]{2,8}-\d{1,3})(?=[\s.,;:!?]|$)")
"""A unit's code written without its "@" ("RK færdig CPKS-02")."""
_AND_THEN = re.compile(r"\s*(?:,\s*(?:og|men|and|but)\b|\s(?:og|men|and|but)\s+(?=vi|we|det|it)"
                       r"|,\s+(?=(?:vi|we|det|it)\s)|[;.]\s)", re.IGNORECASE)
"""Where a line's clauses part ("… i gang, og vi bliver færdige i december")."""
_CLAUSES = re.compile(r"\s(?:og|men|and|but)\s|[,;]\s", re.IGNORECASE)
"""Where a line's clauses part, for a figure said "now" beside one gone by."""
_NOW = re.compile(r"\b(?:nu|now|i dag|today|currently|aktuelt|for tiden)\b", re.IGNORECASE)
"""Words of a clause that says how it stands now ("… og er *nu* 12,5")."""
_WILL_REACH = re.compile(
    r"^\W*(?:vil vi (?:nå|naa|na)|(?:når|naar|nar) vi (?:\w+ )?(?:mål|maal|mal)\w*|"
    r"kommer vi til at (?:nå|naa|na)|"
    r"(?:will|are) we (?:going to )?(?:make|reach|hit|meet|achieve)|"
    r"do we (?:make|reach|hit|meet))\b",
    re.IGNORECASE)
"""Whether a goal will be reached, asked of how it stands ("når vi målene?")."""
_ASKS_WHAT = re.compile(r"\b(?:hvad|what|hvordan|how|hvis|if)\b", re.IGNORECASE)
"""…not "når vi når målet, hvad så?", "if we reach it, what then?"."""
_MONEY = re.compile(r"\b(?:budget\w*|kroner|kr\.|penge\w*|koster|kostede|omkostning\w*|"
                    r"pris(?:en)?|money|cost|costs|funding|funded|finansier\w*|allocated)\b",
                    re.IGNORECASE)
"""Money asked of a goal ("hvad koster RK?"): no live figure answers it, the strategy may."""
_PAST = re.compile(r"\b(?:var|lå|laa|was|were)\b", re.IGNORECASE)
"""A question in the past ("hvad *var* sygefraværet?")."""
_THIS_YEAR = re.compile(r"\b(?:i år|i aar|this year|so far|indtil nu|hidtil|seneste|senest|"
                        r"latest|last reported|sidst indrapporteret)\b", re.IGNORECASE)
"""Words of a question in the past that still asks for the live figure ("hvad var det
seneste tal?")."""
_UNIT = re.compile(r"(?:^|\s)@([A-Za-z0-9][A-Za-z0-9_.\-]*)[\s.!]*$")
_MENTION = re.compile(r"@\S+")
_PLAIN = re.compile(r"\w+")
_ASIDE = re.compile(r"\([^()]*\)")
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]\d)")
_LONGEST = 300
"""a message longer than this (in characters) is not a one-liner: the answer engine gets it"""
_SUFFIXES = ("erne", "ene", "ende", "ede", "ets", "ens", "et", "en", "er", "ne", "es", "e",
             "s")
_BOUNDARIES = frozenset({".", "!", "?", ";"})
_SEPARATORS = frozenset({":", "=", "-"})
_CLAUSE_PUNCT = frozenset({",", ";", ":", "(", "-"})
_INFLECTABLE = frozenset({"key", "choice", "flag", "fname", "pname", "talk", "target", "unit",
                          "time_unit"})
_FUZZY = frozenset({"choice", "flag", "fword"})
_FUZZY_VALUE_LENGTH = 8
"""a value word is matched with one typo from this length ("evaluret"); shorter ones differ
between the languages by one letter too often ("høring"/"hiring")"""
_STILL = frozenset(" ".join(skeleton(fold(w)) for w in phrase.split()) for phrase in (
    "står stadig", "er stadig med", "gælder stadig", "står fortsat", "still stands",
    "still applies", "stadig", "fortsat", "stadigvæk", "still"))
"""What a value's last words may say of it that is no part of it ("trivselsmåling *står
stadig*", "data i driften *stadig*")."""
_NON_CONTENT = frozenset({"greeting", "filler", "subject", "article", "approx", "copula",
                          "gfill"})

_WORD = re.compile(r"[^\W\d_]+")
_QUOTES = re.compile(r"[\"„“”«»]")
_HALF_WORDS = re.compile(r"[^\W\d_]\s+(?:komma|point)\s+\d", re.IGNORECASE)
_JOINS = frozenset(("og", "and", "&"))
"""(folded) "tema to og tre": two themes named"""
_IN_WORDS_DECIMAL = re.compile(r"^(\d+)\s+(?:komma|point)\s+(\d)$", re.IGNORECASE)
_A_FIGURE = re.compile(r"\d+(?:,\d)?")
_DECIMAL = re.compile(r"\b([^\W\d_]+)\s+(komma|point)\s+([^\W\d_]+)\b", re.IGNORECASE)


def _self_correction(marks: Iterable[str]) -> re.Pattern[str]:
    """Where a line corrects itself: one of ``marks`` after its start ("tema 2: ingen – nej
    vent, …", "12,9 eller nej 12,7"), a bare "nej" after a dash or between two figures."""
    said = "|".join(r",?\s+".join(re.escape(w) for w in mark.split())
                    for mark in sorted(marks, key=len, reverse=True) if mark.split())
    marked = rf"(?:\s*[–—-]\s*|\s*,\s*|\s+)(?:{said})\b[\s,:.]*|" if said else ""
    return re.compile(marked + r"\s*[–—-]\s*nej\b[\s,:.]*|(?<=\d)\s+nej\s+(?=\d)",
                      re.IGNORECASE)


def _skel(word: str) -> str:
    """A word as compared: lower case, folded, æ/ae/a alike, no hyphen ("we're" keeps its
    apostrophe, so it is not "were"; the lists' "haven't" is also read as "havent")."""
    folded = skeleton(fold(word.casefold()))
    return folded.replace("-", "").replace("’", "'")


def _allowed_edits(length: int) -> int:
    return 0 if length <= 5 else 1 if length <= 9 else 2


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    kind: Literal["word", "num", "punct"]
    skel: str


def _tokens(text: str, abbreviations: frozenset[str] = frozenset()) -> list[_Tok]:
    raw: list[_Tok] = []
    for match in _TOKEN.finditer(text):
        kind: Literal["word", "num", "punct"]
        if match.lastgroup == "num":
            kind, skel = "num", match.group().replace("–", "-")
        elif match.lastgroup == "word":
            kind, skel = "word", _skel(match.group())
        else:
            kind, skel = "punct", match.group().replace("–", "-").replace("—", "-")
        raw.append(_Tok(match.group(), match.start(), match.end(), kind, skel))
    glued: list[_Tok] = []
    for tok in raw:  # "covid-19", "CPKS-02": a number glued to a word is part of a name
        if tok.kind == "num" and len(glued) >= 2 and glued[-1].skel == "-" and \
                glued[-2].kind == "word" and glued[-2].end == glued[-1].start and \
                glued[-1].end == tok.start:
            word = glued[-2]
            glued[-2:] = [_Tok(text[word.start:tok.end], word.start, tok.end, "word",
                               _skel(text[word.start:tok.end]))]
            continue
        glued.append(tok)
    raw = glued
    kept: list[_Tok] = []
    for index, tok in enumerate(raw):
        if tok.skel == ".":  # a full stop ends a sentence; "kl. 12", "ca. 13", "p.t." do not
            after = raw[index + 1] if index + 1 < len(raw) else None
            before = kept[-1] if kept else None
            if after is None or not after.text[:1].isupper() or (
                    before is not None and (before.skel in abbreviations or
                                            len(before.skel) == 1)):
                continue
        kept.append(tok)
    return kept


@dataclass(slots=True)
class _Seg:
    """A word, number or phrase of the line, with what the word lists say it is."""

    start: int
    end: int
    tags: frozenset[Tag]
    cats: frozenset[str]
    kind: Literal["word", "num", "punct"]
    text: str
    skel: str

    def has(self, cat: str, goal: str = "") -> bool:
        if cat not in self.cats:
            return False
        return not goal or any(t[0] == cat and t[1] == goal for t in self.tags)

    def args(self, cat: str, goal: str) -> list[str]:
        return [t[2] for t in self.tags if t[0] == cat and t[1] == goal]

    def goals(self, cat: str) -> list[str]:
        return [t[1] for t in self.tags if t[0] == cat]

    @property
    def content(self) -> bool:
        """An ordinary word or a number (not a function word or a key of the lists)."""
        return self.kind != "punct" and not self.cats


@dataclass(slots=True)
class _Sentence:
    segs: list[_Seg]
    text: str
    """the whole line (segments point into it)"""

    def span(self, first: int, last: int) -> str:
        """The line's text from segment ``first`` to segment ``last`` (inclusive)."""
        return self.text[self.segs[first].start:self.segs[last].end]


_SAID_OF = frozenset(("det", "den", "de", "vi", "it", "we", "they", "that", "this", "which"))
"""A word after a dash that begins what is said of the name before it."""
_WE = frozenset(("vi", "we"))
"""The unit that speaks of itself, in a plan ("vi regner med …")."""
_ONLY = frozenset(("kun", "only", "blot", "merely"))
"""A flag said with one of these says the others are not so."""


# ---------------------------------------------------------------------------- the reader
@dataclass(frozen=True, slots=True)
class _GoalInfo:
    id: str
    flow: GoalFlowModel
    words: GoalWordsModel
    number_field: FieldModel | None
    choice_field: FieldModel | None
    text_field: FieldModel | None
    boolean_fields: tuple[str, ...]
    implies: Mapping[str, tuple[str, ...]]
    form_hints: tuple[str, ...]
    with_name: frozenset[str]


@dataclass(frozen=True, slots=True)
class OneLiners:
    """The reader of one-line check-ins and progress questions (see the module's rules)."""

    flows: Flows
    themes: tuple[ThemeModel, ...]
    goals: Mapping[str, _GoalInfo]
    texts: Mapping[str, LangText]
    phrases: Mapping[tuple[str, ...], frozenset[Tag]]
    lengths: Mapping[str, tuple[int, ...]]
    inflectable: Mapping[str, frozenset[Tag]]
    fuzzy_words: tuple[str, ...]
    fuzzy_tags: tuple[frozenset[Tag], ...]
    fuzzy_keys: Mapping[int, tuple[tuple[str, ...], tuple[frozenset[Tag], ...]]]
    key_skels: Mapping[str, str]
    target_skels: tuple[str, ...]
    theme_titles: tuple[tuple[int, str, int], ...]
    abbreviations: frozenset[str]
    yes_no: frozenset[str]
    years: frozenset[int] = frozenset()
    """the strategy period's years: a year outside them is another time, never now"""
    question_ends: tuple[str, ...] = ()
    """a question put after what it is about ("… hvad er det"), folded to plain words"""
    self_correction: re.Pattern[str] = field(default_factory=lambda: _self_correction(()))
    """where a line corrects itself (``self_corrections``)"""
    number_words: Mapping[str, int] = field(default_factory=dict)
    """numbers written as words, folded ("tolv": 12)"""
    decimal_words: Mapping[str, int] = field(default_factory=dict)
    """the digit after "komma" in words, folded ("to": 2)"""
    theme_numbers: Mapping[str, int] = field(default_factory=dict)
    """a theme's number in words, folded ("fire": 4)"""
    theme_keys: frozenset[str] = frozenset()
    """the keys of the goal asked per theme, folded ("tema", "theme")"""
    whole: frozenset[str] = frozenset()
    """the words of the organisation as a whole ("kommunen", "municipality"), as skeletons"""
    all_goals: tuple[str, ...] = ()
    """the words for the goals as a whole, folded ("målene", "all the goals")"""

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: Path, flows: Flows, themes: Sequence[ThemeModel]) -> OneLiners:
        """Read and check ``dialogs/oneliners.yaml`` against the flows and themes.

        Raises:
            DialogScriptError: with every problem found (file, goal, field).
        """
        file = f"dialogs/{path.name}"
        problems: list[Problem] = []
        model = read_dialog_file(path, OnelinersFile, problems, file)
        if model is not None:
            problems += [Problem(file, where, what_field, message)
                         for where, what_field, message in _problems(model, flows)]
        if problems or model is None:
            raise DialogScriptError.with_problems(problems)
        return cls.build(model, flows, themes)

    @classmethod
    def build(cls, model: OnelinersFile, flows: Flows,
              themes: Sequence[ThemeModel]) -> OneLiners:
        """The reader of a checked file (see :meth:`load`)."""
        words = model.words
        abbreviations = frozenset(_skel(w) for w in words.abbreviations.all())
        phrases: dict[tuple[str, ...], set[Tag]] = {}

        def add(items: Iterable[str], tag: Tag) -> None:
            for item in items:
                skels = tuple(t.skel for t in _tokens(item, abbreviations))
                if skels:
                    phrases.setdefault(skels, set()).add(tag)
                    bare = tuple(w.replace("'", "") for w in skels)
                    if bare != skels and all(bare):  # "havent", "dont"
                        phrases.setdefault(bare, set()).add(tag)

        shared = {
            "greeting": words.greetings, "copula": words.copulas, "filler": words.fillers,
            "subject": words.subjects, "approx": words.approximations,
            "article": words.articles, "question": words.question_words,
            "qstart": words.question_starts, "conditional": words.conditionals,
            "imperative": words.imperatives, "modal": words.modals,
            "negation": words.negations, "uncertain": words.uncertain,
            "connector": words.connectors, "clock": words.clock, "past": words.past,
            "other_time": words.other_times, "not_value_before": words.not_value_before,
            "value_after": words.value_after, "topic": words.topic_prepositions,
            "talk": words.talk, "target": words.targets, "definition": words.definitions,
            "how_to": words.how_to, "reason": words.reasons, "progress": words.progress,
            "figure_question": words.figure_questions, "all_goals": words.all_goals,
            "infinitive": words.infinitives, "time_unit": words.time_units,
            "period": words.periods, "total": words.totals, "later": words.later,
            "from_later": words.from_later,
            "forecast": words.forecasts, "forecast_before": words.forecast_before,
            "range_before": words.range_before, "range_join": words.range_joins,
            "other_place": words.other_places, "hedge": words.hedges,
        }
        for cat, items in shared.items():
            add(items.all(), (cat, "", ""))
        phrases.setdefault(("?",), set()).add(("uncertain", "", ""))
        add(words.trends.all(), ("trend", "", ""))
        add(flows.words.get("yes", ()), ("yes", "", ""))
        add(flows.words.get("no", ()), ("no", "", ""))

        goals: dict[str, _GoalInfo] = {}
        key_skels: dict[str, str] = {}
        for goal_id, flow in flows.goals.items():
            extra = model.goals[goal_id]
            keys = [*(k for ks in flow.keys.values() for k in ks), *extra.keys.all()]
            add(keys, ("key", goal_id, ""))
            for key in keys:  # "sick leave" is also written "sickleave", "sick-leave"
                skels = [t.skel for t in _tokens(key, abbreviations) if t.kind != "punct"]
                key_skels.setdefault("".join(skels), goal_id)
                if len(skels) > 1:
                    phrases.setdefault(("".join(skels),), set()).add(("key", goal_id, ""))
            add(extra.progress.all(), ("pname", goal_id, ""))
            add(flow.none_words, ("none", goal_id, ""))
            add(extra.fillers.all(), ("gfill", goal_id, ""))
            add(extra.units.all(), ("unit", goal_id, ""))
            add(extra.wrong_units.all(), ("wunit", goal_id, ""))
            add(extra.text_after.all(), ("textafter", goal_id, ""))
            choice_field = next((f for f in flow.fields if f.type == "choice"), None)
            if choice_field is not None:
                for choice in choice_field.choices:
                    add([choice.value.replace("-", " "), choice.da, choice.en, *choice.words,
                         *extra.choices.get(choice.value, LangWords()).all()],
                        ("choice", goal_id, choice.value))
            for flag, flag_words in flow.flags.items():
                add([*flag_words, *extra.flags.get(flag, LangWords()).all()],
                    ("flag", goal_id, flag))
            for flag, unset_words in extra.unset.items():
                add(unset_words.all(), ("unset", goal_id, flag))
            for name, field_words in extra.fields.items():
                add(field_words.names.all(), ("fname", goal_id, name))
                add(field_words.words.all(), ("fword", goal_id, name))
            implies: dict[str, set[str]] = {}
            for source in (flow.implies, extra.implies):
                for flag, implied in source.items():
                    implies.setdefault(flag, set()).update(implied)
            goals[goal_id] = _GoalInfo(
                id=goal_id, flow=flow, words=extra,
                number_field=next((f for f in flow.fields if f.type == "number"), None),
                choice_field=choice_field,
                text_field=next((f for f in flow.fields if f.type == "text"), None),
                boolean_fields=tuple(f.id for f in flow.fields if f.type == "boolean"),
                implies={k: tuple(sorted(v)) for k, v in implies.items()},
                form_hints=tuple(_skel(h).replace(" ", "") for h in extra.form_hints.all()),
                with_name=frozenset(n for n, f in extra.fields.items() if f.with_name),
            )

        for phrase, phrase_tags in phrases.items():  # "hvad er" is a question as "hvad" is
            opening = phrases.get(phrase[:1], set())
            phrase_tags.update(t for t in opening if t[0] in ("question", "imperative")
                               and len(phrase) > 1)
        frozen = {k: frozenset(v) for k, v in phrases.items()}
        lengths: dict[str, set[int]] = {}
        for phrase in frozen:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        inflectable = {k[0]: frozenset(t for t in v if t[0] in _INFLECTABLE)
                       for k, v in frozen.items() if len(k) == 1 and len(k[0]) >= 4}
        fuzzy = [(k[0], frozenset(t for t in v if t[0] in _FUZZY))
                 for k, v in frozen.items() if len(k) == 1 and len(k[0]) >= _FUZZY_VALUE_LENGTH]
        fuzzy = [(w, tags) for w, tags in fuzzy if tags]
        by_words: dict[int, dict[str, frozenset[Tag]]] = {}
        for phrase, key_tags in frozen.items():  # a key with a typo has the key's every tag
            words_only = [w for w in phrase if w not in _SEPARATORS]
            if any(t[0] == "key" for t in key_tags) and words_only:
                by_words.setdefault(len(words_only), {})["".join(words_only)] = key_tags
        titles = []
        for theme in themes:
            for title in (theme.da, theme.en):
                skels = [t.skel for t in _tokens(title, abbreviations) if t.kind == "word"]
                variants = [skels]
                if len(skels) > 2 and {"vi", "we"} & {skels[0]}:
                    variants.append(skels[1:])
                titles += [(theme.number, "".join(v), len(v)) for v in variants]
        return cls(
            self_correction=_self_correction(words.self_corrections.all()),
            all_goals=tuple(fold_text(w) for w in words.all_goals.all()),
            whole=frozenset(t.skel for w in words.whole.all() for t in _tokens(w, abbreviations)
                            if t.kind == "word"),
            number_words={fold_text(w): n for w, n in words.number_words.items()},
            decimal_words={fold_text(w): n for w, n in words.decimal_words.items()},
            theme_numbers={fold_text(w): n for w, n in words.theme_numbers.items()},
            theme_keys=frozenset(fold_text(k) for flow in flows.goals.values()
                                 if flow.per_theme for ks in flow.keys.values() for k in ks),
            question_ends=tuple(" ".join(_PLAIN.findall(p.casefold()))
                                for p in words.question_ends.all()),
            flows=flows, themes=tuple(themes), goals=goals, texts=model.texts,
            phrases=frozen,
            lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
            inflectable={k: v for k, v in inflectable.items() if v},
            fuzzy_words=tuple(w for w, _ in fuzzy), fuzzy_tags=tuple(t for _, t in fuzzy),
            fuzzy_keys={n: (tuple(items), tuple(items.values()))
                        for n, items in by_words.items()},
            key_skels=key_skels,
            target_skels=tuple(sorted({_skel(w).replace(" ", "")
                                       for w in words.targets.all()}, key=len, reverse=True)),
            theme_titles=tuple(titles),
            abbreviations=abbreviations,
            yes_no=frozenset(_skel(w) for key in ("yes", "no") for w in flows.words.get(key, ())),
        )

    # ------------------------------------------------------------------ segmenting
    def _segment(self, toks: list[_Tok]) -> list[_Seg]:
        segs: list[_Seg] = []
        skels = [t.skel for t in toks]
        i, n = 0, len(toks)
        while i < n:
            length, tags = self._match(toks, skels, i)
            first, last = toks[i], toks[i + length - 1]
            cats = frozenset(t[0] for t in tags)
            kind = first.kind if length == 1 else "word"
            segs.append(_Seg(first.start, last.end, tags, cats, kind,
                             " ".join(t.text for t in toks[i:i + length]),
                             " ".join(skels[i:i + length])))
            i += length
        return segs

    def _match(self, toks: list[_Tok], skels: list[str], i: int) -> tuple[int, frozenset[Tag]]:
        if toks[i].kind == "punct" and toks[i].skel in _BOUNDARIES:
            return 1, frozenset()  # a "?" that asks is not the unknown value "sygefravær: ??"
        for length in self.lengths.get(skels[i], ()):
            if i + length <= len(toks):
                found = self.phrases.get(tuple(skels[i:i + length]))
                if found:
                    return length, found
        tok = toks[i]
        if tok.kind != "word":
            return 1, frozenset()
        word = tok.skel
        for suffix in _SUFFIXES:  # "sygefraværet", "færdige", "kompetencebehovene"
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                found = self.inflectable.get(word[:-len(suffix)])
                if found:
                    return 1, found
        compound = self._compound(word)
        if compound:
            return 1, compound
        if "-" in tok.text:  # "RK-forløbet", "sygefraværs-tal": the key names the goal
            goal = self.key_skels.get(_skel(tok.text.split("-")[0]))
            if goal:
                return 1, frozenset({("key", goal, "compound")})
        for n in (3, 2, 1):  # a key with a typo: "sygfravær", "sik leave", "relationel kordinering"
            if i + n > len(toks) or any(t.kind != "word" for t in toks[i:i + n]):
                continue
            joined = "".join(skels[i:i + n])
            allowed = _allowed_edits(len(joined))
            keys = self.fuzzy_keys.get(n)
            if not allowed or keys is None:
                continue
            hit = process.extractOne(joined, keys[0], scorer=Levenshtein.distance,
                                     score_cutoff=allowed)
            if hit is not None:
                return n, keys[1][hit[2]]
        if len(word) >= _FUZZY_VALUE_LENGTH and self.fuzzy_words:  # "evaluret", "gennemfrt"
            hit = process.extractOne(word, self.fuzzy_words, scorer=OSA.distance,
                                     score_cutoff=1)
            if hit is not None:
                return 1, self.fuzzy_tags[hit[2]]
        return 1, frozenset()

    def _compound(self, word: str) -> frozenset[Tag]:
        """A key in a compound: with a target ("sygefraværsmålet": target talk) or as the head
        of another word ("sygefraværstallene": a mention)."""
        for target in self.target_skels:
            if word.endswith(target) and len(word) > len(target) + 3:
                stem = word[:-len(target)]
                for candidate in (stem, stem[:-1] if stem.endswith("s") else stem):
                    goal = self._key_of(candidate)
                    if goal:
                        return frozenset({("key", goal, "target")})
        for end in range(len(word) - 3, 4, -1):
            head = word[:end]
            goal = self.key_skels.get(head)
            if goal and len(head) >= 6 and not any(
                    k != head and k.startswith(head) for k in self.key_skels):
                # (a clipped key, "sygefr", heads no compound: "sygefravr" is a slip)
                return frozenset({("key", goal, "part")})
        return frozenset()

    def _key_of(self, word: str) -> str | None:
        goal = self.key_skels.get(word)
        if goal is not None:
            return goal
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and word[:-len(suffix)] in self.key_skels:
                return self.key_skels[word[:-len(suffix)]]
        allowed = _allowed_edits(len(word))
        keys = self.fuzzy_keys.get(1)
        if allowed and keys:
            hit = process.extractOne(word, keys[0], scorer=Levenshtein.distance,
                                     score_cutoff=allowed)
            if hit is not None:
                return next((t[1] for t in keys[1][hit[2]] if t[0] == "key"), None)
        return None

    # ------------------------------------------------------------------ reading
    def read(self, text: str, lang: str) -> Reading:
        """What the line ``text`` means (:meth:`_read`); a name read from it has no quote
        left over from the line ("\"Budget-café\" for borgere" was saved as „Budget-café\"
        for borgere“)."""
        reading = self._read(self._theme_in_digits(text), lang)
        if reading.value and any(isinstance(v, str) and _QUOTES.search(v)
                                 for v in reading.value.values()):
            reading = dataclasses.replace(reading, value={
                k: " ".join(_QUOTES.sub(" ", v).split()) if isinstance(v, str) else v
                for k, v in reading.value.items()})
        return reading

    def _read(self, text: str, lang: str) -> Reading:
        """What the line ``text`` means; ``lang`` is the language of reasons and hints. A
        line that corrects itself ("tema 2: ingen – nej vent, trivselsindsats", "sygefravær er
        12,9 eller nej 12,7", "RK færdig, undskyld, i gang") means what it says last (the
        whole was saved as an initiative, or asked for one number)."""
        if len(text) > _LONGEST:
            return Reading("other")
        fixed = self.self_correction.search(text)
        if fixed is not None and fixed.start() > 0 and text[fixed.end():].strip():
            corrected = self._corrected(text[:fixed.start()], text[fixed.end():], lang)
            if corrected is not None:
                return corrected
        reading = self._read_line(text, lang)
        if reading.kind == "other":
            now = self._figure_now(text, lang)
            if now is not None:
                return now
            planned = self._planned_flag(text, lang) or self._planned_goal(text, lang)
            if planned is not None:
                return planned
        if reading.kind == "bad-value" and reading.goal_id is not None and \
                reading.reason == self.flows.reason("later", lang):
            now = self._said_now(text, reading.goal_id, lang)
            if now is not None:
                return now
        if reading.kind != "report" and self.number_words and \
                not any(c.isdigit() for c in _UNIT.sub("", text)):
            # "sygefravær tolv komma fem": a figure in words
            digits = self._words_to_digits(text)
            if digits != text and not _HALF_WORDS.search(digits):
                # (not "to komma 5": a decimal of a word left unread)
                figure = self._read_line(digits, lang)
                if figure.kind in ("report", "bad-value") and figure.value is not None and any(
                        isinstance(v, int | float) and not isinstance(v, bool)
                        for v in figure.value.values()):
                    return figure
        return reading

    def _theme_in_digits(self, text: str) -> str:
        """"tema fire: chatbot pilot" as "tema 4: chatbot pilot" (it got the text about the
        bot: "chatbot")."""
        said = text.lstrip().split(maxsplit=2)
        if len(said) < 2 or not self.theme_numbers:
            return text
        if fold_text(said[1].rstrip(":.,")) not in self.theme_numbers or \
                fold_text(said[0]) not in self.theme_keys:
            return text
        tokens = text.split()
        at = 1
        while at < len(tokens):  # ("tema to og tre: …": both, as digits)
            bare = tokens[at].rstrip(":.,")
            if fold_text(bare) not in self.theme_numbers:
                break
            tokens[at] = f"{self.theme_numbers[fold_text(bare)]}{tokens[at][len(bare):]}"
            if at + 1 >= len(tokens) or fold_text(tokens[at + 1]) not in _JOINS:
                break
            at += 2
        return " ".join(tokens)

    def _words_to_digits(self, text: str) -> str:
        """"tolv komma fem" → "12 komma 5" (a number word not known is left as it is)."""
        digits = _DECIMAL.sub(lambda m: (
            f"{m.group(1)} {m.group(2)} {self.decimal_words[fold_text(m.group(3))]}"
            if fold_text(m.group(3)) in self.decimal_words
            and fold_text(m.group(1)) in self.number_words else m.group()), text)
        return _WORD.sub(lambda m: str(self.number_words.get(fold_text(m.group()),
                                                             m.group())), digits)

    def decimals_in_words(self, text: str) -> str:
        """``text`` with each decimal figure written in words as digits ("hov nej, det var
        elleve komma ni" → "hov nej, det var 11,9"); other number words stay words ("to" is
        also a preposition)."""
        if not self.number_words or len(text) > _LONGEST:
            return text

        def digits(match: re.Match[str]) -> str:
            whole, decimal = fold_text(match.group(1)), fold_text(match.group(3))
            if whole in self.number_words and decimal in self.decimal_words:
                return f"{self.number_words[whole]},{self.decimal_words[decimal]}"
            return match.group()
        return _DECIMAL.sub(digits, text)

    def figure_in_words(self, text: str) -> str | None:
        """A figure written in words, as digits ("tretten komma to" → "13,2", at the step's
        figure question, where it said to write a number); None when ``text`` is no figure
        in words."""
        if not self.number_words or len(text) > _LONGEST or any(c.isdigit() for c in text):
            return None  # (a long text: "a" * 30000 took 30 s in the regular expressions)
        digits = _IN_WORDS_DECIMAL.sub(r"\1,\2", self._words_to_digits(text).strip(" .!"))
        return digits if digits != text and _A_FIGURE.fullmatch(digits) else None

    def _said_now(self, text: str, goal: str, lang: str) -> Reading | None:
        """"Vi er i gang med RK, og vi bliver færdige i december": the status now, when one
        clause says it and the others only say what comes later (it was refused as a plan)."""
        code = _UNIT.search(text)
        if code is not None:
            text = text[:code.start()]
        clauses = [c for c in _AND_THEN.split(text) if c.strip()]
        if len(clauses) < 2:
            return None
        now = [self._read_line(c if self._read_line(c, lang).goal_id else
                               f"{c} {self._goal_name(goal, lang)}", lang) for c in clauses]
        found = [r for r in now if r.kind == "report" and r.goal_id == goal]
        own = [r for r, c in zip(now, clauses, strict=True) if r.kind == "report" and (
            r.goal_id == goal or self._names_goal(c, r.goal_id))]
        if len(found) == 1 and own == found:
            # (the other clauses save nothing: a plan, a date gone by, or a workshop of the
            # goal itself — "vi holdt den første workshop i oktober" after RK is no form)
            return dataclasses.replace(found[0], unit=code.group(1) if code else found[0].unit)
        return None

    def _figure_now(self, text: str, lang: str) -> Reading | None:
        """"Vores sygefravær var 14 sidste år og er nu 12,5": the figure of the one clause that
        says "now", for the one goal the line names (it was answered from the strategy, and
        nothing was saved)."""
        code = _UNIT.search(text)
        if code is not None:
            text = text[:code.start()]
        clauses = [c for c in _CLAUSES.split(text) if c and c.strip()]
        now = [c for c in clauses if _NOW.search(c) and any(ch.isdigit() for ch in c)]
        if len(clauses) < 2 or len(now) != 1:
            return None
        goals = [g for g in self.flows.goals if any(self._names_goal(c, g) for c in clauses)]
        if len(goals) != 1:
            return None
        line = now[0] if self._names_goal(now[0], goals[0]) else \
            f"{self._goal_name(goals[0], lang)} {now[0]}"
        reading = self._read_line(line, lang)
        if reading.kind != "report" or reading.goal_id != goals[0]:
            return None
        return dataclasses.replace(reading, unit=code.group(1) if code else reading.unit)

    def not_now(self, text: str, lang: str) -> str | None:
        """Why a figure said outside a goal's line is not one to take now — a plan ("bliver
        16 fra januar") or a hedge ("er vist 15, men jeg skal lige tjekke"): the reason, as
        for a goal's line; None when it is neither (an FTE figure, which no goal reads)."""
        if len(text) > _LONGEST:
            return None
        segs = self._segment(_tokens(text, self.abbreviations))
        if any("hedge" in seg.cats for seg in segs):
            return self.flows.reason("unsure", lang)
        if any(cat in seg.cats for seg in segs for cat in ("forecast", "forecast_before",
                                                           "later", "from_later")):
            return self.flows.reason("forecast", lang)
        return None

    def _planned_flag(self, text: str, lang: str) -> Reading | None:
        """"dialogmødet bliver evalueret i december": what will be done with a form, no line
        to save — said so (it was answered from the strategy, and before that saved as a
        form, evaluated)."""
        toks = _unknown_values(_tokens(text, self.abbreviations))
        if not toks or not any("forecast" in seg.cats for seg in self._segment(toks)):
            return None
        padded = f" {fold_text(text)} "
        goals = [g for g, flow in self.flows.goals.items() if any(
            f" {fold_text(w)}" in padded for words in flow.flags.values() for w in words)]
        if len(goals) != 1:
            return None
        return Reading("bad-value", goals[0], reason=self.flows.reason("forecast", lang),
                       hint=self.hint(goals[0], lang))

    def _planned_goal(self, text: str, lang: str) -> Reading | None:
        """"vi regner med at sygefraværet kommer ned på 11 til nytår", "vi skal holde et
        fremtidsværksted i januar": a plan for one goal, not where it stands — said so (it
        was "Det ved jeg desværre ikke" from the strategy). Not a question."""
        if "?" in text:
            return None
        segs = self._segment(_tokens(text, self.abbreviations))
        if not any(seg.cats & {"later", "forecast", "forecast_before"} for seg in segs) or \
                any("conditional" in seg.cats for seg in segs) or \
                not any(seg.skel in _WE for seg in segs):
            return None  # (what we plan: "hvis RK bliver færdig …", "borgerpanelet mødes
            # igen i næste uge" say no plan of ours)
        padded = f" {fold_text(text)} "
        goals = {g for seg in segs for g in seg.goals("key")} | {
            g for g, info in self.goals.items()
            if any(f" {fold_text(h)}" in padded for h in info.form_hints)}
        if len(goals) != 1:
            return None
        goal = next(iter(goals))
        return Reading("bad-value", goal, reason=self.flows.reason("forecast", lang),
                       hint=self.hint(goal, lang))

    def _names_goal(self, text: str, goal: str | None) -> bool:
        """Whether ``text`` names ``goal`` by one of its keys (not only by a form's hint)."""
        if goal is None:
            return False
        padded = f" {fold_text(text)} "
        return any(f" {fold_text(k)} " in padded
                   for keys in self.flows.goals[goal].keys.values() for k in keys)

    def _goal_name(self, goal: str, lang: str) -> str:
        keys = self.flows.goals[goal].keys
        return next(iter(keys.get(lang) or keys.get("da") or [""]))

    def names_whole(self, text: str) -> bool:
        """Whether ``text`` names the organisation as a whole ("kommunen", "the
        municipality": ``whole``)."""
        return any(t.kind == "word" and t.skel in self.whole
                   for t in _tokens(text, self.abbreviations))

    def names_all_goals(self, text: str) -> bool:
        """Whether ``text`` names the goals as a whole ("målene", "all the goals")."""
        folded = f" {fold_text(text)} "
        return any(f" {w} " in folded for w in self.all_goals)

    def self_corrected(self, text: str) -> str:
        """What a line that corrects itself means, said alone ("ingen – nej vent, det var
        trivselsmåling" → "trivselsmåling", "none – no wait, X" → "X"); ``text`` otherwise."""
        fixed = self.self_correction.search(text)
        if fixed is None or fixed.start() == 0 or not text[fixed.end():].strip():
            return text
        if fold_text(fixed.group()).split()[-1:] == ["jo"]:
            return "ja"  # "Nej – eller jo, vi brugte faktisk skabelonen": a yes after all
        return self._without_lead(text[fixed.end():].strip(" ,.;:–—-"))

    def _without_lead(self, tail: str) -> str:
        """``tail`` without a lead of a new name ("det var X" → "X")."""
        folded = f"{fold_text(tail)} "
        lead = next((w for w in sorted(self.flows.words.get("rename_leads", ()), key=len,
                                       reverse=True) if folded.startswith(f"{fold_text(w)} ")),
                    None)
        if lead is not None and len(tail.split()) > len(lead.split()):
            return " ".join(tail.split()[len(lead.split()):])
        return tail

    def _corrected(self, head: str, tail: str, lang: str) -> Reading | None:
        """``head`` with its value replaced by ``tail`` — the value after a colon, else the
        last one or two words (a figure or status) — when that reads as a report for the same
        goal as ``head``; None when the line is no such self-correction."""
        unit = _UNIT.search(tail)
        code = tail[unit.start():] if unit else ""
        tail = (tail[:unit.start()] if unit else tail).strip(" ,.;:–—-")
        first = self._read_line(head, lang)
        if first.goal_id is None or first.kind not in ("report", "bad-value") or not tail:
            return None
        tail = self._without_lead(tail)  # "… – nej vent, *det var* selvbetjening …"
        words = head.split()
        if ":" in head:
            heads = [head[:head.index(":") + 1]]
        else:
            heads = [" ".join(words[:-k]) for k in (1, 2) if len(words) > k]
        figures = FIGURE.findall(head)
        if len(figures) == 1 and FIGURE.fullmatch(tail):
            # "Jeg skrev 9,5 i sygefravær, men det rigtige tal er 9,8": the figure replaced
            # where it stands
            whole = FIGURE.sub(tail, head, count=1)
            second = self._read_line(f"{whole} {code}".strip(), lang)
            if second.kind == "report" and second.goal_id == first.goal_id:
                return second
        for start in heads:
            second = self._read_line(f"{start} {tail} {code}".strip(), lang)
            if second.kind == "report" and second.goal_id == first.goal_id and \
                    second.value != first.value:
                return second
        return None

    def _read_line(self, text: str, lang: str) -> Reading:
        text = KOMMA.sub(r"\1,\2", text)  # "12 komma 4" is 12,4 (not 4)
        # "sygefravær 11,6 @cpks-02 (Jens er langtidssyg)": a remark after the unit's code
        # (it asked which unit, and the figure was lost)
        text = _CODE_THEN_ASIDE.sub(r"\2\1", text)
        unit = None
        match = _UNIT.search(text)
        if match:
            unit, text = match.group(1), text[:match.start()]
        else:
            bare = _BARE_CODE.search(text)  # "sygefr 11 CPKS-01": the code without its "@"
            if bare:
                unit, text = bare.group(1), f"{text[:bare.start()]} {text[bare.end():]}"
        text = _MENTION.sub(" ", text)
        text = _ASIDE.sub(lambda m: " " * len(m.group()), text)  # "tema 4 (digitalisering): …"
        toks = _unknown_values(_tokens(text, self.abbreviations))
        if not toks:
            return Reading("other", unit=unit)
        segs = self._segment(toks)
        sentences = _sentences(segs, text)
        if self._ends_in_question(text):  # what it is, what we do about it: the strategy's
            return Reading("other", unit=unit)
        line = _Line(self, sentences, text, lang, unit,
                     question=any(t.skel == "?" and t.kind == "punct" for t in toks))
        return line.read()

    def names_period(self, text: str) -> bool:
        """Whether ``text`` names a period shorter than the 12 months a figure is reported
        for ("1,1 i oktober", "12 sidste kvartal") — an answer to a number question too."""
        toks = _unknown_values(_tokens(text, self.abbreviations))
        return bool(toks) and any("period" in seg.cats for seg in self._segment(toks))

    def names_later(self, text: str) -> bool:
        """Whether ``text`` says when something will be ("færdige i december", "vi regner med
        at …", "expected by March") — at a status question, a plan, not where one is now."""
        toks = _unknown_values(_tokens(text, self.abbreviations))
        return bool(toks) and any("later" in seg.cats for seg in self._segment(toks))

    def only_flags(self, goal_id: str, text: str) -> bool:
        """Whether ``text`` says only what was done with a form ("evalueret det", "and
        evaluated it too"): flag words and fillers, no name — the "og evalueret" of "borgerpanel
        afprøvet og evalueret" is no second form."""
        toks = _unknown_values(_tokens(text, self.abbreviations))
        segs = [s for s in self._segment(toks) if s.kind != "punct"] if toks else []
        # (no word of a name: "men ikke evalueret", "og det gik godt" are no second form)
        return bool(segs) and all(
            s.has("flag", goal_id) or s.has("unset", goal_id) or s.skel in _NO_NAME
            or (s.cats and not s.has("key")) for s in segs)

    def _ends_in_question(self, text: str) -> bool:
        """"relationel koordinering hvad er det", "sygefravaer hvad betyder det"."""
        tail = " " + " ".join(_PLAIN.findall(text.casefold()))
        return any(tail.endswith(" " + phrase) for phrase in self.question_ends)

    # ------------------------------------------------------------------ texts
    def hint(self, goal_id: str, lang: str) -> str:
        return self.goals[goal_id].words.hint.get(lang).format(count=len(self.themes))

    def text(self, key: str, lang: str, **values: Any) -> str:
        return self.texts[key].get(lang).format(**values)


_NO_NAME = frozenset(("men", "but", "og", "and", "ikke", "not", "endnu", "yet", "kun", "only"))
"""Words between what is said of forms that name none."""


RELATIVE_CLAUSE = re.compile(r"\s+(?:som|der|which|that|who)(?:\s+|$)", re.IGNORECASE)
"""A relative clause after a form's name ("borgermøde som er evalueret")."""
_PHONE_WORDS = frozenset(_skel(w) for w in ("phone", "telephone", "telefon", "tlf",
                                              "telefonnummer", "telefonnummeret"))
_ONESELF = re.compile(r"\b(?:må|maa|kan|skal|bør|boer|har|er) jeg\b|\b(?:må|maa) man\b"
                      r"|\b(?:can|may|should|must|do|am) i\b|\bmay one\b", re.IGNORECASE)
"""A question of one's own case ("må jeg …", "should I …")."""
_BARE_QUESTION = re.compile(r"^\W*(?:og\W+|and\W+)?(?:hvordan|hvorledes|how|hvorfor|why)\W*$",
                            re.IGNORECASE)
"""A question word alone ("hvordan?", "og hvorfor?")."""
_IT_SAYS = re.compile(r"\b(?:der|det) (?:står|staar)\b|\b(?:står|staar) der\b|\bit says\b"
                      r"|\bthe strategy says\b|\bstrategien (?:siger|skriver)\b", re.IGNORECASE)
"""The asker quotes the strategy ("der står vi er mobile")."""
_HOW_ONE = re.compile(r"\b(?:hvordan|hvorledes) (?!går|gaar|ligger|står|staar)\w+ (?:man|jeg)\b"
                      r"|\bhow (?:do|does|can|should|would) (?:one|you|i) (?!stand|do\b)"
                      r"|\bhow (?:is|are|was|were) (?:\S+ ){1,3}(?:measured|calculated|counted)\b"
                      r"|\bhvordan (?:\S+ ){0,3}(?:måles|maales|beregnes|opgøres|opgoeres|tælles|"
                      r"taelles)\b", re.IGNORECASE)
"""How one does something ("hvordan evaluerer man en form for borgerinddragelse?", "hvordan
bliver jeg onboardet?"): the strategy answers, or says it does not describe it — no figure."""


def _unknown_values(toks: list[_Tok]) -> list[_Tok]:
    """A "?" right after ":" or "=" is a value nobody knows ("sygefravær: ??"), not a question."""
    for index, tok in enumerate(toks):
        if tok.skel == "?" and index > 0 and (toks[index - 1].skel in (":", "=") or
                                              (toks[index - 1].kind == "word" and
                                              toks[index - 1].skel == "?")):
            tok.kind = "word"
    return toks


def _sentences(segs: list[_Seg], text: str) -> list[_Sentence]:
    found: list[_Sentence] = []
    current: list[_Seg] = []
    for seg in segs:
        if seg.kind == "punct" and seg.skel in _BOUNDARIES:
            if current:
                found.append(_Sentence(current, text))
            current = []
            continue
        current.append(seg)
    if current:
        found.append(_Sentence(current, text))
    return found


# ---------------------------------------------------------------------------- one line's reading
@dataclass(slots=True)
class _Line:
    reader: OneLiners
    sentences: list[_Sentence]
    text: str
    lang: str
    unit: str | None
    question: bool
    segs: list[_Seg] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.segs = [seg for sentence in self.sentences for seg in sentence.segs]
        for sentence in self.sentences:
            head = _head(sentence.segs)
            if head is not None and (head.has("question") or head.has("qstart")):
                self.question = True

    def any(self, cat: str) -> bool:
        return any(cat in seg.cats for seg in self.segs)

    def _not_later(self, reading: Reading) -> Reading:
        """A status said for a later time ("RK færdig i december") is a plan, not where the
        unit is now: a hint, nothing saved (figures, names and yes/no keep their own rules).
        A report hedged ("RK er vist i gang men spørg min souschef") is not saved either."""
        goal = reading.goal_id
        if goal is not None and self.any("hedge"):
            return dataclasses.replace(self._bad(
                goal, self.reader.flows.reason("unsure", self.lang)), unsure=True)
        if goal is not None and (self.any("forecast") or self._forecast_value()):
            # "dialogmødet bliver evalueret i december" (saved as a form "dialogmødet bliver",
            # tried and evaluated, and the goal read "Nået"), "sygefraværet ender nok på 13
            # ved årets udgang": what is to come, not what is
            return self._bad(goal, self.reader.flows.reason("forecast", self.lang))
        if goal is None or not self.any("later") or not any(
                f.type == "choice" for f in self.reader.flows.goals[goal].fields):
            return reading  # only a status ("færdig", "i gang") can be said for later
        return self._bad(goal, self.reader.flows.reason("later", self.lang))

    def _forecast_value(self) -> bool:
        """Every figure or status of the line right after "bliver"/"will be" ("sygefravær
        bliver 12,2", "RK bliver færdig"): what is to come ("Vi er i gang med RK, og vi
        bliver færdige i december" is I gang)."""
        later: set[int] = set()
        for index, seg in enumerate(self.segs):
            if "forecast_before" not in seg.cats:
                continue
            after = next((i for i in range(index + 1, len(self.segs))
                          if self.segs[i].kind != "punct"
                          and not self.segs[i].cats & {"approx", "filler"}), None)
            if after is not None:
                later.add(after)
        values = [i for i, seg in enumerate(self.segs)
                  if (seg.kind == "num" and not _is_year(seg)) or "choice" in seg.cats]
        return bool(values) and all(i in later for i in values)

    def _other_place(self) -> bool:
        """The line is about another place than the leader's unit, by a word for one ("i
        nabokommunerne", "på landsplan"). (A place's name — "i Gentofte" — is not told from
        a unit's own name — "i Kommunikation" — here: the reader does not know the
        organisation.)"""
        return self.any("other_place")

    def read(self) -> Reading:
        if self.question:
            return self._progress(asked=True) or Reading("other", unit=self.unit)
        guarded = self._guarded() or self._other_place()
        bad: Reading | None = None
        if not guarded:
            for sentence in self.sentences:
                for reading in self._reports(sentence):
                    if reading.kind == "report":
                        return self._not_later(reading)
                    bad = bad or reading
        explicit = any(s.kind == "num" or s.has("uncertain") or s.skel in _SEPARATORS
                       for s in self.segs)
        if bad is not None and explicit:
            return bad  # "RC status: maybe" is an attempt, not a question
        return self._progress(asked=False) or bad or Reading("other", unit=self.unit)

    # ------------------------------------------------------------------ guards
    def _guarded(self) -> bool:
        """A condition, an imperative, a wish or a target: never a report."""
        if self.any("conditional") or self.any("modal"):
            return True
        for sentence in self.sentences:
            head = _head(sentence.segs)
            if head is not None and head.has("imperative"):
                return True
        return any(_target_talk(sentence.segs, index)
                   for sentence in self.sentences for index in range(len(sentence.segs)))

    def _other_time(self) -> bool:
        """The line is about another time: "sidste år", a year with "var"/"was", or a year
        outside the strategy's period."""
        if self.any("other_time"):
            return True
        years = [int(m.group()) for seg in self.segs for m in _YEAR.finditer(seg.text)]
        if years and self.reader.years and any(y not in self.reader.years for y in years):
            return True
        return self.any("past") and bool(years)

    # ------------------------------------------------------------------ progress
    def _progress(self, asked: bool) -> Reading | None:
        if _BARE_QUESTION.match(self.text) or _IT_SAYS.search(self.text):
            # "hvordan?", "how?": a follow-up of the question before; "der står vi er mobile":
            # what the strategy says, not how we stand
            return None
        goal = self._mentioned_goal()
        everything = self.any("all_goals")
        cue = self.any("progress")
        if asked:
            cue = cue or self.any("trend")  # "has sick leave gone down?"
            if self.any("definition") or self.any("how_to") or self.any("reason"):
                return None  # what it is, how to, why: the strategy answers
            if self.any("conditional") or _ONESELF.search(self.text) or \
                    _HOW_ONE.search(self.text):
                # "får vi en bonus, hvis vi når målene?", "hvor mange dage må jeg være
                # syg?": no live figure answers a condition or one's own case
                return None
            if _WILL_REACH.search(self.text) and not _ASKS_WHAT.search(self.text):
                # "vil vi nå målet om RK?", "når vi målene?", "will we make the sick leave
                # target?": where it stands now (it gave the goal's text)
                if goal is not None:
                    return Reading("progress", goal, unit=self.unit)
                if everything or self.any("target"):
                    return Reading("progress", None, unit=self.unit)
            if self.any("target") and not cue:
                return None  # "hvad er målet for sygefravær?": the goal, not the figure
            if self._other_time():
                return None  # "hvad var sygefraværet i 2017?": not the live figure
            if _MONEY.search(self.text):
                return None  # "how much budget is allocated to RC?": no figure of a goal
            if _PAST.search(self.text) and not _NOW.search(self.text) and \
                    not _THIS_YEAR.search(self.text):
                # "hvad var sygefraværet?", "what exactly was the sick leave figure?": the
                # figure the strategy gives (it showed the live one, and "hvor kommer det tal
                # fra?" next gave the strategy's source for it)
                return None
            if self._other_place():
                return None  # "… i nabokommunerne?": not our live figure
            if goal is not None and not cue and self.reader.goals[goal].flow.per_theme:
                # "og hvad med tema 2?", "what are the themes?" ask about the themes (their
                # word is the goal's key), not a figure
                return None
            if goal is not None:
                info = self.reader.goals[goal]
                if self.any("pname") and self.any("figure_question") and not cue:
                    return None  # "hvad er sygefraværsmålet?" asks what the goal is
                figure = self.any("figure_question") and info.number_field is not None
                if self.any("figure_question") and not figure and not cue:
                    return None  # "hvad er RK?" asks what it is
                if cue or figure or self._only_names():
                    return Reading("progress", goal, unit=self.unit,
                                   other_words=not self._only_names())
                return None
            if (everything and cue) or (cue and self._only_names()):
                return Reading("progress", None, unit=self.unit,
                               other_words=not self._only_names())
            if cue and not everything and not self._phone():
                return Reading("other", unit=self.unit, open_progress=True,
                               other_words=not self._only_names())
            return None
        if self.any("conditional") or _ONESELF.search(self.text):
            return None  # "og hvad så hvis vi ikke når det", "hvor mange dage maa jeg være syg"
        if cue and self._only_names():
            return Reading("progress", goal, unit=self.unit)
        return None

    def _phone(self) -> bool:
        """"what's the phone number …": a contact, not how far anything has come."""
        return any(s.skel in _PHONE_WORDS for s in self.segs)

    def _mentioned_goal(self) -> str | None:
        for seg in self.segs:
            for cat in ("key", "pname"):
                goals = seg.goals(cat)
                if goals:
                    return goals[0]
        return None

    def _only_names(self) -> bool:
        """Nothing but question and progress words, fillers, names of goals and of the
        organisation as a whole ("how is the municipality doing on RK?" got the definition
        of RK: "municipality" counted as words of another subject)."""
        return not any(seg.content and seg.kind == "word" and seg.skel not in self.reader.whole
                       for seg in self.segs)

    # ------------------------------------------------------------------ reports
    def _reports(self, sentence: _Sentence) -> Iterable[Reading]:
        theme = self._theme(sentence)
        if theme is not None:
            yield theme
            return
        seen: set[str] = set()
        for index, seg in enumerate(sentence.segs):
            for goal in seg.goals("key"):
                if goal in seen or self.reader.goals[goal].flow.per_theme:
                    continue
                if not _strong_key(sentence.segs, index, goal):
                    continue
                seen.add(goal)
                reading = self._goal(sentence, goal, index)
                if reading is not None:
                    yield reading
        for goal, info in self.reader.goals.items():  # named without a key
            if goal in seen:
                continue
            if info.form_hints and any(s.has("flag", goal) or s.has("unset", goal)
                                       for s in sentence.segs):
                reading = self._form(sentence, info, None)
                if reading is not None:
                    yield reading
            elif info.boolean_fields and any(
                    any(a not in info.with_name for a in s.args("fword", goal)) or
                    s.has("fname", goal) for s in sentence.segs):
                reading = self._booleans(sentence, info, None)
                if reading is not None:
                    yield reading

    def _goal(self, sentence: _Sentence, goal: str, key: int) -> Reading | None:
        info = self.reader.goals[goal]
        if info.number_field is not None:
            return self._number(sentence, info, key)
        if info.choice_field is not None:
            return self._choice(sentence, info, key)
        if info.form_hints or info.flow.flags:
            return self._form(sentence, info, key)
        if info.boolean_fields:
            return self._booleans(sentence, info, key)
        return None

    def _bad(self, goal: str, reason: str) -> Reading:
        return Reading("bad-value", goal, unit=self.unit, reason=reason,
                       hint=self.reader.hint(goal, self.lang))

    def _report(self, goal: str, value: dict[str, Any], theme: int | None = None,
                defaults: dict[str, Any] | None = None) -> Reading:
        return Reading("report", goal, value, theme=theme, unit=self.unit,
                       defaults=defaults or None)

    def _terse(self, sentence: _Sentence, key: int, goal: str) -> bool:
        """A short "<key> <value>" or "<key>: <value>" attempt (not a sentence about it)."""
        segs = sentence.segs
        head = _head(segs)
        if "compound" in segs[key].args("key", goal):
            return False  # "RK-kursus på tirsdag" is not an attempt at "RK <value>"
        rest = [s for i, s in enumerate(segs) if i != key and s.kind != "punct"
                and not (s.cats & _NON_CONTENT) and not s.has("gfill", goal)
                and not s.has("key", goal)]
        separated = key + 1 < len(segs) and segs[key + 1].skel in _SEPARATORS
        if any(s.has("talk") or s.has("progress") for s in rest):
            return False
        if separated and 1 <= len(rest) <= 3:
            return True
        copula = any(s.has("copula") for s in segs)
        at_start = head is segs[key]
        if any(s.has("uncertain") for s in rest) and len(rest) <= 2 and at_start:
            return True
        return at_start and not copula and len(rest) == 1

    # numbers ----------------------------------------------------------------
    def _number(self, sentence: _Sentence, info: _GoalInfo, key: int) -> Reading | None:
        reading = self._number_read(sentence, info, key)
        if reading is not None and reading.kind in ("report", "bad-value") and \
                self.any("period"):
            # "sygefravær 12,8 sidste kvartal": not the 12 months the figure is asked for
            # (nor "skriv ét tal" for "sygefravær for 3. kvartal 11": the period is why)
            return self._bad(info.id, self.reader.flows.reason("period", self.lang))
        if reading is not None and reading.kind == "report" and self.any("total"):
            # "Løn og Personale har 30 sygedage i alt" was saved as 30 days per FTE
            return self._bad(info.id, self.reader.flows.reason("total", self.lang))
        return reading

    def _number_read(self, sentence: _Sentence, info: _GoalInfo, key: int) -> Reading | None:
        assert info.number_field is not None
        segs = sentence.segs
        if self._other_time():
            return None
        candidates: list[tuple[int, int]] = []  # (preference, index)
        counted = False
        for index, seg in enumerate(segs):
            if seg.kind != "num" or _is_year(seg):
                continue
            if index > 0 and segs[index - 1].has("range_before") and \
                    index + 2 < len(segs) and segs[index + 1].has("range_join") and \
                    segs[index + 2].kind == "num":
                return self._bad(info.id, self.reader.flows.reason("one_number", self.lang))
            before = segs[index - 1] if index > 0 else None
            after = segs[index + 1] if index + 1 < len(segs) else None
            if ":" in seg.text or (before is not None and (before.has("clock") or
                                                            before.has("not_value_before"))):
                continue  # a clock time, "fra 14", "under 10", "tema 5"
            if before is not None and before.has("negation"):
                continue  # "det var 13,4 og ikke 10,8": the figure it replaces
            if after is not None and after.kind == "word" and after.start == seg.end:
                return self._bad(info.id, self.reader.flows.reason("number", self.lang))
            if after is not None and after.has("wunit", info.id):
                return self._bad(info.id, self.reader.text("unit", self.lang,
                                                           unit=after.text))
            if after is not None and ((after.has("time_unit") and not after.has("unit", info.id))
                                      or (after.content and after.kind == "word"
                                      and seg.text.lstrip("-").isdigit())):
                counted = True  # "14 ansatte", "12 måneder" (a decimal measures, never counts)
                continue
            if index > key:
                gap = segs[key + 1:index]
            else:
                gap = segs[index + 1:key]
                gap = [s for s in gap if not s.has("unit", info.id)]
            if len(gap) > 6 or sum(1 for s in gap if s.content or s.has("talk")) > 3:
                continue
            if any(s.skel in _CLAUSE_PUNCT and s.skel not in _SEPARATORS for s in gap):
                continue
            preference = 0 if before is not None and before.has("value_after") else \
                1 if index > key else 2
            candidates.append((preference, index))
        if any(s.has("target") and not s.has("key") and not s.has("all_goals") for s in segs):
            return None  # "målet er 13,5 i sygefravær": the target, not the unit's figure
        if candidates:
            best, index = min(candidates)
            if sum(1 for preference, _ in candidates if preference == best) > 1:
                return self._bad(info.id, self.reader.flows.reason("one_number", self.lang))
            try:
                value = self.reader.flows.parse(info.number_field, segs[index].text, self.lang)
            except Invalid as exc:
                return self._bad(info.id, exc.reason)
            return self._report(info.id, {info.number_field.id: value})
        if counted:
            return None
        if any((s.kind == "num" and not _is_year(s) and "-" in s.text[1:]) or
               (s.kind == "num" and s.text.count(",") + s.text.count(".") > 1) for s in segs):
            return self._bad(info.id, self.reader.flows.reason("number", self.lang))
        if self._terse(sentence, key, info.id):
            return self._bad(info.id, self.reader.flows.reason("number", self.lang))
        return None

    # choices ----------------------------------------------------------------
    def _choice(self, sentence: _Sentence, info: _GoalInfo, key: int) -> Reading | None:
        assert info.choice_field is not None
        segs = sentence.segs
        words: list[tuple[int, str]] = []
        answers: list[tuple[int, str]] = []  # "ja", "nej": only when no other word says it
        for index, seg in enumerate(segs):
            for value in seg.args("choice", info.id):
                (answers if seg.skel in self.reader.yes_no else words).append((index, value))
                break
        field_id = info.choice_field.id
        if len(words) > 1 and words[-1][1] != words[-2][1] and \
                self._contrasted(segs, words[-1][0]):
            words = words[:-1]  # "færdig med RK, ikke i gang": not what it is (it was saved
            # as "Ikke startet", the phrase "ikke i gang")
        if words or answers:  # the last word says where it stands now ("drøftet og fastlagt")
            index, value = words[-1] if words else answers[0]
            if _negated(segs, index):
                value = info.words.negated.get(value, value)
            return self._report(info.id, {field_id: value})
        if info.words.when_negated and _negated(segs, key):
            return self._report(info.id, {field_id: info.words.when_negated})
        if self._terse(sentence, key, info.id):
            rest = _after(sentence, key)
            try:
                value = self.reader.flows.parse(info.choice_field, rest or "?", self.lang)
            except Invalid as exc:
                return self._bad(info.id, exc.reason)
            choices = info.choice_field
            if negates(rest, lambda word: self.reader.flows.choice_in(choices, word) == value):
                # "RK ikke færdig", "rc not done yet": another goal's phrase ("ikke færdig" is
                # competence needs' "ikke endnu") read as the word it holds — Færdig was saved
                value = info.words.negated.get(value, value)
            return self._report(info.id, {field_id: value})
        return None

    def _contrasted(self, segs: Sequence[_Seg], index: int) -> bool:
        """Whether the phrase at ``index`` says what it is not: it begins with a negation and
        follows a comma or a dash ("…, ikke i gang", "… – not in progress")."""
        first = segs[index].skel.split()[0] if segs[index].skel else ""
        negation = ("negation", "", "") in self.reader.phrases.get((first,), frozenset())
        return negation and index > 0 and segs[index - 1].kind == "punct" and \
            segs[index - 1].skel in (",", "-", "–", "—")

    # a named form with flags -------------------------------------------------
    def _form(self, sentence: _Sentence, info: _GoalInfo, key: int | None) -> Reading | None:
        segs = sentence.segs
        goal = info.id
        name_field = info.text_field
        assert name_field is not None
        flags = info.flow.flags.keys() | info.words.unset.keys()
        values: dict[str, bool] = {}
        for clause in _clauses(segs):
            for index in clause:
                seg = segs[index]
                for flag in seg.args("flag", goal):
                    values[flag] = not _negated(segs, index, clause)
                for flag in seg.args("unset", goal):
                    values[flag] = False
        head = _head(segs)
        keyed = key is not None and head is segs[key]
        start = key + 1 if key is not None and keyed else 0
        name = _name(sentence, start, goal)
        if name is None:
            return None
        first, last = name
        if key is not None and not keyed and first <= key <= last:
            pass  # the key is part of the name ("brugerinddragelse i plejeplaner")
        elif key is not None and not keyed:
            return None
        joined = "".join(s.skel.replace(" ", "") for s in segs[first:last + 1])
        if key is None and not any(hint in joined for hint in info.form_hints):
            return None
        text = sentence.span(first, last)
        # "et borgermøde *som* er evalueret": the name ends where a clause about it begins
        text = RELATIVE_CLAUSE.split(text, maxsplit=1)[0].strip() or text
        if not any(c.isalpha() for c in text):
            return None
        if not values:
            if keyed and key is not None and key + 1 < len(segs) and \
                    segs[key + 1].skel in _SEPARATORS:
                return self._bad(goal, self.reader.text("flags", self.lang))
            return None
        try:
            form = self.reader.flows.parse(name_field, text, self.lang)
        except Invalid as exc:
            return self._bad(goal, exc.reason)
        for flag, on in list(values.items()):
            if on:
                for implied in info.implies.get(flag, ()):
                    values[implied] = True
        # what the line says, and what it means: "afprøvet" alone is "not evaluated yet"
        # (evaluating implies trying, and trying was said); "ikke evalueret" says nothing
        # about "afprøvet"
        unsaid: dict[str, Any] = {}
        for flag in info.flow.flags:
            needs = info.implies.get(flag, ())
            if flag not in values and needs and all(values.get(n) is True for n in needs):
                unsaid[flag] = False
        if unsaid and any(s.skel in _ONLY for s in segs):
            # "borgerpanel *kun* afprøvet" says it is not evaluated (an evaluated form stayed
            # evaluated)
            values.update(unsaid)
            flags = set(flags) | set(unsaid)
            unsaid = {}
        return self._report(goal, {name_field.id: form,
                                   **{flag: values[flag] for flag in sorted(flags)
                                      if flag in info.flow.flags and flag in values}},
                            defaults=unsaid)

    # yes/no fields -----------------------------------------------------------
    def _booleans(self, sentence: _Sentence, info: _GoalInfo, key: int | None) -> Reading | None:
        segs = sentence.segs
        goal = info.id
        if self._other_time():
            return None
        values: dict[str, bool] = {}
        for clause in _clauses(segs):
            named: dict[str, list[int]] = {}
            worded: dict[str, list[int]] = {}
            for index in clause:
                for name in segs[index].args("fname", goal):
                    named.setdefault(name, []).append(index)
                for name in segs[index].args("fword", goal):
                    worded.setdefault(name, []).append(index)
            yes_no = [i for i in clause if segs[i].has("yes") or segs[i].has("no")]
            for name in info.boolean_fields:
                where = worded.get(name, [])
                if name not in named and name in info.with_name:
                    where = []  # "brugt" says nothing without "værktøjskassen"
                spots = where + named.get(name, [])
                if not spots:
                    continue
                last = max(spots)
                answers = [i for i in yes_no if i > last]
                if answers:  # "rekrutteret: nej", "rekruttering ja"
                    values[name] = segs[answers[0]].has("yes")
                elif where or _negated(segs, last, clause):
                    values[name] = not _negated(segs, last, clause)
            if not named and not worded and yes_no and key is not None and key in clause:
                values.setdefault(info.boolean_fields[0], segs[yes_no[0]].has("yes"))
        text_value: str | None = None
        text_field = info.text_field
        if text_field is not None and key is not None:
            found = _text_after(sentence, key, goal, self.reader.yes_no)
            if found is not None:
                first, last = found
                rest = segs[first:last + 1]
                said = [s for s in rest if not s.cats & {"subject", "filler", "article"}]
                if any(s.has("uncertain") for s in rest) and len(rest) <= 2:
                    return self._bad(goal, self.reader.flows.reason("boolean", self.lang))
                if any(s.has("negation") or s.has("none", goal) for s in said[:2]):
                    values[info.boolean_fields[0]] = False  # "digitalisering: vi har ikke et mål"
                elif not all(s.skel in self.reader.yes_no for s in rest):
                    if not any(c.isalpha() for c in sentence.span(first, last)):
                        return self._bad(goal, self.reader.text("words", self.lang))
                    try:
                        text_value = self.reader.flows.parse(
                            text_field, sentence.span(first, last), self.lang)
                    except Invalid as exc:
                        return self._bad(goal, exc.reason)
                    values.setdefault(info.boolean_fields[0], True)
        if not values:
            if key is not None and self._terse(sentence, key, goal):
                return self._bad(goal, self.reader.flows.reason("boolean", self.lang))
            return None
        for name, on in list(values.items()):
            if on:
                for implied in info.implies.get(name, ()):
                    values.setdefault(implied, True)
        result: dict[str, Any] = {}
        for f in info.flow.fields:
            if f.type == "boolean":
                result[f.id] = values.get(f.id)
            elif f is text_field:
                result[f.id] = text_value
        for f in info.flow.fields:
            if f.only_if and result.get(f.only_if) is False:
                result[f.id] = None
        return self._report(goal, result)

    # themes ------------------------------------------------------------------
    def _theme(self, sentence: _Sentence) -> Reading | None:
        goal = next((g for g, info in self.reader.goals.items() if info.flow.per_theme), None)
        if goal is None:
            return None
        segs = sentence.segs
        start = next((i for i, s in enumerate(segs)  # "indsats tema 3: …"
                      if not (s.cats & {"greeting", "filler", "subject"} or s.has("gfill", goal))
                      or s.has("key", goal)), None)
        if start is None:
            return None
        number: int | None = None
        after: int | None = None
        title = next((found for first in range(start + 1) if (found := self._title(
            sentence, first)) is not None), None)
        if title is not None:
            number, after = title
        elif segs[start].has("key", goal):
            following = segs[start + 1] if start + 1 < len(segs) else None
            if following is not None and following.kind == "num":
                try:
                    number = int(following.text)
                except ValueError:
                    return self._bad(goal, self.reader.text(
                        "theme_number", self.lang, count=len(self.reader.themes)))
                after = start + 2
            elif following is not None and following.skel in _SEPARATORS and \
                    start + 2 < len(segs):
                return self._bad(goal, self.reader.text(
                    "theme_number", self.lang, count=len(self.reader.themes)))
        if number is None or after is None:
            return None
        if number not in {t.number for t in self.reader.themes}:
            return self._bad(goal, self.reader.text("theme_range", self.lang,
                                                    count=len(self.reader.themes)))
        separated = labelled = False
        while after < len(segs) and (segs[after].kind == "punct" or segs[after].has("subject")
                                     or segs[after].has("gfill", goal)
                                     or (labelled and segs[after].has("copula"))):
            separated = separated or segs[after].skel in _SEPARATORS
            labelled = labelled or segs[after].has("gfill", goal)  # "tema 2 indsats: …"
            after += 1
        if after >= len(segs):
            return None
        if not separated and not labelled and title is None and (
                segs[after].has("talk") or segs[after].has("copula")):
            return None  # "tema 2 handler om arbejdskultur"
        if not labelled and segs[after].text.casefold().split()[0] in self.reader.flows.words.get(
                "question", ()):
            return None  # "tema 2 hvad handler d om", "tema 3: hvorfor?" ask about the theme
        last = _without_still(segs, after, len(segs) - 1)
        text = sentence.span(after, last)
        initiative_field = self.reader.goals[goal].text_field
        assert initiative_field is not None
        words = [s for s in segs[after:last + 1] if s.kind != "punct"]
        if self.reader.flows.means_none(goal, text) or all(
                s.has("none", goal) or s.has("negation") or s.has("filler") for s in words) or (
                (words[0].has("none", goal) or words[0].has("negation")) and len(words) <= 3):
            return self._report(goal, {initiative_field.id: None}, theme=number)
        if not any(c.isalpha() for c in text):
            return self._bad(goal, self.reader.text("words", self.lang))  # "tema 2: 42"
        try:
            initiative = self.reader.flows.parse(initiative_field, text, self.lang)
        except Invalid as exc:
            return self._bad(goal, exc.reason)
        return self._report(goal, {initiative_field.id: initiative}, theme=number)

    def _title(self, sentence: _Sentence, start: int) -> tuple[int, int] | None:
        """A theme named by its title at the start: (number, index after the title)."""
        segs = sentence.segs
        words = [s.skel.replace(" ", "") for s in segs]
        for number, title, count in self.reader.theme_titles:
            for width in range(max(1, count - 2), count + 2):
                end = start + width
                if end > len(segs) or any(s.kind == "punct" for s in segs[start:end]):
                    break
                joined = "".join(words[start:end])
                if Levenshtein.distance(joined, title,
                                        score_cutoff=max(1, len(title) // 12)) <= \
                        max(1, len(title) // 12):
                    return number, end
        return None


# ---------------------------------------------------------------------------- small rules
def _head(segs: Sequence[_Seg]) -> _Seg | None:
    """The first segment that is not a greeting or punctuation."""
    return next((s for s in segs if s.kind != "punct" and not s.has("greeting")), None)


def _is_year(seg: _Seg) -> bool:
    return seg.kind == "num" and seg.text.isdigit() and 1900 <= int(seg.text) <= 2100


def _strong_key(segs: Sequence[_Seg], index: int, goal: str) -> bool:
    """Whether the key at ``index`` names what is reported (not a topic or a target)."""
    seg = segs[index]
    if any(arg in ("target", "part") for arg in seg.args("key", goal)) or seg.has("pname"):
        return False
    previous = index - 1
    while previous >= 0 and segs[previous].has("article"):
        previous -= 1
    return not (previous >= 0 and segs[previous].has("topic"))


def _target_talk(segs: Sequence[_Seg], index: int) -> bool:
    """"sygefraværsmålet", "målet for sygefravær", "the sick leave target"."""
    seg = segs[index]
    if seg.has("pname"):
        return True
    keys = seg.goals("key")
    if not keys:
        return False
    if any(arg == "target" for goal in keys for arg in seg.args("key", goal)):
        return True
    following = index + 1
    while following < len(segs) and segs[following].skel in _SEPARATORS:
        following += 1
    after = segs[following] if following < len(segs) else None
    if after is not None and after.has("target") and not after.has("key"):
        return True
    before = [s for s in segs[max(0, index - 3):index] if not s.has("article")]
    return len(before) >= 2 and before[-2].has("target") and not before[-2].has("all_goals") \
        and before[-1].has("filler")


def _clauses(segs: Sequence[_Seg]) -> list[list[int]]:
    """Indexes of the segments of each clause (split at "og", "men", ",", ";")."""
    clauses: list[list[int]] = [[]]
    for index, seg in enumerate(segs):
        if seg.has("connector") or (seg.kind == "punct" and seg.skel in (",", ";")):
            clauses.append([])
            continue
        clauses[-1].append(index)
    return [c for c in clauses if c]


_NEGATION_WORDS = frozenset(("ikke", "not", "aldrig", "never", "ej", "isnt", "arent",
                             "hasnt", "havent", "isn't", "aren't", "hasn't", "haven't"))


def negates(text: str, names: Callable[[str], bool]) -> bool:
    """Whether a (short) text says "not" right before a word that ``names`` the value
    ("ikke *færdig* endnu", "not *done* yet"; not "ikke endnu, de er stadig i gang")."""
    said = fold_text(text).split()
    return any(w in _NEGATION_WORDS and names(said[n + 1])
               for n, w in enumerate(said[:-1]))


def _negated(segs: Sequence[_Seg], index: int, clause: Sequence[int] | None = None) -> bool:
    """A negation before ``index`` in its clause ("ikke færdig", "we haven't started")."""
    if clause is None:
        clause = next((c for c in _clauses(segs) if index in c), [index])
    return any(i < index and segs[i].has("negation") for i in clause)


def _after(sentence: _Sentence, key: int) -> str:
    """The text after the key, without separators."""
    segs = sentence.segs
    first = key + 1
    while first < len(segs) and segs[first].kind == "punct":
        first += 1
    if first >= len(segs):
        return ""
    return sentence.span(first, len(segs) - 1).strip(" :=-–")


_BREAKS = frozenset({"flag", "unset", "negation", "connector", "copula", "subject", "uncertain",
                     "greeting", "question", "modal"})


def _name(sentence: _Sentence, start: int, goal: str) -> tuple[int, int] | None:
    """The first name in the sentence from ``start``: a run of ordinary words (with
    prepositions inside: "dialogmøder med borgerne"), runs joined by "og"/"and" ("walk and
    talk"), without a leading article or trailing filler."""
    segs = sentence.segs
    runs: list[tuple[int, int]] = []
    index = start
    while index < len(segs):
        seg = segs[index]
        if seg.content or (seg.has("key", goal) and not runs):
            first = index
            while index < len(segs) and not (segs[index].cats & _BREAKS) and not (
                    segs[index].kind == "punct" and (segs[index].skel not in ("-",) or (
                        index + 1 < len(segs) and
                        segs[index + 1].skel.split(" ", 1)[0] in _SAID_OF))):
                index += 1  # ("borgerpanel - det har vi nu også evalueret": the name ends
                # at a dash before what is said of it)
            last = index - 1
            while last > first and (segs[last].cats & _NON_CONTENT or segs[last].kind == "punct"):
                last -= 1
            runs.append((first, last))
            if index < len(segs) and segs[index].has("connector") and \
                    segs[index].skel in ("og", "and") and index + 1 < len(segs) and \
                    segs[index + 1].content:
                index += 1
                continue
            break
        if runs:
            break
        index += 1
    if not runs:
        return None
    first, last = runs[0][0], runs[-1][1]
    while first > start and segs[first - 1].has("article") and not segs[first - 1].has("subject"):
        first -= 1  # the article is stripped below, but an adjective before is kept
    while first < last and segs[first].has("article"):
        first += 1
    if segs[first].has("infinitive") or (first > 0 and segs[first - 1].has("infinitive")):
        return None  # "prøvet at indrapportere"
    if last - first > 7:
        return None
    return first, last


def _without_still(segs: Sequence[_Seg], first: int, last: int) -> int:
    """The last of a value's segments (``first`` … ``last``) without trailing marks and what
    its last words say of it ("trivselsmåling *står stadig*")."""
    while last > first and segs[last].kind == "punct":
        last -= 1
    for size in (3, 2, 1):
        if last - size >= first and " ".join(
                s.skel for s in segs[last - size + 1:last + 1]) in _STILL:
            last -= size
            break
    while last > first and segs[last].kind == "punct":
        last -= 1
    return last


def _text_after(sentence: _Sentence, key: int, goal: str,
                yes_no: frozenset[str]) -> tuple[int, int] | None:
    """The span of a text field's value: after ":" / "-" or a word like "om"/"about" that
    follows the key, without a leading yes/no and trailing fillers of the goal."""
    segs = sentence.segs
    index = key + 1
    while index < len(segs):
        seg = segs[index]
        if seg.skel in _SEPARATORS or seg.has("textafter", goal):
            break
        index += 1
    else:
        return None
    first = index + 1
    while first < len(segs) and (segs[first].kind == "punct" or (segs[first].skel in yes_no
                                 and first + 1 < len(segs)
                                 and segs[first + 1].kind == "punct")):
        first += 1
    while first + 1 < len(segs) and (segs[first].has("target") or segs[first].has("gfill", goal)
                                     or segs[first].has("article")) and \
            segs[first + 1].cats & {"textafter", "target", "article", "gfill"}:
        first += 1  # "ja, mål om datadrevet ledelse", "a goal on …"
    if first < len(segs) and segs[first].has("textafter", goal) and first + 1 < len(segs):
        first += 1
    last = len(segs) - 1
    while last >= first and (segs[last].kind == "punct" or segs[last].has("gfill", goal)):
        last -= 1
    last = _without_still(segs, first, last)
    if last < first:
        return None
    return first, last


# ---------------------------------------------------------------------------- checking the file
def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _problems(model: OnelinersFile, flows: Flows) -> list[tuple[str, str | None, str]]:
    """(entry, field, message) of everything a schema cannot check."""
    found: list[tuple[str, str | None, str]] = []
    for goal_id in sorted(set(flows.goals) - set(model.goals)):
        found.append((f"goals.{goal_id}", "hint", "every goal of checkin.yaml needs a hint"))
    for goal_id, words in model.goals.items():
        where = f"goals.{goal_id}"
        flow = flows.goals.get(goal_id)
        if flow is None:
            found.append((where, None, "is not a goal of dialogs/checkin.yaml"))
            continue
        types = {f.id: f.type for f in flow.fields}
        choice = next((f for f in flow.fields if f.type == "choice"), None)
        values = {c.value for c in choice.choices} if choice else set()
        for name in [*words.choices, *words.negated, *words.negated.values(),
                     *([words.when_negated] if words.when_negated else [])]:
            if name not in values:
                found.append((where, "choices", f"'{name}' is not a choice of this goal"))
        booleans = [*words.flags, *words.unset, *words.fields, *words.implies,
                    *(i for implied in words.implies.values() for i in implied)]
        for name in booleans:
            if types.get(name) != "boolean":
                found.append((where, "fields", f"'{name}' is not a yes/no field of this goal"))
        if (words.units.all() or words.wrong_units.all()) and "number" not in types.values():
            found.append((where, "units", "only a goal with a number field has units"))
        if words.form_hints.all() and not flow.flags:
            found.append((where, "form_hints", "only a goal with flags names forms"))
        if words.text_after.all() and "text" not in types.values():
            found.append((where, "text_after", "only a goal with a text field has text"))
        if _placeholders(words.hint.da) != _placeholders(words.hint.en):
            found.append((where, "hint", "da and en must have the same {placeholders}"))
        if _placeholders(words.hint.da) - {"count"}:
            found.append((where, "hint", "a hint may only use {count} (the number of themes)"))
        for section, items in (("keys", words.keys), ("progress", words.progress)):
            for item in items.all():
                if not fold_text(item):
                    found.append((where, section, f"'{item}' has no word"))
    for key, wanted in _TEXTS.items():
        text = model.texts.get(key)
        if text is None:
            found.append(("texts", key, "is missing"))
        elif _placeholders(text.da) != wanted or _placeholders(text.en) != wanted:
            names = ", ".join("{" + n + "}" for n in sorted(wanted)) or "no placeholders"
            found.append(("texts", key, f"da and en must use {names}"))
    for key in sorted(set(model.texts) - set(_TEXTS)):
        found.append(("texts", key, "is not a text the reader uses"))
    for name, items in model.words:
        if isinstance(items, LangWords) and not items.all():
            found.append(("words", name, "needs at least one word"))
    return found


# ---------------------------------------------------------------------------- the scorer
@dataclass(frozen=True, slots=True)
class CaseResult:
    case: OnelinerCase
    reading: Reading
    passed: bool


@dataclass(frozen=True, slots=True)
class EvalReport:
    """How a reader did on a set of cases, per expected kind."""

    results: tuple[CaseResult, ...]

    def by_expect(self) -> dict[str, tuple[int, int]]:
        """expect → (passed, count)."""
        counts: dict[str, tuple[int, int]] = {}
        for result in self.results:
            passed, count = counts.get(result.case.expect, (0, 0))
            counts[result.case.expect] = (passed + result.passed, count + 1)
        return counts

    def accuracy(self, expect: str) -> float:
        passed, count = self.by_expect().get(expect, (0, 0))
        return passed / count if count else 1.0

    @property
    def saved_non_reports(self) -> list[CaseResult]:
        """Not-reports read as a report: the one mistake that stores wrong data."""
        return [r for r in self.results
                if r.case.expect == "not-report" and r.reading.kind == "report"]

    @property
    def failures(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool) or expected is None or got is None:
        return expected is got or expected == got
    if isinstance(expected, int | float) and isinstance(got, int | float):
        return abs(float(expected) - float(got)) < 1e-9
    return fold_text(str(expected)) == fold_text(str(got))


def case_passes(case: OnelinerCase, reading: Reading) -> bool:
    """Whether ``reading`` is what ``case`` expects.

    - report: kind, goal, every value the case lists (text compared case-, accent- and
      punctuation-insensitively; a case's ``theme`` is the reading's theme);
    - bad-value: kind bad-value for that goal;
    - progress: kind progress for that goal (``all``: no goal);
    - not-report: kind other or progress — a progress reply shows figures and stores
      nothing; a report stores wrong data and a bad value answers talk with a format hint,
      so both fail (only a report is fatal to the scorer).
    """
    if case.expect == "not-report":
        return reading.kind in ("other", "progress")
    if reading.kind != case.expect:
        return False
    if case.expect == "progress":
        return reading.goal_id == (None if case.goal in (None, "all") else case.goal)
    if reading.goal_id != case.goal:
        return False
    if case.expect == "bad-value":
        return True
    got = {**(reading.defaults or {}), **(reading.value or {})}  # (what a new value is)
    for name, expected in (case.value or {}).items():
        actual = reading.theme if name == "theme" else got.get(name)
        if not _same(expected, actual):
            return False
    return True


def evaluate_cases(reader: OneLiners, cases: Sequence[OnelinerCase]) -> EvalReport:
    """Read every case and score it (see :func:`case_passes`)."""
    results = []
    for case in cases:
        reading = reader.read(case.text, case.lang)
        results.append(CaseResult(case, reading, case_passes(case, reading)))
    return EvalReport(tuple(results))
