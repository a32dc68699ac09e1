"""Text → retrieval tokens, with the vocabulary to correct, split and merge words.

A word becomes a token by folding (æ→ae, ø→oe, å→aa), stemming (Snowball) and, for question
words and numbers written as words, a canonical token ("hvornår" and "when" → ``@when``). An
unknown word of a question is looked up, in this order: as another inflection of a known word;
as the same word written without æ, ø, å ("sygefravar", "pejlemarker"); as a compound of two
known words ("sygefraværsmålet"); as a typo of a known word (one edit, two for long words); as
a slip of a stop word ("vær" for "være"). The vocabulary is every word of the curated entries,
the synonyms and the document's own passages. Synonym phrases (``knowledge/synonyms.yaml``,
also abbreviations such as "org" and "kompetenceudv") are merged into one token.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from strategibot.domain.language import CANONICAL, STOPWORDS
from strategibot.domain.normalise import fold, skeleton, stem, words

__all__ = ["UNKNOWN", "Analyzer"]

UNKNOWN = "?"
"""The prefix of a token for a word the knowledge base does not know."""

_SHORT_STOPWORDS: dict[str, tuple[str, ...]] = defaultdict(tuple)
for _stop in STOPWORDS:
    if 3 <= len(_stop) <= 8 and _stop.isalpha():
        _SHORT_STOPWORDS[_stop[0]] += (_stop,)


_DROP = re.compile("[æøå]")
_SKELETON_STOPWORDS = frozenset(
    skeleton(w) for w in STOPWORDS if skeleton(w) != w and skeleton(w) not in STOPWORDS)
"""Stop words with æ, ø, å as people write them without ("star" for "står", "far" for
"får"): stop words too."""


class Analyzer:
    """Turns text into retrieval tokens, with the vocabulary to correct and split words."""

    DROPPED_LETTERS = 4
    """a word with its æ, ø, å left out is read as the word from this many letters left"""

    SAME_WORD = 75.0
    """rapidfuzz ratio at which a word with a known stem counts as a form of a known word."""

    def __init__(self, vocabulary: Iterable[str], synonyms: Sequence[Sequence[str]] = (),
                 glossed: Iterable[str] = (), texts: Iterable[str] | None = None) -> None:
        """``glossed``: words known only from the passages' English glosses; they are known
        words, but a typo is never corrected into one ("mayor" is not "major"). ``texts``: the
        words of the knowledge base's own texts (not of its collected phrasings, which keep
        askers' slips): the words a clipped word may be read as (all of them if not given)."""
        self._texts: frozenset[str] | None = None if texts is None else frozenset(
            fold(w) for w in set(texts))
        self.surface: dict[str, str] = {}
        self._dropped: dict[str, str] = {}
        """a known word with its æ, ø, å left out altogether ("mlet" for "målet", "nste" for
        "næste"): people who cannot type them often just skip them"""
        self._display: dict[str, str] = {}
        """a known word's own spelling by its folded and skeleton forms ("maal" → "mål")"""
        for word in dict.fromkeys(vocabulary):  # (each word once: texts repeat words)
            folded = fold(word)
            if folded not in STOPWORDS and (len(folded) >= 2 or folded.isdigit()):
                if folded not in self.surface:
                    self.surface[folded] = self.token(word)
                if _DROP.search(word.casefold()):
                    self._display.setdefault(folded, word.casefold())
                    self._display.setdefault(skeleton(folded), word.casefold())
                dropped = _DROP.sub("", word.casefold())
                if dropped != word.casefold() and len(dropped) >= self.DROPPED_LETTERS:
                    self._dropped.setdefault(dropped, folded)
        own = frozenset(self.surface)
        for word in dict.fromkeys(glossed):
            folded = fold(word)
            if folded not in STOPWORDS and (len(folded) >= 2 or folded.isdigit()) and \
                    folded not in self.surface:
                self.surface[folded] = self.token(word)
        # a word written without æ, ø, å in the knowledge base's own texts ("arsaftale" in a
        # collected phrasing) is the same word as the one with them ("årsaftale")
        spelled: dict[str, str] = {}
        for folded in self.surface:
            plain = skeleton(folded)
            if plain != folded:
                spelled.setdefault(plain, folded)
        for folded in list(self.surface):
            proper = spelled.get(folded)
            if proper is not None and len(folded) >= 5:
                self.surface[folded] = self.surface[proper]
        self._merge_inflections()
        self.by_stem: dict[str, list[str]] = defaultdict(list)
        self.by_initial: dict[str, list[str]] = defaultdict(list)
        self.skeletons: dict[str, str] = {}
        for folded, token in self.surface.items():
            self.by_stem[token].append(folded)
            if len(folded) >= 4 and folded in own:
                self.by_initial[folded[0]].append(folded)
            self.skeletons.setdefault(skeleton(folded), folded)
        self._text_tokens = frozenset(self.surface[f] for f in self._texts or ()
                                      if f in self.surface)
        self.phrases: dict[tuple[str, ...], str] = {}
        for group in synonyms:
            keys = [k for k in (self._phrase_key(phrase) for phrase in group) if k]
            if keys:
                canonical = "§" + "_".join(keys[0])
                for key in keys:
                    self.phrases.setdefault(key, canonical)
        self.longest: dict[str, int] = {}
        """for a token that begins a synonym phrase, the longest such phrase"""
        for key in self.phrases:
            self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))
        self._splits: dict[str, list[str]] = {}
        self._sorted: list[str] | None = None
        """the known words in order, for the words a clipped one begins"""

    _ENDINGS = ("er", "e", "en", "et", "erne", "ene", "s", "es")
    """Inflectional endings (Danish and English) that make another form of the same word."""

    def _merge_inflections(self) -> None:
        """Give two known forms of one word one token where the stemmer takes them apart
        differently ("indsats" → indsat, "indsatser" → indsats; "enhed", "enheder")."""
        parent: dict[str, str] = {}

        def root(token: str) -> str:
            while parent.get(token, token) != token:
                token = parent[token]
            return token

        for folded in sorted(self.surface, key=len):
            if len(folded) < 4 or not folded.isalpha():
                continue
            forms = [folded + ending for ending in self._ENDINGS]
            if folded.endswith("y"):  # "municipality", "municipalities"
                forms.append(folded[:-1] + "ies")
            for form in forms:
                longer = self.surface.get(form)
                if longer is None:
                    continue
                first, second = root(self.surface[folded]), root(longer)
                if first != second and not first.startswith(("@", "§")) \
                        and not second.startswith(("@", "§")):
                    parent[second] = first
        if parent:
            for folded, token in self.surface.items():
                self.surface[folded] = root(token)

    @staticmethod
    def token(word: str) -> str:
        folded = fold(word)
        canonical = CANONICAL.get(folded)
        return canonical if canonical else stem(word)

    def _phrase_key(self, phrase: str) -> tuple[str, ...]:
        return tuple(self.token(w) for w in words(phrase) if fold(w) not in STOPWORDS)

    # ------------------------------------------------------------------ one word
    def known(self, folded: str) -> str | None:
        """The token of a word the knowledge base knows, or of another form of it.

        Sharing a stem is not enough: "parkere" and "Park" share "park" but are different
        words, so the word must also look like one of the stem's known forms.
        """
        if folded in self.surface:
            return self.surface[folded]
        canonical = CANONICAL.get(folded)
        if canonical is not None:  # "antal" is "@many" even where no text has the word
            return canonical
        token = self.token(folded)
        forms = self.by_stem.get(token)
        if forms and max(fuzz.ratio(folded, form) for form in forms) >= self.SAME_WORD:
            return token
        if folded.endswith("s") and 2 <= len(folded) - 1 <= 5:
            # the genitive of a short name or abbreviation ("LTKs", "RKs", "DTUs")
            base = self.surface.get(folded[:-1]) or CANONICAL.get(folded[:-1])
            if base is not None:
                return base
        return self._sibling(folded) or self._clipped(folded)

    def _sibling(self, folded: str) -> str | None:
        """Another inflection of a known word that the stemmer takes apart differently
        ("enhed" beside "enheder", "homes" beside "home"): the word with an ending added or
        taken off is known, and the shorter form has at least four letters."""
        if len(folded) < 4 or not folded.isalpha():
            return None
        for ending in self._ENDINGS:
            longer = self.surface.get(folded + ending)
            if longer is not None:
                return longer
            if folded.endswith(ending) and len(folded) - len(ending) >= 4:
                shorter = self.surface.get(folded[:-len(ending)])
                if shorter is not None:
                    return shorter
        return None

    def spelled(self, word: str) -> str:
        """``word`` as the knowledge base spells it, where it was written without æ, ø, å
        ("maal" → "mål", "fokusomrader" → "fokusområder"); else as written."""
        if _DROP.search(word.casefold()):
            return word
        folded = fold(word.casefold())
        return self._display.get(folded) or self._display.get(skeleton(folded)) or word

    def _without_letters(self, folded: str) -> str | None:
        """A known word written without æ, ø, å ("pejlemarker", "hvornar", "faelles")."""
        found = self.skeletons.get(skeleton(folded))
        if found is None and folded not in self.surface:
            found = self._dropped.get(folded)
        return self.surface[found] if found is not None else None

    def _split(self, folded: str, *, inflected: bool = False) -> list[str]:
        if inflected:
            return self._split_compound(folded, inflected=True)
        found = self._splits.get(folded)
        if found is None:
            found = self._splits[folded] = self._split_compound(folded)
        return found

    def _split_compound(self, folded: str, *, inflected: bool = False) -> list[str]:
        """Split a compound into two words the knowledge base has (the head verbatim, and may
        end in a linking s or e), longest head first: "sygefraværsmålet" → sygefravær +
        målet. ``inflected`` also takes another form of a known word as the tail
        ("sygefraværstallet" → sygefravær + tallet, when "tal" is known)."""
        for cut in range(len(folded) - 4, 3, -1):
            tail = folded[cut:]
            tail_token = self.surface.get(tail)
            if tail_token is None and inflected and len(tail) >= 5:
                stem_token = self.token(tail)
                tail_token = stem_token if stem_token in self.by_stem else None
            if tail_token is None:
                continue
            head = folded[:cut]
            # a three-letter head only before a long tail ("tids|perspektiv")
            shortest = 3 if len(tail) >= 8 else 4
            for candidate in (head, head[:-1] if head[-1:] in "se" else ""):
                if len(candidate) >= shortest and candidate in self.surface:
                    return [self.surface[candidate], tail_token]
        return []

    def split(self, folded: str) -> list[str]:
        """The tokens of a known compound's two parts ("sygefravaersmaalet" → sygefravær +
        mål), or ``[]``."""
        return self._split(folded) if len(folded) >= 7 else []

    def _head(self, folded: str) -> list[str]:
        """The known first word of a long compound whose last word is not known
        ("rekrutteringspraksis" → rekruttering): the compound is about it."""
        if len(folded) < 11:
            return []
        for cut in range(len(folded) - 5, 5, -1):
            head = folded[:cut]
            for candidate in (head, head[:-1] if head[-1:] in "se" else ""):
                if len(candidate) >= 6 and candidate in self.surface:
                    return [self.surface[candidate]]
        return []

    def _correct(self, folded: str, *, texts_only: bool = False) -> str | None:
        """A typo's intended word: one edit away (a swap of two letters is one), two for long
        words; the first letter must match (people rarely mistype it). ``texts_only``: a word
        of the texts, not of a collected phrasing."""
        if len(folded) < 4 or folded[0].isdigit():
            return None
        edits = 2 if len(folded) >= 8 else 1
        candidates = self.by_initial.get(folded[0], ())
        if texts_only:
            candidates = [c for c in candidates if self._texts is None or c in self._texts]
        found = process.extractOne(folded, candidates, scorer=OSA.distance,
                                   score_cutoff=edits)
        return self.surface[found[0]] if found else None

    @staticmethod
    def _stopword_slip(folded: str) -> bool:
        """A stop word with one letter dropped or added ("vær" for "være", "hvd" for "hvad")."""
        if not 3 <= len(folded) <= 9 or not folded.isalpha():
            return False
        return any(OSA.distance(folded, stop) <= 1
                   for stop in _SHORT_STOPWORDS.get(folded[0], ()))

    def word_token(self, word: str) -> list[str]:
        """The token(s) of one word of a question; ``[]`` for a stop word; an unknown word
        as ``?word``."""
        folded = fold(word)
        if folded in STOPWORDS or folded in _SKELETON_STOPWORDS or (
                len(folded) < 2 and not folded.isdigit()):
            return []
        known = self.known(folded)
        if known is not None:
            if self._texts is not None and known not in self._text_tokens and \
                    len(folded) >= self.SLIP:
                # known only from a collected phrasing, as a long word's slip
                # ("fremtidsfortaelingen"): the texts' word it slips from, if there is one
                # (short words there are other words: "taler", "context")
                return [self._correct(folded, texts_only=True) or known]
            return [known]
        if folded.replace(".", "").isdigit():  # a number is a number, never a typo
            return [folded]
        if not folded.isdigit():
            plain = self._without_letters(folded)
            if plain is not None:
                return [plain]
        parts = self._split(folded) if len(folded) >= 7 else []
        if parts:
            return parts
        parts = self._split(folded, inflected=True) if len(folded) >= 9 else []
        if parts:
            return parts
        corrected = self._correct(folded)
        if corrected is not None:
            return [corrected]
        if self._stopword_slip(folded):
            return []
        derived = self._derived(folded)
        if derived is not None:
            return [derived]
        return [UNKNOWN + folded]

    SLIP = 8
    """a word known only from a collected phrasing, with at least this many letters, may be a
    slip of a word of the texts"""

    CLIPPED = 6
    """A clipped word ("kerneomr.", "kompetenceudv", "sygefr") has at least this many letters."""
    CLIPPED_REST = 6
    """…and the word it begins has at most this many letters more ("sygefr" → sygefravær)"""

    def _clipped(self, folded: str) -> str | None:
        """The word a clipped one begins: the known words it begins all have one token
        ("kerneomr" → kerneområder, kerneområde)."""
        if len(folded) < self.CLIPPED or not folded.isalpha():
            return None
        if self._sorted is None:
            self._sorted = sorted(self.surface)
        begun: list[str] = []
        for known in self._sorted[bisect.bisect_right(self._sorted, folded):]:
            if not known.startswith(folded):
                break
            begun.append(known)
        found = {self.surface[known] for known in begun}
        if len(found) == 1:
            return found.pop()
        # "sygefr" begins sygefravær, sygefraværet, sygefraværsmål (and slips collected in
        # phrasings, "sygefraevaer"): of the texts' own words, the shortest, when every other
        # one begins with it, is the word (the rest are its forms and compounds)
        own = [k for k in begun if self._texts is None or k in self._texts]
        if own and len({self.surface[k] for k in own}) == 1:
            return self.surface[own[0]]
        shortest = min(own, key=len, default="")
        if shortest and len(shortest) - len(folded) <= self.CLIPPED_REST and all(
                k.startswith(shortest) for k in own):
            return self.surface[shortest]
        return None

    DERIVED_STEM = 7
    DERIVED_ENDING = 4

    def _derived(self, folded: str) -> str | None:
        """A known word of at least ``DERIVED_STEM`` letters with a short ending added
        ("decentral|ised", "effektiv|itet"): another form of it."""
        if not folded.isalpha():
            return None
        for cut in range(len(folded) - 1, max(self.DERIVED_STEM, len(folded)
                                               - self.DERIVED_ENDING) - 1, -1):
            token = self.surface.get(folded[:cut])
            if token is not None:
                return token
        return None

    def word_of(self, word: str) -> str:
        """The token of one word as a whole (not its parts), with its one-word synonym."""
        folded = fold(word)
        token = self.surface.get(folded) or self.known(folded) or self.token(word)
        return self.phrases.get((token,), token)

    def parts_of(self, word: str) -> tuple[frozenset[str], str]:
        """Index side: the tokens of one word of the knowledge base's own text (the word, a
        one-word synonym, the parts of a compound) and the token of its last part (what a
        compound is: "folkeskoler" is a kind of "skole")."""
        folded = fold(word)
        if folded in STOPWORDS or (len(folded) < 2 and not folded.isdigit()):
            return frozenset(), ""
        token = self.surface.get(folded) or self.known(folded) or self.token(word)
        token = self.phrases.get((token,), token)
        parts = self._split(folded) if len(folded) >= 7 else []
        found = {token, *(self.phrases.get((p,), p) for p in parts)}
        tail = self.phrases.get((parts[-1],), parts[-1]) if parts else token
        return frozenset(found), tail

    # ------------------------------------------------------------------ text
    def _merge(self, sequence: list[tuple[str, str]]) -> dict[str, str]:
        """Replace synonym phrases in a (token, word) sequence, longest first; token → the
        words it came from."""
        merged: dict[str, str] = {}
        position = 0
        while position < len(sequence):
            longest = self.longest.get(sequence[position][0], 0)
            for size in range(min(longest, len(sequence) - position), 0, -1):
                key = tuple(token for token, _ in sequence[position:position + size])
                canonical = self.phrases.get(key)
                if canonical is not None:
                    merged.setdefault(canonical, " ".join(
                        w for _, w in sequence[position:position + size]))
                    position += size
                    break
            else:
                token, word = sequence[position]
                merged.setdefault(token, word)
                position += 1
        return merged

    def tokens(self, text: str) -> dict[str, str]:
        """A question's tokens, each with the word(s) of the question it stands for."""
        sequence: list[tuple[str, str]] = []
        for word in words(text):
            sequence.extend((token, word) for token in self.word_token(word))
        return self._merge(sequence)

    def analyse(self, text: str, *, expand: bool = False, heads: bool = False) -> set[str]:
        """Tokens of ``text``. ``expand`` (index side) adds compound parts beside the word
        and never corrects (the text is the knowledge base's own); ``heads`` also adds the
        known first word of a compound whose last word is unknown."""
        if not expand:
            return set(self.tokens(text))
        sequence: list[tuple[str, str]] = []
        parts_seen: list[str] = []
        for word in words(text):
            folded = fold(word)
            if folded in STOPWORDS or (len(folded) < 2 and not folded.isdigit()):
                continue
            sequence.append((self.surface.get(folded) or self.token(word), word))
            if len(folded) >= 7:
                parts_seen.extend(self._split(folded) or (self._head(folded) if heads else []))
        tokens = set(self._merge(sequence))
        for part in parts_seen:
            tokens |= set(self._merge([(part, part)]))
        return tokens
