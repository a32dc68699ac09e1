"""Sick leave: the FTE-weighted mean of the units' latest figures, from 14.9 to 13.5 (p. 8)."""

from __future__ import annotations

import pytest

from tests.support.progress import Board

GOAL = "sick-leave"


async def test_the_figure_is_weighted_by_fte(org: Board) -> None:
    await org.report(GOAL, "A1", {"days": 12.0, "fte": 10.0})
    await org.report(GOAL, "A2", {"days": 14.0, "fte": 30.0})
    await org.report(GOAL, "B1", {"days": 16.0, "fte": 20.0})
    progress = await org.progress(GOAL)
    # (12·10 + 14·30 + 16·20) / 60 = 860 / 60
    assert progress.value == pytest.approx(860 / 60)
    # from the baseline 14.9 towards 13.5
    assert progress.progress == pytest.approx((14.9 - 860 / 60) / (14.9 - 13.5))
    assert progress.per_centre["A"] == pytest.approx(13.5)
    assert progress.per_centre["C"] is None
    assert progress.missing == ("B2", "C1")


async def test_undo_brings_back_the_previous_figure(org: Board) -> None:
    await org.report(GOAL, "A1", {"days": 12.0, "fte": 10.0})
    wrong = await org.report(GOAL, "A1", {"days": 40.0, "fte": 10.0})
    assert (await org.progress(GOAL)).value == 40.0
    assert await org.undo(wrong) == "undone"
    assert (await org.progress(GOAL)).value == 12.0


async def test_a_unit_that_left_no_longer_weighs_in(org: Board) -> None:
    await org.report(GOAL, "A1", {"days": 12.0, "fte": 10.0})
    await org.report(GOAL, "B2", {"days": 20.0, "fte": 40.0})
    await org.leave("B2")
    assert (await org.progress(GOAL)).value == 12.0


async def test_a_figure_above_the_baseline_is_no_progress(org: Board) -> None:
    await org.report(GOAL, "A1", {"days": 16.0, "fte": 10.0})
    progress = await org.progress(GOAL)
    assert progress.progress == 0.0
