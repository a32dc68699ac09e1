"""What round 10's persona round found in the chat, each through the real HTTP path
(``POST /api/messages`` with a test Bot Connector)."""

from __future__ import annotations

from tests.support.service import Service, say_text
from tests.support.slack_chat import slack_dm

EMPLOYEE = "anna.ansat@ltk.example"


async def test_how_one_does_something_is_no_figure(service: Service) -> None:
    """"Hvordan evaluerer man en form for borgerinddragelse?" showed the goal's live figures
    ("Ingen indrapporteringer endnu"); the strategy does not describe it."""
    said = await say_text(service, EMPLOYEE,
                          "Hvordan evaluerer man en form for borgerinddragelse?")
    assert "Fremdrift" not in said
    assert "FREMDRIFT" not in said
    assert said.startswith("Strategien beskriver ikke, hvordan man gør det i praksis"), said
    # how the figures stand is still the figures
    assert "Fremdrift" in await say_text(service, EMPLOYEE, "hvordan går det med sygefraværet")


async def test_what_the_progress_is_shows_it(service: Service) -> None:
    """"hvad er fremdriften" got the entry about follow-up ("Opfølgning")."""
    for line in ("hvad er fremdriften", "hvd er fremdriften", "what is the progress"):
        said = await say_text(service, EMPLOYEE, line)
        assert "Fremdrift på de fælles mål" in said or "Progress on the shared goals" in said, \
            (line, said)


async def test_about_the_bot_after_a_greeting(service: Service) -> None:
    """"hej hvad er det her for noget" was refused ("Det ved jeg desværre ikke")."""
    said = await say_text(service, EMPLOYEE, "hej hvad er det her for noget")
    assert "Det kan jeg hjælpe med" in said
    assert "Det ved jeg desværre ikke" not in said


async def test_how_it_is_measured_or_ones_own_limit_is_no_figure(service: Service) -> None:
    """"how is RC measured?" and "hvor mange sygedage maa man have" showed the live figures."""
    measured = await say_text(service, EMPLOYEE, "how is RC measured?")
    assert measured.startswith("The strategy does not say how it is measured."), measured
    own = await say_text(service, EMPLOYEE, "hvor mange sygedage maa man have")
    assert "Ingen indrapporteringer" not in own
    assert own.startswith("Strategien nævner ikke et tal for det."), own
    # the figures still answer where they are asked for
    doing = await say_text(service, EMPLOYEE, "how is sick leave doing?")
    assert "Progress" in doing or "Fremdrift" in doing, doing


async def test_where_the_figures_come_from_in_english(service: Service) -> None:
    said = await say_text(service, EMPLOYEE, "where do you get your figures from?")
    assert said.startswith("I am strategibot"), said


async def test_follow_ups_of_the_second_persona_round(service: Service) -> None:
    """"hvad med trivsel" after the sick-leave goal got the sick-leave goal again; "hvordan?"
    after "hvem følger op på dem?" showed every goal's live figures; "hvordan gør vi det i
    praksis" after "hvad betyder RK" showed RK's live figures."""
    await say_text(service, EMPLOYEE, "hvad er målet for sygefravær?")
    said = await say_text(service, EMPLOYEE, "hvad med trivsel")
    assert said.startswith("Trivsel og arbejdsmiljø"), said
    await say_text(service, EMPLOYEE, "hvem følger op på de fælles mål?")
    how = await say_text(service, EMPLOYEE, "hvordan?")
    assert "Fremdrift på de fælles mål" not in how
    await say_text(service, EMPLOYEE, "hvad betyder RK")
    practice = await say_text(service, EMPLOYEE, "hvordan gor vi det i praksis")
    assert "Ingen indrapporteringer" not in practice


async def test_a_unit_named_without_ae_oe_aa(service: Service) -> None:
    """"jeg arbejder i bornehuset kongevejen hvordan gaar det hos os" was refused; written
    "Børnehuset Kongevejen" it got the centre's view."""
    said = await say_text(service, EMPLOYEE,
                          "jeg arbejder i bornehuset kongevejen hvordan gaar det hos os")
    assert "Center for Dagtilbud og Sundhed" in said, said


async def test_what_the_strategy_says_is_no_standing(service: Service) -> None:
    """"skal vi flytte til en anden bornehave?? der staar vi er mobile" showed every goal's
    live figures ("står vi" read as "how do we stand")."""
    said = await say_text(service, EMPLOYEE,
                          "skal vi flytte til en anden bornehave?? der staar vi er mobile")
    assert "Fremdrift på de fælles mål" not in said


OLE = "ole.thomsen@ltk.example"
SUSANNE = "susanne.moeller@ltk.example"


async def test_a_correction_right_after_a_confirmed_figure(service: Service) -> None:
    """"nej vent, det var 12,2" right after "ja" had saved 18,5 was answered as a question and
    18,5 stood."""
    await say_text(service, SUSANNE, "sygefravær 12,4")
    asked = await say_text(service, SUSANNE, "sygefravær 18,5")
    assert "Er du sikker?" in asked
    await say_text(service, SUSANNE, "ja")
    # (12,2 is outside 12,4–18,5: a correction is no jump from the slip it corrects — a
    # persona got "Er du sikker?" for it, and 18,5 stood)
    corrected = await say_text(service, SUSANNE, "nej vent, det var 12,2")
    assert "Rettet for Budget og Regnskab: Sygefravær: 12,2" in corrected, corrected
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert "Sygefravær: 12,2" in history, history
    assert "18,5" not in history, history  # the slip is undone with the correction
    # the slip corrected is no figure the unit had: 12,6 is no jump from it
    later = await say_text(service, SUSANNE, "sygefravær 12,6")
    assert "Er du sikker?" not in later, later
    assert "Gemt" in later


async def test_a_figure_then_a_question_in_one_message(service: Service) -> None:
    """"sygefravær 12,4 @cpks-01 – hvordan ligger vi ift målet?" showed the centre's status
    and 12,4 was lost without a word."""
    said = await say_text(service, OLE, "sygefravær 12,4 @cpks-01 – hvordan ligger vi ift målet?")
    assert "Gemt for Strategi og Analyse: Sygefravær: 12,4" in said, said
    # (round 11: the figure just saved against the target, not the municipality's figures)
    assert "12,4 dagsværk pr. årsværk ligger under målet på 13,5" in said, said


async def test_a_question_of_the_strategy_after_a_goals_entry(service: Service) -> None:
    """"hvor mange fokusomraader har den" after the digitalisation strategy showed the
    digitalisation goal's live figures (two persona rounds)."""
    await say_text(service, EMPLOYEE, "hvad er digitaliseringsstrategien?")
    said = await say_text(service, EMPLOYEE, "hvor mange fokusomraader har den")
    assert "fire fokusområder" in said, said


async def test_a_hedged_status_is_not_saved(service: Service) -> None:
    """"RK er vist i gang men spørg min souschef" was saved as "I gang"."""
    for line in ("RK er vist i gang men spørg min souschef", "sygefravær 12,4 tror jeg"):
        said = await say_text(service, SUSANNE, line)
        assert said.startswith("Intet er gemt – skriv det, når du ved det."), (line, said)
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert "I gang" not in history
    assert "12,4" not in history


async def test_theme_after_theme_and_a_centre_by_its_name_alone(service: Service) -> None:
    """"hvad med tema 4?" after "og tema 3?" got the four themes; "status okonomi og
    personale" (a centre's name without "Center for", and without ø) was refused."""
    await say_text(service, EMPLOYEE, "hvad handler tema 2 om?")
    assert (await say_text(service, EMPLOYEE, "og tema 3?")).startswith("Tema 3")
    assert (await say_text(service, EMPLOYEE, "hvad med tema 4?")).startswith("Tema 4")
    said = await say_text(service, EMPLOYEE, "status okonomi og personale")
    assert "Center for Økonomi og Personale" in said, said


async def test_how_many_of_something_else_is_no_overview(service: Service) -> None:
    """"Hvor mange sider er strategien?" showed every goal's live figures; "hvor mange former
    er afprøvet indtil nu?" was told the strategy cannot say how far anyone has come."""
    pages = await say_text(service, EMPLOYEE, "Hvor mange sider er strategien?")
    assert "Fremdrift på de fælles mål" not in pages
    so_far = await say_text(service, EMPLOYEE, "hvor mange former er afprøvet indtil nu?")
    assert "Fremdrift" in so_far, so_far
    assert "Fremdrift" in await say_text(service, EMPLOYEE,
                                         "hvor mange enheder har indrapporteret?")


async def test_thanks_and_languages_are_small_talk(service: Service) -> None:
    assert "Det ved jeg desværre ikke" not in await say_text(service, EMPLOYEE,
                                                             "snakker du dansk")
    said = await say_text(service, EMPLOYEE, "thanks, that's helpful")
    assert said.startswith("You're welcome"), said


async def test_a_form_named_with_a_clause_at_the_form_question(service: Service) -> None:
    """"borgermøde som er evalueret", "et borgerpanel som vi har evalueret" typed at the
    step-by-step form question were saved as the form's name (another form beside
    "borgermøde")."""
    async with slack_dm(service, OLE) as (chat, _slack):
        await chat("indrapporter CPKS-02")
        await chat("i gang")
        # (round 11: the clause's flag is an answer too — the flags are not asked again)
        assert "note" in await chat("et borgermøde som vi har evalueret")
        await chat("ingen")
        said = await chat("nej")
        for _ in range(12):  # the rest of the check-in skipped, until it is saved
            if "Gemt" in said:
                break
            said = await chat("spring over")
        assert "Gemt" in said, said
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert "borgermøde (afprøvet: ja, evalueret: ja)" in history, history
    assert "som er" not in history


async def test_a_jump_then_a_question_keeps_its_are_you_sure(service: Service) -> None:
    """"sygefravær 18,9 @CPKS-01 – hvordan ligger vi?" after 12,4 asked "Er du sikker?" and
    then dropped it with the question in the same reply; the "ja" after found nothing
    waiting, and 18,9 was lost."""
    await say_text(service, OLE, "sygefravær 12,4 @CPKS-01")
    asked = await say_text(service, OLE, "sygefravær 18,9 @CPKS-01 – hvordan ligger vi?")
    assert "Er du sikker?" in asked
    assert "Jeg gemte ikke" not in asked
    assert "Gemt for Strategi og Analyse: Sygefravær: 18,9" in await say_text(service, OLE, "ja")
