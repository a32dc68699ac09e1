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

from rapidfuzz import fuzz

from strategibot.domain.knowledge.load import Goal
from strategibot.domain.normalise import fold_text
from strategibot.domain.organisation import Directory

__all__ = ["GoalProgress", "ReportView", "Status", "compute_progress", "same_form"]


class Status(enum.StrEnum):
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    BEHIND = "behind"
    ACHIEVED = "achieved"
    MISSED = "missed"
    NO_DATA = "no-data"


@dataclass(frozen=True, slots=True)
class ReportView:
    """What progress needs of a latest report."""

    goal_id: str
    centre_id: int
    unit_id: int | None
    theme: int | None
    value: Mapping[str, Any]


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


def same_form(a: str, b: str) -> bool:
    """Two names of a citizen-involvement form that mean the same ("Borgerpanel" and
    "borger-panel", "dialogmøde med borgere" and "borgerdialogmøde")."""
    fa, fb = fold_text(a).replace(" ", ""), fold_text(b).replace(" ", "")
    if fa == fb:
        return True
    return max(fuzz.ratio(fa, fb), fuzz.token_sort_ratio(fold_text(a), fold_text(b))) >= 85


def _distinct(names: Sequence[str]) -> list[str]:
    groups: list[str] = []
    for name in names:
        if not any(same_form(name, kept) for kept in groups):
            groups.append(name)
    return groups


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
    *, today: dt.date, start: dt.date | None = None,
) -> dict[str, GoalProgress]:
    """Progress for every goal. ``start`` is when the strategy year began (default: 1 January
    of the deadline's year)."""
    active_units = {u.id: u for u in directory.units}
    active_centres = {c.id: c for c in directory.centres}
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
        rows = by_goal.get(goal.id, [])
        compute = _METRICS[goal.metric]
        value, progress, reported, expected, details, per_centre, missing = compute(
            goal, directory, rows)
        result[goal.id] = GoalProgress(
            goal_id=goal.id, value=value, target=goal.target, baseline=goal.baseline,
            progress=progress, status=_status(progress, reported, today, begin, goal.deadline),
            reported=reported, expected=expected, details=details, per_centre=per_centre,
            missing=tuple(missing),
        )
    return result


_Result = tuple[float | None, float, int, int, dict[str, Any], dict[str, float | None],
                list[str]]


def _unit_missing(directory: Directory, rows: Sequence[ReportView]) -> list[str]:
    reported = {r.unit_id for r in rows}
    return [u.code for u in directory.units if u.id not in reported]


def _centre_missing(directory: Directory, rows: Sequence[ReportView]) -> list[str]:
    reported = {r.centre_id for r in rows}
    return [c.code for c in directory.centres if c.id not in reported]


_DONE_FIELDS = ("status", "has_goal")
"""A count-done goal's report is done when one of these fields is "done" or yes."""


def _count_done(goal: Goal, directory: Directory, rows: Sequence[ReportView]) -> _Result:
    done = [r for r in rows if any(r.value.get(k) in ("done", True) for k in _DONE_FIELDS)]
    in_progress = [r for r in rows if r.value.get("status") == "in-progress"]
    per_centre: dict[str, float | None] = {}
    for centre in directory.centres:
        per_centre[centre.code] = float(sum(1 for r in done if r.centre_id == centre.id))
    expected = len(directory.units) if goal.reported_by == "unit" else len(directory.centres)
    missing = (_unit_missing if goal.reported_by == "unit" else _centre_missing)(directory, rows)
    value = float(len(done))
    return (value, min(1.0, value / goal.target), len(rows), expected,
            {"done": len(done), "in_progress": len(in_progress)}, per_centre, missing)


def _distinct_forms(goal: Goal, directory: Directory, rows: Sequence[ReportView]) -> _Result:
    evaluated = _distinct([str(r.value.get("form")) for r in rows
                           if r.value.get("form") and r.value.get("tried")
                           and r.value.get("evaluated")])
    tried = _distinct([str(r.value.get("form")) for r in rows
                       if r.value.get("form") and r.value.get("tried")])
    per_centre: dict[str, float | None] = {}
    for centre in directory.centres:
        names = [str(r.value["form"]) for r in rows if r.centre_id == centre.id
                 and r.value.get("form") and r.value.get("tried") and r.value.get("evaluated")]
        per_centre[centre.code] = float(len(_distinct(names)))
    value = float(len(evaluated))
    return (value, min(1.0, value / goal.target), len(rows), len(directory.units),
            {"evaluated": evaluated, "tried": tried}, per_centre,
            _unit_missing(directory, rows))


def _weighted_mean(goal: Goal, directory: Directory, rows: Sequence[ReportView]) -> _Result:
    def mean(selected: Sequence[ReportView]) -> float | None:
        weight = sum(float(r.value.get("fte") or 0) for r in selected)
        if weight <= 0:
            return None
        return sum(float(r.value["days"]) * float(r.value.get("fte") or 0)
                   for r in selected) / weight

    usable = [r for r in rows if isinstance(r.value.get("days"), int | float)]
    value = mean(usable)
    progress = 0.0
    if value is not None and goal.baseline is not None and goal.baseline != goal.target:
        progress = (goal.baseline - value) / (goal.baseline - goal.target)
        if goal.direction == "increase":
            progress = -progress
        progress = min(1.0, max(0.0, progress))
    per_centre = {c.code: mean([r for r in usable if r.centre_id == c.id])
                  for c in directory.centres}
    covered = sum(float(r.value.get("fte") or 0) for r in usable)
    total = sum(u.fte for u in directory.units)
    return (value, progress, len(usable), len(directory.units),
            {"fte_reported": covered, "fte_total": total}, per_centre,
            _unit_missing(directory, usable))


def _share(goal: Goal, directory: Directory, rows: Sequence[ReportView]) -> _Result:
    recruited = [r for r in rows if r.value.get("recruited") is True]
    used = [r for r in recruited if r.value.get("used_toolbox") is True]
    share = 100.0 * len(used) / len(recruited) if recruited else None
    per_centre: dict[str, float | None] = {}
    for centre in directory.centres:
        mine = [r for r in recruited if r.centre_id == centre.id]
        hits = [r for r in mine if r.value.get("used_toolbox") is True]
        per_centre[centre.code] = 100.0 * len(hits) / len(mine) if mine else None
    progress = min(1.0, (share or 0.0) / goal.target) if share is not None else 0.0
    return (share, progress, len(rows), len(directory.units),
            {"recruited": len(recruited), "used_toolbox": len(used)}, per_centre,
            _unit_missing(directory, rows))


def _matrix(goal: Goal, directory: Directory, rows: Sequence[ReportView]) -> _Result:
    filled: dict[str, dict[int, bool]] = {c.code: {} for c in directory.centres}
    for r in rows:
        centre = next((c for c in directory.centres if c.id == r.centre_id), None)
        if centre is not None and r.theme is not None:
            filled[centre.code][r.theme] = bool(r.value.get("initiative"))
    cells = sum(1 for themes in filled.values() for ok in themes.values() if ok)
    per_centre: dict[str, float | None] = {code: float(sum(1 for ok in themes.values() if ok))
                  for code, themes in filled.items()}
    matrix = {code: {t: themes.get(t) for t in (1, 2, 3, 4)} for code, themes in filled.items()}
    return (float(cells), min(1.0, cells / goal.target), len(rows), 4 * len(directory.centres),
            {"matrix": matrix}, per_centre, _centre_missing(directory, rows))


_METRICS = {
    "count-done": _count_done,
    "distinct-forms": _distinct_forms,
    "weighted-mean": _weighted_mean,
    "share": _share,
    "matrix": _matrix,
}
