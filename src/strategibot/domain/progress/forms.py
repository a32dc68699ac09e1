"""Which citizen-involvement forms are the same form: the rule that turns the names units
report ("Borgerpanel", "panel med borgere", "borger-panel") into distinct forms.

The rule, in order (README, "Citizen involvement: which forms are the same"):

1. **Key.** A name's key is its words lower-cased, æ/ø/å folded, hyphens as spaces, small
   words ("med", "for", "og", "af", "the", "with" …) removed, each word stemmed (Danish
   Snowball: "borgere" → "borg") and the stems sorted: "panel med borgere" and "borger-panel"
   are both "borg panel". Keys are also compared without spaces.
2. **Synonyms.** ``knowledge/<strategy>/forms.yaml`` lists names that are one form
   ("dialogmøde", "borgerdialog"); every name of a group gets the group's first key.
3. **Compounds.** "panel med borgere" is "borgerpanel": a name of two or three words is the
   one-word name made of its stems in some order, each followed by at most three letters
   (an ending or a linking s).
4. **Typos.** Two keys of at least 8 letters (without spaces) that differ by one edit
   (insert, delete, substitute, swap two neighbours) — or by at most 8 % of their length for
   long names — are one form. "brugerpanel" and "borgerpanel" are two edits apart: two forms.
5. **An admin's word is final.** ``saml A og B`` puts B's group into A's; ``adskil A`` takes
   A out of its group. These decisions (:class:`Override`) are kept in the database and
   applied after the rule.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import Field
from rapidfuzz.distance import OSA

from strategibot.core.strict import Strict
from strategibot.domain.normalise import fold, stem, words

__all__ = ["FormGroup", "FormRules", "FormsFile", "form_key", "group_forms"]

SMALL_WORDS = frozenset({
    "med", "for", "og", "af", "i", "til", "om", "de", "den", "det", "en", "et", "vores", "paa",
    "the", "with", "of", "and", "a", "an", "in", "on", "our",
    "nr", "no", "nummer", "number",  # "borgerpanel nr. 3" is the borgerpanel
})
_FORMULA = ("=", "+", "-", "@")
_MARKUP = ("<", ">", "{", "}", "://", "\\", "@")
MIN_LETTERS = 4
TYPO_MIN_LENGTH = 8
TYPO_SHARE = 0.08


class FormSynonymsModel(Strict):
    """A group of names that are one form; the first is the name shown."""

    names: list[str] = Field(min_length=2)
    note: str | None = None


class FormsFile(Strict):
    """``knowledge/<strategy>/forms.yaml``: names of citizen-involvement forms that are one
    form, beyond what the automatic rule finds."""

    same: list[FormSynonymsModel] = Field(default_factory=list)


_NUMBER_TALK = frozenset(fold(w) for w in (
    "komma", "point", "dage", "dag", "days", "day", "procent", "percent", "pct", "årsværk",
    "dagsværk", "fte", "ca", "cirka", "about"))
"""Words around a figure: a name of them and digits only is a figure."""


def plausible_name(name: str) -> bool:
    """Whether ``name`` can be the name of a form: at least four letters in words (or an
    abbreviation in capitals, "RPA"), no spreadsheet formula ("=HYPERLINK(…)"), no markup,
    link or e-mail address."""
    stripped = name.strip()
    if not stripped or stripped.startswith(_FORMULA) or any(m in stripped for m in _MARKUP):
        return False
    letters = sum(1 for c in stripped if c.isalpha())
    if any(c.isdigit() for c in stripped) and all(
            w.isdigit() or w in _NUMBER_TALK for w in words(stripped)):
        return False  # "15 komma 2", "12 dage": a figure, no name
    if letters >= 3 and stripped.isalpha() and stripped.isupper():
        return True  # an abbreviation: "RPA", "AI" is too short to tell from a word
    return letters >= MIN_LETTERS and letters >= len(stripped.replace(" ", "")) * 0.6


def form_key(name: str) -> str:
    """The key of a form's name (rule 1): its stemmed, folded content words, sorted."""
    kept = [w for w in words(name.replace("-", " ").replace("/", " "))
            if w not in SMALL_WORDS and not w.isdigit()]
    stems = {stem(w) for w in kept} - SMALL_WORDS - {""}
    return " ".join(sorted(stems))


def _compact(key: str) -> str:
    return key.replace(" ", "")


def _compound(parts: Sequence[str], whole: str) -> bool:
    """Rule 3: ``whole`` (one word) is the stems ``parts`` joined in some order, each
    followed by at most three letters (an ending or a linking s: "borg·er·panel")."""
    if not 2 <= len(parts) <= 3:
        return False
    for order in itertools.permutations(parts):
        pattern = "".join(re.escape(p) + "[a-z]{0,3}" for p in order)
        if re.fullmatch(pattern, whole):
            return True
    return False


def _typo(a: str, b: str) -> bool:
    """Rule 4 on compact keys."""
    if min(len(a), len(b)) < TYPO_MIN_LENGTH:
        return False
    allowed = max(1, int(TYPO_SHARE * max(len(a), len(b))))
    return OSA.distance(a, b, score_cutoff=allowed) <= allowed


def _restemmed(key: str) -> str:
    """A key's stems stemmed again: the stem of a word written with æ, ø, å is folded after
    stemming, the same word written without them is stemmed after ("Fremtidsværksted" →
    "fremtidsvaerksted", "fremtidsvaerksted" → "fremtidsvaerkst": they were two forms)."""
    return " ".join(sorted({stem(w) or w for w in key.split()}))


def _match(a: str, b: str) -> bool:
    """Rules 1, 3 and 4 on two keys."""
    if a == b or _compact(a) == _compact(b) or _restemmed(a) == _restemmed(b):
        return True
    pa, pb = a.split(), b.split()
    if (len(pa) == 1 and _compound(pb, a)) or (len(pb) == 1 and _compound(pa, b)):
        return True
    return _typo(_compact(a), _compact(b))


@dataclass(frozen=True, slots=True)
class Override:
    """An admin's decision: ``key`` belongs with ``group`` (a split: ``group == key``)."""

    key: str
    group: str


@dataclass(frozen=True, slots=True)
class FormGroup:
    """One distinct form: its shown name (the spelling most reports use; then the shortest),
    the keys and names grouped into it."""

    key: str
    name: str
    names: tuple[str, ...]
    keys: tuple[str, ...]


@dataclass(slots=True)
class FormRules:
    """Rule 2's synonyms, as keys."""

    synonyms: Mapping[str, str] = field(default_factory=dict)
    """a name's key → its synonym group's first key"""

    @classmethod
    def from_file(cls, model: FormsFile | None) -> FormRules:
        synonyms: dict[str, str] = {}
        for group in (model.same if model else []):
            keys = [form_key(n) for n in group.names]
            for key in keys:
                synonyms.setdefault(key, keys[0])
        return cls(synonyms)

    def canonical(self, key: str) -> str:
        """The synonym group ``key`` is in (by rules 1, 3, 4 against the group's names), or
        ``key`` itself."""
        found = self.synonyms.get(key)
        if found is None:
            found = next((group for name, group in self.synonyms.items() if _match(key, name)),
                         key)
        return found

    def same(self, a: str, b: str) -> bool:
        """Whether the keys ``a`` and ``b`` name one form by rules 1–4."""
        return _match(a, b) or self.canonical(a) == self.canonical(b)


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            first, second = sorted((ra, rb))
            self.parent[second] = first


def group_forms(names: Sequence[str], rules: FormRules,
                overrides: Sequence[Override] = ()) -> list[FormGroup]:
    """The distinct forms among ``names`` (in the order first seen): rules 1–4, then the
    admins' ``overrides`` (rule 5). A name whose key is empty (only small words) is dropped."""
    first_name: dict[str, str] = {}
    spellings: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for name in names:
        key = form_key(name)
        if not key:
            continue
        first_name.setdefault(key, name.strip())
        counts[name.strip()] = counts.get(name.strip(), 0) + 1
        if name.strip() not in spellings.setdefault(key, []):
            spellings[key].append(name.strip())
    decided = {o.key: o.group for o in overrides}
    keys = list(first_name)
    sets = _UnionFind(set(keys) | set(decided.values()))
    automatic = [k for k in keys if k not in decided]
    for a, b in itertools.combinations(automatic, 2):
        if rules.same(a, b):
            sets.union(a, b)
    for key, group in decided.items():
        if key == group or key not in sets.parent:
            continue
        sets.union(group, key)
    # a split key stands alone: no rule joins it (it is decided), what was merged into it
    # before the split went back to the rules' grouping (``set_form_group`` deleted those
    # decisions), and a merge into it after joins it
    members: dict[str, list[str]] = {}
    for key in keys:
        members.setdefault(sets.find(key), []).append(key)
    merged_into = {g for k, g in decided.items() if k != g}
    result: list[FormGroup] = []
    for grouped in members.values():
        # the name of the form an admin merged others into ("brugerråd tæller nu som
        # Borgerpanel": the group was then shown as "Brugerråd"); else the name most units
        # use; then one written with æ, ø, å ("Borgermøde", not "borgermode"); then the
        # shortest, then the first alphabetically
        shown = min(((k, n) for k in grouped for n in spellings[k]),
                    key=lambda kn: (kn[0] not in merged_into, -counts[kn[1]],
                                    fold(kn[1]) == kn[1], len(kn[1]), kn[1].casefold()))[1]
        result.append(FormGroup(
            key=grouped[0], name=shown,
            names=tuple(n for k in grouped for n in spellings[k]),
            keys=tuple(grouped)))
    return result
