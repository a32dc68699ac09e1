"""Live progress per shared goal, organisation-wide and per centre, from each unit's (or
centre's) latest report: the figure, who stands behind it (coverage) and the status it
supports (:mod:`.status`). Per-centre averages over fewer than ``min_units`` units are not
exposed at all (small numbers identify people).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from strategibot.domain.knowledge.load import Goal
from strategibot.domain.knowledge.schema import PeriodModel
from strategibot.domain.organisation import Directory
from strategibot.domain.progress.metrics import Coverage, Grouping, ReportView, measure
from strategibot.domain.progress.status import LEVEL_KINDS, Phase, Status, Verdict, judge

__all__ = ["MIN_UNITS_SHOWN", "GoalProgress", "Phase", "ReportView", "Status", "compute_progress"]

MIN_UNITS_SHOWN = 3
"""The default of ``STRATEGIBOT_MIN_UNITS_SHOWN``."""


@dataclass(frozen=True, slots=True)
class GoalProgress:
    """One goal's figure against its target, with who stands behind it and the status."""

    goal_id: str
    value: float | None
    target: float
    baseline: float | None
    progress: float
    verdict: Verdict
    coverage: Coverage
    details: Mapping[str, Any] = field(default_factory=dict)
    per_centre: Mapping[str, float | None] = field(default_factory=dict)
    """each centre's figure; None where it has none or too few units stand behind it"""
    suppressed: frozenset[str] = frozenset()
    """centres whose figure is withheld: fewer than ``min_units`` units behind it, or one of
    :attr:`shielding`"""
    shielding: frozenset[str] = frozenset()
    """centres withheld only so that the one small centre's figure cannot be worked out from
    the total and the others (complementary suppression)"""
    one_leader: frozenset[str] = frozenset()
    """centres withheld because one leader stands behind all but one (or too few) of the
    units behind the figure: with their own figures they could work out the rest"""
    missing: tuple[str, ...] = ()
    """Codes of the units or centres that have not reported on this goal."""
    withheld: bool = False
    """the whole organisation's figure is withheld too: fewer than ``min_units`` units stand
    behind it, or every centre behind it is withheld and fewer than twice ``min_units`` units
    stand behind it (the total was a withheld centre's figure, or gave it away to a leader who
    knows their own)"""

    @property
    def status(self) -> Status:
        return self.verdict.status

    @property
    def reported(self) -> int:
        return self.coverage.reported

    @property
    def expected(self) -> int:
        return self.coverage.expected


def _too_few_others(units: frozenset[int], leader: Mapping[int, str | None],
                    min_units: int) -> bool:
    """Whether one leader leads so many of ``units`` that fewer than ``min_units`` − 1 others
    stand beside theirs: from their own figures and the figure of all of them, the others'
    follows — one unit's, where a leader of two of three units asks (found by a persona
    round in round 13: Ole's two units and HR's one in CPKS). The rule every unit's leader
    is under, with one unit of their own, applied to those with more."""
    led: dict[str, int] = defaultdict(int)
    for unit in units:
        if leader.get(unit):
            led[str(leader[unit])] += 1
    return any(0 < len(units) - count < min_units - 1 for count in led.values())


def compute_progress(
    goals: Sequence[Goal], directory: Directory, reports: Sequence[ReportView],
    *, today: dt.date, period: PeriodModel, themes: Sequence[int] = (1, 2, 3, 4),
    grouping: Grouping | None = None, min_units: int = MIN_UNITS_SHOWN,
) -> dict[str, GoalProgress]:
    """Progress for every goal on ``today`` within the strategy's ``period``."""
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
        figure = measure(goal, directory, by_goal.get(goal.id, []), themes, grouping)
        per_centre = dict(figure.per_centre)
        suppressed: set[str] = set()
        shielding: set[str] = set()
        one_leader: set[str] = set()
        withheld = False
        if goal.metric.kind in LEVEL_KINDS and goal.reported_by == "unit":
            ids_behind = figure.per_centre_units
            units_behind = {code: len(ids) for code, ids in ids_behind.items()}
            leader = {u.id: u.leader_email for u in directory.units}
            for code, units in units_behind.items():
                if 0 < units < min_units or (units and _too_few_others(
                        ids_behind[code], leader, min_units)):
                    # (also when one leader stands behind all but one of its units: from their
                    # own figures and the centre's, the other unit's follows)
                    per_centre[code] = None
                    suppressed.add(code)
                    if units >= min_units:
                        one_leader.add(code)
            shown = [code for code, value in per_centre.items() if value is not None]
            while figure.value is not None and shown:
                # the total less the centres shown is the withheld centres' figure together:
                # from fewer than ``min_units`` units (or with one leader behind all of them
                # but one) it gives them away — one withheld centre, or two of one unit each,
                # whose two leaders each worked out the other's (found in round 13): withhold
                # the next smallest centre too, until enough stand behind the rest
                rest = frozenset().union(*(ids_behind.get(code, frozenset())
                                           for code in suppressed))
                if not rest or (len(rest) >= min_units and not _too_few_others(
                        rest, leader, min_units)):
                    break
                shield = min(shown, key=lambda code: (units_behind.get(code, 0), code))
                per_centre[shield] = None
                suppressed.add(shield)
                shielding.add(shield)
                shown.remove(shield)
            behind = {code for code, units in units_behind.items() if units > 0}
            total = sum(units_behind.values())
            everyone = frozenset().union(*ids_behind.values()) if ids_behind else frozenset()
            if figure.value is not None and (total < min_units or _too_few_others(
                    everyone, leader, min_units) or (
                    behind and behind <= suppressed and total < 2 * min_units)):
                # "12,1 fra 2 af 40 enheder", both in CPKS, whose figure was withheld: the
                # total was that centre's figure; and with every centre behind it withheld and
                # few units, one leader's own figure gave the others' sum away (three units in
                # two withheld centres: COP's two from Ole's one)
                withheld = True
        result[goal.id] = GoalProgress(
            # (a withheld figure is not handed on at all: the pages, exports and digests show
            # what they show for no figure, and the progress bar would give it away)
            goal_id=goal.id, value=None if withheld else figure.value, target=goal.target,
            baseline=goal.baseline, progress=0.0 if withheld else figure.progress,
            verdict=judge(goal, figure, period, today),
            coverage=figure.coverage, details=figure.details, per_centre=per_centre,
            suppressed=frozenset(suppressed), shielding=frozenset(shielding),
            one_leader=frozenset(one_leader),
            missing=figure.missing, withheld=withheld,
        )
    return result

