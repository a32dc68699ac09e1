"""Live progress as a :class:`Reply`: one goal, all goals, or who has not reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from strategibot.conversation.commands import ProgressTexts
from strategibot.domain.knowledge.load import Goal, KnowledgeBase
from strategibot.domain.messages import Action, Outcome, Reply
from strategibot.domain.organisation import Directory
from strategibot.domain.progress.compute import GoalProgress

__all__ = ["figure_text", "format_number", "goal_reply", "missing_reply", "overview_reply"]


def format_number(value: float, lang: str, decimals: int = 1) -> str:
    """12.8 → "12,8" in Danish; whole numbers without decimals."""
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "da" else text


def _date(day: dt.date, lang: str) -> str:
    months_da = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                 "september", "oktober", "november", "december"]
    months_en = ["January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"]
    if lang == "da":
        return f"{day.day}. {months_da[day.month - 1]} {day.year}"
    return f"{day.day} {months_en[day.month - 1]} {day.year}"


def figure_text(goal: Goal, progress: GoalProgress, texts: ProgressTexts, lang: str) -> str:
    """The goal's figure against its target, in words."""
    if progress.reported == 0 or progress.value is None:
        return texts.get("figure", "none", lang=lang)
    unit = goal.unit.get(lang)
    value = format_number(progress.value, lang)
    target = format_number(goal.target, lang)
    details = progress.details
    if goal.metric == "count-done":
        key = "count-done" if goal.reported_by == "unit" else "count-done-centre"
        return texts.get("figure", key, lang=lang, value=value, target=target, unit=unit,
                         in_progress=details.get("in_progress", 0))
    if goal.metric == "distinct-forms":
        forms = ", ".join(details.get("evaluated", [])) or "–"
        return texts.get("figure", "distinct-forms", lang=lang, value=value, target=target,
                         forms=forms, tried=len(details.get("tried", [])))
    if goal.metric == "weighted-mean":
        baseline = format_number(goal.baseline, lang) if goal.baseline is not None else "–"
        return texts.get("figure", "weighted-mean", lang=lang, value=value, target=target,
                         baseline=baseline, unit=unit)
    if goal.metric == "share":
        return texts.get("figure", "share", lang=lang, value=format_number(progress.value, lang, 0),
                         used=details.get("used_toolbox", 0),
                         recruited=details.get("recruited", 0))
    return texts.get("figure", "matrix", lang=lang, value=value, target=target)


def _status_line(goal: Goal, progress: GoalProgress, texts: ProgressTexts, lang: str) -> str:
    status = texts.get("status", str(progress.status), lang=lang)
    reported = texts.get("reported", lang=lang, reported=progress.reported,
                         expected=progress.expected)
    deadline = texts.get("deadline", lang=lang, date=_date(goal.deadline, lang))
    return f"**{status}** · {reported} · {deadline}"


def _checkin_action(texts: ProgressTexts, lang: str) -> Action:
    label = texts.get("checkin_now", lang=lang)
    return Action(title=label, value="check in" if lang == "en" else "indrapporter",
                  kind="command")


def goal_reply(kb: KnowledgeBase, goal: Goal, progress: GoalProgress, directory: Directory,
               texts: ProgressTexts, lang: str) -> Reply:
    """One goal's live figure, status and the centres' figures."""
    lines = []
    for centre in directory.centres:
        value = progress.per_centre.get(centre.code)
        if value is not None:
            lines.append(f"{centre.name}: {format_number(value, lang)}")
    text = figure_text(goal, progress, texts, lang) + "\n\n" + _status_line(
        goal, progress, texts, lang)
    return Reply(
        lang=lang,
        title=texts.get("title", lang=lang, goal=goal.title.get(lang)),
        text=text,
        lines=tuple(lines),
        source_label=texts.get("source", lang=lang),
        actions=(_checkin_action(texts, lang),),
        outcome=Outcome.ANSWER,
        entry_id=goal.entry,
    )


def overview_reply(kb: KnowledgeBase, progress: Mapping[str, GoalProgress],
                   texts: ProgressTexts, lang: str) -> Reply:
    """Every goal on one line: figure and status."""
    lines = []
    for goal in kb.goals:
        item = progress[goal.id]
        status = texts.get("status", str(item.status), lang=lang)
        lines.append(f"**{goal.title.get(lang)}** – {figure_text(goal, item, texts, lang)} "
                     f"({status})")
    return Reply(lang=lang, title=texts.get("overview_title", lang=lang), text="",
                 lines=tuple(lines), source_label=texts.get("source", lang=lang),
                 actions=(_checkin_action(texts, lang),), outcome=Outcome.ANSWER)


def missing_reply(kb: KnowledgeBase, progress: Mapping[str, GoalProgress],
                  directory: Directory, texts: ProgressTexts, lang: str) -> Reply:
    """Units (never persons) and centres that have not reported on any of their goals."""
    unit_goals = [g.id for g in kb.goals if g.reported_by == "unit"]
    centre_goals = [g.id for g in kb.goals if g.reported_by == "centre"]
    units = set.intersection(*(set(progress[g].missing) for g in unit_goals)) if unit_goals \
        else set()
    centres = set.intersection(*(set(progress[g].missing) for g in centre_goals)) \
        if centre_goals else set()
    unit_names = [u.name for u in directory.units if u.code in units]
    centre_names = [c.name for c in directory.centres if c.code in centres]
    lines = []
    if unit_names:
        lines.append(texts.get("missing_units", lang=lang, count=len(unit_names),
                               names=", ".join(unit_names)))
    if centre_names:
        lines.append(texts.get("missing_centres", lang=lang, count=len(centre_names),
                               names=", ".join(centre_names)))
    text = "" if lines else texts.get("missing_none", lang=lang)
    return Reply(lang=lang, title=texts.get("missing_title", lang=lang), text=text,
                 lines=tuple(lines), source_label=texts.get("source", lang=lang),
                 actions=(_checkin_action(texts, lang),), outcome=Outcome.ANSWER)
