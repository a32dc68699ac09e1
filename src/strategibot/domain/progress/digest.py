"""The progress digest: every goal's figure, a progress bar, status, change since the previous
digest, who has not reported (units and centres, never persons) and the next deadlines — as a
:class:`Reply`, so Teams, Slack and the terminal render the same content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from strategibot.core.i18n import I18n
from strategibot.domain.knowledge.load import KnowledgeBase
from strategibot.domain.messages import Outcome, Reply
from strategibot.domain.organisation import Directory
from strategibot.domain.progress.compute import GoalProgress
from strategibot.domain.progress.telling import checkin_action, figure_text

__all__ = ["Digest", "build_digest", "progress_bar"]

BAR_CELLS = 10
MISSING_SHOWN = 4


@dataclass(frozen=True, slots=True)
class Digest:
    reply: Reply
    figures: dict[str, float | None]
    """Each goal's figure, kept in the ledger so the next digest can show the change."""


def progress_bar(progress: float) -> str:
    """``▰▰▰▰▱▱▱▱▱▱ 40 %``."""
    filled = max(0, min(BAR_CELLS, round(progress * BAR_CELLS)))
    return "▰" * filled + "▱" * (BAR_CELLS - filled) + f" {round(progress * 100)} %"


def build_digest(kb: KnowledgeBase, progress: Mapping[str, GoalProgress], directory: Directory,
                 i18n: I18n, *, lang: str, today: dt.date, period: str,
                 previous: Mapping[str, float | None] | None = None) -> Digest:
    """The digest for ``period`` (e.g. "uge 48" / "week 48")."""
    names = {u.code: u.name for u in directory.units} | {c.code: c.name
                                                          for c in directory.centres}
    lines: list[str] = []
    figures: dict[str, float | None] = {}
    for goal in kb.goals:
        item = progress[goal.id]
        figures[goal.id] = item.value
        status = i18n.text(f"progress.status.{item.status}", lang)
        parts = [f"**{goal.title.get(lang)}**", progress_bar(item.progress),
                 figure_text(goal, item, i18n, lang), status]
        before = (previous or {}).get(goal.id)
        if previous is not None and item.value is not None and before is not None:
            delta = item.value - before
            if abs(delta) < 1e-9:
                parts.append(i18n.text("progress.digest.unchanged", lang))
            else:
                sign = "+" if delta > 0 else "−"
                parts.append(i18n.text("progress.digest.change", lang,
                                       delta=sign + i18n.number(abs(delta), lang)))
        if item.missing:
            shown = [names.get(code, code) for code in item.missing[:MISSING_SHOWN]]
            more = len(item.missing) - len(shown)
            listed = ", ".join(shown) + (
                " " + i18n.text("progress.digest.more", lang, count=more) if more else "")
            parts.append(i18n.text("progress.digest.missing", lang, names=listed))
        lines.append(" · ".join(parts))
    coming = [d for d in kb.deadlines if d.date >= today][:3]
    if coming:
        items = "; ".join(f"{i18n.date(d.date, lang, 'short')} {d.title.get(lang)}" for d in coming)
        lines.append(i18n.text("progress.digest.deadlines", lang, items=items))
    else:
        lines.append(i18n.text("progress.digest.no_deadlines", lang))
    unit_goals = [g.id for g in kb.goals if g.reported_by == "unit"]
    centre_goals = [g.id for g in kb.goals if g.reported_by == "centre"]
    unit_missing = set.intersection(*(set(progress[g].missing) for g in unit_goals)) \
        if unit_goals else set()
    centre_missing = set.intersection(*(set(progress[g].missing) for g in centre_goals)) \
        if centre_goals else set()
    intro = i18n.text("progress.digest.intro", lang, date=i18n.date(today, lang, "short"),
                      reported=len(directory.units) - len(unit_missing),
                      units=len(directory.units),
                      centres_reported=len(directory.centres) - len(centre_missing),
                      centres=len(directory.centres))
    reply = Reply(
        lang=lang,
        title=i18n.text("progress.digest.title", lang, period=period),
        text=intro,
        lines=tuple(lines),
        source_label=i18n.text("progress.source", lang),
        actions=(checkin_action(i18n, lang),),
        outcome=Outcome.ANSWER,
    )
    return Digest(reply, figures)
