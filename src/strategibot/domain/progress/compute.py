"""Live progress per shared goal, organisation-wide and per centre, from each unit's (or
centre's) latest report — and a status from progress against the time elapsed.

Status before the deadline: on track (progress ≥ 90 % of the time elapsed), at risk (≥ 60 %)
or behind; after it: achieved or missed. Sick leave progresses from its baseline (14.9) to its
target (13.5): lower is better.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from strategibot.domain.knowledge.load import Goal
from strategibot.domain.organisation import Directory
from strategibot.domain.progress.metrics import ReportView, measure

__all__ = ["GoalProgress", "ReportView", "Status", "compute_progress"]


class Status(enum.StrEnum):
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    BEHIND = "behind"
    ACHIEVED = "achieved"
    MISSED = "missed"
    NO_DATA = "no-data"


@dataclass(frozen=True, slots=True)
class GoalProgress:
    """One goal's figure against its target, with the details behind it."""

    goal_id: str
    value: float | None
    target: float
    baseline: float | None
    progress: float
    status: Status
    reported: int
    expected: int
    details: Mapping[str, Any] = field(default_factory=dict)
    per_centre: Mapping[str, float | None] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    """Codes of the units or centres that have not reported on this goal."""


def _elapsed(today: dt.date, start: dt.date, deadline: dt.date) -> float:
    total = (deadline - start).days or 1
    return min(1.0, max(0.0, (today - start).days / total))


def _status(progress: float, reported: int, today: dt.date, start: dt.date,
            deadline: dt.date) -> Status:
    if reported == 0:
        return Status.NO_DATA
    if progress >= 1.0:
        return Status.ACHIEVED
    if today > deadline:
        return Status.MISSED
    expected = _elapsed(today, start, deadline)
    if progress >= 0.9 * expected:
        return Status.ON_TRACK
    if progress >= 0.6 * expected:
        return Status.AT_RISK
    return Status.BEHIND


def compute_progress(
    goals: Sequence[Goal], directory: Directory, reports: Sequence[ReportView],
    *, today: dt.date, start: dt.date | None = None, themes: Sequence[int] = (1, 2, 3, 4),
) -> dict[str, GoalProgress]:
    """Progress for every goal. ``start`` is when the strategy year began (default: 1 January
    of the deadline's year)."""
    active_units = {u.id for u in directory.units}
    active_centres = {c.id for c in directory.centres}
    by_goal: dict[str, list[ReportView]] = defaultdict(list)
    for report in reports:
        if report.unit_id is not None and report.unit_id not in active_units:
            continue
        if report.centre_id not in active_centres:
            continue
        by_goal[report.goal_id].append(report)
    result: dict[str, GoalProgress] = {}
    for goal in goals:
        begin = start or dt.date(goal.deadline.year, 1, 1)
        figure = measure(goal, directory, by_goal.get(goal.id, []), themes)
        result[goal.id] = GoalProgress(
            goal_id=goal.id, value=figure.value, target=goal.target, baseline=goal.baseline,
            progress=figure.progress,
            status=_status(figure.progress, figure.reported, today, begin, goal.deadline),
            reported=figure.reported, expected=figure.expected, details=figure.details,
            per_centre=figure.per_centre, missing=figure.missing,
        )
    return result
