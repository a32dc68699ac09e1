"""What round 14's persona rounds found, each through the real HTTP path (``POST /api/messages``
with a test Bot Connector, or a signed Slack request for the step-by-step check-in)."""

from __future__ import annotations

from tests.support.service import OLE, Service, say_text
from tests.support.slack_chat import slack_dm

CHIEF = "mikkel.krogh@ltk.example"
EMPLOYEE = "jonas.berg@ltk.example"


async def test_a_yes_that_names_the_digitalisation_goal_names_it(service: Service) -> None:
    """"ja, digital post til alle borgere" to "… fokus på mindst ét mål fra
    Digitaliseringsstrategien?" was answered "Hvilket mål?", and the next line was saved as
    the goal."""
    async with slack_dm(service, CHIEF) as (chat, _slack):
        await chat("indrapporter")
        await chat("spring over")  # competence needs
        asked = await chat("ja, digital post til alle borgere")
        assert "Hvilket mål?" not in asked
        for _theme in range(3):
            await chat("ingen")
        saved = await chat("ingen")
    assert "Digitaliseringsmål i årsaftalen: ja (digital post til alle borgere)" in saved


async def test_a_plain_yes_still_asks_which_goal(service: Service) -> None:
    async with slack_dm(service, CHIEF) as (chat, _slack):
        await chat("indrapporter")
        await chat("spring over")
        assert "Hvilket mål?" in await chat("ja, det har den")
        await chat("borgerservice på nettet")
        for _theme in range(3):
            await chat("ingen")
        saved = await chat("ingen")
    assert "Digitaliseringsmål i årsaftalen: ja (borgerservice på nettet)" in saved


async def test_the_same_as_last_time_keeps_the_answer(service: Service) -> None:
    """"det samme som sidst" at a theme's initiative (Uændret offered) was "ligner ikke navnet
    på en indsats"."""
    async with slack_dm(service, CHIEF) as (chat, _slack):
        await chat("indrapporter")
        await chat("spring over")
        await chat("nej")
        await chat("RK-forløb i alle afdelinger")
        for _theme in range(3):
            saved = await chat("ingen")
        assert "Tema 1: RK-forløb i alle afdelinger" in saved
        await chat("indrapporter")
        await chat("spring over")
        await chat("spring over")
        kept = await chat("det samme som sidst")
        assert "ligner ikke navnet" not in kept
        for _theme in range(3):
            saved = await chat("ingen")
    assert "Intet er ændret" in saved  # (tema 1 kept; the others were "ingen" before too)


async def test_a_themes_initiative_just_saved_is_corrected(service: Service) -> None:
    """"nej vent, det skulle være kompetenceafklaring i alle afdelinger" right after "tema 3:
    onboardingprogram for nye medarbejdere" got a text of the strategy, and the slip stood."""
    saved = await say_text(service, CHIEF, "tema 3: onboardingprogram for nye medarbejdere")
    assert "Tema 3: onboardingprogram for nye medarbejdere" in saved
    fixed = await say_text(service, CHIEF,
                           "nej vent, det skulle være kompetenceafklaring i alle afdelinger")
    assert "Tema 3: kompetenceafklaring i alle afdelinger" in fixed
    history = await say_text(service, CHIEF, "mine indrapporteringer")
    assert "kompetenceafklaring i alle afdelinger" in history.split("\n", 3)[-1][:400]
    # a bare "nej" or a question is no new name
    assert "Tema 3: det" not in await say_text(service, CHIEF, "nej vent, det var det")


async def test_and_in_danish_after_an_english_answer_answers_in_danish(service: Service) -> None:
    """"og på dansk?" right after an English answer crashed the turn ("Beklager, noget gik
    galt hos mig"): IndexError in the reader of what a question asks."""
    english = await say_text(service, EMPLOYEE, "what is the core task")
    assert "core task" in english.lower()
    for line in ("og på dansk?", "og paa dansk", "and in English?"):
        said = await say_text(service, EMPLOYEE, line)
        assert "noget gik galt" not in said, line
        assert "went wrong" not in said, line
    danish = await say_text(service, EMPLOYEE, "og på dansk?")
    assert "aktivt liv" in danish


async def test_thanks_and_goodbye_in_more_words_are_thanks(service: Service) -> None:
    """"thank you, that was helpful" was "does not mention „borgerinddragelse helpful“";
    "ok bye" was "I'm afraid I don't know that"."""
    assert "You're welcome" in await say_text(service, EMPLOYEE, "thank you, that was helpful")
    for line in ("ok bye", "bye bye"):
        assert "Bye – just ask again" in await say_text(service, EMPLOYEE, line), line
    assert "Det var så lidt" in await say_text(service, EMPLOYEE, "tak, det var godt")


async def test_a_theme_and_a_question_is_a_question_not_an_initiative(
        service: Service) -> None:
    """"tema 2 hvad handler d om" from an employee was read as an initiative for theme 2
    ("Indrapportering er for enhedsledere …")."""
    said = await say_text(service, EMPLOYEE, "tema 2 hvad handler d om")
    assert "Indrapportering er for" not in said
    assert "arbejdskultur" in said.lower()
    # a leader's line is not saved either
    said = await say_text(service, CHIEF, "tema 3 hvorfor")
    assert "Gemt" not in said


async def test_a_centres_code_is_explained(service: Service) -> None:
    """"hvad er cop", "what is CSO" right after "status COP" / "status CSO" were "Det ved jeg
    desværre ikke"."""
    said = await say_text(service, EMPLOYEE, "hvad er cop")
    assert "COP er Center for Økonomi og Personale" in said
    assert "status COP" in said
    said = await say_text(service, EMPLOYEE, "what is CSO")
    assert "CSO is Center for" in said
    # a question with more in it is the strategy's ("hvad står der om CPKS i strategien?")
    said = await say_text(service, EMPLOYEE, "hvad står der om CPKS i strategien?")
    assert "CPKS er Center" not in said


async def test_who_sees_the_figures_is_about_the_bot(service: Service) -> None:
    """"hvem kan se de tal lederne indrapporterer?", "kan man se sygefraværet for den enkelte
    medarbejder?" were "Det ved jeg desværre ikke" or the sick-leave goal."""
    for line in ("hvem kan se de tal lederne indrapporterer?",
                 "kan man se sygefraværet for den enkelte medarbejder?"):
        said = await say_text(service, EMPLOYEE, line)
        assert "aldrig tal for den enkelte medarbejder" in said, line
    said = await say_text(service, EMPLOYEE, "hvorfor kan jeg ikke indrapportere")
    assert "er for enhedsledere og centerchefer" in said
    said = await say_text(service, EMPLOYEE, "can a nurse report?")
    assert "for unit leaders and centre chiefs" in said


async def test_shorter_says_the_answer_before_shorter(service: Service) -> None:
    """"kortere tak", "shorter please", "kan du sige det i én sætning?" got the labour-market
    megatrend („kortere ansættelser“) or the answer again word for word."""
    nothing = await say_text(service, EMPLOYEE, "kortere tak")
    assert "ikke noget svar lige før at gøre kortere" in nothing
    whole = await say_text(service, EMPLOYEE, "hvad er relationel koordinering")
    short = await say_text(service, EMPLOYEE, "kortere tak")
    assert "fælles mål, sprog, viden og respekt" in short
    assert len(short) < len(whole)
    assert "kortere ansættelser" not in short
    listed = await say_text(service, EMPLOYEE, "what are the bearings")
    short = await say_text(service, EMPLOYEE, "shorter please")
    assert "Udsyn" in short
    assert "Professionel ledelse" in short
    assert len(short) < len(listed)
    # at the end of the question itself
    said = await say_text(service, EMPLOYEE, "hvad er pejlemærkerne, kort")
    assert "De fem pejlemærker er:" in said
    assert "5–10-årigt perspektiv" not in said
    said = await say_text(service, EMPLOYEE, "hvad er relationel koordinering i korte træk")
    assert "arbejdsmarkedet" not in said
    assert "koordinering" in said


async def test_a_partial_answer_quotes_nothing_unrelated(service: Service) -> None:
    """"hvad koster det hele?" quoted „Vi sætter pris på kreative …“; "hvem sidder i
    koncernchefgruppen?" led in twice ("Det, den nævner, er: Dokumentet nævner …")."""
    said = await say_text(service, EMPLOYEE, "hvad koster det hele?")
    assert "sætter pris på" not in said
    said = await say_text(service, EMPLOYEE, "hvem sidder i koncernchefgruppen")
    assert "Det, den nævner, er" not in said
    assert "ledelsesfora" in said


async def test_pages_covers_claims_and_missing_in_english(service: Service) -> None:
    """"what is on the cover", "can you show me page 10", "missing", "there are 12 centres
    right?" and "actually nvm, tell me about theme 3 instead" were answered with the
    sick-leave goal, asked back, refused, or quoted „… én kommune …“ (round 14, helper-94)."""
    english = "david.owens@ltk.example"
    assert "Page 1 (Cover)" in await say_text(service, english, "what is on the cover")
    assert "PAGE 10" in (await say_text(service, english, "can you show me page 10")).upper()
    assert "SIDE 7" in (await say_text(service, english, "hvad star der på side 7")).upper()
    missing = await say_text(service, english, "missing")
    assert "I'm afraid I don't know that" not in missing
    claim = await say_text(service, english, "there are 12 centres right?")
    assert "“12”" in claim
    assert "de ti centre" in claim
    themes = await say_text(service, english, "there are 4 themes right?")
    assert "Vi samarbejder om kerneopgaven" in themes
    theme = await say_text(service, english, "actually nvm, tell me about theme 3 instead")
    assert "attractive workplace" in theme


async def test_a_question_ending_in_the_same_is_no_keep(service: Service) -> None:
    """"hvad med fleksibel organisation, er det ikke det samme?" was answered "Der er ingen
    indrapportering i gang …" ("det samme" keeps an answer in a check-in)."""
    said = await say_text(service, EMPLOYEE,
                          "hvad med fleksibel organisation, er det ikke det samme?")
    assert "ingen indrapportering i gang" not in said.lower()
    assert "fleksibel organisation" in said.lower()


async def test_only_one_unit_then_the_other_units_report(service: Service) -> None:
    """"undskyld, kun i kommunikation. S&A har ikke rekrutteret i år" right after a line for
    both units saved "rekrutteret: nej" for Kommunikation (the unit named first), and S&A kept
    ja/ja."""
    await say_text(service, OLE, "rekruttering: brugt værktøjskassen i begge")
    said = await say_text(service, OLE,
                          "undskyld, kun i kommunikation. S&A har ikke rekrutteret i år")
    assert "Gemt for Strategi og Analyse: Rekruttering: rekrutteret: nej" in said
    assert "Gemt for Kommunikation" not in said
    history = await say_text(service, OLE, "mine indrapporteringer")
    lines = history.splitlines()
    assert any("Kommunikation – Rekruttering: rekrutteret: ja, værktøjskassen brugt: ja" in line
               and "erstattet" not in line for line in lines), history


async def test_a_line_naming_two_units_is_asked_which(service: Service) -> None:
    """A line that names one unit in full and the other by its initials was saved for the one
    named in full."""
    said = await say_text(service, OLE, "kommunikation og S&A har ikke rekrutteret i år")
    assert "Gemt for Kommunikation" not in said
    assert "Hvilken gælder det?" in said


async def test_correct_a_unit_to_a_status_and_a_form_is_not_renamed(service: Service) -> None:
    """"ret kommunikation til færdig" after "RK i gang i begge" and "ret dialogmøde med
    borgerne til borgermøde" were "Der er ingen enhed eller noget center med koden …"."""
    await say_text(service, OLE, "RK i gang i begge")
    said = await say_text(service, OLE, "ret kommunikation til færdig")
    assert "for Kommunikation: Relationel koordinering: Færdig" in said
    assert "ingen enhed" not in said
    await say_text(service, OLE, "dialogmøde med borgerne afprøvet og evalueret i S&A")
    said = await say_text(service, OLE, "ret dialogmøde med borgerne til borgermøde")
    assert "kan ikke omdøbes" in said
    assert "fjern form dialogmøde med borgerne" in said


async def test_starting_a_check_in_for_a_unit_in_a_sentence(service: Service) -> None:
    """"Hej. Jeg vil gerne indrapportere for Løn og Personale." was "Det ved jeg desværre
    ikke"; "Indrapporter igen – jeg vil lige se det hele igennem …" was "Der er ingen enhed …
    med koden …"."""
    karen = "karen.mortensen@ltk.example"
    async with slack_dm(service, karen) as (chat, _slack):
        started = await chat("Hej. Jeg vil gerne indrapportere for Løn og Personale.")
        assert "Indrapportering for Løn og Personale" in started
        assert "Ingen af dens svar er gemt" in await chat("afbryd")
        again = await chat("Indrapporter igen – jeg vil lige se det hele igennem en gang til.")
        assert "Indrapportering for Løn og Personale" in again
        assert "ingen enhed" not in again.lower()
        await chat("afbryd")


async def test_a_typo_answered_at_are_you_sure_saves_the_figure_meant(service: Service) -> None:
    """"nej det var en tastefejl, 11,9" to "Er du sikker? … nu 1,9" was "Jeg gemte ikke …" and
    a refusal; "sygefraværet var 13,4 og ikke 10,8" was "skriv ét tal"."""
    await say_text(service, OLE, "sygefravær 12,3 @cpks-02")
    asked = await say_text(service, OLE, "sygefravær 1,9 @cpks-02")
    assert "Er du sikker?" in asked
    saved = await say_text(service, OLE, "nej det var en tastefejl, 11,9")
    assert "Gemt for Kommunikation: Sygefravær: 11,9" in saved
    assert "Det ved jeg desværre ikke" not in saved
    said = await say_text(service, OLE, "sygefraværet var 13,4 og ikke 10,8 @cpks-01")
    assert "Gemt for Strategi og Analyse: Sygefravær: 13,4" in said


async def test_two_goals_each_with_its_own_unit(service: Service) -> None:
    """"RK færdig S&A, sygefr kom. 12,0" was asked "Hvilken gælder det?" for the whole line,
    and the answer saved Kommunikation's figure for Strategi og Analyse."""
    said = await say_text(service, OLE, "RK færdig S&A, sygefr kom. 12,0")
    assert "Gemt for Strategi og Analyse: Relationel koordinering: Færdig" in said
    assert "Gemt for Kommunikation: Sygefravær: 12" in said
    assert "Hvilken gælder det?" not in said


async def test_an_fte_proposal_for_a_unit_named_in_words(service: Service) -> None:
    """"årsværk 17 for kommunikation, vi har fået to nye" and "årsværk 20 kommunikation" were
    asked "Hvilken gælder det?" though the unit was named."""
    said = await say_text(service, OLE, "årsværk 17 for kommunikation, vi har fået to nye")
    assert "Forslaget om 17 årsværk for Kommunikation" in said
    said = await say_text(service, OLE, "årsværk 20 kommunikation")
    assert "Forslaget om 20 årsværk for Kommunikation" in said


async def test_goodbyes_centre_names_and_shorter_sentences(service: Service) -> None:
    """Round 14 (helper-96): "god weekend", "så er jeg smuttet" were "Det ved jeg desværre
    ikke"; "tak for nu" showed the live figures; "hvad står CAB for?" said the strategy does
    not explain it; "i én sætning" cut the answer at "Pr." and "(kilde:"; "kort" after the
    bearings dropped their list; "previous page please" was refused."""
    for line in ("god weekend", "så er jeg smuttet", "tak for nu", "farvel"):
        said = await say_text(service, EMPLOYEE, line)
        assert "Hej hej" in said, (line, said)
    assert "Bye" in await say_text(service, EMPLOYEE, "bye bye, have a nice weekend")
    said = await say_text(service, EMPLOYEE, "hvad står CAB for?")
    assert "CAB er Center for Arbejdsmarked og Borgerservice" in said
    await say_text(service, EMPLOYEE, "hvor meget skal sygefraværet falde")
    said = await say_text(service, EMPLOYEE, "i én sætning")
    assert "Pr. 1. juni 2018 var det" in said
    assert "(kilde: KMD)" in said
    await say_text(service, EMPLOYEE, "hvad er pejlemærkerne")
    said = await say_text(service, EMPLOYEE, "kort")
    assert "Professionel ledelse" in said
    assert "5–10-årigt" not in said
    await say_text(service, EMPLOYEE, "what's on page 8")
    assert "PAGE 7" in (await say_text(service, EMPLOYEE, "previous page please")).upper()


async def test_step_by_step_in_whole_sentences(service: Service) -> None:
    """Round 14 (helper-95): at the sick-leave question "Jeg har selv været syg 12 dage i år"
    was saved as the unit's figure, "nej vent, det er faldet til 14,2" and "Sygefraværet er det
    samme som sidst" were "skriv et tal"; "Nej, ikke siden sidst" at "Har … rekrutteret i
    2019? … Uændret (ja)" saved "nej"."""
    from tests.support.service import SUSANNE

    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("i gang")
        await chat("ingen")
        person = await chat("Jeg har selv været syg 12 dage i år")
        assert "en enkelt person" in person
        await chat("nej vent, det er faldet til 14,2")
        await chat("ja")
        saved = await chat("ja")
        assert "Sygefravær: 14,2" in saved
        await chat("indrapporter")
        await chat("spring over")
        await chat("ingen")
        kept = await chat("Sygefraværet er det samme som sidst")
        assert "skriv et tal" not in kept
        await chat("Nej, ikke siden sidst")
        done = await chat("ja")
    assert "Intet er ændret" in done, done


async def test_a_forms_topic_is_no_part_of_its_name(service: Service) -> None:
    """"Vi har holdt et borgermøde om budgettet" was saved as a form of its own beside
    "borgermøde"."""
    from tests.support.service import SUSANNE

    said = await say_text(service, SUSANNE, "Vi har holdt et borgermøde om budgettet")
    assert "borgermøde (afprøvet: ja" in said
    assert "om budgettet" not in said


async def test_the_review_personas_findings(service: Service) -> None:
    """The review's persona (helper-97): "undskyld, kun i kommunikation. S&A er stadig i gang"
    undid S&A's report and asked back; "ret S&A til i gang" started a check-in; "kortere tak"
    after an answer part by part gave its first heading only; "i én sætning" gave two."""
    await say_text(service, OLE, "RK færdig i begge")
    said = await say_text(service, OLE, "undskyld, kun i kommunikation. S&A er stadig i gang")
    assert "Strategi og Analyse: Relationel koordinering: I gang" in said
    said = await say_text(service, OLE, "ret S&A til planlagt")
    assert "Strategi og Analyse: Relationel koordinering: Planlagt" in said
    assert "Indrapportering for" not in said
    await say_text(service, EMPLOYEE, "forskellen på tema 2 og tema 3?")
    said = await say_text(service, EMPLOYEE, "kortere tak")
    assert "arbejdskultur" in said
    assert "attraktiv arbejdsplads" in said
    said = await say_text(service, EMPLOYEE, "hvad er tema 2 i én sætning")
    assert "Omdrejningspunktet" not in said
    assert "Tema 2: Vi forstærker en fælles arbejdskultur" in said


async def test_a_typo_said_with_skal_vaere_and_still_the_same_figure(service: Service) -> None:
    """"Nej, jeg byttede om på tallene, det skal være 13,2" at "Er du sikker?" was not saved;
    "det er stadig 12,9" at the sick-leave question was "skriv et tal"; "det har vi, ja" was
    "svar ja eller nej"."""
    from tests.support.service import SUSANNE

    await say_text(service, SUSANNE, "sygefravær 13,1")
    assert "Er du sikker?" in await say_text(service, SUSANNE, "sygefravær 31,2")
    said = await say_text(service, SUSANNE, "Nej, jeg byttede om på tallene, det skal være 13,2")
    assert "Sygefravær: 13,2" in said
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("i gang")
        await chat("ingen")
        assert "skriv et tal" not in await chat("det er stadig 12,9")
        assert "svar ja eller nej" not in await chat("det har vi, ja")
        await chat("afbryd")
