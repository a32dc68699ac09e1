"""Recruitment: the share of the units that recruited that used the toolbox (p. 9)."""

from __future__ import annotations

from tests.support.progress import Board

GOAL = "recruitment-toolbox"


async def test_units_that_did_not_recruit_are_not_in_the_share(org: Board) -> None:
    await org.report(GOAL, "A1", {"recruited": True, "used_toolbox": True})
    await org.report(GOAL, "A2", {"recruited": True, "used_toolbox": False})
    await org.report(GOAL, "B1", {"recruited": False})
    await org.report(GOAL, "B2", {"recruited": True, "used_toolbox": True})
    progress = await org.progress(GOAL)
    assert progress.value == 200 / 3  # 2 of the 3 that recruited
    assert progress.details == {"recruited": 3, "used_toolbox": 2}
    assert progress.per_centre["A"] == 50.0
    assert progress.per_centre["C"] is None


async def test_no_figure_until_someone_recruited(org: Board) -> None:
    await org.report(GOAL, "A1", {"recruited": False})
    progress = await org.progress(GOAL)
    assert progress.value is None
    assert progress.reported == 1


async def test_undo_and_leaving(org: Board) -> None:
    await org.report(GOAL, "A1", {"recruited": True, "used_toolbox": True})
    miss = await org.report(GOAL, "B2", {"recruited": True, "used_toolbox": False})
    assert (await org.progress(GOAL)).value == 50.0
    assert await org.undo(miss) == "undone"
    assert (await org.progress(GOAL)).value == 100.0
    await org.report(GOAL, "B2", {"recruited": True, "used_toolbox": False})
    await org.leave("B2")
    assert (await org.progress(GOAL)).value == 100.0
