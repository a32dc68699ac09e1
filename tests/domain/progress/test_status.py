"""The status rules (src/strategibot/domain/progress/status.py, README "Progress: what a status
claims"): one test per row of the table, on hand-made figures, and per goal on the small
organisation with the clock inside and after the strategy's period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from strategibot.domain.knowledge.schema import GoalModel, PeriodModel
from strategibot.domain.progress.metrics import Coverage, Figure
from strategibot.domain.progress.status import Phase, Status, judge, phase
from strategibot.services.content import Content
from tests.support.progress import board

PERIOD = PeriodModel(start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31),
                     reporting_closes=dt.date(2020, 1, 31))
MIDYEAR = dt.date(2019, 7, 2)  # half the period elapsed
AFTER = dt.date(2026, 12, 6)


def goal(content: Content, goal_id: str) -> GoalModel:
    return content.kb.goal(goal_id)


def figure(value: float | None, progress: float, reported: int, expected: int = 40,
           fte: tuple[float, float] | None = None) -> Figure:
    coverage = Coverage("units", reported, expected, *(fte or (None, None)))
    return Figure(value, progress, coverage)


def test_the_period_phases() -> None:
    assert phase(PERIOD, dt.date(2018, 12, 31)) is Phase.BEFORE
    assert phase(PERIOD, dt.date(2019, 12, 31)) is Phase.RUNNING
    assert phase(PERIOD, dt.date(2020, 1, 31)) is Phase.CLOSING
    assert phase(PERIOD, dt.date(2020, 2, 1)) is Phase.ENDED


def test_no_report_is_no_data(content: Content) -> None:
    for day in (MIDYEAR, AFTER):
        verdict = judge(goal(content, "sick-leave"), figure(None, 0, 0), PERIOD, day)
        assert verdict.status is Status.NO_DATA


def test_one_unit_of_forty_is_too_few_for_an_organisation_goal(content: Content) -> None:
    """The issue's case: 12,8 from one unit (2.9 % of the FTE) was "Nået"."""
    sick = goal(content, "sick-leave")
    one = figure(12.8, 1.0, 1, fte=(30.0, 1030.0))
    assert judge(sick, one, PERIOD, MIDYEAR).status is Status.TOO_FEW
    after = judge(sick, one, PERIOD, AFTER)
    assert (after.status, after.final) == (Status.TOO_FEW, True)


def test_coverage_of_a_weighted_figure_is_by_fte(content: Content) -> None:
    sick = goal(content, "sick-leave")
    # 30 of 40 units but only 50 % of the FTE: still too few
    assert judge(sick, figure(12.8, 1.0, 30, fte=(500.0, 1000.0)), PERIOD,
                 MIDYEAR).status is Status.TOO_FEW
    # 10 units carrying 61 % of the FTE: enough
    assert judge(sick, figure(12.8, 1.0, 10, fte=(610.0, 1000.0)), PERIOD,
                 MIDYEAR).status is Status.ON_TRACK


def test_a_count_goal_is_achieved_when_reached_whatever_the_coverage(
        content: Content) -> None:
    rc = goal(content, "relational-coordination")  # at least 30 units
    reached = figure(30.0, 1.0, 30, expected=100)  # 30 % of the units reported
    assert judge(rc, reached, PERIOD, MIDYEAR).status is Status.ACHIEVED
    assert judge(rc, reached, PERIOD, AFTER).status is Status.ACHIEVED
    forms = goal(content, "citizen-involvement")
    assert judge(forms, figure(3.0, 1.0, 2), PERIOD, MIDYEAR).status is Status.ACHIEVED


def test_a_count_goal_not_reached_is_judged_by_its_pace_and_missed_after(
        content: Content) -> None:
    """What is reported is the evidence of a count: 5 units done by midyear is behind, and
    short of 30 at the end is missed, however few units reported."""
    rc = goal(content, "relational-coordination")
    assert judge(rc, figure(5.0, 5 / 30, 5), PERIOD, MIDYEAR).status is Status.BEHIND
    final = judge(rc, figure(5.0, 5 / 30, 5), PERIOD, AFTER)
    assert (final.status, final.final) == (Status.MISSED, True)


@pytest.mark.parametrize(("progress", "status"), [
    (0.46, Status.ON_TRACK),  # ≥ 90 % of the half year elapsed
    (0.30, Status.AT_RISK),   # ≥ 60 %
    (0.29, Status.BEHIND),
])
def test_pace_against_the_time_elapsed(content: Content, progress: float,
                                       status: Status) -> None:
    rc = goal(content, "relational-coordination")
    assert judge(rc, figure(30 * progress, progress, 36), PERIOD, MIDYEAR).status is status


def test_a_level_goal_is_on_track_not_achieved_while_the_period_runs(
        content: Content) -> None:
    sick = goal(content, "sick-leave")
    met = figure(13.0, 1.0, 36, fte=(900.0, 1000.0))
    assert judge(sick, met, PERIOD, MIDYEAR).status is Status.ON_TRACK
    result = judge(sick, met, PERIOD, AFTER)
    assert (result.status, result.final) == (Status.ACHIEVED, True)


def test_after_the_period_the_result_is_achieved_or_missed(content: Content) -> None:
    sick = goal(content, "sick-leave")
    high = figure(14.2, 0.5, 34, fte=(900.0, 1000.0))
    final = judge(sick, high, PERIOD, AFTER)
    assert (final.status, final.final, final.result) == (Status.MISSED, True, True)
    provisional = judge(sick, high, PERIOD, dt.date(2020, 1, 15))
    assert (provisional.status, provisional.final, provisional.result) == (
        Status.MISSED, False, True)


def test_all_centres_goals_need_all_centres(content: Content) -> None:
    needs = goal(content, "competence-needs")  # "alle centre": target 10 of 10
    coverage = Coverage("centres", 10, 10)
    assert judge(needs, Figure(10.0, 1.0, coverage), PERIOD, MIDYEAR).status is Status.ACHIEVED
    assert judge(needs, Figure(5.0, 0.5, Coverage("centres", 5, 10)), PERIOD,
                 MIDYEAR).status is Status.TOO_FEW
    assert judge(needs, Figure(8.0, 0.8, Coverage("centres", 9, 10)), PERIOD,
                 AFTER).status is Status.MISSED


# ------------------------------------------------------------------ per goal, end to end

async def test_sick_leave_from_one_unit_inside_and_after_the_period(
        tmp_path: Path, content: Content) -> None:
    async with board(tmp_path / "in", content, today=MIDYEAR) as org:
        await org.report("sick-leave", "A1", {"days": 12.8})
        assert await org.status("sick-leave") == "too-few"  # 10 of 150 FTE
        await org.report("sick-leave", "C1", {"days": 13.0})
        await org.report("sick-leave", "B2", {"days": 13.4})
        assert await org.status("sick-leave") == "on-track"  # 100 of 150 FTE, below 13.5
    async with board(tmp_path / "after", content) as org:  # the real date: long after
        await org.report("sick-leave", "A1", {"days": 12.8})
        assert await org.status("sick-leave") == "too-few"
        for code, days in (("C1", 14.0), ("B2", 14.2)):
            await org.report("sick-leave", code, {"days": days})
        progress = await org.progress("sick-leave")
        assert (str(progress.status), progress.verdict.final) == ("missed", True)


async def test_recruitment_from_two_units_is_too_few(tmp_path: Path, content: Content) -> None:
    async with board(tmp_path, content, today=MIDYEAR) as org:
        await org.report("recruitment-toolbox", "A1", {"recruited": True, "used_toolbox": True})
        await org.report("recruitment-toolbox", "B1", {"recruited": True, "used_toolbox": True})
        assert await org.status("recruitment-toolbox") == "too-few"  # 2 of 5 units
        await org.report("recruitment-toolbox", "C1", {"recruited": False})
        assert await org.status("recruitment-toolbox") == "on-track"  # 100 %, 3 of 5


async def test_the_forms_goal_is_achieved_by_three_forms_from_two_units(
        tmp_path: Path, content: Content) -> None:
    async with board(tmp_path, content, today=MIDYEAR) as org:
        for code, name in (("A1", "Borgerpanel"), ("A1", "Fremtidsværksted"),
                           ("B1", "Walk and talk")):
            await org.report("citizen-involvement", code,
                             {"form": name, "tried": True, "evaluated": True})
        assert await org.status("citizen-involvement") == "achieved"
