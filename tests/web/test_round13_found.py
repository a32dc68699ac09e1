"""What round 13 found in the chat (the previous round's leftovers and its persona rounds),
each through the real HTTP path (``POST /api/messages`` with a test Bot Connector)."""

from __future__ import annotations

from tests.support.service import Service, say_text

EMPLOYEE = "anna.ansat@ltk.example"


async def test_pages_in_words_the_cover_and_the_last_page(service: Service) -> None:
    """"side fem", "og side 9?", "forsiden" and "sidste side" were not read as pages: the cover
    was refused, the last page got "what is new in 2019"."""
    five = await say_text(service, EMPLOYEE, "hvad står der på side fem?")
    assert "På side 5 står:" in five, five
    assert "Pejlemærke: Udsyn" in five or "pejlemærke: Udsyn" in five, five
    nine = await say_text(service, EMPLOYEE, "og side 9?")
    assert "På side 9 står:" in nine, nine
    cover = await say_text(service, EMPLOYEE, "forsiden")
    assert "Side 1 (Forside) lyder: „Sammen løser vi fortsat KERNEOPGAVEN" in cover, cover
    last = await say_text(service, EMPLOYEE, "what's on the last page?", locale="en-US")
    assert "Page 12 (Back page) reads (in Danish)" in last, last
    assert "Lyngby Torv 17" in last, last
    # "på den anden side" is a turn of phrase, not page 2
    other = await say_text(service, EMPLOYEE, "på den anden side er kerneopgaven vigtig")
    assert "På side 2" not in other, other


async def test_a_figure_the_strategy_does_not_state_is_not_confirmed(service: Service) -> None:
    """"er målet for sygefravær 10 dage?" got the goal's entry as if it answered yes (the
    number 10 is elsewhere in the document, so it was known); it now says the strategy does
    not mention 10 there and quotes the goal's own figure."""
    said = await say_text(service, EMPLOYEE, "er målet for sygefravær 10 dage?")
    assert said.startswith("Strategien nævner ikke „10“ i den sammenhæng."), said
    assert "13,5 dagsværk" in said, said
    english = await say_text(service, EMPLOYEE, "is the sick leave target 12 days?",
                             locale="en-US")
    assert english.startswith("The strategy does not mention “12”"), english
    assert "13,5" in english, english
    # the goal's own figure, and a count written in words in the answer, are confirmed
    right = await say_text(service, EMPLOYEE, "er målet 13,5 dagsværk?")
    assert "nævner ikke" not in right, right
    assert "13,5 dagsværk" in right, right
    bearings = await say_text(service, EMPLOYEE, "hvad er de 5 pejlemærker")
    assert "nævner ikke" not in bearings, bearings
    assert "Udsyn" in bearings, bearings


async def test_lead_ins_counts_of_the_strategy_and_goals_reached(service: Service) -> None:
    """"nej jeg mente tema 4" was refused; "hvor mange temaer er der?" got the live figures of
    the goal of an initiative under every theme; "hvor mange mål har vi nået?" was asked
    back; "hvad er sygefraværet i COP lige nu?" got the strategy's baseline."""
    await say_text(service, EMPLOYEE, "hvad er tema 2?")
    meant = await say_text(service, EMPLOYEE, "nej jeg mente tema 4")
    assert "Tema 4: Vi udforsker mulighederne i digitalisering" in meant, meant
    themes = await say_text(service, EMPLOYEE, "hvor mange temaer er der?")
    assert "Tema 3: Vi er en attraktiv arbejdsplads" in themes, themes
    assert "Fremdrift" not in themes, themes
    reached = await say_text(service, EMPLOYEE, "hvor mange mål har vi nået?")
    assert reached.startswith("Fremdrift på de fælles mål"), reached
    centre = await say_text(service, EMPLOYEE, "hvad er sygefraværet i COP lige nu?")
    assert centre.startswith("Fremdrift i Center for Økonomi og Personale"), centre
