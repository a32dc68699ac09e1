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


async def test_a_unit_reports_several_forms_each_on_its_own(org: Board) -> None:
    """A second form no longer replaces the first; naming a form again changes it."""
    await org.report(GOAL, "A1", form("Borgerpanel", evaluated=False))
    await org.report(GOAL, "A1", form("Fremtidsværksted"))
    await org.report(GOAL, "A1", form("Walk and talk"))
    assert (await org.progress(GOAL)).value == 2
    await org.report(GOAL, "A1", form("borgerpanel"))  # the same form, now evaluated
    progress = await org.progress(GOAL)
    assert progress.value == 3
    assert progress.details["units"] == {"borgerpanel": 1, "Fremtidsværksted": 1,
                                         "Walk and talk": 1}


async def test_which_names_are_one_form(org: Board) -> None:
    """The documented rule: "panel med borgere" is "Borgerpanel"; "brugerpanel" is not."""
    await org.report(GOAL, "A1", form("Borgerpanel"))
    await org.report(GOAL, "B1", form("panel med borgere"))
    await org.report(GOAL, "B2", form("brugerpanel"))
    await org.report(GOAL, "C1", form("Borger-paneler"))
    progress = await org.progress(GOAL)
    assert progress.details["evaluated"] == ["Borgerpanel", "brugerpanel"]
    groups = {group.name: (group.names, units)
              for group, units in await org.checkins.form_groups()}
    assert groups["Borgerpanel"] == (("Borgerpanel", "panel med borgere", "Borger-paneler"), 3)


async def test_a_form_written_without_its_danish_letters_is_the_same_form(org: Board) -> None:
    """"fremtidsvaerksted" was a second form beside "Fremtidsværksted" (the goal read "Nået"
    on the duplicate): a stem folded after stemming, and the other before."""
    await org.report(GOAL, "A1", form("Fremtidsværksted"))
    await org.report(GOAL, "B1", form("fremtidsvaerksted"))
    await org.report(GOAL, "C1", form("borgermode"))
    await org.report(GOAL, "A2", form("Borgermøde"))
    progress = await org.progress(GOAL)
    assert progress.value == 2
    assert progress.details["evaluated"] == ["Fremtidsværksted", "Borgermøde"]


async def test_an_admin_merges_and_splits_forms(org: Board) -> None:
    await org.report(GOAL, "A1", form("Borgerpanel"))
    await org.report(GOAL, "B2", form("brugerpanel"))
    await org.report(GOAL, "C1", form("panel med borgere"))
    assert (await org.progress(GOAL)).value == 2
    assert await org.checkins.regroup(await org.admin(), "brugerpanel", "Borgerpanel")
    assert (await org.progress(GOAL)).value == 1
    assert await org.checkins.regroup(await org.admin(), "panel med borgere", None)
    assert (await org.progress(GOAL)).details["evaluated"] == ["Borgerpanel",
                                                               "panel med borgere"]


async def test_removing_a_form(org: Board) -> None:
    from strategibot.domain.progress.forms import form_key
    from strategibot.services.checkins import REMOVED

    await org.report(GOAL, "A1", form("Borgerpanel"))
    await org.report(GOAL, "A1", form("Fremtidsværksted"))
    removal = await org.report(GOAL, "A1", {REMOVED: form_key("Borgerpanel")})
    progress = await org.progress(GOAL)
    assert (progress.value, progress.reported) == (1, 1)
    assert await org.undo(removal) == "undone"
    assert (await org.progress(GOAL)).value == 2
