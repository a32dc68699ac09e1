"""Live progress told as a :class:`Reply`: one goal, all goals, or who has not reported."""

from __future__ import annotations

from collections.abc import Mapping

from strategibot.core.i18n import I18n
from strategibot.domain.knowledge.load import Goal, KnowledgeBase
from strategibot.domain.messages import Action, Outcome, Reply
from strategibot.domain.organisation import Directory
from strategibot.domain.progress.compute import GoalProgress

__all__ = ["checkin_action", "figure_text", "goal_reply", "missing_reply", "overview_reply"]


def figure_text(goal: Goal, progress: GoalProgress, i18n: I18n, lang: str) -> str:
    """The goal's figure against its target, in words."""
    if progress.reported == 0 or progress.value is None:
        return i18n.text("progress.figure.none", lang)
    unit = goal.unit.get(lang)
    value = i18n.number(progress.value, lang)
    target = i18n.number(goal.target, lang)
    details = progress.details
    if goal.metric.kind == "count-done":
        key = "count-done" if goal.reported_by == "unit" else "count-done-centre"
        return i18n.text(f"progress.figure.{key}", lang, value=value, target=target, unit=unit,
                         in_progress=details.get("in_progress", 0))
    if goal.metric.kind == "distinct-forms":
        forms = ", ".join(details.get("evaluated", [])) or "–"
        return i18n.text("progress.figure.distinct-forms", lang, value=value, target=target,
                         forms=forms, tried=len(details.get("tried", [])))
    if goal.metric.kind == "weighted-mean":
        baseline = i18n.number(goal.baseline, lang) if goal.baseline is not None else "–"
        return i18n.text("progress.figure.weighted-mean", lang, value=value, target=target,
                         baseline=baseline, unit=unit)
    if goal.metric.kind == "share":
        return i18n.text("progress.figure.share", lang, value=i18n.number(progress.value, lang, 0),
                         used=details.get("used_toolbox", 0),
                         recruited=details.get("recruited", 0))
    return i18n.text("progress.figure.matrix", lang, value=value, target=target)


def _status_line(goal: Goal, progress: GoalProgress, i18n: I18n, lang: str) -> str:
    status = i18n.text(f"progress.status.{progress.status}", lang)
    reported = i18n.text("progress.reported", lang, reported=progress.reported,
                         expected=progress.expected)
    deadline = i18n.text("progress.deadline", lang, date=i18n.date(goal.deadline, lang))
    return f"**{status}** · {reported} · {deadline}"


def checkin_action(i18n: I18n, lang: str) -> Action:
    """The "check in now" button."""
    return Action(title=i18n.text("progress.checkin_now", lang),
                  value=i18n.command("checkin", lang), kind="command")


def goal_reply(kb: KnowledgeBase, goal: Goal, progress: GoalProgress, directory: Directory,
               i18n: I18n, lang: str) -> Reply:
    """One goal's live figure, status and the centres' figures."""
    lines = []
    for centre in directory.centres:
        value = progress.per_centre.get(centre.code)
        if value is not None:
            lines.append(f"{centre.name}: {i18n.number(value, lang)}")
    text = figure_text(goal, progress, i18n, lang) + "\n\n" + _status_line(
        goal, progress, i18n, lang)
    return Reply(
        lang=lang,
        title=i18n.text("progress.title", lang, goal=goal.title.get(lang)),
        text=text,
        lines=tuple(lines),
        source_label=i18n.text("progress.source", lang),
        actions=(checkin_action(i18n, lang),),
        outcome=Outcome.ANSWER,
        entry_id=goal.entry,
    )


def overview_reply(kb: KnowledgeBase, progress: Mapping[str, GoalProgress],
                   i18n: I18n, lang: str) -> Reply:
    """Every goal on one line: figure and status."""
    lines = []
    for goal in kb.goals:
        item = progress[goal.id]
        status = i18n.text(f"progress.status.{item.status}", lang)
        lines.append(f"**{goal.title.get(lang)}** – {figure_text(goal, item, i18n, lang)} "
                     f"({status})")
    return Reply(lang=lang, title=i18n.text("progress.overview_title", lang), text="",
                 lines=tuple(lines), source_label=i18n.text("progress.source", lang),
                 actions=(checkin_action(i18n, lang),), outcome=Outcome.ANSWER)


def missing_reply(kb: KnowledgeBase, progress: Mapping[str, GoalProgress],
                  directory: Directory, i18n: I18n, lang: str) -> Reply:
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
        lines.append(i18n.text("progress.missing_units", lang, count=len(unit_names),
                               names=", ".join(unit_names)))
    if centre_names:
        lines.append(i18n.text("progress.missing_centres", lang, count=len(centre_names),
                               names=", ".join(centre_names)))
    text = "" if lines else i18n.text("progress.missing_none", lang)
    return Reply(lang=lang, title=i18n.text("progress.missing_title", lang), text=text,
                 lines=tuple(lines), source_label=i18n.text("progress.source", lang),
                 actions=(checkin_action(i18n, lang),), outcome=Outcome.ANSWER)
