"""What round 11's persona rounds found in the chat, each through the real HTTP path
(``POST /api/messages`` with a test Bot Connector)."""

from __future__ import annotations

from tests.support.service import OLE, SUSANNE, Service, say_text
from tests.support.slack_chat import slack_dm

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
    assert "ligger under målet" not in said, said
    assert "ligger over målet" not in said, said
    assert "13,5" in said


async def test_counting_what_no_goal_counts(service: Service) -> None:
    """"hvor mange årsværk har vi" showed every goal's live figures; "hvor mange sider er
    strategien?" asked "Mente du …?" (the bot's own overview says 12 pages)."""
    fte = await say_text(service, OLE, "hvor mange årsværk har vi")
    assert "Fremdrift på de fælles mål" not in fte, fte
    assert "FREMDRIFT" not in fte, fte
    # (round 18: a leader is told the units' registered FTE)
    assert "Kommunikation: 18 årsværk registreret" in fte, fte
    fte = await say_text(service, EMPLOYEE, "hvor mange årsværk har vi")
    assert "Indrapportering er for enhedsledere" in fte, fte  # (a leader's matter)
    pages = await say_text(service, EMPLOYEE, "hvor mange sider er strategien?")
    assert "12 sider" in pages, pages
    # what the goals do count is still the live figures
    done = await say_text(service, OLE, "hvor mange er færdige")
    assert "Fremdrift" in done or "FREMDRIFT" in done, done


async def test_a_question_at_a_yes_or_no_is_no_yes(service: Service) -> None:
    """"hvad tæller egentlig som evalueret?" at "Er den evalueret?" was saved as a yes (it has
    the flag's word), and the next answer became the note; "ja tror jeg" is no yes either."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("spring over")
        await chat("borgerpanel")
        assert "Er den evalueret?" in await chat("ja")
        asked = await chat("hvad tæller egentlig som evalueret?")
        assert "Vi fortsætter: Er den evalueret?" in asked, asked
        hedged = await chat("ja tror jeg")
        assert "Er den evalueret?" in hedged, hedged
        assert "note" not in hedged, hedged
        assert "note" in await chat("nej")
        assert "flere former" in await chat("ingen")
        await chat("nej")
        for _ in range(5):
            said = await chat("spring over")
            if "Gem" in said or "gem" in said:
                break
        await chat("ja")
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert "borgerpanel (afprøvet: ja, evalueret: nej)" in history, history


async def test_only_tried_says_not_evaluated(service: Service) -> None:
    """"borgerpanel kun afprøvet" after "borgerpanel afprøvet og evalueret" kept it evaluated
    (and saved a form named "borgerpanel kun"); "hov, borgerpanelet er faktisk kun afprøvet,
    ikke evalueret endnu" answered with the goal and saved nothing."""
    await say_text(service, SUSANNE, "borgerpanel afprøvet og evalueret")
    only = await say_text(service, SUSANNE, "borgerpanel kun afprøvet")
    assert "borgerpanel (afprøvet: ja, evalueret: nej)" in only, only
    await say_text(service, SUSANNE, "borgerpanel afprøvet og evalueret")
    oops = await say_text(service, SUSANNE, "hov, borgerpanelet er faktisk kun afprøvet, ikke "
                                            "evalueret endnu")
    # (a correction right after the save: "Rettet", since round 15)
    assert "Rettet for Budget og Regnskab" in oops, oops
    assert "evalueret: nej" in oops, oops
    forms = await say_text(service, SUSANNE, "former")
    assert "borgerpanel kun" not in forms
    assert "1 enhed;" in forms, forms  # (not "1 enhed(er)")


async def test_a_removed_form_keeps_its_letters_in_the_history(service: Service) -> None:
    """"Fjernet: fremtidsvaerksted": the removal showed the form's folded key."""
    await say_text(service, SUSANNE, "fremtidsværksted afprøvet")
    await say_text(service, SUSANNE, "fjern form fremtidsværksted")
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert "Fjernet: fremtidsværksted" in history, history


async def test_the_reporting_deadline_and_whether_the_strategy_applies(service: Service) -> None:
    """"hvornår er fristen for at indrapportere?" got „Strategien nævner ikke, hvornår det
    sker“ and a sentence about forms; "is the strategy period over?" got dates, no answer."""
    for line in ("hvornår er fristen for at indrapportere?",
                 "kan jeg stadig nå at indrapportere?", "hvornår skal vi have indrapporteret?"):
        said = await say_text(service, SUSANNE, line)
        assert said.startswith("Strategien gælder stadig: perioden løber fra 1. januar 2019 "
                               "til 31. december 2019"), (line, said)
        assert "åben til 31. januar 2020" in said, (line, said)
    over = await say_text(service, EMPLOYEE, "is the strategy period over?")
    assert over.startswith("The strategy still applies"), over


async def test_questions_about_reminders(service: Service) -> None:
    """"påmindelser" got „Strategien nævner ikke „påmindelser““; "kan du minde mig om at
    indrapportere hver fredag?" and "hvornår får jeg en påmindelse?" were refused."""
    said = await say_text(service, SUSANNE, "kan du minde mig om at indrapportere hver fredag?")
    assert "Ledere får en påmindelse hver torsdag kl. 10:00" in said, said
    assert "Dagen og tiden kan ikke vælges." in said
    assert "Du får påmindelser." in said
    await say_text(service, SUSANNE, "stop påmindelser")
    stopped = await say_text(service, SUSANNE, "hvornår får jeg en påmindelse?")
    assert "Du har slået påmindelser fra." in stopped, stopped
    employee = await say_text(service, EMPLOYEE, "reminders")
    assert "Reminders only go to leaders" in employee, employee


async def test_an_introduction_before_the_question(service: Service) -> None:
    """"hej, jeg er ny sagsbehandler i jobcentret. hvad er koncernstrategien?" and an intro with
    no stop before the question were refused (the intro's unknown words)."""
    said = await say_text(service, EMPLOYEE, "hej, jeg er ny sagsbehandler i jobcentret. hvad er "
                                             "koncernstrategien?")
    assert "Om Koncernstrategi 2019" in said, said
    english = await say_text(service, EMPLOYEE, "Hi, I just joined the digitalisation team. What "
                                                "is the digitalisation strategy?")
    assert "new digitalisation strategy" in english, english
    plain = await say_text(service, EMPLOYEE, "jeg er sosu assistent i hjemmeplejen hvad betyder "
                                              "relationel koordinering")
    assert "Relationel koordinering" in plain, plain
    mine = await say_text(service, EMPLOYEE, "hvad betyder relationel koordinering for mig i "
                                             "hjemmeplejen")
    assert "Relationel koordinering" in mine, mine


async def test_below_the_target_after_a_goals_figures(service: Service) -> None:
    """"er vi under målet?" right after sick leave's figures showed every goal's figures."""
    await say_text(service, OLE, "hvordan går det med sygefraværet?")
    said = await say_text(service, OLE, "er vi under målet?")
    assert "Fremdrift: Sygefravær ned til 13,5" in said or \
        "FREMDRIFT: SYGEFRAVÆR NED TIL 13,5" in said, said
    assert "relationel koordinering" not in said


async def test_what_one_has_reported_for_a_unit(service: Service) -> None:
    """"hvad har jeg indrapporteret for kommunikation?" was refused („Det ved jeg desværre
    ikke“)."""
    await say_text(service, OLE, "sygefravær 12,6 @cpks-02")
    said = await say_text(service, OLE, "hvad har jeg indrapporteret for kommunikation?")
    assert "Kommunikation – Sygefravær: 12,6" in said, said


async def test_terms_the_strategy_only_names(service: Service) -> None:
    """"hvad er sidemandsoplaering" got the competence entry as if it said; "hvad er i
    vaerktojskassen" the recruitment goal. The term is echoed as the document spells it."""
    said = await say_text(service, EMPLOYEE, "hvad er sidemandsoplaering")
    assert said.startswith("Strategien forklarer ikke, hvad sidemandsoplæring er."), said
    box = await say_text(service, EMPLOYEE, "hvad er i vaerktojskassen")
    assert box.startswith("Strategien gengiver ikke, hvad der står i den."), box
    egtl = await say_text(service, EMPLOYEE, "hvad er kerneopgaven egtl?")
    assert "Kerneopgaven" in egtl, egtl


async def test_an_initiative_that_names_a_unit(service: Service) -> None:
    """"tema 4: digital borgerservice" from CPKS's chief got „Du kan ikke indrapportere for
    CAB-02 – det gør dens leder“ (Borgerservice is a unit's name) and was lost."""
    said = await say_text(service, "mikkel.krogh@ltk.example", "tema 4: digital borgerservice")
    assert "Gemt for Center for Politik, Kultur og Strategi: Tema 4: digital borgerservice" in \
        said, said


async def test_small_talk_and_who_decides(service: Service) -> None:
    """"hej igen" got the four themes; "okay tak for hjaelpen" and "hvem bestemmer hvad der
    står i årsaftalerne?" were refused."""
    again = await say_text(service, EMPLOYEE, "hej igen")
    assert "De fire temaer" not in again, again
    assert again.startswith("Hej!"), again
    thanks = await say_text(service, EMPLOYEE, "okay tak for hjaelpen")
    assert "Det ved jeg desværre ikke" not in thanks, thanks
    decides = await say_text(service, EMPLOYEE, "hvem bestemmer hvad der står i årsaftalerne?")
    assert "de ti centre" in decides, decides


async def test_a_status_corrected_right_after(service: Service) -> None:
    """"nej, det var i gang" after "RK færdig @cpks-02" got the RK goal's entry, and Færdig
    stood; "nej, det var færdig i strategi og analyse" after "RK i gang i begge" too."""
    await say_text(service, OLE, "RK færdig @cpks-02")
    fixed = await say_text(service, OLE, "nej, det var i gang")
    assert "Rettet for Kommunikation: Relationel koordinering: I gang" in fixed, fixed
    await say_text(service, OLE, "RK i gang i begge")
    other = await say_text(service, OLE, "nej, det var færdig i strategi og analyse")
    assert "Rettet for Strategi og Analyse: Relationel koordinering: Færdig" in other, other
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert "Kommunikation – Relationel koordinering: I gang" in history, history
    assert "Strategi og Analyse – Relationel koordinering: Færdig" in history, history
    assert "erstattet" not in history  # the slips are undone, not replaced


async def test_a_form_and_its_flags_at_the_form_question(service: Service) -> None:
    """"borgermøde afprøvet og evalueret nu" at the form question asked "Er den afprøvet?"
    again and saved a form named "borgermøde afprøvet og evalueret nu" (a fourth form, and the
    goal looked achieved)."""
    async with slack_dm(service, "karen.mortensen@ltk.example") as (chat, _slack):
        await chat("indrapporter")
        assert "Hvilken form" in await chat("spring over")
        noted = await chat("borgermøde afprøvet og evalueret nu")
        assert "note" in noted, noted
        assert "Er den afprøvet?" not in noted
        await chat("ingen")
        await chat("nej")
        for _ in range(4):
            said = await chat("spring over")
            if "Gemt" in said:
                break
        assert "borgermøde (afprøvet: ja, evalueret: ja)" in said, said
    forms = await say_text(service, "admin@ltk.example", "former")
    assert "afprøvet og evalueret nu" not in forms, forms


async def test_not_recruited_clears_the_toolbox(service: Service) -> None:
    """"nej" to "rekrutteret i 2019?" after a standing "værktøjskassen brugt: ja" saved
    "rekrutteret: nej, værktøjskassen brugt: ja"."""
    await say_text(service, SUSANNE, "rekrutteret ja, værktøjskassen brugt")
    said = await say_text(service, SUSANNE, "rekrutteret nej")
    assert "rekrutteret: nej, værktøjskassen brugt: –" in said, said


async def test_a_status_then_a_question_in_one_message(service: Service) -> None:
    """"fremtidsværksted kun afprøvet i strategi og analyse – tæller det med?" was answered
    and the form lost; "RK færdig i begge nu – er vi så på sporet?" too (only a figure was
    split from its question)."""
    said = await say_text(service, OLE, "fremtidsværksted kun afprøvet i strategi og analyse – "
                                        "tæller det med?")
    assert "Gemt for Strategi og Analyse: Borger- og brugerinddragelse: fremtidsværksted " \
        "(afprøvet: ja, evalueret: nej)" in said, said
    both = await say_text(service, OLE, "RK færdig i begge nu – er vi så på sporet?")
    assert both.count("Relationel koordinering: Færdig") >= 2, both
    assert "2 af 30 enheder er færdige" in both, both
    assert "Sygefravær ned til" not in both  # that goal's figures, not every goal's


async def test_how_in_practice_and_the_next_theme_in_english(service: Service) -> None:
    """"hvordan skal sygefraværet konkret nedbringes" got the goal as if it said; "and theme
    4?" after "what is theme 1 about?" got the four themes."""
    said = await say_text(service, EMPLOYEE, "hvordan skal sygefraværet konkret nedbringes")
    assert said.startswith("Strategien beskriver ikke, hvordan man gør det i praksis."), said
    await say_text(service, EMPLOYEE, "what is theme 1 about?")
    four = await say_text(service, EMPLOYEE, "and theme 4?")
    assert "Theme 4: We explore the possibilities of digitalisation" in four, four
    assert "The four themes" not in four


async def test_reminders_on_again_in_other_words(service: Service) -> None:
    """"start påmindelser igen" showed that reminders were off (it was read as a question
    about them)."""
    await say_text(service, SUSANNE, "stop påmindelser")
    said = await say_text(service, SUSANNE, "start påmindelser igen")
    assert "Du får påmindelser igen." in said, said


async def test_on_track_after_another_goals_figure(service: Service) -> None:
    """"RK færdig i begge – er vi på sporet?" right after a sick-leave figure answered with the
    sick-leave figure against its target (the last persona round)."""
    await say_text(service, OLE, "sygefravær 13,2 @cpks-01 – er det under målet?")
    said = await say_text(service, OLE, "RK færdig i begge – er vi på sporet?")
    assert "2 af 30 enheder er færdige" in said, said
    assert "ligger under målet" not in said


async def test_a_correction_back_to_the_standing_status(service: Service) -> None:
    """"nej vent, den er færdig" right after a slip from Færdig to I gang undid the slip but
    said „Intet er ændret“."""
    await say_text(service, OLE, "RK færdig @cpks-02")
    await say_text(service, OLE, "RK i gang @cpks-02")
    said = await say_text(service, OLE, "nej vent, den er færdig")
    assert "Rettet for Kommunikation: Relationel koordinering: Færdig" in said, said


async def test_hedged_answers_and_reports_save_nothing(service: Service) -> None:
    """"12,4 tror jeg" at the step-by-step sick-leave question was saved; "sygefravær 12,7 tror
    jeg – er vi under målet?" answered the question with no word of the figure."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("spring over")
        asked = await chat("spring over")
        assert "sygefraværet" in asked, asked
        hedged = await chat("12,4 tror jeg")
        assert "ntet er gemt – skriv det, når du ved det" in hedged, hedged
        await chat("afbryd")
    said = await say_text(service, SUSANNE, "sygefravær 12,7 tror jeg – er vi under målet?")
    assert said.startswith("Intet er gemt – skriv det, når du ved det."), said
    assert "Sygefravær ned til 13,5" in said or "SYGEFRAVÆR NED TIL 13,5" in said, said
    assert "12,7" not in await say_text(service, SUSANNE, "mine indrapporteringer")


async def test_reminders_stopped_and_thanks_in_other_words(service: Service) -> None:
    """"jeg gider ikke få flere påmindelser" explained the reminders and said „Du får
    påmindelser“; "okay, thanks a lot!" and "tusind tak, hav en god dag" were refused."""
    said = await say_text(service, SUSANNE, "jeg gider ikke få flere påmindelser")
    assert "Du får ikke flere påmindelser." in said, said
    for line in ("okay, thanks a lot!", "tusind tak, hav en god dag"):
        thanks = await say_text(service, EMPLOYEE, line)
        assert "Det ved jeg desværre ikke" not in thanks, (line, thanks)
        assert "I'm afraid" not in thanks, (line, thanks)


async def test_undoing_a_removal_names_the_form(service: Service) -> None:
    """"Fortrudt: Fjernet: borgermoed": the undo showed the form's folded key."""
    await say_text(service, SUSANNE, "borgermøde afprøvet")
    await say_text(service, SUSANNE, "fjern form borgermøde")
    said = await say_text(service, SUSANNE, "fortryd")
    assert "Fortrudt: Fjernet: borgermøde" in said, said


async def test_a_correction_after_a_line_for_both_units(service: Service) -> None:
    """"nej, det var i gang" after "RK færdig i begge" corrected one of the two units, and
    "nej vent, det var 13,0" after "sygefravær 12,9 i begge" too (the last persona round)."""
    await say_text(service, OLE, "RK færdig i begge")
    said = await say_text(service, OLE, "nej, det var i gang")
    assert "Rettet for Strategi og Analyse: Relationel koordinering: I gang" in said, said
    assert "Rettet for Kommunikation: Relationel koordinering: I gang" in said, said
    await say_text(service, OLE, "sygefravær 12,9 i begge")
    figure = await say_text(service, OLE, "nej vent, det var 13,0")
    assert figure.count("Sygefravær: 13 dagsværk pr. årsværk") == 2, figure
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert "Færdig" not in history
    assert "12,9" not in history


async def test_own_centre_without_aeoa_missing_units_and_ones_data(service: Service) -> None:
    """"hvordan gar det i mit center" (no å) showed the whole municipality's figures; "which
    units haven't reported yet?" every goal's figures; "hvad gemmer du om mig?" was refused."""
    centre = await say_text(service, EMPLOYEE, "hvordan gar det i mit center")
    assert "Jeg kan ikke se, hvilket center du hører til" in centre, centre
    missing = await say_text(service, EMPLOYEE, "which units haven't reported yet?")
    assert "Units without a check-in" in missing, missing
    data = await say_text(service, EMPLOYEE, "hvad gemmer du om mig?")
    assert "Det har jeg gemt om dig" in data, data


async def test_what_a_status_means(service: Service) -> None:
    """"hvad betyder bagud?", "hvad betyder 'på sporet'?", "hvad betyder for få
    indrapporteringer?" were refused — the bot's own words."""
    behind = await say_text(service, OLE, "hvad betyder bagud?")
    assert behind.startswith("„Bagud“: fremdriften er under 60 %"), behind
    on = await say_text(service, OLE, "hvad betyder 'på sporet'?")
    assert on.startswith("„På sporet“"), on
    risk = await say_text(service, OLE, "what does at risk mean?")
    assert risk.startswith("“At risk”"), risk
    few = await say_text(service, OLE, "hvorfor for få indrapporteringer?")
    assert few.startswith("„For få indrapporteringer“"), few
    # a question how far something has come is still one
    far = await say_text(service, OLE, "hvad er nået indtil nu?")
    assert "Fremdrift" in far or "FREMDRIFT" in far, far


async def test_a_person_in_ones_unit_and_a_remark_after_the_code(service: Service) -> None:
    """"Mette i kommunikation har 20 sygedage" was asked "Er du sikker?" and saved as
    Kommunikation's figure; "sygefravær 11,6 @cpks-02 (Jens er langtidssyg)" asked which unit
    and was lost."""
    person = await say_text(service, OLE, "Mette i kommunikation har 20 sygedage")
    assert "Det ligner et tal for en enkelt person" in person, person
    assert "Gemt" not in person
    remark = await say_text(service, OLE, "sygefravær 11,6 @cpks-02 (Jens er langtidssyg)")
    assert "Gemt for Kommunikation: Sygefravær: 11,6" in remark, remark
    # the unit named alone is still the unit's figure
    unit = await say_text(service, OLE, "kommunikation har sygefravær på 11,9")
    assert "Gemt for Kommunikation: Sygefravær: 11,9" in unit, unit



async def test_corrections_and_the_target_after_a_line_for_both_units(service: Service) -> None:
    """(Review persona) "RK færdig i begge" with Strategi og Analyse already Færdig ("Intet er
    ændret" for it), then "nej vent, ikke endnu", overwrote Strategi og Analyse's standing
    Færdig; "er det under målet?" after "sygefravær 14 i begge" compared one unit."""
    await say_text(service, OLE, "RK færdig @cpks-01")
    await say_text(service, OLE, "RK færdig i begge")
    fixed = await say_text(service, OLE, "nej vent, ikke endnu")
    assert "Rettet for Kommunikation" in fixed, fixed
    assert "Strategi og Analyse" not in fixed, fixed
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert "Strategi og Analyse – Relationel koordinering: Færdig" in history, history
    await say_text(service, OLE, "sygefravær 14 i begge")
    both = await say_text(service, OLE, "er det under målet?")
    assert "Strategi og Analyse og Kommunikation: 14 dagsværk pr. årsværk ligger over målet" \
        in both, both


async def test_status_and_period_without_aeoa(service: Service) -> None:
    """"hvad betyder naet" got the shared goals; "kan jeg stadig na at indrapportere" was
    refused ("nå" and "nået" without their å)."""
    reached = await say_text(service, EMPLOYEE, "hvad betyder naet")
    assert reached.startswith("„Nået“"), reached
    period = await say_text(service, EMPLOYEE, "kan jeg stadig na at indrapportere")
    assert period.startswith("Strategien gælder stadig"), period
