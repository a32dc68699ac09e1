"""Theme coverage: each centre has at least one initiative under each theme (pp. 7–10)."""

from __future__ import annotations

from tests.support.progress import Board

GOAL = "theme-coverage"


async def test_filled_cells_of_the_centres_by_themes_matrix(org: Board) -> None:
    await org.report(GOAL, "A", {"initiative": "RK i alle afdelinger"}, theme=1)
    await org.report(GOAL, "A", {"initiative": "Trivselsmåling"}, theme=2)
    await org.report(GOAL, "B", {"initiative": "Onboarding"}, theme=3)
    progress = await org.progress(GOAL)
    assert (progress.value, progress.details["cells"]) == (3, 12)  # 3 centres × 4 themes
    assert (progress.reported, progress.expected) == (2, 3)  # centres
    assert progress.details["matrix"]["A"] == {1: True, 2: True, 3: None, 4: None}
    assert progress.missing == ("C",)


async def test_no_initiative_fills_no_cell(org: Board) -> None:
    """"ingen" is stored as no initiative: the centre has reported, the cell stays empty."""
    await org.report(GOAL, "A", {"initiative": None}, theme=4)
    progress = await org.progress(GOAL)
    assert progress.value == 0
    assert progress.reported == 1
    assert progress.details["matrix"]["A"][4] is False


async def test_undo_empties_a_cell_again(org: Board) -> None:
    filled = await org.report(GOAL, "B", {"initiative": "Data i driften"}, theme=4)
    assert (await org.progress(GOAL)).value == 1
    assert await org.undo(filled) == "undone"
    assert (await org.progress(GOAL)).value == 0
