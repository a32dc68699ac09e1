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
import logging
from typing import Any

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
from strategibot.domain.messages import Action, Form, FormField, Outcome, Reply
from strategibot.domain.normalise import fold_text
from strategibot.services.checkins import Checkins, Reporter, Subject
from strategibot.store.flow_states import FlowStates, Stored

__all__ = ["CheckinFlow", "flow_key"]

log = logging.getLogger(__name__)

FLOW = "checkin"

Values = list[tuple[str, int | None, dict[str, Any]]]
"""(goal, theme, value) of each goal to save."""


def flow_key(turn: Turn) -> str:
    """Where a conversation's step-by-step flow is kept: per conversation and thread."""
    place = turn.incoming.place
    return f"{place.channel}/conversations/{place.id}" + (f":{place.thread}"
                                                          if place.thread else "")


def _subject_dict(subject: Subject) -> dict[str, Any]:
    return dataclasses.asdict(subject)


def _subject(data: dict[str, Any]) -> Subject:
    return Subject(**data)


def _goal_key(goal: str, theme: int | None) -> str:
    return f"{goal}|{theme or ''}"


class CheckinFlow:
    """Everything the chat needs to run check-ins."""

    def __init__(self, *, checkins: Checkins, flows: Flows, i18n: I18n, states: FlowStates,
                 theme_names: dict[int, dict[str, str]]) -> None:
        self.checkins = checkins
        self.flows = flows
        self.i18n = i18n
        self.states = states
        self.theme_names = theme_names

    # ------------------------------------------------------------------ building blocks
    def queue(self, subject: Subject) -> list[tuple[str, int | None, str]]:
        """(goal, theme, field) triples to ask, in order."""
        queue: list[tuple[str, int | None, str]] = []
        for goal in self.checkins.goals_for(subject):
            flow = self.flows.goals[goal]
            themes: list[int | None] = [*sorted(self.theme_names)] if flow.per_theme else [None]
            for theme in themes:
                queue.extend((goal, theme, f.id) for f in flow.fields)
        return queue

    def field(self, goal: str, field_id: str) -> FieldModel:
        return next(f for f in self.flows.goals[goal].fields if f.id == field_id)

    def question(self, goal: str, theme: int | None, field: FieldModel, subject: Subject,
                 lang: str) -> str:
        template = field.question.get(lang) or field.question["da"]
        theme_name = self.theme_names.get(theme or 0, {}).get(lang, "")
        return template.format(subject=subject.name, theme=theme or "", theme_name=theme_name)

    def choice_actions(self, field: FieldModel, lang: str) -> list[Action]:
        if field.type == "choice":
            return [Action(title=c.label(lang), value=c.label(lang)) for c in field.choices]
        if field.type == "boolean":
            return [Action(title=self.flows.text(k, lang), value=self.flows.text(k, lang))
                    for k in ("yes", "no")]
        return []

    async def latest_values(self, subject: Subject) -> dict[str, dict[str, Any]]:
        rows = await self.checkins.latest_for(subject)
        return {_goal_key(goal, theme): dict(row.value) for (goal, theme), row in rows.items()}

    def _previous(self, latest: dict[str, dict[str, Any]], goal: str, theme: int | None,
                  field: FieldModel, subject: Subject) -> Any:
        previous = latest.get(_goal_key(goal, theme), {}).get(field.id)
        if previous is None and field.default == "unit_fte" and subject.fte:
            previous = subject.fte
        return previous

    def _say(self, lang: str, key: str, **values: Any) -> Reply:
        return Reply(lang=lang, text=self.flows.text(key, lang, **values), outcome=Outcome.ANSWER)

    # ------------------------------------------------------------------ saving
    async def save(self, turn: Turn, reporter: Reporter, subject: Subject, values: Values,
                   lang: str, *, one_liner: bool = False) -> None:
        """Commit, then say "saved" with an undo button per stored value."""
        if not values:
            await turn.send(self._say(lang, "nothing_saved"))
            return
        ids = await self.checkins.save(reporter, subject, values,
                                       channel=turn.incoming.place.channel,
                                       activity_id=turn.incoming.key)
        await turn.send(self.saved_reply(subject, values, ids, lang, one_liner=one_liner))

    def saved_reply(self, subject: Subject, values: Values, ids: list[int], lang: str, *,
                    one_liner: bool = False) -> Reply:
        """The confirmation, sent only after the commit."""
        summaries = [self.flows.summary(goal, value, lang, theme)
                     for goal, theme, value in values]
        undo = self.flows.text("undo", lang)
        actions = tuple(
            Action(title=f"{undo}: {summary}"[:75],
                   value=f"{self.i18n.command('undo', lang)} {report_id}", kind="command")
            for report_id, summary in zip(ids, summaries, strict=False)
        )
        if one_liner:
            text = self.flows.text("saved_oneliner", lang, subject=subject.name,
                                   summary=summaries[0])
            return Reply(lang=lang, text=text, actions=actions[:1], outcome=Outcome.ANSWER)
        return Reply(lang=lang, text=self.flows.text("saved", lang, subject=subject.name),
                     lines=tuple(summaries), actions=actions[:6], outcome=Outcome.ANSWER)

    # ------------------------------------------------------------------ the form
    async def form(self, subject: Subject, lang: str) -> Reply:
        """One form per unit or centre with every applicable goal, pre-filled."""
        return self.form_reply(subject, lang, await self.latest_values(subject))

    def form_reply(self, subject: Subject, lang: str,
                   latest: dict[str, dict[str, Any]]) -> Reply:
        """The form for ``subject`` pre-filled with ``latest`` (goal|theme → values)."""
        fields: list[FormField] = []
        shown_goal: set[str] = set()
        for goal, theme, field_id in self.queue(subject):
            field = self.field(goal, field_id)
            previous = self._previous(latest, goal, theme, field, subject)
            heading = None
            if goal not in shown_goal:
                heading = self.checkins.kb.goal(goal).title.get(lang)
                shown_goal.add(goal)
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
            fields.append(FormField(
                id=f"{goal}.{field_id}" + (f".{theme}" if theme else ""),
                label=self.question(goal, theme, field, subject, lang), kind=field.type,
                value=value, choices=choices,
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
        latest = await self.latest_values(subject)
        values: dict[str, dict[str, Any]] = {}
        problems: list[str] = []
        for goal, theme, field_id in self.queue(subject):
            field = self.field(goal, field_id)
            raw = data.get(f"{goal}.{field_id}" + (f".{theme}" if theme else ""))
            if raw is None or str(raw).strip() == "":
                continue
            text = str(raw)
            if field.type == "text" and self.flows.means_none(goal, text):
                values.setdefault(_goal_key(goal, theme), {})[field_id] = None  # "ingen"
                continue
            if field.type == "boolean":
                text = self.flows.text("yes" if text == "true" else "no", lang) \
                    if text in ("true", "false") else text
            try:
                value = self.flows.parse(field, text, lang)
            except Invalid as exc:
                label = self.question(goal, theme, field, subject, lang)
                problems.append(f"{label} – {exc.reason}")
                continue
            values.setdefault(_goal_key(goal, theme), {})[field_id] = value
        if problems:
            await turn.send(Reply(lang=lang, outcome=Outcome.ANSWER, text=self.flows.text(
                "invalid_form", lang, reasons=""), lines=tuple(problems)))
            return
        changed: Values = []
        for key, value in values.items():
            goal, _, theme_text = key.partition("|")
            merged = {**latest.get(key, {}), **value}
            main = self.flows.goals[goal].fields[0].id
            if merged.get(main) is None and main not in value:
                continue  # only a pre-filled detail (the FTE) without the figure itself
            if merged != latest.get(key):
                changed.append((goal, int(theme_text) if theme_text else None, merged))
        await self.save(turn, reporter, subject, changed, lang)

    # ------------------------------------------------------------------ one-liners
    async def one_liner(self, turn: Turn, reporter: Reporter, parsed: OneLiner, text: str,
                        lang: str) -> None:
        flow = self.flows.goals[parsed.goal_id]
        candidates = [s for s in reporter.subjects if s.kind == flow.applies_to]
        if parsed.unit:
            found = await self.checkins.subject(reporter, parsed.unit)
            if found is None or found.kind != flow.applies_to:
                await turn.send(self._say(lang, "no_permission_subject", subject=parsed.unit))
                return
            subject = found
        elif len(candidates) == 1:
            subject = candidates[0]
        elif candidates:
            actions = tuple(Action(title=s.name, value=f"{text} @{s.code}", kind="command")
                            for s in candidates)
            await turn.send(Reply(lang=lang, text=self.flows.text("which_unit_oneliner", lang),
                                  actions=actions, outcome=Outcome.CLARIFY))
            return
        else:
            await turn.send(self._say(lang, "no_permission_subject", subject=text))
            return
        latest = await self.latest_values(subject)
        value = {**latest.get(_goal_key(parsed.goal_id, None), {}), **parsed.value}
        for field in flow.fields:
            if field.default == "unit_fte" and field.id not in value and subject.fte:
                value[field.id] = subject.fte
        await self.save(turn, reporter, subject, [(parsed.goal_id, None, value)], lang,
                        one_liner=True)

    # ------------------------------------------------------------------ history and undo
    async def history(self, turn: Turn, reporter: Reporter, lang: str) -> None:
        rows = await self.checkins.history(reporter)
        if not rows:
            await turn.send(self._say(lang, "history_empty"))
            return
        names = {(s.kind, s.id): s for s in reporter.subjects}
        lines: list[str] = []
        actions: list[Action] = []
        seen: set[tuple[Any, ...]] = set()
        for row in rows:
            subject = names.get(("unit", row.unit_id)) if row.unit_id is not None \
                else names.get(("centre", row.centre_id))
            name = subject.name if subject else "?"
            summary = self.flows.summary(row.goal_id, row.value, lang, row.theme)
            date = self.i18n.date(self.checkins.clock.to_local(row.reported_at).date(), lang,
                                  "short")
            lines.append(self.flows.text("history_line", lang, subject=name, summary=summary,
                                         date=date))
            key = (row.goal_id, row.unit_id, row.centre_id, row.theme)
            if key not in seen and len(actions) < 4:
                seen.add(key)
                actions.append(Action(
                    title=f"{self.flows.text('undo', lang)}: {summary}"[:75],
                    value=f"{self.i18n.command('undo', lang)} {row.id}", kind="command"))
        for subject in reporter.subjects[:2]:
            actions.append(Action(
                title=f"{self.flows.text('correct', lang)}: {subject.name}"[:75],
                value=f"{self.i18n.command('checkin', lang)} {subject.code}", kind="command"))
        await turn.send(Reply(lang=lang, title=self.flows.text("history_title", lang), text="",
                              lines=tuple(lines), actions=tuple(actions),
                              outcome=Outcome.ANSWER))

    async def undo(self, turn: Turn, reporter: Reporter, argument: str, lang: str) -> None:
        text = argument.strip().lstrip("#")
        report_id = int(text) if text.isdigit() and len(text) <= 9 else -1  # an int4 id
        result = await self.checkins.undo(reporter, report_id,
                                          channel=turn.incoming.place.channel,
                                          activity_id=turn.incoming.key)
        if result.status == "undone" and result.report and result.subject:
            summary = self.flows.summary(result.report.goal_id, result.report.value, lang,
                                         result.report.theme)
            await turn.send(self._say(lang, "undone", summary=summary,
                                      subject=result.subject.name))
            return
        key = {"not-latest": "undo_not_latest", "not-allowed": "undo_not_allowed"}.get(
            result.status, "not_found")
        await turn.send(self._say(lang, key))

    # ------------------------------------------------------------------ step by step
    async def active(self, turn: Turn) -> Stored | None:
        """The conversation's flow in progress, if there is one."""
        stored = await self.states.get(flow_key(turn))
        if stored is None or stored.data.get("flow") != FLOW or not stored.data.get("prompt"):
            return None
        return stored

    async def start(self, turn: Turn, reporter: Reporter, subjects: list[Subject],
                    lang: str) -> None:
        """Begin a check-in for ``subjects``, one question at a time."""
        state: dict[str, Any] = {
            "flow": FLOW, "v": 1, "lang": lang, "email": reporter.email,
            "subjects": [_subject_dict(s) for s in subjects], "s": 0, "i": 0,
            "values": {}, "skip": [], "latest": None, "prompt": None}
        await self._advance(turn, state, None)

    async def cancel(self, turn: Turn) -> None:
        await self.states.delete(flow_key(turn))

    async def reprompt(self, turn: Turn, stored: Stored) -> None:
        """Ask the pending question again."""
        await turn.send(self._prompt_reply(stored.data["prompt"], None))

    async def answer(self, turn: Turn, stored: Stored) -> None:
        """Take the user's answer to the pending question, then ask the next one."""
        state = stored.data
        prompt: dict[str, Any] = state["prompt"]
        lang = state["lang"]
        text = turn.incoming.text
        field = self.field(prompt["goal"], prompt["field"])
        key = _goal_key(prompt["goal"], prompt["theme"])
        control = self.flows.control(text)
        if control is None and prompt.get("previous") is not None:
            keep = self.flows.text("keep", lang,
                                   value=self.flows.display(field, prompt["previous"], lang))
            if fold_text(text) == fold_text(keep):
                control = KEEP
        if control == CANCEL:
            await self.states.delete(flow_key(turn))
            await turn.send(self._say(lang, "cancelled"))
            return
        if control == SKIP:
            state["skip"].append(key)
            state["values"].pop(key, None)
        elif control == KEEP:
            state["values"].setdefault(key, {})[field.id] = prompt.get("previous")
        elif field.type == "text" and self.flows.means_none(prompt["goal"], text):
            state["values"].setdefault(key, {})[field.id] = None  # "ingen": no initiative
        else:
            try:
                value = self.flows.parse(field, text, lang)
            except Invalid as exc:
                await turn.send(self._prompt_reply(prompt, exc.reason))
                return
            state["values"].setdefault(key, {})[field.id] = value
        state["i"] += 1
        state["prompt"] = None
        await self._advance(turn, state, stored.version)

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
                current = state["values"].get(_goal_key(goal, theme), {})
                if _goal_key(goal, theme) in state["skip"] or (
                        field.only_if and current.get(field.only_if) is not True):
                    state["i"] += 1
                    continue
                break
            if state["i"] < len(queue):
                goal, theme, field_id = queue[state["i"]]
                field = self.field(goal, field_id)
                state["prompt"] = {
                    "goal": goal, "theme": theme, "field": field_id, "lang": lang,
                    "subject": _subject_dict(subject),
                    "previous": self._previous(state["latest"], goal, theme, field, subject)}
                await self.states.put(key, state, version)
                await turn.send(self._prompt_reply(state["prompt"], None))
                return
            if not await self._finish_subject(turn, state, subject):
                await self.states.delete(key)
                return
            if state["s"] + 1 >= len(state["subjects"]):
                await self.states.delete(key)
                return
            state.update(s=state["s"] + 1, i=0, values={}, skip=[], latest=None, prompt=None)

    async def _finish_subject(self, turn: Turn, state: dict[str, Any],
                              subject: Subject) -> bool:
        """Save what was answered for ``subject``; False when the user may no longer."""
        reporter = await self.checkins.reporter(state["email"])
        allowed = await self.checkins.subject(reporter, subject.code)
        lang = state["lang"]
        if allowed is None:
            await turn.send(self._say(lang, "no_permission_subject", subject=subject.name))
            return False
        values: Values = []
        latest: dict[str, dict[str, Any]] = state["latest"] or {}
        for key, value in state["values"].items():
            goal, _, theme_text = key.partition("|")
            merged = {**latest.get(key, {}), **value}
            if merged != latest.get(key):
                values.append((goal, int(theme_text) if theme_text else None, merged))
        await self.save(turn, reporter, allowed, values, lang)
        return True

    def _prompt_reply(self, prompt: dict[str, Any], reason: str | None) -> Reply:
        """The question of ``prompt``, after ``reason`` when the last answer did not fit."""
        lang = prompt["lang"]
        field = self.field(prompt["goal"], prompt["field"])
        subject = _subject(prompt["subject"])
        text = self.question(prompt["goal"], prompt["theme"], field, subject, lang)
        if reason:
            text = self.flows.text("invalid", lang, reason=reason) + "\n\n" + text
        actions = self.choice_actions(field, lang)
        if prompt.get("previous") is not None:
            shown = self.flows.display(field, prompt["previous"], lang)
            keep = self.flows.text("keep", lang, value=shown)
            actions.append(Action(title=keep[:75], value=keep))
        skip = self.flows.text("skip", lang)
        actions.append(Action(title=skip, value=skip))
        return Reply(lang=lang, text=text, actions=tuple(actions), outcome=Outcome.ANSWER)
