"""Citizen and user involvement: distinct forms tried and evaluated, of 3 (p. 7)."""

from __future__ import annotations

from tests.support.progress import Board

GOAL = "citizen-involvement"


def form(name: str, *, tried: bool = True, evaluated: bool = True) -> dict[str, object]:
    return {"form": name, "tried": tried, "evaluated": evaluated}


async def test_the_same_form_named_differently_by_two_units_counts_once(org: Board) -> None:
    await org.report(GOAL, "A1", form("Borgerpanel"))
    await org.report(GOAL, "B1", form("borger-panel"))
    await org.report(GOAL, "C1", form("Dialogmøder med brugerne"))
    await org.report(GOAL, "B2", form("Walk and talk", evaluated=False))
    progress = await org.progress(GOAL)
    assert progress.value == 2
    assert progress.details["evaluated"] == ["Borgerpanel", "Dialogmøder med brugerne"]
    assert len(progress.details["tried"]) == 3
    assert progress.missing == ("A2",)


async def test_a_form_tried_but_not_evaluated_does_not_count(org: Board) -> None:
    await org.report(GOAL, "A1", form("Borgerpanel", evaluated=False))
    assert (await org.progress(GOAL)).value == 0
    await org.report(GOAL, "A1", form("Borgerpanel"))
    assert (await org.progress(GOAL)).value == 1


async def test_undo_and_a_unit_leaving(org: Board) -> None:
    await org.report(GOAL, "A1", form("Borgerpanel"))
    second = await org.report(GOAL, "B2", form("Fremtidsværksted"))
    assert (await org.progress(GOAL)).value == 2
    assert await org.undo(second) == "undone"
    assert (await org.progress(GOAL)).value == 1
    await org.leave("A1")
    assert (await org.progress(GOAL)).value == 0
