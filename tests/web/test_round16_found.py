"""What round 16 found, each through the real HTTP path (``POST /api/messages`` with a test Bot
Connector)."""

from __future__ import annotations

from tests.support.service import OLE, Service, say_text


def _standing(history: str) -> list[str]:
    return [line for line in history.splitlines() if "erstattet" not in line]


async def test_a_correction_right_after_a_restart_moves_the_line(service: Service) -> None:
    """"nej vent, det var kommunikation" as the first message after a restart was asked back
    ("Mente du …?"): what had just been saved was kept in memory only."""
    said = await say_text(service, OLE, "sygefravær 12,0 S&A")
    assert "Gemt for Strategi og Analyse: Sygefravær: 12" in said
    await service.restart()
    said = await say_text(service, OLE, "nej vent, det var kommunikation")
    assert "Gemt for Kommunikation: Sygefravær: 12" in said
    history = _standing(await say_text(service, OLE, "mine indrapporteringer"))
    assert any("Kommunikation – Sygefravær: 12 " in line for line in history), history
    assert not any("Strategi og Analyse – Sygefravær: 12 " in line for line in history)


async def test_after_a_restart_and_an_undo_nothing_is_read_back(service: Service) -> None:
    await say_text(service, OLE, "sygefravær 12,0 S&A")
    assert "Fortrudt" in await say_text(service, OLE, "fortryd")
    await service.restart()
    said = await say_text(service, OLE, "nej vent, det var kommunikation")
    assert "Gemt for Kommunikation" not in said


async def test_two_units_figures_without_a_separator(service: Service) -> None:
    """"sygefravær S&A 13,2 kom. 10,5" was "skriv ét tal"."""
    said = await say_text(service, OLE, "sygefravær S&A 13,2 kom. 10,5")
    assert "Gemt for Strategi og Analyse: Sygefravær: 13,2" in said
    assert "Gemt for Kommunikation: Sygefravær: 10,5" in said


async def test_another_figure_against_the_target(service: Service) -> None:
    """"og 14,1?" after "Er 13,2 under målet?" got the list of goals."""
    said = await say_text(service, "anne@ltk.example", "Er 13,2 under målet?")
    assert "13,2 dagsværk pr. årsværk ligger under målet på 13,5" in said
    said = await say_text(service, "anne@ltk.example", "og 14,1?")
    assert "14,1 dagsværk pr. årsværk ligger over målet på 13,5" in said
    said = await say_text(service, "anne@ltk.example", "hvad med 12")
    assert "12 dagsværk pr. årsværk ligger under målet" in said


async def test_a_figure_after_a_goal_without_one(service: Service) -> None:
    """After "isnt the RK goal 20 units?", "Er 13,2 under målet?" said the strategy does not
    mention „13.2“ (the goal just shown, RK's, has no figure to hold it against)."""
    said = await say_text(service, "anne@ltk.example", "isnt the RK goal 20 units?")
    assert "does not mention “20”" in said
    assert "at least 30" in said
    said = await say_text(service, "anne@ltk.example", "Er 13,2 under målet?")
    assert "13,2 dagsværk pr. årsværk ligger under målet på 13,5" in said


async def test_a_merge_into_a_split_form_joins_it(service: Service) -> None:
    """"saml panel med borgere og borgerpanel" after "adskil panel med borgere" said
    "Samlet", and nothing was merged: the two stayed apart, and progress counted the same
    form twice."""
    admin = "admin@ltk.example"
    await say_text(service, "susanne.moeller@ltk.example", "borgerpanel afprøvet og evalueret")
    await say_text(service, OLE, "panel med borgere afprøvet og evalueret @CPKS-01")
    assert "panel med borgere" in await say_text(service, admin, "former")
    assert "tæller nu som sin egen form" in await say_text(service, admin,
                                                          "adskil panel med borgere")
    forms = await say_text(service, admin, "former")
    assert not any("borgerpanel" in line and "panel med borgere" in line
                   for line in forms.splitlines()), forms
    assert "Samlet" in await say_text(service, admin, "saml panel med borgere og borgerpanel")
    forms = await say_text(service, admin, "former")
    assert any("borgerpanel" in line and "panel med borgere" in line
               for line in forms.splitlines()), forms


async def test_a_correction_after_an_fte_proposal_leaves_the_report(service: Service) -> None:
    """"nej vent 17 var det" right after "fte 16 for kom" changed the sick leave just
    reported (13,1) to 17."""
    await say_text(service, OLE, "sygefravær 13,1 @CPKS-02")
    await say_text(service, OLE, "fte 16 for kom")
    said = await say_text(service, OLE, "nej vent 17 var det")
    assert "Sygefravær: 17" not in said
    history = _standing(await say_text(service, OLE, "mine indrapporteringer"))
    assert any("Kommunikation – Sygefravær: 13,1" in line for line in history), history
