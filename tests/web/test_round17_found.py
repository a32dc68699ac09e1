"""What round 17's personas found, each through the real HTTP path (``POST /api/messages`` with
a test Bot Connector), or through signed Slack for a step-by-step check-in."""

from __future__ import annotations

from tests.support.service import OLE, SUSANNE, Service, example_checkins, say_text
from tests.support.slack_chat import slack_dm
from tests.support.steps import standing, until


def _has(history: str, line: str) -> bool:
    return any(line in row for row in standing(history))


async def test_a_clipped_unit_name_last_in_the_line(service: Service) -> None:
    """"sygefr 12,7 kom - er det under maalet?" asked which unit, and "og S&A?" next saved
    12,7 for Strategi og Analyse."""
    said = await say_text(service, OLE, "sygefr 12,7 kom - er det under maalet?")
    assert "Gemt for Kommunikation: Sygefravær: 12,7" in said, said
    assert "under målet" in said
    said = await say_text(service, OLE, "borgermoede afproevet kom")
    assert "Gemt for Kommunikation: Borger- og brugerinddragelse: borgermoede" in said, said


async def test_a_clipped_unit_name_first_before_har(service: Service) -> None:
    said = await say_text(service, OLE, "kom har rekrutteret og brugt vaerktoejskassen")
    assert "Gemt for Kommunikation: Rekruttering" in said, said


async def test_kom_as_a_verb_names_no_unit(service: Service) -> None:
    said = await say_text(service, OLE, "vi kom i gang med RK")
    assert "Gemt" not in said, said
    assert "Hvilken gælder det?" in said


async def test_both_last_in_the_line(service: Service) -> None:
    """"sygefr 13,5 begge" asked which unit ("i begge" was understood)."""
    said = await say_text(service, OLE, "sygefr 13,5 begge")
    assert "Gemt for Strategi og Analyse: Sygefravær: 13,5" in said, said
    assert "Gemt for Kommunikation: Sygefravær: 13,5" in said


async def test_a_correction_naming_the_other_unit_clipped(service: Service) -> None:
    """"nej vent det var kom" after a line saved for S&A was answered from the strategy."""
    await say_text(service, OLE, "sygefr 13,0 s&a")
    said = await say_text(service, OLE, "nej vent det var kom")
    assert "Gemt for Kommunikation: Sygefravær: 13" in said, said
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert _has(history, "Kommunikation – Sygefravær: 13 ")
    assert not _has(history, "Strategi og Analyse – Sygefravær: 13 ")


async def test_the_figure_said_now_beside_last_years(service: Service) -> None:
    """"Vores sygefravær var 14 sidste år og er nu 12,5." was answered from the strategy and
    nothing was saved."""
    said = await say_text(service, SUSANNE, "Vores sygefravær var 14 sidste år og er nu 12,5.")
    assert "Gemt for Budget og Regnskab: Sygefravær: 12,5" in said, said
    said = await say_text(service, SUSANNE, "Our sick leave was 14 last year and is now 11.9.")
    assert "Saved for Budget og Regnskab: Sick leave: 11.9" in said, said


async def test_a_status_for_later_at_the_status_question(service: Service) -> None:
    """"RK færdig i december" at the step's status question was saved as "Færdig" (the same
    one-liner is refused as a plan)."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        said = await chat("indrapporter")
        assert "relationel koordinering?" in said
        for plan in ("RK færdig i december", "Vi regner med at være færdige i december."):
            said = await chat(plan)
            assert "ikke hvornår det bliver færdigt" in said, said
            assert "relationel koordinering?" in said
        said = await chat("Vi er i gang, men langt fra færdige.")
        assert "brugerinddragelse" in said, said  # "I gang": the next question
        said = await chat("Vi bliver færdige i december")
        assert "ligner ikke navnet" in said, said
        await chat("afbryd")
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert not _has(history, "Relationel koordinering: Færdig")


async def test_the_status_said_within_the_check_in_is_saved(service: Service) -> None:
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("Vi er i gang, men langt fra færdige.")
        await until(chat, await chat("spring over"),
                    lambda said: "Gemt for Budget og Regnskab" in said)
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert _has(history, "Budget og Regnskab – Relationel koordinering: I gang"), history


async def test_a_status_corrected_at_a_later_question(service: Service) -> None:
    """"nej vent RK er faerdig" after "Planlagt" asked which unit, said "Intet er ændret", and
    the check-in then saved "Planlagt"."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        assert "brugerinddragelse" in await chat("planlagt")
        said = await chat("nej vent RK er faerdig")
        assert "Rettet: Relationel koordinering: Færdig" in said, said
        assert "brugerinddragelse" in said
        await until(chat, await chat("spring over"),
                    lambda said: "Gemt for Budget og Regnskab" in said)
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert _has(history, "Budget og Regnskab – Relationel koordinering: Færdig"), history


async def test_start_over_in_a_sentence(service: Service) -> None:
    """"Start forfra, tak." was read as a form's name; only the answer to "go on or start
    over?" began again."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("i gang")
        for said in ("Start forfra, tak.", "Undskyld, jeg blev forstyrret. Kan vi starte forfra?"):
            reply = await chat(said)
            assert "Indrapportering for Budget og Regnskab" in reply, reply
            assert "relationel koordinering?" in reply
        await chat("afbryd")


async def test_yes_and_a_later_flag_in_one_answer(service: Service) -> None:
    """"Ja, men vi har ikke evalueret den endnu" to "Er den afprøvet?" asked "Er den
    evalueret?" next."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("i gang")
        assert "Er den afprøvet?" in await chat("borgermøde")
        said = await chat("Ja, men vi har ikke evalueret den endnu.")
        assert "evalueret?" not in said, said
        assert "note" in said
        await chat("ingen")
        assert "Hvilken form" in await chat("ja")  # another form
        assert "Er den afprøvet?" in await chat("fremtidsværksted")
        assert "note" in await chat("afprøvet og evalueret")  # both answered at once
        await until(chat, await chat("ingen"), lambda said: "Gemt for Budget og Regnskab" in said,
                    answer=lambda said: "nej" if "flere former" in said else "spring over")
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert _has(history, "borgermøde (afprøvet: ja, evalueret: nej)"), history
    assert _has(history, "fremtidsværksted (afprøvet: ja, evalueret: ja)"), history


async def test_a_figure_asked_in_the_past_is_the_strategys(service: Service) -> None:
    """"hvad var sygefravaeret" showed the live figure (14,2), and "hvor kommer det tal fra"
    next gave the strategy's source (KMD) as if it were the live figure's."""
    said = await say_text(service, "medarbejder@ltk.example", "hvad var sygefravaeret")
    assert "14,9" in said, said
    assert "Fremdrift" not in said
    said = await say_text(service, "medarbejder@ltk.example", "hvordan går det med sygefraværet?")
    assert "Fremdrift" in said, said


async def test_money_asked_of_a_goal_is_no_live_figure(service: Service) -> None:
    said = await say_text(service, "medarbejder@ltk.example",
                          "how much budget is allocated to relational coordination?")
    assert "Progress" not in said, said


async def test_a_page_summarised(service: Service) -> None:
    """"opsummer side 9", "giv mig de vigtigste pointer fra side 8" were the overview, a
    bearing or "Det ved jeg desværre ikke"; "og naste side" was refused."""
    who = "medarbejder@ltk.example"
    assert "Side 9 i Koncernstrategi 2019" in await say_text(service, who, "opsummer side 9")
    assert "Page 9 of Corporate Strategy 2019" in await say_text(service, who,
                                                                 "summarise page 9")
    said = await say_text(service, who, "giv mig de vigtigste pointer fra side 8")
    assert "Side 8 i Koncernstrategi 2019" in said, said
    assert "Side 9 i Koncernstrategi 2019" in await say_text(service, who, "og naste side")


async def test_a_theme_summarised(service: Service) -> None:
    said = await say_text(service, "medarbejder@ltk.example", "opsummer tema 1")
    assert "Tema 1: Vi samarbejder om kerneopgaven" in said, said


async def test_a_wish_to_see_what_was_reported(service: Service) -> None:
    """"Goddag. Jeg vil gerne se, hvad vi tidligere har indrapporteret for Budget og Regnskab."
    showed the centre's progress."""
    await say_text(service, SUSANNE, "sygefravær 12,8")
    said = await say_text(service, SUSANNE, "Goddag. Jeg vil gerne se, hvad vi tidligere har "
                                            "indrapporteret for Budget og Regnskab.")
    assert "Dine seneste indrapporteringer for Budget og Regnskab" in said, said


async def test_my_centre_compared_with_two_others(service: Service) -> None:
    """"compare my centre with COP and CSS" left the asker's own centre out."""
    said = await say_text(service, "mikkel.krogh@ltk.example",
                          "compare my centre with COP and CSS")
    shown = [line for line in said.splitlines() if line.startswith("Progress in")]
    assert shown == ["Progress in Center for Politik, Kultur og Strategi",
                     "Progress in Center for Økonomi og Personale",
                     "Progress in Center for Social Service"], said


async def test_one_unit_named_to_undo_one_of_two(service: Service) -> None:
    """"kun kom" to "Vil du fortryde dem alle, eller kun én af dem?" was answered from the
    strategy, and nothing was undone."""
    await say_text(service, OLE, "sygefr 12,2 i begge")
    assert "kun én af dem" in await say_text(service, OLE, "fortryd")
    said = await say_text(service, OLE, "kun kom")
    assert "Fortrudt: Sygefravær: 12,2 dagsværk pr. årsværk (Kommunikation)" in said, said
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert _has(history, "Strategi og Analyse – Sygefravær: 12,2")
    assert not _has(history, "Kommunikation – Sygefravær: 12,2")


async def test_how_often_to_report(service: Service) -> None:
    said = await say_text(service, SUSANNE, "Do I need to report sick leave every month?")
    assert "last 12 months" in said, said


async def test_next_right_after_a_page(service: Service) -> None:
    """"naeste" right after "side 4" was "Der er ingen indrapportering i gang at afbryde eller
    springe i"."""
    who = "sosu@ltk.example"
    await say_text(service, who, "side 4")
    assert "Side 5 i Koncernstrategi 2019" in await say_text(service, who, "naeste")
    assert "Side 3 i Koncernstrategi 2019" in await say_text(service, who,
                                                             "hvad sttar der pa side 3")


async def test_an_employee_naming_a_goal_gets_no_check_in_hint(service: Service) -> None:
    """"sygefravaer hos os pa plejecentret" from an employee got "skriv et tal, fx 12,8"."""
    said = await say_text(service, "sosu@ltk.example", "sygefravaer hos os pa plejecentret")
    assert "skriv et tal" not in said, said
    assert "Skriv fx" not in said


async def test_shorter_keeps_the_goal_the_answer_quotes(service: Service) -> None:
    """"shorter please" after the sick-leave target kept the 14,9 baseline and dropped the
    target itself."""
    who = "sosu@ltk.example"
    await say_text(service, who, "what is the sick leave target")
    said = await say_text(service, who, "shorter please")
    assert "13.5 days per full-time equivalent by the end of 2019" in said, said


async def test_the_goal_without_its_aa_after_its_figures(service: Service) -> None:
    """"hvad er malet" right after the sick-leave figures gave all six goals."""
    who = "sosu@ltk.example"
    await say_text(service, who, "how is sick leave going?")
    said = await say_text(service, who, "hvad er malet")
    assert said.startswith("Mål: sygefravær ned til 13,5"), said


async def test_only_one_unit_named_clipped_after_both(service: Service) -> None:
    """"kun i kom" after "sygefr 12,6 begge" was answered from the strategy: S&A kept the
    figure its leader had taken back."""
    await say_text(service, OLE, "sygefr 12,6 begge")
    said = await say_text(service, OLE, "kun i kom")
    assert "Fortrudt: Sygefravær: 12,6 dagsværk pr. årsværk (Strategi og Analyse)" in said, said


async def test_a_whole_figure_then_a_clipped_unit(service: Service) -> None:
    """"sygefravær 13 kom" was answered from the strategy ("13 kom": thirteen of something)."""
    said = await say_text(service, OLE, "sygefravær 13 kom")
    assert "Gemt for Kommunikation: Sygefravær: 13" in said, said


async def test_a_lapsed_line_shows_each_units_code(service: Service) -> None:
    """The hint after an unanswered "which unit?" gave the first unit's code alone, and a
    line meant for the other one was saved for it when the hint was followed."""
    assert "Hvilken gælder det?" in await say_text(service, OLE, "sygefravær 13,4")
    said = await say_text(service, OLE, "afbryd")
    assert '"sygefravær 13,4 @CPKS-01" (Strategi og Analyse)' in said, said
    assert '"sygefravær 13,4 @CPKS-02" (Kommunikation)' in said


async def test_an_admin_checks_in_for_a_unit_by_its_name(service: Service) -> None:
    """"indrapporter kommunikation" from the admin said its leader checks in for it."""
    said = await say_text(service, "admin@ltk.example", "indrapporter kommunikation")
    assert "Indrapportering" in said, said
    assert "Kommunikation" in said
    assert "det gør dens leder" not in said


async def test_a_clipped_unit_name_or_both_first_in_the_line(service: Service) -> None:
    """"kom rk faerdig", "kom sygefr 11,5", "begge rk faerdig" asked which unit."""
    said = await say_text(service, OLE, "kom rk faerdig")
    assert "Gemt for Kommunikation: Relationel koordinering: Færdig" in said, said
    said = await say_text(service, OLE, "kom sygefr 11,5")
    assert "Gemt for Kommunikation: Sygefravær: 11,5" in said, said
    said = await say_text(service, OLE, "begge rk i gang")
    assert "Strategi og Analyse" in said, said
    assert "Hvilken gælder det?" not in said


async def test_will_we_reach_the_goal_is_where_it_stands(service: Service) -> None:
    """"vil vi nå målet om RK inden nytår?", "når vi målene?", "will we make the sick leave
    target?" gave the goal's text."""
    who = "mikkel.krogh@ltk.example"
    assert (await say_text(service, who, "vil vi nå målet om RK inden nytår?")).startswith(
        "Fremdrift")
    assert (await say_text(service, who, "når vi målene?")).startswith("Fremdrift")
    assert (await say_text(service, who, "will we make the sick leave target?")).startswith(
        "Progress")


async def test_a_themes_initiative_said_again_in_a_correction(service: Service) -> None:
    """"nej vent, tema 3: karriereveje" right after theme 3's initiative said "der er intet tal
    at rette" about „Tema : …“ (without its number)."""
    who = "mikkel.krogh@ltk.example"
    await say_text(service, who, "tema 3: afdækning af kompetencebehov i alle centre")
    said = await say_text(service, who, "nej vent, tema 3: karriereveje")
    assert "Rettet for Center for Politik, Kultur og Strategi: Tema 3: karriereveje" in said, said


async def test_the_centres_ranked_by_a_goals_live_figure(service: Service) -> None:
    """"hvilket center er værst på sygefravær?" said the strategy ranks nothing; the bot's
    own figures rank the centres (a withheld figure is never ranked)."""
    bot = service.bot
    await example_checkins(bot)
    said = await say_text(service, "medarbejder@ltk.example",
                          "hvilket center er værst på sygefravær?")
    assert said.startswith("Centrene efter levende tal: Sygefravær"), said
    figures = [float(line.rsplit(": ", 1)[1].replace(",", "."))
               for line in said.splitlines() if line.split(".", 1)[0].isdigit()]
    assert len(figures) >= 3, said
    assert figures == sorted(figures, reverse=True)  # the highest sick leave first
    assert "Politik, Kultur og Strategi: vises ikke" in said  # withheld: never ranked
    said = await say_text(service, "medarbejder@ltk.example",
                          "which centre has the lowest sick leave?")
    assert "Closest to the target first" in said, said


async def test_back_from_past_the_last_page(service: Service) -> None:
    """"forrige side" after "side 12" – "næste" ("only 12 pages") showed page 12 again."""
    who = "laerer@ltk.example"
    await say_text(service, who, "side 12")
    assert "kun 12 sider" in await say_text(service, who, "næste")
    assert "Side 11 i Koncernstrategi 2019" in await say_text(service, who, "forrige side")


async def test_an_english_claim_in_statement_form(service: Service) -> None:
    """"the sick leave goal is 12 days?" and "the relational coordination goal is 20 units?"
    got the live figures, which left the claim standing."""
    who = "physio@ltk.example"
    said = await say_text(service, who, "the sick leave goal is 12 days?")
    assert "does not mention “12”" in said, said
    assert "13,5" in said
    said = await say_text(service, who, "the relational coordination goal is 20 units?")
    assert "does not mention “20”" in said, said


async def test_shorter_right_after_the_whole_strategy(service: Service) -> None:
    """"kortere tak" right after "hele strategien" said there was no answer before it."""
    who = "laerer@ltk.example"
    await say_text(service, who, "hele strategien")
    said = await say_text(service, who, "kortere tak")
    assert said.startswith("Koncernstrategi 2019"), said


KAREN = "karen.mortensen@ltk.example"


async def test_what_will_be_done_with_a_form_is_not_saved(service: Service) -> None:
    """"dialogmødet bliver evalueret i december" was saved as a form "dialogmødet bliver",
    tried and evaluated (and the goal read "Nået"); a forecast figure was saved as the
    figure."""
    said = await say_text(service, KAREN, "dialogmødet bliver evalueret i december")
    assert "Gemt" not in said, said
    assert "ikke hvad der kommer" in said
    said = await say_text(service, KAREN, "sygefraværet ender nok på 13 ved årets udgang")
    assert "Gemt" not in said, said
    history = await say_text(service, KAREN, "mine indrapporteringer")
    assert "dialogmødet" not in history
    assert "Sygefravær: 13 " not in history


async def test_a_flag_negated_at_its_own_question(service: Service) -> None:
    """"ja, men ikke evalueret" at "Er den evalueret?" was saved as evaluated; "status mine
    enheder" at the form's question was saved as a form."""
    async with slack_dm(service, KAREN) as (chat, _slack):
        await chat("indrapporter")
        assert "brugerinddragelse" in await chat("i gang")
        said = await chat("status mine enheder")
        assert "*Dine enheder*" in said, said  # (round 18: the figures, and on)
        assert "Vi fortsætter: Hvilken form" in said
        assert "Er den afprøvet?" in await chat("brugerworkshop")
        assert "Er den evalueret?" in await chat("ja")
        await chat("ja, men ikke evalueret")
        await until(chat, await chat("ingen"), lambda said: "Gemt for Løn og Personale" in said,
                    answer=lambda said: "nej" if "flere former" in said else "spring over")
    history = await say_text(service, KAREN, "mine indrapporteringer")
    assert _has(history, "brugerworkshop (afprøvet: ja, evalueret: nej)"), history
    assert "status mine enheder" not in history


async def test_a_theme_set_to_none(service: Service) -> None:
    """"tema 4: ingen" over an initiative said "Intet er ændret", and the initiative stood;
    "nej vent, tema 3: ingen alligevel" was saved as an initiative so named."""
    who = "mikkel.krogh@ltk.example"
    await say_text(service, who, "tema 4: digital post til alle borgere")
    said = await say_text(service, who, "tema 4: ingen")
    assert "Tema 4: ingen" in said, said
    await say_text(service, who, "tema 3: onboarding af ledere")
    said = await say_text(service, who, "nej vent, tema 3: ingen alligevel")
    assert "Tema 3: ingen" in said, said
    assert "alligevel" not in said


async def test_the_other_unit_clipped_after_og(service: Service) -> None:
    """"og kom er 14" right after "sygefr S&A 12,5" was answered from the strategy."""
    await say_text(service, OLE, "sygefr S&A 12,5")
    said = await say_text(service, OLE, "og kom er 14")
    assert "Gemt for Kommunikation: Sygefravær: 14" in said, said


async def test_a_two_unit_line_swapped_at_its_end(service: Service) -> None:
    """"sygefravær S&A 12, kom 13 - nej omvendt" was saved as written."""
    said = await say_text(service, OLE, "sygefravær S&A 12, kom 13 - nej omvendt")
    assert "Gemt for Strategi og Analyse: Sygefravær: 13" in said, said
    assert "Gemt for Kommunikation: Sygefravær: 12" in said


async def test_naar_vi_as_when_is_no_question_of_progress(service: Service) -> None:
    """"når vi …" is "when we …" too: only "når vi målet/målene …" asks whether a goal is
    reached."""
    said = await say_text(service, "medarbejder@ltk.example",
                          "når vi siger fælles mål, betyder det så alle centre?")
    assert not said.startswith("Fremdrift"), said


async def test_a_plan_for_a_figure_is_not_saved(service: Service) -> None:
    """"planen er at sygefravær kommer ned på 12" was saved as 12 (helper-125)."""
    said = await say_text(service, KAREN, "planen er at sygefravær kommer ned på 12")
    assert "Gemt" not in said, said
    said = await say_text(service, KAREN, "sygefravær 12,4")
    assert "Gemt for Løn og Personale: Sygefravær: 12,4" in said, said


async def test_most_responsible_is_no_ranking(service: Service) -> None:
    """"hvilket center har mest ansvar for kompetencebehov?" got a live ranking (helper-125):
    the strategy answers who is responsible."""
    said = await say_text(service, "medarbejder@ltk.example",
                          "hvilket center har mest ansvar for kompetencebehov?")
    assert not said.startswith("Centrene efter levende tal"), said
