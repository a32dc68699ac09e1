"""What round 9's persona rounds found, each through the real HTTP path (``POST /api/messages``
with a test Bot Connector, or a signed Slack request for the step-by-step check-in)."""

from __future__ import annotations

from tests.conftest import ServiceOn
from tests.support.activities import card_buttons, card_of
from tests.support.service import OLE, SUSANNE, Service, reply_text, reports, say, say_text
from tests.support.slack_chat import slack_dm

KAREN = "karen.mortensen@ltk.example"
EMPLOYEE = "anna.ansat@ltk.example"


async def test_what_was_done_with_a_form_is_no_second_form(service: Service) -> None:
    """"vi har prøvet borgerpanel og evalueret det" was refused as two forms ("borgerpanel",
    "evalueret det"); three forms in a line were offered as two buttons."""
    saved = await say_text(service, SUSANNE, "vi har prøvet borgerpanel og evalueret det")
    assert "Gemt for Budget og Regnskab" in saved
    assert "borgerpanel (afprøvet: ja, evalueret: ja)" in saved
    three = await say_text(service, KAREN, "borgerpanel, borgermøde og fokusgruppe afprøvet")
    assert "Intet er gemt" in three
    assert "„borgerpanel, borgermøde, fokusgruppe“" in three  # (a button for each)
    assert await reports(service) == 1


async def test_the_generic_word_or_a_figure_is_no_form(service: Service) -> None:
    said = await say_text(service, SUSANNE, "vi har afprøvet og evalueret brugerinddragelse")
    assert "ligner ikke navnet på en form" in said
    assert await reports(service) == 0


async def test_a_persons_figure_is_refused_however_it_is_said(service: Service) -> None:
    """"min souschef har 14 sygedage", "jeg har sygefravær 12" and "Mette har været syg 12
    dage" were saved as the unit's figure (or answered with the deadlines)."""
    for line in ("Mette har været syg 12 dage", "min souschef har 14 sygedage",
                 "min sekretær har sygefravær 12,5", "jeg har sygefravær 12"):
        assert "en enkelt person" in await say_text(service, SUSANNE, line), line
    assert await reports(service) == 0
    # a remark in brackets beside the unit's figure is the unit's figure
    saved = await say_text(service, SUSANNE, "sygefravær 11,6 (Jens er langtidssyg)")
    assert "Gemt for Budget og Regnskab: Sygefravær: 11,6" in saved
    # "12 komma 4" is 12,4 (it was read as 4)
    assert "Sygefravær: 12,4" in await say_text(service, KAREN, "sygefravær 12 komma 4")


async def test_tried_again_leaves_an_evaluated_form_evaluated(service: Service) -> None:
    """"vi har testet et borgerpanel" after the panel was saved as evaluated set it to "not
    evaluated"; a transposed "evauleret" was read as not evaluated."""
    await say_text(service, KAREN, "borgerpanel afprøvet og evalueret")
    again = await say_text(service, KAREN, "vi har testet et borgerpanel")
    assert "Intet er ændret" in again
    typo = await say_text(service, KAREN, "fremtidsværksted afprøvet og evauleret")
    assert "fremtidsværksted (afprøvet: ja, evalueret: ja)" in typo
    history = await say_text(service, KAREN, "mine indrapporteringer")
    assert "borgerpanel (afprøvet: ja, evalueret: ja)" in history


async def test_an_employees_own_sickness_is_a_question(service: Service) -> None:
    """"jeg har været syg i 3 dage, hvad gør jeg" got theme 4 (its only known word was "dag"
    of "i dag"); it is a procedure the strategy does not describe."""
    text = await say_text(service, EMPLOYEE, "jeg har været syg i 3 dage, hvad gør jeg")
    assert "beskriver ikke, hvordan man gør det i praksis" in text
    assert "digitalisering" not in text.lower()


async def test_step_by_step_answers_in_more_words(service: Service) -> None:
    """At the step-by-step check-in: "ja" to "how far with RK?" was saved as done; "15 komma
    2" was saved as a form's name; "borgerpanel afprøvet og evalueret" at the form question was
    called several forms; "afprøvet og evalueret" and "ikke endnu" to the yes/no questions were
    not understood."""
    async with slack_dm(service, OLE) as (chat, _slack):
        await chat("indrapporter CPKS-02")
        refused = await chat("ja")
        assert "vælg en af mulighederne" in refused
        await chat("i gang")
        figure = await chat("15 komma 2")
        assert "ligner ikke navnet på en form" in figure
        asked = await chat("borgerpanel afprøvet og evalueret")
        assert "flere former" not in asked
        # (round 11: the form's flags said with it are its answers — not asked again)
        assert "note" in asked, asked
        await chat("ingen")
        assert "Hvilken form" in await chat("ja")  # another form
        assert "Er den afprøvet?" in await chat("fremtidsværksted")
        assert "Er den evalueret?" in await chat("ja, den er afprøvet")
        assert "note" in await chat("ikke endnu")
        await chat("ingen")
        await chat("nej")
        await chat("afbryd")
    assert await reports(service) == 0  # (a cancelled check-in saves none of its answers)


async def test_undo_takes_back_all_that_one_message_saved(service: Service) -> None:
    """"fortryd" after "sygefravær 11" saved for both units ("begge") undid one of them; after
    a whole step-by-step check-in it undid its last item only."""
    await say_text(service, OLE, "sygefravær 11")
    both = await say_text(service, OLE, "begge")
    assert both.count("Gemt for") == 2
    # (a persona of the next round found all undone unasked: all, or one of them?)
    [asked] = await say(service, OLE, "fortryd")
    assert "gemte 2 ting" in reply_text(asked)
    assert "Kommunikation – Sygefravær: 11" in reply_text(asked)
    every = card_buttons(card_of(asked))[0]["data"]["msteams"]["text"]
    undone = await say_text(service, OLE, every)
    assert "(Kommunikation)" in undone
    assert "(Strategi og Analyse)" in undone
    assert "ingen gældende indrapporteringer" in await say_text(service, OLE,
                                                                  "mine indrapporteringer")
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("i gang")
        await chat("spring over")  # citizen involvement
        await chat("12,5")
        saved = await chat("spring over")  # recruitment
        assert "Relationel koordinering: I gang" in saved
        assert "12,5" in saved
        asked = await chat("fortryd")  # the whole check-in, or one of its items?
        assert "gemte 2 ting" in asked
        assert "Budget og Regnskab – Relationel koordinering: I gang" in asked


async def test_one_form_by_two_names_is_one_record(service: Service) -> None:
    """"citizen panel tried and evaluated" beside a standing "borgerpanel" was stored as a
    second, contradicting record of one form; "future workshop" lost its "future"."""
    await say_text(service, SUSANNE, "borgerpanel afprøvet")
    await say_text(service, SUSANNE, "citizen panel tried and evaluated")
    await say_text(service, SUSANNE, "fremtidsværksted afprøvet")
    await say_text(service, SUSANNE, "future workshop tried and evaluated")
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert "borgerpanel (afprøvet: ja, evalueret: ja)" in history
    assert "fremtidsværksted (afprøvet: ja, evalueret: ja)" in history
    assert history.count("erstattet af den nyere") == 2
    assert "citizen panel" not in history


async def test_removing_a_form_both_units_have_asks_which(service: Service) -> None:
    await say_text(service, OLE, "borgerpanel afprøvet @CPKS-01")
    await say_text(service, OLE, "borgerpanel afprøvet @CPKS-02")
    asked = await say_text(service, OLE, "fjern form borgerpanel")
    assert "Hvilken gælder det?" in asked
    removed = await say_text(service, OLE, "fjern form borgerpanel @CPKS-02")
    assert "Fjernet for Kommunikation: borgerpanel" in removed


async def test_none_as_the_digitalisation_goal_is_no_goal(service: Service) -> None:
    """"ja" to the digitalisation goal, then "ingen" to "Hvilket mål?", was saved as "ja
    (ingen)"; a theme without an initiative read "Tema 4: –"."""
    async with slack_dm(service, "mikkel.krogh@ltk.example") as (chat, _slack):
        await chat("indrapporter")
        await chat("spring over")  # competence needs
        await chat("ja")
        await chat("ingen")
        for _theme in range(3):
            await chat("ingen")
        saved = await chat("ingen")
    assert "Digitaliseringsmål i årsaftalen: nej" in saved
    assert "(ingen)" not in saved
    assert "Tema 4: ingen" in saved


async def test_a_condition_or_ones_own_case_is_no_progress_question(service: Service) -> None:
    """"får vi en bonus hvis vi når målene?" and "hvor mange dage må jeg være syg?" got the
    live progress; "my sick leave is 4 days, should I report it?" the sick-leave goal."""
    for line in ("får vi en bonus hvis vi når målene?", "hvor mange dage må jeg være syg?"):
        assert "FREMDRIFT" not in await say_text(service, EMPLOYEE, line), line
    own = await say_text(service, EMPLOYEE, "my sick leave is 4 days, should I report it?")
    assert "does not describe how to do that in practice" in own


async def test_a_centre_that_reported_nothing_shows_no_zero(service: Service) -> None:
    """"status CAB" read "0 enheder", "0 former", "0 centre" for a centre none of whose units
    had reported; the goal's view listed "Center for …: 0" the same way."""
    centre = await say_text(service, EMPLOYEE, "status CAB")
    assert "– 0 " not in centre
    assert "intet tal endnu · 0 af 4 har indrapporteret" in centre
    await say_text(service, SUSANNE, "borgerpanel afprøvet og evalueret")
    goal = await say_text(service, EMPLOYEE, "status borgerinddragelse")
    assert "Center for Økonomi og Personale: 1" in goal
    assert "Center for Politik, Kultur og Strategi: 0" not in goal


async def test_a_correction_right_after_a_figure_corrects_it(service: Service) -> None:
    """"nej vent, det var 12,3" right after "sygefravær 12,8" got an answer about another
    subject, and 12,8 stood."""
    await say_text(service, SUSANNE, "sygefravær 12,8")
    corrected = await say_text(service, SUSANNE, "nej vent, det var 12,3")
    assert "Rettet for Budget og Regnskab: Sygefravær: 12,3" in corrected
    again = await say_text(service, SUSANNE, "ups, ret til 12,4")
    assert "Sygefravær: 12,4" in again
    # three figures, and since round 10 an undo row for each slip corrected (12,8 and 12,3 are
    # no figures the unit had)
    assert await reports(service) == 5
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert "12,8" not in history
    assert "12,3" not in history
    # with no figure just saved it is no correction
    assert "Gemt" not in await say_text(service, KAREN, "det var 12,3")


async def test_a_unit_code_written_loosely_or_its_centre_asks_which(service: Service) -> None:
    """"… @cpks 2" was read as the centre CPKS and refused ("det gør dens leder")."""
    saved = await say_text(service, OLE, "workshop med borgere afprøvet og evalueret @cpks 2")
    assert "Gemt for Kommunikation" in saved
    assert "Gemt for Kommunikation" in await say_text(service, OLE, "sygefravær 11 @CPKS2")
    which = await say_text(service, OLE, "sygefravær 12 @cpks")
    assert "Hvilken gælder det?" in which


async def test_an_introduction_before_the_question(service: Service) -> None:
    """"hi, I'm new here. what is this strategy about?" got "what is new in 2019"; "jeg
    arbejder i borgerservice, hvordan går det hos os?" a megatrend quote."""
    new = await say_text(service, "john.smith@ltk.example",
                         "hi, I'm new here. what is this strategy about?")
    assert "Corporate Strategy 2019" in new
    assert "new in 2019" not in new.lower()
    centre = await say_text(service, EMPLOYEE,
                            "jeg arbejder i borgerservice, hvordan går det hos os?")
    assert "Center for Arbejdsmarked og Borgerservice".upper() in centre.upper()


async def test_what_the_question_persona_round_found(service: Service) -> None:
    """An English user's "ok" was answered in Danish; "what's the phone number of the
    kommune?" said the strategy gives no figure above the number; "what are the themes" showed
    the themes goal's live figures; "hvad er det nye i strategien?" quoted the digitalisation
    strategy."""
    james = "james.cole@ltk.example"
    await say_text(service, james, "what is the sick leave goal?")
    assert "Just ask" in await say_text(service, james, "ok")
    phone = await say_text(service, james, "what's the phone number of the kommune?")
    assert "45 97 30 00" in phone
    assert "no figure" not in phone
    assert "PROGRESS" not in (await say_text(service, james, "what are the themes")).upper()
    new = await say_text(service, EMPLOYEE, "hvad er det nye i strategien?")
    assert "forlænges de fire temaer" in new


async def test_at_the_check_in_s_questions_a_person_or_a_correction(service: Service) -> None:
    """At the step-by-step sick-leave question "min souschef har 14 sygedage" was saved as the
    unit's 14; "nej vent, det var 12,8" at the next question was saved as "rekrutteret: nej"."""
    async with slack_dm(service, OLE) as (chat, _slack):
        await chat("indrapporter CPKS-02")
        await chat("i gang")
        await chat("spring over")  # citizen involvement
        person = await chat("min souschef har 14 sygedage")
        assert "en enkelt person" in person
        assert "Vi fortsætter: Hvad er sygefraværet" in person
        await chat("13,1")
        corrected = await chat("nej vent, det var 12,8")
        assert "Rettet: Sygefravær: 12,8" in corrected
        saved = await chat("nej")
    assert "Sygefravær: 12,8" in saved
    assert "rekrutteret: nej" in saved


async def test_the_strategy_s_own_period_is_told_by_the_clock(service: Service,
                                                              service_on: ServiceOn) -> None:
    """"er strategiperioden slut?", "is the strategy period over?", "can I still report?" got
    "Det ved jeg desværre ikke" or the future narrative."""
    running = await say_text(service, EMPLOYEE, "er strategien stadig gældende?")
    assert "løber fra 1. januar 2019 til 31. december 2019" in running
    after = await service_on(None)
    over = await say_text(after, EMPLOYEE, "is the strategy period over?")
    assert "ended on 31 December 2019" in over
    assert "reporting closed" in await say_text(after, EMPLOYEE, "can I still report?")


async def test_what_the_second_check_in_round_found_besides(service: Service) -> None:
    """Several forms "i begge" were refused twice; "begge to" answered "which unit?" in
    English; "indrapporter cpks 2" knew no such unit."""
    refused = await say_text(service, OLE, "borgerpanel og fremtidsværksted afprøvet og "
                                           "evalueret i begge")
    assert refused.count("Intet er gemt") == 1
    await say_text(service, OLE, "RK i gang")
    both = await say_text(service, OLE, "begge to")
    assert both.count("Gemt for") == 2
    assert "Saved" not in both
    assert "Indrapportering: Kommunikation" in await say_text(service, OLE,
                                                              "indrapporter cpks 2")


async def test_follow_ups_keep_the_topic_the_talk_moved_to(service: Service) -> None:
    """"og hvad med tema 3?" then "hvorfor?" answered about theme 1 again; "hvad er RK" then
    "hvad er målet" listed all the goals."""
    await say_text(service, EMPLOYEE, "hvad handler tema 1 om")
    await say_text(service, EMPLOYEE, "og hvad med tema 3?")
    why = await say_text(service, EMPLOYEE, "hvorfor?")
    assert "TEMA 3" in why.upper()
    assert "TEMA 1:" not in why.upper()
    await say_text(service, EMPLOYEE, "hvad er RK")
    goal = await say_text(service, EMPLOYEE, "hvad er maalet")
    assert "30" in goal
    assert "13,5" not in goal


async def test_what_the_last_persona_round_of_round_9_found(service: Service) -> None:
    """"nej vent, sygefraværet var 12,4" at the recruitment question was saved as "nej" and the
    correction lost; "RK færdig men sygefraværet er steget til 13,4" dropped the 13,4; "et
    borgermøde som er evalueret" was saved as the form "borgermøde som"; "X men kun afprøvet"
    offered the button "X men kun afprøvet"."""
    async with slack_dm(service, OLE) as (chat, _slack):
        await chat("indrapporter CPKS-02")
        await chat("i gang")
        await chat("spring over")  # citizen involvement
        await chat("12,9")
        corrected = await chat("nej vent, sygefraværet var 12,4")
        assert "Rettet: Sygefravær: 12,4" in corrected
        saved = await chat("nej")
    assert "Sygefravær: 12,4" in saved
    both = await say_text(service, OLE, "RK færdig men sygefraværet er steget til 13,4 @cpks-02")
    assert "Sygefravær: 13,4" in both
    assert "Relationel koordinering: Færdig" in both
    form = await say_text(service, KAREN, "vi har afholdt et borgermøde som er evalueret")
    assert "borgermøde (afprøvet: ja, evalueret: ja)" in form
    two = await say_text(service, KAREN, "borgerpanel, fremtidsvaerksted men kun afprøvet")
    assert "„borgerpanel, fremtidsvaerksted“" in two
