"""What round 19 found (the leftovers of round 18's personas and this round's), each through the
real HTTP path (``POST /api/messages`` with a test Bot Connector) or signed Slack."""

from __future__ import annotations

from tests.support.service import OLE, SUSANNE, Service, example_checkins, say_text
from tests.support.slack_chat import slack_dm
from tests.support.steps import standing

ANNE = "anne.holm@ltk.example"  # an employee


def _has(history: str, line: str) -> bool:
    return any(line in row for row in standing(history))


async def test_a_form_named_after_none_at_a_later_question(service: Service) -> None:
    """"nej vent, vi har haft et borgerpanel men kun afprøvet" at the sick-leave question,
    after "ingen" at the form question, was refused ("skriv et tal") and the form lost."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        said = await chat("indrapporter")
        said = await chat("færdig")
        assert "brugerinddragelse" in said, said
        said = await chat("ingen")
        assert "sygefraværet" in said, said
        said = await chat("nej vent, vi har haft et borgerpanel men kun afprøvet")
        assert "Rettet: Borger- og brugerinddragelse: borgerpanel (afprøvet: ja, evalueret: " \
            "nej)" in said, said
        assert "Vi fortsætter: Hvad er sygefraværet" in said, said
        said = await chat("12,4")
        said = await chat("nej")
        assert "Gemt for Budget og Regnskab" in said, said
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert _has(history, "borgerpanel (afprøvet: ja, evalueret: nej)"), history
    assert _has(history, "Sygefravær: 12,4"), history


async def test_another_form_named_without_a_yes(service: Service) -> None:
    """"workshop med brugere, kun afprøvet" at "flere former? Ja/Nej" said "svar ja eller nej",
    and the form was lost; the same form again is no second form."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("færdig")
        for answer in ("borgerpanel", "ja", "ja", "ingen"):
            said = await chat(answer)
        assert "flere former" in said, said
        said = await chat("borgerpanel, afprøvet og evalueret")
        assert "svar ja eller nej" in said, said
        said = await chat("workshop med brugere, kun afprøvet")
        assert "note" in said, said  # the new form's note: its name and flags were given
        said = await chat("ingen")
        assert "flere former" in said, said
        said = await chat("nej")
        assert "sygefraværet" in said, said
        while "Gemt" not in said:
            said = await chat("spring over")
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert _has(history, "workshop med brugere (afprøvet: ja, evalueret: nej)"), history
    assert _has(history, "borgerpanel (afprøvet: ja, evalueret: ja)"), history


async def test_a_question_at_which_unit_chooses_none(service: Service) -> None:
    """"hvad er sygefraværet i S&A?" at "which unit?" saved the line waiting (12,4) for S&A,
    over its own figure: a question is no unit's choice."""
    said = await say_text(service, OLE, "sygefravær 12,4")
    assert "Hvilken gælder det?" in said, said
    said = await say_text(service, OLE, "hvad er sygefraværet i S&A?")
    assert "er ikke gemt" in said, said
    assert "Gemt" not in said
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert not _has(history, "12,4"), history


async def test_a_form_named_with_its_unit(service: Service) -> None:
    """"citizen panel in kommunikation was evaluated last week" was saved as a form so named,
    a sixth distinct form beside the unit's standing borgerpanel."""
    said = await say_text(service, OLE, "citizen panel in kommunikation was evaluated last week")
    assert "Saved for Kommunikation: Citizen and user involvement: citizen panel (tried: " \
        "yes, evaluated: yes)" in said, said
    forms = await say_text(service, OLE, "former")
    assert "in kommunikation" not in forms.casefold(), forms
    assert "citizen panel" in forms  # (a name of the one standing Borgerpanel)


async def test_which_forms_right_after_the_figures_that_name_them(service: Service) -> None:
    """"hvilke former er det?" right after the citizen-involvement figures ("2 af 3 former …
    (Borgerpanel, Fremtidsværksted)") got "Strategien opregner ikke, hvilke former det er"."""
    await example_checkins(service.bot)
    said = await say_text(service, ANNE, "hvordan går det med borgerinddragelsen?")
    assert "Borgerpanel" in said, said
    said = await say_text(service, ANNE, "hvilke former er det?")
    assert "opregner ikke" not in said, said
    assert "**Borgerpanel** –" in said, said
    assert "**Fremtidsværksted** –" in said
    said = await say_text(service, ANNE, "hvilke former kan man bruge ifølge strategien?")
    assert "**Borgerpanel** –" not in said, said  # (what the strategy says: no follow-up)


async def test_a_line_that_begins_with_the_unit(service: Service) -> None:
    """"kom har afprøvet et dialogmøde med borgerne og evalueret det" was answered with the
    goal's text from the strategy, and nothing saved."""
    said = await say_text(service, OLE, "kom har afprøvet et dialogmøde med borgerne og "
                                        "evalueret det")
    assert "Gemt for Kommunikation: Borger- og brugerinddragelse: dialogmøde med borgerne " \
        "(afprøvet: ja, evalueret: ja)" in said, said
    said = await say_text(service, OLE, "strategi og analyse har afprøvet et fremtidsværksted")
    assert "Gemt for Strategi og Analyse: Borger- og brugerinddragelse: fremtidsværksted " \
        "(afprøvet: ja" in said, said
    said = await say_text(service, OLE, "kom har du set tallene for sygefravær?")
    assert "Gemt" not in said, said


async def test_not_yet_for_the_unit_a_line_for_both_saved(service: Service) -> None:
    """"nej vent, ikke i kom endnu" right after "RK færdig i begge" (S&A's unchanged,
    Kommunikation's saved) was answered from the strategy, and Færdig stood."""
    said = await say_text(service, OLE, "RK i gang i kom")
    said = await say_text(service, OLE, "RK færdig i S&A")
    said = await say_text(service, OLE, "RK færdig i begge")
    assert "Gemt for Kommunikation: Relationel koordinering: Færdig" in said, said
    said = await say_text(service, OLE, "nej vent, ikke i kom endnu")
    assert "Fortrudt: Relationel koordinering: Færdig (Kommunikation)" in said, said
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert _has(history, "Kommunikation – Relationel koordinering: I gang"), history
    assert not _has(history, "Kommunikation – Relationel koordinering: Færdig"), history


async def test_an_fte_figure_from_a_later_month_is_no_proposal(service: Service) -> None:
    """"årsværk 16 i kom fra januar" went to an administrator as today's figure (after asking
    which unit); "bliver 16 fra januar" was already refused."""
    for plan in ("årsværk 16 i kom fra januar", "fte 16 kom. from january"):
        said = await say_text(service, OLE, plan)
        assert "Intet er gemt" in said or "Nothing is saved" in said, (plan, said)
    said = await say_text(service, OLE, "mine forslag")
    assert said.count("intet forslag venter") == 2, said


async def test_how_many_now_is_the_live_figure(service: Service) -> None:
    """"hvor mange former er afprøvet og evalueret nu?" got the goal's text from the strategy
    ("indtil nu" already got the live figures)."""
    await example_checkins(service.bot)
    said = await say_text(service, ANNE, "hvor mange former er afprøvet og evalueret nu?")
    assert "2 af 3 former er afprøvet og evalueret" in said, said
    said = await say_text(service, ANNE, "hvor mange former skal afprøves ifølge strategien?")
    assert "af 3 former er afprøvet" not in said, said


async def test_how_the_municipality_is_doing_on_a_goal(service: Service) -> None:
    """"how is the municipality doing on relational coordination?" got the definition of
    relational coordination ("municipality" counted as words of another subject)."""
    await example_checkins(service.bot)
    said = await say_text(service, ANNE, "how is the municipality doing on relational "
                                         "coordination?")
    assert "14 of 30 units are done" in said, said
    said = await say_text(service, ANNE, "hvordan går det i kommunen med relationel "
                                         "koordinering?")
    assert "14 af 30 enheder er færdige" in said, said
    said = await say_text(service, ANNE, "hvordan går det med sygefraværet i "
                                         "omegnskommunerne?")
    assert "dagsværk pr. årsværk fra" not in said, said  # (not our live figure)


async def test_when_the_strategy_ends(service: Service) -> None:
    """"hvornar slutter perioden" was "Mente du …?", "hvornår slutter strategien?" the general
    overview without the date: the period, by the clock."""
    for question in ("hvornar slutter perioden", "hvornår slutter strategien?"):
        said = await say_text(service, ANNE, question)
        assert "31. december 2019" in said, (question, said)
    said = await say_text(service, ANNE, "when does the strategy end?")
    assert "31 December 2019" in said, said


async def test_a_schedule_corrected_after_the_list_of_subscriptions(service: Service) -> None:
    """"nej vent kl 15" after "abonnér ugentlig fredag kl 14" and "abonnementer" got a quote
    from the strategy, and the digest stayed at 14."""
    await say_text(service, ANNE, "abonnér ugentlig fredag kl 14")
    said = await say_text(service, ANNE, "abonnementer")
    assert "fredag kl. 14:00" in said, said
    said = await say_text(service, ANNE, "nej vent kl 15")
    assert "hver fredag kl. 15:00" in said, said
    said = await say_text(service, ANNE, "abonnementer")
    assert "fredag kl. 15:00" in said, said
    assert "14:00" not in said


async def test_a_plan_of_ours_in_a_sentence_saves_nothing_and_says_so(service: Service) -> None:
    """"vi regner med at sygefraværet i kom kommer ned på 11 til nytår" got "Det ved jeg
    desværre ikke" from the strategy (nothing was saved, rightly)."""
    for plan in ("vi regner med at sygefraværet i kom kommer ned på 11 til nytår",
                 "vi skal holde et borgerpanel i januar i kommunikation"):
        said = await say_text(service, OLE, plan)
        assert said.startswith("Intet er gemt"), (plan, said)
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert not _has(history, "Sygefravær: 11 "), history


async def test_a_figure_with_its_comma_in_words_for_a_clipped_unit(service: Service) -> None:
    """"12 komma 4 i sygefravær for kom" asked which unit ("12,6 i sygefravær for kom" did
    not): its two digits were counted as two figures."""
    said = await say_text(service, OLE, "12 komma 4 i sygefravær for kom")
    assert "Gemt for Kommunikation: Sygefravær: 12,4" in said, said


async def test_shorter_is_of_the_reply_right_before(service: Service) -> None:
    """"kortere tak" right after "hvad betyder i risiko?" shortened an older English answer
    (relational coordination's), in English."""
    await say_text(service, OLE, "what is relational coordination?")
    await say_text(service, OLE, "hvad betyder i risiko?")
    said = await say_text(service, OLE, "kortere tak")
    assert "Relational" not in said, said
    assert "Der er ikke noget svar lige før at gøre kortere" in said, said


async def test_a_line_of_its_own_at_which_unit(service: Service) -> None:
    """"kommunikation har holdt et borgermøde, det er evalueret" typed at "which unit?" for
    "sygefravær 12,1" answered the question (12,1 was saved for Kommunikation), and the
    borgermøde was lost without a word: it is a line of its own, and the one waiting lapses."""
    said = await say_text(service, OLE, "sygefravær 12,1")
    assert "Hvilken gælder det?" in said, said
    said = await say_text(service, OLE, "kommunikation har holdt et borgermøde, det er "
                                        "evalueret")
    assert "\"sygefravær 12,1\" er ikke gemt" in said, said
    assert "Gemt for Kommunikation: Borger- og brugerinddragelse: borgermøde" in said, said
    history = await say_text(service, OLE, "mine indrapporteringer")
    assert not _has(history, "Sygefravær: 12,1"), history
    said = await say_text(service, OLE, "sygefravær 12,3")
    said = await say_text(service, OLE, "kommunikation")  # (the unit alone still chooses)
    assert "Gemt for Kommunikation: Sygefravær: 12,3" in said, said


async def test_which_centres_have_not_done_a_goal(service: Service) -> None:
    """"hvilke centre har ikke fastlagt kompetencebehov endnu?" got "Strategien opregner ikke,
    hvilke centre det er"; "hvilke centre mangler?" right after a goal's figures got the
    centres without any check-in at all, not those of that goal."""
    await example_checkins(service.bot)
    said = await say_text(service, ANNE, "hvilke centre har ikke fastlagt kompetencebehov "
                                         "endnu?")
    assert "4 af 10 centre har gjort det" in said, said
    said = await say_text(service, ANNE, "hvilke centre mangler?")
    assert "Centre uden indrapportering på målet (2)" in said, said
    await say_text(service, ANNE, "hvordan går det med sygefraværet?")
    said = await say_text(service, ANNE, "hvilke enheder mangler?")
    assert "Enheder uden indrapportering på målet (10)" in said, said

MIKKEL = "mikkel.krogh@ltk.example"  # the chief of CPKS


async def test_a_goal_said_to_be_none_and_then_named(service: Service) -> None:
    """"nej vent, vi har et: chatbot på ltk.dk" right after "ingen digitaliseringsmål i
    årsaftalen" got the bot's text about itself (for the word "chatbot"), and "nej" stood;
    "hov jo, vi har digital post til alle borgere" was not taken as a correction."""
    await say_text(service, MIKKEL, "ingen digitaliseringsmål i årsaftalen")
    said = await say_text(service, MIKKEL, "nej vent, vi har et: chatbot på ltk.dk")
    assert "Rettet for Center for Politik, Kultur og Strategi: Digitaliseringsmål i " \
        "årsaftalen: ja (chatbot på ltk.dk)" in said, said
    await say_text(service, MIKKEL, "ingen digitaliseringsmål i årsaftalen")
    said = await say_text(service, MIKKEL, "hov jo, vi har digital post til alle borgere")
    assert "Digitaliseringsmål i årsaftalen: ja (digital post til alle borgere)" in said, said
    history = await say_text(service, MIKKEL, "mine indrapporteringer")
    assert _has(history, "Digitaliseringsmål i årsaftalen: ja (digital post til alle "
                         "borgere)"), history


async def test_the_whole_municipality_after_a_centre(service: Service) -> None:
    """"og kommunen som helhed?" right after "hvordan går det i mit center?" got the text of
    the shared goals; "hvordan går det for kommunen samlet set?" did too."""
    await example_checkins(service.bot)
    said = await say_text(service, MIKKEL, "hvordan går det i mit center?")
    assert "Center for Politik, Kultur og Strategi" in said, said
    said = await say_text(service, MIKKEL, "og kommunen som helhed?")
    assert "Fremdrift på de fælles mål" in said, said
    said = await say_text(service, MIKKEL, "hvordan går det for kommunen samlet set?")
    assert "Fremdrift på de fælles mål" in said, said


async def test_which_centres_alone(service: Service) -> None:
    """"hvilke centre?" after "er der 12 centre?" got the leadership forums ("Direktion,
    centerchefer og koncernchefgruppen")."""
    await say_text(service, MIKKEL, "er der 12 centre?")
    said = await say_text(service, MIKKEL, "hvilke centre?")
    assert "Kommunen har 10 centre" in said, said
    assert "CTE – Center for Trafik og Ejendomme" in said


async def test_a_claim_about_what_a_goal_says(service: Service) -> None:
    """"alle enheder skal bruge værktøjskassen til rekruttering, right?" got the live figures,
    and the claim (all units) stood: the goal speaks of the units that recruit."""
    said = await say_text(service, MIKKEL, "alle enheder skal bruge værktøjskassen til "
                                           "rekruttering, right?")
    assert "har brug for at rekruttere" in said, said
    said = await say_text(service, MIKKEL, "hvordan går det med værktøjskassen?")
    assert "Fremdrift" in said, said  # (a question how it stands still gets the figures)


async def test_in_danish_and_shorter_after_a_page(service: Service) -> None:
    """"svar på dansk" right after "next page" repeated an older answer in Danish; "kortere
    tak" right after "side 8" shortened an answer from three turns before."""
    await say_text(service, MIKKEL, "what is relational coordination?")
    await say_text(service, MIKKEL, "what's on page 11?")
    said = await say_text(service, MIKKEL, "next page")
    assert "Page 12" in said, said
    said = await say_text(service, MIKKEL, "svar på dansk")
    assert "Side 12" in said, said
    assert "koordinering" not in said
    await say_text(service, MIKKEL, "hvad er relationel koordinering?")
    said = await say_text(service, MIKKEL, "side 8")
    said = await say_text(service, MIKKEL, "kortere tak")
    assert "Relationel koordinering (RK)" not in said, said


async def test_a_form_named_with_its_units_short_name(service: Service) -> None:
    """"borgerpanel kom kun afprøvet" asked which unit and was saved as a form "borgerpanel
    kom" for the unit then chosen; "fremtidsværksted S&A afprøvet og evalueret" as a form
    "fremtidsværksted S"."""
    said = await say_text(service, OLE, "borgerpanel kom kun afprøvet")
    assert "Gemt for Kommunikation: Borger- og brugerinddragelse: borgerpanel (afprøvet: " \
        "ja, evalueret: nej)" in said, said
    said = await say_text(service, OLE, "fremtidsværksted S&A afprøvet og evalueret")
    assert "Gemt for Strategi og Analyse: Borger- og brugerinddragelse: fremtidsværksted " \
        "(afprøvet: ja, evalueret: ja)" in said, said


async def test_a_correction_with_its_figure_in_words(service: Service) -> None:
    """"hov nej, det var elleve komma ni" right after 12,8 was answered from the strategy, and
    12,8 stood; "nej vent, elleve komma otte" at a later step question said "svar ja eller
    nej", and the check-in saved 12."""
    await say_text(service, SUSANNE, "sygefravær tolv komma otte")
    said = await say_text(service, SUSANNE, "hov nej, det var elleve komma ni")
    assert "Rettet for Budget og Regnskab: Sygefravær: 11,9" in said, said
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        said = await chat("indrapporter")
        while "sygefraværet" not in said:
            said = await chat("spring over")
        said = await chat("tolv")
        said = await chat("nej vent, elleve komma otte")
        assert "Rettet: Sygefravær: 11,8" in said, said
        while "Gemt" not in said:
            said = await chat("spring over")
        assert "Sygefravær: 11,8" in said, said
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert _has(history, "Sygefravær: 11,8"), history


async def test_a_goal_said_to_be_none_and_then_named_after_a_comma(service: Service) -> None:
    """"ups jo vi har, selvbetjening på byggesager" right after "vi har ikke noget
    digitaliseringsmål" was not understood, and "nej" stood."""
    await say_text(service, MIKKEL, "vi har ikke noget digitaliseringsmål")
    said = await say_text(service, MIKKEL, "ups jo vi har, selvbetjening på byggesager")
    assert "Digitaliseringsmål i årsaftalen: ja (selvbetjening på byggesager)" in said, said


async def test_not_done_for_the_unit_a_line_for_both_saved(service: Service) -> None:
    """"nej vent, kom er ikke færdig endnu" right after "RK færdig i begge" said "Intet er
    ændret", and Færdig stood; "RK ikke færdig" was saved as Færdig."""
    await say_text(service, OLE, "RK færdig i begge")
    said = await say_text(service, OLE, "nej vent, kom er ikke færdig endnu")
    assert "Rettet for Kommunikation: Relationel koordinering: I gang" in said, said
    said = await say_text(service, SUSANNE, "RK ikke færdig")
    assert "Færdig" not in said, said
