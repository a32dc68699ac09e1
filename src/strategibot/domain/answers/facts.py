"""What kind of fact a question asks for.

A near miss asks for a fact the document does not have: a date ("hvornår åbner …"), a figure
("hvor mange …", "hvad koster …"), another year than the document speaks of, an amount of money,
a person ("hvem er chef for …") or the members of something the document only names ("hvilke
fokusområder …", "hvad hedder de ti centre"). Before the bot presents an answer, the answer's
sentences that speak of the question's subject must state a fact of the asked kind
(``statements.py``); if none does, the bot says so first (a partial answer).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from strategibot.domain.language import STOPWORDS
from strategibot.domain.normalise import fold, skeleton, words

__all__ = [
    "ADJECTIVES", "LAST_YEAR_WORDS", "SUPERLATIVES", "Asked", "asked", "is_fact_word",
    "is_kind_word", "spelled"]

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_HYPHENATED = re.compile(r"\b[^\W\d_]+-([^\W\d_]{3,})")
_WHEN_WORDS = frozenset(fold(w) for w in words("""
hvornår dato date datoen tidspunkt tidsplan deadline frist fristen frister deadlines due
årstal dateret dated
"""))
_CLAUSE_STARTS = frozenset(("and", "og", "but", "men", "so"))
_WHICH_MONTH = (("hvilken", "maaned"), ("which", "month"), ("what", "month"),
                ("hvilke", "maaneder"), ("which", "months"))
"""…"i hvilken måned skal …?": a month (or a day), not "inden udgangen af 2019"."""
_WHEN_PAIRS = (("hvilket", "aar"), ("hvilken", "dato"), ("what", "year"), ("which", "year"),
               ("what", "date"), ("which", "date"), ("hvilket", "tidspunkt"), *_WHICH_MONTH)
_HOW_MUCH = (
    ("hvor", "mange"), ("hvor", "meget"), ("how", "many"), ("how", "much"),
    ("hvor", "hoejt"), ("hvor", "hoej"), ("how", "high"), ("hvor", "stor"), ("hvor", "store"),
    ("how", "big"), ("how", "large"),
)
_NUMBER_WORDS = frozenset(fold(w) for w in words("""
antal antallet number figure figures tal tallet tallene procent percent percentage pct koster
koste cost costs pris prisen price budget budgettet beløb amount kr kroner baseline
baselinen basislinje basislinjen rate raten rates
"""))
_MONEY_WORDS = frozenset(fold(w) for w in words("""
koster koste kostede pris prisen priser price prices cost costs costing budget budgettet
budgetter budgets beløb beløbet kr kroner funding finansiering save saves saving savings spare
sparer spares besparelse besparelser investering investment
"""))
_MONEY = frozenset(fold(w) for w in words("penge pengene money"))
"""Money, asked as an amount only with "hvor mange/meget" or "how much"."""
_WHAT_IS = frozenset((("hvad", "er"), ("hvad", "var"), ("what", "is"), ("what", "was"),
                      ("what", "s"), ("whats", "the")))
_MEASURES = frozenset(fold(w) for w in words("""
sygefravær sygefraværet fravær fraværet sygefraværstallet absence absenteeism sick budget
budgettet niveau niveauet level resultat resultatet result tallet
"""))
_MEASURE_WITHIN = 8
"""A measure asked with "hvad er …"/"what is …" is among this many first words."""
_LAST_YEAR = (("sidste", "aar"), ("last", "year"), ("forrige", "aar"), ("previous", "year"),
              ("sidste", "aars"), ("last", "years"))
_NEXT_YEAR = (("naeste", "aar"), ("next", "year"), ("naeste", "aars"), ("next", "years"),
              ("following", "year"))
LAST_YEAR_WORDS = frozenset(w for pair in (*_LAST_YEAR, *_NEXT_YEAR) for w in pair)
"""The words of "sidste år", "last year", "næste år": they say when, as a year's number does,
not what."""


def _next_year(folded: Sequence[str]) -> bool:
    """"næste år", "next year" — not "de næste år", "the next years" (years to come)."""
    return any((first, second) in _NEXT_YEAR and folded[n - 1:n] not in (["de"], ["the"])
               and second not in ("aars", "years")
               for n, (first, second) in enumerate(pairwise(folded)))


_GOAL_WORDS = frozenset(fold(w) for w in words("""
mål målet målene målsætning målsætningen målsætninger goal goals target targets aim aims
ambition ambitionen forventet forventes expected skal should must planned plan planen
"""))
"""Words of a question for a goal, not for the value a measure had ("hvad er *målet* for
sygefraværet i 2019?")."""
_PERCENT = frozenset(("procent", "procents", "percent", "percentage", "pct"))
_SOURCE = frozenset(("kilde", "kilden", "source", "from", "fra"))
_SOURCE_NOUNS = frozenset(("kilde", "kilden", "kilder", "source", "sources"))
_COMING = frozenset(fold(w) for w in words("stammer stammet kommer kom come comes came"))
_SOURCE_WORDS = frozenset(fold(w) for w in words("""
kilde kilden kilder source sources stammer stammet kommer come comes came oprindelse origin
"""))
"""Words of a question for a source that only say so ("hvor *stammer* tallet *fra*?")."""
""""hvor kommer tallet fra?" asks where a figure comes from, not for a figure."""
_DONE = frozenset(fold(w) for w in words("""
færdig færdigt færdige klar åbner åbne åbnes åbnede indviet indvies starter start startes
begynder ready done finished complete completed open opens opened start starts begin begins
launch launched built bygget indgået indgaaet indgås indgaas concluded vedtaget vedtages
adopted godkendt godkendes approved
"""))
"""Words of a question for the date of an event ("hvornår er X færdigt?"): the year the
strategy is about ("I 2019 …") does not answer it."""
_YET = frozenset(fold(w) for w in words("yet endnu now nu already allerede stadig still"))
"""…with a word of being done ("is DTU Science Park *finished yet*?", "er letbanen færdig
endnu?"): whether it is done, which a plan written before does not state"""
_EXACT = frozenset(fold(w) for w in words("""
præcis præcise præcist nøjagtig nøjagtige nøjagtigt eksakt eksakte exact exactly precise
precisely specific
"""))
"""…and "what *exact* date …?", "hvilken præcis dato …": a month or a year does not answer"""
_WHICH_DATE = (("hvilken", "dato"), ("which", "date"), ("what", "date"), ("hvilken", "dag"),
               ("which", "day"), ("what", "day"))
"""…and "hvilken dato blev den præsenteret?": a day, not "midten af 2018"."""
_PHONE = frozenset(("phone", "telephone", "telefon", "tlf", "telefonnummer",
                    "telefonnummeret", "telefonnr"))
_APPRECIATE = frozenset(("saetter", "saette", "satte", "sat"))
"""Before "pris": "sætter pris på" is to appreciate."""
_ASSESSMENT = frozenset(fold(w) for w in words("""
realistisk realistiske urealistisk urealistiske realistic unrealistic opnåeligt opnåelig
achievable feasible urimeligt ambitiøst ambitious prognose prognosen forecast
"""))
"""Words that ask for a judgement of a goal ("er det realistisk?")."""
_STATUS = frozenset(fold(w) for w in words("""
status statussen resultat resultatet resultater resultaterne result results outcome outcomes
hidtil
"""))
_FOUND = frozenset(fold(w) for w in words("""
fandt viste afdækkede found showed revealed
"""))
"""…"hvilke kompetencebehov *fandt* CPKS?", "hvad *viste* trivselsmålingen?": what came of
something (a plan written before it does not say)."""
_ALREADY = (("har", "allerede"), ("allerede", "har"), ("er", "allerede"), ("have", "already"),
            ("has", "already"), ("already", "have"), ("already", "been"), ("are", "already"))
"""…"hvor mange afdelinger *har allerede* arbejdet med RK?": progress so far (not "hvor kan vi
allerede se det?")"""
_REACHED = frozenset(fold(w) for w in words("""
nået naaet nåede opnået opnåede lykkedes hit reached achieved met succeeded
"""))
_ASKED_PAST = (("did", "we"), ("did", "the"), ("have", "we"), ("has", "the"), ("har", "vi"),
               ("naaede", "vi"), ("blev", "maalet"))
"""…"did we hit the target?", "har vi nået målet?": whether a goal was reached (not "hvornår
skal målet være nået?", which asks for its date)."""
_PAST_ASKS = frozenset(("was", "were", "did", "lykkedes", "naaede", "blev", "kom"))
_IN_FACT = frozenset(("actually", "fact", "faktisk", "really", "virkelig"))
"""…"was the goal *actually* reached?", "lykkedes det *rent faktisk* …?", "did every centre *in
fact* include …?": what came of it, which a plan written before its year does not say."""
_CAME_OF = (("came", "out", "of"), ("kom", "ud", "af"), ("kom", "der", "ud"),
            ("kommet", "ud", "af"))
"""…"what came out of the evaluations?", "hvad kom der ud af forsøgene?": a result"""
_STATUS_PAIRS = (("indtil", "nu"), ("til", "nu"), ("so", "far"), ("to", "date"), ("til", "dato"),
                 ("until", "now"), ("hvor", "langt"), ("how", "far"), ("end", "up"),
                 ("ended", "up"), ("endte", "paa"), ("endte", "med"), ("ende", "paa"))
"""Words of a question for progress or results ("hvor mange enheder har arbejdet med RK *indtil
nu*?", "sygefravær 2019 *resultat*"): the strategy is a plan written before its year began and
states no progress — only the goal, and the figure it started from."""
_ROLES = frozenset(fold(w) for w in words("""
chef chefen chefer cheferne direktør direktøren direktører direktørerne formand formanden
borgmester borgmesteren kontaktperson kontaktpersonen kontaktpersoner leder lederen
head chief director directors mayor chair chairman chairperson boss contact medlemmer members
navn navnet navne navnene name names
"""))
"""Nouns that ask for a person when asked with "hvem"/"who" ("hvem er chef for CPKS?")."""
_WHO = frozenset(("hvem", "who", "whom"))
_LEADS = frozenset(fold(w) for w in words("""
leder leads heads runs styrer sidder sits chairs underskriver godkender beslutter approves
decides approve decide opfandt invented
"""))
_CONTACT = frozenset(fold(w) for w in words("""
kontakte kontakter kontakt henvende henvender ringe ringer skrive spørge contact call email
ask approach
"""))
"""Verbs of a question for whom to turn to ("hvem skal jeg *kontakte* …", "who do I
*contact* …"): a person, which the strategy does not name."""
"""Verbs that ask for a person right after "hvem"/"who" ("hvem leder …", "who sits in …")."""
_NAMES = frozenset(("hedder", "hedde", "called", "named", "names", "navne", "navnene"))
_LIST_DA = frozenset(("hvilke",))
_LIST_VERBS = frozenset(fold(w) for w in words("nævn opregn list name"))
_LIST_EN = frozenset(("which",))
""""which N" asks for members; "what N" mostly does not ("what changes are expected")."""
ADJECTIVES = frozenset(fold(w) for w in words("""
nye ny andre anden forskellige konkrete fælles vigtige vigtigste store største mulige egne
eksisterende existing
enkelte centrale nuværende kommende næste seneste bedste overordnede relevante
new other different specific main shared common possible own important key major current next
upcoming latest biggest best relevant organisatoriske organisational
"""))
"""Adjectives before the noun a question asks about ("hvilke *nye* teknologier")."""
_AFTER_LIST = frozenset(fold(w) for w in words("""
of in for on under from at mentioned named listed again there that which i på for under fra
af nævnt nævnes
"""))
"""Words that may follow the noun of "what are the N …?" when it asks for members ("what are
the focus areas *of* …"); another noun phrase ("what are the themes the foundation for")
means the question asks something else."""
_NUMERAL_WORDS = frozenset(fold(w) for w in words("""
to tre fire fem seks syv otte ni ti tolv tyve two three four five six seven eight nine ten
twelve twenty
"""))


@dataclass(frozen=True, slots=True)
class Asked:
    """The kind of fact a question asks for."""

    when: bool = False
    number: bool = False
    years: frozenset[str] = frozenset()
    percent: bool = False
    money: bool = False
    """an amount ("hvad koster …", "budget")"""
    person: bool = False
    """a person ("hvem er chef for …", "who sits in …")"""
    listed: str = ""
    """the noun whose members are asked for ("hvilke *fokusområder*", "names of the *centres*")"""
    counted: str = ""
    """the noun whose number is asked for ("hvor mange *centre*")"""
    done: bool = False
    """the date of an event ("hvornår er X færdigt?"), which the strategy's year does not give"""
    month: bool = False
    """a month ("i hvilken måned …", "which month …"): a sentence naming a month or a day"""
    exact: bool = False
    """an exact date ("what *exact* date …", "hvilken præcis dato …"): a day of a month; an
    exact place ("where exactly …", "hvor præcis skal LIFE ligge?"): an address"""
    status: bool = False
    """progress or results so far ("… indtil nu?", "resultat"), which a plan does not state"""
    assessment: bool = False
    """whether a goal is realistic or likely ("er 13,5 realistisk?", "is it achievable?"),
    which a plan does not judge"""
    where: bool = False
    """a place ("hvor ligger …", "hvor kan jeg finde …", "where is … located", "adresse")"""
    measured: bool = False
    """how something is measured ("hvordan måles trivslen?"): a figure or its unit answers"""
    ranked: bool = False
    """which of them is the most or the least of something ("hvilket center har det højeste
    sygefravær?", "which megatrend is the most important?"): a sentence must rank them"""
    consequence: bool = False
    """what happens if something is not done ("hvad sker der hvis et center ikke når
    målene?"), which a plan does not state"""
    next_year: bool = False
    """"næste år", "next year": the year after the strategy's own"""
    last_year: bool = False
    """"sidste år", "last year", "forrige år", "previous year": the year before the
    strategy's own, asked for as a year is"""
    source: bool = False
    """where a figure or a fact comes from ("hvor stammer tallet fra?", "what's the source?"):
    a sentence must name its source ("Kilde: KMD")"""
    agent: bool = False
    """who made, wrote, presented, builds or is responsible for something ("hvem har lavet
    værktøjskassen?", "who came up with RC?"): a sentence must name the doer with the deed"""
    authored: bool = False
    """…who wrote or made it ("hvilken afdeling har *skrevet* …"): a deed of making, not who
    is responsible for working with it („alle centre er ansvarlige …“)"""
    figure_of: str = ""
    """the (folded) noun right after "hvad er/var", "what is/was (the)" in a question for a
    figure ("hvad er *landsgennemsnittet* for sygefravær?"): the figure must be of it"""
    lasts: bool = False
    """how long ("hvor længe varer onboarding?", "how long does it apply?"): a sentence must
    state a duration, a span of years or an end year"""
    often: bool = False
    """how often ("hvor tit …?", "how often …?", "følger de op hver måned?"): a sentence
    must state a frequency ("løbende" is none)"""
    mail: bool = False
    """an e-mail address ("hvad er mailadressen …?"): a sentence must give one"""
    contents: str = ""
    """the (folded) name of a document the strategy names whose contents are asked for
    ("hvad står der i Kompetenceprofilen?", "what's in the toolbox?"): a sentence must list
    *its* members, not name it among others"""
    link: bool = False
    """a web address ("hvad er linket til LyNET?", "what's the URL …"): a sentence must give
    one"""
    own_unit: bool = False
    """a figure or a goal of the asker's own unit ("what is the sick leave target for *my
    own unit*?", "hvad er målet for vores afdeling?"): the strategy sets the municipality's"""
    procedure: bool = False
    """how to do an errand ("hvordan booker man dem?", "how do I apply for job rotation?",
    "hvordan regner man dagsværk pr. årsværk ud?"), which a strategy does not describe"""
    reason: bool = False
    """why ("hvorfor …?", "why …?", "hvad er formålet med …?"): an answer should give the
    document's reason (a sentence with „fordi“, „derfor“, „belaster“, …) when it has one"""
    defined: str = ""
    """the term whose meaning is asked ("hvad er et årsværk?", "what is a dagsværk?", "hvad
    betyder omegnskommunerne?"), as written"""
    pays: bool = False
    """who pays or how something is financed ("hvem betaler for eksterne uddannelser?",
    "who pays for the light rail?"), which the strategy never says"""
    expansion: str = ""
    """the (folded) short name whose meaning is asked ("hvad står KMD for?", "hvad er KMD?",
    "what does DTU stand for?"): a sentence must spell it out"""
    why_this: bool = False
    """why *this* figure, year or change ("hvorfor lige 30 afdelinger?", "why exactly 13.5?",
    "hvorfor er sygefraværet højere end på landsplan?", "hvorfor er det faldet?"): only a
    sentence giving a reason of that answers — a plan states its goals, seldom why a figure
    was chosen or a measure moved"""
    points: frozenset[tuple[str, str, str]] = frozenset()
    """(year, point, as written) for a point within a year the question names ("ved
    *udgangen af 2018*", "at the *end of 2018*", "i *december 2018*", "*mid-2015*"): a
    sentence of that year must name the same point; point is "start", "middle", "end" or
    a month's name"""
    actual: bool = False
    """the value a measure had or has ("hvad var sygefraværet …", "what was sick leave …"),
    not a goal for it: for the strategy's own year, a plan written before it began states
    only the goal"""

    def joined(self, other: Asked) -> Asked:
        """This kind of fact and another's: what a follow-up asks as the question before it
        did ("hvornår skal de decentrale årsaftaler være indgået?" — "og centrenes?")."""
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        for name, value in values.items():
            theirs = getattr(other, name)
            values[name] = (value | theirs) if isinstance(value, frozenset) else (
                value or theirs)
        return Asked(**values)

    @property
    def any(self) -> bool:
        return self.when or self.number or bool(self.years)


_POINT_WORDS = {fold(w): point for point, ws in (
    ("start", "start starten begyndelsen primo beginning early"),
    ("middle", "midten medio mid middle"),
    ("end", "udgangen slutningen ultimo afslutningen end late"),
) for w in ws.split()}
_MONTH_POINTS = {fold(w): point for point, ws in (
    ("start", "januar februar marts january february march"),
    ("middle", "maj juni juli august may june july"),
    ("end", "oktober november december october"),
) for w in ws.split()}
_MONTH_NAMES = {fold(w): name for name, ws in (
    ("januar", "januar january"), ("februar", "februar february"), ("marts", "marts march"),
    ("april", "april"), ("maj", "maj may"), ("juni", "juni june"), ("juli", "juli july"),
    ("august", "august"), ("september", "september"), ("oktober", "oktober october"),
    ("november", "november"), ("december", "december")) for w in ws.split()}
_OF = frozenset(("af", "of", "i", "in"))


def year_points(said: Sequence[str]) -> frozenset[tuple[str, str, str]]:
    """(year, point, as written) for each year a text names with a point within it: a month
    ("1. juni 2018", "december 2018"), or its start, middle or end ("udgangen af 2019",
    "end of 2018", "medio 2015", "mid-2015")."""
    folded = [fold(w) for w in said]
    found = set()
    for n, word in enumerate(folded):
        if not _YEAR.match(word) or n == 0:
            continue
        before = folded[n - 1]
        if before in _MONTH_NAMES:
            found.add((word, _MONTH_NAMES[before], " ".join(said[n - 1:n + 1])))
        elif before in _POINT_WORDS:
            found.add((word, _POINT_WORDS[before], " ".join(said[n - 1:n + 1])))
        elif before in _OF and n >= 2 and folded[n - 2] in _POINT_WORDS:
            found.add((word, _POINT_WORDS[folded[n - 2]], " ".join(said[n - 2:n + 1])))
    return frozenset(found)


def same_point(asked_point: str, stated: Iterable[str]) -> bool:
    """Whether a point within a year a sentence names is the one asked for: the same, or a
    month of that part of the year ("udgangen af 2018" and "december 2018")."""
    return any(point == asked_point or _MONTH_POINTS.get(point) == asked_point
               or _MONTH_POINTS.get(asked_point) == point for point in stated)


_HEAD_STOPS = frozenset(("paa", "pa", "i", "om", "til", "on", "in", "about"))


def _head(folded: Sequence[str], start: int, lang: str, *, place: bool = False) -> str:
    """The noun a question asks about from ``start`` on: in Danish the first content word
    (after an adjective or a numeral), in English the noun phrase up to its first plural
    ("focus areas")."""
    phrase: list[str] = []
    for word in folded[start:start + 4]:
        if not phrase and place and word in _HEAD_STOPS:
            break  # "hvad er de fire ting på plakaten": no noun before the place
        if word in STOPWORDS or word in _WHO or word.startswith("@"):
            if phrase:
                break
            continue
        if word in _NUMERAL_WORDS or word.isdigit() or word in ADJECTIVES:
            continue
        phrase.append(word)
        if lang == "da":
            break
    if not phrase:
        return ""
    plural = [n for n, w in enumerate(phrase) if _plural(w)]
    return " ".join(phrase[:plural[0] + 1]) if lang == "en" and plural else phrase[0]


def _plural(word: str) -> bool:
    """An English plural ("units", "areas"; not "focus", "process", "analysis")."""
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _listed(folded: Sequence[str]) -> str:
    """The noun whose members a question asks for: "hvilke N", "which N", "what are the N",
    "hvad er de (fire) N", "hvad hedder (de) N", "names of N" (not a page: "which page talks
    about data?" asks where, and every answer names its page)."""
    noun = _listed_noun(folded)
    return "" if noun.split()[:1] and noun.split()[0] in _PAGES else noun


_PAGES = frozenset(("page", "pages", "side", "siden", "sider", "siderne"))
_PEOPLE = ("medarbejder", "leder", "borger", "chef", "ansat", "kolleg", "politiker")
_AUXILIARY_VERBS = frozenset(fold(w) for w in words("""
skal kan vil må skulle should must will can
"""))
"""Verbs right after "hvor mange" that leave what is counted unsaid ("hvor mange skal have
arbejdet med RK?"); "hvor mange er der i direktionen?" counts what follows."""
_BE_VERBS = frozenset(("er", "var", "har", "bliver", "skal", "kan", "blev"))


def asks_for_one(question: str) -> bool:
    """Whether a question asks which one of several ("hvilket pejlemærke …", "which of the
    five bearings *mentions* …"), not for all the members of something ("which of the units
    have reported?")."""
    folded = [spelled(fold(w)) for w in words(question)]
    for position, word in enumerate(folded):
        if word in ("hvilket", "hvilken"):
            return True
        if word == "which" and folded[position + 1:position + 2] == ["of"]:
            noun = _head(folded, position + 2, "en")
            return bool(noun) and _one_of(folded, position + 2, noun)
        if word == "which" and position + 1 < len(folded):
            noun = _head(folded, position + 1, "en")  # ("which existing *documents*")
            return bool(noun) and not _plural(noun.split()[-1])
    return False


def _one_of(folded: Sequence[str], start: int, noun: str) -> bool:
    """Whether "which of the N <noun>" goes on with a verb in the singular ("… *mentions*
    learning", "… *is* about", "… *carries* the target"): one member asked for, not a list."""
    said = noun.split()
    at = next((n for n in range(start, len(folded)) if folded[n] == said[-1]), None)
    following = [folded[at + 1]] if at is not None and at + 1 < len(folded) else []
    # (the noun read may have taken the verb in after a plural: "pejlemærker mentions"; not
    # "focus areas")
    taken = said[-1:] if len(said) >= 2 and (
        _plural(said[-2]) or said[-2].endswith(("er", "erne", "ene"))) else []
    return any(verb in ("is", "was", "has", "does") or (
        len(verb) > 3 and verb.endswith("s") and not verb.endswith(("ss", "us")))
        for verb in [*taken, *following])


_DOES = frozenset(("mentions", "says", "talks", "covers", "deals", "describes", "includes",
                   "contains", "focuses", "asks", "requires", "emphasises", "emphasizes",
                   "stresses", "speaks", "refers"))
"""Verbs after "which <noun>" that say what the one asked for says, not more of the noun."""


def _listed_noun(folded: Sequence[str]) -> str:
    for position, word in enumerate(folded):
        if word in _NAMES:
            english = word in ("names", "called", "named")
            noun = _head(folded, position + 1, "en" if english else "da")
            # "hvad hedder *de ti* centre?", "hvad hedder centrene?" — not "hvad hedder
            # strategien?", which asks for one name
            after = folded[position + 1:position + 3]
            plural = _plural(noun) if english else (
                "de" in after or any(w in _NUMERAL_WORDS for w in after)
                or noun.endswith(("erne", "ene", "rne")))
            if noun and plural:
                return noun
    for position, word in enumerate(folded):
        after = folded[position + 1:position + 3]
        if word in _LIST_VERBS and position == 0:  # "nævn fokusområderne", "list the units"
            start = position + 1 + (after[:1] in (["all"], ["alle"], ["every"]))  # "list all
            noun = _head(folded, start, "en" if word in ("list", "name") else "da")  # the …"
            if noun:
                return noun
        if word in _LIST_DA and after[:1] and after[0] in _BE_VERBS and \
                after[1:2] and after[1] in ("i", "paa", "med", "under", "om", "til"):
            continue  # "hvilke er i fokus?": which of them, not members of "fokus"
        if word in _LIST_DA or (word in ("which", "hvem") and after[:1] == ["of"]):
            # "hvilke af centrene …", "which of the units …"
            start = position + (2 if after[:1] in (["af"], ["of"]) else 1)
            noun = _head(folded, start, "da" if word in _LIST_DA else "en")
            if noun:
                return noun
        if word in _LIST_EN and after[:1] in (["one"], ["ones"]):
            continue  # "which one covers …" asks for one of them, not for members
        if word in _LIST_EN and after and after[0] not in STOPWORDS:
            noun = _head(folded, position + 1, "en")
            said = noun.split()
            if len(said) > 1 and said[-1] in _DOES:
                # "which bearing *mentions* learning from mistakes?": one of them, named by
                # what it says (its verb is no part of the noun)
                continue
            if _plural(noun):
                return noun
        if word == "what" and after[:2] in (["are", "the"], ["were", "the"]):
            noun = _head(folded, position + 3, "en")
            # (after the noun's last word: a numeral before it is skipped, "the *four* focus
            # areas in …")
            last = noun.split()[-1:] or [""]
            end = next((n + 1 for n in range(position + 3, len(folded)) if folded[n] == last[0]),
                       position + 3)
            following = folded[end:][:1]
            if _plural(noun) and (not following or following[0] in _AFTER_LIST):
                return noun
        if word == "hvad" and after[:2] == ["er", "de"]:
            return _head(folded, position + 3, "da", place=True)
        if word == "hvad" and after[:1] in (["er"], ["var"]) and after[1:2] and \
                after[1].endswith(("erne", "ene")) and len(after[1]) > 6:
            # "hvad er pejlemærkerne for organisationen?": a plural's members
            noun = _head(folded, position + 2, "da")
            last = noun.split()[-1:] or [""]
            end = next((n + 1 for n in range(position + 2, len(folded)) if folded[n] == last[0]),
                       position + 2)
            following = folded[end:][:1]
            if noun and (not following or following[0] in _AFTER_LIST) and not \
                    noun.startswith(_PEOPLE):  # ("hvad er medarbejderne for ledelsen?")
                return noun
        skip = 1 if after[:1] and after[0] in ("exactly", "precisely", "actually") else 0
        if word == "which" and folded[position + 1 + skip:position + 3 + skip] in (
                ["are", "the"], ["were", "the"]):
            # "which are the ten centres?", "which exactly are the 3 forms …?"
            noun = _head(folded, position + 3 + skip, "en")
            if _plural(noun):
                return noun
    return ""


def _counted(folded: Sequence[str]) -> str:
    for first, second in (("hvor", "mange"), ("how", "many"), ("number", "of"),
                          ("antal", "")):
        for position, word in enumerate(folded):
            if word == first and (not second or folded[position + 1:position + 2] == [second]):
                lang = "en" if first in ("how", "number") else "da"
                after = position + (2 if second else 1)
                if folded[after:after + 1] and folded[after] in _AUXILIARY_VERBS:
                    return ""  # "hvor mange skal have arbejdet med RK?": of what, unsaid
                noun = _head(folded, after, lang)
                # "the phone number of the town hall" counts nothing
                return noun if lang == "da" or _plural(noun) or first == "how" else ""
    return ""


@functools.lru_cache(maxsize=16384)
def _role(word: str) -> bool:
    """A noun for a person in a role, also as the end of a compound ("centercheferne",
    "centerchef", "afdelingsleder"); a word is looked up once."""
    return word in _ROLES or any(word.endswith(r) for r in _ROLES if len(r) >= 6) or any(
        word.endswith(r) and len(word) - len(r) >= 4 for r in _ROLES if len(r) >= 4)


_FILLERS = frozenset(fold(w) for w in words("""
exactly precisely actually really egentlig egentligt præcis præcist faktisk
"""))


def _person(folded: Sequence[str]) -> bool:
    # (not a relative "who": "what does it mean for citizens *who* call us?")
    folded = [w for w in folded if w not in _FILLERS]  # "who *exactly* sits in …"
    who = [n for n, w in enumerate(folded) if w in _WHO and not (
        w == "who" and n and folded[n - 1] not in _CLAUSE_STARTS)]
    if who:
        first = who[0]
        following = folded[first + 1:first + 2]
        if following and following[0] in _LEADS:
            return True
        if any(w in _CONTACT for w in folded[first + 1:first + 7]):
            return True
        if any(_role(w) for w in folded[first + 1:]):
            return True
        # "who is in the group?", "hvem er med i direktionen?"
        rest = folded[first + 1:first + 4]
        if rest[:2] in (["is", "in"], ["are", "in"], ["er", "i"]) or rest[1:3] == ["med", "i"]:
            return True
        # "hvem i direktionen har ansvaret …?", "who in the executive board …": a member
        body = [w for w in rest[1:] if w != "the"][:1]
        if rest[:1] in (["i"], ["in"]) and body and body[0] in BODIES:
            return True  # (not "hvem i organisationen …", who among everyone)
    # "hvad hedder direktøren?", "what is the name of the head of …"
    return any(w in _NAMES for w in folded) and any(
        _role(w) and w not in _NAMES and not w.startswith(("navn", "name")) for w in folded)


@functools.lru_cache(maxsize=16384)
def spelled(word: str) -> str:
    """A word of the lists above as written without æ, ø, å ("hvornar" is "hvornaar"), or
    clipped ("sygefr." is "sygefravær"); a word's spelling is looked up once."""
    if word in _VOCABULARY:
        return word
    if len(word) >= _CLIPPED and word.isalpha() and word not in _SKELETONS:
        clipped = {m for m in _MEASURES if m.startswith(word)}
        if clipped:
            return min(clipped, key=len)
    return _SKELETONS.get(skeleton(word), word)


_CLIPPED = 6
"""A measure's word clipped to at least this many letters ("sygefr") is that word."""


def asked(question: str) -> Asked:
    """What ``question`` asks for: a date, a figure, facts of given years, an amount, a
    person, the members of something."""
    folded = [spelled(fold(w)) for w in words(question)]
    while folded[:1] in (["og"], ["and"], ["men"], ["but"]):  # "og hvor stammer det fra?"
        folded = folded[1:]
    if not folded:  # ("og" left of "og på dansk?": it crashed the turn)
        return Asked()
    years = frozenset(w for w in folded if _YEAR.match(w))
    points = year_points(words(question)) if years else frozenset()
    pairs = set(pairwise(folded))
    finished_yet = any(w in _DONE for w in folded) and any(w in _YET for w in folded)
    status = finished_yet or any(w in _STATUS or w in _FOUND for w in folded) or any(
        tuple(folded[n:n + 3]) in _CAME_OF for n in range(len(folded))) or \
        any(p in pairs for p in (*_STATUS_PAIRS, *_ALREADY) if p not in _FAR) or \
        _how_far(folded) or (
            any(w in _REACHED for w in folded) and any(p in pairs for p in _ASKED_PAST)) or (
            bool(folded) and folded[0] in _PAST_ASKS and any(
                w in _REACHED or w in _IN_FACT for w in folded))
    # "up to date", "absence *due to* illness": no date asked
    dated = [w for n, w in enumerate(folded) if not (
        (w == "date" and folded[n - 1:n] == ["to"])
        or (w == "due" and folded[n + 1:n + 2] == ["to"]))]
    when = any(w in _WHEN_WORDS for w in dated) or any(p in pairs for p in _WHEN_PAIRS) or any(
        w == "when" and (n == 0 or folded[n - 1] in _CLAUSE_STARTS) for n, w in enumerate(folded))
    # "hvilke løsninger sætter vi *pris* på": appreciation, no price
    priced = [w for n, w in enumerate(folded) if not (
        w in ("pris", "prisen") and _APPRECIATE & set(folded[max(0, n - 2):n]))]
    number = any(w in _NUMBER_WORDS for w in priced) or any(p in pairs for p in _HOW_MUCH)
    percent = any(w in _PERCENT for w in folded) or "%" in question
    # "hvad er sygefraværet i …?" asks for a figure without saying so
    # (the measure is what is asked, not a word far after it: "what's the hierarchy from the
    # Future Narrative down to unit level?" asks no figure)
    number = number or (tuple(folded[:2]) in _WHAT_IS and any(
        w in _MEASURES for w in folded[:_MEASURE_WITHIN]))
    # "sygefraværet på rådhuset", "sick leave in the schools", "hvordan er fraværet i …":
    # a measure of a place is its figure there
    number = number or _measure_of_place(folded)
    # "hvor kommer tallet fra?", "where does the figure come from?" ask for a source
    where_from = folded[:1] in (["hvor"], ["where"]) and folded[1:2] not in (
        ["mange"], ["meget"]) and any(w in _SOURCE for w in folded[1:]) and not percent
    if where_from:
        number = False
    # "hvor stammer/kommer tallet fra?", "where does it come from?", "kilden til …" (not
    # "hvor skal letbanen køre fra?")
    source = (where_from and any(w in _COMING for w in folded)) or any(
        w in _SOURCE_NOUNS for w in folded)
    if any(w in _PHONE for w in folded):
        number = False  # "what's the phone number of …": a contact, not a figure
    money = any(w in _MONEY_WORDS for w in priced) or (
        any(p in pairs for p in _HOW_MUCH[:4]) and any(w in _MONEY for w in folded))
    person = _person(folded)
    # "hvilke LMG-temaer …": the noun of a hyphenated compound is its last part
    listed = "" if person else _listed(
        [spelled(fold(w)) for w in words(_HYPHENATED.sub(r"\1", question))])
    counted = _counted(folded) if number and not percent else ""
    done = when and any(w in _DONE for w in folded)
    link = any(w in _LINK_WORDS for w in folded) or ("web", "address") in pairs
    where = _where(folded, pairs) and not link  # "web address" is no place
    exact = (when or where) and (any(w in _EXACT for w in folded) or any(
        p in pairs for p in _WHICH_DATE) or (where and bool(_WITHIN.match(question))))
    actual = number and any(w in _MEASURES for w in folded) and not any(
        w in _GOAL_WORDS or w.startswith("maal") or w.endswith("maal") for w in folded)
    last_year = any(p in pairs for p in _LAST_YEAR)
    contents = _contents(folded)
    # "hvor tit …?"; a frequency in a yes/no question ("følger de op hver måned?"), not an
    # adjective in a question for something else ("what does it mean for my daily work")
    often = any(p in pairs for p in _HOW_OFTEN) or (
        folded[0] not in _WH_WORDS and states_frequency(
            # "in its yearly contract": an adjective before a noun says no "how often"
            [w for n, w in enumerate(folded) if w not in _FREQUENT_ADJECTIVES
             or n == len(folded) - 1]))
    mail = any(w in _MAIL_WORDS for w in folded)
    return Asked(when=when, last_year=last_year, contents=contents, source=source,
                 next_year=_next_year(folded),
                 often=often, mail=mail, lasts=_duration(folded, pairs),
                 figure_of=_figure_of(folded) if number else "",
                 agent=not person and _agent(folded),
                 authored=not person and _agent(folded) and any(w in AUTHOR_VERBS
                                                                for w in folded),
                 number=number or percent or money, years=years, percent=percent, money=money,
                 person=person, listed=listed, counted=counted, done=done, exact=exact,
                 month=when and any(p in pairs for p in _WHICH_MONTH),
                 status=status, where=where,
                 assessment=any(w in _ASSESSMENT for w in folded),
                 measured=any(w in _MEASURING for w in folded) or _unit_of_measure(folded),
                 consequence=_consequence(folded), actual=actual, points=points,
                 reason=any(w in WHY for w in folded) or any(p in pairs for p in _WHY_PAIRS),
                 why_this=_why_this(folded, pairs),
                 expansion=_expansion(question),
                 pays=any(w in _PAYING for w in folded),
                 defined=_defined(question),
                 procedure=_procedure(folded, pairs),
                 own_unit=_own_unit(folded),
                 link=link,
                 ranked=any(w in _WHICH for w in folded) and any(w in SUPERLATIVES
                                                                 for w in folded))


_FAR = (("hvor", "langt"), ("how", "far"))
_FAR_ON = frozenset(fold(w) for w in words("""
er har vi man de centrene afdelingerne nået kommet fremme is are have has we they along
"""))
"""…"hvor langt *er vi* nået?", "how far *along*": progress; not "hvor langt et
tidsperspektiv", "how far ahead"."""


def _how_far(folded: Sequence[str]) -> bool:
    return any(pair in _FAR and (position + 2 >= len(folded) or folded[position + 2] in _FAR_ON)
               for position, pair in enumerate(pairwise(folded)))


_CONTAINS = frozenset(fold(w) for w in words("""
indeholder indeholde contain contains containing
"""))
_NAMED_DOCUMENTS = ("kompetenceprofil", "digitaliseringsstrategi", "vaerktoejskass",
                    "vaerktojskass", "medarbejdergrundlag", "digistrategi", "materiale",
                    "aarsaftal", "agreement")
"""Documents the strategy names without giving their contents."""
_ONES_OWN = ("aarsaftal", "agreement")
"""Documents each centre has its own of: only one centre's or unit's is a document whose
contents the strategy does not give ("hvad står der i årsaftalen for vores skole?", "what's in
the annual agreement for CPKS?"), not the agreements at large."""
_CONTENTS_PHRASES = ("staar der i", "er der i", "hvad er i", "what s in", "whats in", "what is in")


_TIME_NOUNS = frozenset(fold(w) for w in words("""
dag dage dagen uge uger ugen måned måneder måneden kvartal kvartaler kvartalet år året
halvår halvåret day days week weeks month months quarter quarters year years
"""))
_EVERY = frozenset(("hver", "hvert", "every", "each", "om", "a", "en", "et"))
_FREQUENT = frozenset(fold(w) for w in words("""
dagligt daglig ugentligt ugentlig månedligt månedlig kvartalsvis årligt årlig halvårligt
daily weekly monthly quarterly yearly annually biannually fortnightly
"""))


def states_frequency(folded: Sequence[str]) -> bool:
    """How often: "hver måned", "to gange om året", "kvartalsvis", "every quarter",
    "twice a year" (folded words)."""
    if any(w in _FREQUENT for w in folded):
        return True
    for n, (first, second) in enumerate(pairwise(folded)):
        if first not in _EVERY or second not in _TIME_NOUNS:
            continue
        # "om året", "a year" only after "gange", "times": not "i løbet af et år"
        if first in ("hver", "hvert", "every", "each") or folded[n - 1:n] in (
                ["gang"], ["gange"], ["times"], ["twice"], ["once"]):
            return True
    return False


_DURATION_UNITS = frozenset(fold(w) for w in words("""
dag dage dages uge uger ugers måned måneder måneders år års årig årigt årige halvår
day days week weeks month months year years
"""))
_BY = frozenset(("inden", "senest", "by", "before"))
_UNTIL = frozenset(("mod", "indtil", "until", "till", "through", "towards", "to"))


def states_duration(folded: Sequence[str], years: int) -> bool:
    """How long: a number of a time unit ("1-2 år", "5-10 årigt", "(1 år)", "three
    months"), a span of years ("2019-2025") or until a year ("frem mod 2025")."""
    return years >= 2 or any(
        (first.isdigit() and second in _DURATION_UNITS)
        or (first in _UNTIL and _YEAR.match(second) is not None)
        for first, second in pairwise(folded)) or any(
        # "inden udgangen af 2019", "by the end of 2019": a deadline says how long there is
        w in _BY and any(_YEAR.match(x) for x in folded[n + 1:n + 5])
        for n, w in enumerate(folded))


_FIGURE_MODIFIERS = frozenset(fold(w) for w in words("""
samlede samlet totale total overall aktuelle actual starting start officielle official
gennemsnitlige average
"""))


AGENT_VERBS = frozenset(fold(w) for w in words("""
lave laver lavet lavede udarbejde udarbejder udarbejdet udarbejdede skrive skriver skrevet
skrev præsentere præsenterer præsenteret præsenterede opfandt opfundet opfinde udvikle
udvikler udviklet udviklede bygge bygger bygget byggede ansvar ansvaret ansvarlig ansvarlige
evaluere evaluerer evalueret designe designet står bag udsendt udsende udsender udgivet
udgive udgiver underskrevet underskrev afsender medansvar sørge sørger sørget
make makes made write writes wrote written present presents presented invent invented
invents develop develops developed create creates created build builds built responsible
charge evaluate evaluates evaluated design designed behind came issued issue issues published
publish signed sender evaluating making writing developing designing presenting
publishing creating drafting drafted draft
"""))
"""Deeds whose doer a "who" question asks for."""
DOERS = frozenset(("alle", "vi", "enhver", "everyone", "we", "everybody"))
"""Pronouns that name the doer of a deed („Alle har et ansvar for …“)."""
BODIES = frozenset(fold(w) for w in words("""
cpks hr direktion direktionen centerchef centerchefer centercheferne koncernchefgruppe
koncernchefgruppen chefgruppe chefgruppen center centret centre centrene
afdeling afdelingen afdelinger afdelingerne enhed enheden enheder enhederne team teamet
kommunalbestyrelse kommunalbestyrelsen byråd byrådet udvalg udvalget borgmester borgmesteren
executive board heads centres departments units council committee mayor
"""))
"""The bodies of an organisation: who may do something ("hvem har lavet …?"), and whose
member a "hvem i …?" asks for. Not leaders or employees in general, who are mostly what a
deed is for („fokus på ledernes rolle“)."""


_UNITS_OF_WORK = frozenset(fold(w) for w in words("""
afdeling afdelingen enhed enheden center centret centeret team teamet kontor kontoret
forvaltning forvaltningen department unit centre center team office
"""))


def _agent(folded: Sequence[str]) -> bool:
    """"hvem har lavet …?", "hvem står bag …?", "who came up with …?", "who is responsible
    for …?" (not "hvem skal have onboarding?", which asks who receives it)."""
    if folded[:1] in (["hvilken"], ["hvilket"], ["which"], ["what"]) and \
            folded[1:2] and folded[1] in _UNITS_OF_WORK:
        folded = ["hvem", *folded[2:]]  # "hvilken afdeling har skrevet …?": who
    if not folded or folded[0] not in _WHO:
        return False
    return any(w in AGENT_VERBS and w not in ("staar", "bag") for w in folded[1:]) or (
        "staar" in folded and ("bag" in folded or "for" in folded))


AUTHOR_VERBS = frozenset(fold(w) for w in words("""
lave laver lavet lavede udarbejde udarbejder udarbejdet udarbejdede skrive skriver skrevet
skrev designe designet opfandt opfundet opfinde udvikle udvikler udviklet udviklede udgivet
udgive udgiver make makes made write writes wrote written invent invented invents develop
develops developed create creates created design designed drafting drafted draft writing
making developing designing creating publish published
"""))
"""The deeds of making something, of :data:`AGENT_VERBS`."""


_OWN_POSSESSIVES = frozenset(fold(w) for w in words("""
ltks ltk's kommunens lyngby-taarbæks lyngby-taarbæk lyngbys organisationens koncernens vores
vort vor our municipality's municipalitys council's councils ltk
"""))


def _figure_of(folded: Sequence[str]) -> str:
    """The noun a figure is asked of: "hvad er landsgennemsnittet for …" → the average; not a
    word that only says a figure or a goal is asked ("hvad er tallet", "what is the target"),
    nor its source ("what's the source of the figure": that figure's)."""
    if tuple(folded[:2]) not in _WHAT_IS:
        return ""
    rest = [w for w in folded[2:6] if w not in ("the", "den", "det", "de") and w not in
            ADJECTIVES and w not in _FIGURE_MODIFIERS and w not in _OWN_POSSESSIVES]
    # ("hvad var *LTKs* sygefravær": the organisation's own figure, of sick leave)
    head = rest[0] if rest else ""
    if not head or head in _SOURCE_NOUNS or head in STOPWORDS or head in _NUMBER_WORDS or \
            head in _GOAL_WORDS or \
            head.startswith(("maal", "udgangspunkt", "nummer", "vaerdi", "start")) or \
            head.endswith(("maal", "nummer", "nummeret", "number")) or head in _MEASURES or \
            _YEAR.match(head) or (rest[1:2] and (rest[1] in _NUMBER_WORDS or rest[1] in (
                "number", "numbers", "nummer", "nummeret"))):  # "the phone number"
        return ""
    return head


def _duration(folded: Sequence[str], pairs: set[tuple[str, str]]) -> bool:
    """"hvor længe …?", "hvor lang tid …?", "how long …?" (not "how long ago"),
    "varighed", "duration"."""
    if any(w in ("varighed", "varigheden", "duration") for w in folded):
        return True
    return any(p in pairs for p in (("hvor", "laenge"), ("hvor", "lang"), ("how", "long"))) \
        and "ago" not in folded and "siden" not in folded


_WH_WORDS = frozenset(fold(w) for w in words("""
hvad hvem hvor hvornår hvordan hvilke hvilken hvilket hvorfor what who where when how which why
whats
"""))
_FREQUENT_ADJECTIVES = frozenset(("daglig", "ugentlig", "maanedlig", "aarlig", "daily", "weekly",
                                  "monthly", "yearly", "quarterly"))
_HOW_OFTEN = (("hvor", "tit"), ("hvor", "ofte"), ("how", "often"), ("how", "frequently"))
WHY = frozenset(fold(w) for w in words("""
hvorfor why begrundelse begrundelsen begrundelserne grunden grundene årsagen rationale
rationalet formålet purpose reason reasons
"""))
"""Words that ask why: what kind of fact is asked, never a thing the answer lacks."""
SAYING = frozenset(fold(w) for w in words("""
snakker snakke snakkes nævner nævne nævnes nævnt nævnte beskriver beskrive beskrives beskrevet
omtaler omtale omtales omtalt fremhæver fremhæves mentions mention mentioned says say said
talks talk talking describes describe described refers refer highlights
"""))
"""Verbs by which a question says the document speaks ("hvilke megatrends *snakker*
fremtidsfortællingen om?"): the way it is asked, never a thing the answer lacks."""
_WHY_PAIRS = (("how", "come"), ("what's", "point"), ("whats", "point"), ("the", "point"))
_PROBLEM = frozenset(fold(w) for w in words("""
problem problemet problematisk skidt dårligt slemt vigtigt problem problematic bad matter
matters important issue
"""))
"""Words that ask why something matters, not why a figure is what it is."""
_THIS_ONE = frozenset(fold(w) for w in words("""
netop lige præcis præcist nøjagtig exactly precisely specifically
"""))
MOVED = frozenset(fold(w) for w in words("""
højere lavere større mindre faldet steget falder stiger faldende stigende høj højt
higher lower bigger smaller fallen fell risen rose falling rising dropped high low
"""))


_DEFINED = re.compile(
    r"^\W*(?:hvad\W+(?:er|betyder)|hvad\W+menes\W+der\W+med|hvad\W+menes\W+med|what\W+is|"
    r"what's|whats|what\W+are|define)\W+(?:et\W+|en\W+|a\W+|an\W+|the\W+)?"
    r"([\w'-]+(?:\W+[\w'-]+){0,2})\W*$"
    r"|^\W*what\W+does\W+(?:an?\W+|the\W+)?([\w'-]+(?:\W+[\w'-]+){0,2})\W+mean\W*$",
    re.IGNORECASE)
"""A question for what a term means, and nothing more."""


def _defined(question: str) -> str:
    """The term whose meaning ``question`` asks for, as written ("" if none)."""
    found = _DEFINED.match(question.strip())
    return (found.group(1) or found.group(2)).strip(" \"'“”„") if found else ""


_PAYING = frozenset(fold(w) for w in words("""
betaler betale betales betalt betalte finansierer finansiere finansieres finansieret
pays pay paid paying funds funded funding finances financed financing
"""))
"""Words that ask who pays or how something is financed."""
_STANDS_FOR = re.compile(
    r"^\W*(?:hvad|what)\W+(?:står|staar|stor|does|do)\W+(?:der\W+)?([\w'-]+)"
    r"\W+(?:for|stand for|mean)\W*$"
    r"|^\W*(?:hvad|what|who)(?:\W+(?:er|betyder|is|'s|s|are))?\W+(?:is\W+|er\W+)?"
    r"([A-ZÆØÅ]{2,6})s?\W*$"
    r"|^\W*([A-ZÆØÅ]{2,6})\W+(?:hvad|what)\W+(?:er|is|'s|s)\W+(?:det|it|that|den)"
    r"(?:\W+for\W+noget|\W+for\W+en)?\W*$", re.IGNORECASE)
"""A question for what a short name means, and nothing more."""


def _expansion(question: str) -> str:
    """The short name whose meaning ``question`` asks for, folded ("" if none): "hvad står
    KMD for?", "what does DTU stand for?", "hvad er KMD?" (written in capitals)."""
    found = _STANDS_FOR.match(question.strip())
    if found is None:
        return ""
    name = found.group(1) or found.group(2) or found.group(3)
    # a short name: in capitals ("hvad er KMD?"), or short when "står for" asks it ("hvad
    # står kmd for?") — "what does årsværk mean?" asks what a term is (:func:`_defined`)
    short = name.isupper() if found.group(1) is None else (
        name.isupper() or len(name) <= _SHORT_NAME)
    return fold(name.casefold()) if short else ""


_SHORT_NAME = 5
"""A word of at most this many letters may be a short name written in small letters."""


def _why_this(folded: Sequence[str], pairs: set[tuple[str, str]]) -> bool:
    """"hvorfor netop 30?", "why exactly 13.5", "hvorfor er sygefraværet højere …?": a why
    of a figure, a year or a change (see :attr:`Asked.why_this`)."""
    if not any(w in ("hvorfor", "why") for w in folded[:4]):
        return False
    at = next(n for n, w in enumerate(folded) if w in ("hvorfor", "why"))
    rest = folded[at + 1:]
    if any(w in _PROBLEM for w in rest):
        return False  # "hvorfor er et højt sygefravær et problem?" asks why it matters
        # („Sygefravær belaster …“), not why the figure is high
    # (a year is the time of the question, "hvorfor … i 2019?", unless it is the one asked
    # about: "hvorfor netop 2025?")
    return any(w in _THIS_ONE for w in rest) or any(
        w[:1].isdigit() and not _YEAR.match(w) for w in rest) or any(
        w in MOVED for w in rest)

REASONS = frozenset(fold(w) for w in words("""
fordi derfor dermed because therefore thus hence belaster burdens reason why
"""))
"""Words by which a sentence gives a reason (with :data:`REASON_PAIRS`)."""
REASON_PAIRS = (("da", "vi"), ("so", "that"), ("in", "order"), ("since", "we"),
                ("as", "we"), ("forsoeg", "paa"), ("attempt", "to"), ("an", "attempt"))
"""(…"det er et *forsøg på* at sikre, at vi … løfter i fælles flok": what it is for)"""
_MAIL_WORDS = frozenset(fold(w) for w in words("""
email emails mail mails mailen mailadresse mailadressen mailadresser emailadresse
emailadressen e-mailadresse e-mailadressen
""") if len(w) > 1)  # (not the "e" of "e-mail": "e.g." asked for an e-mail address)
_OFTEN_WORDS = frozenset(("tit", "ofte", "often", "frequently", "gang", "gange", "times"))
_PLACE_PREPOSITIONS = frozenset(("i", "paa", "hos", "in", "at"))
_HOW_IS = frozenset((("hvordan", "er"), ("hvordan", "ligger"), ("hvordan", "staar"),
                     ("how", "is"), ("how", "s"), ("hows", "the"), ("how", "high")))


def _measure_of_place(folded: Sequence[str]) -> bool:
    """A bare measure followed by a place ("sygefraværet på rådhuset", "sick leave in the
    schools"), or asked how it is there ("hvordan ligger fraværet i hjemmeplejen?")."""
    rest = folded[2:] if tuple(folded[:2]) in _HOW_IS else folded[1:] if folded[:1] == [
        "the"] else folded
    if not rest or rest[0] not in _MEASURES:
        return False
    head = 2 if rest[1:2] == ["leave"] else 1  # "sick leave"
    return len(rest) > head + 1 and rest[head] in _PLACE_PREPOSITIONS


_BEING = frozenset(("er", "is", "are", "findes", "ligger", "staar", "s"))


def _contents(folded: Sequence[str]) -> str:
    """"hvad står der i X?", "hvad indeholder X?", "what's in X?", "what does X contain?": the
    word that names X — not "hvad står der i strategien *om* Y?", which asks about Y."""
    named = next((w for w in folded if w.startswith(_NAMED_DOCUMENTS)
                  or w in ("toolbox", "toolkit", "profile", "material", "materials")), "")
    if not named or any(w in ("om", "about", "omkring", "regarding") for w in folded) or \
            folded[:1] not in (["hvad"], ["what"], ["whats"], ["hvilke"], ["which"]):
        return ""
    joined = f" {' '.join(folded)} "
    if named.startswith(_ONES_OWN):
        at = folded.index(named)
        ones = "for" in folded[at + 1:at + 3] or any(w in _MINE for w in folded) or (
            at > 0 and folded[at - 1].endswith("s") and folded[at - 1] not in _GENERAL_OWNERS)
        said = any(w in _CONTAINS for w in folded) or any(
            f" {phrase} " in joined for phrase in _CONTENTS_PHRASES)
        return named if ones and said else ""
    if any(w in _CONTAINS for w in folded):
        return named
    if any(f" {phrase} " in joined for phrase in _CONTENTS_PHRASES):
        return named
    # "what tools are (actually) in the recruitment toolbox?", "hvilke værktøjer er der i
    # værktøjskassen?": a verb of being, then "in" a little before the name
    at = folded.index(named)
    inside = next((n for n in range(max(1, at - 4), at) if folded[n] in ("i", "in")), None)
    return named if inside is not None and any(w in _BEING for w in folded[1:inside]) else ""


def _consequence(folded: Sequence[str]) -> bool:
    """"hvad sker der, hvis …", "hvad sker der med X, der ikke …", "what happens if …",
    "what will happen if …"; a reward or a sanction for reaching or missing something ("får
    vi en bonus, hvis …", "is there a penalty if …")."""
    if any(w in _REWARDS for w in folded):
        return True
    for position, pair in enumerate(pairwise(folded)):
        if pair in _HAPPENS or (pair == ("what", "will")
                                and folded[position + 2:position + 3] == ["happen"]):
            return any(w in _IF_NOT for w in folded[position + 2:])
        if pair in (("hvad", "hvis"), ("what", "if")) and any(
                w in _HAPPEN_WORDS for w in folded[position + 2:]):
            # "hvad hvis vi ikke når målet, sker der så noget?"
            return any(w in _IF_NOT for w in folded[position + 2:])
    return False


_LINK_WORDS = frozenset(fold(w) for w in words("""
link linket links linkene url urlen webadresse webadressen internetadresse hjemmeside
hjemmesiden website
"""))
_MINE = frozenset(fold(w) for w in words("min mit mine vores my our"))
_GENERAL_OWNERS = frozenset(fold(w) for w in words("""
centrenes centres centers enhedernes afdelingernes units alles everyone's kommunens
"""))
_OWN = frozenset(fold(w) for w in words("egen eget egne own lille"))
_WE = frozenset(fold(w) for w in words("jeg mig vi os i we us me"))
_AT = frozenset(fold(w) for w in words("i på hos in at"))
_WORKPLACES = ("institution", "boernehave", "vuggestue", "dagtilbud", "dagpleje", "skole",
               "hjemmepleje", "plejecent", "plejehjem", "jobcent", "afdeling", "enhed", "team",
               "sfo", "klub", "bibliotek", "kontor", "gruppe", "sektion",
               "unit", "school", "kindergarten", "nursery", "daycare", "office", "department",
               "ward")
"""Beginnings of the (folded) words for a workplace: the asker's own after "vores", "min",
"our", "jeg i", "hos os på" (not a centre: the strategy sets goals for the centres)."""


def _workplace(word: str) -> bool:
    return word.startswith(_WORKPLACES) or any(
        part in word for part in _WORKPLACES if len(part) >= 6)  # ("kommunens*skole*")


def _own_place_words(folded: Sequence[str]) -> set[str]:
    """The words that name the asker's own workplace ("vores børnehave", "jeg i
    hjemmeplejen", "hos os på plejecentret", "my team")."""
    found: set[str] = set()
    for position, word in enumerate(folded):
        if word in _WE and position + 1 < len(folded):
            # "jeg i hjemmeplejen", "vi på plejecentret", "jeg arbejder i jobcentret"
            at = next((n for n, w in enumerate(folded[position + 1:position + 3])
                       if w in _AT), None)
            if at is not None:
                word, position = "vores", position + at + 1
        if word in _MINE:
            after = [w for w in folded[position + 1:position + 3] if w not in _OWN]
            if after and _workplace(after[0]):
                found.add(after[0])
    return found


def own_places(question: str) -> frozenset[str]:
    """The (folded) words that name the asker's own place ("kan vi få hjælp til RK i *vores
    børnehave*?"): who asks, not what is asked — a word the knowledge base does not know there
    is no thing the answer lacks."""
    return frozenset(_own_place_words([fold(w) for w in words(question)]))
_TARGET_WORDS = frozenset(fold(w) for w in words("""
mål målet måltal target targets goal goals figure tal tallet sygefravær sygefraværet
"""))


def _own_unit(folded: Sequence[str]) -> bool:
    """"… target for my own unit", "målet for vores afdeling", "sygefraværet i min enhed":
    a figure or a goal of the asker's own unit."""
    if not any(w in _TARGET_WORDS or w.endswith("maal") for w in folded):
        return False
    return bool(_own_place_words(folded))


_HOW = frozenset(("hvordan", "how"))
_ERRANDS = frozenset(fold(w) for w in words("""
booke booker bookes bestille bestiller bestilles tilmelde tilmelder tilmeldes tilmelding
sygemelde sygemelder ansøge ansøger ansøgning beregne beregner beregnes udregne udregner
udregnes regne regner regnes book booked booking register registered enrol enroll signup
calculate calculated calculates compute computed subscribe
"""))
_ERRAND_PAIRS = frozenset((("apply", "for"), ("søge", "om"), ("søger", "om"), ("sign", "up"),
                           ("log", "in"), ("logge", "ind"), ("melde", "sig"),
                           ("melder", "mig"), ("get", "access"), ("få", "adgang")))


_WHAT_DO_I = ("hvad gør jeg", "hvad skal jeg gøre", "hvad gør jeg så", "hvem skal jeg kontakte",
              "hvem kontakter jeg", "hvem ringer jeg til", "what do i do", "what should i do",
              "who do i call", "who should i contact", "who do i contact",
              "should i report", "do i report", "skal jeg indberette", "skal jeg melde",
              "skal jeg registrere", "skal jeg indrapportere", "skal jeg sygemelde",
              "hvad kan jeg selv gøre", "hvad kan jeg gøre", "what can i do myself",
              "what can i personally do")


_WHAT_DOES_WHEN = re.compile(
    r" (?:hvad (?:goer|gjorde) (?:\S+ ){0,3}?|hvad (?:skal|boer) (?:\S+ ){0,3}?goere "
    r"|what (?:do|does|should|must) (?:\S+ ){0,3}?do )(?:naar|hvis|when|if) ")
""""hvad gør lederen, når …", "hvad skal man gøre, hvis …", "what does a manager do when …"."""


def _procedure(folded: Sequence[str], pairs: set[tuple[str, str]]) -> bool:
    """"hvordan booker man …", "how do I apply for …", "hvordan regner man … ud": how to
    do an errand (booking, applying, signing up, calculating), which a strategy does not
    describe."""
    said = " " + " ".join(folded) + " "
    if any(f" {fold(p)} " in said for p in _WHAT_DO_I):
        return True  # "jeg har været syg i 3 dage, hvad gør jeg?": one's own errand
    if _WHAT_DOES_WHEN.search(said):
        return True  # "hvad gør lederen, når en medarbejder er syg?": a procedure
    if _CONCRETE_DOING.search(said):
        return True  # "hvad skal jeg som pædagog konkret gøre for at …?"
    if not any(w in _HOW for w in folded):
        return False
    if _APPLY_FOR.search(said):
        return True  # "hvordan søger min afdeling om hjælp til …?": an application
    if any(f" {p} " in said for p in _CONCRETELY):
        return True  # "hvordan skal sygefraværet konkret nedbringes?", "how does onboarding
        # actually work step by step": the practice, which a strategy does not describe
    if _HOW_ONE_DOES.search(said):
        return True  # "hvordan evaluerer man en form for …?", "how do I get onboarded?"
    return any(w in _ERRANDS for w in folded) or any(
        (fold(a), fold(b)) in pairs for a, b in _ERRAND_PAIRS)


_APPLY_FOR = re.compile(r" (?:soeger|soege|ansoeger|ansoege) (?:\S+ ){0,3}?om ")
"""…"søger *min afdeling* om": applying for something, with the applicant between."""
_CONCRETELY = ("konkret", "helt konkret", "i praksis", "in practice", "step by step",
               "trin for trin", "actually work", "actually works", "in detail", "i detaljer")
"""Words that ask how something is done in practice, not what the strategy aims at."""
_CONCRETE_DOING = re.compile(r" hvad (?:skal|kan|boer) (?:\S+ ){0,4}?konkret goere ")
_HOW_ONE_DOES = re.compile(
    r" hvordan (?!kan |skal |maa |boer |gaar |faar |er |var |bliver )\w+ (?:man|jeg) "
    r"| how (?:do|does) (?:i|one|you) (?!think |know |mean |say )")
"""How one does something, not what one can or should do ("hvordan kan man udvikle sine
kompetencer?" the strategy answers): a procedure (folded, padded with spaces)."""


def _where(folded: Sequence[str], pairs: set[tuple[str, str]]) -> bool:
    """Whether a question asks where something is: "hvor ligger …", "hvor kan jeg finde …",
    "hvor er … placeret", "where is … located", "where can I read …", "adresse" (not "hvor
    finder vi de bedste løsninger", which asks how)."""
    if any(w in _ADDRESS for w in folded):
        return True
    if not folded or folded[0] not in ("hvor", "where") or any(
            w in _MORE and not (w == "going" and folded[n + 1:n + 2] == ["to"])
            for n, w in enumerate(folded)):
        # "where can I read *more* about onboarding?" asks for more of it ("going to be
        # built" is no direction)
        return False
    return any(p in pairs for p in _WHERE_PAIRS) or any(w in _LOCATED for w in folded[1:]) or (
        any(w in _FIND for w in folded[1:]) and any(w in _ASKER for w in folded[1:]))


SUPERLATIVES = frozenset(fold(w) for w in words("""
mest flest færrest størst største højest højeste lavest laveste bedst bedste vigtigst vigtigste
væsentligst væsentligste mindst mindste værst værste
most fewest largest biggest highest lowest best worst greatest least
"""))
_WHICH = frozenset(fold(w) for w in words("hvilken hvilket hvilke which"))
_MEASURING = frozenset(fold(w) for w in words("""
måles måle måler måling målingen målt opgøres opgøre opgjort measured measure measures
measuring measurement måleenhed måleenheden måleenheder
"""))
_UNIT_ASKED = frozenset(fold(w) for w in words("""
unit units enhed enheden enheder given expressed stated angivet angives opgivet opgives
"""))
"""…and "what *unit* is the figure *given* in?", "hvilken enhed er tallet opgjort i?": the unit
of a figure (with "what", "which", "hvilken" right before "unit" or "enhed")."""
_REWARDS = frozenset(fold(w) for w in words("""
bonus bonusser belønning belønnes belønnet straf straffes straffet sanktion sanktioner
sanktioneres konsekvens konsekvenser fyret fyres fyring fyringer afskedigelse afskedigelser
reward rewarded rewards penalty penalties punished punishment sanction sanctions consequence
consequences fired layoffs sacked
"""))
"""Words of a reward, a sanction or a consequence, which a plan does not state."""
_HAPPENS = (("hvad", "sker"), ("what", "happens"), ("what", "happen"))
_HAPPEN_WORDS = frozenset(("sker", "ske", "happens", "happen"))
_IF_NOT = frozenset(fold(w) for w in words("""
hvis ikke if not unless miss misses fails fail doesn don didn won isn aren never doesnt dont
didnt wont isnt arent
"""))
_ADDRESS = frozenset(("adresse", "adressen", "address", "beliggenhed", "link", "linket",
                      "links", "url"))
"""…a web address too ("har I et link til værktøjskassen?")"""
_WHERE_PAIRS = (("hvor", "ligger"), ("where", "is"), ("where", "are"), ("exactly", "is"),
                ("exactly", "are"), ("praecis", "ligger"))
_LOCATED = frozenset(fold(w) for w in words("""
placeret beliggende located situated ligge ligger bygges built publiceres publiceret
offentliggøres offentliggjort published posted placed
"""))
_WITHIN = re.compile(r"^\s*(?:hvor|where)\W+(?:på|paa|i|on|in)\W+(?!(?:koncern)?strategi|dokument|"
                     r"teksten|text|pdf|the strategy|the document)\w", re.IGNORECASE)
"""Where within a named place ("hvor på LyNET ligger årsaftalerne?"): an exact place, which
a sentence that only names the place does not give."""
_FIND = frozenset(("finde", "finder", "findes", "find", "read", "laese", "se", "see"))
_MORE = frozenset(("mere", "more", "heading", "going", "hen"))
"""…and "where are we heading?", "hvor er vi på vej hen?" ask for a direction"""
_ASKER = frozenset(("jeg", "man", "i"))
"""who looks for it: "hvor kan *jeg* finde …", "where can *I* read …" (not "vi")"""

_VOCABULARY = frozenset().union(
    _WHEN_WORDS, _NUMBER_WORDS, _MONEY_WORDS, _MONEY, _MEASURES, _DONE, _ROLES, _LEADS, _NAMES,
    _STATUS, _REACHED, _EXACT, _CONTACT, ADJECTIVES, _AFTER_LIST, _NUMERAL_WORDS, _SOURCE,
    _PERCENT, _WHO, MOVED, _FOUND,
    (w for pair in (*_WHEN_PAIRS, *_HOW_MUCH, *_STATUS_PAIRS, *_WHAT_IS, *_ALREADY,
                    *_ASKED_PAST) for w in pair))
_SKELETONS = {skeleton(w): w for w in sorted(_VOCABULARY) if skeleton(w) != w}

_PAIR_SECONDS = frozenset(second for _, second in (*_WHEN_PAIRS, *_HOW_MUCH)) | frozenset(
    fold(pair[1]) for pair in _STATUS_PAIRS if pair[1] not in ("nu", "now", "date", "dato"))


def _unit_of_measure(folded: Sequence[str]) -> bool:
    """"what unit is the sick leave figure given in?", "hvilken enhed er tallet opgjort i?"
    (not "which unit has the lowest sick leave?": a figure's unit is asked with "in"/"i" last,
    or a verb of giving it)."""
    return any(first in _WHICH | {"what"} and second in ("unit", "enhed")
               for first, second in pairwise(folded)) and (
        folded[-1:] in (["in"], ["i"]) or any(w in _UNIT_ASKED - {"unit", "units", "enhed",
                                                                   "enheden", "enheder"}
                                               for w in folded))


def is_kind_word(word: str, fact: Asked) -> bool:
    """Whether a word of a question only says which kind of fact it asks for, of the kinds
    read from the question as a whole: "ligger", "finde" for a place, "måles" for how it is
    measured, "sker", "happens" for a consequence, "højeste", "most" for a ranking."""
    folded = fold(word)
    return (fact.source and folded in _SOURCE_WORDS) \
        or (fact.where and (folded in _FIND or folded in _LOCATED or folded in _ADDRESS
                            or folded == "ligger")) \
        or (fact.measured and (folded in _MEASURING or folded in _UNIT_ASKED)) \
        or (fact.consequence and folded in _HAPPEN_WORDS) \
        or (fact.procedure and folded in _ERRANDS) \
        or (fact.link and folded in _LINK_WORDS) \
        or (fact.often and folded in _OFTEN_WORDS) or (fact.mail and folded in _MAIL_WORDS) \
        or (fact.ranked and folded in SUPERLATIVES)


def is_fact_word(token: str, word: str) -> bool:
    """Whether a question's word only says which kind of fact is asked ("hvornår", "antal",
    "koster", the "år" of "hvilket år"), not what about."""
    folded = fold(word)
    return token in ("@when", "@many") or folded in _WHEN_WORDS or folded in _NUMBER_WORDS \
        or folded in _PAIR_SECONDS or folded in _MONEY_WORDS or folded in _STATUS
