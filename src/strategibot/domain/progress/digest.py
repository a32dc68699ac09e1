"""The progress digest: a summary people can scan — one row per goal (short name, figure,
coverage, status as a word, change since the previous digest), the next deadline, and buttons to
open the progress page and to check in. Who has not reported is on the page, not here.

It is a :class:`DigestReply`: a :class:`~strategibot.domain.messages.Reply` whose text and lines
read well in the terminal, plus the rows (:class:`DigestSummary`) that the Teams and Slack
renderers lay out as a table. The figures, coverage and statuses are the live answers' own
(:mod:`.telling`), so the digest never claims more than the chat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from strategibot.core.i18n import I18n
from strategibot.domain.knowledge.load import Goal, KnowledgeBase
from strategibot.domain.messages import Action, Outcome, Reply
from strategibot.domain.organisation import Directory
from strategibot.domain.progress.compute import GoalProgress
from strategibot.domain.progress.status import Status
from strategibot.domain.progress.telling import (
    checkin_actions,
    coverage_text,
    open_page_action,
    period_note,
)

__all__ = [
    "STATUS_SYMBOLS",
    "Digest",
    "DigestReply",
    "DigestRow",
    "DigestSummary",
    "build_digest",
    "change_text",
    "compact_figure",
    "not_reported",
    "progress_bar",
    "short_name",
    "status_word",
]

BAR_CELLS = 10
STATUS_SYMBOLS: Mapping[Status, str] = {
    Status.ACHIEVED: "✓", Status.ON_TRACK: "●", Status.AT_RISK: "▲", Status.BEHIND: "▼",
    Status.MISSED: "✗", Status.TOO_FEW: "○", Status.NO_DATA: "–",
}
"""A shape per status, so that a status never rests on colour alone."""


@dataclass(frozen=True, slots=True)
class DigestRow:
    """One goal in the digest, every part already in the reader's language."""

    goal_id: str
    name: str
    figure: str
    coverage: str
    status: Status
    status_word: str
    change: str | None = None


@dataclass(frozen=True, slots=True)
class DigestSummary:
    """The digest's table: column headings, a row per goal, the next deadline."""

    headings: tuple[str, str, str]
    rows: tuple[DigestRow, ...]
    deadline: str


@dataclass(frozen=True, slots=True)
class DigestReply(Reply):
    """A digest: a reply (text and lines for the terminal) with its table for cards."""

    summary: DigestSummary = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class Digest:
    reply: DigestReply
    figures: dict[str, float | None]
    """Each goal's figure, kept in the ledger so the next digest can show the change."""


def progress_bar(progress: float) -> str:
    """``▰▰▰▰▱▱▱▱▱▱ 40 %``."""
    filled = max(0, min(BAR_CELLS, round(progress * BAR_CELLS)))
    return "▰" * filled + "▱" * (BAR_CELLS - filled) + f" {round(progress * 100)} %"


def short_name(goal: Goal, i18n: I18n, lang: str) -> str:
    """The goal's short name ("Sygefravær"); its title when the catalogue has none."""
    key = f"progress.short.{goal.id}"
    return i18n.text(key, lang) if i18n.has(key) else goal.title.get(lang)


def compact_figure(goal: Goal, progress: GoalProgress, i18n: I18n, lang: str) -> str:
    """The figure against its target in a few characters: "18 af 30", "14,2 (mål 13,5)"."""
    if progress.reported == 0 or progress.value is None:
        return i18n.text("progress.digest.figure.none", lang)
    kind = goal.metric.kind
    if kind == "weighted-mean":
        return i18n.text("progress.digest.figure.level", lang,
                         value=i18n.number(progress.value, lang),
                         target=i18n.number(goal.target, lang))
    if kind == "share":
        return i18n.text("progress.digest.figure.share", lang,
                         value=i18n.number(progress.value, lang, 0),
                         target=i18n.number(goal.target, lang, 0))
    target = progress.details.get("cells", goal.target) if kind == "matrix" else goal.target
    return i18n.text("progress.digest.figure.count", lang,
                     value=i18n.number(progress.value, lang),
                     target=i18n.number(target, lang))


def status_word(progress: GoalProgress, i18n: I18n, lang: str) -> str:
    """The status as one word — after the period with "final" or "provisional"; the same
    claim as :func:`~.telling.status_text`, without its explanation."""
    verdict = progress.verdict
    word = i18n.text(f"progress.status.{verdict.status}", lang)
    if verdict.status is Status.NO_DATA or not verdict.result:
        return word
    key = "final" if verdict.final else "provisional"
    return i18n.text(f"progress.digest.status_{key}", lang, status=word)


def change_text(progress: GoalProgress, before: float | None, i18n: I18n,
                lang: str) -> str | None:
    """"−0,4 siden sidst", "uændret siden sidst", or None without two figures."""
    if progress.value is None or before is None:
        return None
    delta = progress.value - before
    if abs(delta) < 1e-9:
        return i18n.text("progress.digest.unchanged", lang)
    sign = "+" if delta > 0 else "−"
    return i18n.text("progress.digest.change", lang,
                     delta=sign + i18n.number(abs(delta), lang))


def not_reported(kb: KnowledgeBase, progress: Mapping[str, GoalProgress]
                 ) -> tuple[set[str], set[str]]:
    """Codes of the units that have reported on none of the unit goals, and of the centres
    that have reported on none of the centre goals."""
    unit_goals = [g.id for g in kb.goals if g.reported_by == "unit"]
    centre_goals = [g.id for g in kb.goals if g.reported_by == "centre"]
    units = set.intersection(*(set(progress[g].missing) for g in unit_goals)) \
        if unit_goals else set()
    centres = set.intersection(*(set(progress[g].missing) for g in centre_goals)) \
        if centre_goals else set()
    return units, centres


def _next_deadline(kb: KnowledgeBase, today: dt.date, i18n: I18n, lang: str) -> str:
    coming = [d for d in kb.deadlines if d.date >= today]
    if not coming:
        return i18n.text("progress.digest.no_deadlines", lang)
    first = coming[0]
    return i18n.text("progress.digest.next_deadline", lang,
                     date=i18n.date(first.date, lang, "short"), title=first.title.get(lang))


def build_digest(kb: KnowledgeBase, progress: Mapping[str, GoalProgress], directory: Directory,
                 i18n: I18n, *, lang: str, today: dt.date, period: str,
                 previous: Mapping[str, float | None] | None = None,
                 final: bool = False, page_url: str | None = None) -> Digest:
    """The digest for ``period`` (e.g. "uge 48" / "week 48"); ``final``: the one sent after
    the strategy's reporting has closed, with the final figures; ``page_url``: where its
    "open the progress page" button leads (the Teams tab's deep link), none without."""
    rows: list[DigestRow] = []
    figures: dict[str, float | None] = {}
    for goal in kb.goals:
        item = progress[goal.id]
        figures[goal.id] = item.value
        before = (previous or {}).get(goal.id) if previous is not None else None
        rows.append(DigestRow(
            goal_id=goal.id, name=short_name(goal, i18n, lang),
            figure=compact_figure(goal, item, i18n, lang),
            coverage=coverage_text(item.coverage, i18n, lang), status=item.status,
            status_word=status_word(item, i18n, lang),
            change=change_text(item, before, i18n, lang)))
    units_missing, centres_missing = not_reported(kb, progress)
    intro = i18n.text("progress.digest.intro", lang, date=i18n.date(today, lang, "short"),
                      reported=len(directory.units) - len(units_missing),
                      units=len(directory.units),
                      centres_reported=len(directory.centres) - len(centres_missing),
                      centres=len(directory.centres))
    note = period_note(kb, today, i18n, lang)
    if note:
        intro = note + " " + intro
    deadline = _next_deadline(kb, today, i18n, lang)
    lines = [" · ".join(part for part in (
        f"**{row.name}**: {row.figure}", f"{STATUS_SYMBOLS[row.status]} {row.status_word}",
        row.coverage, row.change) if part) for row in rows]
    lines.append(deadline)
    actions: list[Action] = []
    if page_url:
        actions.append(open_page_action(page_url, i18n, lang))
    actions.extend(checkin_actions(kb, today, i18n, lang))
    title = i18n.text("progress.digest.final_title" if final else "progress.digest.title",
                      lang, period=period)
    headings = (i18n.text("progress.digest.heading.goal", lang),
                i18n.text("progress.digest.heading.figure", lang),
                i18n.text("progress.digest.heading.status", lang))
    reply = DigestReply(
        lang=lang,
        title=title,
        text=intro,
        lines=tuple(lines),
        source_label=i18n.text("progress.source", lang),
        actions=tuple(actions),
        outcome=Outcome.ANSWER,
        summary=DigestSummary(headings=headings, rows=tuple(rows), deadline=deadline),
    )
    return Digest(reply, figures)
