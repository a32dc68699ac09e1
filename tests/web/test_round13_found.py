"""What round 13 found in the chat (the previous round's leftovers and its persona rounds),
each through the real HTTP path (``POST /api/messages`` with a test Bot Connector)."""

from __future__ import annotations

from tests.support.service import KAREN, OLE, SUSANNE, Service, reports, say_text
from tests.support.slack_chat import SlackSay

EMPLOYEE = "anna.ansat@ltk.example"


async def _skip_to_save(chat: SlackSay, said: str) -> None:
    """Skip the check-in's remaining questions to its "Gem?" (which must come) and save."""
    for _ in range(8):
        if "Gem" in said or "gem" in said:
            break
        said = await chat("spring over")
    else:
        raise AssertionError(f"the check-in never asked to save: {said}")
    await chat("ja")


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


async def test_clipped_names_units_of_a_figure_and_reasons_beside_it(service: Service) -> None:
    """"sygefr. 11,8" was not read; "sick leave is 11,4 days per FTE" was refused as one
    person's figure (the name Per); "… because Mette is off sick" likewise."""
    clipped = await say_text(service, OLE, "sygefr. 11,8 @cpks-02")
    assert "Gemt for Kommunikation: Sygefravær: 11,8" in clipped, clipped
    per = await say_text(service, KAREN, "sick leave is 11,4 days per FTE", locale="en-US")
    assert "Saved for Løn og Personale: Sick leave: 11.4" in per, per
    because = await say_text(service, SUSANNE, "sygefravær 11,6 fordi Mette har været syg")
    assert "Gemt for Budget og Regnskab: Sygefravær: 11,6" in because, because
    person = await say_text(service, SUSANNE, "Mette har 12 sygedage")
    assert "enkelt person" in person, person


async def test_a_status_now_and_a_plan_later_in_one_line(service: Service) -> None:
    """"Vi er i gang med RK, og vi bliver færdige i december" was refused as a plan."""
    said = await say_text(service, SUSANNE, "Vi er i gang med relationel koordinering, og vi "
                          "bliver færdige i december.")
    assert "Gemt for Budget og Regnskab: Relationel koordinering: I gang" in said, said
    plan = await say_text(service, SUSANNE, "RK færdig i december")
    assert "ikke hvornår det bliver færdigt" in plan, plan


async def test_step_by_step_questions_hedges_sentences_and_skips(service: Service) -> None:
    """At the step-by-step check-in (Slack): "hvad menes der med planlagt?" was saved as
    Planlagt; "Jeg tror nok, vi er i gang, men …" was saved as I gang; "Vi er stadig i gang."
    was saved as a form; "Det ved jeg ikke helt – spring over." was asked yes or no; "Tallet er
    9,5 dagsværk pr. årsværk." was asked for a number."""
    from tests.support.slack_chat import slack_dm

    async with slack_dm(service, SUSANNE) as (chat, _slack):
        start = await chat("Hej, jeg vil gerne indrapportere for min afdeling.")
        assert "Hvor langt er Budget og Regnskab med relationel koordinering?" in start, start
        meaning = await chat('Hvad menes der med "planlagt"?')
        assert "„Planlagt“ er et af svarene her" in meaning, meaning
        assert "Hvor langt er Budget og Regnskab" in meaning, meaning
        hedge = await chat("Jeg tror nok, vi er i gang, men jeg skal lige høre min souschef.")
        assert "Intet er gemt – skriv det, når du ved det." in hedge, hedge
        await chat("i gang")
        status = await chat("Vi er stadig i gang.")
        assert "ligner ikke navnet på en form" in status, status
        await chat("borgerpanel")
        skipped = await chat("Det ved jeg ikke helt – spring over.")
        assert "sygefraværet i Budget og Regnskab" in skipped, skipped
        figure = await chat("Tallet er 9,5 dagsværk pr. årsværk.")
        assert "Det forstod jeg ikke" not in figure, figure
        await _skip_to_save(chat, figure)
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert "Sygefravær: 9,5" in history, history
    assert "Relationel koordinering: I gang" in history, history
    assert "borgerpanel" not in history.casefold(), history
    assert await reports(service) == 2


async def test_only_one_of_both_units_and_a_figure_with_none_saved(service: Service) -> None:
    """"undskyld, kun i kommunikation" after a line saved for both units was "Det ved jeg
    desværre ikke"; "nej det var 11,5" after "RK i gang" got relational coordination's entry;
    "hvad har jeg indrapporteret for kommunikation?" showed both units."""
    await say_text(service, OLE, "RK i gang i begge")
    only = await say_text(service, OLE, "undskyld, kun i kommunikation")
    assert "Fortrudt: Relationel koordinering: I gang (Strategi og Analyse)" in only, only
    standing = await say_text(service, OLE, "mine indrapporteringer")
    assert "Kommunikation – Relationel koordinering: I gang" in standing, standing
    assert "Strategi og Analyse" not in standing, standing
    before = await reports(service)
    figure = await say_text(service, OLE, "nej det var 11,5")
    assert "der er intet tal at rette" in figure, figure
    assert await reports(service) == before
    await say_text(service, OLE, "sygefravær 12,2 @cpks-01")
    mine = await say_text(service, OLE, "hvad har jeg indrapporteret for kommunikation?")
    assert "Dine seneste indrapporteringer for Kommunikation" in mine, mine
    assert "Strategi og Analyse" not in mine, mine


async def test_a_centre_named_after_live_figures_goes_on_with_them(service: Service) -> None:
    """"and in COP?" right after the sick-leave figures was refused; "what is the sick leave in
    COP?" got the strategy's answer that it states no figure."""
    await say_text(service, KAREN, "how is the sick leave going?", locale="en-US")
    cop = await say_text(service, KAREN, "and in CPKS?", locale="en-US")
    assert cop.startswith("Progress in Center for Politik, Kultur og Strategi"), cop
    sick = await say_text(service, KAREN, "what is the sick leave in COP?", locale="en-US")
    assert sick.startswith("Progress in Center for Økonomi og Personale"), sick
    core = await say_text(service, KAREN, "hvad er kerneopgaven?")
    assert "Kerneopgaven" in core, core
    after = await say_text(service, KAREN, "og CPKS?")
    assert not after.startswith("Fremdrift"), after  # after an answer, "og CPKS?" asks of it


async def test_a_leader_of_two_of_three_units_does_not_see_the_centre_figure(
        service: Service) -> None:
    """Ole leads two of the three CPKS units that reported: CPKS's figure was shown, and with
    his own two he worked out HR's (a persona round in round 13)."""
    await say_text(service, OLE, "sygefravær 12,8 @cpks-01")
    await say_text(service, OLE, "sygefravær 11,9 @cpks-02")
    await say_text(service, "admin@ltk.example", "sygefravær 14,0 @cpks-03")
    said = await say_text(service, OLE, "status CPKS")
    line = next(x for x in said.splitlines() if "Sygefravær" in x)
    assert "tallet vises ikke (én leder står bag alle enhederne på nær én" in line, line


async def test_a_question_kept_for_review_is_dated_by_the_bot_s_clock(service: Service) -> None:
    """The review's question log was dated by the machine's clock while check-ins, exports
    and the privacy export used the bot's (``STRATEGIBOT_TODAY``)."""
    from sqlalchemy import select

    from strategibot.store.tables import QuestionLog
    from strategibot.web.keys import sessionmaker_key

    await say_text(service, EMPLOYEE, "hvornår har kantinen åbent?")
    async with service.app[sessionmaker_key]() as session:
        asked = (await session.scalars(select(QuestionLog.asked_at))).all()
    assert asked, "the question was not kept"
    assert {a.date() for a in asked} == {service.bot.clock.now().date()}


async def test_what_they_are_called_after_how_many(service: Service) -> None:
    """"hvad hedder de?" after "hvor mange temaer er der?" (or the digitalisation strategy's
    focus areas, or the bearings in English) got the overview of the strategy."""
    await say_text(service, EMPLOYEE, "hvor mange temaer er der?")
    themes = await say_text(service, EMPLOYEE, "hvad hedder de?")
    assert "Tema 4: Vi udforsker mulighederne i digitalisering" in themes, themes
    await say_text(service, EMPLOYEE, "hvor mange fokusområder har digitaliseringsstrategien")
    areas = await say_text(service, EMPLOYEE, "hvad hedder de")
    assert areas.startswith("Strategien opregner ikke, hvilke fokusområder det er."), areas
    await say_text(service, EMPLOYEE, "how many bearings are there?", locale="en-US")
    bearings = await say_text(service, EMPLOYEE, "what are they called?", locale="en-US")
    assert "Udsyn" in bearings, bearings


async def test_the_other_centres_after_a_centre_s_figures(service: Service) -> None:
    """"hvordan ligger de andre centre?" right after a centre's view got the foreword."""
    await say_text(service, "mikkel.krogh@ltk.example", "hvordan går det i mit center?")
    others = await say_text(service, "mikkel.krogh@ltk.example", "hvordan ligger de andre centre?")
    assert others.startswith("Fremdrift på de fælles mål"), others


async def test_when_a_form_took_place_is_not_its_name(service: Service) -> None:
    """"we had a citizen panel last week and evaluated it" saved the form "citizen panel last
    week", a second form beside "borgerpanel": the goal read 3 of 3 forms and "Nået"."""
    await say_text(service, SUSANNE, "borgerpanel afprøvet og evalueret")
    said = await say_text(service, SUSANNE, "we had a citizen panel last week and evaluated it",
                          locale="en-US")
    # (the citizen panel is the borgerpanel: forms.yaml; one form, saved already)
    assert "Nothing changed" in said, said
    september = await say_text(service, SUSANNE, "vi har holdt et borgermøde i september, men "
                               "det er ikke evalueret endnu")
    assert "Borgermøde" in september or "borgermøde" in september, september
    assert "september" not in september, september
    forms = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert "last week" not in forms, forms
    assert "i september" not in forms, forms


async def test_unit_codes_initials_and_clipped_names(service: Service) -> None:
    """"RK færdig CPKS-02" and "RK i gang S&A" asked which unit; "sygefr 11 CPKS-01" was
    refused; "kom." was not Kommunikation."""
    code = await say_text(service, OLE, "RK færdig CPKS-02")
    assert code.startswith("Gemt for Kommunikation"), code
    bare = await say_text(service, OLE, "sygefr 11 CPKS-01")
    assert bare.startswith("Gemt for Strategi og Analyse: Sygefravær: 11"), bare
    initials = await say_text(service, OLE, "RK i gang S&A")
    assert initials.startswith("Gemt for Strategi og Analyse"), initials
    clipped = await say_text(service, OLE, "sygefr kom. 11,9")
    assert clipped.startswith("Gemt for Kommunikation: Sygefravær: 11,9"), clipped
    verb = await say_text(service, OLE, "vi kom i gang med RK")
    assert "Hvilken gælder det?" in verb, verb  # "kom" the verb names no unit


async def test_step_answers_in_sentences(service: Service) -> None:
    """At the step-by-step check-in: "Ingen nye former siden sidst." was a form's name; "Vi har
    ikke nogen note til det." was the note; "Det er en brugerundersøgelse …" was the name as
    a whole sentence; "Spring over, tak." was not understood; "…, så det er uændret." saved
    "nej" over "ja"."""
    from tests.support.slack_chat import slack_dm

    await say_text(service, KAREN, "rekruttering: ja, værktøjskassen: ja")
    async with slack_dm(service, KAREN) as (chat, _slack):
        await chat("indrapporter")
        await chat("Spring over, tak.")  # relational coordination
        named = await chat("Det er en brugerundersøgelse blandt kommunens ledere.")
        assert "Er den afprøvet?" in named, named
        await chat("ja")
        await chat("nej")
        note = await chat("Vi har ikke nogen note til det.")
        assert "flere former" in note, note
        more = await chat("ja")
        none = await chat("Ingen nye former siden sidst.")
        assert "Er den afprøvet?" not in none, (more, none)
        asked = await chat("spring over")  # sick leave
        assert "rekrutteret i 2019" in asked, asked
        await _skip_to_save(
            chat, await chat("Nej, vi har ikke rekrutteret siden sidst, så det er uændret."))
    history = await say_text(service, KAREN, "mine indrapporteringer")
    assert "brugerundersøgelse blandt kommunens ledere (afprøvet: ja, evalueret: nej)" in \
        history, history
    assert "note" not in history.casefold(), history
    assert "rekrutteret: nej" not in history.casefold(), history


async def test_why_a_centre_of_three_reported_units_is_withheld(service: Service) -> None:
    """CPKS's figure from three reported units read "for få enheder bag det" beside "3 af 4 har
    indrapporteret": the reason is one leader's two units beside one other."""
    await say_text(service, OLE, "sygefravær 12,8 @cpks-01")
    await say_text(service, OLE, "sygefravær 11,9 @cpks-02")
    await say_text(service, "admin@ltk.example", "sygefravær 14,0 @cpks-03")
    said = await say_text(service, "mikkel.krogh@ltk.example", "status CPKS")
    line = next(x for x in said.splitlines() if "Sygefravær" in x)
    assert "én leder står bag alle enhederne på nær én" in line, line
    assert "for få enheder" not in line, line


async def test_how_many_they_are_after_a_group(service: Service) -> None:
    """"hvor mange er der?" right after the bearings (or the megatrends, or the shared goals)
    showed every goal's live figures."""
    await say_text(service, EMPLOYEE, "hvad er pejlemaerkerne")
    bearings = await say_text(service, EMPLOYEE, "hvor mange er der?")
    assert "Der er 5: Udsyn, Forandringsparathed" in bearings, bearings
    await say_text(service, EMPLOYEE, "hvad er de faelles maal")
    goals = await say_text(service, EMPLOYEE, "hvor mange er der")
    assert goals.startswith("De fælles mål for 2019\nDer er 6:"), goals
    await say_text(service, EMPLOYEE, "what are the megatrends?", locale="en-US")
    trends = await say_text(service, EMPLOYEE, "how many are there?", locale="en-US")
    assert "There are 4:" in trends, trends


async def test_an_administrator_is_told_how_to_check_in(service: Service) -> None:
    """An admin's "indrapporter" said to contact an administrator — the admin."""
    said = await say_text(service, "admin@ltk.example", "indrapporter")
    assert "Som administrator leder du ingen enhed selv" in said, said
    assert "indrapporter CPKS-01" in said, said


async def test_the_next_page_and_the_bot_in_other_words(service: Service) -> None:
    """"og næste side?" after page 7 and "the page before" were refused; "can you answer in
    Danish instead?" was answered in English; the bot asked about in other words was refused
    as a question about the strategy."""
    await say_text(service, EMPLOYEE, "hvad står der på side 7")
    after = await say_text(service, EMPLOYEE, "og næste side?")
    assert "På side 8 står:" in after, after
    before = await say_text(service, EMPLOYEE, "forrige side")
    assert "På side 7 står:" in before, before
    await say_text(service, EMPLOYEE, "what is the core task?", locale="en-US")
    danish = await say_text(service, EMPLOYEE, "can you answer in Danish instead?",
                            locale="en-US")
    assert danish.startswith("Kerneopgaven"), danish
    for question in ("kan cheferne se hvem der har spurgt om hvad",
                     "do you keep a record of what I type?"):
        about = await say_text(service, EMPLOYEE, question)
        assert "strategibot" in about, (question, about)


async def test_the_whole_figure_against_the_target(service: Service) -> None:
    """"is that below the target?" right after the sick-leave figures got the goal's text."""
    for code, days in (("COP-01", "14,0"), ("COP-02", "14,4"), ("COP-03", "14,2")):
        await say_text(service, "admin@ltk.example", f"sygefravær {days} @{code}")
    shown = await say_text(service, EMPLOYEE, "hvordan går det med sygefraværet?")
    assert "fra 3 af 40 enheder" in shown, shown
    said = await say_text(service, EMPLOYEE, "er det under målet?")
    assert said.startswith("De 3 af 40 enheder, der har indrapporteret"), said
    assert "14,2 dagsværk pr. årsværk ligger over målet på 13,5" in said, said


async def test_an_example_asked_after_an_answer_that_gives_none(service: Service) -> None:
    """"giv et eksempel" right after "borgerne som ressource" was "Det ved jeg desværre ikke"."""
    await say_text(service, EMPLOYEE, "hvad betyder borgerne som ressource")
    said = await say_text(service, EMPLOYEE, "giv et eksempel")
    assert said.startswith("Strategien giver ikke et eksempel"), said
    alone = await say_text(service, "someone.else@ltk.example", "giv et eksempel")
    assert not alone.startswith("Strategien giver ikke et eksempel"), alone  # nothing before


async def test_a_figure_in_a_second_sentence_and_a_hedge_with_today(service: Service) -> None:
    """At the sick-leave question: "Jeg har tjekket det nu. Tallet er 9,3 dagsværk pr. årsværk."
    was "skriv et tal"; "Det er 9,3 i dag, tror jeg." was told figures are for 12 months."""
    from tests.support.slack_chat import slack_dm

    async with slack_dm(service, KAREN) as (chat, _slack):
        await chat("indrapporter")
        await chat("spring over")
        asked = await chat("ingen")
        assert "sygefraværet i Løn og Personale" in asked, asked
        hedge = await chat("Det er 9,3 i dag, tror jeg.")
        assert "Intet er gemt – skriv det, når du ved det." in hedge, hedge
        figure = await chat("Jeg har tjekket det nu. Tallet er 9,3 dagsværk pr. årsværk.")
        assert "rekrutteret i 2019" in figure, figure
        await _skip_to_save(chat, figure)
    history = await say_text(service, KAREN, "mine indrapporteringer")
    assert "Sygefravær: 9,3" in history, history


async def test_the_history_shows_what_stands_before_what_was_replaced(service: Service) -> None:
    """Ten corrections filled "mine indrapporteringer", and the standing check-ins fell off."""
    await say_text(service, SUSANNE, "RK i gang")
    for days in ("12,1", "12,2", "12,3", "12,4", "12,5", "12,6", "12,7", "12,8", "12,9", "13,2",
                 "13,1"):
        await say_text(service, SUSANNE, f"sygefravær {days}")
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert "Relationel koordinering: I gang" in history, history
    assert "Sygefravær: 13,1" in history, history
    lines = history.splitlines()
    assert lines.index(next(x for x in lines if "13,1" in x)) < \
        lines.index(next(x for x in lines if "13,2" in x)), history


async def test_step_answers_in_sentences_round_three(service: Service) -> None:
    """A third persona round's step answers: a form "med 12 deltagere i oktober" after "Vi
    havde et"; "Den note springer jeg over" (saved as the note); "Nej, det var de to" (not a
    no); "Det er bekræftet nu: vi ligger på omkring 11,4 …" (not a number); "unit initials"
    at "which unit?"."""
    from tests.support.slack_chat import slack_dm

    async with slack_dm(service, KAREN) as (chat, _slack):
        await chat("indrapporter")
        await chat("spring over")
        named = await chat("Vi havde et borgerpanel med 12 deltagere i oktober, det er afprøvet "
                           "men ikke evalueret endnu")
        assert "note" in named.casefold(), named
        more = await chat("Den note springer jeg over")
        assert "flere former" in more, more
        sick = await chat("Nej, det var de to")
        assert "sygefraværet i Løn og Personale" in sick, sick
        asked = await chat("Det er bekræftet nu: vi ligger på omkring 11,4 dagsværk pr. årsværk")
        assert "rekrutteret i 2019" in asked, asked
        await _skip_to_save(chat, asked)
    history = await say_text(service, KAREN, "mine indrapporteringer")
    assert "borgerpanel (afprøvet: ja, evalueret: nej)" in history, history
    assert "Sygefravær: 11,4" in history, history
    assert "springer" not in history, history
    both = await say_text(service, OLE, "sygefravær 12,6 og RK i gang")
    assert "Hvilken gælder det?" in both, both
    chosen = await say_text(service, OLE, "S&A")
    assert "Gemt for Strategi og Analyse: Sygefravær: 12,6" in chosen, chosen


async def test_questions_about_the_bot_in_many_words(service: Service) -> None:
    """"er det her anonymt?", "Are you some kind of AI like ChatGPT?", "kan min skoleleder se
    hvad jeg spoerger dig om" were refused as questions about the strategy."""
    for question, locale in (("er det her anonymt?", None),
                             ("Are you some kind of AI like ChatGPT?", "en-US"),
                             ("Do you keep logs of what I type?", "en-US"),
                             ("kan min skoleleder se hvad jeg spoerger dig om", None),
                             ("bliver mine spoergsmaal gemt med mit navn?", None),
                             ("bliver mine spørgsmål logget?", None),
                             ("er samtalen privat", None)):
        said = await say_text(service, EMPLOYEE, question, locale=locale)
        assert "strategibot" in said, (question, said)
        assert "andres navne" in said or "other people's names" in said, said
    aula = await say_text(service, EMPLOYEE, "hvordan logger jeg på Aula som ny lærer?")
    assert "strategibot" not in aula, aula


async def test_an_employee_asked_to_report_is_told_who_reports(service: Service) -> None:
    """"jeg skal indrapportere for skolen, min leder har bedt mig om det" was refused."""
    said = await say_text(service, EMPLOYEE, "jeg skal indrapportere for skolen, min leder har "
                          "bedt mig om det")
    assert "enhedsledere" in said or "ledere" in said, said
    assert "Det ved jeg desværre ikke" not in said, said


async def test_a_wrong_figure_in_the_chat(service: Service) -> None:
    """"er det ikke 20 enheder for RK?" got the live figures without a word of the 20; "og der
    er 12 centre?" was refused."""
    rk = await say_text(service, EMPLOYEE, "er det ikke 20 enheder for RK?")
    assert rk.startswith("Strategien nævner ikke „20“"), rk
    assert "mindst 30" in rk, rk
    centres = await say_text(service, "someone.new@ltk.example", "og der er 12 centre?")
    assert "Strategien nævner ikke „12“" in centres, centres
    assert "ti centre" in centres, centres


async def test_a_short_no_with_a_figure_corrects_the_figure_just_saved(service: Service) -> None:
    """"nej 13,1", "nej, 12,2 mente jeg", "ups 10,4 ikke 10,9" right after a figure was saved
    were answered with the goal's text, and the old figure stood (a persona in the review)."""
    await say_text(service, OLE, "sygefravær 13 @cpks-01")
    for line, figure in (("nej 13,1", "13,1"), ("nej, 12,2 mente jeg", "12,2"),
                         ("ups 10,4 ikke 10,9", "10,4")):
        said = await say_text(service, OLE, line)
        assert f"Rettet for Strategi og Analyse: Sygefravær: {figure}" in said, (line, said)
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert "Strategi og Analyse – Sygefravær: 10,4" in history.splitlines()[2], history
