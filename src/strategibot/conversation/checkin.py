"""Check-ins in chat: the step-by-step flow (botbuilder-dialogs), the Teams form, one-liners,
history and undo. The flows themselves are data (``dialogs/checkin.yaml``); this module runs
them. Dialog state holds only JSON (dicts, lists, strings, numbers), so it survives a restart
in the SQL-backed storage and resumes where it stopped.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import (
    Dialog,
    DialogContext,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)

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
from strategibot.render import render
from strategibot.services.checkins import Reporter, Reporting, Subject

__all__ = ["CHECKIN_DIALOG", "FIELD_PROMPT", "CheckinFlow", "FieldPrompt"]

log = logging.getLogger(__name__)

CHECKIN_DIALOG = "checkin"
FIELD_PROMPT = "checkin-field"

Send = Callable[[TurnContext, Reply], Awaitable[None]]


def _subject_dict(subject: Subject) -> dict[str, Any]:
    return dataclasses.asdict(subject)


def _subject(data: dict[str, Any]) -> Subject:
    return Subject(**data)


def _goal_key(goal: str, theme: int | None) -> str:
    return f"{goal}|{theme or ''}"


class CheckinFlow:
    """Everything the chat needs to run check-ins; shared by the dialog and the handler."""

    def __init__(self, *, reporting: Reporting, flows: Flows, send: Send,
                 theme_names: dict[int, dict[str, str]]) -> None:
        self.reporting = reporting
        self.flows = flows
        self.send = send
        self.theme_names = theme_names

    # ------------------------------------------------------------------ building blocks
    def queue(self, subject: Subject) -> list[list[Any]]:
        """(goal, theme, field) triples to ask, in order."""
        queue: list[list[Any]] = []
        for goal in self.reporting.goals_for(subject):
            flow = self.flows.goals[goal]
            themes: list[int | None] = [1, 2, 3, 4] if flow.per_theme else [None]
            for theme in themes:
                queue.extend([goal, theme, f.id] for f in flow.fields)
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
        rows = await self.reporting.latest_for(subject)
        return {_goal_key(goal, theme): dict(row.value) for (goal, theme), row in rows.items()}

    # ------------------------------------------------------------------ saving
    async def save(self, context: TurnContext, reporter: Reporter, subject: Subject,
                   values: list[tuple[str, int | None, dict[str, Any]]], lang: str,
                   *, one_liner: bool = False) -> None:
        """Commit, then say "saved" with an undo button per stored value."""
        if not values:
            await self.send(context, Reply(lang=lang, text=self.flows.text("nothing_saved", lang),
                                           outcome=Outcome.ANSWER))
            return
        ids = await self.reporting.save(reporter, subject, values,
                                        channel=context.activity.channel_id or "unknown",
                                        activity_id=_activity_key(context))
        await self.send(context, self.saved_reply(subject, values, ids, lang,
                                                  one_liner=one_liner))

    def saved_reply(self, subject: Subject, values: list[tuple[str, int | None, dict[str, Any]]],
                    ids: list[int], lang: str, *, one_liner: bool = False) -> Reply:
        """The confirmation, sent only after the commit."""
        summaries = [self.flows.summary(goal, value, lang, theme)
                     for goal, theme, value in values]
        undo = self.flows.text("undo", lang)
        actions = tuple(
            Action(title=f"{undo}: {summary}"[:75], value=f"{_undo_word(lang)} {report_id}",
                   kind="command")
            for report_id, summary in zip(ids, summaries, strict=False)
        )
        if one_liner:
            text = self.flows.text("saved_oneliner", lang, subject=subject.name,
                                   summary=summaries[0])
            return Reply(lang=lang, text=text, actions=actions[:1], outcome=Outcome.ANSWER)
        return Reply(lang=lang, text=self.flows.text("saved", lang, subject=subject.name),
                     lines=tuple(summaries), actions=actions[:6], outcome=Outcome.ANSWER)

    # ------------------------------------------------------------------ the Teams form
    async def form(self, subject: Subject, lang: str) -> Reply:
        """One card per unit or centre with every applicable goal, pre-filled."""
        return self.form_reply(subject, lang, await self.latest_values(subject))

    def form_reply(self, subject: Subject, lang: str,
                   latest: dict[str, dict[str, Any]]) -> Reply:
        """The form for ``subject`` pre-filled with ``latest`` (goal|theme → values)."""
        fields: list[FormField] = []
        shown_goal: set[str] = set()
        for goal, theme, field_id in self.queue(subject):
            field = self.field(goal, field_id)
            key = _goal_key(goal, theme)
            previous = latest.get(key, {}).get(field_id)
            if previous is None and field.default == "unit_fte" and subject.fte:
                previous = subject.fte
            heading = None
            if goal not in shown_goal:
                heading = self.reporting.kb.goal(goal).title.get(lang)
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
                value=value, choices=choices, minimum=field.min if field.min is not None
                else field.min_exclusive, maximum=field.max, max_length=field.max_length
                if field.type == "text" else None, heading=heading))
        return Reply(
            lang=lang,
            title=self.flows.text("form_title", lang, subject=subject.name),
            text=self.flows.text("form_intro", lang),
            form=Form(tuple(fields), self.flows.text("submit", lang),
                      {"kind": "checkin-form", "subject": subject.key, "lang": lang}),
            outcome=Outcome.ANSWER,
        )

    async def form_submitted(self, context: TurnContext, reporter: Reporter,
                             data: dict[str, Any], lang: str) -> None:
        """Validate every field of a submitted form; save all or nothing."""
        code = str(data.get("strategibot", {}).get("subject", "")).partition(":")[2]
        subject = await self.reporting.subject(reporter, code)
        if subject is None:
            await self.send(context, Reply(lang=lang, outcome=Outcome.ANSWER, text=self.flows.text(
                "no_permission_subject", lang, subject=code or "?")))
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
            await self.send(context, Reply(lang=lang, outcome=Outcome.ANSWER, text=self.flows.text(
                "invalid_form", lang, reasons=""), lines=tuple(problems)))
            return
        changed = []
        for key, value in values.items():
            goal, _, theme_text = key.partition("|")
            merged = {**latest.get(key, {}), **value}
            main = self.flows.goals[goal].fields[0].id
            if merged.get(main) is None:
                continue  # only a pre-filled detail (the FTE) without the figure itself
            if merged != latest.get(key):
                changed.append((goal, int(theme_text) if theme_text else None, merged))
        await self.save(context, reporter, subject, changed, lang)

    # ------------------------------------------------------------------ one-liners
    async def one_liner(self, context: TurnContext, reporter: Reporter, parsed: OneLiner,
                        text: str, lang: str) -> None:
        flow = self.flows.goals[parsed.goal_id]
        candidates = [s for s in reporter.subjects if s.kind == flow.applies_to]
        if parsed.unit:
            subject = await self.reporting.subject(reporter, parsed.unit)
            if subject is None or subject.kind != flow.applies_to:
                await self.send(context, Reply(lang=lang, outcome=Outcome.ANSWER,
                                               text=self.flows.text("no_permission_subject", lang,
                                                                    subject=parsed.unit)))
                return
        elif len(candidates) == 1:
            subject = candidates[0]
        elif candidates:
            actions = tuple(Action(title=s.name, value=f"{text} @{s.code}", kind="command")
                            for s in candidates)
            await self.send(context, Reply(lang=lang, text=self.flows.text(
                "which_unit_oneliner", lang), actions=actions, outcome=Outcome.CLARIFY))
            return
        else:
            await self.send(context, Reply(lang=lang, outcome=Outcome.ANSWER,
                                           text=self.flows.text("no_permission_subject", lang,
                                                                subject=text)))
            return
        latest = await self.latest_values(subject)
        value = {**latest.get(_goal_key(parsed.goal_id, None), {}), **parsed.value}
        for field in flow.fields:
            if field.default == "unit_fte" and field.id not in value and subject.fte:
                value[field.id] = subject.fte
        await self.save(context, reporter, subject, [(parsed.goal_id, None, value)], lang,
                        one_liner=True)

    # ------------------------------------------------------------------ history and undo
    async def history(self, context: TurnContext, reporter: Reporter, lang: str) -> None:
        rows = await self.reporting.history(reporter)
        if not rows:
            await self.send(context, Reply(lang=lang, text=self.flows.text("history_empty", lang),
                                           outcome=Outcome.ANSWER))
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
            date = row.reported_at.strftime("%d.%m.%Y")
            lines.append(self.flows.text("history_line", lang, subject=name, summary=summary,
                                         date=date))
            key = (row.goal_id, row.unit_id, row.centre_id, row.theme)
            if key not in seen and len(actions) < 4:
                seen.add(key)
                actions.append(Action(title=f"{self.flows.text('undo', lang)}: {summary}"[:75],
                                      value=f"{_undo_word(lang)} {row.id}", kind="command"))
        for subject in reporter.subjects[:2]:
            actions.append(Action(title=f"{self.flows.text('correct', lang)}: {subject.name}"[:75],
                                  value=f"{_checkin_word(lang)} {subject.code}", kind="command"))
        await self.send(context, Reply(lang=lang, title=self.flows.text("history_title", lang),
                                       text="", lines=tuple(lines), actions=tuple(actions),
                                       outcome=Outcome.ANSWER))

    async def undo(self, context: TurnContext, reporter: Reporter, argument: str,
                   lang: str) -> None:
        try:
            report_id = int(argument.strip().lstrip("#"))
        except ValueError:
            report_id = -1
        result = await self.reporting.undo(reporter, report_id,
                                           channel=context.activity.channel_id or "unknown",
                                           activity_id=_activity_key(context))
        if result.status == "undone" and result.report and result.subject:
            summary = self.flows.summary(result.report.goal_id, result.report.value, lang,
                                         result.report.theme)
            text = self.flows.text("undone", lang, summary=summary, subject=result.subject.name)
        else:
            key = {"not-latest": "undo_not_latest", "not-allowed": "undo_not_allowed"}.get(
                result.status, "not_found")
            text = self.flows.text(key, lang)
        await self.send(context, Reply(lang=lang, text=text, outcome=Outcome.ANSWER))

    # ------------------------------------------------------------------ the dialog
    def options(self, reporter: Reporter, subjects: list[Subject], lang: str) -> dict[str, Any]:
        return {"lang": lang, "email": reporter.email,
                "subjects": [_subject_dict(s) for s in subjects], "s": 0, "i": 0,
                "values": {}, "skip": [], "latest": None}

    def dialogs(self) -> list[Dialog]:
        return [FieldPrompt(self), WaterfallDialog(CHECKIN_DIALOG, [self._ask, self._collect])]

    async def _ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        opts: dict[str, Any] = dict(step.options)
        subject = _subject(opts["subjects"][opts["s"]])
        lang = opts["lang"]
        if opts["latest"] is None:
            opts["latest"] = await self.latest_values(subject)
            if opts["i"] == 0:
                await self.send(step.context, Reply(lang=lang, outcome=Outcome.ANSWER,
                                                    text=self.flows.text("start", lang,
                                                                         subject=subject.name)))
        queue = self.queue(subject)
        while opts["i"] < len(queue):
            goal, theme, field_id = queue[opts["i"]]
            key = _goal_key(goal, theme)
            field = self.field(goal, field_id)
            current = opts["values"].get(key, {})
            if key in opts["skip"] or (field.only_if and current.get(field.only_if) is not True):
                opts["i"] += 1
                continue
            break
        if opts["i"] >= len(queue):
            return await self._finish_subject(step, opts, subject, queue)
        goal, theme, field_id = queue[opts["i"]]
        previous = opts["latest"].get(_goal_key(goal, theme), {}).get(field_id)
        if previous is None and self.field(goal, field_id).default == "unit_fte":
            previous = subject.fte
        step.values["opts"] = opts
        return await step.begin_dialog(FIELD_PROMPT, {
            "goal": goal, "theme": theme, "field": field_id, "lang": lang,
            "subject": _subject_dict(subject), "previous": previous})

    async def _collect(self, step: WaterfallStepContext) -> DialogTurnResult:
        result: dict[str, Any] = step.result
        opts: dict[str, Any] = step.values["opts"]
        subject = _subject(opts["subjects"][opts["s"]])
        goal, theme, field_id = self.queue(subject)[opts["i"]]
        key = _goal_key(goal, theme)
        control = result.get("control")
        if control == CANCEL:
            await self.send(step.context, Reply(lang=opts["lang"], outcome=Outcome.ANSWER,
                                                text=self.flows.text("cancelled", opts["lang"])))
            return await step.end_dialog()
        if control == SKIP:
            opts["skip"].append(key)
            opts["values"].pop(key, None)
        elif control == KEEP:
            previous = opts["latest"].get(key, {}).get(field_id)
            if previous is None and self.field(goal, field_id).default == "unit_fte":
                previous = subject.fte
            opts["values"].setdefault(key, {})[field_id] = previous
        else:
            opts["values"].setdefault(key, {})[field_id] = result["value"]
        opts["i"] += 1
        return await step.replace_dialog(CHECKIN_DIALOG, opts)

    async def _finish_subject(self, step: WaterfallStepContext, opts: dict[str, Any],
                              subject: Subject, queue: list[list[Any]]) -> DialogTurnResult:
        reporter = await self.reporting.reporter(opts["email"])
        allowed = await self.reporting.subject(reporter, subject.code)
        lang = opts["lang"]
        if allowed is None:
            await self.send(step.context, Reply(lang=lang, outcome=Outcome.ANSWER,
                                                text=self.flows.text("no_permission_subject",
                                                                     lang, subject=subject.name)))
            return await step.end_dialog()
        values: list[tuple[str, int | None, dict[str, Any]]] = []
        for key, value in opts["values"].items():
            goal, _, theme_text = key.partition("|")
            merged = {**opts["latest"].get(key, {}), **value}
            if merged != opts["latest"].get(key):
                values.append((goal, int(theme_text) if theme_text else None, merged))
        await self.save(step.context, reporter, allowed, values, lang)
        if opts["s"] + 1 < len(opts["subjects"]):
            opts.update(s=opts["s"] + 1, i=0, values={}, skip=[], latest=None)
            return await step.replace_dialog(CHECKIN_DIALOG, opts)
        return await step.end_dialog()


class FieldPrompt(Dialog):  # type: ignore[misc]  # botbuilder ships no type hints
    """Asks one field and parses the answer; its state is plain JSON."""

    def __init__(self, flow: CheckinFlow) -> None:
        super().__init__(FIELD_PROMPT)
        self.flow = flow

    def _reply(self, state: dict[str, Any], reason: str | None) -> Reply:
        flows = self.flow.flows
        lang = state["lang"]
        field = self.flow.field(state["goal"], state["field"])
        subject = _subject(state["subject"])
        text = self.flow.question(state["goal"], state["theme"], field, subject, lang)
        if reason:
            text = flows.text("invalid", lang, reason=reason) + "\n\n" + text
        actions = self.flow.choice_actions(field, lang)
        if state.get("previous") is not None:
            shown = flows.display(field, state["previous"], lang)
            actions.append(Action(title=flows.text("keep", lang, value=shown)[:75],
                                  value=flows.text("keep", lang, value=shown)))
        actions.append(Action(title=flows.text("skip", lang), value=flows.text("skip", lang)))
        return Reply(lang=lang, text=text, actions=tuple(actions), outcome=Outcome.ANSWER)

    async def begin_dialog(self, dialog_context: DialogContext,
                           options: Any = None) -> DialogTurnResult:
        dialog_context.active_dialog.state["prompt"] = options
        await self.flow.send(dialog_context.context, self._reply(options, None))
        return Dialog.end_of_turn

    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        from strategibot.conversation.turn import message_text

        context = dialog_context.context
        if context.activity.type != "message":
            return Dialog.end_of_turn
        state: dict[str, Any] = dialog_context.active_dialog.state["prompt"]
        text = message_text(context.activity)
        flows = self.flow.flows
        lang = state["lang"]
        control = flows.control(text)
        if control is None and state.get("previous") is not None:
            field = self.flow.field(state["goal"], state["field"])
            keep = flows.text("keep", lang, value=flows.display(field, state["previous"], lang))
            if fold_text(text) == fold_text(keep):
                control = KEEP
        if control is not None:
            return await dialog_context.end_dialog({"control": control})
        field = self.flow.field(state["goal"], state["field"])
        try:
            value = flows.parse(field, text, lang)
        except Invalid as exc:
            await self.flow.send(context, self._reply(state, exc.reason))
            return Dialog.end_of_turn
        return await dialog_context.end_dialog({"value": value})

    async def reprompt_dialog(self, context: TurnContext, instance: Any) -> None:
        await self.flow.send(context, self._reply(instance.state["prompt"], None))


def _activity_key(context: TurnContext) -> str | None:
    activity = context.activity
    if not activity.id:
        return None
    conversation = activity.conversation.id if activity.conversation else ""
    return f"{activity.channel_id}|{conversation}|{activity.id}"[:290]


def _undo_word(lang: str) -> str:
    return "undo" if lang == "en" else "fortryd"


def _checkin_word(lang: str) -> str:
    return "check in" if lang == "en" else "indrapporter"


async def send_reply(context: TurnContext, reply: Reply) -> None:
    """Render ``reply`` for the turn's channel and send it."""
    await context.send_activity(render(reply, context.activity.channel_id))
