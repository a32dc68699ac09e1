"""The strategy office's review of the questions the bot could not answer: pure rules.

**Grouping.** A logged question is read as a set of tokens: its words folded (æ→ae …),
stemmed (Snowball) and written without æ, ø, å ("hvornar" = "hvornår"), stop words left out,
question words made one token in both languages ("hvornår" = "when" = ``@when``). Two
questions with the same tokens are the same question (:func:`question_key`: word order, case,
punctuation and inflection do not count). Two questions are *similar* when their token sets
have a weighted Jaccard similarity of at least :data:`SIMILAR` (0.5: at least half of all their
distinct tokens shared, a question word counting half), where a token of five letters or more
also matches one a typo away (one edit, two from nine letters, the same first letter). Groups
are formed greedily, the most asked question first: a question joins the group whose first
question it is most similar to, else starts one — so a group never drifts away from its first
question by chaining.

**Phrasings.** An admin attaches a question to an entry as one more of its alternative
questions, validated as ``kb check`` validates ``phrasings.yaml`` and a little more: the entry
exists, the language is da or en, the text has a word and at most :data:`MAX_PHRASING` characters
on one line, it is not a question (or title, or keyword) of another entry, and it holds no
personal data (an e-mail address, a phone or CPR number): a phrasing becomes part of
``knowledge/``.

**Export.** The attached phrasings merged into ``phrasings.yaml`` in its own format: entries in
id order, each's existing phrasings as they are, the new ones after them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import yaml
from rapidfuzz.distance import OSA

from strategibot.domain.language import CANONICAL, STOPWORDS
from strategibot.domain.normalise import fold, fold_text, skeleton, stem, words
from strategibot.errors import StrategibotError

__all__ = [
    "LANGS",
    "MAX_PHRASING",
    "SIMILAR",
    "Group",
    "Logged",
    "Phrasing",
    "Refusal",
    "ReviewRefused",
    "group_questions",
    "mask",
    "merge_phrasings",
    "parse_candidates",
    "personal_data",
    "phrasing_problem",
    "question_key",
    "question_tokens",
    "render_phrasings",
    "similarity",
]

SIMILAR = 0.5
"""Two questions are similar (one group) at this Jaccard similarity of their tokens."""
QUESTION_WORD = 0.5
"""The weight of a question word's token: "hvornår åbner kantinen?" and "hvornår åbner
letbanen?" share two of four tokens but are different questions."""
MAX_PHRASING = 300
"""The longest phrasing, in characters (the longest question in knowledge/ has 130)."""
LANGS = ("da", "en")
_TYPO_LETTERS = 5
"""A token this long matches another one edit away (two from nine letters)."""

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CPR = re.compile(r"(?<!\d)\d{6}[- ]?\d{4}(?!\d)")
_NUMBER = r"(?:\d{8}|\d{2} \d{2} \d{2} \d{2})"
_PHONE = re.compile(rf"(?:\+45[\s-]?{_NUMBER}|(?<![\d-]){_NUMBER})(?![\d-])")
_PERSONAL = (("email", _EMAIL), ("phone", _PHONE), ("cpr", _CPR))
MASK = "[…]"


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a decision cannot be made: a ``code`` whose words are
    ``dashboard.review.problem.<code>`` in ``dialogs/dashboard.yaml`` (Danish and English),
    and the values they name."""

    code: str
    values: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} {dict(self.values)}" if self.values else self.code


class ReviewRefused(StrategibotError):
    """A review decision that cannot be made: ``status`` (HTTP-like: 400 bad input, 404 not
    found, 409 a conflict) and every problem."""

    def __init__(self, status: int, problems: Sequence[Refusal]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.status = status
        self.problems = tuple(problems)


# ---------------------------------------------------------------------------- reading


def question_tokens(text: str) -> frozenset[str]:
    """The tokens a question is compared by (see the module's text)."""
    found: set[str] = set()
    for word in words(text):
        folded = fold(word)
        if folded in STOPWORDS or (len(folded) < 2 and not folded.isdigit()):
            continue
        found.add(CANONICAL.get(folded) or skeleton(stem(word)))
    return frozenset(found)


def question_key(text: str) -> str:
    """A question's identity in the review: the same for the same tokens in any order and
    form (a question of stop words only: its folded text). A digest, so the key itself
    holds no word of the question."""
    tokens = question_tokens(text)
    basis = " ".join(sorted(tokens)) if tokens else "=" + fold_text(text)
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:40]


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < _TYPO_LETTERS or a[0] != b[0] or a[0] in "@§":
        return False
    edits = 2 if min(len(a), len(b)) >= 9 else 1
    return abs(len(a) - len(b)) <= edits and OSA.distance(a, b, score_cutoff=edits) <= edits


def _index_keys(token: str) -> tuple[str, ...]:
    if len(token) < _TYPO_LETTERS or token[0] in "@§":
        return (token,)
    return (token, "<" + token[:3], ">" + token[0] + token[-3:])


def _weight(token: str) -> float:
    return QUESTION_WORD if token.startswith("@") else 1.0


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Weighted Jaccard similarity of two token sets: a token matching one a typo away, a
    question word ("hvornår", "who") weighing :data:`QUESTION_WORD`."""
    if not a or not b:
        return 1.0 if a == b else 0.0
    matched = sum(_weight(t) for t in a & b)
    rest = list(b - a)
    for token in a - b:
        for number, other in enumerate(rest):
            if _same(token, other):
                matched += _weight(token)
                del rest[number]
                break
    total = sum(_weight(t) for t in a) + sum(_weight(t) for t in b) - matched
    return matched / total


# ---------------------------------------------------------------------------- personal data


def personal_data(text: str) -> str | None:
    """What kind of personal data ``text`` seems to hold: ``email``, ``cpr``, ``phone``."""
    for kind, pattern in _PERSONAL:
        if pattern.search(text):
            return kind
    return None


def mask(text: str) -> str:
    """``text`` with e-mail addresses, CPR and phone numbers replaced by "[…]"."""
    for _, pattern in _PERSONAL:
        text = pattern.sub(MASK, text)
    return text


# ---------------------------------------------------------------------------- grouping


@dataclass(frozen=True, slots=True)
class Logged:
    """One logged question (``question_log``: no user, no chat)."""

    question: str
    lang: str
    outcome: str
    score: float
    candidates: tuple[tuple[str, float], ...]
    asked_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Wording:
    """The questions of one key: the wording asked most (masked), how often, when last."""

    key: str
    text: str
    """as asked most often (the latest of equals), personal data masked"""
    count: int
    last: dt.datetime
    personal: bool
    """some of its wordings held personal data: it is never offered as a phrasing"""
    lang: str


@dataclass(frozen=True, slots=True)
class Group:
    """Similar questions, with what the review needs to decide on them."""

    wordings: tuple[Wording, ...]
    """most asked first; the first is the group's question"""
    count: int
    languages: tuple[str, ...]
    first: dt.datetime
    last: dt.datetime
    outcomes: Mapping[str, int]
    """how often the bot said "I don't know" (``unknown``) and "did you mean" (``clarify``)"""
    nearest: tuple[tuple[str, float], ...]
    """entry ids and scores, best first: the engine's ranking now, then the logged ones"""

    @property
    def question(self) -> str:
        return self.wordings[0].text

    @property
    def key(self) -> str:
        return self.wordings[0].key

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(w.key for w in self.wordings)


def parse_candidates(text: str) -> tuple[tuple[str, float], ...]:
    """The log's ``candidates`` column ("entry:0.45,other:0.30") as pairs; bad parts skipped."""
    found: list[tuple[str, float]] = []
    for part in (text or "").split(","):
        entry, _, score = part.strip().rpartition(":")
        try:
            found.append((entry, float(score)))
        except ValueError:
            continue
    return tuple((e, s) for e, s in found if e)


Rank = Callable[[str], Sequence[tuple[str, float]]]


def group_questions(rows: Iterable[Logged], *, decided: Container[str] = frozenset(),
                    rank: Rank | None = None, ranked: int | None = None, nearest: int = 3,
                    threshold: float = SIMILAR) -> list[Group]:
    """The logged questions not yet decided on (by key), grouped by similarity; the groups
    asked most first (then the most recently asked).

    Args:
        decided: keys attached or marked out of scope: their questions leave the list.
        rank: the engine's best entries for a question now (id, score), for ``nearest``.
        ranked: how many groups (the first) ``rank`` is asked about (None: all); the others
            have the entries logged with their questions.
    """
    by_key: dict[str, list[Logged]] = defaultdict(list)
    for row in rows:
        key = question_key(row.question)
        if key not in decided:
            by_key[key].append(row)
    wordings: list[tuple[Wording, frozenset[str], list[Logged]]] = []
    for key, logged in by_key.items():
        # the form asked most (case and punctuation aside), as it was last written (of two
        # at the same time, the first given: the log is read newest first)
        forms = Counter(fold_text(r.question) for r in logged)
        latest: dict[str, Logged] = {}
        for row in logged:
            folded = fold_text(row.question)
            if folded not in latest or row.asked_at > latest[folded].asked_at:
                latest[folded] = row
        shown = max(forms, key=lambda f: (forms[f], latest[f].asked_at))
        text = clean(latest[shown].question)
        personal = any(personal_data(r.question) for r in logged)
        langs = Counter(r.lang for r in logged)
        wordings.append((Wording(key, mask(text), len(logged),
                                 max(r.asked_at for r in logged), personal,
                                 langs.most_common(1)[0][0]),
                         question_tokens(text), logged))
    wordings.sort(key=lambda w: (-w[0].count, -w[0].last.timestamp(), w[0].text))
    groups: list[tuple[frozenset[str], list[tuple[Wording, list[Logged]]]]] = []
    weights: list[float] = []
    index: dict[str, set[int]] = defaultdict(set)
    """a group's first question's tokens, and their first and last three letters (a token a
    typo away shares one of them but in a short word's middle) → the groups"""
    for wording, tokens, logged in wordings:
        # an upper bound of the weight each group can share with these tokens: only a group
        # that could reach the threshold is compared (m / (A + B - m) ≥ θ ⟺ m ≥ θ(A+B)/(1+θ))
        bound: dict[int, float] = defaultdict(float)
        for token in tokens:
            for number in set().union(*(index.get(k, ()) for k in _index_keys(token))):
                bound[number] += _weight(token)
        mine = sum(_weight(t) for t in tokens)
        best, best_score = None, threshold
        for number in sorted(bound):
            if bound[number] < threshold * (mine + weights[number]) / (1 + threshold):
                continue
            score = similarity(tokens, groups[number][0])
            if score >= best_score and (best is None or score > best_score):
                best, best_score = number, score
        if best is None:
            groups.append((tokens, [(wording, logged)]))
            weights.append(mine)
            for token in tokens:
                for key in _index_keys(token):
                    index[key].add(len(groups) - 1)
        else:
            groups[best][1].append((wording, logged))

    def order(members: list[tuple[Wording, list[Logged]]]) -> tuple[int, float, str]:
        rows = [row for _, logged in members for row in logged]
        return -len(rows), -max(r.asked_at for r in rows).timestamp(), members[0][0].text

    ordered = sorted((members for _, members in groups), key=order)
    return [_group(members, rank if ranked is None or number < ranked else None, nearest)
            for number, members in enumerate(ordered)]


def _group(members: list[tuple[Wording, list[Logged]]], rank: Rank | None,
           nearest: int) -> Group:
    rows = [row for _, logged in members for row in logged]
    logged_best: dict[str, float] = {}
    for row in rows:
        for entry, score in row.candidates:
            logged_best[entry] = max(score, logged_best.get(entry, 0.0))
    found: dict[str, float] = {}
    if rank is not None:
        for entry, score in rank(members[0][0].text)[:nearest]:
            found.setdefault(entry, round(score, 2))
    for entry, score in sorted(logged_best.items(), key=lambda item: (-item[1], item[0])):
        if len(found) >= nearest:
            break
        found.setdefault(entry, round(score, 2))
    return Group(
        wordings=tuple(w for w, _ in members), count=len(rows),
        languages=tuple(sorted({r.lang for r in rows})),
        first=min(r.asked_at for r in rows), last=max(r.asked_at for r in rows),
        outcomes=dict(Counter(r.outcome for r in rows)),
        nearest=tuple(found.items())[:nearest])


# ---------------------------------------------------------------------------- phrasings


@dataclass(frozen=True, slots=True)
class Phrasing:
    """One more alternative question of an entry."""

    entry_id: str
    lang: str
    text: str


def clean(text: str) -> str:
    """A phrasing as it is kept: one line, single spaces."""
    return " ".join((text or "").split())


def phrasing_problem(phrasing: Phrasing, entries: Container[str],
                     owners: Mapping[str, str]) -> Refusal | None:
    """Why ``phrasing`` cannot be attached, or None.

    Args:
        entries: the ids of the knowledge base's entries.
        owners: folded question, title or keyword → the entry it belongs to (knowledge/ and
            the phrasings attached so far).
    """
    text = phrasing.text
    if phrasing.entry_id not in entries:
        return Refusal("unknown_entry", {"entry": phrasing.entry_id[:100]})
    if phrasing.lang not in LANGS:
        return Refusal("unknown_language", {"lang": phrasing.lang[:10]})
    if text != clean(text) or any(ord(c) < 32 for c in text):
        return Refusal("one_line")
    if not words(text):
        return Refusal("no_word")
    if len(text) > MAX_PHRASING:
        return Refusal("too_long", {"most": MAX_PHRASING, "given": len(text)})
    kind = personal_data(text)
    if kind is not None:
        return Refusal("personal", {"question": mask(text)})
    owner = owners.get(fold_text(text))
    if owner is not None and owner != phrasing.entry_id:
        return Refusal("taken", {"question": text, "entry": owner})
    return None


def merge_phrasings(existing: Mapping[str, Mapping[str, Sequence[str]]],
                    added: Iterable[Phrasing],
                    present: Mapping[str, Iterable[str]] | None = None,
                    ) -> tuple[dict[str, dict[str, list[str]]], list[Phrasing]]:
    """``phrasings.yaml``'s table with ``added`` after each entry's own; a phrasing already
    there (or among ``present``: an entry's folded questions in its entry file) is not added
    twice. Returns the merged table, entries in id order, and the phrasings it added."""
    merged: dict[str, dict[str, list[str]]] = {
        entry: {lang: list(by_lang[lang]) for lang in LANGS if by_lang.get(lang)}
        for entry, by_lang in existing.items()}
    seen: dict[str, set[str]] = defaultdict(set)
    for entry, by_lang in merged.items():
        seen[entry].update(fold_text(q) for items in by_lang.values() for q in items)
    for entry, folded in (present or {}).items():
        seen[entry].update(folded)
    new: list[Phrasing] = []
    for phrasing in added:
        key = fold_text(phrasing.text)
        if key in seen[phrasing.entry_id]:
            continue
        seen[phrasing.entry_id].add(key)
        merged.setdefault(phrasing.entry_id, {}).setdefault(phrasing.lang, []).append(
            phrasing.text)
        new.append(phrasing)
    ordered = {entry: {lang: merged[entry][lang] for lang in LANGS if merged[entry].get(lang)}
               for entry in sorted(merged)}
    return ordered, new


def _scalar(text: str) -> str:
    """A text as ``phrasings.yaml`` writes it: plain where YAML allows, else quoted."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**6,
                            default_flow_style=True).strip()
    return dumped.removesuffix("\n...").removesuffix("...").strip()


def render_phrasings(table: Mapping[str, Mapping[str, Sequence[str]]], header: str = "") -> str:
    """``phrasings.yaml``: ``header`` (its comment lines), then the table, two spaces an
    indent, a list item a line."""
    lines = [line for line in header.splitlines() if line.strip()]
    lines.append("phrasings:")
    for entry, by_lang in table.items():
        lines.append(f"  {entry}:")
        for lang, items in by_lang.items():
            lines.append(f"    {lang}:")
            lines.extend(f"      - {_scalar(item)}" for item in items)
    return "\n".join(lines) + "\n"


def header_of(text: str) -> str:
    """The comment lines that open a YAML file."""
    found: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        found.append(line)
    return "\n".join(found)
