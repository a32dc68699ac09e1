"""Digitalisation: centres whose 2019 annual agreement has a goal of the digitalisation
strategy, of 10 (p. 10)."""

from __future__ import annotations

from tests.support.progress import Board

GOAL = "digital-goals"


async def test_centres_with_a_goal(org: Board) -> None:
    await org.report(GOAL, "A", {"has_goal": True, "which": "Selvbetjening"})
    await org.report(GOAL, "B", {"has_goal": False})
    progress = await org.progress(GOAL)
    assert (progress.value, progress.reported, progress.expected) == (1, 2, 3)
    assert progress.per_centre == {"A": 1.0, "B": 0.0, "C": 0.0}


async def test_undo_gives_the_previous_answer(org: Board) -> None:
    await org.report(GOAL, "A", {"has_goal": False})
    yes = await org.report(GOAL, "A", {"has_goal": True})
    assert await org.undo(yes) == "undone"
    progress = await org.progress(GOAL)
    assert (progress.value, progress.reported) == (0, 1)
