"""Conversations that understand people (issue 11), through the real HTTP paths — Slack's
signed ``/api/slack`` for the step-by-step check-in, Teams' ``/api/messages`` for forms and
channels — on SQLite and PostgreSQL. Each test starts from an input that used to fail."""

from __future__ import annotations

from tests.support.activities import card_buttons, card_of
from tests.support.service import OLE, SUSANNE, Service, reports, say, say_text
from tests.support.slack_chat import slack_dm


def _messages(replies: list[dict[str, object]]) -> list[dict[str, object]]:
    """The replies without typing indicators (a slow turn shows one)."""
    return [r for r in replies if r.get("type") == "message"]


async def test_help_at_a_form_name_prompt_is_not_a_form(service: Service) -> None:
    """"hjælp" typed at the citizen-involvement prompt was saved as a form named "hjælp"."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        assert "relationel koordinering" in await chat("indrapporter")
        assert "Hvilken form for borger- og brugerinddragelse" in await chat("i gang")
        helped = await chat("hjælp")
        assert "Det kan jeg hjælpe med" in helped
        assert "Vi fortsætter: Hvilken form for borger- og brugerinddragelse" in helped
        assert "Er den afprøvet?" in await chat("borgerpanel")
        assert "Er den evalueret?" in await chat("ja")
        assert "note" in await chat("ja")
        assert "flere former" in await chat("ingen")
        assert "sygefraværet" in await chat("nej")
        await chat("spring over")
        saved = await chat("afbryd")
    assert "Indrapporteringen er afbrudt" in saved
    forms = await say_text(service, "admin@ltk.example", "former")
    assert "hjælp" not in forms.lower().replace("det kan jeg hjælpe", "")
    assert await reports(service) == 0  # cancelled before the end: nothing saved


async def test_a_question_mid_flow_is_answered_and_the_flow_goes_on(service: Service) -> None:
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("i gang")
        await chat("spring over")  # citizen involvement
        answered = await chat("hvad er kerneopgaven?")  # at the sick-leave number prompt
        assert "Kerneopgaven" in answered
        assert "Vi fortsætter: Hvad er sygefraværet i Budget og Regnskab" in answered
        assert "rekrutteret i 2019" in await chat("12,8")


async def test_checking_in_again_asks_to_go_on_or_start_over(service: Service) -> None:
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("færdig")
        asked = await chat("indrapporter")
        assert "Vil du fortsætte, hvor du slap, eller starte forfra?" in asked
        assert "Vi fortsætter: Hvilken form for borger- og brugerinddragelse" in await chat(
            "Fortsæt")
        await chat("indrapporter")
        restarted = await chat("Start forfra")
        assert "Hvor langt er Budget og Regnskab med relationel koordinering?" in restarted


async def test_after_a_restart_the_flow_says_where_it_resumes(service: Service) -> None:
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("i gang")
        await service.restart()
        resumed = await chat("spring over")
        assert "Vi var i gang med indrapporteringen for Budget og Regnskab" in resumed
        assert "sygefraværet" in resumed


async def test_a_stale_button_says_its_flow_has_ended(service: Service) -> None:
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        assert "Indrapporteringen er afbrudt. Ingen af dens svar er gemt." in await chat("afbryd")
        stale = await chat("Færdig")  # a button of the question that was pending
        assert "Den indrapportering er afsluttet" in stale
        assert "kan ikke finde" not in stale


async def test_cancelling_on_the_second_unit_says_what_was_saved(service: Service) -> None:
    """"afbryd" on a leader's second unit said "Intet er gemt" though the first was saved."""
    async with slack_dm(service, OLE) as (chat, _slack):
        await chat("indrapporter")  # both units, one after the other
        await chat("i gang")  # Strategi og Analyse: relational coordination
        text = ""
        for _ in range(10):
            text = await chat("spring over")
            if "Kommunikation" in text:
                break
        assert "Gemt for Strategi og Analyse" in text
        cancelled = await chat("afbryd")
    assert "Det, du indrapporterede for Strategi og Analyse, er gemt; for Kommunikation er " \
           "intet gemt." in cancelled
    assert await reports(service) == 1


async def test_unsubscribing_where_nothing_is_subscribed_says_so(service: Service) -> None:
    text = await say_text(service, OLE, "afmeld")
    assert "Der var intet abonnement at afmelde her" in text


async def test_resubmitting_unchanged_values_says_nothing_changed(service: Service) -> None:
    [form, _] = _messages(await say(service, OLE, "indrapporter"))
    data = card_of(form)["actions"][0]["data"]
    assert "Gemt" in await say_text(service, OLE, "", value={
        **data, "relational-coordination.status": "done"})
    [form, _] = _messages(await say(service, OLE, "indrapporter"))
    inputs = {e["id"]: e.get("value") for e in card_of(form)["body"]
              if e["type"].startswith("Input.") and e.get("value") is not None}
    again = await say_text(service, OLE, "", value={**card_of(form)["actions"][0]["data"],
                                                  **inputs})
    assert "Intet er ændret – Strategi og Analyse har de samme tal som sidst" in again


async def test_undo_of_the_only_figure_says_there_is_none_now(service: Service) -> None:
    [saved] = await say(service, SUSANNE, "sygefravær 12,8")
    undo = card_buttons(card_of(saved))[0]["data"]["msteams"]["text"]
    text = await say_text(service, SUSANNE, undo)
    assert "Der er nu intet tal for Budget og Regnskab på det mål" in text
    await say_text(service, SUSANNE, "sygefravær 12,8")
    [second] = await say(service, SUSANNE, "sygefravær 13")
    undo = card_buttons(card_of(second))[0]["data"]["msteams"]["text"]
    text = await say_text(service, SUSANNE, undo)
    assert "Nu gælder igen: Sygefravær: 12,8 dagsværk pr. årsværk" in text


async def test_help_shows_the_whole_bot_for_this_user(service: Service) -> None:
    leader = await say_text(service, OLE, "hjælp")
    assert "Indrapportering** – for dig som leder af Strategi og Analyse og Kommunikation" \
        in leader or "Indrapportering – for dig som leder af" in leader
    assert "Fremdrift" in leader
    other = await say_text(service, "medarbejder@ltk.example", "help", locale="en-US")
    assert "Ask about the strategy" in other
    assert "Check-ins" not in other
    chief = await say_text(service, "mikkel.krogh@ltk.example", "hjælp")
    assert "for dig som centerchef for Center for Politik, Kultur og Strategi" in chief
    assert "sygefravær 12,8" not in chief  # a centre chief's examples are the centre's goals


async def test_the_whole_strategy_is_an_overview(service: Service) -> None:
    text = await say_text(service, OLE, "vis hele strategien")
    assert "Koncernstrategi 2019" in text
    assert "Perioden: 1. januar 2019 – 31. december 2019" in text
    assert "Udgivet af Direktion & centerchefer (december 2018)" in text  # (not "2018-12")
    assert "De fire temaer: 1." in text
    # the themes' six shared goals, and the requirement beside them (persona round 6: "7")
    assert "6 fælles mål for 2019, og alle centre skal have mindst én indsats" in text
    assert "LyNET" not in text  # the document says where the annual agreements are, not it
    english = await say_text(service, OLE, "show me the whole strategy", locale="en-US")
    assert "Period: 1 January 2019 – 31 December 2019" in english
    assert "(December 2018)" in english


async def test_a_one_liner_at_a_form_name_prompt_is_saved_as_what_it_says(
        service: Service) -> None:
    """"sygefravær 12,8" typed at the free-text form prompt was saved as a form's name."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("i gang")
        saved = await chat("sygefravær 12,8")
        assert "Gemt for Budget og Regnskab: Sygefravær: 12,8" in saved
        assert "Vi fortsætter: Hvilken form for borger- og brugerinddragelse" in saved
        progress = await chat("hvordan går det med sygefraværet?")
        assert "Intet tal vist: 1 af 40 enheder" in progress  # (one unit: withheld)
        assert "Vi fortsætter: Hvilken form" in progress
        await chat("afbryd")
    forms = await say_text(service, "admin@ltk.example", "former")
    assert "sygefravær" not in forms.lower()
    assert await reports(service) == 1  # the sick leave, nothing else


async def test_maybe_and_nothing_done_are_not_form_names(service: Service) -> None:
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("i gang")
        unsure = await chat("måske")
        assert "ligner ikke navnet på en form" in unsure
        nothing = await chat("vi har ikke lavet noget")
        assert "sygefraværet" in nothing  # read as "none": on to the next goal
        await chat("afbryd")
    forms = await say_text(service, "admin@ltk.example", "former")
    assert "måske" not in forms.lower()
    assert "lavet noget" not in forms.lower()


async def test_go_on_or_start_over_is_never_answered_for_the_hidden_question(
        service: Service) -> None:
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("i gang")
        await chat("borgerpanel")  # now at "Er den afprøvet?"
        await chat("indrapporter")
        again = await chat("nej")  # not "start over", not the answer to "afprøvet?"
        assert "Vil du fortsætte, hvor du slap, eller starte forfra?" in again
        going_on = await chat("ja")
        assert "Vi fortsætter: Er den afprøvet?" in going_on


async def test_answers_said_in_a_line_and_nothing_said_as_a_name(service: Service) -> None:
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        assert "Hvilken form for borger" in await chat("RK færdig")  # the RK question's answer
        assert "sygefraværet" in await chat("nej tak")  # no forms
        await chat("afbryd")
        await chat("indrapporter")
        await chat("færdig")
        for garbage in ("ikke relevant", "aner det ikke", "spørg min souschef"):
            reply = await chat(garbage)
            assert "sygefraværet" in reply or "ligner ikke navnet" in reply, garbage
        await chat("afbryd")
    assert "former er afprøvet" not in await say_text(service, SUSANNE, "hvordan går det med "
                                                    "borgerinddragelsen?")


async def test_a_one_liner_mid_flow_is_not_overwritten_by_the_flow(service: Service) -> None:
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("planlagt")  # the flow's answer for RK …
        assert "Gemt for Budget og Regnskab: Relationel koordinering: Færdig" in await chat(
            "RK færdig")  # … then a newer one-liner
        await chat("spring over")
        await chat("spring over")
        await chat("spring over")
    history = await say_text(service, SUSANNE, "mine indrapporteringer")
    assert "Relationel koordinering: Færdig" in history
    assert "Planlagt" not in history


async def test_a_figure_saved_mid_flow_is_the_one_kept_unchanged(service: Service) -> None:
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("i gang")
        await chat("sygefravær 12,8")  # at the form prompt
        assert "sygefraværet" in await chat("ingen")  # no forms: on to sick leave
        kept = await chat("uændret")  # was "der er intet tidligere tal at beholde"
        assert "intet tidligere tal" not in kept
        assert "rekrutteret" in kept
        await chat("afbryd")


async def test_a_centre_chief_s_names_must_name_something(service: Service) -> None:
    """A centre chief's test: "tema 4: måske", "digitaliseringsmål: ikke endnu" (saved as
    "ja"), "tema 4: vi er i gang" were stored as initiatives and goals."""
    chief = "mikkel.krogh@ltk.example"
    assert "Digitaliseringsmål i årsaftalen: nej" in await say_text(
        service, chief, "digitaliseringsmål: ikke endnu")
    for line in ("tema 4: vi er i gang", "tema 3: ved ikke endnu"):
        assert "ligner ikke navnet på" in await say_text(service, chief, line), line
    # (a hedge saves nothing either, and says why: round 10)
    for line in ("tema 4: måske", "digitaliseringsmål: spørg min souschef"):
        assert "Intet er gemt" in await say_text(service, chief, line), line
    assert "Tema 2: ingen" in await say_text(service, chief, "tema 2: nej tak")
    assert "Gemt" in await say_text(service, chief, "tema 1: trivselsmåling i december")
    assert await reports(service) == 3


async def test_a_status_for_later_is_not_saved_as_now(service: Service) -> None:
    text = await say_text(service, SUSANNE, "RK færdig i december")
    assert "Gemt" not in text
    assert "hvor langt I er nu" in text
    assert await reports(service) == 0


async def test_a_centre_chief_and_leaders_second_round(service: Service) -> None:
    """What a second round of persona tests found, through Slack's step-by-step flow."""
    async with slack_dm(service, SUSANNE) as (chat, _slack):
        await chat("indrapporter")
        await chat("spring over")
        await chat("spring over")
        assert "rekrutteret" in await chat("sygefravær 12,8")  # at the sick-leave question
        await chat("afbryd")
        await chat("indrapporter")
        await chat("spring over")
        await chat("spring over")
        assert "skriv ét tal" in await chat("8,9 sidste år, nu 12")  # which one?
        listed = await chat("fortryd")  # mid-flow: a choice (here: none), nothing undone
        assert "Fortrudt" not in listed
        assert "Vi fortsætter" in listed
        await chat("afbryd")


async def test_which_unit_mid_flow_is_asked_alone(service: Service) -> None:
    async with slack_dm(service, OLE) as (chat, _slack):
        await chat("indrapporter")
        asked = await chat("sygefravær 12,8")  # at the RK question
        assert "Hvilken gælder det?" in asked
        assert "Vi fortsætter" not in asked  # one question at a time
        saved = await chat("cpks 2")
        assert "Gemt for Kommunikation: Sygefravær: 12,8" in saved
        assert "Vi fortsætter: Hvor langt er Strategi og Analyse" in saved
        await chat("afbryd")


async def test_a_new_initiative_says_which_it_replaces(service: Service) -> None:
    chief = "mikkel.krogh@ltk.example"
    await say_text(service, chief, "tema 2: trivselsmåling i alle teams")
    text = await say_text(service, chief, "tema 2: ledelsesudvikling")
    assert "Gemt for Center for Politik, Kultur og Strategi: Tema 2: ledelsesudvikling" in text
    assert "Det erstatter det, der stod før: Tema 2: trivselsmåling i alle teams." in text


async def test_a_chief_s_no_and_undo_tell_the_truth(service: Service) -> None:
    """A last persona round: "ikke endnu" after a named goal kept the name ("nej (digital
    post)"); undoing one theme said the whole goal had no figure."""
    chief = "mikkel.krogh@ltk.example"
    await say_text(service, chief, "digitaliseringsmål: digital post")
    text = await say_text(service, chief, "digitaliseringsmål: ikke endnu")
    assert "Digitaliseringsmål i årsaftalen: nej\n" in text + "\n"
    assert "Det erstatter det, der stod før: Digitaliseringsmål i årsaftalen: ja (digital " \
        "post)." in text
    await say_text(service, chief, "tema 1: RK i alle afdelinger")
    await say_text(service, chief, "tema 2: ledelsesudvikling")
    undone = await say_text(service, chief, "fortryd")
    assert "Der står nu intet for Center for Politik, Kultur og Strategi under tema 2." in undone
