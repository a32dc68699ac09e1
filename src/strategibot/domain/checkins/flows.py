"""Check-in rules: the flows in ``dialogs/checkin.yaml``, answer parsing, one-liners, summaries.

Nothing of a channel here: the conversation (``conversation.checkin``) asks, this module decides
what an answer means. Values are plain JSON-able dicts, e.g. ``{"days": 12.8, "fte": 14}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from rapidfuzz import fuzz

from strategibot.core.i18n import I18n, read_dialog_file
from strategibot.core.strict import Strict
from strategibot.domain.normalise import fold_text
from strategibot.domain.organisation import parse_number
from strategibot.errors import DialogScriptError, Problem

__all__ = [
    "CANCEL",
    "KEEP",
    "SKIP",
    "ChoiceModel",
    "FieldModel",
    "Flows",
    "FlowsFile",
    "GoalFlowModel",
    "Invalid",
    "OneLiner",
    "load_flows",
]

_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")

SHORT_ANSWER = 8
"""words at most in an answer read as "none" or "I don't know" by its phrases (a longer text
is a real note or name that happens to contain them)"""

_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*(?!\s*(?:måneder|mdr|months)\b)(?![\d.,])",
                      re.IGNORECASE)
"""the numbers in an answer, not counting "12 måneder" (the period it is asked for)"""

SKIP = "__skip__"
KEEP = "__keep__"
CANCEL = "__cancel__"


class ChoiceModel(Strict):
    value: str
    da: str
    en: str
    words: list[str] = Field(default_factory=list)

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


class FieldModel(Strict):
    id: str
    type: Literal["choice", "number", "text", "boolean"]
    question: dict[str, str]
    choices: list[ChoiceModel] = Field(default_factory=list)
    min: float | None = None
    min_exclusive: float | None = None
    max: float | None = None
    max_length: int = 200
    default: str | None = None
    only_if: str | None = None
    optional: bool = False
    """may be left empty (a "none" word or an empty form field) without skipping the goal"""
    names: dict[str, str] | None = None
    """a text field that names something (a form, an initiative, a goal): what it names, per
    language ("en form for borgerinddragelse") — a status ("vi er i gang"), "måske", a command
    or a question is then refused as its answer"""
    kind_of: bool = False
    """the name is of a kind of thing, counted as such (a form of citizen involvement): what
    one was about is no part of it ("borgermøde om budgettet" is a borgermøde; ``words``:
    topic_leads)"""


class GoalFlowModel(Strict):
    applies_to: Literal["unit", "centre"]
    fields: list[FieldModel] = Field(min_length=1)
    keys: dict[str, list[str]]
    summary: dict[str, str]
    flags: dict[str, list[str]] = Field(default_factory=dict)
    """yes/no fields a one-liner sets by a word after the name ("afprøvet", "evalueret")"""
    implies: dict[str, list[str]] = Field(default_factory=dict)
    """a flag that implies others: an evaluated form was tried"""
    per_theme: bool = False
    """asked once per theme of the strategy (strategy.yaml ``themes``)"""
    multiple: bool = False
    """a unit reports several values, each named by the first (text) field: the forms of
    citizen involvement; each is kept, changed and removed on its own"""
    none_words: list[str] = Field(default_factory=list)
    """answers to a text field that mean "none" (stored as no value, never as a name)"""


_SENTENCE = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÆØÅa-zæøå])")
"""Where a sentence ends within a message (not inside "12.8")."""


def _outermost(spans: list[tuple[int, int, str]]) -> set[str]:
    """The choices named by spans not inside a longer span of another choice ("startet" in
    "ikke startet" names nothing)."""
    return {value for start, end, value in spans
            if not any(s <= start and end <= e and (e - s) > (end - start) and v != value
                       for s, e, v in spans)}


_ABOUT_US = frozenset(("vi er", "vi har", "det er", "vi bliver", "vi regner", "we are", "we re",
                       "we have", "it is", "we will", "we ll", "we expect"))
"""How a sentence about the unit itself begins ("vi er stadig i gang")."""
_CLAUSE_BREAK = re.compile(r"\s[–—-]\s|[,;:]\s|[.!?]\s")
"""Where a clause ends within a message ("det ved jeg ikke – spring over")."""


class FlowsFile(Strict):
    """``dialogs/checkin.yaml``: the flows per goal, the flow's own words, texts and reasons
    (the texts and reasons are read into the text catalogue, :mod:`strategibot.core.i18n`)."""

    goals: dict[str, GoalFlowModel]
    words: dict[str, list[str]]
    texts: dict[str, dict[str, str]]
    reasons: dict[str, dict[str, str]]


KOMMA = re.compile(r"\b(\d+)\s+(?:komma|point)\s+(\d+)\b", re.IGNORECASE)
"""A decimal said in words: "12 komma 4", "12 point 4"."""


class Invalid(Exception):
    """An answer that does not fit its field; ``reason`` is in the user's language."""

    def __init__(self, reason: str, *, understood: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.understood = understood
        """the answer was understood, and is not taken (a hedge: "12,4 tror jeg"): no "Det
        forstod jeg ikke" before the reason"""


@dataclass(frozen=True, slots=True)
class OneLiner:
    """A check-in written in one line: goal, values and (optionally) the unit it names."""

    goal_id: str
    value: dict[str, Any]
    unit: str | None = None
    theme: int | None = None
    defaults: dict[str, Any] = dataclass_field(default_factory=dict)
    """what the line implies but does not say: kept from a standing value"""


def _bool_text(value: object, lang: str, flows: Flows) -> str:
    if value is True:
        return flows.text("yes", lang).lower()
    if value is False:
        return flows.text("no", lang).lower()
    return "–"


@dataclass(frozen=True, slots=True)
class Flows:
    """The loaded check-in flows."""

    goals: Mapping[str, GoalFlowModel]
    words: Mapping[str, tuple[str, ...]]
    i18n: I18n

    # ------------------------------------------------------------------ texts
    def text(self, key: str, lang: str, **values: Any) -> str:
        """A text of the check-in flow (``checkin.<key>`` in the catalogue)."""
        return self.i18n.text(f"checkin.{key}", lang, **values)

    def reason(self, key: str, lang: str, **values: Any) -> str:
        """Why an answer was refused (``reason.<key>``)."""
        return self.i18n.text(f"reason.{key}", lang, **values)

    def goal_named(self, text: str) -> str | None:
        """The one goal ``text`` names by a key of its check-in, also inflected
        ("sygefraværet", "digitaliseringsmålet"); None for none or several."""
        folded = f" {fold_text(text)} "
        named = {goal for goal, flow in self.goals.items()
                 for keys in flow.keys.values() for key in map(fold_text, keys)
                 if f" {key} " in folded or (len(key) >= 5 and " " not in key
                                             and f" {key}" in folded)}
        return named.pop() if len(named) == 1 else None

    def flag_correction(self, goal_id: str, text: str) -> dict[str, bool] | None:
        """The answers of a form that a correction changes ("hov, den er evalueret" →
        evaluated yes; "eller nej, kun afprøvet" → tried yes and no to the others; "nej vent,
        ikke evalueret" → evaluated no); None when it names not exactly one of them."""
        flow = self.goals[goal_id]
        folded = f" {fold_text(text)} "
        said = [name for name, flag_words in flow.flags.items()
                if any(f" {fold_text(w)} " in folded for w in flag_words)]
        only = [f" {w} " for w in self.words.get("only", ()) if f" {w} " in folded]
        if len(said) > 1 and only:
            # "kun afprøvet det, ikke evalueret": the flag right after "kun" alone
            after = folded[folded.index(only[0]) + len(only[0]) - 1:]
            first = min(((after.find(f" {fold_text(w)} "), name)
                         for name, flag_words in flow.flags.items() for w in flag_words
                         if f" {fold_text(w)} " in after), default=None)
            if first is not None and first[0] <= 2 and first[1] in {
                    f.id for f in flow.fields if f.type == "boolean"}:
                return {first[1]: True} | {other: False for other in flow.flags
                                           if other != first[1]}
        if len(said) != 1 or said[0] not in {f.id for f in flow.fields if f.type == "boolean"}:
            return None
        negated = any(f" {w} " in folded for w in self.words.get("negations", ()))
        changed = {said[0]: not negated}
        if not negated and any(f" {w} " in folded for w in self.words.get("only", ())):
            changed |= {other: False for other in flow.flags if other != said[0]}
        return changed

    def consistent(self, goal_id: str, value: Mapping[str, Any]) -> dict[str, Any]:
        """A merged value whose answers that depend on a no are none ("rekrutteret: nej"
        after a standing "værktøjskassen brugt: ja" was saved as both)."""
        out = dict(value)
        for field in self.goals[goal_id].fields:
            if field.only_if and out.get(field.only_if) is False and out.get(field.id) is not None:
                out[field.id] = None
        return out

    def number_field(self, goal_id: str) -> str | None:
        """The id of the goal's figure field ("days" of sick leave), if it has one."""
        flow = self.goals.get(goal_id)
        return next((f.id for f in flow.fields if f.type == "number"), None) if flow else None

    def goals_for(self, kind: str) -> list[str]:
        return [goal for goal, flow in self.goals.items() if flow.applies_to == kind]

    # ------------------------------------------------------------------ answers
    def _is(self, key: str, folded: str) -> bool:
        return folded in self.words.get(key, ())

    def control(self, text: str) -> str | None:
        """SKIP, KEEP or CANCEL when the text is one of those words."""
        folded = fold_text(text)
        for key, marker in (("skip", SKIP), ("keep", KEEP), ("cancel", CANCEL)):
            if self._is(key, folded):
                return marker
        if text.rstrip().endswith("?"):
            return None  # "hvad med fleksibel organisation, er det ikke det samme?" asks
        # "det ved jeg ikke helt – spring over": the last clause says what to do
        said = [fold_text(c) for c in _CLAUSE_BREAK.split(text.strip().rstrip(".!"))]
        polite = self.words.get("polite", ())  # (the words are folded as they are read)
        clauses = [c for c in said if c and c not in polite] or [folded]
        last = clauses[-1]
        if len(said) > 1:  # "spring over, tak", "det ved jeg ikke helt – spring over"
            for key, marker in (("skip", SKIP), ("cancel", CANCEL)):
                if self._is(key, last) or self._is(key, clauses[0]):
                    return marker
        if (len(clauses) > 1 or len(last.split()) <= SHORT_ANSWER // 2) and any(
                last.endswith(f" {w}") for w in self.words.get("keep", ())):
            return KEEP  # "nej, vi har ikke rekrutteret siden sidst, så det er uændret"
        if len(last.split()) <= SHORT_ANSWER and any(
                last.endswith(f" {w}") for w in self.words.get("keep", ()) if " " in w):
            return KEEP  # "Sygefraværet er det samme som sidst"
        said = folded.split()
        if len(said) <= SHORT_ANSWER // 2 and any(
                folded.startswith(f"{w} ") for w in self.words.get("keep", ())):
            return KEEP  # "uændret siden sidst"
        skips = self.words.get("skip_verbs", ())
        verb = next((n for n, w in enumerate(said) if w in skips), None)
        if verb is not None and len(said) <= SHORT_ANSWER and any(
                w in self.words.get("skip_particles", ()) for w in said[verb + 1:]):
            return SKIP  # "det spørgsmål springer vi over", "den note springer jeg over"
        return None

    def parse(self, field: FieldModel, text: str, lang: str) -> Any:
        """The value of ``text`` for ``field``; raises :class:`Invalid` with a reason."""
        raw = text.strip()
        if not raw:
            raise Invalid(self.reason("empty", lang))
        said = any(c.isdigit() for c in raw) if field.type == "number" else \
            field.type == "choice" and self.choice_in(field, raw) is not None
        if said and self.unsure(raw, any_length=True):
            # "12,4 tror jeg", "i gang tror jeg" at a question: nothing is saved (a bare
            # "måske" is told the choices)
            raise Invalid(self.reason("unsure", lang), understood=True)
        if field.type == "number":
            raw = KOMMA.sub(r"\1,\2", raw)  # "12 komma 4"
            sentences = [t for t in _SENTENCE.split(raw) if any(c.isdigit() for c in t)]
            if len(sentences) == 1:  # "Jeg har tjekket det nu. Tallet er 9,3 dagsværk …"
                raw = sentences[0].rstrip(".!")
            found = list(_NUMBERS.finditer(raw))
            if len(found) == 2 and any(
                    w in self.words.get("negations", ())
                    for w in fold_text(raw[found[0].end():found[1].start()]).split()):
                # "det var 13,4 og ikke 10,8", "11,2 not 12,1": the first, not the one it replaces
                raw = raw[:found[0].end()]
            if len(_NUMBERS.findall(raw)) > 1:  # "8,9 sidste år, nu 12": which one?
                raise Invalid(self.reason("one_number", lang))
            words = raw.split()
            while len(words) > 1 and fold_text(words[0]) in self.words.get("approximately", ()):
                words = words[1:]  # "ca. 12,5": an approximate figure is still the figure
            words = self._around_figure(words)
            first = words[0]
            if _THOUSANDS.fullmatch(first):  # "10.000": ten thousand to a Dane, ten to others
                raise Invalid(self.reason("thousands", lang))
            try:
                number = parse_number(first)
            except ValueError:
                raise Invalid(self.reason("number", lang)) from None
            if field.min_exclusive is not None and not number > field.min_exclusive:
                raise Invalid(self.reason("positive", lang))
            low = field.min if field.min is not None else float("-inf")
            high = field.max if field.max is not None else float("inf")
            if not low <= number <= high:
                raise Invalid(self.reason("range", lang, min=self.i18n.number(low, lang),
                                          max=self.i18n.number(high, lang)))
            return number
        if field.type == "boolean":
            folded = fold_text(raw)
            if self._is("yes", folded):
                return True
            if self._is("no", folded):
                return False
            answer = None if self._asks(raw) else self._yes_no(field, folded)
            if answer is None:
                raise Invalid(self.reason("boolean", lang))
            return answer
        if field.type == "choice":
            return self._choice(field, raw, lang)
        if field.names:  # "borgermøde i september", "citizen panel last week": the form
            raw = self.without_time(raw.rstrip(" .!;,")) or raw
        if field.kind_of:
            raw = self.without_topic(raw)
        if len(raw) > field.max_length:
            raise Invalid(self.reason("too_long", lang, max=field.max_length))
        return raw

    def without_time(self, name: str) -> str:
        """See :meth:`_without_time`; and without "med 12 deltagere" ("with 12 people")."""
        said = name.split()
        for at in range(1, len(said) - 1):
            if fold_text(said[at]) in ("med", "with") and said[at + 1].isdigit():
                name = " ".join(said[:at])
                break
        return self._without_time(name)

    def _without_time(self, name: str) -> str:
        """A form's name without when it took place ("borgermøde i september", "citizen panel
        last week", "første workshop i oktober"): that made a second form of the same one, and
        a goal "reached" from two names of one form (``words``: time_leads, time_words)."""
        said = name.split()
        leads = self.words.get("time_leads", ())
        times = self.words.get("time_words", ())
        for at in range(1, len(said)):
            word = fold_text(said[at])
            following = fold_text(" ".join(said[at + 1:at + 3])).split()
            if (word in leads and following and following[0] in times) or (
                    word in times and at == len(said) - 1 and fold_text(said[at - 1]) in leads):
                return " ".join(said[:at]).rstrip(" ,.;:–-") or name
            if word in self.words.get("time_alone", ()):
                return " ".join(said[:at]).rstrip(" ,.;:–-") or name
        return name

    def without_topic(self, name: str) -> str:
        """"borgermøde om budgettet" → "borgermøde": what a form was about is no part of its
        name (it was counted as a form of its own beside "borgermøde")."""
        said = name.split()
        for at in range(1, len(said) - 1):
            if fold_text(said[at]) in self.words.get("topic_leads", ()):
                return " ".join(said[:at]).rstrip(" ,.;:–-") or name
        return name

    def _around_figure(self, words: list[str]) -> list[str]:
        """From "Tallet er 9,5 dagsværk pr. årsværk" (or "we're at 11.2 days per FTE"), the
        figure and what follows it: the words before it only lead to it, the words after it
        are its unit. Any other sentence is left as it is (and refused as no number)."""
        at = next((n for n, w in enumerate(words) if _NUMBERS.search(w)), None)
        if not at:
            return words
        leads = (*self.words.get("figure_leads", ()), *self.words.get("approximately", ()))
        units = self.words.get("figure_units", ())
        before = [fold_text(w) for w in words[:at]]
        after = [fold_text(w) for w in words[at + 1:]]
        if all(w in leads or not w for w in before) and all(w in units or not w for w in after):
            return words[at:]
        return words

    def _yes_no(self, field: FieldModel, folded: str) -> bool | None:
        """A yes or no said in more words: "ja, 2 stillinger", "nej, ikke endnu", "ikke
        endnu", "not yet", or the field's own flag word ("afprøvet og evalueret" to "Er den
        afprøvet?"); None for anything else ("måske")."""
        said = folded.split()
        if not said or self.unsure(folded) or (any(c.isdigit() for c in folded) and any(
                _has_phrase(folded, w) for w in self.words.get("corrections", ()))):
            return None  # ("nej vent, det var 12,3" corrects a figure: no "nej"; but "nej, det
            # var de to" is one)
        if self._is("yes", said[0]):
            return True
        if self._is("no", said[0]) and (any(c.isdigit() for c in folded) or any(
                w in ("vent", "wait", "hov", "ups", "oops") for w in said[1:3])):
            return None  # "nej vent, sygefraværet var 12,4" corrects; it is no "nej"
        if self._is("no", said[0]) or any(_has_phrase(folded, phrase) for phrase in
                                         self.words.get("none_phrases", ())):
            return False
        negated = any(w in ("ikke", "not", "uden", "without", "never", "aldrig") for w in said)
        flag_words = {fold_text(w) for flow in self.goals.values()
                      for w in flow.flags.get(field.id, ())}
        if not negated and any(_has_phrase(folded, w) for w in flag_words):
            return True
        return None

    def means_none(self, goal_id: str, text: str, field_id: str | None = None) -> bool:
        """Whether ``text`` is one of the goal's words for "none" ("ingen", "none") or, as
        the name of one of several values (a form), a short sentence saying so ("vi har ikke
        lavet noget")."""
        folded = fold_text(text)
        flow = self.goals[goal_id]
        if any(folded == fold_text(w) for w in flow.none_words):
            return True
        # "ingen men vi arbejder på det" (saved as an initiative so named): none, and a status
        # after it; "ingen nye, men digital post til alle" names one
        head, rest = _but_split(folded)
        if rest and any(head == fold_text(w) for w in flow.none_words) and (
                self.a_status(rest) or self._a_remark(rest)):
            return True
        naming = bool(flow.none_words) and field_id == flow.fields[0].id
        # (its first clause: "Vi har ikke arbejdet med borgerinddragelse, vi er en intern
        # stabsfunktion." was read as forms; "borgerpanel, vi har ikke evalueret det" names one)
        said = fold_text(_CLAUSE_BREAK.split(text.strip().rstrip(".!"), maxsplit=1)[0])
        # (a longer clause says so in its first words: "Vi har ikke lavet nogen nye former
        # siden sidst." was read as a form)
        head = " ".join(said.split()[:SHORT_ANSWER // 2 + 1])
        return naming and not self.unsure(text) and any(
            _has_phrase(said if len(said.split()) <= SHORT_ANSWER else head, phrase)
            for phrase in self.words.get("none_phrases", ()))

    def named_after_none(self, goal_id: str, text: str) -> str | None:
        """The name after "none, but" ("ingen nye, men digital post til alle" was saved as
        none): the text after "men"/"but", when what comes before it says none and it is no
        status ("ingen men vi arbejder på det" is none)."""
        head, rest = _but_split(text.strip())
        if not rest:
            return None
        head = fold_text(head)
        flow = self.goals[goal_id]
        if not (self.says_none(head) or any(head == fold_text(w) for w in flow.none_words)):
            return None
        return None if self.a_status(rest) or self.says_none(rest) or \
            self._a_remark(fold_text(rest)) else rest

    def _a_remark(self, folded: str) -> bool:
        """Whether the words after "ingen men" are a sentence about the unit, not a name ("vi
        kigger på chatbots", "vi laver onboarding i 2020": they were saved as initiatives)."""
        said = folded.split()
        return bool(said) and said[0] in self.words.get("remark_starts", ())

    def says_none(self, text: str) -> bool:
        """Whether a short ``text`` says there is none ("ikke endnu", "nej tak", "intet")."""
        folded = fold_text(text)
        if self.unsure(text):  # "ved ikke endnu" is not "ikke endnu"
            return False
        return folded in self.words.get("no", ()) or (
            len(folded.split()) <= SHORT_ANSWER and any(
                _has_phrase(folded, phrase) for phrase in self.words.get("none_phrases", ())))

    def a_status(self, text: str) -> bool:
        """Whether a short ``text`` is a status ("vi er i gang", "færdig"), not a name."""
        folded = fold_text(text)
        said = folded.split()
        # (a sentence about the unit is one too: "vi er stadig i gang" was saved as a form)
        short = len(said) <= SHORT_ANSWER // 2 or (len(said) <= SHORT_ANSWER and " ".join(
            said[:2]) in _ABOUT_US)
        return short and any(
            _has_phrase(folded, phrase) for phrase in self.words.get("statuses", ()))

    def unsure(self, text: str, *, any_length: bool = False) -> bool:
        """Whether ``text`` says "I don't know" ("måske", "ved ikke"): not an answer.
        ``any_length``: in a sentence of any length, beside an answer it gives ("Jeg tror nok,
        vi er i gang, men jeg skal lige høre min souschef" was saved as I gang)."""
        folded = fold_text(text)
        return (any_length or len(folded.split()) <= SHORT_ANSWER) and any(
            _has_phrase(folded, phrase) for phrase in self.words.get("unsure", ()))

    def _choice(self, field: FieldModel, raw: str, lang: str) -> str:
        folded = fold_text(raw)
        best: tuple[float, str] | None = None
        for choice in field.choices:
            candidates = [choice.value, choice.da, choice.en, *choice.words]
            for candidate in candidates:
                target = fold_text(candidate)
                if folded == target:
                    return choice.value
                score = fuzz.ratio(folded, target)
                if score >= 85 and (best is None or score > best[0]):
                    best = (score, choice.value)
        if best is not None:
            return best[1]
        named = self.choice_in(field, raw)  # "ja det har vi", "nej vi er i gang"
        if named is not None:
            return named
        labels = ", ".join(c.label(lang) for c in field.choices)
        raise Invalid(self.reason("choice", lang, choices=labels))

    def _asks(self, raw: str) -> bool:
        """Whether an answer to a yes/no question is a question itself ("hvad tæller egentlig
        som evalueret?" at "Er den evalueret?" was a yes: its flag word)."""
        said = fold_text(raw).split()
        return raw.rstrip().endswith("?") or (
            bool(said) and said[0] in self.words.get("question", ()))

    def choice_in(self, field: FieldModel, text: str) -> str | None:
        """The one choice of ``field`` a longer line names ("nej, det var i gang" → in
        progress, "ikke endnu – vi mangler at fastlægge dem" → not yet, "det er færdigt" →
        done); None when it names none, or more than one. A phrase inside a longer one of
        another choice ("startet" in "ikke startet") names nothing."""
        folded = fold_text(text)
        spans = self._choice_spans(field, folded)
        named = _outermost(spans)
        if len(named) > 1:  # "ikke endnu, de er stadig i gang": the "not yet" says the
            # status just given was too soon; the other is the one that stands
            not_yet = {fold_text(w) for w in self.words.get("not_yet", ())}
            plain = {value for start, end, value in spans if folded[start:end] not in not_yet}
            named = plain & named if len(plain & named) == 1 else named
        if len(named) > 1:  # "i gang, men langt fra færdige": not the status said unreached
            far = [fold_text(w) for w in self.words.get("far_from", ())]
            reached = {value for start, _end, value in spans if not any(
                f" {' '.join(folded[:start].split()[-2:])} ".endswith(f" {w} ") for w in far)}
            named = reached & named if len(reached & named) == 1 else named
        if len(named) > 1:  # "i gang, forventer at blive færdige": not what is to come
            future = [fold_text(w) for w in self.words.get("future", ())]
            now = {value for start, _end, value in spans if not any(
                f" {w} " in f" {' '.join(folded[:start].split()[-4:])} " for w in future)}
            named = now if now else named
        return named.pop() if len(named) == 1 else None

    def _choice_spans(self, field: FieldModel, folded: str) -> list[tuple[int, int, str]]:
        """Where a (folded) text names each of a choice field's choices."""
        spans: list[tuple[int, int, str]] = []
        for choice in field.choices:
            for candidate in {choice.value, choice.da, choice.en, *choice.words}:
                target = fold_text(candidate)
                if not target:
                    continue
                ending = r"\w{0,2}" if len(target) >= 5 else ""
                for found in re.finditer(rf"(?<!\w){re.escape(target)}{ending}(?!\w)", folded):
                    spans.append((found.start(), found.end(), choice.value))
        return spans

    def choices_named(self, field: FieldModel, text: str) -> int:
        """How many of a choice field's choices ``text`` names ("i gang, forventer at blive
        færdige" names two)."""
        return len(_outermost(self._choice_spans(field, fold_text(text))))

    def display(self, field: FieldModel, value: Any, lang: str) -> str:
        """A value as the user reads it."""
        if value is None:
            named = field.type == "text" and field.names and not field.only_if
            return self.text("none_named", lang) if named and not field.optional else "–"
        if field.type == "boolean":
            return _bool_text(value, lang, self)
        if field.type == "number":  # as typed: "12,85" is not shown as "12,8"
            return self.i18n.number(float(value), lang, decimals=2)
        if field.type == "choice":
            for choice in field.choices:
                if choice.value == value:
                    return choice.label(lang)
        return str(value)

    def summary(self, goal_id: str, value: Mapping[str, Any], lang: str,
                theme: int | None = None) -> str:
        flow = self.goals[goal_id]
        shown = {f.id: self.display(f, value.get(f.id), lang) for f in flow.fields}
        template = flow.summary.get(lang) or flow.summary["da"]
        text = " ".join(template.format(theme=theme or "", **shown).split())
        return text.replace(" (–)", "")  # an empty detail says nothing

    # ------------------------------------------------------------------ one-liners
    def one_liner(self, text: str, lang: str) -> OneLiner | None:
        """``"sygefravær 12,8"``, ``"RK færdig"``, ``"borgerinddragelse: borgerpanel afprøvet
        og evalueret"`` (and ``"… @CODE"`` to name the unit) — or None if it is not one.

        Raises:
            Invalid: a number one-liner whose number is out of range ("sygefravær 120").
        """
        unit = None
        match = re.search(r"\s@([A-Za-z0-9_.\-]+)\s*$", text)
        if match:
            unit, text = match.group(1), text[: match.start()]
        stripped = text.strip()
        if stripped.endswith("?"):
            return None  # a question about the goal, not a check-in
        folded_all = fold_text(stripped)
        for goal_id, flow in self.goals.items():
            if flow.per_theme or len([f for f in flow.fields if not f.optional]) > 3:
                continue
            for key in sorted((k for keys in flow.keys.values() for k in keys), key=len,
                              reverse=True):
                folded_key = fold_text(key)
                if not folded_all.startswith(folded_key + " "):
                    continue
                rest = _after_key(stripped, key)
                value = self._one_liner_value(goal_id, flow, rest, lang)
                if value is not None:
                    return OneLiner(goal_id, value, unit)
        return None

    def _one_liner_value(self, goal_id: str, flow: GoalFlowModel, rest: str,
                         lang: str) -> dict[str, Any] | None:
        first = flow.fields[0]
        if first.type == "number" and rest[:1].isdigit():
            return {first.id: self.parse(first, rest, lang)}  # a bad number: Invalid
        if flow.flags:  # a name and flag words: "borgerpanel afprøvet og evalueret"
            name, found = _split_flags(rest, flow.flags)
            if not name or not found or len(name) > first.max_length:
                return None  # "borgerinddragelse: borgerpanel" needs a flag word
            implied = {i for flag in found for i in flow.implies.get(flag, ())}
            return {first.id: name, **{flag: flag in found or flag in implied
                                       for flag in flow.flags}}
        try:
            value = self.parse(first, rest, lang)
        except Invalid:
            return None
        return {first.id: value}


_BUT = re.compile(r",|\s[-–]\s|\bmen\b|\bbut\b", re.IGNORECASE)
"""Where "ingen, men …" turns (no leading or trailing spaces in the pattern: a long run of
spaces made it quadratic)."""
_BUT_AFTER = re.compile(r"^(?:men|but)\b", re.IGNORECASE)


def _but_split(text: str) -> tuple[str, str]:
    """An answer split at its first "men"/"but"/comma: ("ingen", "vi arbejder på det")."""
    parts = _BUT.split(text, maxsplit=1)
    if len(parts) != 2:
        return text, ""
    return parts[0].strip(), _BUT_AFTER.sub("", parts[1].strip()).strip()


def _has_phrase(folded: str, phrase: str) -> bool:
    """Whether the folded words ``phrase`` occur in order as whole words in ``folded``."""
    return bool(phrase) and f" {phrase} " in f" {folded} "


def _after_key(text: str, key: str) -> str:
    """The text after a one-liner's key (case- and æøå-insensitive), without ':' or '='."""
    words_needed = len(key.split())
    parts = text.split()
    rest = " ".join(parts[words_needed:])
    return rest.lstrip(":= ").strip()


def _split_flags(rest: str, flags: Mapping[str, Sequence[str]]) -> tuple[str, set[str]]:
    """"borgerpanel afprøvet og evalueret" → ("borgerpanel", {"tried", "evaluated"})."""
    found: set[str] = set()
    words = rest.replace(",", " ").split()
    kept: list[str] = []
    folded_flags = {name: {fold_text(w) for w in items} for name, items in flags.items()}
    for word in words:
        folded = fold_text(word)
        hit = [name for name, items in folded_flags.items() if folded in items]
        if hit:
            found.update(hit)
        elif folded not in {"og", "and", "ikke", "not"} or not found:
            kept.append(word)
    return " ".join(kept).strip(" :-"), found


def load_flows(path: Path, i18n: I18n) -> Flows:
    """Load and validate ``checkin.yaml`` (its texts are in ``i18n`` already).

    Raises:
        DialogScriptError: with every problem found (file, goal, field).
    """
    file = f"dialogs/{path.name}"
    problems: list[Problem] = []
    model = read_dialog_file(path, FlowsFile, problems, file)
    if model is not None:
        for goal_id, flow in model.goals.items():
            for field in flow.fields:
                where = f"goals.{goal_id}"
                for lang in ("da", "en"):
                    if not field.question.get(lang):
                        problems.append(Problem(file, where, f"{field.id}.question",
                                                f"missing translation '{lang}'"))
                if field.type == "choice" and not field.choices:
                    problems.append(Problem(file, where, f"{field.id}.choices",
                                            "a choice field needs choices"))
                if field.only_if and field.only_if not in {f.id for f in flow.fields}:
                    problems.append(Problem(file, where, f"{field.id}.only_if",
                                            f"'{field.only_if}' is not a field of this goal"))
            for flag, implied in {**{f: [] for f in flow.flags}, **flow.implies}.items():
                for name in (flag, *implied):
                    found = next((f for f in flow.fields if f.id == name), None)
                    if found is None or found.type != "boolean":
                        problems.append(Problem(file, f"goals.{goal_id}", "flags",
                                                f"'{name}' is not a yes/no field of this goal"))
            if flow.multiple and (flow.per_theme or flow.fields[0].type != "text"):
                problems.append(Problem(file, f"goals.{goal_id}", "multiple",
                                        "several values per unit need a text first field "
                                        "naming each, and no per_theme"))
            if flow.none_words and not any(f.type == "text" for f in flow.fields):
                problems.append(Problem(file, f"goals.{goal_id}", "none_words",
                                        "only a goal with a text field can have none words"))
    if problems or model is None:
        raise DialogScriptError.with_problems(problems)
    return Flows(
        goals=model.goals,
        words={k: tuple(fold_text(w) for w in v) for k, v in model.words.items()},
        i18n=i18n,
    )
