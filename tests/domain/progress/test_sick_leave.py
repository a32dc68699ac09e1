"""Sick leave: the FTE-weighted mean of the units' latest figures, from 14.9 to 13.5 (p. 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from strategibot.services.content import Content
from tests.support.progress import Board, board

GOAL = "sick-leave"


async def test_the_figure_is_weighted_by_the_registered_fte(org: Board) -> None:
    await org.report(GOAL, "A1", {"days": 12.0})
    await org.report(GOAL, "A2", {"days": 14.0})
    await org.report(GOAL, "B1", {"days": 16.0})
    progress = await org.progress(GOAL)
    # registered FTE A1 10, A2 30, B1 20: (12·10 + 14·30 + 16·20) / 60 = 860 / 60
    assert progress.value == pytest.approx(860 / 60)
    # from the baseline 14.9 towards 13.5
    assert progress.progress == pytest.approx((14.9 - 860 / 60) / (14.9 - 13.5))
    assert progress.per_centre["A"] == pytest.approx(13.5)
    assert progress.per_centre["C"] is None
    assert progress.missing == ("B2", "C1")
    assert (progress.coverage.reported, progress.coverage.expected) == (3, 5)
    assert progress.coverage.share == pytest.approx(60 / 150)  # 60 of the 150 FTE


async def test_a_typed_fte_weighs_nothing(org: Board) -> None:
    """A leader typing an FTE in a check-in cannot move the figure: only the registered
    FTE weighs (an old report that carries one is read the same way)."""
    await org.report(GOAL, "A1", {"days": 10.0})
    await org.report(GOAL, "A2", {"days": 20.0, "fte": 100000.0})
    assert (await org.progress(GOAL)).value == pytest.approx((10 * 10 + 20 * 30) / 40)


async def test_a_centre_figure_needs_three_units_behind_it(tmp_path: Path,
                                                           content: Content) -> None:
    async with board(tmp_path, content, min_units=3) as org:
        await org.report(GOAL, "A1", {"days": 12.0})
        await org.report(GOAL, "A2", {"days": 14.0})
        await org.report(GOAL, "C1", {"days": 11.0})
        progress = await org.progress(GOAL)
        assert progress.per_centre == {"A": None, "B": None, "C": None}
        assert progress.suppressed == {"A", "C"}
        # (every centre behind the total withheld, and three units: C's leader knows C1 and
        # would work out A's two from the total — withheld too since round 12)
        assert progress.withheld
        assert progress.value is None


async def test_one_withheld_centre_is_never_given_away_by_the_others(
        tmp_path: Path, content: Content) -> None:
    """With the total and every other centre shown, one withheld figure could be worked
    out: the next smallest is withheld too (complementary suppression)."""
    async with board(tmp_path, content, min_units=2) as org:
        await org.report(GOAL, "A1", {"days": 12.0})
        await org.report(GOAL, "A2", {"days": 14.0})
        await org.report(GOAL, "B1", {"days": 15.0})
        await org.report(GOAL, "B2", {"days": 13.0})
        await org.report(GOAL, "C1", {"days": 11.0})  # C: one unit, withheld
        progress = await org.progress(GOAL)
        assert progress.suppressed == {"A", "C"}  # A (2 units, smallest by name) shields C
        assert progress.shielding == {"A"}
        assert progress.per_centre["B"] == pytest.approx((15 * 20 + 13 * 40) / 60)
        assert progress.per_centre["A"] is None
        assert progress.per_centre["C"] is None
        assert progress.value is not None


async def test_undo_brings_back_the_previous_figure(org: Board) -> None:
    await org.report(GOAL, "A1", {"days": 12.0})
    wrong = await org.report(GOAL, "A1", {"days": 40.0})
    assert (await org.progress(GOAL)).value == 40.0
    assert await org.undo(wrong) == "undone"
    assert (await org.progress(GOAL)).value == 12.0


async def test_a_unit_that_left_no_longer_weighs_in(org: Board) -> None:
    await org.report(GOAL, "A1", {"days": 12.0})
    await org.report(GOAL, "B2", {"days": 20.0})
    await org.leave("B2")
    assert (await org.progress(GOAL)).value == 12.0


async def test_a_figure_above_the_baseline_is_no_progress(org: Board) -> None:
    await org.report(GOAL, "A1", {"days": 16.0})
    progress = await org.progress(GOAL)
    assert progress.progress == 0.0
