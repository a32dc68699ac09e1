"""What round 16 found, each through the real HTTP path (``POST /api/messages`` with a test Bot
Connector)."""

from __future__ import annotations

from tests.support.service import OLE, Service, example_checkins, say_text
from tests.support.slack_chat import slack_dm
from tests.support.steps import standing as _standing
from tests.support.steps import until as _until


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
    said = await say_text(service, "mette@ltk.example", "er 13,2 under malet?")  # (no å)
    assert "13,2 dagsværk pr. årsværk ligger under målet" in said, said


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


async def test_a_form_tried_again_is_the_same_form(service: Service) -> None:
    """"Vi har også testet et borgerpanel igen i efteråret." saved a new form, "borgerpanel
    igen", counted as a form of its own."""
    susanne = "susanne.moeller@ltk.example"
    await say_text(service, susanne, "borgerinddragelse: borgerpanel afprøvet og evalueret")
    said = await say_text(service, susanne, "Vi har også testet et borgerpanel igen i efteråret.")
    assert "igen" not in said
    history = await say_text(service, susanne, "mine indrapporteringer")
    assert "borgerpanel igen" not in history
    assert "borgerpanel (afprøvet: ja, evalueret: ja)" in history


async def test_kom_alone_answers_which_unit(service: Service) -> None:
    """"kom" to "Hvilken gælder det?" was not taken as Kommunikation: the line was lost."""
    assert "Hvilken gælder det?" in await say_text(service, OLE, "sygefr 11,9")
    said = await say_text(service, OLE, "kom")
    assert "Gemt for Kommunikation: Sygefravær: 11,9" in said


async def test_a_correction_in_whole_sentences_that_asks_for_it(service: Service) -> None:
    """"Jeg kom til at skrive 13,8 for sygefraværet, men det korrekte tal fra KMD er 13,6. Kan du
    rette det?" showed the progress of sick leave; nothing was corrected."""
    susanne = "susanne.moeller@ltk.example"
    await say_text(service, susanne, "sygefravær 13,8")
    said = await say_text(service, susanne, "Jeg kom til at skrive 13,8 for sygefraværet, men "
                          "det korrekte tal fra KMD er 13,6. Kan du rette det?")
    assert "Rettet for Budget og Regnskab: Sygefravær: 13,6" in said


async def test_not_yet_after_done(service: Service) -> None:
    """"nej vent ikke endnu, de er stadig igang" after "rk færdig i kom." got the goal's text
    (Færdig stood); "nej vent, ikke endnu" set "Ikke startet" where "I gang" had stood."""
    await say_text(service, OLE, "rk færdig i kom.")
    said = await say_text(service, OLE, "nej vent ikke endnu, de er stadig igang")
    assert "Rettet for Kommunikation: Relationel koordinering: I gang" in said
    await say_text(service, OLE, "rk færdig i kom.")
    said = await say_text(service, OLE, "nej vent, ikke endnu")
    assert "Fortrudt" in said
    assert "Nu gælder igen: Relationel koordinering: I gang" in said


async def test_questions_of_an_english_reader(service: Service) -> None:
    """"what's the deadline for checking in?" was refused; "who made you and where do your
    numbers come from?" got two quotes about the centres' annual agreements; "is the sick leave
    below target?" got the goal's text without the live figure."""
    james = "james.okafor@ltk.example"
    said = await say_text(service, james, "what's the deadline for checking in?")
    assert "31 January 2020" in said or "31 Jan" in said, said
    said = await say_text(service, james, "who made you and where do your numbers come from?")
    assert "strategibot" in said
    assert "annual agreement" not in said
    bot = service.bot
    await example_checkins(bot)
    said = await say_text(service, james, "is the sick leave below target?")
    assert "is above the target of 13.5" in said or "is below the target of 13.5" in said, said


async def test_the_readmes_line_for_two_units_with_a_short_second_part(service: Service) -> None:
    """"S&A har rekrutteret i år, kom. har ikke" (the README's example) asked which unit."""
    said = await say_text(service, OLE, "S&A har rekrutteret i år, kom. har ikke")
    assert "Hvilken gælder det?" not in said
    assert "Gemt for Strategi og Analyse: Rekruttering: rekrutteret: ja" in said
    assert "Gemt for Kommunikation: Rekruttering: rekrutteret: nej" in said


async def test_undo_by_theme_undoes_that_theme_only(service: Service) -> None:
    """"fortryd tema 4" undid theme 3's initiative with theme 4's, and, when theme 4 had none
    left, theme 3's."""
    chief = "mikkel.krogh@ltk.example"
    await say_text(service, chief, "tema 3: onboarding for nye")
    await say_text(service, chief, "tema 4: chatbot i borgerservice")
    said = await say_text(service, chief, "fortryd tema 4")
    assert "Fortrudt: Tema 4: chatbot i borgerservice" in said
    assert "Tema 3" not in said
    said = await say_text(service, chief, "fortryd tema 4")
    assert "Fortrudt: Tema 3" not in said
    history = await say_text(service, chief, "mine indrapporteringer")
    assert "Tema 3: onboarding for nye" in history


async def test_in_english_please_after_a_centres_view(service: Service) -> None:
    """"in english please" after a centre's view repeated an older answer from the strategy
    ("The strategy does not list which centres they are …"); with the view's words
    ("hvordan går det i mit center in english please") it stayed Danish."""
    chief = "mikkel.krogh@ltk.example"
    await say_text(service, chief, "hvilke centre er der?")
    danish = await say_text(service, chief, "hvordan går det i mit center")
    assert "Center for Politik, Kultur og Strategi" in danish
    said = await say_text(service, chief, "in english please")
    assert "have reported" in said, said
    assert "does not list" not in said
    said = await say_text(service, chief, "hvordan går det i mit center in english please")
    assert "have reported" in said, said


async def test_an_employees_questions_of_round_16(service: Service) -> None:
    """helper-111's employee: "hvem har skrevet den" as the first question got a quote about
    the centres' annual agreements; "tak, tilbage til dansk" was refused; "er det ikke
    overstaaet nu saa" and "hvad er forskellen paa I risiko og bagud" got the live figures;
    "hvad er mit sygefravaer" got the municipality's figures as if they were hers."""
    anne = "anne.pedersen@ltk.example"
    assert "Direktion & centerchefer" in await say_text(service, anne, "hvem har skrevet den")
    await say_text(service, anne, "what is the core task?")
    said = await say_text(service, anne, "tak, tilbage til dansk")
    assert "kerneopgave" in said.casefold(), said
    said = await say_text(service, anne, "er det ikke overstaaet nu saa")
    assert "2019" in said, said
    assert "FREMDRIFT" not in said, said
    said = await say_text(service, anne, "hvad er forskellen paa I risiko og bagud")
    assert "„I risiko“" in said, said
    assert "„Bagud“" in said, said
    said = await say_text(service, anne, "hvad er mit sygefravaer")
    assert "ingen tal for den enkelte medarbejder" in said, said


async def test_a_swap_keeps_a_units_older_report(service: Service) -> None:
    """After "rekruttering: S&A ja, kom nej" (nothing new for S&A), "nej omvendt" corrected
    S&A's older report as if it were a slip, and "fortryd alle" then left S&A with none."""
    await say_text(service, OLE, "rekruttering ja og brugt værktøjskassen @CPKS-01")
    said = await say_text(service, OLE, "rekruttering: S&A ja, kom nej")
    assert "Gemt for Kommunikation" in said
    said = await say_text(service, OLE, "nej omvendt")
    assert "Rettet for Strategi og Analyse" not in said
    said = await say_text(service, OLE, "fortryd alle")
    assert "Nu gælder igen: Rekruttering: rekrutteret: ja, værktøjskassen brugt: ja" in said, said
    history = _standing(await say_text(service, OLE, "mine indrapporteringer"))
    assert any("Strategi og Analyse – Rekruttering: rekrutteret: ja, værktøjskassen brugt: ja"
               in line for line in history), history


async def test_a_remark_before_a_line(service: Service) -> None:
    """"hov, tema 3 skulle blive! tema 3: onboarding for nye medarbejdere og ledere" was
    answered with the onboarding text (p. 9); the initiative was lost."""
    said = await say_text(service, "mikkel.krogh@ltk.example",
                          "hov, tema 3 skulle blive! tema 3: onboarding for nye medarbejdere "
                          "og ledere")
    assert "Gemt for Center for Politik, Kultur og Strategi: Tema 3: onboarding" in said, said


async def test_a_units_clipped_name_before_a_colon(service: Service) -> None:
    """"borgerinddragelse kom.: dialogmøde kun afprøvet" read "kom" as the form's name and
    asked which unit; the answer "kom." was then no form either, and nothing was saved."""
    said = await say_text(service, OLE, "borgerinddragelse kom.: dialogmøde kun afprøvet")
    assert "Gemt for Kommunikation: Borger- og brugerinddragelse: dialogmøde" in said, said


async def test_an_admin_reports_for_a_unit_by_its_name(service: Service) -> None:
    """"sygefravær 12,5 @kommunikation" and "sygefravær 12,5 i kommunikation" from the admin
    were "Du kan ikke indrapportere for Kommunikation"; only "@CPKS-02" was taken."""
    admin = "admin@ltk.example"
    said = await say_text(service, admin, "sygefravær 12,5 @kommunikation")
    assert "Gemt for Kommunikation: Sygefravær: 12,5" in said, said
    said = await say_text(service, admin, "sygefravær 12,6 i kommunikation")
    assert "Gemt for Kommunikation: Sygefravær: 12,6" in said, said
    said = await say_text(service, "susanne.moeller@ltk.example", "sygefravær 12,7 @kommunikation")
    assert "Gemt" not in said


async def test_the_second_goal_after_the_progress_list(service: Service) -> None:
    """"og den anden?" after "fremdrift" got "Det ved jeg desværre ikke"."""
    await say_text(service, OLE, "fremdrift")
    said = await say_text(service, OLE, "og den anden?")
    assert "borger- og brugerinddragelse" in said.casefold(), said


async def test_a_typo_corrected_at_are_you_sure_in_a_check_in(service: Service) -> None:
    """At "Er du sikker på 30?" in a step-by-step check-in, "nej det var en tastefejl, 12,0"
    was "skriv et tal" (12,0 was lost), and "30" after the plain question was then saved
    without "Er du sikker?"."""
    async with slack_dm(service, "susanne.moeller@ltk.example") as (chat, _slack):
        await chat("sygefravær 14,8")
        await _until(chat, await chat("indrapporter"), lambda said: "Hvad er sygefraværet" in said)
        assert "Er du sikker på 30?" in await chat("30")
        said = await chat("nej det var en tastefejl, 12,0")
        assert "forstod jeg ikke" not in said, said
        await chat("afbryd")


async def test_a_merged_group_keeps_the_name_it_was_merged_into(service: Service) -> None:
    """"saml borgerpanel og brugerråd" said "brugerråd tæller nu som Borgerpanel", and the
    group was then listed, and counted in progress, as "Brugerråd"."""
    admin = "admin@ltk.example"
    await say_text(service, "susanne.moeller@ltk.example", "borgerpanel afprøvet og evalueret")
    await say_text(service, OLE, "brugerråd afprøvet og evalueret @CPKS-01")
    said = await say_text(service, admin, "saml borgerpanel og brugerråd")
    assert 'tæller nu som "borgerpanel"' in said.casefold(), said
    forms = await say_text(service, admin, "former")
    line = next(x for x in forms.splitlines() if "navne" in x and "brugerråd" in x.casefold())
    assert line.strip(" -*").casefold().startswith("borgerpanel"), forms


async def test_a_command_without_what_it_is_for(service: Service) -> None:
    """"saml", "adskil", "godkend" alone were answered from the strategy ("saml" got a quote
    about gathering knowledge)."""
    for text in ("saml", "adskil", "godkend", "fjern form"):
        said = await say_text(service, "admin@ltk.example", text)
        assert "saml borgerpanel og panel med borgere" in said, (text, said)
    said = await say_text(service, "admin@ltk.example", "split")
    assert "merge citizens' panel" in said, said


async def test_an_overview_a_centre_that_is_not_and_all_centres(service: Service) -> None:
    """"… kan du give mig et kort overblik?" about the strategy got the live figures; "status
    XYZ" said the strategy tells no progress; "status for alle centre" was refused."""
    said = await say_text(service, "lise.holm@ltk.example", "hej, jeg skal fremlægge strategien "
                          "på teammødet i morgen, kan du give mig et kort overblik?")
    assert "Koncernstrategi 2019" in said.split("\n")[0], said
    said = await say_text(service, "admin@ltk.example", "status XYZ")
    assert "Der er intet center „XYZ“" in said, said
    said = await say_text(service, "admin@ltk.example", "status for alle centre")
    assert "Det ved jeg desværre ikke" not in said, said


async def test_a_centre_chiefs_renames_and_second_thoughts(service: Service) -> None:
    """helper-112's centre chief: "nej vent, kald den 'Kompetenceplan 2020' – …" after "tema
    3: …" saved competence needs as "Ikke endnu"; "tema 2: ingen – nej vent, trivselsmåling og
    sygefraværssamtaler står stadig" saved the name with "står stadig" in it."""
    chief = "mikkel.krogh@ltk.example"
    await say_text(service, chief, "kompetencebehov færdig")
    await say_text(service, chief, "tema 3: kompetenceafdækning i alle centre")
    said = await say_text(service, chief, "nej vent, kald den 'Kompetenceplan 2020' – det er "
                          "det officielle navn i årsaftalen")
    assert "Tema 3: Kompetenceplan 2020" in said, said
    assert "Kompetencebehov" not in said, said
    said = await say_text(service, chief, "tema 2: ingen – nej vent, trivselsmåling og "
                          "sygefraværssamtaler står stadig")
    assert "står stadig" not in said, said
    history = _standing(await say_text(service, chief, "mine indrapporteringer"))
    assert any("Kompetencebehov: Færdig" in line for line in history), history


async def test_no_more_forms_at_the_form_question(service: Service) -> None:
    """"ikke flere former end den vi allerede har" at the form question was saved as a form."""
    async with slack_dm(service, "karen.mortensen@ltk.example") as (chat, _slack):
        await _until(chat, await chat("indrapporter"), lambda said: "form" in said.casefold())
        said = await chat("ikke flere former end den vi allerede har")
        assert "ikke flere former" not in said, said
        await chat("afbryd")
    history = await say_text(service, "karen.mortensen@ltk.example", "mine indrapporteringer")
    assert "ikke flere former" not in history


async def test_a_line_for_the_other_unit(service: Service) -> None:
    """"sygefravær kom 13,3" asked which unit, and "og S&A er 11,8" next was taken as the
    answer: 13,3 was saved for S&A and 11,8 lost."""
    said = await say_text(service, OLE, "sygefravær kom 13,3")
    assert "Gemt for Kommunikation: Sygefravær: 13,3" in said, said
    assert "Hvilken gælder det?" in await say_text(service, OLE, "sygefravær 12,2")
    said = await say_text(service, OLE, "og S&A er 11,8")
    assert "Gemt for Strategi og Analyse: Sygefravær: 11,8" in said, said
    history = _standing(await say_text(service, OLE, "mine indrapporteringer"))
    assert not any("12,2" in line for line in history), history


async def test_the_other_units_line_in_a_check_in(service: Service) -> None:
    """"sygefravær kom. 11,5" at Strategi og Analyse's sick-leave question was saved for
    Strategi og Analyse."""
    async with slack_dm(service, OLE) as (chat, _slack):
        await _until(chat, await chat("indrapporter"),
                     lambda said: "sygefraværet i Strategi og Analyse" in said)
        said = await chat("sygefravær kom. 11,5")
        assert "Gemt for Kommunikation: Sygefravær: 11,5" in said, said
        await chat("afbryd")
    history = _standing(await say_text(service, OLE, "mine indrapporteringer"))
    assert not any("Strategi og Analyse – Sygefravær: 11,5" in line for line in history)


async def test_the_other_units_figure_after_a_move(service: Service) -> None:
    """"og S&A er 13,8 stadig" right after "nej vent, det var kommunikation" got the goal's text
    (a README example; in the same message it was saved)."""
    await say_text(service, OLE, "sygefravær 12,2 @CPKS-01")
    await say_text(service, OLE, "nej vent, det var kommunikation")
    said = await say_text(service, OLE, "og S&A er 13,8 stadig")
    assert "Gemt for Strategi og Analyse: Sygefravær: 13,8" in said, said
    said = await say_text(service, OLE, "S&A har 3 ansatte på barsel")
    assert "Gemt" not in said, said


async def test_a_removed_form_keeps_its_name_in_the_history(service: Service) -> None:
    """After seven newer reports, "mine indrapporteringer" listed a removed form by its key:
    "Fjernet: bland brugerundersoeg led"."""
    karen = "karen.mortensen@ltk.example"
    await say_text(service, karen,
                   "borgerinddragelse: brugerundersøgelse blandt lederne afprøvet og evalueret")
    await say_text(service, karen, "fjern form brugerundersøgelse blandt lederne")
    await say_text(service, karen, "ja")
    for n in range(7):
        await say_text(service, karen, f"sygefravær 13,{n}")
    history = await say_text(service, karen, "mine indrapporteringer")
    assert "Fjernet: brugerundersøgelse blandt lederne" in history, history


async def test_a_form_for_a_named_unit_and_a_figure_now(service: Service) -> None:
    """"S&A har kun afprøvet borgermøde, ikke evalueret endnu" saved nothing; "vi ligger på
    12,2 nu" at the sick-leave question was "skriv et tal"."""
    said = await say_text(service, OLE, "S&A har kun afprøvet borgermøde, ikke evalueret endnu")
    assert "Gemt for Strategi og Analyse: Borger- og brugerinddragelse: borgermøde" in said, said
    async with slack_dm(service, "susanne.moeller@ltk.example") as (chat, _slack):
        await _until(chat, await chat("indrapporter"), lambda said: "Hvad er sygefraværet" in said)
        said = await chat("vi ligger på 12,2 nu")
        assert "skriv et tal" not in said, said
        await chat("afbryd")


async def test_statuses_asked_one_after_another(service: Service) -> None:
    """"and behind?" after "what does at risk mean?" got the live figures; "what does at risk
    mean? and behind?" got the bearing Strong collegiality ("risici")."""
    tom = "tom.berg@ltk.example"
    assert "“At risk”" in await say_text(service, tom, "what does at risk mean?")
    said = await say_text(service, tom, "and behind?")
    assert said.startswith("“Behind”"), said
    said = await say_text(service, tom, "what does at risk mean? and behind?")
    assert "“At risk”" in said, said
    assert "“Behind”" in said, said
    await say_text(service, tom, "what is the core task?")
    assert "“Behind”" not in await say_text(service, tom, "and behind?")


async def test_a_loose_code_before_a_question_and_a_page_with_thanks(service: Service) -> None:
    """"sygefravær 12,4 @cpks 2 – hvordan ligger vi ift målet?" showed the centre's view, and
    the figure was neither saved nor mentioned; "side 7 tak" was refused."""
    said = await say_text(service, OLE, "sygefravær 12,4 @cpks 2 – hvordan ligger vi ift målet?")
    assert "Gemt for Kommunikation: Sygefravær: 12,4" in said, said
    said = await say_text(service, "lise.holm@ltk.example", "side 7 tak")
    assert "side 7" in said.casefold(), said


async def test_which_centres_there_are(service: Service) -> None:
    """"hvilke centre er der" got the leadership forums (Direktion, Koncernchefgruppen)."""
    said = await say_text(service, "anne.pedersen@ltk.example", "hvilke centre er der")
    assert "CPKS – Center for Politik, Kultur og Strategi" in said, said
    assert "de ti centre" in said, said


async def test_a_units_code_in_a_correction_is_no_figure(service: Service) -> None:
    """"nej vent, det var @CPKS-02" saved 2 for Kommunikation (the code's digits read as the
    figure; an undo then lost Kommunikation's real figure); the admin's "nej vent, det var
    COP-01" saved 1."""
    await say_text(service, OLE, "sygefravær 14,1 @cpks-02")
    await say_text(service, OLE, "sygefravær 12,7 @cpks-01")
    said = await say_text(service, OLE, "nej vent, det var @CPKS-02")
    assert "Sygefravær: 2 " not in said, said
    assert "Gemt for Kommunikation: Sygefravær: 12,7" in said, said
    said = await say_text(service, "admin@ltk.example", "sygefravær 13,4 @COP-02")
    said = await say_text(service, "admin@ltk.example", "nej vent, det var COP-01")
    assert "Sygefravær: 1 " not in said, said
    assert "Gemt for Budget og Regnskab: Sygefravær: 13,4" in said, said


async def test_corrections_of_round_16s_last_wave(service: Service) -> None:
    """helper-114: "hov nej 12,9 var S&A's tal" re-saved 12,9 for Kommunikation; "ups det var
    den anden enhed" got the goal's text; a split after a merge left Borgerpanel apart from
    borger-panel, which the rules join."""
    await say_text(service, OLE, "sygefravær 12,9 @cpks-02")
    said = await say_text(service, OLE, "hov nej 12,9 var S&A's tal")
    assert "Gemt for Strategi og Analyse: Sygefravær: 12,9" in said, said
    await say_text(service, OLE, "sygefravær 12 @cpks-02")
    said = await say_text(service, OLE, "ups det var den anden enhed")
    assert "Gemt for Strategi og Analyse: Sygefravær: 12 " in said, said
    admin = "admin@ltk.example"
    await say_text(service, "susanne.moeller@ltk.example", "borgerpanel afprøvet og evalueret")
    await say_text(service, OLE, "borger-panel afprøvet og evalueret @CPKS-01")
    await say_text(service, "karen.mortensen@ltk.example", "brugerpanel afprøvet og evalueret")
    await say_text(service, admin, "saml brugerpanel og borgerpanel")
    await say_text(service, admin, "adskil brugerpanel")
    forms = await say_text(service, admin, "former")
    assert any("borgerpanel" in line.casefold() and "borger-panel" in line
               for line in forms.splitlines()), forms


async def test_a_status_is_no_digital_goals_name(service: Service) -> None:
    """"vi er ved at lave en plan" at "Hvilket mål?" of a centre's check-in was saved as the
    digitalisation goal's name: "ja (vi er ved at lave en plan)"."""
    async with slack_dm(service, "mikkel.krogh@ltk.example") as (chat, _slack):
        await _until(chat, await chat("indrapporter"), lambda said: "Hvilket mål" in said,
                     answer=lambda said: "ja" if "digitaliseringsstrategien" in said.casefold()
                     else "spring over")
        said = await chat("vi er ved at lave en plan")
        assert "ligner ikke navnet" in said, said
        await chat("afbryd")


async def test_also_for_the_other_unit_after_a_no(service: Service) -> None:
    """"nej, kom. har også 12,2" right after "sygefravær 12,2 S&A" was "Rettet" for
    Kommunikation: its 13,3 of the same day was replaced as a slip, and "fortryd" then brought
    back an older figure."""
    await say_text(service, OLE, "sygefravær kom 13,3")
    await say_text(service, OLE, "sygefravær 12,2 S&A")
    said = await say_text(service, OLE, "nej, kom. har også 12,2")
    assert "Gemt for Kommunikation: Sygefravær: 12,2" in said, said
    said = await say_text(service, OLE, "fortryd")
    assert "Nu gælder igen: Sygefravær: 13,3" in said, said
