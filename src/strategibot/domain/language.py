"""Word lists for Danish and English: stop words and language markers (folded forms).

These are linguistic data, not texts a user sees. Stop words are left out of retrieval;
markers decide which language a question is written in.
"""

from __future__ import annotations

from importlib import resources

from strategibot.domain.normalise import fold, words

__all__ = ["CANONICAL", "DANISH_MARKERS", "ENGLISH_MARKERS", "EVERYDAY", "STOPWORDS",
           "detect_language"]

_DA_STOP = """
og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi
min havde ham hun nu over da fra du ud sin dem os op man hans eller hvad skal selv her alle vil
blev kunne ind være dog noget ville jo deres efter ned skulle denne end dette mit også under
have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive ad bliver
hendes været thi jer sådan hvordan hvorfor hvilke hvilken hvilket kan vores jeres mon lige
bare egentlig fortæl fortælle sige siger står betyder betyde vide ved gerne må får
få hvad's hvadså nogen noget ting sagt mener menes helt lidt kort hvor angår angående ang
dvs fx f.eks ift iht pr gør gøre gjort gjorde gøres
indtil slags måske altså vel nok både hver hvert når bag
bagefter efterfølgende derefter egentligt faktisk overhovedet allerede ellers præcis præcist
nøjagtig nøjagtigt iflg ifht jf vedr vedrørende fulde full ha ude inde oppe nede henne derude
herude derinde herinde egtl egl bestemmer bestemme beslutter beslutte ifølge argument
argumentet argumenterne begrundelse begrundelsen begrundelserne pludselig pludseligt snakker
snakke snakkes snakket begrunde begrunder begrundes begrundet tanken tankegangen idéen ideen
meningen pointen især el så går gå tror synes afsnit afsnittet afsnittene
"""
_EN_STOP = """
a an the is are was were be been being of to in on for with about and or what which how why
does do did i we you our us it its this that these those me my can could would should will
shall there their they them at by from as tell say says said mean means meant please any some
right
into so than then just also has have had not no yes if get s whats what's your yours he she
his her who's there's let know explain describe give must might shall need needs
until till kind kinds sort type likely daily regarding towards toward within via per really
actually exactly currently already yet ever always usually else both each every such very too
only even whether while again once onto upon current now nowadays presently ask asks asked
afterwards afterward specifically basically precisely ones am im i'm supposed decides decide
like look looks ahead instead according argument arguments put puts putting talk talks talking
reasoning rationale idea behind re ve ll thing things stuff dont don doesnt didnt wont cant isnt
arent wasnt werent havent hasnt section sections
"""

STOPWORDS: frozenset[str] = frozenset(fold(w) for w in words(_DA_STOP + _EN_STOP))

EVERYDAY: frozenset[str] = frozenset(
    fold(line.strip()) for line in (resources.files("strategibot.domain") / "everyday.txt")
    .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))
"""The everyday words of Danish (``everyday.txt``, made by ``tools/everyday_words.py``): the
way a question is asked ("virkelig", "bruges"), seldom a thing it asks of."""

CANONICAL: dict[str, str] = {
    # question words that carry meaning, the same token in both languages
    "hvornaar": "@when", "when": "@when", "deadline": "@when", "deadlines": "@when",
    "frist": "@when", "frister": "@when", "fristen": "@when", "due": "@when",
    "dateret": "@when", "dated": "@when",
    "hvem": "@who", "who": "@who", "whom": "@who",
    "mange": "@many", "many": "@many", "antal": "@many", "number": "@many",
    "hvor": "@where", "where": "@where",
    # numbers written as words ("theme one", "fjerde tema")
    "one": "1", "first": "1", "foerste": "1", "two": "2", "second": "2", "tredje": "3",
    "three": "3", "third": "3", "tre": "3", "four": "4", "fourth": "4", "fjerde": "4",
    "fire": "4", "five": "5", "fifth": "5", "femte": "5", "fem": "5",
}

DANISH_MARKERS: frozenset[str] = frozenset(fold(w) for w in words("""
hvad hvem hvor hvordan hvorfor hvornår hvilke hvilken hvilket er og det den de til af med om på
jeg vi kan skal vores der som ikke har en et mål målet målene enheder kommunen betyder står
hedder siger mange hvornaar hvad's også være ved
"""))
ENGLISH_MARKERS: frozenset[str] = frozenset(words("""
what who where how why when which is are the of and does do our we can about to in with there
this that mean means tell me it goals goal units many much does's what's whats please
"""))


def detect_language(text: str, hint: str | None = None, *, default: str = "da") -> str:
    """``"da"`` or ``"en"``: markers, then æ/ø/å, then ``hint`` (e.g. the client's locale)."""
    raw = words(text)
    da = sum(1 for w in raw if fold(w) in DANISH_MARKERS)
    en = sum(1 for w in raw if w in ENGLISH_MARKERS)
    # æ, ø, å say Danish when no English function word does: an English question may name
    # the strategy's Danish terms ("whats a pejlemærke")
    if en == 0 and any(c in "æøå" for c in text.casefold()):
        da += 2
    if da > en:
        return "da"
    if en > da:
        return "en"
    if hint:
        hinted = hint.split("-")[0].lower()
        if hinted in {"da", "en"}:
            return hinted
    return default
