"""Check-ins in chat: the form (channels with cards), the step-by-step flow (Slack, the
terminal), one-liners, history and undo.

The flows themselves are data (``dialogs/checkin.yaml``, read by
:mod:`strategibot.domain.checkins.flows`, which decides what an answer means); this module asks
the questions, keeps a step-by-step flow's state between messages (plain JSON in
:class:`~strategibot.store.flow_states.FlowStates`, so a flow goes on after a restart, on any
replica) and says "saved" only after the commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from cachetools import TTLCache
from rapidfuzz import fuzz

from strategibot.conversation.ports import Turn
from strategibot.core.i18n import I18n
from strategibot.domain.checkins.flows import (
    CANCEL,
    KEEP,
    SKIP,
    FieldModel,
    Flows,
    Invalid,
    OneLiner,
)
from strategibot.domain.checkins.oneliners import RELATIVE_CLAUSE
from strategibot.domain.language import STOPWORDS
from strategibot.domain.messages import Action, Form, FormField, Outcome, Reply
from strategibot.domain.normalise import fold_text, named_themes, words
from strategibot.domain.progress.forms import form_key, plausible_name
from strategibot.domain.progress.status import Phase
from strategibot.services.checkins import (
    REMOVED,
    Checkins,
    Jump,
    Reporter,
    Subject,
    is_jump,
)
from strategibot.store.flow_states import FlowStates, Stored
from strategibot.store.reports import LatestReport

__all__ = ["UNIT_CODES", "CheckinFlow", "confirm_key", "flow_key", "named_first", "named_in",
           "names_something", "short_for", "without_named"]

log = logging.getLogger(__name__)

FLOW = "checkin"
CONFIRM = "confirm"
CHOOSE = "choose"
"""A one-liner waiting for "which unit?": the unit may be clicked or typed."""
ENDED = "ended"
"""What is kept of a finished flow: its last buttons, so a click on one is told it ended."""
STALE_FOR = dt.timedelta(days=2)
UNDO_LAST_WITHIN = dt.timedelta(hours=1)
"""How recent one's own check-in must be for "fortryd" alone to undo it."""
CHOICE_FOR = dt.timedelta(hours=1)
"""How long a typed answer to "which unit?" is taken as the answer."""
CHOICE_SIMILARITY = 85
"""How close (rapidfuzz ratio of folded texts) a typed unit name must be to one unit's."""
"""How long a finished flow's buttons are recognised."""


Values = list[tuple[str, int | None, dict[str, Any]]]
"""(goal, theme, value) of each goal to save."""


def flow_key(turn: Turn) -> str:
    """Where a conversation's step-by-step flow is kept: per conversation and thread."""
    place = turn.incoming.place
    return f"{place.channel}/conversations/{place.id}" + (f":{place.thread}"
                                                          if place.thread else "")


_POSSESSIVE = re.compile(r"['’]s$")
"""A name's possessive ending ("S&A's")."""
RESTART_WORDS = 6
"""A message of at most this many words that says "start forfra" begins a check-in again."""
UNIT_CODES = re.compile(r"@\S+(?:\s\d{1,3}\b)?|\b[A-ZÆØÅ]{2,8}-?\d{1,3}\b"
                        r"|\b[A-Za-zÆØÅæøå]{2,8}-\d{1,3}\b")
"""Units' codes anywhere in a line ("@CPKS-02", "COP-01", "cpks-02", "@cpks 2"): no figure
(upper case or with its dash: "er 13" is none)."""
_UNIT = re.compile(r"\s@[A-Za-z0-9][A-Za-z0-9_.\-]*\s*$")
"""A trailing "@CPKS-01" naming the unit (not part of what was reported)."""
_ANOTHER_THEME = re.compile(r"\s*(?:og|and|&|\+)\s*(?:tema|theme)?\s*\d", re.IGNORECASE)
"""An initiative's name that begins with another theme ("tema 3 og 4: X" read as theme 3)."""
_NAMED_PERSON = re.compile(r"\s*([A-ZÆØÅ][a-zæøå]{2,})\s+(?:har|havde|has|had)\b")
"""A line that begins with a capitalised name and "har"/"has": about that person."""
_SEVERAL = re.compile(r"(?<!-)\s+(?:og|and|samt)\s+|\s*&\s*|\s*\+\s*", re.IGNORECASE)
"""Between the names of several forms ("borgerpanel og fremtidsværksted"; not the "- og"
of "borger- og brugerpanel")."""
_LISTED_AFTER = (r"(?:\s*,\s*|\s+(?:og|and|samt)\s+(?:(?:a|an|en|et)\s+)?)([^,@]+?)"
                 r"(?=\s+(?:afprøvet|evalueret|tried|evaluated|i|in|hos)\b|\s*@|\s*$)")
"""A second name after a form's name and a comma, up to what is said of it."""
_NOT_A_NAME_TAIL = re.compile(r"(?:\s+(?:men|but|kun|only|og|and|også|too))+\s*$",
                              re.IGNORECASE)
"""What follows a form's name before what was done with it ("fremtidsværksted men kun")."""
_LISTED_LATER = re.compile(r"[,;]\s*(?:(?:og|and|samt)\s+)?([^,;@]+?)(?=\s+(?:afprøvet|evalueret|"
                           r"prøvet|testet|tried|evaluated|tested)\b)", re.IGNORECASE)
"""A second form after what was said of the first: "…, workshop afprøvet"."""
_ANOTHER = re.compile(r"\b(?:også|ogsaa|also)\s+(?:et|en|a|an)\b|\b(?:en anden|et andet|another)\b",
                      re.IGNORECASE)
"""…"også et fremtidsværksted": another form, not a correction of the one just named"""
_SENTENCES = re.compile(r"(?<=[^\W\d_]{4})[.!]\s+(?=\w)")
"""Between two sentences of an answer (not after "f.eks.", "bl.a.", "ca.")."""
_STEP_LEAD = re.compile(
    r"^\s*(?:(?:vi|jeg|we|i)\s+(?:har\s+|have\s+|'ve\s+)?(?:lavet|holdt|afholdt|prøvet|"
    r"afprøvet|brugt|haft|havde|kørt|gennemført|prøvede|made|held|tried|run|ran|used|had|"
    r"did)\s+|"
    r"(?:det|den|it)\s+(?:er|var|is|was)\s+)?"
    r"(?:et\s+|en\s+|ét\s+|én\s+|a\s+|an\s+)?", re.IGNORECASE)
""""vi har lavet et …", or an article alone ("et borgerpanel som vi har evalueret"), before a
form's name typed at the form question."""
_WAIT = re.compile(r"\s*(?:nej|no|hov|ups|oops|øh|sorry)?[\s,.!]*(?:vent|wait|hov|ups|oops)\b",
                   re.IGNORECASE)
"""The start of a correction: "nej vent, …", "no wait, …", "ups …"."""
_NOT = frozenset(("ikke", "not"))
_CORRECTING = frozenset(("nej", "no", "nope", "hov", "ups", "oops", "undskyld", "sorry", "oeh",
                         "faktisk", "actually"))
"""The first word of a correction of what was just saved ("nej, det var i gang")."""
_A_NUMBER = re.compile(r"(?<![\w,.])\d+(?:[,.]\d+)?(?![\w,.]*\d)")
"""A figure in a line ("det var 12,3")."""
_NONE = frozenset(("ingen", "intet", "ingenting", "none", "nothing", "no one"))
"""A name answered with "none"."""
_SUSPICIOUS = re.compile(r"[=<>{}\\]|://|@")
"""In a form's name: a spreadsheet formula, markup, a link or an address — never a form."""


def _shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters (with "…") — never a whole long input echoed; cut
    at a word's end where one is near, not mid-word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:–-") + "…"


_LABEL = 75
"""The longest button label (Teams cuts longer ones)."""


def _shown(row: LatestReport, names: dict[str, str] | None = None) -> dict[str, Any]:
    """A stored report's value as told: an empty value for an item is its removal (named as
    the item's reports named it, when ``names`` has it: the item is its folded key)."""
    if row.item and not row.value:
        return {REMOVED: row.item, "name": (names or {}).get(row.item, row.item)}
    return dict(row.value)


class _Keep(dict[str, Any]):
    """Placeholders a template fills later stay as they are."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def confirm_key(turn: Turn) -> str:
    """Where a figure waiting for "er du sikker?" is kept (apart from a step-by-step flow)."""
    return flow_key(turn) + "#confirm"


def _subject_dict(subject: Subject) -> dict[str, Any]:
    return dataclasses.asdict(subject)


def _subject(data: dict[str, Any]) -> Subject:
    return Subject(**data)


def _code_key(text: str) -> str:
    """A unit code as typed, compared loosely: "cpks 2", "CPKS02", "@cpks-02" → "cpks2"."""
    letters = re.sub(r"[^a-z0-9]", "", text.lower())
    return re.sub(r"(?<=[a-z])0+(?=\d)", "", letters)


def _goal_key(goal: str, theme: int | None, item: str | None = None) -> str:
    """A value's key in a flow: goal and theme, and the item (a form's key; ``#n`` for the
    n-th form being asked in a step-by-step flow) of a goal with several values."""
    key = f"{goal}|{theme or ''}"
    return f"{key}|{item}" if item else key


def _split_key(key: str) -> tuple[str, int | None, str | None]:
    goal, _, rest = key.partition("|")
    theme_text, _, item = rest.partition("|")
    return goal, int(theme_text) if theme_text else None, item or None


MORE = "__more__"
"""The step that asks whether there is another value (another form) for a multiple goal."""
REMOVE = "__remove__"

"""The form input that removes an item."""


class CheckinFlow:
    """Everything the chat needs to run check-ins."""

    def __init__(self, *, checkins: Checkins, flows: Flows, i18n: I18n, states: FlowStates,
                 theme_names: dict[int, dict[str, str]]) -> None:
        self.checkins = checkins
        self.flows = flows
        self.i18n = i18n
        self.states = states
        self.theme_names = theme_names
        self._undo_offered: TTLCache[str, bool] = TTLCache(maxsize=20_000,
                                                           ttl=UNDO_LAST_WITHIN.total_seconds())
        """where "Vil du fortryde dem alle, eller kun én af dem?" was just asked ("alle")"""
        self.boot = uuid.uuid4().hex
        """This running bot: a flow state another one wrote is resumed (after a restart, or
        on another replica) with "Vi var i gang …"."""

    # ------------------------------------------------------------------ building blocks
    def queue(self, subject: Subject) -> list[tuple[str, int | None, str]]:
        """(goal, theme, field) triples to ask, in order."""
        queue: list[tuple[str, int | None, str]] = []
        for goal in self.checkins.goals_for(subject):
            flow = self.flows.goals[goal]
            themes: list[int | None] = [*sorted(self.theme_names)] if flow.per_theme else [None]
            for theme in themes:
                queue.extend((goal, theme, f.id) for f in flow.fields)
            if flow.multiple:
                queue.append((goal, None, MORE))
        return queue

    def field(self, goal: str, field_id: str) -> FieldModel:
        if field_id == MORE:
            return FieldModel(id=MORE, type="boolean", question={
                lang: self.flows.text("more_forms", lang) for lang in ("da", "en")})
        return next(f for f in self.flows.goals[goal].fields if f.id == field_id)

    def question(self, goal: str, theme: int | None, field: FieldModel, subject: Subject,
                 lang: str) -> str:
        template = field.question.get(lang) or field.question["da"]
        theme_name = self.theme_names.get(theme or 0, {}).get(lang, "")
        fte = self.i18n.number(subject.fte, lang) if subject.fte else "–"
        return template.format_map(_Keep(
            subject=subject.name, theme=theme or "", theme_name=theme_name,
            year=self.checkins.kb.strategy.period.end.year, fte=fte))

    def choice_actions(self, field: FieldModel, lang: str) -> list[Action]:
        if field.type == "choice":
            return [Action(title=c.label(lang), value=c.label(lang)) for c in field.choices]
        if field.type == "boolean":
            return [Action(title=self.flows.text(k, lang), value=self.flows.text(k, lang))
                    for k in ("yes", "no")]
        return []

    async def latest_values(self, subject: Subject) -> dict[str, dict[str, Any]]:
        """The subject's standing values by key (goal, theme, item); removed items left out."""
        rows = await self.checkins.latest_rows(subject)
        return {_goal_key(r.goal_id, r.theme, r.item): dict(r.value) for r in rows
                if r.value or not r.item}

    async def standing(self, subject: Subject, lang: str) -> list[str]:
        """What stands for a unit or centre now, goal by goal, in words ("Sygefravær: 12,5
        dagsværk pr. årsværk", "Relationel koordinering: Færdig")."""
        rows = await self.checkins.latest_rows(subject)
        names = self._names_of(rows)
        return [self.summary(r.goal_id, _shown(r, names), lang, r.theme) for r in rows
                if r.value]

    async def standing_figures(self, subject: Subject) -> dict[str, float]:
        """A unit's standing figure per goal (sick leave's days)."""
        return {r.goal_id: r.number for r in await self.checkins.latest_rows(subject)
                if r.number is not None and r.value and not r.item}

    def _previous(self, latest: dict[str, dict[str, Any]], goal: str, theme: int | None,
                  field: FieldModel, subject: Subject) -> Any:
        if self.flows.goals[goal].multiple or field.id == MORE:
            return None  # each form is new in a step-by-step flow; it replaces one by name
        return latest.get(_goal_key(goal, theme), {}).get(field.id)

    def summary(self, goal: str, value: dict[str, Any], lang: str,
                theme: int | None = None) -> str:
        """A saved value in words (a removed form: "Fjernet: …")."""
        if REMOVED in value:
            return self.flows.text("removed_summary", lang, form=value.get("name", ""))
        return self.flows.summary(goal, value, lang, theme)

    def _say(self, lang: str, key: str, **values: Any) -> Reply:
        return Reply(lang=lang, text=self.flows.text(key, lang, **values), outcome=Outcome.ANSWER)

    # ------------------------------------------------------------------ saving
    async def closed(self, turn: Turn, reporter: Reporter, lang: str) -> bool:
        """Say so and True when check-ins for the strategy's period are no longer taken from
        ``reporter``."""
        if self.checkins.accepts(reporter):
            return False
        period = self.checkins.kb.strategy.period
        if self.checkins.phase is Phase.BEFORE:
            await turn.send(self._say(lang, "before", start=self.i18n.date(period.start, lang)))
            return True
        admins = self.i18n.admins(self.checkins.admins, lang)  # in words when none
        await turn.send(self._say(lang, "closed", start=self.i18n.date(period.start, lang),
                                  end=self.i18n.date(period.end, lang),
                                  closes=self.i18n.date(period.closes, lang), admins=admins))
        return True

    async def save(self, turn: Turn, reporter: Reporter, subject: Subject, values: Values,
                   lang: str, *, one_liner: bool = False, confirmed: bool = False,
                   answered: bool = False) -> None:
        """Commit, then say "saved" with an undo button per stored value. A figure far from
        the subject's last one is first confirmed ("er du sikker?"), unless ``confirmed``.
        ``answered``: the user gave values (so nothing to save means nothing changed)."""
        if not values:
            await turn.send(self._say(lang, "nothing_changed", subject=subject.name)
                            if answered else self._say(lang, "nothing_saved"))
            return
        if not confirmed:
            jumps = await self.checkins.jumps(subject, values)
            if jumps:
                await self._ask_confirmation(turn, reporter, subject, values, lang, one_liner,
                                             jumps[0])
                return
        ids = await self.checkins.save(reporter, subject, values,
                                       channel=turn.incoming.place.channel,
                                       activity_id=turn.incoming.key)
        if not ids:  # what stands already (the same form sent twice at once)
            await turn.send(self._say(lang, "nothing_changed", subject=subject.name))
            return
        await turn.send(self.saved_reply(subject, values, ids, lang, one_liner=one_liner))

    # ------------------------------------------------------------------ confirmations
    def _jump_values(self, jump: Jump, subject: Subject, lang: str) -> dict[str, str]:
        goal = self.checkins.kb.goal(jump.goal_id)
        low, high = (self.i18n.number(jump.low, lang, decimals=2),
                     self.i18n.number(jump.high, lang, decimals=2))
        before = low if low == high else self.flows.text("jump_between", lang, low=low,
                                                         high=high)
        return {"subject": subject.name, "before": before,
                "after": self.i18n.number(jump.after, lang, decimals=2),
                "unit": goal.unit.get(lang)}

    async def _ask_confirmation(self, turn: Turn, reporter: Reporter, subject: Subject,
                                values: Values, lang: str, one_liner: bool, jump: Jump) -> None:
        data = {"flow": CONFIRM, "v": 1, "lang": lang, "email": reporter.email,
                "subject": _subject_dict(subject), "one_liner": one_liner,
                "values": [[goal, theme, value] for goal, theme, value in values],
                "jump": [jump.goal_id, jump.low, jump.high, jump.after]}
        key = confirm_key(turn)
        current = await self.states.get(key)
        await self.states.put(key, data, current.version if current else None)
        if current is not None and current.data.get("flow") == CONFIRM:
            # one question waits at a time: asked for a second unit in the same message
            # ("begge"), the first unit's big change is said to be unsaved, not lost silently
            earlier = current.data
            await turn.send(self._say(lang, "jump_lapsed", **self._jump_values(
                Jump(*earlier["jump"]), _subject(earlier["subject"]), lang)))
        yes, no = self.flows.text("jump_yes", lang), self.flows.text("jump_no", lang)
        await turn.send(Reply(
            lang=lang, text=self.flows.text("jump", lang, **self._jump_values(jump, subject,
                                                                              lang)),
            actions=(Action(yes, self.flows.text("yes", lang), "command"),
                     Action(no, self.flows.text("no", lang), "command")),
            outcome=Outcome.CLARIFY))

    async def snapshot(self, turn: Turn) -> dict[str, Stored]:
        """The conversation's stored states (a flow, a pending "er du sikker?", an ended
        flow's buttons) in one query, for :meth:`pending_confirmation`, :meth:`active` and
        :meth:`stale_button` of the same turn."""
        return await self.states.get_many([flow_key(turn), confirm_key(turn)])

    async def pending_confirmation(self, turn: Turn,
                                   snapshot: dict[str, Stored] | None = None) -> Stored | None:
        stored = snapshot.get(confirm_key(turn)) if snapshot is not None \
            else await self.states.get(confirm_key(turn))
        if stored is None or stored.data.get("flow") != CONFIRM:
            return None
        return stored

    async def ask_which(self, turn: Turn, candidates: list[Subject],
                        line: Callable[[Subject], str], lang: str) -> None:
        """"You lead several units. Which one?" — a button per unit carrying ``line(unit)``;
        a typed name or code answers too (:meth:`chosen`)."""
        key = confirm_key(turn)
        current = await self.states.get(key)
        await self.states.put(key, {
            "flow": CHOOSE, "v": 1, "lang": lang, "at": self.checkins.clock.now().isoformat(),
            "options": [[fold_text(s.name), fold_text(s.code), line(s), s.name]
                        for s in candidates]},
            current.version if current else None)
        actions = tuple(Action(title=s.name, value=line(s), kind="command")
                        for s in candidates[:6])
        await turn.send(Reply(lang=lang, text=self.flows.text("which_unit_oneliner", lang),
                              actions=actions, outcome=Outcome.CLARIFY))

    async def choosing(self, turn: Turn) -> bool:
        """Whether a "which unit?" of a one-liner waits for its answer here."""
        stored = await self.states.get(confirm_key(turn))
        return stored is not None and stored.data.get("flow") == CHOOSE

    def choice_waiting(self, turn: Turn, snapshot: dict[str, Stored]) -> str | None:
        """The one-liner a "which unit?" waits with (without its unit), None when none does."""
        stored = snapshot.get(confirm_key(turn))
        if stored is None or stored.data.get("flow") != CHOOSE or not stored.data.get("options"):
            return None
        return str(stored.data["options"][0][2]).rsplit(" @", 1)[0]

    async def drop_choice(self, turn: Turn, snapshot: dict[str, Stored]) -> None:
        """The "which unit?" is answered by a line of its own (each unit's figure)."""
        stored = snapshot.get(confirm_key(turn))
        if stored is not None and stored.data.get("flow") == CHOOSE:
            await self.states.take(confirm_key(turn), stored.version)

    async def chosen(self, turn: Turn, snapshot: dict[str, Stored]
                     ) -> tuple[list[str], bool, str | None]:
        """A message after "which unit?" of a one-liner: the one-liners to run when it
        answers by the unit's name or code (typed instead of clicked), or "begge"/"all" (one
        per unit); otherwise the question lapses, said once ("… er ikke gemt"), and True
        when the message was only a no or a cancel (nothing more to do with it); and the
        language the question was asked in ("begge to" is no English)."""
        stored = snapshot.get(confirm_key(turn))
        if stored is None or stored.data.get("flow") != CHOOSE:
            return [], False, None
        await self.states.take(confirm_key(turn), stored.version)  # one answer takes it
        asked_in = str(stored.data.get("lang") or "") or None
        try:
            asked = dt.datetime.fromisoformat(str(stored.data.get("at")))
        except ValueError:
            return [], False, asked_in
        if self.checkins.clock.now() - asked > CHOICE_FOR:
            return [], False, asked_in
        folded = fold_text(turn.incoming.text)
        options = stored.data.get("options", [])
        if not folded or not options:
            return [], False, asked_in
        if any(o[2] == turn.incoming.text.strip() for o in options):
            return [], False, asked_in  # the button itself: handled as the one-liner it
            # carries
        if folded in self.flows.words.get("all_units", ()):
            return [str(o[2]) for o in options], False, asked_in
        ordinals = self.flows.words.get("ordinals", ())
        if folded in ordinals and ordinals.index(folded) % 10 < len(options):
            return [str(options[ordinals.index(folded) % 10][2])], False, asked_in  # "den anden"
        code = _code_key(folded)
        figured = _A_NUMBER.search(UNIT_CODES.sub(" ", turn.incoming.text))
        exact = [o[2] for o in options if folded == o[0] or (code and code == _code_key(o[1]))]
        if figured is not None and not exact:
            # "og S&A er 11,8": a line of its own for a unit, no answer to which unit the
            # line before is for (13,3 was saved for S&A, and 11,8 lost): the line waiting
            # lapses, and the figure is the waiting goal's for the unit named
            line = str(options[0][2]).rsplit(" @", 1)[0]
            lang = str(stored.data.get("lang", "da"))
            await turn.send(self._lapsed(lang, line, options))
            waiting = self.read_line(line, lang)
            units = [o for o in options if f" {o[0]} " in f" {folded} "
                     or short_for(str(o[0]), turn.incoming.text)]
            keys = self.flows.goals[waiting.goal_id].keys if waiting is not None and \
                waiting.goal_id in self.flows.goals else {}
            key = (keys.get(lang) or keys.get("da") or [""])[0]
            if key and len(units) == 1:
                code = str(units[0][2]).rsplit("@", 1)[-1]
                return [f"{key} {figured.group()} @{code}"], False, asked_in
            return [], False, asked_in
        if len(exact) == 1:
            return [str(exact[0])], False, asked_in
        said = folded.split()
        said_lang = str(stored.data.get("lang", "da"))
        # (the unit it names first, as "vi": "kommunikation har holdt …" is "vi har holdt …")
        texts = [turn.incoming.text, *(re.sub(rf"^\W*{re.escape(str(o[0]))}\b", "vi", folded)
                                       for o in options if folded.startswith(str(o[0]))),
                 *(re.sub(rf"^\W*{re.escape(str(o[3]))}\b", "vi", turn.incoming.text,
                          flags=re.IGNORECASE)
                   for o in options if len(o) > 3)]
        reading = next((r for r in (self.read_line(t, said_lang) for t in texts)
                        if r is not None and r.kind == "report" and r.goal_id), None) \
            if len(said) >= 3 else None
        if reading is not None:
            # "kommunikation har holdt et borgermøde, det er evalueret" to "which unit?": a
            # line of its own (it answered which unit, and the borgermøde was lost without a
            # word): the line waiting lapses, said once, and this one is read
            line = str(options[0][2]).rsplit(" @", 1)[0]
            await turn.send(self._lapsed(str(stored.data.get("lang", "da")), line, options))
            return [], False, asked_in
        if len(said) >= 3 and (turn.incoming.text.strip().endswith("?") or said[0] in
                               self.flows.words.get("question", ())):
            # "hvad er sygefraværet i S&A?" asks, and chooses no unit (it saved the line
            # waiting for S&A, over its figure): the line lapses, the question is answered
            line = str(options[0][2]).rsplit(" @", 1)[0]
            await turn.send(self._lapsed(str(stored.data.get("lang", "da")), line, options))
            return [], False, asked_in
        close = [o[2] for o in options if fuzz.ratio(folded, o[0]) >= CHOICE_SIMILARITY
                 or (len(folded) >= 3 and folded.isalpha() and o[0].startswith(folded))]
        # ("strategi"; "kom" alone answers which unit: here it is no verb)
        if len(close) == 1:
            return [str(close[0])], False, asked_in
        named = [o[2] for o in options if f" {o[0]} " in f" {folded} "]
        if len(named) == 1:  # "kommunikation selvfølgelig"
            return [str(named[0])], False, asked_in
        # "S&A", "kom.", "undskyld, kun i S&A"
        short = [o[2] for o in options if short_for(str(o[0]), turn.incoming.text)]
        if len(short) == 1:
            return [str(short[0])], False, asked_in
        line = str(options[0][2]).rsplit(" @", 1)[0]
        lang = str(stored.data.get("lang", "da"))
        await turn.send(self._lapsed(lang, line, options))
        # "nej", "afbryd" — and "fortryd", which here takes back the line waiting for its
        # unit, never a check-in saved before it
        only = folded in self.flows.words.get("no", ()) or self.flows.control(
            turn.incoming.text) is not None or self.is_undo(turn.incoming.text)
        return [], only, asked_in

    def _lapsed(self, lang: str, line: str, options: Sequence[Sequence[Any]]) -> Reply:
        """"… er ikke gemt – der blev ikke valgt en enhed", with the line written for each of
        the units asked about (one example, the first unit's code, was followed for a line
        that meant the other)."""
        shown = _shorten(line, 60)
        examples = [f"\"{shown} @{str(o[2]).rsplit('@', 1)[-1]}\" ({o[3] if len(o) > 3 else o[0]})"
                    for o in options]
        joined = self.i18n.join(examples, lang, last="or")
        return self._say(lang, "which_unit_lapsed", line=shown, examples=joined)

    async def confirm(self, turn: Turn, stored: Stored) -> bool:
        """Take the answer to "er du sikker?": yes saves, no drops; True when it was one of
        those. Anything else drops the pending figure too (said once) and is handled as a
        message of its own (False). A figure saved so is :meth:`confirmed_figure`."""
        data = stored.data
        lang = data["lang"]
        await self.states.take(confirm_key(turn), stored.version)  # one answer takes it
        folded = fold_text(turn.incoming.text)
        yes = self.said_yes(turn, stored)
        no = folded in self.flows.words.get("no", ()) or folded == fold_text(
            self.flows.text("jump_no", lang)) or self.flows.control(turn.incoming.text) == CANCEL
        # "fortryd" to the question takes back the figure asked about, not the last one saved
        no = no or self.is_undo(turn.incoming.text)
        subject = _subject(data["subject"])
        values = self._jump_values(Jump(*data["jump"]), subject, lang)
        if no:
            # where the subject stands now (not the range the question compared with)
            standing = next((r.number for r in await self.checkins.latest_rows(subject)
                             if r.goal_id == data["jump"][0] and r.number is not None
                             and r.item is None), None)
            if standing is not None:
                values["before"] = self.i18n.number(standing, lang, decimals=2)
            await turn.send(self._say(lang, "jump_dropped", **values))
            return True
        if not yes and self.corrected_figure(turn.incoming.text) is not None:
            return False  # "nej det var en tastefejl, 11,9": the figure meant, saved instead
        if not yes:
            await turn.send(self._say(lang, "jump_lapsed", **values))
            return False
        reporter = await self.checkins.reporter(data["email"])
        allowed = await self.checkins.subject(reporter, subject.code)
        if allowed is None:
            await turn.send(self._say(lang, "no_permission_subject", subject=subject.name))
            return True
        if await self.closed(turn, reporter, lang):
            return True
        pending: Values = [(goal, theme, value) for goal, theme, value in data["values"]]
        await self.save(turn, reporter, allowed, pending, lang, one_liner=data["one_liner"],
                        confirmed=True)
        return True

    def said_yes(self, turn: Turn, stored: Stored) -> bool:
        """Whether the message answers "er du sikker?" with a yes."""
        return self._yes(turn.incoming.text, str(stored.data["lang"]))

    def _yes(self, text: str, lang: str) -> bool:
        """"ja", or the "Ja, gem" button of "er du sikker?" typed."""
        folded = fold_text(text)
        return folded in self.flows.words.get("yes", ()) or folded == fold_text(
            self.flows.text("jump_yes", lang))

    def confirmed_figure(self, turn: Turn, stored: Stored) -> tuple[str, Subject, float] | None:
        """(goal, subject, figure) of the figure a yes to "er du sikker?" saved — what "nej
        vent, det var 12,2" right after it corrects."""
        if not self.said_yes(turn, stored):
            return None
        jump = Jump(*stored.data["jump"])
        if self.flows.number_field(jump.goal_id) is None:
            return None
        return jump.goal_id, _subject(stored.data["subject"]), float(jump.after)

    def saved_reply(self, subject: Subject, values: Values, ids: list[int], lang: str, *,
                    one_liner: bool = False, corrected: bool = False) -> Reply:
        """The confirmation, sent only after the commit ("Rettet" for a correction of what
        was just saved)."""
        summaries = [self.summary(goal, value, lang, theme) for goal, theme, value in values]
        undo = self.flows.text("undo", lang)
        actions = tuple(
            Action(title=_shorten(f"{undo}: {summary}", _LABEL),
                   value=f"{self.i18n.command('undo', lang)} {report_id}", kind="command")
            for report_id, summary in zip(ids, summaries, strict=False)
        )
        if one_liner:
            text = self.flows.text("corrected_oneliner" if corrected else "saved_oneliner",
                                   lang, subject=subject.name,
                                   summary=summaries[0])
            return Reply(lang=lang, text=text, actions=actions[:1], outcome=Outcome.ANSWER)
        return Reply(lang=lang, text=self.flows.text("saved", lang, subject=subject.name),
                     lines=tuple(summaries), actions=actions[:6], outcome=Outcome.ANSWER)

    # ------------------------------------------------------------------ the form
    async def form(self, subject: Subject, lang: str) -> Reply:
        """One form per unit or centre with every applicable goal, pre-filled."""
        return self.form_reply(subject, lang, await self.latest_values(subject))

    def _slots(self, subject: Subject, latest: dict[str, dict[str, Any]]
               ) -> list[tuple[str, int | None, str | None, FieldModel]]:
        """The form's inputs as (goal, theme, item, field): one per field and theme; for a
        goal with several values, each standing item's fields and a remove toggle, then the
        fields of a new one (item None)."""
        slots: list[tuple[str, int | None, str | None, FieldModel]] = []
        for goal, theme, field_id in self.queue(subject):
            if field_id == MORE:
                continue
            flow = self.flows.goals[goal]
            if not flow.multiple:
                slots.append((goal, theme, None, self.field(goal, field_id)))
                continue
            if field_id != flow.fields[0].id:
                continue
            items = sorted({item for k in latest if k.startswith(f"{goal}|")
                            for item in [_split_key(k)[2]] if item})
            remove = self._remove_field(flow.fields[0].id)
            for item in items:
                slots += [(goal, theme, item, f) for f in flow.fields] + [(goal, theme, item,
                                                                           remove)]
            slots += [(goal, theme, None, f) for f in flow.fields]
        return slots

    def _remove_field(self, name_field: str) -> FieldModel:
        return FieldModel(id=REMOVE, type="boolean", question={
            lang: self.flows.text("form_remove", lang, form="{" + name_field + "}")
            for lang in ("da", "en")})

    @staticmethod
    def _input_id(goal: str, theme: int | None, item: str | None, field_id: str) -> str:
        return f"{goal}.{field_id}" + (f".{theme}" if theme else "") + (f"@{item}" if item
                                                                          else "")

    def form_reply(self, subject: Subject, lang: str,
                   latest: dict[str, dict[str, Any]]) -> Reply:
        """The form for ``subject`` pre-filled with ``latest`` (goal|theme|item → values)."""
        fields: list[FormField] = []
        shown: set[tuple[str, str | None]] = set()
        for goal, theme, item, field in self._slots(subject, latest):
            current = latest.get(_goal_key(goal, theme, item), {})
            previous = current.get(field.id) if field.id != REMOVE else None
            heading = None
            if (goal, None) not in shown:
                heading = self.checkins.kb.goal(goal).title.get(lang)
                shown.add((goal, None))
            flow = self.flows.goals[goal]
            if flow.multiple and (goal, item) not in shown:
                name = current.get(flow.fields[0].id)
                sub = self.flows.text("form_existing", lang, form=name) if item \
                    else self.flows.text("form_new", lang)
                heading = f"{heading} – {sub}" if heading else sub
                shown.add((goal, item))
            choices: tuple[tuple[str, str], ...] = ()
            if field.type == "choice":
                choices = tuple((c.value, c.label(lang)) for c in field.choices)
            elif field.type == "boolean":
                choices = (("true", self.flows.text("yes", lang)),
                           ("false", self.flows.text("no", lang)))
            value = None
            if previous is not None:
                value = ("true" if previous else "false") if field.type == "boolean" \
                    else self.flows.display(field, previous, lang) if field.type == "number" \
                    else str(previous)
            label = self.question(goal, theme, field, subject, lang)
            if field.id == REMOVE:
                label = label.format(**{k: v for k, v in current.items() if isinstance(v, str)})
            fields.append(FormField(
                id=self._input_id(goal, theme, item, field.id),
                label=label, kind=field.type, value=value, choices=choices,
                max_length=field.max_length if field.type == "text" else None,
                heading=heading))
        return Reply(
            lang=lang,
            title=self.flows.text("form_title", lang, subject=subject.name),
            text=self.flows.text("form_intro", lang),
            form=Form(tuple(fields), self.flows.text("submit", lang),
                      {"kind": "checkin-form", "subject": subject.key, "lang": lang}),
            outcome=Outcome.ANSWER,
        )

    async def form_submitted(self, turn: Turn, reporter: Reporter, data: dict[str, Any],
                             lang: str) -> None:
        """Validate every field of a submitted form; save all or nothing."""
        ours = data.get("strategibot")
        code = str(ours.get("subject", "") if isinstance(ours, dict) else "").partition(":")[2]
        subject = await self.checkins.subject(reporter, code)
        if subject is None:
            await turn.send(self._say(lang, "no_permission_subject", subject=code or "?"))
            return
        if await self.closed(turn, reporter, lang):
            return
        latest = await self.latest_values(subject)
        values: dict[str, dict[str, Any]] = {}
        removed: list[str] = []
        problems: list[str] = []
        for goal, theme, item, field in self._slots(subject, latest):
            raw = data.get(self._input_id(goal, theme, item, field.id))
            if raw is None or str(raw).strip() == "":
                continue
            text = str(raw)
            key = _goal_key(goal, theme, item)
            if field.id == REMOVE:
                if text == "true" and item:
                    removed.append(item)
                continue
            if field.type == "text" and self.flows.means_none(goal, text, field.id):
                values.setdefault(key, {})[field.id] = None  # "ingen"
                continue
            if field.type == "boolean":
                text = self.flows.text("yes" if text == "true" else "no", lang) \
                    if text in ("true", "false") else text
            if field.type == "number" and self._a_persons(text):
                label = self.question(goal, theme, field, subject, lang)
                problems.append(f"{label} – {self._say(lang, 'about_a_person').text}")
                continue
            try:
                value = self.flows.parse(field, text, lang)
                self._check_name(goal, field, value, lang)
            except Invalid as exc:
                label = self.question(goal, theme, field, subject, lang)
                problems.append(f"{label} – {exc.reason}")
                continue
            values.setdefault(key, {})[field.id] = value
        if problems:
            await turn.send(Reply(lang=lang, outcome=Outcome.ANSWER, text=self.flows.text(
                "invalid_form", lang, reasons=""), lines=tuple(problems)))
            return
        changed, considered = self._changes(values, latest)
        for item in removed:
            goal = next(g for g, f in self.flows.goals.items() if f.multiple)
            changed = [c for c in changed if not (c[0] == goal and self.checkins.item_of(
                goal, c[2]) == item)]
            name = latest.get(_goal_key(goal, None, item), {}).get(
                self.flows.goals[goal].fields[0].id, item)
            changed.append((goal, None, {REMOVED: item, "name": name}))
        await self.save(turn, reporter, subject, changed, lang,
                        answered=considered or bool(removed))

    def _changes(self, values: dict[str, dict[str, Any]],
                 latest: dict[str, dict[str, Any]]) -> tuple[Values, bool]:
        """The values that change what is stored: each merged with its standing value (a new
        form merged with the standing form of the same name); and whether any value given
        was a real answer (so that none changing means "nothing changed")."""
        changed: Values = []
        considered = False
        for key, value in values.items():
            goal, theme, item = _split_key(key)
            flow = self.flows.goals[goal]
            main = flow.fields[0].id
            if flow.multiple:
                if not value.get(main) and item is None:
                    continue  # the "new form" inputs left empty (or "ingen")
                considered = True
                named = self.checkins.item_of(goal, {**latest.get(key, {}), **value})
                before = latest.get(_goal_key(goal, theme, named), {})
                merged = {**before, **value} if item is None else {**latest.get(key, {}),
                                                                   **value}
                renamed = item is not None and named != item
                if merged != before or renamed:
                    changed.append((goal, theme, merged))
                    if renamed:
                        changed.append((goal, theme, {REMOVED: item, "name": latest.get(
                            key, {}).get(main, item)}))
                continue
            merged = {**latest.get(key, {}), **value}
            if merged.get(main) is None and main not in value:
                continue
            considered = True
            if merged != latest.get(key):
                changed.append((goal, theme, merged))
        return changed, considered

    def _check_name(self, goal: str, field: FieldModel, value: Any, lang: str, *,
                    several: bool = True) -> None:
        """A free-text field that names something (``names`` in dialogs/checkin.yaml: a form,
        an initiative, a digitalisation goal) must name something: not a command or a control
        word, not a question, not a status ("vi er i gang"), not "måske", not only small
        words; one theme, and (``several``) one form, not "borgerpanel og fremtidsværksted"."""
        if field.type != "text" or not field.names or not isinstance(value, str):
            return
        if named_themes(value) or _ANOTHER_THEME.match(value):
            # "tema 3 og tema 4: X", "tema 3 og 4: X" saved theme 3 as "og (tema) 4: X"
            raise Invalid(self.flows.text("one_theme", lang))
        folded = fold_text(value)
        flow_words = {w for key in ("continue", "restart", "yes", "no")
                      for w in self.flows.words.get(key, ())}
        first = folded.split()[0] if folded else ""
        flow = self.flows.goals[goal]
        generic = {fold_text(k) for keys in flow.keys.values() for k in keys} \
            if flow.multiple else set()  # "afprøvet og evalueret brugerinddragelse": which form?
        if (value.rstrip().endswith("?") or not form_key(value) or folded in flow_words
                or folded in generic
                or first in flow_words or self.flows.control(first) is not None
                or self.flows.control(value) is not None or self.is_command(value)
                or self.flows.unsure(value) or self.flows.a_status(value)
                or not plausible_name(value) or self._asks_progress(value, lang)):
            shown = _shorten(value, 60)
            raise Invalid(self.flows.text("form_name_bad", lang, name=shown)
                          if self.flows.goals[goal].multiple else
                          self.flows.text("name_bad", lang, name=shown,
                                          what=field.names.get(lang) or field.names["da"]))
        quoted = value.strip()[:1] in ('"', "„", "“")
        if several and self.flows.goals[goal].multiple and not quoted and (
                len([p for p in _SEVERAL.split(value)
                     if p.strip() and not self.only_flags(goal, p)]) > 1
                or re.search(r"\w,\s+\w", value)):
            # "borgerpanel og fremtidsværksted" at the form question was saved as one form
            # (after the checks above: "afprøvet og evalueret" is no form, not two)
            raise Invalid(self.flows.text("several_forms_step", lang,
                                          name=_shorten(value, 60)))

    def _asks_progress(self, value: str, lang: str) -> bool:
        """"status mine enheder" at the form's question: a question of progress, no name (it
        was saved as a form, which "fjern form" could not remove)."""
        reading = self.read_line(value, lang)
        return reading is not None and reading.kind == "progress"

    def _names_of(self, rows: Sequence[LatestReport]) -> dict[str, str]:
        """An item's name as its reports gave it ("fremtidsværksted"; the item is its folded
        key, which a removal alone keeps), newest first."""
        named: dict[str, str] = {}
        for row in rows:
            flow = self.flows.goals.get(row.goal_id)
            if row.item and row.value and flow is not None and flow.fields:
                named.setdefault(row.item, str(row.value.get(flow.fields[0].id) or row.item))
        return named

    async def _item_names(self, reporter: Reporter) -> dict[str, str]:
        # (a removed form is named by its last report, however far back: "Fjernet: bland
        # brugerundersoeg led" after seven newer reports)
        return self._names_of(await self.checkins.history(reporter, limit=500))

    def _none_said(self, goal: str, value: dict[str, Any]) -> dict[str, Any]:
        """A one-liner's name that says there is none ("digitaliseringsmål: ikke endnu",
        "tema 2: nej tak"): the yes/no it depends on is no, or the name is none."""
        for field in self.flows.goals[goal].fields:
            text = value.get(field.id)
            named = self.flows.named_after_none(goal, text) if isinstance(text, str) else None
            if field.names and named is not None:
                value = {**value, field.id: named}
            elif field.names and isinstance(text, str) and self.flows.says_none(text):
                value = {**value, field.id: None}  # (a standing name must not stay)
                if field.only_if:
                    value[field.only_if] = False
        return value

    is_command: Any = staticmethod(lambda text: False)
    """Whether a text is one of the bot's commands (set by the conversation)."""
    knows_word: Any = staticmethod(lambda word: True)
    """Whether the knowledge base knows a word (set by the conversation): a capitalised
    word it does not know, before "har"/"has", is a person's name ("Jens har 30 sygedage")."""
    only_flags: Any = staticmethod(lambda goal, text: False)
    """Whether a text says only what was done with a form ("evalueret det"; set by the
    conversation from the one-line reader)."""
    self_corrected: Any = staticmethod(lambda text: text)
    """What an answer that corrects itself means ("ingen – nej vent, X" → "X"; set by the
    conversation from the one-line reader)."""
    read_line: Any = staticmethod(lambda text, lang: None)
    """How the one-line reader reads a text (set by the conversation): "borgermøde afprøvet
    og evalueret" at the form question is the form and its flags."""
    is_undo: Any = staticmethod(lambda text: False)
    """Whether a text is the command to undo the last check-in ("fortryd", "undo"; set by the
    conversation)."""

    # ------------------------------------------------------------------ one-liners
    async def one_liner(self, turn: Turn, reporter: Reporter, parsed: OneLiner, text: str,
                        lang: str, *, part: str = "", correction: bool = False,
                        saved: list[Subject] | None = None) -> Subject | None:
        """Save a one-liner (or ask which unit, or "er du sikker?"); the subject it was saved
        for, None when nothing was saved. ``correction``: it corrects the figure just saved
        ("nej vent, det var 12,2"): that one is undone with it, and the new one is not asked
        about as a jump from it. ``saved`` gets every subject a new report was stored for
        ("… i begge": both; not one whose figures were the same already)."""
        flow = self.flows.goals[parsed.goal_id]
        candidates = [s for s in reporter.subjects if s.kind == flow.applies_to]
        if not parsed.unit:
            # "sygefravær 13,3 i strategi og analyse" from the leader of another unit, "Susanne
            # har sygefravær 9", "min medarbejder Jens har …": not this leader's unit's figure
            # (a name the line gives, an initiative or a form, names no unit: "tema 4:
            # digital borgerservice" from a centre chief is no report for Borgerservice)
            scan = text
            for said in parsed.value.values():
                if isinstance(said, str) and len(said) >= 3:
                    scan = re.sub(re.escape(said), " ", scan, flags=re.IGNORECASE)
            other = await self._someone_else(reporter, scan, candidates)
            if other and reporter.admin:
                # an admin reports for any unit, named by its name too ("sygefravær 12,5 i
                # kommunikation"; only "@CPKS-02" was taken)
                parsed = dataclasses.replace(parsed, unit=other)
                other = None
            within = await self._own_units_in(other, candidates) if other else []
            if len(within) > 1:  # "… i CPKS" from the leader of two of its units: which one?
                await self.ask_which(turn, within, lambda s: f"{text} @{s.code}", lang)
                return None
            if other is not None:
                await turn.send(await self._cannot(reporter, other, flow.applies_to, lang)
                                if other else self._say(lang, "about_a_person"))
                return None
        elif await self.a_person(reporter, _UNIT.sub("", text)):
            # (a unit named, or the unit of a one-unit check-in: "min souschef har 14
            # sygedage" at the check-in's question is still a person's figure)
            await turn.send(self._say(lang, "about_a_person"))
            return None
        if parsed.unit:
            unit: str = parsed.unit
            found = await self.checkins.subject(reporter, unit)
            if found is None:  # "@kommunikation": a unit named by its name after "@"
                directory = await self.checkins.directory()
                said = fold_text(unit)
                by_name = [u.code for u in directory.units if len(said) >= 4 and
                           fold_text(u.name).startswith(said)]
                if len(by_name) == 1:
                    unit = by_name[0]
                    parsed = dataclasses.replace(parsed, unit=unit)
                    found = await self.checkins.subject(reporter, unit)
            within = await self._own_units_in(unit, candidates) \
                if found is None or found.kind != flow.applies_to else []
            if len(within) > 1:  # "… @CPKS" (the centre) from the leader of its units
                bare = _UNIT.sub("", text)
                await self.ask_which(turn, within, lambda s: f"{bare} @{s.code}", lang)
                return None
            if found is None or found.kind != flow.applies_to:
                await turn.send(await self._cannot(reporter, unit, flow.applies_to, lang))
                return None
            subject = found
        elif len(candidates) == 1:
            subject = candidates[0]
        elif len(named := named_in(text, candidates)) == 1:
            subject = named[0]  # "kommunikation har sygefravær på 11,9"
        elif len(candidates) > 1 and self.for_all(text):  # "RK i gang i begge"
            if await self.closed(turn, reporter, lang) or (
                    flow.multiple and await self._several_forms(turn, parsed, text, lang)):
                return None  # (said once, not once per unit)
            last = None
            for each in candidates:  # each its own report of the message (not a retry)
                last = await self.one_liner(turn, reporter, dataclasses.replace(
                    parsed, unit=each.code), text, lang, part=f"@{each.code}",
                    correction=correction, saved=saved) or last
            return last
        elif candidates:
            if await self.closed(turn, reporter, lang):
                return None  # (said before "which unit?", not after the answer)
            await self.ask_which(turn, candidates, lambda s: f"{text} @{s.code}", lang)
            return None
        else:
            key = "admin_name_unit" if reporter.admin else f"reported_by_{flow.applies_to}"
            await turn.send(self._say(lang, key, example=_shorten(text, 60)))
            return None
        if await self.closed(turn, reporter, lang):
            return None
        if flow.multiple and await self._several_forms(turn, parsed, text, lang):
            return None
        parsed = dataclasses.replace(parsed, value=self._none_said(parsed.goal_id,
                                                                   dict(parsed.value)))
        if not flow.multiple and any(v is None for v in parsed.value.values()) and any(
                v is not None for v in parsed.value.values()):
            # (not a name said to be none, "tema 4: ingen": it was "Intet er ændret", and the
            # initiative stood)
            # "digitaliseringsmål: ja" after "digitaliseringsmål: digital post til alle": the
            # yes stands, and so does the goal it named (a bare yes replaced it)
            standing = (await self.latest_values(subject)).get(
                _goal_key(parsed.goal_id, parsed.theme), {})
            if standing and all(standing.get(k) == v for k, v in parsed.value.items()
                                if v is not None):
                parsed = dataclasses.replace(parsed, value={
                    k: standing.get(k) if v is None else v for k, v in parsed.value.items()})
        try:
            for field in flow.fields:
                # (a one-liner's several forms were offered one by one before; a quoted
                # name has lost its quotes here)
                self._check_name(parsed.goal_id, field, parsed.value.get(field.id), lang,
                                 several=False)
            if flow.multiple and _SUSPICIOUS.search(_UNIT.sub("", text)):
                # the reader drops "=", "<", "@" …: the line as written must be a name too
                raise Invalid(self.flows.text("form_name_bad", lang, name=_shorten(text, 60)))
        except Invalid as exc:
            await turn.send(self._say(lang, "invalid", reason=exc.reason))
            return None
        activity = turn.incoming.key
        result = await self.checkins.report_one(
            reporter, subject, parsed.goal_id, parsed.theme, parsed.value,
            channel=turn.incoming.place.channel, activity_id=activity + part if activity else None,
            defaults=parsed.defaults, corrects=correction)
        values: Values = [(parsed.goal_id, parsed.theme, result.value)]
        if result.status == "unchanged":  # the same again: nothing is stored twice
            await turn.send(self._say(lang, "nothing_changed", subject=subject.name))
            return subject  # what stands is what the user said last
        if result.status == "jump" and result.jump is not None:
            await self._ask_confirmation(turn, reporter, subject, values, lang, True,
                                         result.jump)
        else:
            reply = self.saved_reply(subject, values, result.ids, lang, one_liner=True,
                                     corrected=correction)
            replaced = self._replaced(parsed.goal_id, parsed.theme, result.before,
                                      result.value, lang)
            if replaced:  # "tema 2: X" after "tema 2: Y": say what no longer stands
                reply = dataclasses.replace(reply, text=f"{reply.text}\n{replaced}")
            await turn.send(reply)
            if saved is not None:
                saved.append(subject)
            return subject
        return None

    async def _someone_else(self, reporter: Reporter, text: str,
                            candidates: list[Subject]) -> str | None:
        """Whom else than the leader's own units a one-liner speaks of: the code of another
        unit or centre it names (by code or name), "" for a person (a colleague's first
        name from the organisation, "min medarbejder", "kollega"), None for no one."""
        text = re.sub(r"\([^()]*\)", " ", text)  # "sygefravær 11,6 (Jens er langtidssyg)":
        padded = f" {fold_text(text)} "            # a remark beside the unit's figure
        if named_in(text, candidates) or any(
                f" {fold_text(s.code)} " in padded for s in candidates):
            # (its own unit named as well: that one's — unless a person in it is: "Mette i
            # kommunikation har 20 sygedage" was asked "Er du sikker?" and saved as the unit's)
            return "" if await self.a_person(reporter, text) else None
        directory = await self.checkins.directory()
        mine = {s.code.casefold() for s in candidates}
        for code, name in [*((u.code, u.name) for u in directory.units),
                           *((c.code, c.name) for c in directory.centres)]:
            if code.casefold() not in mine and (f" {fold_text(code)} " in padded or (
                    len(fold_text(name)) >= 4 and f" {fold_text(name)} " in padded)):
                return code
        return "" if await self.a_person(reporter, text) else None

    def _a_persons(self, text: str) -> bool:
        """Whether an answer to a figure's question speaks of a person ("jeg har selv været
        syg 12 dage", "min souschef har 14"): one of the words for one (``words``: persons)."""
        padded = f" {fold_text(text)} "
        return any(f" {w} " in padded for w in self.flows.words.get("persons", ()))

    async def a_person(self, reporter: Reporter, text: str) -> bool:
        """Whether a line with a figure speaks of a person (a colleague's first name, "min
        souschef", "Jens har …"), not of the unit."""
        text = re.sub(r"\([^()]*\)", " ", text)
        padded = f" {fold_text(text)} "
        for per in self.flows.words.get("per_unit", ()):
            padded = padded.replace(f" {fold_text(per)} ", " ")  # "11,4 days per FTE"
        remark = min((at for w in self.flows.words.get("remarks", ())
                      if (at := padded.find(f" {fold_text(w)} ")) > 0), default=None)
        if remark is not None and any(c.isdigit() for c in padded[:remark]):
            padded = padded[:remark + 1]  # "sick leave 11.5 because Mette is off sick"
        directory = await self.checkins.directory()
        if not any(c.isdigit() for c in text):
            return False  # a person named in a name ("digitaliseringsmål: spørg min souschef")
            # is that name's problem; only a figure is a person's or the unit's
        if self._a_persons(padded):
            return True
        own = (reporter.email or "").casefold()
        people = {email for email in [*(u.leader_email for u in directory.units),
                                      *(c.chief_email for c in directory.centres)]
                  if email and email != own}
        firsts = {fold_text(email.split("@")[0].split(".")[0]) for email in people}
        if any(f" {first} " in padded for first in firsts if len(first) >= 3):
            return True
        if any(f" {name} " in padded for name in self.flows.words.get("first_names", ())):
            return True  # "Jens' sygefravær er 12", "sygefraværet for Lone er 10"
        named = _NAMED_PERSON.match(text)
        if named:  # "Jens har 30 sygedage", "Peter has sick leave 9" — not "Vuggestuen har …"
            word = fold_text(named.group(1))
            if not self.knows_word(word) and not word.endswith(("en", "et", "n", "t")):
                return True
        return False

    def for_all(self, text: str) -> bool:
        """"… i begge", "… for alle mine enheder", "… in both": every unit the leader leads."""
        folded = f" {fold_text(text)} "
        return any(f" {p} {w} " in folded for p in ("i", "for", "hos", "in", "at")
                   for w in self.flows.words.get("all_units", ()))

    async def _several_forms(self, turn: Turn, parsed: OneLiner, text: str,
                             lang: str) -> bool:
        """A line that names several forms ("borgerpanel og fremtidsværksted", "borgerpanel,
        fremtidsværksted") was saved as one form, or lost the second: nothing is saved, and
        each form is offered as its own line (and, for "og", the name as one form, quoted).
        True when so."""
        names = [f.id for f in self.flows.goals[parsed.goal_id].fields if f.names]
        name = next((parsed.value.get(n) for n in names
                     if isinstance(parsed.value.get(n), str)), None)
        if not name or f'"{name}"' in text or f"„{name}“" in text:
            return False
        parts = [p.strip() for p in _SEVERAL.split(name) if p.strip()]
        listed = re.search(re.escape(name) + _LISTED_AFTER, text, re.IGNORECASE)
        at = text.casefold().find(name.casefold())
        later = _LISTED_LATER.search(text, at + len(name)) if at >= 0 and not listed else None
        if later is not None and not self.only_flags(parsed.goal_id, later.group(1)):
            # "dialogmøde afprøvet og evalueret, workshop afprøvet": the second form, after
            # what was said of the first, was lost without a word
            lines = [text[:later.start()].strip(" ,"), later.group(1) + text[later.end(1):]]
            reply = self._say(lang, "several_forms", name=_shorten(
                f"{name}, {later.group(1).strip()}", 60))
            actions = tuple(Action(title=_shorten(line, 60), value=line, kind="command")
                            for line in lines)
            await turn.send(dataclasses.replace(reply, actions=actions,
                                                outcome=Outcome.CLARIFY))
            return True
        if len(parts) > 1:  # "borgerpanel og fremtidsværksted": each, or the name as one
            lines = [text.replace(name, part, 1) for part in parts]
            lines.append(text.replace(name, f'"{name}"', 1))
            said = name
        elif listed and not self.only_flags(parsed.goal_id, listed.group(1)):
            # "borgerpanel, fremtidsværksted afprøvet": the reader kept the first (but the
            # "og evalueret det" of "vi har prøvet borgerpanel og evalueret det" is no form)
            before, after = text[:listed.start()], text[listed.end(1):]
            rest = [_NOT_A_NAME_TAIL.sub("", p.strip())  # "…, borgermøde og fokusgruppe",
                    for p in _SEVERAL.split(listed.group(1))  # "…, X men kun afprøvet"
                    if p.strip() and not self.only_flags(parsed.goal_id, p)]
            lines = [before + one + after for one in (name, *rest)]
            said = ", ".join((name, *rest))
        else:
            return False
        reply = self._say(lang, "several_forms", name=_shorten(said, 60))
        actions = tuple(Action(title=_shorten(line, 60), value=line, kind="command")
                        for line in lines)
        await turn.send(dataclasses.replace(reply, actions=actions, outcome=Outcome.CLARIFY))
        return True

    def _replaced(self, goal: str, theme: int | None, before: dict[str, Any] | None,
                  after: dict[str, Any], lang: str) -> str | None:
        """"Erstatter: …" when a one-liner's name replaced another standing name of the same
        goal (an initiative, a digitalisation goal); None otherwise."""
        if not before:
            return None
        flow = self.flows.goals[goal]
        for field in flow.fields:
            old, new = before.get(field.id), after.get(field.id)
            if field.names and not flow.multiple and isinstance(old, str) and old \
                    and fold_text(old) != fold_text(str(new or "")):
                return self.flows.text("replaced", lang, previous=self.summary(
                    goal, before, lang, theme))
        return None

    async def _own_units_in(self, code: str, candidates: list[Subject]) -> list[Subject]:
        """The leader's own units (of ``candidates``) in the centre ``code`` names, if it
        names a centre."""
        directory = await self.checkins.directory()
        centre = next((c for c in directory.centres if c.code.casefold() == code.casefold()),
                      None)
        if centre is None:
            return []
        return [s for s in candidates if s.kind == "unit" and s.centre_id == centre.id]

    async def _cannot(self, reporter: Reporter, code: str, kind: str, lang: str) -> Reply:
        """Why ``reporter`` cannot report for ``code`` (a goal of a ``kind`` subject)."""
        shown = _shorten(code, 40)
        directory = await self.checkins.directory()
        named = [u for u in directory.units if fold_text(u.name) == fold_text(code)]
        if named:  # "jeg vil gerne indrapportere for kommunikation": a unit by its name
            shown, code = named[0].name, named[0].code
        exists = directory.unit_by_code(code) is not None or any(
            c.code.casefold() == code.casefold() for c in directory.centres)
        if not exists:
            return self._say(lang, "unknown_subject", subject=shown)
        found = await self.checkins.subject(reporter, code)
        if found is not None and found.kind != kind:
            return self._say(lang, f"reported_by_{kind}", example=shown)
        return self._say(lang, "no_permission_subject", subject=shown)

    async def remove_form(self, turn: Turn, reporter: Reporter, argument: str,
                          lang: str) -> None:
        """"fjern form borgerpanel [@CODE]": the unit's form by that name no longer counts."""
        goal = next((g for g, f in self.flows.goals.items() if f.multiple), None)
        if goal is None:
            return
        name, _, code = argument.partition("@")
        name = name.strip(" :\"'")
        candidates = [s for s in reporter.subjects if s.kind == "unit"]
        if code.strip():
            found = await self.checkins.subject(reporter, code.strip())
            candidates = [found] if found is not None and found.kind == "unit" else []
        if not candidates:
            if reporter.admin and not code.strip():  # an admin names the unit
                await turn.send(self._say(lang, "admin_name_unit",
                                          example=_shorten(f"fjern form {name}", 60)))
            else:
                await turn.send(self._say(lang, "no_permission_subject", subject=code or name))
            return
        if await self.closed(turn, reporter, lang):
            return
        flow = self.flows.goals[goal]
        key = form_key(name)
        found_in = []
        for subject in candidates:
            items = await self.checkins.items_for(subject, goal)
            match = next((r for r in items if r.item == key), None) or next(
                (r for r in items if self.checkins.forms.same(r.item or "", key)), None)
            if match is not None:
                found_in.append((subject, match))
        if len(found_in) > 1:  # both units have a borgerpanel: which one's is removed?
            command = self.i18n.command("remove_form", lang)
            await self.ask_which(turn, [s for s, _ in found_in],
                                 lambda s: f"{command} {name} @{s.code}", lang)
            return
        for subject, match in found_in:
            if match is not None:
                shown = str(match.value.get(flow.fields[0].id) or name)
                ids = await self.checkins.save(
                    reporter, subject, [(goal, None, {REMOVED: match.item, "name": shown})],
                    channel=turn.incoming.place.channel, activity_id=turn.incoming.key)
                if not ids:  # removed at this very moment by another message
                    await turn.send(self._say(lang, "nothing_changed", subject=subject.name))
                    return
                undo = self.flows.text("undo", lang)
                await turn.send(Reply(
                    lang=lang, text=self.flows.text("removed", lang, subject=subject.name,
                                                    form=shown),
                    actions=(Action(_shorten(f"{undo}: {shown}", _LABEL),
                                    f"{self.i18n.command('undo', lang)} {ids[0]}", "command"),),
                    outcome=Outcome.ANSWER))
                return
        subject = candidates[0]
        items = await self.checkins.items_for(subject, goal)
        forms = ", ".join(str(r.value.get(flow.fields[0].id)) for r in items) or "–"
        await turn.send(self._say(lang, "remove_unknown", subject=subject.name, form=name,
                                  forms=forms))

    # ------------------------------------------------------------------ history and undo
    HISTORY_READ = 60
    HISTORY_STANDING = 15
    HISTORY_REPLACED = 4
    """the history: the latest reports read, the standing ones shown, the replaced ones shown"""

    async def history(self, turn: Turn, reporter: Reporter, lang: str,
                      about: str | None = None) -> None:
        """The person's latest check-ins; ``about``: the words after "hvad har jeg
        indrapporteret" ("for kommunikation?"), which may name one of their units: that
        unit's only (it showed all of them)."""
        only = self._one_of_mine(reporter, about) if about else None
        rows = await self.checkins.history(reporter, limit=self.HISTORY_READ)
        if only is not None:
            rows = [r for r in rows if self._of(r, only)]
        # what stands first, then (a few of) the figures newer ones replaced: ten rows of
        # corrections pushed the standing check-ins out of the list
        firsts: set[tuple[Any, ...]] = set()
        standing: list[LatestReport] = []
        replaced: list[LatestReport] = []
        for row in rows:
            key = (row.goal_id, row.unit_id, row.centre_id, row.theme, row.item)
            (replaced if key in firsts else standing).append(row)
            firsts.add(key)
        read = rows  # (a removed form is named by its report, also one not shown)
        rows = [*standing[:self.HISTORY_STANDING], *replaced[:self.HISTORY_REPLACED]]
        if not rows:
            await turn.send(self._say(lang, "history_empty"))
            return
        names = {(s.kind, s.id): s for s in reporter.subjects}
        directory = await self.checkins.directory()
        lines: list[str] = []
        actions: list[Action] = []
        seen: set[tuple[Any, ...]] = set()
        named = self._names_of(read)
        for row in rows:  # newest first: the first of each goal, unit and item stands
            subject = names.get(("unit", row.unit_id)) if row.unit_id is not None \
                else names.get(("centre", row.centre_id))
            name = subject.name if subject else directory.name_of(row.centre_id, row.unit_id)
            summary = self.summary(row.goal_id, _shown(row, named), lang, row.theme)
            date = self.i18n.date(self.checkins.clock.to_local(row.reported_at).date(), lang,
                                  "short")
            key = (row.goal_id, row.unit_id, row.centre_id, row.theme, row.item)
            line = self.flows.text("history_line", lang, subject=name, summary=summary,
                                   date=date)
            if key in seen:  # an older figure the newer one replaced
                line = self.flows.text("history_replaced", lang, line=line)
            lines.append(line)
            if key not in seen and len(actions) < 4:
                actions.append(Action(
                    title=_shorten(f"{self.flows.text('undo', lang)}: {name} – {summary}", _LABEL),
                    value=f"{self.i18n.command('undo', lang)} {row.id}", kind="command"))
            seen.add(key)
        for subject in reporter.subjects[:2]:
            actions.append(Action(
                title=_shorten(f"{self.flows.text('correct', lang)}: {subject.name}", _LABEL),
                value=f"{self.i18n.command('checkin', lang)} {subject.code}", kind="command"))
        if not self.checkins.accepts(reporter):  # after the period: no button to refuse
            actions = []
        title = self.flows.text("history_title_of", lang, subject=only.name) if only \
            else self.flows.text("history_title", lang)
        await turn.send(Reply(lang=lang, title=title, text="", lines=tuple(lines),
                              actions=tuple(actions), outcome=Outcome.ANSWER))

    @staticmethod
    def _one_of_mine(reporter: Reporter, words: str) -> Subject | None:
        """The one unit (or centre) of the reporter's that ``words`` name by code or name."""
        padded = f" {fold_text(words)} "
        found = [s for s in reporter.subjects if f" {fold_text(s.code)} " in padded
                 or f" {fold_text(s.name)} " in padded] or named_in(words, reporter.subjects)
        return found[0] if len(found) == 1 else None  # (also "S&A", "kom.")

    async def _last_batch(self, reporter: Reporter) -> list[int]:
        """The reports the person's last message saved, if it was within the hour and no undo
        itself; [] otherwise."""
        last = await self.checkins.last_action(reporter)
        clock = self.checkins.clock
        if last is None or last[1] or clock.now() - clock.to_local(last[2]) > UNDO_LAST_WITHIN:
            return []
        return await self.checkins.same_message(last[0])

    async def saved_just_now(self, reporter: Reporter,
                             within: dt.timedelta) -> list[LatestReport]:
        """The standing reports the person's last message saved, if it saved them within
        ``within`` (newest first); [] otherwise: what a correction right after corrects, when
        the bot was restarted in between and remembers nothing of it."""
        batch = await self._last_batch(reporter)
        if not batch:
            return []
        clock = self.checkins.clock
        rows = [r for r in await self.checkins.history(reporter, limit=len(batch) + 10)
                if r.id in batch]
        if len(rows) != len(batch) or any(
                clock.now() - clock.to_local(r.reported_at) > within for r in rows):
            return []
        return rows

    async def undo_last(self, turn: Turn, reporter: Reporter, lang: str, *,
                        guess: bool = True) -> None:
        """"fortryd" alone: the person's own last check-in is undone if it was made within
        the hour and was not itself an undo; otherwise nothing is guessed at — the latest
        are shown with their undo buttons ("fortryd" twice never walks further back)."""
        if await self.closed(turn, reporter, lang):
            return  # after the period: no list to choose from ("Vælg den herunder" over none)
        batch = await self._last_batch(reporter) if guess else []
        if len(batch) == 1:
            await self.undo(turn, reporter, str(batch[0]), lang)
            return
        if batch:  # one message saved several ("sygefravær 11" for "begge", a whole
            # check-in): all of them, or one? (only the last was undone; then all were, unasked)
            await self._undo_which_of(turn, reporter, batch, lang)
            return
        if not await self.checkins.history(reporter, limit=1):
            await turn.send(self._say(lang, "history_empty"))
            return
        await turn.send(self._say(lang, "undo_which"))
        await self.history(turn, reporter, lang)

    async def undo_except(self, turn: Turn, reporter: Reporter, keep: Subject,
                          lang: str) -> bool:
        """"undskyld, kun i kommunikation" right after one line saved for both units: the
        other units' reports of that line are undone, ``keep``'s stays. False when the last
        line (within the hour) saved no more than one, or not for ``keep``."""
        batch = await self._last_batch(reporter)
        if not batch:
            return False
        rows = {r.id: r for r in await self.checkins.history(reporter, limit=50)}
        mine = [i for i in batch if i in rows and self._of(rows[i], keep)]
        others = [i for i in batch if i in rows and not self._of(rows[i], keep)]
        if len(batch) < 2 or not mine or not others:
            return False
        for n, report_id in enumerate(others):
            await self.undo(turn, reporter, str(report_id), lang, suffix=f"/{n}" if n else "")
        return True

    async def undo_one_of(self, turn: Turn, reporter: Reporter, subject: Subject,
                          goal: str, lang: str) -> bool:
        """"nej vent, det var kommunikation": the last line (within the hour), saved for
        ``subject`` alone and for ``goal``, is undone; False when it was not that."""
        batch = await self._last_batch(reporter)
        if not batch:
            return False
        rows = {r.id: r for r in await self.checkins.history(reporter, limit=50)}
        if len(batch) != 1 or batch[0] not in rows or not self._of(rows[batch[0]], subject) \
                or rows[batch[0]].goal_id != goal:
            return False
        await self.undo(turn, reporter, str(batch[0]), lang)
        return True

    async def _reports_named(self, reporter: Reporter, text: str) -> list[int]:
        """The newest standing report of the one goal ``text`` names by a key of its check-in
        (for the unit it names, if any), with that goal's others of the same message ("sygefr
        S&A 11,9 og kom. 12,2", then "fortryd sygefraværet": both); [] when it names no goal,
        or several."""
        goal = self.flows.goal_named(text) if ":" not in text else None
        if goal is None:  # (":": a button's label, "Fortryd: Sygefravær: 12 …")
            return []
        # (a command's argument has lost its full stop: "… for kom")
        named = named_first(text, reporter.subjects)
        # "fortryd tema 4": that theme's initiative only (it undid theme 3's with it, and when
        # theme 4 had none left, theme 3's)
        themes = {int(t) for t in named_themes(text)} if self.flows.goals[goal].per_theme \
            else set()
        rows = [r for r in await self.checkins.history(reporter, limit=50)
                if r.goal_id == goal and (len(named) != 1 or self._of(r, named[0]))
                and (not themes or r.theme in themes)]
        if not rows:
            return []
        batch = set(await self.checkins.same_message(rows[0].id)) if len(named) != 1 else set()
        return [rows[0].id, *(r.id for r in rows[1:] if r.id in batch)]

    def _all_words(self) -> frozenset[str]:
        """"alle", "dem alle", "all", "both" … (to "Vil du fortryde dem alle?")."""
        return frozenset(fold_text(w) for w in (*self.flows.words.get("all_units", ()),
                                                *self.flows.words.get("all_of_them", ())))

    def all_to_undo(self, turn: Turn, text: str) -> bool:
        """"alle", "dem alle" right after "Vil du fortryde dem alle …?" (it was answered from
        the strategy)."""
        return fold_text(text) in self._all_words() and bool(
            self._undo_offered.pop(turn.incoming.place.key, False))

    def undo_pending(self, turn: Turn) -> bool:
        """Whether "Vil du fortryde dem alle, eller kun én af dem?" waits for an answer."""
        return bool(self._undo_offered.get(turn.incoming.place.key))

    async def undo_named_of(self, turn: Turn, reporter: Reporter, text: str,
                            lang: str) -> bool:
        """"kun kom", "kommunikation" right after "Vil du fortryde dem alle, eller kun én af
        dem?": the report of the unit named (it was answered from the strategy, and nothing
        undone); False when the text names no one unit of the last message's reports."""
        if not self._undo_offered.get(turn.incoming.place.key) or len(text.split()) > 4:
            return False
        batch = await self._last_batch(reporter)
        rows = {r.id: r for r in await self.checkins.history(reporter, limit=50)}
        named = named_first(text, reporter.subjects)
        if len(named) != 1:
            return False
        of = [i for i in batch if i in rows and self._of(rows[i], named[0])]
        if len(of) != 1:
            return False
        self._undo_offered.pop(turn.incoming.place.key, None)
        await self.undo(turn, reporter, str(of[0]), lang)
        return True

    async def undo_all_last(self, turn: Turn, reporter: Reporter, lang: str) -> bool:
        """Every report the last message saved (within the hour), undone; False (and the
        history shown) when there is none to undo."""
        batch = await self._last_batch(reporter)
        if not batch:
            await self.undo_last(turn, reporter, lang, guess=False)
            return False
        for n, report_id in enumerate(batch):
            await self.undo(turn, reporter, str(report_id), lang, suffix=f"/{n}" if n else "")
        return True

    @staticmethod
    def _of(row: LatestReport, subject: Subject) -> bool:
        return row.unit_id == subject.id if subject.kind == "unit" else \
            row.unit_id is None and row.centre_id == subject.id

    async def _undo_which_of(self, turn: Turn, reporter: Reporter, batch: list[int],
                             lang: str) -> None:
        self._undo_offered[turn.incoming.place.key] = True
        rows = {r.id: r for r in await self.checkins.history(reporter, limit=50)}
        command = self.i18n.command("undo", lang)
        undo = self.flows.text("undo", lang)
        actions = [Action(self.flows.text("undo_all", lang, count=len(batch)),
                          f"{command} {' '.join(str(i) for i in batch)}", "command")]
        lines = []
        directory = await self.checkins.directory()
        for report_id in batch:
            row = rows.get(report_id)
            if row is None:
                continue
            summary = f"{directory.name_of(row.centre_id, row.unit_id)} – " + self.summary(
                row.goal_id, _shown(row), lang, row.theme)
            lines.append(summary)
            actions.append(Action(_shorten(f"{undo}: {summary}", _LABEL), f"{command} {report_id}",
                                  "command"))
        await turn.send(Reply(lang=lang, text=self.flows.text("undo_which_of", lang,
                                                               count=len(batch)),
                              lines=tuple(lines), actions=tuple(actions[:6]),
                              outcome=Outcome.CLARIFY))

    async def undo(self, turn: Turn, reporter: Reporter, argument: str, lang: str, *,
                   suffix: str = "") -> None:
        """Undo one report (``suffix`` tells the undos of one message apart), or several
        ("fortryd 12 13 14": all that one message saved)."""
        if await self.closed(turn, reporter, lang):  # the final figures stay final
            return
        text = argument.strip().lstrip("#")
        several = text.replace(",", " ").split()
        if len(several) > 1 and all(p.lstrip("#").isdigit() for p in several):
            for n, one in enumerate(several):
                await self.undo(turn, reporter, one.lstrip("#"), lang,
                                suffix=f"/{n}" if n else "")
            return
        if fold_text(text) in self._all_words():
            # "fortryd alle" after "Fortryd alle 2" was offered (the whole history was shown)
            await self.undo_all_last(turn, reporter, lang)
            return
        if not text.isdigit() and any(c.isalpha() for c in text):
            # "fortryd sygefraværet", "fortryd RK for kom.": the newest standing report of
            # that goal (for the unit named) — it showed the whole history to choose from
            meant = await self._reports_named(reporter, text)
            if meant:
                await self.undo(turn, reporter, " ".join(map(str, meant)), lang, suffix=suffix)
                return
            # a button's label typed ("Fortryd: Sygefravær: 12 …"): which one is not said
            await self.undo_last(turn, reporter, lang, guess=False)
            return
        report_id = int(text) if text.isdigit() and len(text) <= 9 else -1  # an int4 id
        key = turn.incoming.key
        result = await self.checkins.undo(reporter, report_id,
                                          channel=turn.incoming.place.channel,
                                          activity_id=key + suffix if key else None)
        if result.status == "undone" and result.report and result.subject:
            named = await self._item_names(reporter) if result.report.item and \
                not result.report.value else {}
            summary = self.summary(result.report.goal_id, _shown(result.report, named), lang,
                                   result.report.theme)
            if result.restored is not None and result.restored.value:
                again = self.summary(result.restored.goal_id, _shown(result.restored), lang,
                                     result.restored.theme)
                await turn.send(self._say(lang, "undone", summary=summary,
                                          subject=result.subject.name, again=again))
            elif self.flows.goals[result.report.goal_id].multiple:  # one form of several
                await turn.send(self._say(lang, "undone_item", summary=summary,
                                          subject=result.subject.name))
            elif result.report.theme is not None:  # one theme of the goal, not all of it
                await turn.send(self._say(lang, "undone_nothing_theme", summary=summary,
                                          subject=result.subject.name,
                                          theme=result.report.theme))
            else:
                await turn.send(self._say(lang, "undone_nothing", summary=summary,
                                          subject=result.subject.name))
            return
        key = {"not-latest": "undo_not_latest", "not-allowed": "undo_not_allowed",
               "already": "undo_already"}.get(result.status, "not_found")
        await turn.send(self._say(lang, key))

    # ------------------------------------------------------------------ step by step
    async def active(self, turn: Turn,
                     snapshot: dict[str, Stored] | None = None) -> Stored | None:
        """The conversation's flow in progress, if there is one."""
        stored = snapshot.get(flow_key(turn)) if snapshot is not None \
            else await self.states.get(flow_key(turn))
        if stored is None or stored.data.get("flow") != FLOW or not stored.data.get("prompt"):
            return None
        return stored

    async def start(self, turn: Turn, reporter: Reporter, subjects: list[Subject],
                    lang: str) -> None:
        """Begin a check-in for ``subjects``, one question at a time."""
        state: dict[str, Any] = {
            "flow": FLOW, "v": 1, "lang": lang, "email": reporter.email, "boot": self.boot,
            "subjects": [_subject_dict(s) for s in subjects], "s": 0, "i": 0,
            "values": {}, "skip": [], "latest": None, "prompt": None}
        await self._advance(turn, state, None)

    async def cancel(self, turn: Turn) -> None:
        await self.states.delete(flow_key(turn))

    async def superseded(self, turn: Turn, stored: Stored, goal_id: str) -> Stored:
        """A one-liner for ``goal_id`` was saved in the middle of the flow: the flow's own
        earlier answer for that goal no longer applies (it would overwrite the newer figure
        when the flow saves). Returns the state as stored now."""
        values = stored.data.get("values", {})
        keep = {k: v for k, v in values.items() if not k.startswith(f"{goal_id}|")}
        data = {**stored.data, "values": keep}
        prompt = stored.data.get("prompt") or {}
        if stored.data.get("latest") is not None and prompt.get("subject"):
            # the standing values now include the one-liner ("uændret" offers it)
            data["latest"] = await self.latest_values(_subject(prompt["subject"]))
        version = await self.states.put(flow_key(turn), data, stored.version)
        return Stored(data, version)

    async def reprompt(self, turn: Turn, stored: Stored, *, going_on: bool = False) -> None:
        """Ask the pending question again (after "Vi fortsætter:" when something else came
        in between)."""
        reply = self._prompt_reply(stored.data["prompt"], None)
        if stored.data.get("ask"):
            data = {k: v for k, v in stored.data.items() if k not in ("ask", "argument")}
            await self.states.put(flow_key(turn), data, stored.version)
        if going_on:
            lang = stored.data["prompt"]["lang"]
            reply = dataclasses.replace(reply, text=self.i18n.text("help.going_on", lang)
                                        + " " + reply.text)
        await turn.send(reply)

    async def ask_restart(self, turn: Turn, stored: Stored, argument: str | None) -> None:
        """"indrapporter" while a check-in is open: go on, or start over?"""
        data = {**stored.data, "ask": "restart", "argument": argument}
        await self.states.put(flow_key(turn), data, stored.version)
        prompt = stored.data["prompt"]
        lang = prompt["lang"]
        go_on, restart = self.i18n.text("help.continue", lang), self.i18n.text("help.restart",
                                                                               lang)
        await turn.send(Reply(
            lang=lang, text=self.i18n.text("help.restart_question", lang,
                                           subject=_subject(prompt["subject"]).name),
            actions=(Action(go_on, go_on, "command"), Action(restart, restart, "command")),
            outcome=Outcome.CLARIFY))

    def restart_choice(self, stored: Stored, text: str) -> str | None:
        """"continue" or "restart" when the user answers the question :meth:`ask_restart`
        asked; None otherwise."""
        if stored.data.get("ask") != "restart":
            return None
        folded = fold_text(text)
        for choice in ("continue", "restart"):
            words = {fold_text(self.i18n.text(f"help.{choice}", lang)) for lang in ("da", "en")}
            if folded in words or folded in self.flows.words.get(choice, ()):
                return choice
        if folded in self.flows.words.get("yes", ()):
            return "continue"  # "ja" to "fortsætte …?"
        return None

    def wants_restart(self, text: str) -> bool:
        """"start forfra", "Start forfra, tak.", "kan vi starte forfra?" while a check-in
        waits for an answer: begin it again (it was read as a form's name)."""
        restart = [fold_text(w) for w in self.flows.words.get("restart", ())]
        for sentence in re.split(r"[.!?]+\s", text.strip()):  # ("Undskyld, jeg blev
            # forstyrret. Kan vi starte forfra?")
            said = [w for w in fold_text(sentence).split()
                    if w not in self.flows.words.get("polite", ())]
            padded = f" {' '.join(said)} "
            if 0 < len(said) <= RESTART_WORDS and any(f" {w} " in padded for w in restart):
                return True
        return False

    def is_correction(self, text: str) -> bool:
        """Whether ``text`` corrects a figure just given ("nej vent, det var 12,3", "no wait,
        sick leave is 10,5")."""
        folded = f" {fold_text(text)} "
        return any(f" {fold_text(w)} " in folded for w in self.flows.words.get("corrections", ())) \
            or bool(_WAIT.match(text))

    def corrects(self, text: str) -> bool:
        """Whether ``text`` corrects what was just saved: a correction's words, or a "nej",
        "hov", "undskyld" … first ("nej, det var i gang")."""
        said = fold_text(text).split()
        return self.is_correction(text) or (bool(said) and said[0] in _CORRECTING)

    @staticmethod
    def correction_body(text: str) -> str:
        """A correction without its lead ("nej vent, den er færdig" → "den er færdig", "nej,
        det var i gang" → "det var i gang"): the lead's "nej" is no answer; ``text`` when
        nothing is left."""
        rest = text
        wait = _WAIT.match(rest)
        if wait:
            rest = rest[wait.end():]
        said = rest.strip(" ,.!–-:").split(maxsplit=1)
        if said and fold_text(said[0]) in _CORRECTING:
            rest = said[1] if len(said) > 1 else ""
        rest = rest.strip(" ,.!–-:")
        return rest if words(rest) else text

    def corrected_figure(self, text: str, *, just_saved: bool = False) -> str | None:
        """The one figure of a correction ("nej vent, det var 12,3" → "12,3"), as written;
        None when ``text`` is no correction or has not exactly one number. ``just_saved``:
        right after a figure was saved, a short line that begins with "nej", "ups", "hov" …
        corrects it too ("nej 13,1", "nej, 12,2 mente jeg", "ups 10,4 ikke 10,9": they were
        answered with the goal's text, and the old figure stood)."""
        # (a unit's code is no figure: "nej vent, det var @CPKS-02" saved 2, "… COP-01" 1)
        numbers: list[str] = _A_NUMBER.findall(UNIT_CODES.sub(" ", text))
        said = fold_text(text).split()
        if len(numbers) == 2 and any(w in _NOT for w in said):
            numbers = numbers[:1]  # "10,4 ikke 10,9": the first, not the one it replaces
        elif len(numbers) == 2:  # "jeg kom til at skrive 13,8 …, men det korrekte tal er
            # 13,6": the one after the last of a correction's words
            folded = fold_text(text)
            at = max((folded.rfind(fold_text(w)) for w in self.flows.words.get(
                "corrections", ()) if fold_text(w) in folded), default=-1)
            after = _A_NUMBER.findall(folded[at:]) if at >= 0 else []
            if len(after) == 1:
                numbers = [n for n in numbers if fold_text(n) == after[0]][:1] or numbers
        if len(numbers) != 1:
            return None
        if self.is_correction(text) or (just_saved and said and said[0] in _CORRECTING
                                        and len(said) <= self.SHORT_CORRECTION):
            return numbers[0]
        return None

    SHORT_CORRECTION = 6
    """the most words of a correction known only by its first word ("nej, 10,3 var det")"""

    async def correct(self, turn: Turn, stored: Stored, text: str) -> bool:
        """A correction typed at a later question of a check-in ("nej vent, det var 12,3" at
        the recruitment question): the figure this check-in was given is replaced, and the
        question asked again (it was saved as "rekrutteret: nej"). False when the check-in
        holds no figure, or the line has not exactly one number."""
        figure = self.corrected_figure(text)
        if figure is None:
            return False
        state = dict(stored.data)
        for key, value in (state.get("values") or {}).items():
            goal, _theme, _item = _split_key(key)
            field = next((f for f in self.flows.goals[goal].fields if f.type == "number"),
                         None)
            if field is None or value.get(field.id) is None:
                continue
            prompt = state["prompt"]
            try:
                number = self.flows.parse(field, figure, prompt["lang"])
            except Invalid as exc:
                await turn.send(self._prompt_reply(prompt, exc.reason,
                                                    understood=exc.understood))
                return True
            state["values"] = {**state["values"], key: {**value, field.id: number}}
            await self.states.put(flow_key(turn), state, stored.version)
            summary = self.summary(goal, state["values"][key], prompt["lang"])
            await turn.send(Reply(lang=prompt["lang"], text=self.flows.text(
                "corrected_step", prompt["lang"], summary=summary)))
            await self.reprompt(turn, stored, going_on=True)
            return True
        return False

    async def correct_flags(self, turn: Turn, stored: Stored, text: str) -> bool:
        """A correction of the form just named, typed at a later question of a check-in
        ("eller nej, kun afprøvet", "nej vent, også evalueret" at the note or "flere
        former?"): its answers changed, the question asked again (it was taken as the note,
        or "svar ja eller nej"). False when the line corrects no answer of the form."""
        state = dict(stored.data)
        prompt = state.get("prompt") or {}
        goal = str(prompt.get("goal") or "")
        flow = self.flows.goals.get(goal)
        if flow is None or not flow.flags or prompt.get("field") in flow.flags:
            return False  # (at "Er den evalueret?", "nej, ikke evalueret" is the answer)
        changed = self.flows.flag_correction(goal, text)
        key = self._key(state, goal, prompt.get("theme"))
        value = (state.get("values") or {}).get(key)
        if changed is None or not value:
            return False
        named = self._form_with_yes(goal, text, prompt["lang"])
        first = flow.fields[0].id
        if (named.get(first) and form_key(str(named[first])) != form_key(str(
                value.get(first)))) or _ANOTHER.search(text):
            return False  # "… vent, jo, vi lavede også et fremtidsværksted, kun afprøvet" at
            # "flere former?": another form's answers, not the one just named (it set the
            # borgerpanel to "afprøvet: nej")
        corrected = self.flows.consistent(goal, {**value, **changed})
        state["values"] = {**state["values"], key: corrected}
        await self.states.put(flow_key(turn), state, stored.version)
        summary = self.summary(goal, corrected, prompt["lang"], prompt.get("theme"))
        await turn.send(Reply(lang=prompt["lang"], text=self.flows.text(
            "corrected_step", prompt["lang"], summary=summary)))
        await self.reprompt(turn, stored, going_on=True)
        return True

    async def correct_status(self, turn: Turn, stored: Stored, text: str) -> bool:
        """"nej vent RK er færdig" at a later question of a check-in: the status this
        check-in was given for that goal is replaced (it asked which unit, said "Intet er
        ændret", and the check-in then saved the status given before). False when the line
        reads as no status of a goal the check-in has answered."""
        prompt = (stored.data.get("prompt") or {})
        lang = prompt.get("lang", "da")
        body = self.correction_body(text)
        reading = self.read_line(body, lang)
        if reading is not None and reading.kind == "other" and prompt.get("goal"):
            # "nej vent, i gang stadig" at the question after the status: the status this
            # check-in was given last (it was refused as a form's name, and "Færdig" saved)
            answered = [k for k, v in (stored.data.get("values") or {}).items()
                        if any(f.type == "choice" and v.get(f.id) is not None
                               for f in self.flows.goals[_split_key(k)[0]].fields)]
            current = self.flows.goals[str(prompt["goal"])].fields
            goal = _split_key(answered[-1])[0] if answered else None
            field = next((f for f in self.flows.goals[goal].fields if f.type == "choice"),
                         None) if goal else None
            named = self.flows.choice_in(field, body) if field is not None else None
            if field is not None and named is not None and \
                    not any(f.type == "choice" for f in current):
                reading = dataclasses.replace(reading, kind="report", goal_id=goal,
                                              value={field.id: named})
        if reading is None or reading.kind != "report" or not reading.value or \
                reading.unit is not None:
            return False
        state = dict(stored.data)
        for key, value in (state.get("values") or {}).items():
            goal, _theme, _item = _split_key(key)
            field = next((f for f in self.flows.goals[goal].fields if f.type == "choice"),
                         None)
            if goal != reading.goal_id or field is None or field.id not in reading.value or \
                    value.get(field.id) is None:
                continue
            state["values"] = {**state["values"], key: {**value,
                                                        field.id: reading.value[field.id]}}
            await self.states.put(flow_key(turn), state, stored.version)
            summary = self.summary(goal, state["values"][key], lang)
            await turn.send(Reply(lang=lang, text=self.flows.text(
                "corrected_step", lang, summary=summary)))
            await self.reprompt(turn, stored, going_on=True)
            return True
        return False

    async def correct_none(self, turn: Turn, stored: Stored, text: str) -> bool:
        """"nej vent, vi har haft et borgerpanel men kun afprøvet" at a later question of a
        check-in, after "ingen" at the form question: the form and what was done with it
        replace the none (it was refused as no number, and the form lost). False when the
        line names nothing for a goal this check-in was told has none."""
        prompt = stored.data.get("prompt") or {}
        lang = prompt.get("lang", "da")
        reading = self.read_line(self.correction_body(text), lang)
        if reading is None or reading.kind != "report" or not reading.value or \
                reading.unit is not None or reading.goal_id == prompt.get("goal"):
            return False
        goal = str(reading.goal_id)
        first = self.flows.goals[goal].fields[0]
        if not isinstance(reading.value.get(first.id), str):
            return False
        state = dict(stored.data)
        key = next((k for k, v in (state.get("values") or {}).items()
                    if _split_key(k)[0] == goal and first.id in v and v[first.id] is None),
                   None)
        if key is None:
            return False
        try:
            self._check_name(goal, first, str(reading.value[first.id]), lang)
        except Invalid:
            return False
        value = self.flows.consistent(goal, {**(reading.defaults or {}), **reading.value})
        state["values"] = {**state["values"], key: value}
        await self.states.put(flow_key(turn), state, stored.version)
        await turn.send(Reply(lang=lang, text=self.flows.text(
            "corrected_step", lang, summary=self.summary(goal, value, lang))))
        await self.reprompt(turn, stored, going_on=True)
        return True

    def fits(self, stored: Stored, text: str) -> bool:
        """Whether ``text`` is a valid answer to the pending question of a field that is not
        free text (a number, a choice, yes/no)."""
        prompt = stored.data["prompt"]
        field = self.field(prompt["goal"], prompt["field"])
        if field.type == "text":
            return False
        folded = fold_text(text).split()
        if len(folded) >= 3 and (text.strip().endswith("?") or folded[0] in self.flows.words.get(
                "question", ())):
            return False  # "hvad menes der med planlagt?" asks; it was saved as Planlagt
        try:
            self.flows.parse(field, text, prompt["lang"])
        except Invalid:
            return False
        return True

    async def stale_button(self, turn: Turn, text: str,
                           snapshot: dict[str, Stored] | None = None) -> bool:
        """A button of a check-in that has ended (cancelled, saved, or gone): say so and
        offer a new one, instead of treating its label as a question."""
        stored = snapshot.get(flow_key(turn)) if snapshot is not None \
            else await self.states.get(flow_key(turn))
        if stored is None or stored.data.get("flow") != ENDED:
            return False
        try:
            ended = dt.datetime.fromisoformat(str(stored.data.get("at")))
        except ValueError:
            return False
        if self.checkins.clock.now() - ended > STALE_FOR:
            return False
        folded = fold_text(text)
        if not folded or folded not in stored.data.get("buttons", []):
            return False
        await self.states.delete(flow_key(turn))
        lang = stored.data.get("lang", "da")
        await turn.send(Reply(lang=lang, text=self.i18n.text("help.stale", lang), actions=(
            Action(self.i18n.text("help.checkin.button", lang),
                   self.i18n.command("checkin", lang), "command"),), outcome=Outcome.CLARIFY))
        return True

    async def _end(self, turn: Turn, state: dict[str, Any]) -> None:
        """The flow is over: keep only what recognises its stale buttons for a while."""
        prompt = state.get("prompt") or state.get("last_prompt")
        buttons: list[str] = []
        if prompt:
            buttons = [fold_text(a.value) for a in self._prompt_reply(prompt, None).actions]
        await self.states.put(flow_key(turn), {
            "flow": ENDED, "lang": state.get("lang", "da"), "buttons": buttons,
            "at": self.checkins.clock.now().isoformat()}, None)

    def _key(self, state: dict[str, Any], goal: str, theme: int | None) -> str:
        """The key of the value being asked: for a goal with several values, its n-th."""
        if self.flows.goals[goal].multiple:
            return _goal_key(goal, theme, f"#{state.setdefault('n', {}).get(goal, 0)}")
        return _goal_key(goal, theme)

    async def answer(self, turn: Turn, stored: Stored, text: str | None = None) -> None:
        """Take the user's answer to the pending question (``text``: the answer read from
        what they wrote, "færdig" from "RK færdig"), then ask the next one."""
        state = stored.data
        prompt: dict[str, Any] = state["prompt"]
        lang = state["lang"]
        text = turn.incoming.text if text is None else text
        # "ingen – nej vent, trivselsmåling": what it says last (the whole was the name)
        text = self.self_corrected(text)
        goal = prompt["goal"]
        field = self.field(goal, prompt["field"])
        key = self._key(state, goal, prompt["theme"])
        control = self.flows.control(text)
        if control is None and fold_text(text) in self.flows.words.get("back", ()):
            # "tilbage" was refused as no yes or no, or saved as a form's note
            await turn.send(Reply(lang=lang, text=self.flows.text("no_back", lang),
                                  outcome=Outcome.CLARIFY))
            await turn.send(self._prompt_reply(prompt, None))
            return
        if control is None and prompt.get("previous") is not None:
            keep = self.flows.text("keep", lang,
                                   value=self.flows.display(field, prompt["previous"], lang))
            if fold_text(text) == fold_text(keep):
                control = KEEP
        if control == CANCEL:
            await self._end(turn, state)
            saved = state.get("saved") or []
            if saved:
                await turn.send(self._say(lang, "cancelled_after", saved=self.i18n.join(
                    saved, lang), subject=_subject(prompt["subject"]).name))
            else:
                await turn.send(self._say(lang, "cancelled"))
            return
        if field.id == MORE:
            more = False
            if control is None:
                try:
                    more = self.flows.parse(field, text, lang)
                except Invalid as exc:
                    # "workshop med brugere, kun afprøvet": another form named without a yes
                    # (it said "svar ja eller nej", and the form was lost)
                    more = self._another_form(state, goal, prompt, text, lang)
                    if not more:
                        await turn.send(self._prompt_reply(prompt, exc.reason,
                                                            understood=exc.understood))
                        return
            if more:  # another form: back to the goal's first question
                state["n"][goal] = state["n"].get(goal, 0) + 1
                first = self.flows.goals[goal].fields[0].id
                state["i"] = next(i for i, step in enumerate(self.queue(
                    _subject(prompt["subject"]))) if step[0] == goal and step[2] == first)
                said = self._form_with_yes(goal, text, lang)
                if said:  # "jo, også et fremtidsværksted, men det er kun afprøvet": that form
                    # (it was read as "ja", and the form asked for again)
                    new = self._key(state, goal, prompt["theme"])
                    state["values"].setdefault(new, {}).update(said)
                    state.setdefault("given", {})[new] = [f for f in said if f != first]
                    state["i"] += 1
                state["prompt"] = None
                await self._advance(turn, state, stored.version)
                return
        elif control == SKIP:
            if field.optional:
                state["values"].setdefault(key, {})[field.id] = None
            else:
                state["skip"].append(key)
                state["values"].pop(key, None)
        elif control == KEEP and prompt.get("previous") is None:
            await turn.send(self._prompt_reply(prompt, self.flows.reason("nothing_to_keep",
                                                                         lang)))
            return
        elif control == KEEP:
            state["values"].setdefault(key, {})[field.id] = prompt.get("previous")
        elif field.type == "text" and (self.flows.means_none(goal, text, field.id) or (
                field.optional and self.flows.says_none(text))):
            # "ingen": none ("vi har ikke nogen note til det" was saved as the note)
            state["values"].setdefault(key, {})[field.id] = None
        elif field.type == "text" and field.only_if and (
                self.flows.says_none(text) or fold_text(text) in _NONE):
            # "Hvilket mål?" – "ingen": then there is none (it was saved as "ja (ingen)")
            state["values"].setdefault(key, {}).update({field.id: None, field.only_if: False})
        elif prompt.get("pending") is not None and self._yes(text, lang):
            state["values"].setdefault(key, {})[field.id] = prompt["pending"]  # "ja": sure
        elif field.id != MORE:
            if field.type == "text" and field.names and _SENTENCES.search(text):
                # "Det er ét borgerpanel. Vi har afprøvet det og evalueret det i september.":
                # the name is the first sentence's, the rest says what was done with it (the
                # whole was saved as the name)
                first, rest = _SENTENCES.split(text, maxsplit=1)
                text = f"{_STEP_LEAD.sub('', first).strip() or first}, {rest}".rstrip(".!? ")
            given = self._named_with_flags(goal, field, text, lang)
            if given is not None:
                # "borgermøde afprøvet og evalueret nu" at the form question: the form, and
                # what was done with it (the whole line was saved as a second form's name,
                # and its flags asked again)
                state["values"].setdefault(key, {}).update(given)
                state.setdefault("given", {})[key] = [f for f in given if f != field.id]
                text = str(given[field.id])
            if field.type == "text" and field.names:  # "vi har lavet et fremtidsværksted med
                text = _STEP_LEAD.sub("", text) or text  # borgere": the form is the rest
                # "borgermøde som er evalueret": the name ends where a clause about it begins
                text = RELATIVE_CLAUSE.split(text, maxsplit=1)[0].strip() or text
            if field.type == "number" and self._a_persons(text):
                # "Jeg har selv været syg 12 dage i år" at the sick-leave question: one
                # person's days, no unit's figure (it was saved as the unit's)
                await turn.send(self._prompt_reply(
                    prompt, self._say(lang, "about_a_person").text, understood=True))
                return
            if field.type == "number":
                # "nej det var en tastefejl, 12,0" at "Er du sikker på 30?": the figure it
                # gives instead ("skriv et tal", and 30 stood waiting for its yes)
                text = self.corrected_figure(text, just_saved=True) or text
            negated = field.type == "boolean" and self._flag_in(goal, field.id, text) is False
            try:
                # ("ja, men ikke evalueret" to "Er den evalueret?" was saved as evaluated)
                value = False if negated else self.flows.parse(field, text, lang)
                self._check_name(goal, field, value, lang)
            except Invalid as exc:
                if prompt.pop("pending", None) is not None:
                    # (the figure waiting for its "ja" is no longer what is asked of: the
                    # same figure again was saved unasked after the plain question)
                    await self.states.put(flow_key(turn), state, stored.version)
                await turn.send(self._prompt_reply(prompt, exc.reason,
                                                    understood=exc.understood))
                return
            jump = self._step_jump(goal, field, value, prompt)
            if jump is not None:
                prompt["pending"] = value
                await self.states.put(flow_key(turn), state, stored.version)
                await turn.send(self._jump_prompt(prompt, jump))
                return
            state["values"].setdefault(key, {})[field.id] = value
            if field.type == "boolean":
                # "Ja, men vi har ikke evalueret den endnu" to "Er den afprøvet?": the later
                # flag is said too (it was asked again)
                for flag, flagged in self._other_flags(goal, field, text).items():
                    state["values"][key][flag] = flagged
                    state.setdefault("given", {}).setdefault(key, []).append(flag)
            named = self._said_with_yes(goal, field, value, text, lang)
            if named is not None:
                # "ja, digital post til alle borgere" to "… fokus på mindst ét mål …?": the
                # goal is named, and "Hvilket mål?" is not asked (the next line was saved as it)
                state["values"][key][named[0]] = named[1]
                state.setdefault("given", {}).setdefault(key, []).append(named[0])
        state["i"] += 1
        state["prompt"] = None
        await self._advance(turn, state, stored.version)

    def _said_with_yes(self, goal: str, field: FieldModel, value: Any, text: str,
                       lang: str) -> tuple[str, Any] | None:
        """(field id, value) of the text question that follows a yes ("Hvilket mål?") when the
        yes names it too: "ja, digital post til alle borgere"; not "ja, det har den"."""
        if field.type != "boolean" or value is not True:
            return None
        follow = next((f for f in self.flows.goals[goal].fields
                       if f.only_if == field.id and f.type == "text"), None)
        said = text.strip().split(maxsplit=1)
        if follow is None or len(said) < 2 or fold_text(said[0].strip(",.:;!–-")) not in \
                self.flows.words.get("yes", ()):
            return None
        rest = said[1].strip(" ,.:;!–-")
        if not names_something(rest) or self.flows.says_none(rest) or self.flows.unsure(rest):
            return None
        try:
            return follow.id, self.flows.parse(follow, rest, lang)
        except Invalid:
            return None

    def _other_flags(self, goal: str, field: FieldModel, text: str) -> dict[str, bool]:
        """The goal's later flags an answer to one flag's question names by their words, each
        as said or negated ("ikke evalueret")."""
        flow = self.flows.goals[goal]
        order = [f.id for f in flow.fields]
        found: dict[str, bool] = {}
        for flag in flow.flags:
            if flag not in order or order.index(flag) <= order.index(field.id):
                continue
            said = self._flag_in(goal, flag, text)
            if said is not None:
                found[flag] = said
        return found

    def _flag_in(self, goal: str, flag: str, text: str) -> bool | None:
        """Whether ``text`` names the goal's ``flag`` by its word, as said (True) or negated
        ("ikke evalueret": False); None when it does not name it."""
        names = self.flows.goals[goal].flags.get(flag)
        if not names:
            return None
        words = fold_text(text).split()
        negations = {fold_text(w) for w in self.flows.words.get("negations", ())}
        folded = {fold_text(n) for n in names}
        at = next((n for n, w in enumerate(words) if w in folded), None)
        if at is None:
            return None
        return not (negations & set(words[max(0, at - 3):at]))

    def _another_form(self, state: dict[str, Any], goal: str, prompt: dict[str, Any],
                      text: str, lang: str) -> bool:
        """Whether an answer to "flere former?" names a form other than the one just given
        ("workshop med brugere, kun afprøvet"): a yes with that form."""
        said = self._form_with_yes(goal, text, lang)
        first = self.flows.goals[goal].fields[0].id
        if not said.get(first):
            return False
        given = (state.get("values") or {}).get(self._key(state, goal, prompt.get("theme")))
        return not given or form_key(str(given.get(first))) != form_key(str(said[first]))

    def _form_with_yes(self, goal: str, text: str, lang: str) -> dict[str, Any]:
        """The form (and what was done with it) a yes to "flere former?" names; {} for a
        bare yes."""
        reading = self.read_line(text, lang)
        first = self.flows.goals[goal].fields[0]
        if reading is None or reading.kind != "report" or reading.goal_id != goal or \
                not reading.value or not isinstance(reading.value.get(first.id), str):
            return {}
        said = {**(reading.defaults or {}), **reading.value}
        try:
            self._check_name(goal, first, said[first.id], lang)
        except Invalid:
            return {}
        return said

    def _named_with_flags(self, goal: str, field: FieldModel, text: str,
                          lang: str) -> dict[str, Any] | None:
        """A name and the goal's flags said in one answer to the name's question ("borgermøde
        afprøvet og evalueret"): {name field: the name, flag: value, …}; None otherwise."""
        if field.type != "text" or not field.names or field.id != \
                self.flows.goals[goal].fields[0].id:
            return None
        reading = self.read_line(text, lang)
        if reading is None or reading.kind != "report" or reading.goal_id != goal or \
                not reading.value or not isinstance(reading.value.get(field.id), str):
            return None
        said = {**(reading.defaults or {}), **reading.value}
        return said if len(said) > 1 else None

    def _step_jump(self, goal: str, field: FieldModel, value: Any,
                   prompt: dict[str, Any]) -> Jump | None:
        """A figure far from the last one, not yet confirmed in this prompt."""
        if prompt.get("pending") is not None and prompt["pending"] == value:
            return None  # the same figure again: confirmed
        seen = prompt.get("range")
        limit = self.checkins.kb.goal(goal).jump
        if limit is None or not seen or field.type != "number":
            return None
        if self.checkins.number_of(goal, {field.id: value}) is None:
            return None
        low, high = float(seen[0]), float(seen[1])
        after = float(value)
        return Jump(goal, low, high, after) if is_jump((low, high), after, limit) else None

    def _jump_prompt(self, prompt: dict[str, Any], jump: Jump) -> Reply:
        lang = prompt["lang"]
        subject = _subject(prompt["subject"])
        text = self.flows.text("jump_step", lang, **self._jump_values(jump, subject, lang))
        after = self.i18n.number(jump.after, lang)
        return Reply(lang=lang, text=text, actions=(
            Action(self.flows.text("jump_yes", lang), after),), outcome=Outcome.CLARIFY)

    async def _advance(self, turn: Turn, state: dict[str, Any], version: str | None) -> None:
        """Ask the next question, or save the subject when its questions are done."""
        key = flow_key(turn)
        while True:
            subject = _subject(state["subjects"][state["s"]])
            lang = state["lang"]
            if state["latest"] is None:
                state["latest"] = await self.latest_values(subject)
                if state["i"] == 0:
                    await turn.send(self._say(lang, "start", subject=subject.name))
            queue = self.queue(subject)
            while state["i"] < len(queue):
                goal, theme, field_id = queue[state["i"]]
                field = self.field(goal, field_id)
                flow = self.flows.goals[goal]
                current = state["values"].get(self._key(state, goal, theme), {})
                first = flow.fields[0].id
                none_named = flow.multiple and field_id != first and not current.get(first)
                given = (state.get("given") or {}).get(self._key(state, goal, theme), ())
                if self._key(state, goal, theme) in state["skip"] or none_named or (
                        field.only_if and not current.get(field.only_if)) or \
                        field_id in given:
                    state["i"] += 1
                    continue
                break
            if state["i"] < len(queue):
                goal, theme, field_id = queue[state["i"]]
                field = self.field(goal, field_id)
                if state.get("boot", self.boot) != self.boot:  # restarted mid-flow
                    await turn.send(self._say(lang, "resumed", subject=subject.name))
                state["boot"] = self.boot
                seen = None
                if field.type == "number" and self.checkins.kb.goal(goal).jump is not None:
                    seen = await self.checkins.figure_range(subject, goal)
                state["last_prompt"] = state["prompt"] = {
                    "goal": goal, "theme": theme, "field": field_id, "lang": lang,
                    "subject": _subject_dict(subject),
                    "previous": self._previous(state["latest"], goal, theme, field, subject),
                    "range": list(seen) if seen else None}
                await self.states.put(key, state, version)
                await turn.send(self._prompt_reply(state["prompt"], None))
                return
            if not await self._finish_subject(turn, state, subject):
                await self._end(turn, state)
                return
            state.setdefault("saved", []).append(subject.name)
            state["last_prompt"] = state.get("prompt")
            if state["s"] + 1 >= len(state["subjects"]):
                await self._end(turn, state)
                return
            state.update(s=state["s"] + 1, i=0, values={}, skip=[], latest=None, prompt=None,
                         n={})

    async def _finish_subject(self, turn: Turn, state: dict[str, Any],
                              subject: Subject) -> bool:
        """Save what was answered for ``subject``; False when the user may no longer."""
        reporter = await self.checkins.reporter(state["email"])
        allowed = await self.checkins.subject(reporter, subject.code)
        lang = state["lang"]
        if allowed is None:
            await turn.send(self._say(lang, "no_permission_subject", subject=subject.name))
            return False
        if await self.closed(turn, reporter, lang):
            return False
        latest: dict[str, dict[str, Any]] = state["latest"] or {}
        values: Values = []
        for key, value in state["values"].items():
            goal, theme, item = _split_key(key)
            if item:  # the n-th form asked: it replaces the standing form of its name
                if not value.get(self.flows.goals[goal].fields[0].id):
                    continue  # "ingen"
                before = latest.get(_goal_key(goal, theme, self.checkins.item_of(goal, value)),
                                    {})
            else:
                before = latest.get(key, {})
            merged = self.flows.consistent(goal, {**before, **value})
            if merged != before:
                values.append((goal, theme, merged))
        await self.save(turn, reporter, allowed, values, lang, confirmed=True,
                        answered=any(v for v in state["values"].values()))
        return True

    def _prompt_reply(self, prompt: dict[str, Any], reason: str | None, *,
                      understood: bool = False) -> Reply:
        """The question of ``prompt``, after ``reason`` when the last answer did not fit
        (``understood``: said as it is, not as "Det forstod jeg ikke: …")."""
        lang = prompt["lang"]
        field = self.field(prompt["goal"], prompt["field"])
        subject = _subject(prompt["subject"])
        text = self.question(prompt["goal"], prompt["theme"], field, subject, lang)
        if reason:
            said = reason[:1].upper() + reason[1:] if understood else \
                self.flows.text("invalid", lang, reason=reason)
            text = said + "\n\n" + text
        actions = self.choice_actions(field, lang)
        if prompt.get("previous") is not None:
            shown = self.flows.display(field, prompt["previous"], lang)
            keep = self.flows.text("keep", lang, value=shown)
            actions.append(Action(title=_shorten(keep, _LABEL), value=keep))
        skip = self.flows.text("skip", lang)
        actions.append(Action(title=skip, value=skip))
        return Reply(lang=lang, text=text, actions=tuple(actions), outcome=Outcome.ANSWER)


def names_something(text: str) -> bool:
    """Whether a text names something: a word of four letters or more that is no stop word
    ("digital post til alle borgere"; not "det har den")."""
    return any(len(w) >= 4 and fold_text(w) not in STOPWORDS for w in text.split())


def named_in(text: str, candidates: Sequence[Subject]) -> list[Subject]:
    """The leader's units a one-liner names in words ("sygefravær 12,1 i strategi og
    analyse"): each name as whole words — or its code without "@" ("RK færdig CPKS-02"), its
    initials ("S&A" for Strategi og Analyse) or its name clipped with a full stop ("kom." for
    Kommunikation). Several candidates named by the short forms alike name none by them."""
    padded = f" {fold_text(text)} "
    whole = [s for s in candidates if f" {fold_text(s.name)} " in padded
             or f" {fold_text(s.code)} " in padded]
    short = [s for s in candidates if any(
        _initials(s.name) == _initials_of(token) or _clipped(token, s.name)
        for token in (_POSSESSIVE.sub("", t.rstrip(":;,")) for t in text.split()))]
    # ("kom.:", "S&A,", "S&A's")
    if whole:
        # (…with another unit named by its initials: "kun i kommunikation. S&A har ikke
        # rekrutteret" names both — it was saved for Kommunikation alone)
        others = [s for s in short if s not in whole]
        return whole + others if len(others) == 1 else whole
    return short if len(short) == 1 else []


def short_for(name: str, text: str) -> bool:
    """Whether a word of ``text`` is ``name``'s initials or its name clipped with a full stop
    ("S&A", "kom.")."""
    return any(_initials(name) == _initials_of(t) or _clipped(t, name) for t in text.split())


def named_first(text: str, candidates: Sequence[Subject]) -> list[Subject]:
    """The units a piece of a line names (:func:`named_in`), or the one whose name its first
    or last word begins ("kom har ikke rekrutteret", "i gang i kom": a part of a line that
    names the other unit too; "kom" alone is a verb, so only where a line is split by
    unit)."""
    named = named_in(text, candidates)
    if named:
        return named
    said = fold_text(text).split()
    for word in {*said[:1], *said[-1:]}:  # (or its last: "i gang i kom")
        if len(word) < 3 or not word.isalpha():
            continue
        begun = [s for s in candidates if (fold_text(s.name).split() or [""])[0].startswith(word)
                 and (fold_text(s.name).split() or [""])[0] != word]
        if len(begun) == 1:
            return begun
    return []


def without_named(text: str, subject: Subject) -> str:
    """``text`` without the words that name ``subject`` (its name, code, initials or clipped
    name: "sygefravær 12 S&A" → "sygefravær 12")."""
    text = re.sub(rf"(?<!\w)(?:{re.escape(subject.name)}|@?{re.escape(subject.code)})(?!\w)",
                  " ", text, flags=re.IGNORECASE)
    kept: list[str] = []
    for t in text.split():
        core = t.rstrip(":;,")  # ("borgerinddragelse kom.: dialogmøde …": its colon stays)
        if _initials(subject.name) == _initials_of(core) or _clipped(core, subject.name):
            if kept and core != t:
                kept[-1] += t[len(core):]
            continue
        kept.append(t)
    return " ".join(kept)


_SMALL_NAME_WORDS = frozenset(("og", "for", "i", "af", "and", "of", "the"))


def _initials(name: str) -> str:
    """"Strategi og Analyse" → "sa" (the small words left out)."""
    said = [w for w in fold_text(name).split() if w not in _SMALL_NAME_WORDS]
    return "".join(w[0] for w in said) if len(said) >= 2 else ""


def _initials_of(token: str) -> str:
    """"S&A", "S/A", "SA" as initials (two or three capitals, perhaps joined by & or /)."""
    stripped = token.strip(".,;:!?()")
    letters = stripped.replace("&", "").replace("/", "")
    if 2 <= len(letters) <= 3 and letters.isalpha() and (letters.isupper() or len(stripped) >
                                                          len(letters)):
        return letters.casefold()
    return "-"


def _clipped(token: str, name: str) -> bool:
    """"kom." for "Kommunikation": three letters or more of the name's first word, then a full
    stop."""
    if not token.endswith(".") or len(token) < 4:
        return False
    start = fold_text(token[:-1])
    first = fold_text(name).split()[:1]
    return bool(first) and len(start) >= 3 and first[0].startswith(start) and first[0] != start
