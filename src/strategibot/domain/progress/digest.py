"""The progress digest: every goal's figure, a progress bar, status, change since the previous
digest, who has not reported (units and centres, never persons) and the next deadlines — as a
:class:`Reply`, so Teams, Slack and the terminal render the same content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from strategibot.conversation.commands import ProgressTexts
from strategibot.domain.knowledge.load import KnowledgeBase
from strategibot.domain.messages import Action, Outcome, Reply
from strategibot.domain.organisation import Directory
from strategibot.domain.progress.compute import GoalProgress
from strategibot.domain.progress.telling import figure_text, format_number

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


def _date(day: dt.date, lang: str) -> str:
    return day.strftime("%d.%m.%Y") if lang == "da" else day.isoformat()


def build_digest(kb: KnowledgeBase, progress: Mapping[str, GoalProgress], directory: Directory,
                 texts: ProgressTexts, *, lang: str, today: dt.date, period: str,
                 previous: Mapping[str, float | None] | None = None) -> Digest:
    """The digest for ``period`` (e.g. "uge 48" / "week 48")."""
    names = {u.code: u.name for u in directory.units} | {c.code: c.name
                                                          for c in directory.centres}
    lines: list[str] = []
    figures: dict[str, float | None] = {}
    for goal in kb.goals:
        item = progress[goal.id]
        figures[goal.id] = item.value
        status = texts.get("status", str(item.status), lang=lang)
        parts = [f"**{goal.title.get(lang)}**", progress_bar(item.progress),
                 figure_text(goal, item, texts, lang), status]
        before = (previous or {}).get(goal.id)
        if previous is not None and item.value is not None and before is not None:
            delta = item.value - before
            if abs(delta) < 1e-9:
                parts.append(texts.get("digest", "unchanged", lang=lang))
            else:
                sign = "+" if delta > 0 else "−"
                parts.append(texts.get("digest", "change", lang=lang,
                                       delta=sign + format_number(abs(delta), lang)))
        if item.missing:
            shown = [names.get(code, code) for code in item.missing[:MISSING_SHOWN]]
            more = len(item.missing) - len(shown)
            listed = ", ".join(shown) + (
                " " + texts.get("digest", "more", lang=lang, count=more) if more else "")
            parts.append(texts.get("digest", "missing", lang=lang, names=listed))
        lines.append(" · ".join(parts))
    coming = [d for d in kb.deadlines if d.date >= today][:3]
    if coming:
        items = "; ".join(f"{_date(d.date, lang)} {d.title.get(lang)}" for d in coming)
        lines.append(texts.get("digest", "deadlines", lang=lang, items=items))
    else:
        lines.append(texts.get("digest", "no_deadlines", lang=lang))
    unit_goals = [g.id for g in kb.goals if g.reported_by == "unit"]
    centre_goals = [g.id for g in kb.goals if g.reported_by == "centre"]
    unit_missing = set.intersection(*(set(progress[g].missing) for g in unit_goals)) \
        if unit_goals else set()
    centre_missing = set.intersection(*(set(progress[g].missing) for g in centre_goals)) \
        if centre_goals else set()
    intro = texts.get("digest", "intro", lang=lang, date=_date(today, lang),
                      reported=len(directory.units) - len(unit_missing),
                      units=len(directory.units),
                      centres_reported=len(directory.centres) - len(centre_missing),
                      centres=len(directory.centres))
    label = texts.get("checkin_now", lang=lang)
    reply = Reply(
        lang=lang,
        title=texts.get("digest", "title", lang=lang, period=period),
        text=intro,
        lines=tuple(lines),
        source_label=texts.get("source", lang=lang),
        actions=(Action(title=label, value="check in" if lang == "en" else "indrapporter",
                        kind="command"),),
        outcome=Outcome.ANSWER,
    )
    return Digest(reply, figures)
