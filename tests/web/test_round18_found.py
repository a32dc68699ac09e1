"""What round 18 found (the leftovers of round 17's personas and this round's), each through the
real HTTP path (``POST /api/messages`` with a test Bot Connector)."""

from __future__ import annotations

from tests.support.service import OLE, SUSANNE, Service, example_checkins, say_text
from tests.support.slack_chat import slack_dm
from tests.support.steps import standing, until

MIKKEL = "mikkel.krogh@ltk.example"  # the chief of CPKS


def _has(history: str, line: str) -> bool:
    return any(line in row for row in standing(history))


async def test_a_figure_that_will_be_is_not_saved(service: Service) -> None:
    """"sygefravær bliver 12,2" was saved as 12,2, and "RK bliver færdig" as done; a figure
    with a remark about the future ("– det bliver bedre") is still saved."""
    for plan in ("sygefravær bliver 12,2", "RK bliver færdig", "sygefravær bliver nok ca. 12"):
        said = await say_text(service, SUSANNE, plan)
        assert "Gemt" not in said, (plan, said)
        assert "ikke hvad der kommer" in said, (plan, said)
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert not _has(history, "12,2"), history
    said = await say_text(service, SUSANNE, "sygefravær 12,5 - det bliver bedre")
    assert "Gemt for Budget og Regnskab: Sygefravær: 12,5" in said, said


async def test_a_figure_for_a_later_year_is_not_saved(service: Service) -> None:
    """"sygefravær 13 i 2020" was saved: the goal is the figure at the end of 2019."""
    said = await say_text(service, SUSANNE, "sygefravær 13 i 2020")
    assert "Gemt" not in said, said
    said = await say_text(service, SUSANNE, "sygefravær 13 i 2019")
    assert "Gemt for Budget og Regnskab: Sygefravær: 13" in said, said


async def test_none_for_a_theme_with_a_remark(service: Service) -> None:
    """"tema 3: ingen men vi arbejder på det" was saved as an initiative so named."""
    said = await say_text(service, MIKKEL, "tema 3: ingen men vi arbejder på det")
    assert "Tema 3: ingen" in said, said
    assert "arbejder" not in said.split("Tema 3:")[1].split("\n")[0], said
    said = await say_text(service, MIKKEL, "tema 4: ingen nye, men digital post til alle")
    assert "digital post til alle" in said, said


async def test_a_correction_naming_the_unit_just_saved(service: Service) -> None:
    """"nej, S&A er 12,4 ikke 12" right after S&A's 12 was answered from the strategy (the
    unit's name counted as words), and so was "actually kom is 12.2 not 13"."""
    await say_text(service, OLE, "sygefravær S&A 12")
    said = await say_text(service, OLE, "nej, S&A er 12,4 ikke 12")
    assert "Rettet for Strategi og Analyse: Sygefravær: 12,4" in said, said
    await say_text(service, OLE, "sygefravær kom 13")
    said = await say_text(service, OLE, "actually kom is 12.2 not 13")
    assert "Corrected for Kommunikation: Sick leave: 12.2" in said, said
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert _has(history, "Strategi og Analyse – Sygefravær: 12,4"), history
    assert _has(history, "Kommunikation – Sygefravær: 12,2"), history
    assert not _has(history, "Strategi og Analyse – Sygefravær: 12 "), history


async def test_an_fte_figure_after_the_units_name_and_its_correction(service: Service) -> None:
    """"årsværk kommunikation 17" said to write the figure as a number; "nej vent, 15" right
    after a proposal was answered from the strategy, and 17 stood."""
    said = await say_text(service, OLE, "årsværk kommunikation 17")
    assert "Forslaget om 17 årsværk for Kommunikation" in said, said
    said = await say_text(service, OLE, "nej vent, 15")
    assert "Forslaget om 15 årsværk for Kommunikation" in said, said
    assert "erstatter forslaget om 17" in said
    said = await say_text(service, OLE, "årsværk kom 16")
    assert "Forslaget om 16 årsværk for Kommunikation" in said, said
    await say_text(service, OLE, "hvad er målet for RK?")
    said = await say_text(service, OLE, "nej vent, 14")  # (no longer right after it)
    assert "Forslaget" not in said, said
    said = await say_text(service, "admin@ltk.example", "forslag")
    assert "16" in said, said
    assert "Kommunikation" in said
    assert "15 årsværk" not in said


async def test_live_figures_asked_for_in_a_step_by_step_check_in(service: Service) -> None:
    """"status mine enheder" at a question of a step-by-step check-in said it did not
    understand the answer; the figures are shown, and the question asked again."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        said = await chat("indrapporter")
        assert "relationel koordinering?" in said
        said = await chat("status mine enheder")
        assert "*Dine enheder*" in said, said
        assert "Vi fortsætter: Hvor langt er Budget og Regnskab med relationel" in said
        said = await chat("status COP")
        assert "Center for Økonomi og Personale" in said, said
        said = await chat("i gang")
        assert "brugerinddragelse" in said, said
        said = await chat("status mine enheder")
        assert "Vi fortsætter: Hvilken form for borger- og brugerinddragelse" in said, said
        await chat("afbryd")


async def test_a_themes_line_at_a_themes_question(service: Service) -> None:
    """At the step-by-step theme questions: "tema 1: rk-forløb" at theme 1's said to write
    one theme at a time; "tema 4: ingen – nej vent, datadrevet ledelse" at theme 2's was saved
    as theme 2's initiative (over the real one), and theme 4 stayed as it was."""
    async with slack_dm(service, MIKKEL) as (chat, _slack):
        said = await chat("indrapporter")
        while "under tema 1" not in said:
            said = await chat("spring over")
        said = await chat("tema 1: rk-forløb")
        assert "under tema 2" in said, said
        said = await chat("tema 4: ingen – nej vent, datadrevet ledelse")
        assert "Tema 4: datadrevet ledelse" in said, said
        assert "Vi fortsætter:" in said
        assert "under tema 2" in said
        said = await chat("afbryd")
    history = await say_text(service, MIKKEL, "mine indrapporteringer")
    assert _has(history, "Tema 4: datadrevet ledelse"), history
    assert not _has(history, "Tema 2"), history


async def test_a_themes_initiative_runs_to_the_end_of_the_line(service: Service) -> None:
    """"theme 2: wellbeing survey and sick leave talks" was saved as "wellbeing survey", and
    "sick leave talks" asked for a figure."""
    said = await say_text(service, MIKKEL, "theme 2: wellbeing survey and sick leave talks")
    assert "Theme 2: wellbeing survey and sick leave talks" in said, said
    assert "number" not in said
    said = await say_text(service, MIKKEL, "tema 1: RK-forløb, tema 3: onboarding")
    assert "Tema 1: RK-forløb" in said, said
    assert "Tema 3: onboarding" in said


async def test_a_count_to_be_confirmed_that_is_wrong(service: Service) -> None:
    """"der er 5 temaer, ikke?" got the five themes of the Leder- og medarbejdergrundlag,
    which left the claim standing ("ik?" was already answered right)."""
    for claim in ("der er 5 temaer, ikke?", "der er 5 temaer, ikk?"):
        said = await say_text(service, "anne.nielsen@ltk.example", claim)
        assert "nævner ikke „5“" in said, said
        assert "Tema 4: Vi udforsker mulighederne i digitalisering" in said
    said = await say_text(service, "anne.nielsen@ltk.example", "der er 4 temaer, ikke?")
    assert "nævner ikke" not in said, said


async def test_a_weekend_digest_and_a_schedule_said_again(service: Service) -> None:
    """"abonnér ugentlig lørdag kl 9" was accepted as Saturday and came on Monday;
    "abonnér dagligt – nej vent, ugentlig fredag 14" was refused as daily."""
    said = await say_text(service, MIKKEL, "abonnér ugentlig lørdag kl 9")
    assert "hverdage" in said, said
    assert "Abonneret" not in said
    said = await say_text(service, MIKKEL, "abonnér dagligt – nej vent, ugentlig fredag 14")
    assert "hver fredag kl. 14:00" in said, said
    said = await say_text(service, MIKKEL, "abonnementer")
    assert "hver fredag kl. 14:00" in said, said
    assert "lørdag" not in said


async def test_a_schedule_said_again_right_after_subscribing(service: Service) -> None:
    """"nej vent, ugentlig fredag kl 14" and "nej vent, kl 15" right after subscribing were
    read as corrections of an older check-in ("der er intet tal at rette"), and the schedule
    stood."""
    said = await say_text(service, MIKKEL, "abonnér ugentligt")
    assert "hver mandag kl. 09:00" in said, said
    said = await say_text(service, MIKKEL, "nej vent, ugentlig fredag kl 14")
    assert "hver fredag kl. 14:00" in said, said
    said = await say_text(service, MIKKEL, "nej vent, kl 15")
    assert "hver fredag kl. 15:00" in said, said
    said = await say_text(service, MIKKEL, "nej tak")
    assert "Abonnement" not in said, said
    said = await say_text(service, MIKKEL, "abonnementer")
    assert "hver fredag kl. 15:00" in said, said


async def test_an_fte_figure_planned_or_hedged_is_not_proposed(service: Service) -> None:
    """"årsværk S&A bliver 16 fra januar" and "årsværk S&A er vist 15 men jeg skal lige
    tjekke" went to an administrator as proposals."""
    said = await say_text(service, OLE, "årsværk S&A bliver 16 fra januar")
    assert "Intet er gemt: skriv, hvordan det står nu" in said, said
    said = await say_text(service, OLE, "årsværk S&A er vist 15 men jeg skal lige tjekke")
    assert "Intet er gemt – skriv det, når du ved det." in said, said
    said = await say_text(service, "admin@ltk.example", "forslag")
    assert "Strategi og Analyse" not in said, said


async def test_an_fte_proposal_moved_to_the_other_unit(service: Service) -> None:
    """"nej vent, det var kom" right after a proposal for S&A was answered from the strategy,
    and the proposal stayed with S&A; a leader's "mine forslag" said only administrators
    may."""
    await say_text(service, OLE, "årsværk 16 @CPKS-01")
    said = await say_text(service, OLE, "nej vent, det var kom")
    assert "Forslaget om 16 årsværk for Strategi og Analyse er trukket tilbage." in said, said
    assert "Forslaget om 16 årsværk for Kommunikation er sendt" in said
    said = await say_text(service, OLE, "mine forslag")
    assert "Strategi og Analyse: 14 årsværk registreret; intet forslag venter" in said, said
    assert "Kommunikation: 18 årsværk registreret; dit forslag om 16 venter" in said
    said = await say_text(service, "admin@ltk.example", "forslag")
    assert "Kommunikation: 16 årsværk" in said, said
    assert "Strategi og Analyse" not in said


async def test_a_range_is_no_figure(service: Service) -> None:
    """"sygefravær mellem 10 og 11 i S&A" was saved as 11."""
    for line in ("sygefravær mellem 10 og 11 i S&A", "sick leave between 10 and 11 @CPKS-01"):
        said = await say_text(service, OLE, line)
        assert "Gemt" not in said, said
        assert "Saved" not in said
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert not _has(history, "Sygefravær"), history


async def test_a_status_taken_back_at_the_next_question(service: Service) -> None:
    """"færdig" at the RK question, then "nej vent, i gang stadig" at the form question: it
    said the correction was no form's name, and the check-in saved Færdig."""
    async with slack_dm(service, OLE) as (chat, _slack):
        said = await chat("indrapporter kom")
        assert "relationel koordinering?" in said, said
        said = await chat("færdig")
        assert "brugerinddragelse" in said, said
        said = await chat("nej vent, i gang stadig")
        assert "Rettet: Relationel koordinering: I gang" in said, said
        while "Gemt" not in said and "gemt" not in said:
            said = await chat("spring over")
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert _has(history, "Kommunikation – Relationel koordinering: I gang"), history
    assert not _has(history, "Færdig"), history


async def test_a_ranking_followed_up(service: Service) -> None:
    """"top 3" and "hvem er værst" right after a ranking were answered from the strategy;
    "hvem er nr 1 på rk" got the text on RK's internal resources."""
    employee = "anne.nielsen@ltk.example"
    bot = service.bot
    await example_checkins(bot)
    said = await say_text(service, employee, "hvilket center er bedst på sygefravær?")
    assert "1. " in said, said
    said = await say_text(service, employee, "top 3")
    assert "Tættest på målet først" in said, said
    said = await say_text(service, employee, "og hvem er så værst?")
    assert "Længst fra målet først" in said, said
    said = await say_text(service, employee, "hvem er bedst til at samarbejde?")
    assert "Tættest på målet" not in said, said
    said = await say_text(service, employee, "hvem er nr 1 på rk")
    assert "RELATIONEL KOORDINERING" in said.upper(), said
    assert "først" in said
    places = [line.split(".")[0].strip(" -•*") for line in said.splitlines()
              if line.strip(" -•*")[:1].isdigit()]
    assert places[:2] == ["1", "1"], said  # a tie shares its place (it was 1, 2, 3 …)


async def test_a_years_claim_is_the_strategys(service: Service) -> None:
    """"værktøjskassen blev lavet i 2019, ikke?" got the live recruitment figures."""
    said = await say_text(service, "anne.nielsen@ltk.example",
                          "værktøjskassen blev lavet i 2019, ikke?")
    assert "I 2018 blev der udarbejdet" in said, said
    assert "har brugt værktøjskassen (" not in said


async def test_a_themes_initiative_moved_to_another_theme(service: Service) -> None:
    """"nej vent, det hører til tema 2" right after theme 3's initiative was refused ("der er
    intet tal at rette"), and "nej vent det var tema 4" said to write one theme at a time;
    "nej vent, tema 3: X" after "Intet er ændret" was asked "Mente du …?"."""
    await say_text(service, MIKKEL, "tema 3: onboardingprogram for nye medarbejdere")
    said = await say_text(service, MIKKEL, "nej vent, det hører til tema 2")
    assert "Tema 2: onboardingprogram for nye medarbejdere" in said, said
    await say_text(service, MIKKEL, "tema 1: fælles visitationsmøder")
    said = await say_text(service, MIKKEL, "nej vent det var tema 4")
    assert "Tema 4: fælles visitationsmøder" in said, said
    history = await say_text(service, MIKKEL, "mine indrapporteringer")
    assert not _has(history, "Tema 3: onboarding"), history
    assert not _has(history, "Tema 1: fælles"), history
    await say_text(service, MIKKEL, "tema 3: ingen")
    said = await say_text(service, MIKKEL, "tema 3: ingen")
    assert "Intet er ændret" in said, said
    said = await say_text(service, MIKKEL, "nej vent, tema 3: karriereveje")
    assert "Tema 3: karriereveje" in said, said


async def test_a_figure_to_confirm_right_after_its_goal(service: Service) -> None:
    """"målet er 12 dage, ikke?" right after the sick-leave goal was refused ("Det ved jeg
    desværre ikke"): it is that goal's claim."""
    employee = "lise.berg@ltk.example"
    await say_text(service, employee, "hvad er målet for sygefravær?")
    said = await say_text(service, employee, "målet er 12 dage, ikke?")
    assert "Strategien nævner ikke „12“" in said, said
    assert "13,5 dagsværk" in said


async def test_an_fte_proposal_taken_back(service: Service) -> None:
    """"aarsvaerk 24 var forkert, det er 22" kept the 24; "aarsvaerk 22" (the registered
    figure) left 24 waiting; "traek mit forslag om aarsvaerk tilbage" and "annuller
    forslaget" were answered from the strategy — a leader could not take a proposal back."""
    await say_text(service, SUSANNE, "årsværk 24")
    said = await say_text(service, SUSANNE, "aarsvaerk 24 var forkert, det er 22")
    assert "Forslaget om 24 årsværk for Budget og Regnskab er trukket tilbage." in said, said
    await say_text(service, SUSANNE, "årsværk 24")
    said = await say_text(service, SUSANNE, "aarsvaerk 22")
    assert "trukket tilbage" in said, said
    await say_text(service, SUSANNE, "årsværk 25")
    said = await say_text(service, SUSANNE, "traek mit forslag om aarsvaerk tilbage")
    assert "Forslaget om 25 årsværk for Budget og Regnskab er trukket tilbage." in said, said
    said = await say_text(service, SUSANNE, "annuller forslaget")
    assert "Der venter intet forslag til årsværk fra dig." in said, said
    said = await say_text(service, "admin@ltk.example", "forslag")
    assert "Budget og Regnskab" not in said, said


async def test_a_figure_in_words_at_the_steps_figure_question(service: Service) -> None:
    """"tretten komma to" at the sick-leave question said to write a number (the same
    one-liner was read)."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        said = await chat("indrapporter")
        while "sygefraværet" not in said:
            said = await chat("spring over")
        said = await chat("tretten komma to")
        assert "rekrutteret" in said, said
        await until(chat, said, lambda said: "Gemt" in said or "gemt" in said)
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert _has(history, "Sygefravær: 13,2"), history


async def test_against_the_target_after_a_figure_and_a_status(service: Service) -> None:
    """"er det under maalet?" right after "sygefravaer 11,9 og rk faerdig" listed every goal."""
    await say_text(service, SUSANNE, "sygefravaer 11,9 og rk faerdig")
    said = await say_text(service, SUSANNE, "er det under maalet?")
    assert "11,9 dagsværk pr. årsværk ligger under målet på 13,5" in said, said


async def test_status_of_a_units_code(service: Service) -> None:
    """"status COP-01" showed the whole municipality's figures: a unit's centre, said so."""
    said = await say_text(service, "admin@ltk.example", "status COP-01")
    assert "Budget og Regnskab hører til Center for Økonomi og Personale" in said, said
    assert "Fremdrift i Center for Økonomi og Personale" in said


async def test_none_for_a_theme_with_a_plan_after_it(service: Service) -> None:
    """"tema 3: ingen men vi laver onboarding i 2020" was saved as an initiative "vi laver
    onboarding i 2020" (round 18's own "ingen nye, men X" rule read it as a name)."""
    said = await say_text(service, MIKKEL, "tema 3: ingen men vi laver onboarding i 2020")
    assert "Tema 3: ingen" in said, said
    assert "onboarding" not in said


async def test_a_status_said_with_what_it_is_not(service: Service) -> None:
    """"S&A er færdig med RK, ikke i gang" was saved as "Ikke startet" (the phrase "ikke i
    gang")."""
    said = await say_text(service, OLE, "S&A er færdig med RK, ikke i gang")
    assert "Gemt for Strategi og Analyse: Relationel koordinering: Færdig" in said, said
    said = await say_text(service, SUSANNE, "RK ikke i gang")
    assert "Relationel koordinering: Ikke startet" in said, said


async def test_fte_written_without_its_danish_letters(service: Service) -> None:
    """"arsvaerk 16 @CPKS-02" and "arsvaerk kom 15" were answered from the strategy; "træk
    mit forslag tilbage" with two waiting withdrew both."""
    said = await say_text(service, OLE, "arsvaerk 16 @CPKS-02")
    assert "Forslaget om 16 årsværk for Kommunikation" in said, said
    said = await say_text(service, OLE, "arsvaerk s&a 13")
    assert "Forslaget om 13 årsværk for Strategi og Analyse" in said, said
    said = await say_text(service, OLE, "træk mit forslag tilbage")
    assert "Hvilket skal trækkes tilbage?" in said, said
    assert "trukket tilbage" not in said
    said = await say_text(service, OLE, "træk mit forslag tilbage @CPKS-02")
    assert "Forslaget om 16 årsværk for Kommunikation er trukket tilbage." in said, said
    assert "Strategi og Analyse" not in said


async def test_a_line_in_parts_labelled_with_their_units(service: Service) -> None:
    """"S&A: RK færdig og sygefravær 12,8, kom: RK i gang og sygefravær 11,9" saved S&A's RK
    as "I gang" (Kommunikation's status) and nothing else."""
    said = await say_text(service, OLE, "S&A: RK færdig og sygefravær 12,8, kom: RK i gang og "
                                        "sygefravær 11,9")
    for line in ("Strategi og Analyse: Relationel koordinering: Færdig",
                 "Strategi og Analyse: Sygefravær: 12,8",
                 "Kommunikation: Relationel koordinering: I gang",
                 "Kommunikation: Sygefravær: 11,9"):
        assert f"Gemt for {line}" in said, (line, said)
    said = await say_text(service, OLE, "Strategi og Analyse: sygefravær 12, Kommunikation: "
                                        "sygefravær 13")
    assert "Gemt for Strategi og Analyse: Sygefravær: 12 " in said, said
    assert "Gemt for Kommunikation: Sygefravær: 13 " in said


async def test_a_themes_number_in_words(service: Service) -> None:
    """"tema fire: chatbot pilot" got the text about the bot ("chatbot"); nothing was saved."""
    said = await say_text(service, MIKKEL, "tema fire: chatbot pilot")
    assert "Gemt for Center for Politik, Kultur og Strategi: Tema 4: chatbot pilot" in said, said
    # (two themes in words are two themes: "og tre: x" was saved as theme 2's initiative)
    said = await say_text(service, MIKKEL, "tema to og tre: x")
    assert "ét tema ad gangen" in said, said
    assert "Gemt" not in said


async def test_a_schedule_said_again_and_refused_then_again(service: Service) -> None:
    """"nej vent, søndag" right after subscribing got "Det ved jeg desværre ikke", and the
    next "nej vent, fredag 14.30" was read as a correction of a check-in."""
    await say_text(service, MIKKEL, "abonnér ugentlig fredag kl 14")
    said = await say_text(service, MIKKEL, "nej vent, søndag")
    assert "hverdage" in said, said
    said = await say_text(service, MIKKEL, "nej vent, fredag 14.30")
    assert "hver fredag kl. 14:30" in said, said
    said = await say_text(service, MIKKEL, "nej vent, torsdag")
    assert "hver torsdag kl. 14:30" in said, said
