"""Competence needs: centres that have set theirs with CPKS's material, of 10 (p. 9)."""

from __future__ import annotations

from tests.support.progress import Board

GOAL = "competence-needs"


async def test_centres_done(org: Board) -> None:
    await org.report(GOAL, "A", {"status": "done"})
    await org.report(GOAL, "B", {"status": "not-yet"})
    progress = await org.progress(GOAL)
    assert (progress.value, progress.reported, progress.expected) == (1, 2, 3)
    assert progress.missing == ("C",)  # centres report this goal, not units


async def test_undo(org: Board) -> None:
    done = await org.report(GOAL, "A", {"status": "done"})
    assert await org.undo(done) == "undone"
    progress = await org.progress(GOAL)
    assert (progress.value, progress.reported) == (0, 0)


async def test_a_centre_whose_units_all_left_is_no_longer_counted(org: Board) -> None:
    await org.report(GOAL, "C", {"status": "done"})
    await org.leave("C1")
    progress = await org.progress(GOAL)
    assert (progress.value, progress.expected) == (0, 2)
