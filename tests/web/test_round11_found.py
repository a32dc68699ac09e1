"""What round 11's persona rounds found in the chat, each through the real HTTP path
(``POST /api/messages`` with a test Bot Connector)."""

from __future__ import annotations

from tests.support.service import OLE, Service, say_text

EMPLOYEE = "anna.ansat@ltk.example"


async def test_a_figure_against_the_target(service: Service) -> None:
    """"sygefravær 13,1 @cpks-01 – er det under målet?" saved 13,1, then listed every goal;
    "når vi målet?" right after got the shared goals again."""
    said = await say_text(service, OLE, "sygefravær 13,1 @cpks-01 – er det under målet?")
    assert "Gemt for Strategi og Analyse: Sygefravær: 13,1" in said, said
    assert "Strategi og Analyse: 13,1 dagsværk pr. årsværk ligger under målet på 13,5 – " \
        "bedre end målet." in said, said
    assert "De fælles mål for 2019" not in said
    again = await say_text(service, OLE, "når vi målet?")
    assert "ligger under målet på 13,5" in again, again
    # another unit's figure above the target, asked in English
    await say_text(service, OLE, "sygefravær 14,2 @cpks-02")
    above = await say_text(service, OLE, "is that below the target?")
    assert "Kommunikation: 14.2 days per FTE is above the target of 13.5 – the target is not " \
        "reached here yet." in above, above
    # a correction is what is compared after it
    await say_text(service, OLE, "nej vent, det var 13,5")
    on = await say_text(service, OLE, "er det under målet")
    assert "13,5 dagsværk pr. årsværk ligger lige på målet på 13,5." in on, on


async def test_against_the_target_needs_a_figure_just_saved(service: Service) -> None:
    """With no figure saved, "er vi under målet?" is a question of the live figures, and
    "hvad er målet?" still the goal's."""
    said = await say_text(service, EMPLOYEE, "er vi under målet for sygefravær?")
    assert "ligger under målet" not in said and "ligger over målet" not in said, said
    assert "13,5" in said


async def test_counting_what_no_goal_counts(service: Service) -> None:
    """"hvor mange årsværk har vi" showed every goal's live figures; "hvor mange sider er
    strategien?" asked "Mente du …?" (the bot's own overview says 12 pages)."""
    fte = await say_text(service, OLE, "hvor mange årsværk har vi")
    assert "Fremdrift på de fælles mål" not in fte and "FREMDRIFT" not in fte, fte
    assert fte.startswith("Strategien nævner ikke et tal for det."), fte
    pages = await say_text(service, EMPLOYEE, "hvor mange sider er strategien?")
    assert "12 sider" in pages, pages
    # what the goals do count is still the live figures
    done = await say_text(service, OLE, "hvor mange er færdige")
    assert "Fremdrift" in done or "FREMDRIFT" in done, done
