"""The status of a goal: a claim, made only where the data supports it. The rules, in one
place (README, "Progress: what a status claims"):

====================================  ================================  =========================
situation                             while the period runs             after it (final)
====================================  ================================  =========================
no report at all                      no figures yet                    no figures yet
a count goal's count reached          achieved                          achieved
a count goal not reached              on track / at risk / behind       missed
coverage below the goal's minimum     too few reports                   too few reports
a level goal (sick leave, share)      on track / at risk / behind       achieved or missed
other goals                           achieved when the target is met,  achieved or missed
                                      else on track / at risk / behind
====================================  ================================  =========================

*Coverage* is the share of the units (centres; for an FTE-weighted figure, of the registered
FTE) that reported; the minimum is the goal's ``min_coverage`` (default 60 %). A *count* goal
(``scope: count``: "at least 30 units", "at least 3 forms") is achieved as soon as the count is
reached, whatever the coverage — the reports prove it (forms "across the organisation" only
when units of at least the metric's ``across`` centres tried and evaluated them); until then
it is judged by its pace, and missed if the period ends short of it (what is not reported has
not been shown to be done).
The coverage minimum applies to the goals about the whole organisation (``scope:
organisation``). A *level* goal (``weighted-mean``,
``share``) is about the level at the period's end, so while the period runs it can be on track
but not yet achieved. *On track* means progress ≥ 90 % of the period elapsed, *at risk* ≥ 60 %,
else *behind*. After the period's end the status is the result; it is *final* once reporting has
closed (before that, provisional).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from strategibot.domain.knowledge.schema import GoalModel, PeriodModel
from strategibot.domain.progress.metrics import Figure

__all__ = [
    "AT_RISK_PACE",
    "LEVEL_KINDS",
    "ON_TRACK_PACE",
    "Phase",
    "Status",
    "Verdict",
    "judge",
    "phase",
]

LEVEL_KINDS = frozenset({"weighted-mean", "share"})
"""Metrics whose figure is a level that may go up and down; judged at the period's end."""
ON_TRACK_PACE = 0.9
AT_RISK_PACE = 0.6


class Status(enum.StrEnum):
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    BEHIND = "behind"
    ACHIEVED = "achieved"
    MISSED = "missed"
    TOO_FEW = "too-few"
    NO_DATA = "no-data"


class Phase(enum.StrEnum):
    """Where ``today`` is in the strategy's period."""

    BEFORE = "before"
    RUNNING = "running"
    CLOSING = "closing"
    """the period has ended; reporting for it is still open"""
    ENDED = "ended"
    """reporting has closed: the figures are final"""


def phase(period: PeriodModel, today: dt.date) -> Phase:
    if today < period.start:
        return Phase.BEFORE
    if today <= period.end:
        return Phase.RUNNING
    if today <= period.closes:
        return Phase.CLOSING
    return Phase.ENDED


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status
    phase: Phase

    @property
    def final(self) -> bool:
        """The result after reporting closed."""
        return self.phase is Phase.ENDED

    @property
    def result(self) -> bool:
        """A status that is the period's result (final or provisional)."""
        return self.phase in (Phase.CLOSING, Phase.ENDED)


def _met(goal: GoalModel, value: float) -> bool:
    return value <= goal.target if goal.direction == "decrease" else value >= goal.target


def _pace(progress: float, elapsed: float) -> Status:
    if progress >= ON_TRACK_PACE * elapsed:
        return Status.ON_TRACK
    if progress >= AT_RISK_PACE * elapsed:
        return Status.AT_RISK
    return Status.BEHIND


def judge(goal: GoalModel, figure: Figure, period: PeriodModel, today: dt.date) -> Verdict:
    """The status of ``goal`` with ``figure`` on ``today`` (the table above)."""
    now = phase(period, today)
    if figure.coverage.reported == 0 or figure.value is None:
        return Verdict(Status.NO_DATA, now)
    level = goal.metric.kind in LEVEL_KINDS
    # (forms from fewer centres than the goal's "across" are not across the organisation)
    met = _met(goal, figure.value) and figure.details.get("centres_behind", 1) >= \
        figure.details.get("across", 1)
    if goal.scope == "count" and met:
        return Verdict(Status.ACHIEVED, now)
    if goal.scope == "organisation" and figure.coverage.share < goal.min_coverage:
        return Verdict(Status.TOO_FEW, now)
    if now in (Phase.CLOSING, Phase.ENDED):
        return Verdict(Status.ACHIEVED if met else Status.MISSED, now)
    if met and not level:
        return Verdict(Status.ACHIEVED, now)
    if met:
        return Verdict(Status.ON_TRACK, now)
    return Verdict(_pace(figure.progress, period.elapsed(today)), now)
