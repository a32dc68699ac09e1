"""Relational coordination: units done, of 30 (p. 7)."""

from __future__ import annotations

from tests.support.progress import Board

GOAL = "relational-coordination"


async def test_units_done_count_and_units_in_progress_are_shown(org: Board) -> None:
    await org.report(GOAL, "A1", {"status": "done"})
    await org.report(GOAL, "A2", {"status": "in-progress"})
    await org.report(GOAL, "B1", {"status": "done"})
    await org.report(GOAL, "B2", {"status": "planned"})
    progress = await org.progress(GOAL)
    assert progress.value == 2
    assert progress.details == {"done": 2, "in_progress": 1}
    assert progress.progress == 2 / 30
    assert (progress.reported, progress.expected) == (4, 5)
    assert progress.missing == ("C1",)  # units, never persons
    assert progress.per_centre == {"A": 1.0, "B": 1.0, "C": 0.0}


async def test_an_undone_report_gives_the_unit_its_previous_status(org: Board) -> None:
    await org.report(GOAL, "A1", {"status": "in-progress"})
    done = await org.report(GOAL, "A1", {"status": "done"})
    assert (await org.progress(GOAL)).value == 1
    assert await org.undo(done) == "undone"
    progress = await org.progress(GOAL)
    assert progress.value == 0
    assert progress.details["in_progress"] == 1


async def test_a_unit_that_left_the_organisation_no_longer_counts(org: Board) -> None:
    await org.report(GOAL, "A1", {"status": "done"})
    await org.report(GOAL, "B2", {"status": "done"})
    await org.leave("B2")
    progress = await org.progress(GOAL)
    assert (progress.value, progress.reported, progress.expected) == (1, 1, 4)
