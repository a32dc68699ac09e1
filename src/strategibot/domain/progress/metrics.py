"""How each kind of goal is measured, from the fields its ``goals.yaml`` metric names.

One function per metric kind turns a goal's latest reports into its figure; which check-in
fields it reads is data (``goals.yaml``: ``metric``), and :func:`field_problems` checks at load
that those fields exist in the goal's check-in flow with the right type, so a renamed field is a
load error, not a wrong figure at run time.

=================  ===========================================================================
kind               figure
=================  ===========================================================================
count-done         units (or centres) whose report has a ``done`` value, of the target
distinct-forms     distinct form names tried and evaluated, across units (see :func:`same_form`)
weighted-mean      the mean of ``value`` over units, weighted by ``weight``
share              % of the units that said yes to ``of`` that also said yes to ``hit``
matrix             cells of the centres × themes matrix whose ``cell`` names an initiative
=================  ===========================================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from strategibot.domain.checkins.flows import GoalFlowModel
from strategibot.domain.knowledge.schema import (
    CountDoneMetric,
    DistinctFormsMetric,
    GoalModel,
    MatrixMetric,
    ShareMetric,
    WeightedMeanMetric,
)
from strategibot.domain.normalise import fold_text
from strategibot.domain.organisation import Directory

__all__ = ["Figure", "ReportView", "field_problems", "measure", "same_form"]


@dataclass(frozen=True, slots=True)
class ReportView:
    """What progress needs of a latest report."""

    goal_id: str
    centre_id: int
    unit_id: int | None
    theme: int | None
    value: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Figure:
    """A goal's figure as its metric computes it, before any status is claimed."""

    value: float | None
    progress: float
    reported: int
    expected: int
    details: Mapping[str, Any] = field(default_factory=dict)
    per_centre: Mapping[str, float | None] = field(default_factory=dict)
    missing: tuple[str, ...] = ()


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


def _unit_missing(directory: Directory, rows: Sequence[ReportView]) -> tuple[str, ...]:
    reported = {r.unit_id for r in rows}
    return tuple(u.code for u in directory.units if u.id not in reported)


def _centre_missing(directory: Directory, rows: Sequence[ReportView]) -> tuple[str, ...]:
    reported = {r.centre_id for r in rows}
    return tuple(c.code for c in directory.centres if c.id not in reported)


def _matches(value: Mapping[str, Any], wanted: Mapping[str, str | bool]) -> bool:
    return any(value.get(key) == expected for key, expected in wanted.items())


def _count_done(goal: GoalModel, metric: CountDoneMetric, directory: Directory,
                rows: Sequence[ReportView]) -> Figure:
    done = [r for r in rows if _matches(r.value, metric.done)]
    in_progress = [r for r in rows if metric.in_progress and _matches(r.value, metric.in_progress)]
    per_centre = {c.code: float(sum(1 for r in done if r.centre_id == c.id))
                  for c in directory.centres}
    by_unit = goal.reported_by == "unit"
    expected = len(directory.units) if by_unit else len(directory.centres)
    value = float(len(done))
    return Figure(value, min(1.0, value / goal.target), len(rows), expected,
                  {"done": len(done), "in_progress": len(in_progress)}, per_centre,
                  (_unit_missing if by_unit else _centre_missing)(directory, rows))


def _distinct_forms(goal: GoalModel, metric: DistinctFormsMetric, directory: Directory,
                    rows: Sequence[ReportView]) -> Figure:
    def names(selected: Sequence[ReportView], *, evaluated: bool) -> list[str]:
        return [str(r.value.get(metric.name)) for r in selected
                if r.value.get(metric.name) and r.value.get(metric.tried)
                and (r.value.get(metric.evaluated) or not evaluated)]

    evaluated = _distinct(names(rows, evaluated=True))
    tried = _distinct(names(rows, evaluated=False))
    per_centre = {c.code: float(len(_distinct(names([r for r in rows if r.centre_id == c.id],
                                                    evaluated=True))))
                  for c in directory.centres}
    value = float(len(evaluated))
    return Figure(value, min(1.0, value / goal.target), len(rows), len(directory.units),
                  {"evaluated": evaluated, "tried": tried}, per_centre,
                  _unit_missing(directory, rows))


def _weighted_mean(goal: GoalModel, metric: WeightedMeanMetric, directory: Directory,
                   rows: Sequence[ReportView]) -> Figure:
    def weight(r: ReportView) -> float:
        found = r.value.get(metric.weight)
        return float(found) if isinstance(found, int | float) else 0.0

    def mean(selected: Sequence[ReportView]) -> float | None:
        total = sum(weight(r) for r in selected)
        if total <= 0:
            return None
        return sum(float(r.value[metric.value]) * weight(r) for r in selected) / total

    usable = [r for r in rows if isinstance(r.value.get(metric.value), int | float)]
    value = mean(usable)
    progress = 0.0
    if value is not None and goal.baseline is not None and goal.baseline != goal.target:
        progress = (goal.baseline - value) / (goal.baseline - goal.target)
        if goal.direction == "increase":
            progress = -progress
        progress = min(1.0, max(0.0, progress))
    per_centre = {c.code: mean([r for r in usable if r.centre_id == c.id])
                  for c in directory.centres}
    return Figure(value, progress, len(usable), len(directory.units),
                  {"fte_reported": sum(weight(r) for r in usable),
                   "fte_total": sum(u.fte for u in directory.units)}, per_centre,
                  _unit_missing(directory, usable))


def _share(goal: GoalModel, metric: ShareMetric, directory: Directory,
           rows: Sequence[ReportView]) -> Figure:
    base = [r for r in rows if r.value.get(metric.of) is True]
    hits = [r for r in base if r.value.get(metric.hit) is True]
    share = 100.0 * len(hits) / len(base) if base else None
    per_centre: dict[str, float | None] = {}
    for centre in directory.centres:
        mine = [r for r in base if r.centre_id == centre.id]
        mine_hits = [r for r in mine if r.value.get(metric.hit) is True]
        per_centre[centre.code] = 100.0 * len(mine_hits) / len(mine) if mine else None
    progress = min(1.0, share / goal.target) if share is not None else 0.0
    return Figure(share, progress, len(rows), len(directory.units),
                  {"recruited": len(base), "used_toolbox": len(hits)}, per_centre,
                  _unit_missing(directory, rows))


def _matrix(goal: GoalModel, metric: MatrixMetric, directory: Directory,
            rows: Sequence[ReportView], themes: Sequence[int]) -> Figure:
    codes = {c.id: c.code for c in directory.centres}
    filled: dict[str, dict[int, bool]] = {c.code: {} for c in directory.centres}
    for r in rows:
        if r.centre_id in codes and r.theme is not None:
            filled[codes[r.centre_id]][r.theme] = bool(r.value.get(metric.cell))
    cells = sum(1 for by_theme in filled.values() for ok in by_theme.values() if ok)
    per_centre: dict[str, float | None] = {
        code: float(sum(1 for ok in by_theme.values() if ok)) for code, by_theme in filled.items()}
    matrix = {code: {t: by_theme.get(t) for t in themes} for code, by_theme in filled.items()}
    return Figure(float(cells), min(1.0, cells / goal.target), len(rows),
                  len(themes) * len(directory.centres), {"matrix": matrix}, per_centre,
                  _centre_missing(directory, rows))


def measure(goal: GoalModel, directory: Directory, rows: Sequence[ReportView],
            themes: Sequence[int] = (1, 2, 3, 4)) -> Figure:
    """The figure of ``goal`` from its latest reports ``rows`` (of active units/centres)."""
    metric = goal.metric
    if isinstance(metric, CountDoneMetric):
        return _count_done(goal, metric, directory, rows)
    if isinstance(metric, DistinctFormsMetric):
        return _distinct_forms(goal, metric, directory, rows)
    if isinstance(metric, WeightedMeanMetric):
        return _weighted_mean(goal, metric, directory, rows)
    if isinstance(metric, ShareMetric):
        return _share(goal, metric, directory, rows)
    return _matrix(goal, metric, directory, rows, themes)


# ---------------------------------------------------------------------------- checks at load

def _field(flow: GoalFlowModel, name: str, types: tuple[str, ...]) -> str | None:
    found = next((f for f in flow.fields if f.id == name), None)
    if found is None:
        return (f"'{name}' is not a field of the goal's check-in "
                f"({', '.join(f.id for f in flow.fields)})")
    if found.type not in types:
        return f"'{name}' is a {found.type} field; the metric needs {' or '.join(types)}"
    return None


def _value(flow: GoalFlowModel, name: str, value: str | bool) -> str | None:
    problem = _field(flow, name, ("choice", "boolean"))
    if problem:
        return problem
    found = next(f for f in flow.fields if f.id == name)
    if found.type == "boolean" and not isinstance(value, bool):
        return f"'{name}' is yes/no: the value must be true or false, not {value!r}"
    if found.type == "choice" and value not in {c.value for c in found.choices}:
        return (f"{value!r} is not a choice of '{name}' "
                f"({', '.join(c.value for c in found.choices)})")
    return None


def field_problems(goal: GoalModel, flow: GoalFlowModel | None) -> list[tuple[str, str]]:
    """(metric field, what is wrong) for each field ``goal``'s metric names that its check-in
    ``flow`` does not have with a fitting type; empty when they fit."""
    if flow is None:
        return [("metric", "the goal has no check-in in dialogs/checkin.yaml")]
    problems: list[tuple[str, str | None]] = []
    if flow.applies_to != goal.reported_by:
        problems.append(("reported_by", f"the check-in is for a {flow.applies_to}, the goal "
                                        f"is reported by a {goal.reported_by}"))
    metric = goal.metric
    if isinstance(metric, CountDoneMetric):
        for part, wanted in (("done", metric.done), ("in_progress", metric.in_progress)):
            problems += [(f"metric.{part}.{k}", _value(flow, k, v)) for k, v in wanted.items()]
    elif isinstance(metric, DistinctFormsMetric):
        problems += [("metric.name", _field(flow, metric.name, ("text",))),
                     ("metric.tried", _field(flow, metric.tried, ("boolean",))),
                     ("metric.evaluated", _field(flow, metric.evaluated, ("boolean",)))]
    elif isinstance(metric, WeightedMeanMetric):
        problems += [("metric.value", _field(flow, metric.value, ("number",))),
                     ("metric.weight", _field(flow, metric.weight, ("number",)))]
    elif isinstance(metric, ShareMetric):
        problems += [("metric.of", _field(flow, metric.of, ("boolean",))),
                     ("metric.hit", _field(flow, metric.hit, ("boolean",)))]
    else:
        problems.append(("metric.cell", _field(flow, metric.cell, ("text",))))
        if not flow.per_theme:
            problems.append(("metric", "a matrix goal's check-in must be asked per theme "
                                       "(per_theme: true)"))
    return [(where, what) for where, what in problems if what]
