"""Check-ins through the real HTTP path, on SQLite and PostgreSQL: the Teams form, one-liners,
refusals, undo, history, a restart mid-flow, redelivery, and live progress figures."""

from __future__ import annotations

import asyncio

from tests.support.activities import card_buttons, card_of, card_texts, teams_message
from tests.support.service import (
    KAREN,
    OLE,
    SANNE,
    SUSANNE,
    Service,
    reply_text,
    reports,
    roster_user,
    say,
)
from tests.support.slack_chat import slack_dm


async def test_a_leader_checks_in_through_the_teams_form(service: Service) -> None:
    replies = await say(service, OLE, "indrapporter")
    assert len(replies) == 2  # one form per unit
    card = card_of(replies[0])
    assert card_texts(card)[0] == "Indrapportering: Strategi og Analyse"
    inputs = {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}
    assert "sick-leave.fte" not in inputs  # the registered FTE weighs, not a typed one
    assert "registrerede 14 årsværk" in inputs["sick-leave.days"]["label"]
    assert inputs["relational-coordination.status"]["type"] == "Input.ChoiceSet"
    submit = card["actions"][0]
    assert submit["type"] == "Action.Submit"

    value = {**submit["data"], "relational-coordination.status": "done",
             "sick-leave.days": "12,8",
             "citizen-involvement.form": "Borgerpanel", "citizen-involvement.tried": "true",
             "citizen-involvement.evaluated": "true"}
    [saved] = await say(service, OLE, "", value=value)
    text = reply_text(saved)
    assert "Gemt for Strategi og Analyse:" in text
    assert "Sygefravær: 12,8 dagsværk pr. årsværk" in text
    assert "Relationel koordinering: Færdig" in text
    assert await reports(service) == 3
    undo = [b for b in card_buttons(card_of(saved)) if b["title"].startswith("Fortryd")]
    assert len(undo) == 3

    # the next form is pre-filled with the last values
    replies = await say(service, OLE, "indrapporter")
    inputs = {e["id"]: e for e in card_of(replies[0])["body"] if e["type"].startswith("Input.")}
    assert inputs["relational-coordination.status"]["value"] == "done"
    assert inputs["sick-leave.days"]["value"] == "12,8"  # a decimal comma, as Danes write


async def test_an_invalid_form_saves_nothing_and_says_why(service: Service) -> None:
    replies = await say(service, OLE, "indrapporter")
    data = card_of(replies[0])["actions"][0]["data"]
    [reply] = await say(service, OLE, "", value={**data, "sick-leave.days": "250",
                                                   "relational-coordination.status": "maybe",
                                                   "citizen-involvement.form": "Borgerpanel"})
    text = reply_text(reply)
    assert "Intet er gemt" in text
    assert "mellem 0 og 60" in text  # the goal's plausible range
    assert "vælg en af mulighederne" in text
    assert await reports(service) == 0


async def test_one_liners_are_saved_and_confirmed_with_an_undo_button(service: Service) -> None:
    [reply] = await say(service, SUSANNE, "sygefravær 12,8")
    assert reply_text(reply).startswith(
        "Gemt for Budget og Regnskab: Sygefravær: 12,8 dagsværk pr. årsværk")
    [reply] = await say(service, SUSANNE, "RK færdig")
    assert "Relationel koordinering: Færdig" in reply_text(reply)
    [reply] = await say(service, SUSANNE, "borgerinddragelse: borgerpanel afprøvet og evalueret")
    assert "borgerpanel (afprøvet: ja, evalueret: ja)" in reply_text(reply)
    [undo] = card_buttons(card_of(reply))
    assert undo["title"].startswith("Fortryd")
    [undone] = await say(service, SUSANNE, undo["data"]["msteams"]["text"])
    assert "Fortrudt" in reply_text(undone)
    assert await reports(service) == 4  # three reports and one undo row: append-only


async def test_a_leader_of_several_units_is_asked_which(service: Service) -> None:
    [question] = await say(service, OLE, "sygefravær 11,5")
    assert "Hvilken gælder det?" in reply_text(question)
    buttons = card_buttons(card_of(question))
    assert [b["title"] for b in buttons] == ["Strategi og Analyse", "Kommunikation"]
    [saved] = await say(service, OLE, buttons[1]["data"]["msteams"]["text"])
    assert "Gemt for Kommunikation" in reply_text(saved)


async def test_someone_who_leads_nothing_is_refused_politely(service: Service) -> None:
    [reply] = await say(service, "medarbejder@ltk.example", "indrapporter")
    text = reply_text(reply)
    assert "for enhedsledere og centerchefer" in text
    assert "admin@ltk.example" in text
    [reply] = await say(service, "medarbejder@ltk.example", "sygefravær 12", locale="en-US")
    assert await reports(service) == 0


async def test_an_out_of_range_one_liner_is_explained(service: Service) -> None:
    [reply] = await say(service, SUSANNE, "sygefravær 120")
    assert "mellem 0 og 60" in reply_text(reply)
    [reply] = await say(service, SUSANNE, "sick leave 9.5 @NOPE", locale="en-US")
    assert 'There is no unit or centre with the code "NOPE"' in reply_text(reply)
    assert await reports(service) == 0


async def test_history_and_undo_rules(service: Service) -> None:
    first = await say(service, SUSANNE, "sygefravær 13")
    second = await say(service, SUSANNE, "sygefravær 12")
    [history] = await say(service, SUSANNE, "mine indrapporteringer")
    text = reply_text(history)
    assert "Dine seneste indrapporteringer" in text
    assert "Budget og Regnskab – Sygefravær: 12 dagsværk pr. årsværk" in text
    old_undo = card_buttons(card_of(first[0]))[0]["data"]["msteams"]["text"]
    [reply] = await say(service, SUSANNE, old_undo)
    assert "kun lade sig gøre at fortryde den seneste" in reply_text(reply)
    someone_elses = card_buttons(card_of(second[0]))[0]["data"]["msteams"]["text"]
    [reply] = await say(service, KAREN, someone_elses)
    assert "egne indrapporteringer" in reply_text(reply)


async def test_a_redelivered_activity_is_stored_once_even_after_a_restart(
    service: Service,
) -> None:
    await say(service, SUSANNE, "sygefravær 12,4", activity_id="redelivered-1")
    await service.restart()  # a new process: the in-memory guard is gone, the database is not
    await say(service, SUSANNE, "sygefravær 12,4", activity_id="redelivered-1")
    assert await reports(service) == 1


async def test_a_slack_flow_interrupted_by_a_restart_resumes_where_it_stopped(
    service: Service,
) -> None:
    # in Slack a check-in is a step-by-step conversation; its state lives in the database
    async with slack_dm(service, SUSANNE) as (say, _slack):
        assert "Hvor langt er Budget og Regnskab med relationel koordinering?" in await say(
            "indrapporter")
        assert "Hvilken form for borger- og brugerinddragelse" in await say("I gang")
        await service.restart()  # the process dies mid-flow
        assert "sygefraværet i Budget og Regnskab" in await say("spring over")
        assert "rekrutteret i 2019" in await say("13,1")
        text = await say("spring over")
    assert "Gemt for Budget og Regnskab:" in text
    assert "Relationel koordinering: I gang" in text
    assert "Sygefravær: 13,1 dagsværk pr. årsværk" in text
    assert await reports(service) == 2


async def test_progress_figures_match_hand_computed_ones(service: Service) -> None:
    await say(service, SUSANNE, "sygefravær 12")  # 22 FTE
    await say(service, KAREN, "sygefravær 15")  # 18 FTE
    await say(service, SANNE, "sygefravær 13,5")  # 55.5 FTE
    await say(service, SUSANNE, "RK færdig")
    await say(service, KAREN, "RK i gang")
    await say(service, SANNE, "RK færdig")
    await say(service, SUSANNE, "borgerinddragelse: Borgerpanel afprøvet og evalueret")
    await say(service, KAREN, "borgerinddragelse: borger-panel afprøvet og evalueret")
    await say(service, SANNE, "borgerinddragelse: dialogmøder afprøvet")
    # three units, in two centres that are both withheld: the whole figure is withheld too
    [reply] = await say(service, "anyone@ltk.example", "hvordan går det med sygefraværet?")
    text = reply_text(reply)
    assert "Fremdrift: Sygefravær ned til 13,5 dagsværk pr. årsværk" in text
    assert "Intet tal vist: 3 af 40 enheder (6 % af årsværkene) har indrapporteret" in text
    assert "13,4" not in text
    # 95.5 of the 1,684 FTE: too few for a status
    assert "For få indrapporteringer" in text
    [reply] = await say(service, "anyone@ltk.example",
                         "how many units have done relational coordination?", locale="en-US")
    assert "2 of 30 units are done, 1 in progress – reported by 3 of 40 units" in \
        reply_text(reply)
    [reply] = await say(service, "anyone@ltk.example",
                         "hvordan går det med borgerinddragelsen?")
    # "Borgerpanel" and "borger-panel" are one form; "dialogmøder" is not evaluated
    assert "1 af 3 former er afprøvet og evalueret (Borgerpanel); 2 afprøvet i alt – " \
           "indrapporteret af 3 af 40 enheder" in reply_text(reply)
    [reply] = await say(service, "anyone@ltk.example", "hvilke enheder mangler at indrapportere")
    text = reply_text(reply)
    assert "Enheder uden indrapportering (37)" in text
    assert "Budget og Regnskab" not in text
    assert "Strategi og Analyse" in text
    assert "mette" not in text.lower()  # units, never persons
    # three more units (CSB-02, -03, -04: 26.5, 95 and 35 FTE): (12·22 + 15·18 + 13.5·55.5 +
    # 14·156.5) / 252 = 3474.25 / 252 = 13.787…, from 252 of the 1,684 FTE
    for code in ("CSB-02", "CSB-03", "CSB-04"):
        await say(service, "admin@ltk.example", f"sygefravær 14 @{code}")
    [reply] = await say(service, "anyone@ltk.example", "hvordan går det med sygefraværet?")
    assert "13,8 dagsværk pr. årsværk fra 6 af 40 enheder (15 % af årsværkene) (mål 13,5, " \
           "udgangspunkt 14,9" in reply_text(reply)


async def test_a_typing_indicator_shows_while_something_slow_runs(service: Service) -> None:
    # the Teams roster answers slowly: the turn outlasts the 0.5 s before typing is shown
    service.connector.delay(1.2, method="GET", path="/members/")
    replies = await say(service, SUSANNE, "indrapporter", typing=True)
    kinds = [r.get("type") for r in replies]
    assert "typing" in kinds
    assert kinds.index("typing") < kinds.index("message")
    assert "Indrapportering: Budget og Regnskab" in reply_text(replies[-1])


async def test_a_form_with_nothing_new_saves_nothing(service: Service) -> None:
    replies = await say(service, OLE, "indrapporter")
    data = card_of(replies[0])["actions"][0]["data"]
    # a new form's yes/no left on their defaults, its name empty: nothing to save
    [reply] = await say(service, OLE, "", value={**data, "citizen-involvement.tried": "true"})
    assert "Intet at gemme" in reply_text(reply)
    assert await reports(service) == 0


async def test_a_danish_command_is_answered_in_danish_whatever_the_locale(
    service: Service,
) -> None:
    replies = await say(service, OLE, "indrapporter", locale="en-US")
    assert card_texts(card_of(replies[0]))[0] == "Indrapportering: Strategi og Analyse"
    replies = await say(service, OLE, "check in", locale="da-DK")
    assert card_texts(card_of(replies[0]))[0] == "Check-in: Strategi og Analyse"


async def test_a_centre_chiefs_ingen_fills_no_theme_cell(service: Service) -> None:
    chief = "mikkel.krogh@ltk.example"  # CPKS
    [form] = await say(service, chief, "indrapporter")
    data = card_of(form)["actions"][0]["data"]
    value = {**data, "theme-coverage.initiative.1": "RK i alle afdelinger",
             "theme-coverage.initiative.2": "ingen", "theme-coverage.initiative.3": "Ingen endnu"}
    [saved] = await say(service, chief, "", value=value)
    text = reply_text(saved)
    assert "Tema 1: RK i alle afdelinger" in text
    # the "none" is saved: the centre has answered for theme 2 (shown as "ingen" since
    # round 9; it was "–", which a persona read as not answered)
    assert text.split("Tema 2:")[1].split("\n")[0].strip() == "ingen"
    [reply] = await say(service, chief, "fremdrift")
    assert "1 af 40 felter i matrixen centre × temaer er udfyldt" in reply_text(reply)


async def test_which_unit_can_be_answered_by_typing_the_unit(service: Service) -> None:
    """A leader who types the unit's name instead of clicking keeps the figure."""
    [question] = await say(service, OLE, "sygefravær 11,5")
    assert "Hvilken gælder det?" in reply_text(question)
    [saved] = await say(service, OLE, "kommunikation")
    assert "Gemt for Kommunikation: Sygefravær: 11,5" in reply_text(saved)
    [question] = await say(service, OLE, "sygefravær 11")
    [saved] = await say(service, OLE, "CPKS-01")
    assert "Gemt for Strategi og Analyse" in reply_text(saved)
    [question] = await say(service, OLE, "sygefravær 10")
    lapsed, answer = await say(service, OLE, "hvad er kerneopgaven?")  # it lapses, said once
    assert '"sygefravær 10" er ikke gemt' in reply_text(lapsed)
    assert "Kerneopgaven" in reply_text(answer)
    assert await reports(service) == 2


async def test_undo_alone_undoes_what_was_just_saved_and_never_walks_back(
        service: Service) -> None:
    await say(service, SUSANNE, "sygefravær 13")
    [saved] = await say(service, SUSANNE, "sygefravær 12")
    [undo] = card_buttons(card_of(saved))
    [undone] = await say(service, SUSANNE, "fortryd")
    assert "Fortrudt: Sygefravær: 12" in reply_text(undone)
    assert "Nu gælder igen: Sygefravær: 13" in reply_text(undone)
    which = await say(service, SUSANNE, "fortryd")  # again: a choice, not the 13 undone
    assert "Hvilken indrapportering vil du fortryde?" in reply_text(which[0])
    assert "Sygefravær: 13" in "\n".join(reply_text(r) for r in which)
    [again] = await say(service, SUSANNE, undo["data"]["msteams"]["text"])  # the old button
    assert "allerede fortrudt" in reply_text(again)
    english = await say(service, SUSANNE, "undo", locale="en-US")
    assert "Which check-in do you want to undo?" in reply_text(english[0])
    assert await reports(service) == 3  # two reports and one undo row


async def test_which_unit_both_and_a_lapsed_question_are_said(service: Service) -> None:
    await say(service, OLE, "sygefravær 12,8")
    saved = await say(service, OLE, "begge")
    assert [reply_text(r).split(":")[0] for r in saved] == [
        "Gemt for Strategi og Analyse", "Gemt for Kommunikation"]
    await say(service, OLE, "sygefravær 12,5")
    [lapsed] = await say(service, OLE, "nej")
    assert '"sygefravær 12,5" er ikke gemt' in reply_text(lapsed)
    assert await reports(service) == 2


async def test_an_fte_proposal_takes_a_typed_unit_and_checks_the_number_first(
        service: Service) -> None:
    [bad] = await say(service, OLE, "årsværk abc")
    assert "Skriv antallet af årsværk som et tal" in reply_text(bad)
    await say(service, OLE, "årsværk 15")
    [proposed] = await say(service, OLE, "Kommunikation")
    assert "Forslaget om 15 årsværk for Kommunikation" in reply_text(proposed)


async def test_a_figure_is_confirmed_as_typed(service: Service) -> None:
    [saved] = await say(service, SUSANNE, "sygefravær 12,85")
    assert "Sygefravær: 12,85 dagsværk" in reply_text(saved)


async def test_a_unit_can_be_named_instead_of_its_code(service: Service) -> None:
    [form] = await say(service, OLE, "indrapporter Kommunikation")
    assert card_of(form)["body"][0]["text"] == "Indrapportering: Kommunikation"


async def test_undo_after_a_proposal_or_by_a_typed_label_guesses_nothing(
        service: Service) -> None:
    await say(service, OLE, "sygefravær 12,8 @CPKS-02")
    await say(service, OLE, "årsværk 15 @CPKS-02")
    which = await say(service, OLE, "fortryd")  # the proposal came last: not the figure
    assert "Hvilken indrapportering vil du fortryde?" in reply_text(which[0])
    which = await say(service, OLE, "Fortryd: Sygefravær: 12,8 dagsværk pr. årsværk")
    assert "Hvilken indrapportering vil du fortryde?" in reply_text(which[0])
    assert await reports(service) == 1


async def test_yes_please_confirms_a_jump(service: Service) -> None:
    await say(service, SUSANNE, "sygefravær 12,8")
    [asked] = await say(service, SUSANNE, "sygefravær 25")
    assert "Er du sikker" in reply_text(asked)
    [saved] = await say(service, SUSANNE, "ja tak")
    assert "Gemt for Budget og Regnskab: Sygefravær: 25" in reply_text(saved)


async def test_an_admin_is_told_to_name_the_unit_of_a_form(service: Service) -> None:
    [reply] = await say(service, "admin@ltk.example", "fjern form borgerpanel")
    assert "@CPKS-01" in reply_text(reply)
    assert "Du kan ikke indrapportere for" not in reply_text(reply)


async def test_a_second_fte_proposal_says_it_replaces_the_first(service: Service) -> None:
    await say(service, SUSANNE, "årsværk 16")
    [second] = await say(service, SUSANNE, "årsværk 20")
    assert "Forslaget om 20 årsværk for Budget og Regnskab" in reply_text(second)
    assert "Det erstatter forslaget om 16 årsværk, der ventede." in reply_text(second)


async def test_an_fte_that_changes_nothing_is_not_proposed(service: Service) -> None:
    [same] = await say(service, SUSANNE, "årsværk 22")  # COP-01 is registered with 22
    assert "Intet er ændret – Budget og Regnskab er allerede registreret med 22" in reply_text(
        same)
    await say(service, SUSANNE, "årsværk 20")
    [again] = await say(service, SUSANNE, "årsværk 20")
    assert "venter allerede på en administrator" in reply_text(again)


async def test_two_answers_to_one_question_at_the_same_moment_save_once(
        service: Service) -> None:
    """Two "ja" to one "Er du sikker?" arrive together (a double tap, two devices): one
    takes the question and saves, the other is told it crossed — never two saves, and
    "fortryd" then undoes the one (on PostgreSQL both used to save, about one time in four
    here, and the undo left the figure standing). Three rounds."""
    await say(service, SUSANNE, "sygefravær 12,8")
    conversation = f"a:personal-{SUSANNE}"
    user = roster_user(service.connector, SUSANNE, conversation)

    async def yes(n: int) -> int:
        activity = teams_message(service.connector.url, "ja", conversation=conversation,
                                 user=user, activity_id=f"ja-{n}")
        async with await service.post_activity(activity) as response:
            return response.status

    for round_ in range(3):
        [asked] = await say(service, SUSANNE, "sygefravær 25")
        assert reply_text(asked).startswith("Er du sikker?"), reply_text(asked)
        before = len(service.connector.activities)
        assert await asyncio.gather(yes(2 * round_), yes(2 * round_ + 1)) == [200, 200]
        await service.settle()
        texts = [reply_text(r.body) for r in service.connector.activities[before:]
                 if r.body.get("type") == "message"]
        assert len(texts) == 2, texts
        assert sum(t.startswith("Gemt for") for t in texts) == 1, texts
        [undone] = await say(service, SUSANNE, "fortryd")
        assert "Nu gælder igen: Sygefravær: 12,8" in reply_text(undone), reply_text(undone)


async def test_the_same_check_in_sent_twice_at_once_is_saved_once(service: Service) -> None:
    """A double click on the form's "Gem", a one-liner sent from two devices, a double click
    on "Fortryd": each is done once, the other is told nothing changed or that it is done
    already — never two rows, and never "the database failed" (PostgreSQL used to save both
    and then answer the double undo with "Ikke gemt")."""
    conversation = f"a:personal-{SUSANNE}"
    user = roster_user(service.connector, SUSANNE, conversation)
    [form] = await say(service, SUSANNE, "indrapporter")
    data = card_of(form)["actions"][0]["data"]

    async def send(n: int, text: str, value: object = None) -> list[str]:
        activity = teams_message(service.connector.url, text, conversation=conversation,
                                 user=user, activity_id=f"twice-{n}", value=value)
        before = {id(r) for r in service.connector.activities}
        async with await service.post_activity(activity) as response:
            assert response.status == 200
        return [reply_text(r.body) for r in service.connector.activities
                if id(r) not in before and r.body.get("type") == "message"
                and r.body.get("replyToId") == f"twice-{n}"]

    for round_, (figure, line) in enumerate((("11,4", "sygefravær 11,5"),
                                              ("12,2", "sygefravær 12,3"),
                                              ("11,9", "sygefravær 12,0"))):
        value = {**data, "sick-leave.days": figure}
        before = await reports(service)
        first, second = await asyncio.gather(send(10 * round_, "", value),
                                             send(10 * round_ + 1, "", value))
        assert await reports(service) == before + 1, (first, second)
        assert sorted(t.split(" ")[0] for t in first + second) == ["Gemt", "Intet"], \
            (first, second)
        before = await reports(service)
        first, second = await asyncio.gather(send(10 * round_ + 2, line),
                                              send(10 * round_ + 3, line))
        assert await reports(service) == before + 1, (first, second)
    [mine] = await say(service, SUSANNE, "mine indrapporteringer")
    last = next(b for b in card_buttons(card_of(mine)) if b["title"].startswith("Fortryd"))
    command = last["value"]["strategibot"]["value"] if isinstance(last.get("value"), dict) \
        else last["data"]["strategibot"]["value"]
    first, second = await asyncio.gather(send(100, command), send(101, command))
    texts = first + second
    assert sum(t.startswith("Fortrudt") for t in texts) == 1, texts
    assert not any("Ikke gemt" in t for t in texts), texts


async def test_fortryd_to_are_you_sure_drops_the_figure_asked_about_only(
        service: Service) -> None:
    """Ole leads two units: a saved figure for one, a jump asked about for the other, then
    "fortryd" — the jump is not saved and the first unit's figure stays (it used to be undone
    too)."""
    [saved] = await say(service, OLE, "sygefravær 10,9 @CPKS-01")
    assert reply_text(saved).startswith("Gemt for")
    await say(service, OLE, "sygefravær 12,0 @CPKS-02")
    [asked] = await say(service, OLE, "sygefravær 30 @CPKS-02")
    assert reply_text(asked).startswith("Er du sikker?"), reply_text(asked)
    before = await reports(service)
    replies = await say(service, OLE, "fortryd")
    texts = [reply_text(r) for r in replies]
    assert len(texts) == 1, texts
    assert texts[0].startswith("Intet er gemt."), texts
    assert await reports(service) == before  # nothing undone


async def test_no_to_are_you_sure_names_where_the_unit_stands(service: Service) -> None:
    """A big change made in small steps is asked about (17,5 → 13,2 → 12,4); "nej" then
    names the figure that stands (13,2), not the range the question compared with."""
    for figure in ("17,5", "13,2"):
        [saved] = await say(service, SUSANNE, f"sygefravær {figure}")
        assert reply_text(saved).startswith("Gemt for"), reply_text(saved)
    [asked] = await say(service, SUSANNE, "sygefravær 12,4")
    assert "mellem 13,2 og 17,5" in reply_text(asked), reply_text(asked)
    [dropped] = await say(service, SUSANNE, "nej")
    assert reply_text(dropped) == ("Intet er gemt. Budget og Regnskab står fortsat med 13,2 "
                                   "dagsværk pr. årsværk."), reply_text(dropped)


async def test_an_edited_check_in_is_not_read_and_the_leader_is_told(service: Service) -> None:
    """Teams sends a changed message as ``messageUpdate``: nothing is saved from it; a
    check-in is answered with how to correct it, any other edit is left alone."""
    [saved] = await say(service, SUSANNE, "sygefravær 12,8", activity_id="edit-me")
    assert reply_text(saved).startswith("Gemt for")
    conversation = f"a:personal-{SUSANNE}"
    user = roster_user(service.connector, SUSANNE, conversation)
    before = await reports(service)
    for text, answered in (("sygefravær 13,8", True), ("hej med jer", False)):
        activity = teams_message(service.connector.url, text, conversation=conversation,
                                 user=user, activity_id="edit-me")
        activity["type"] = "messageUpdate"
        activity["channelData"] = {**activity["channelData"], "eventType": "editMessage"}
        count = len(service.connector.activities)
        async with await service.post_activity(activity) as response:
            assert response.status == 200
        replies = [reply_text(r.body) for r in service.connector.activities[count:]
                   if r.body.get("type") == "message"]
        if answered:
            assert len(replies) == 1, replies
            assert "Jeg læser ikke rettelser" in replies[0]
            assert "«sygefravær 13,8»" in replies[0]
        else:
            assert replies == []
    assert await reports(service) == before


async def test_a_question_beside_a_goal_is_not_answered_with_its_live_figure(
        service: Service) -> None:
    """"sygefraværet i omegnskommunerne" named the goal and asked for a figure, so it got our
    own live sick leave as if it were the neighbours'. Words beside the goal's send it to the
    strategy when that answers with another entry or says it does not tell; the plain
    progress questions still get the live figure."""
    employee = "medarbejder@ltk.example"
    for question, live in (("hvad er sygefraværet i omegnskommunerne?", False),
                           ("hvor mange penge er afsat til RK?", False),
                           ("hvad er sygefraværet i nabokommunerne?", False),
                           ("what is the sick leave in the neighbouring municipalities?", False),
                           ("hvor mange fokusområder har digitaliseringsstrategien?", False),
                           ("hvordan går det med målene?", True),
                           ("hvordan går det med sygefraværet?", True),
                           ("hvor mange enheder arbejder med RK?", True),
                           ("hvor mange har indrapporteret sygefravær?", True),
                           ("how is sick leave going?", True)):
        [reply] = await say(service, employee, question)
        title = card_texts(card_of(reply))[0]
        assert title.startswith(("Fremdrift", "Progress")) == live, (question, title)


async def test_a_figure_said_about_another_place_is_no_check_in(service: Service) -> None:
    """"i nabokommunerne er sygefraværet 11,2" talks about the neighbours: nothing is saved
    for the leader's own unit (it was, as hers)."""
    before = await reports(service)
    for line in ("i nabokommunerne er sygefraværet 11,2", "min nabo-enhed har sygefravær 9",
                 "RK er færdig i nabokommunen", "sick leave in the neighbouring "
                 "municipalities is 11", "sygefravær på landsplan er 10"):
        replies = await say(service, SUSANNE, line)
        assert not any(reply_text(r).startswith(("Gemt", "Saved")) for r in replies), line
    assert await reports(service) == before
    [saved] = await say(service, SUSANNE, "sygefravær 12,8")  # her own figure still is
    assert reply_text(saved).startswith("Gemt for")


async def test_begge_with_a_big_change_for_both_units_loses_none_silently(
        service: Service) -> None:
    """Ole, two units, "sygefravær 18" then "begge": one "Er du sikker?" waits at a time, so
    the first unit's change is said to be unsaved (it was dropped without a word)."""
    for code in ("CPKS-01", "CPKS-02"):
        await say(service, OLE, f"sygefravær 10 @{code}")
    await say(service, OLE, "sygefravær 18")
    texts = [reply_text(r) for r in await say(service, OLE, "begge")]
    assert sum(t.startswith("Er du sikker?") for t in texts) == 2, texts
    assert any(t.startswith("Jeg gemte ikke det store spring") and "Strategi og Analyse" in t
               for t in texts), texts
    [saved] = await say(service, OLE, "ja")
    assert "Kommunikation" in reply_text(saved), reply_text(saved)
