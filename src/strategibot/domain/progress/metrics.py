"""How each kind of goal is measured, from the fields its ``goals.yaml`` metric names.

One function per metric kind turns a goal's latest reports into its figure; which check-in
fields it reads is data (``goals.yaml``: ``metric``), and :func:`field_problems` checks at load
that those fields exist in the goal's check-in flow with the right type, so a renamed field is a
load error, not a wrong figure at run time.

=================  ===========================================================================
kind               figure
=================  ===========================================================================
count-done         units (or centres) whose report has a ``done`` value, of the target
distinct-forms     distinct forms tried and evaluated, across units (:mod:`.forms` groups names)
weighted-mean      the mean of ``value`` over units, weighted by ``weight`` (registered FTE)
share              % of the units that said yes to ``of`` that also said yes to ``hit``
matrix             cells of the centres × themes matrix whose ``cell`` names an initiative
=================  ===========================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from strategibot.domain.checkins.flows import GoalFlowModel
from strategibot.domain.knowledge.schema import (
    REGISTERED_FTE,
    CountDoneMetric,
    DistinctFormsMetric,
    GoalModel,
    MatrixMetric,
    ShareMetric,
    WeightedMeanMetric,
)
from strategibot.domain.organisation import Directory
from strategibot.domain.progress.forms import FormGroup

__all__ = ["Coverage", "Figure", "Grouping", "ReportView", "field_problems", "measure"]

Grouping = Callable[[Sequence[str]], list[FormGroup]]
"""Names of forms → the distinct forms (:func:`strategibot.domain.progress.forms.group_forms`
with the strategy's rules and the admins' decisions)."""


@dataclass(frozen=True, slots=True)
class ReportView:
    """What progress needs of a latest report."""

    goal_id: str
    centre_id: int
    unit_id: int | None
    theme: int | None
    value: Mapping[str, Any]
    item: str | None = None


@dataclass(frozen=True, slots=True)
class Coverage:
    """Who stands behind a figure: the units (or centres) that reported of those expected,
    and for an FTE-weighted figure their share of the organisation's registered FTE."""

    of: Literal["units", "centres"]
    reported: int
    expected: int
    fte_reported: float | None = None
    fte_total: float | None = None

    @property
    def by_fte(self) -> bool:
        return self.fte_total is not None

    @property
    def share(self) -> float:
        """The share (0–1) that decides whether a status may be claimed: of the FTE for an
        FTE-weighted figure, else of the units (centres)."""
        if self.fte_total is not None:
            return (self.fte_reported or 0.0) / self.fte_total if self.fte_total > 0 else 0.0
        return self.reported / self.expected if self.expected else 0.0


@dataclass(frozen=True, slots=True)
class Figure:
    """A goal's figure as its metric computes it, before any status is claimed."""

    value: float | None
    progress: float
    coverage: Coverage
    details: Mapping[str, Any] = field(default_factory=dict)
    per_centre: Mapping[str, float | None] = field(default_factory=dict)
    per_centre_units: Mapping[str, frozenset[int]] = field(default_factory=dict)
    """the units that stand behind each centre's figure (small numbers are not shown)"""
    missing: tuple[str, ...] = ()


def _reporters(rows: Sequence[ReportView], by_unit: bool) -> set[int]:
    return {r.unit_id for r in rows if r.unit_id is not None} if by_unit \
        else {r.centre_id for r in rows}


def _coverage(directory: Directory, rows: Sequence[ReportView], by_unit: bool) -> Coverage:
    if by_unit:
        return Coverage("units", len(_reporters(rows, True)), len(directory.units))
    return Coverage("centres", len(_reporters(rows, False)), len(directory.centres))


def _missing(directory: Directory, rows: Sequence[ReportView], by_unit: bool
             ) -> tuple[str, ...]:
    reported = _reporters(rows, by_unit)
    if by_unit:
        return tuple(u.code for u in directory.units if u.id not in reported)
    return tuple(c.code for c in directory.centres if c.id not in reported)


def _units_per_centre(directory: Directory,
                      rows: Sequence[ReportView]) -> dict[str, frozenset[int]]:
    codes = {c.id: c.code for c in directory.centres}
    found: dict[str, set[int]] = {code: set() for code in codes.values()}
    for unit_id in {r.unit_id for r in rows if r.unit_id is not None}:
        unit = next((u for u in directory.units if u.id == unit_id), None)
        if unit is not None and unit.centre_id in codes:
            found[codes[unit.centre_id]].add(unit_id)
    return {code: frozenset(ids) for code, ids in found.items()}


def _matches(value: Mapping[str, Any], wanted: Mapping[str, str | bool]) -> bool:
    return any(value.get(key) == expected for key, expected in wanted.items())


def _count_done(goal: GoalModel, metric: CountDoneMetric, directory: Directory,
                rows: Sequence[ReportView]) -> Figure:
    done = [r for r in rows if _matches(r.value, metric.done)]
    in_progress = [r for r in rows if metric.in_progress and _matches(r.value, metric.in_progress)]
    per_centre = {c.code: float(sum(1 for r in done if r.centre_id == c.id))
                  for c in directory.centres}
    by_unit = goal.reported_by == "unit"
    value = float(len(done))
    return Figure(value, min(1.0, value / goal.target), _coverage(directory, rows, by_unit),
                  {"done": len(done), "in_progress": len(in_progress)}, per_centre,
                  _units_per_centre(directory, rows) if by_unit else {},
                  _missing(directory, rows, by_unit))


def _distinct_forms(goal: GoalModel, metric: DistinctFormsMetric, directory: Directory,
                    rows: Sequence[ReportView], grouping: Grouping) -> Figure:
    named = [r for r in rows if r.value.get(metric.name)]
    groups = grouping([str(r.value[metric.name]) for r in named])
    group_of = {name: g for g in groups for name in g.names}

    def distinct(selected: Sequence[ReportView], *, evaluated: bool) -> list[str]:
        found: dict[str, str] = {}
        for r in selected:
            group = group_of.get(str(r.value[metric.name]).strip())
            if group is None or not r.value.get(metric.tried):
                continue
            if evaluated and not r.value.get(metric.evaluated):
                continue
            found.setdefault(group.key, group.name)
        return list(found.values())

    evaluated = distinct(named, evaluated=True)
    tried = distinct(named, evaluated=False)
    units_per_group: dict[str, set[int]] = {}
    for r in named:
        group = group_of.get(str(r.value[metric.name]).strip())
        if group is not None and r.unit_id is not None:
            units_per_group.setdefault(group.name, set()).add(r.unit_id)
    per_centre = {c.code: float(len(distinct([r for r in named if r.centre_id == c.id],
                                             evaluated=True)))
                  for c in directory.centres}
    value = float(len(evaluated))
    behind = {r.centre_id for r in named if r.value.get(metric.tried)
              and r.value.get(metric.evaluated)
              and group_of.get(str(r.value[metric.name]).strip()) is not None}
    return Figure(value, min(1.0, value / goal.target), _coverage(directory, rows, True),
                  {"evaluated": evaluated, "tried": tried, "centres_behind": len(behind),
                   "across": metric.across,
                   "units": {name: len(units) for name, units in units_per_group.items()}},
                  per_centre, _units_per_centre(directory, rows),
                  _missing(directory, rows, True))


def _weighted_mean(goal: GoalModel, metric: WeightedMeanMetric, directory: Directory,
                   rows: Sequence[ReportView]) -> Figure:
    fte = {u.id: u.fte for u in directory.units}

    def weight(r: ReportView) -> float:
        if metric.weight == REGISTERED_FTE:
            return fte.get(r.unit_id, 0.0) if r.unit_id is not None else 0.0
        found = r.value.get(metric.weight)
        return float(found) if isinstance(found, int | float) else 0.0

    def mean(selected: Sequence[ReportView]) -> float | None:
        total = sum(weight(r) for r in selected)
        if total <= 0:
            return None
        return sum(float(r.value[metric.value]) * weight(r) for r in selected) / total

    usable = [r for r in rows if isinstance(r.value.get(metric.value), int | float)
              and not isinstance(r.value.get(metric.value), bool) and weight(r) > 0]
    value = mean(usable)
    progress = 0.0
    if value is not None and goal.baseline is not None and goal.baseline != goal.target:
        progress = (goal.baseline - value) / (goal.baseline - goal.target)
        if goal.direction == "increase":
            progress = -progress
        progress = min(1.0, max(0.0, progress))
    per_centre = {c.code: mean([r for r in usable if r.centre_id == c.id])
                  for c in directory.centres}
    coverage = Coverage("units", len(_reporters(usable, True)), len(directory.units),
                        fte_reported=sum(weight(r) for r in usable),
                        fte_total=sum(u.fte for u in directory.units))
    return Figure(value, progress, coverage, {}, per_centre,
                  _units_per_centre(directory, usable), _missing(directory, usable, True))


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
    return Figure(share, progress, _coverage(directory, rows, True),
                  {"recruited": len(base), "used_toolbox": len(hits)}, per_centre,
                  _units_per_centre(directory, base), _missing(directory, rows, True))


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
    target = len(themes) * len(directory.centres)
    return Figure(float(cells), min(1.0, cells / target) if target else 0.0,
                  _coverage(directory, rows, False), {"matrix": matrix, "cells": target},
                  per_centre, {}, _missing(directory, rows, False))


def _no_grouping(names: Sequence[str]) -> list[FormGroup]:
    from strategibot.domain.progress.forms import FormRules, group_forms

    return group_forms(names, FormRules())


def measure(goal: GoalModel, directory: Directory, rows: Sequence[ReportView],
            themes: Sequence[int] = (1, 2, 3, 4), grouping: Grouping | None = None) -> Figure:
    """The figure of ``goal`` from its latest reports ``rows`` (of active units/centres)."""
    metric = goal.metric
    if isinstance(metric, CountDoneMetric):
        return _count_done(goal, metric, directory, rows)
    if isinstance(metric, DistinctFormsMetric):
        return _distinct_forms(goal, metric, directory, rows, grouping or _no_grouping)
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
        if not flow.multiple:
            problems.append(("metric", "a distinct-forms goal's check-in must take several "
                                       "forms per unit (multiple: true)"))
        problems += [("metric.name", _field(flow, metric.name, ("text",))),
                     ("metric.tried", _field(flow, metric.tried, ("boolean",))),
                     ("metric.evaluated", _field(flow, metric.evaluated, ("boolean",)))]
    elif isinstance(metric, WeightedMeanMetric):
        problems.append(("metric.value", _field(flow, metric.value, ("number",))))
        if metric.weight != REGISTERED_FTE:
            problems.append(("metric.weight", _field(flow, metric.weight, ("number",))))
    elif isinstance(metric, ShareMetric):
        problems += [("metric.of", _field(flow, metric.of, ("boolean",))),
                     ("metric.hit", _field(flow, metric.hit, ("boolean",)))]
    else:
        problems.append(("metric.cell", _field(flow, metric.cell, ("text",))))
        if not flow.per_theme:
            problems.append(("metric", "a matrix goal's check-in must be asked per theme "
                                       "(per_theme: true)"))
    if goal.plausible is not None and not isinstance(metric, WeightedMeanMetric):
        problems.append(("plausible", "only a goal with a number figure (weighted-mean) has a "
                                      "plausible range"))
    return [(where, what) for where, what in problems if what]
