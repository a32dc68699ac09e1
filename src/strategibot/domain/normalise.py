"""Danish-aware text normalisation: case, punctuation, æ/ae, ø/oe, å/aa, inflections.

``fold`` makes "Årsaftalerne", "aarsaftalerne" and "ÅRSAFTALERNE!" the same string;
``skeleton`` also makes them equal to "arsaftalerne" (æ, ø, å written as a, o, a);
``stem`` strips inflections with the Snowball Danish stemmer (PyStemmer; it also takes English
plurals), applied before folding because the stemmer knows æ, ø and å.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

__all__ = ["fold", "fold_text", "named_themes", "skeleton", "stem", "with_theme", "words"]

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_WORD = re.compile(r"[^\W_]+(?:[.,][0-9]+)?", re.UNICODE)
_DANISH = Stemmer.Stemmer("danish")
_ENGLISH = Stemmer.Stemmer("english")
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Lower-cased words of ``text`` with æ, ø, å kept; "13,5" stays one word "13.5"."""
    return list(_words(text))


@lru_cache(maxsize=16384)
def _words(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", text).translate(_CONTROL).casefold()
    return tuple(w.replace(",", ".") for w in _WORD.findall(text))


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """ASCII-fold one lower-case word: æ→ae, ø→oe, å→aa, é→e."""
    return _strip_accents(word.translate(_FOLD))


@lru_cache(maxsize=65536)
def skeleton(folded: str) -> str:
    """A folded word as people write it without æ, ø, å: "ae"→"a", "oe"→"o", "aa"→"a"
    ("pejlemaerker" and "pejlemarker", "hvornaar" and "hvornar" share one skeleton)."""
    return folded.replace("ae", "a").replace("oe", "o").replace("aa", "a")


@lru_cache(maxsize=16384)
def fold_text(text: str) -> str:
    """``text`` as folded words joined by single spaces."""
    return " ".join(fold(w) for w in words(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The folded stem of one lower-case word (Danish stemmer, then English for -ing/-ion)."""
    if len(word) <= 3 or word[0].isdigit():
        return fold(word)
    stemmed = _DANISH.stemWord(word)
    if word.isascii() and word.endswith(("ing", "ion", "ions", "ies", "ed")):
        stemmed = _ENGLISH.stemWord(word)
    return fold(stemmed)


_THEME = re.compile(r"\b(?:tema|theme)\s*(\d+)", re.IGNORECASE)


def named_themes(text: str) -> frozenset[str]:
    """The numbers of the themes a text names ("målet for tema 1", "theme 3"): a question
    about one is about that theme."""
    return frozenset(_THEME.findall(text))


def with_theme(text: str, number: str) -> str:
    """``text`` with the theme it names numbered ``number`` ("what is theme 1 about?", "4" →
    "what is theme 4 about?")."""
    return _THEME.sub(lambda m: m.group()[:m.start(1) - m.start()] + number, text)
