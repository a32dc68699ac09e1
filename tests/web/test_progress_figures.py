"""Progress figures management can act on, through ``POST /api/messages`` on a real port and a
real database (SQLite and PostgreSQL): coverage on every figure, a status only where the data
supports it, the strategy's period, no figure one user can skew, several forms per unit, and
no small numbers (issue 10)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from strategibot.store.tables import Unit
from strategibot.web.keys import sessionmaker_key
from tests.conftest import ServiceOn
from tests.support.activities import card_of
from tests.support.service import (
    KAREN,
    OLE,
    SUSANNE,
    Service,
    reply_text,
    reports,
    say,
    say_text,
)

ADMIN = "admin@ltk.example"
CHIEF = "mikkel.krogh@ltk.example"  # chief of CPKS (4 units: 14, 18, 95, 78 FTE)
MIDYEAR = dt.date(2019, 6, 15)
AFTER = dt.date(2026, 12, 6)
# 16 units with 1,133.5 of the example organisation's 1,684 FTE (67 %)
BIG_UNITS = ("CPKS-03", "CSB-03", "CSO-03", "CAB-02", "CDI-04", "CPKS-04", "CMP-01", "CSO-04",
             "CSO-05", "CMP-02", "CSB-01", "CDS-03", "CTE-01", "CSO-01", "CSO-02", "CSS-01")



async def test_one_leaders_figure_is_withheld_with_its_coverage_and_claims_nothing(
        service_on: ServiceOn) -> None:
    """The issue's scenario: one unit leader reports 12,8 — it was "Nået" for the whole
    municipality from 2.9 % of the FTE. Since round 12 the figure itself is withheld too: the
    whole municipality's figure from one unit was that unit's (and from two, each leader
    could work out the other's), as a centre's is withheld below three units."""
    service = await service_on(MIDYEAR)
    assert "Gemt for Budget og Regnskab" in await say_text(service, SUSANNE, "sygefravær 12,8")
    text = await say_text(service, OLE, "fremdrift")
    assert "12,8" not in text
    line = next(x for x in text.splitlines() if "Sygefravær" in x)
    assert "For få indrapporteringer" in line
    assert "Nået" not in line
    detail = await say_text(service, OLE, "hvordan går det med sygefraværet?")
    assert "Intet tal vist: 1 af 40 enheder (1 % af årsværkene) har indrapporteret" in detail
    english = await say_text(service, OLE, "how is sick leave going?", locale="en-US")
    assert "12.8" not in english
    assert "too few units to show a figure" in english
    # three units in two centres, both withheld: still withheld (Ole knows his own two, and
    # the total would give COP's one away)
    await say_text(service, OLE, "sygefravær 12,8 i begge")
    three = await say_text(service, OLE, "hvordan går det med sygefraværet?")
    assert "Intet tal vist: 3 af 40 enheder" in three, three
    # six units, the centres of four of them shown: the figure, with its coverage, claiming
    # nothing
    for code in ("CPKS-03", "CSB-03", "CSB-01"):
        await say_text(service, ADMIN, f"sygefravær 12,8 @{code}")
    shown = await say_text(service, OLE, "hvordan går det med sygefraværet?")
    assert "12,8 dagsværk pr. årsværk fra 6 af 40 enheder" in shown, shown
    assert "For få indrapporteringer" in shown


async def test_on_track_at_risk_and_behind_inside_the_period(service_on: ServiceOn) -> None:
    service = await service_on(MIDYEAR)
    for code in BIG_UNITS:
        assert "Gemt" in await say_text(service, ADMIN, f"sygefravær 14 @{code}")
    # 14.0 from 67 % of the FTE: (14.9 − 14) / 1.4 = 64 % of the way, 45 % of the year gone
    text = await say_text(service, OLE, "hvordan går det med sygefraværet?")
    assert "14 dagsværk pr. årsværk fra 16 af 40 enheder (67 % af årsværkene)" in text
    assert "På sporet" in text
    for code in BIG_UNITS:
        await say_text(service, ADMIN, f"sygefravær 14,5 @{code}")
    assert "I risiko" in await say_text(service, OLE, "hvordan går det med sygefraværet?")
    for code in BIG_UNITS:
        await say_text(service, ADMIN, f"sygefravær 14,8 @{code}")
    assert "Bagud" in await say_text(service, OLE, "hvordan går det med sygefraværet?")


async def test_after_the_period_figures_are_final_and_checkins_closed(
        service_on: ServiceOn) -> None:
    inside = await service_on(MIDYEAR)
    for code in BIG_UNITS:
        await say_text(inside, ADMIN, f"sygefravær 14,2 @{code}")
    await say_text(inside, SUSANNE, "RK færdig")
    after = await service_on(AFTER)
    text = await say_text(after, OLE, "fremdrift")
    assert "Strategiperioden er slut: den sluttede 31. december 2019" in text
    assert "Tallene er de endelige" in text
    sick = next(x for x in text.splitlines() if "Sygefravær" in x)
    assert "Ikke nået (endeligt, 31. december 2019, 16 af 40 enheder (67 % af årsværkene))" \
        in sick
    count = await reports(after)
    refused = await say_text(after, SUSANNE, "sygefravær 11")
    assert "indrapporteringen lukkede 31. januar 2020" in refused
    refused = await say_text(after, OLE, "indrapporter")
    assert "Der tages ikke imod flere indrapporteringer" in refused
    assert await reports(after) == count
    # an admin may still correct a figure
    assert "Gemt for Budget og Regnskab" in await say_text(after, ADMIN, "sygefravær 11 @COP-01")
    assert await reports(after) == count + 1


async def test_a_typed_fte_is_a_proposal_an_admin_confirms(service: Service) -> None:
    refused = await say_text(service, SUSANNE, "årsværk 100000")
    assert "større end 0 og højst 2000" in refused
    await say_text(service, SUSANNE, "sygefravær 12")
    await say_text(service, OLE, "sygefravær 16 @CPKS-01")
    # (more units: below three, or with every centre behind it withheld, the whole
    # municipality's figure is withheld)
    await say_text(service, KAREN, "sygefravær 13")
    for code in ("CSB-01", "CSB-02", "CSB-04"):
        await say_text(service, ADMIN, f"sygefravær 13 @{code}")
    before = await say_text(service, OLE, "hvordan går det med sygefraværet?")
    # registered FTE 22 (COP-01), 14 (CPKS-01), 18 (COP-02) and 117 (CSB-01, -02, -04):
    # (12·22 + 16·14 + 13·18 + 13·117) / 171 = 13.1
    assert "13,1 dagsværk" in before
    proposed = await say_text(service, SUSANNE, "årsværk 50")
    assert "Forslaget om 50 årsværk for Budget og Regnskab er sendt" in proposed
    assert "13,1 dagsværk" in await say_text(service, OLE, "hvordan går det med sygefraværet?")
    own = await say_text(service, SUSANNE, "forslag")  # a leader: her own units' (round 18)
    assert "Budget og Regnskab: 22 årsværk registreret; dit forslag om 50 venter" in own, own
    assert "Godkend" not in own
    listed = await say_text(service, ADMIN, "forslag")
    assert "Budget og Regnskab: 50 årsværk (registreret 22)" in listed
    proposal_id = listed.split("#")[1].split()[0]
    approved = await say_text(service, ADMIN, f"godkend {proposal_id}")
    assert "Budget og Regnskab vægtes nu med 50 årsværk (før 22)" in approved
    # (12·50 + 16·14 + 13·18 + 13·117) / 199 = 13.0
    after = await say_text(service, OLE, "hvordan går det med sygefraværet?")
    assert "13,0 dagsværk pr. årsværk fra 6" in after
    assert f"Forslag #{proposal_id} er allerede godkendt" in await say_text(
        service, ADMIN, f"godkend {proposal_id}")
    async with service.app[sessionmaker_key]() as session:
        unit = (await session.scalars(select(Unit).where(Unit.code == "COP-01"))).one()
    assert unit.fte == 50


async def test_the_check_in_form_asks_no_fte_any_more(service: Service) -> None:
    [form, _] = await say(service, OLE, "indrapporter")
    inputs = {e["id"]: e for e in card_of(form)["body"] if e["type"].startswith("Input.")}
    assert "sick-leave.fte" not in inputs
    assert "registrerede 14 årsværk" in inputs["sick-leave.days"]["label"]
    assert "rekrutteret i 2019?" in inputs["recruitment-toolbox.recruited"]["label"]


async def test_an_implausible_figure_is_refused_with_the_range(service: Service) -> None:
    refused = await say_text(service, SUSANNE, "sygefravær 75")
    assert "mellem 0 og 60" in refused
    assert await reports(service) == 0


async def test_a_big_jump_is_confirmed_before_it_is_saved(service: Service) -> None:
    await say_text(service, SUSANNE, "sygefravær 12,8")
    asked = await say_text(service, SUSANNE, "sygefravær 25")
    assert "Er du sikker? Budget og Regnskab har de seneste tre måneder indrapporteret 12,8 " \
           "– nu 25" in asked
    assert await reports(service) == 1
    assert "Intet er gemt" in await say_text(service, SUSANNE, "nej")
    assert await reports(service) == 1
    await say_text(service, SUSANNE, "sygefravær 25")
    saved = await say_text(service, SUSANNE, "ja")
    assert "Gemt for Budget og Regnskab: Sygefravær: 25 dagsværk pr. årsværk" in saved
    assert await reports(service) == 2
    # a small change is saved at once
    assert "Gemt" in await say_text(service, SUSANNE, "sygefravær 23")


async def test_two_forms_per_unit_are_counted(service: Service) -> None:
    for form in ("borgerpanel", "fremtidsværksted"):
        saved = await say_text(service, OLE,
                            f"borgerinddragelse: {form} afprøvet og evalueret @CPKS-01")
        assert "Gemt for Strategi og Analyse" in saved
    # the same form by another name in the same unit is that form (round 9: it was a second,
    # contradicting record); in another unit it is that unit's, grouped with it
    same = await say_text(service, OLE, "borgerinddragelse: panel med borgere afprøvet og "
                                        "evalueret @CPKS-01")
    assert "Intet er ændret" in same
    await say_text(service, OLE, "borgerinddragelse: panel med borgere afprøvet og evalueret "
                                 "@CPKS-02")
    await say_text(service, SUSANNE, "borgerinddragelse: brugerpanel afprøvet og evalueret")
    text = await say_text(service, OLE, "fremdrift")
    # three forms from three units: a count goal, achieved whatever the coverage
    assert "3 af 3 former er afprøvet og evalueret (borgerpanel, fremtidsværksted, " \
           "brugerpanel); 3 afprøvet i alt – indrapporteret af 3 af 40 enheder · **Nået**" \
           in text
    forms = await say_text(service, ADMIN, "former")
    assert "**borgerpanel** – 2 enheder; navne: borgerpanel, panel med borgere" in forms
    assert "**brugerpanel** – 1 enhed;" in forms
    assert "Det kan kun administratorer" in await say_text(service, OLE, "saml borgerpanel og "
                                                                      "brugerpanel")
    merged = await say_text(service, ADMIN, "saml borgerpanel og brugerpanel")
    assert "Antal forskellige former: 2" in merged
    assert "2 af 3 former" in await say_text(service, OLE, "fremdrift")
    removed = await say_text(service, OLE, "fjern form fremtidsværksted @CPKS-01")
    assert "Fjernet for Strategi og Analyse: fremtidsværksted" in removed
    assert "1 af 3 former" in await say_text(service, OLE, "fremdrift")


async def test_a_command_word_is_not_a_form(service: Service) -> None:
    refused = await say_text(service, OLE, "borgerinddragelse: hjælp afprøvet @CPKS-01")
    assert "ligner ikke navnet på en form" in refused
    assert await reports(service) == 0


async def test_ingen_is_no_initiative(service: Service) -> None:
    [form] = await say(service, CHIEF, "indrapporter")
    card = card_of(form)
    submit = card["actions"][0]
    value = {**submit["data"], "theme-coverage.initiative.1": "ingen",
             "theme-coverage.initiative.2": "RK i alle afdelinger"}
    [saved] = await say(service, CHIEF, "", value=value)
    assert "Gemt for Center for Politik, Kultur og Strategi" in reply_text(saved)
    text = await say_text(service, OLE, "fremdrift")
    assert "1 af 40 felter i matrixen centre × temaer er udfyldt – indrapporteret af 1 af " \
           "10 centre" in text


async def test_a_centre_with_one_reporting_unit_shows_no_figure(service: Service) -> None:
    await say_text(service, OLE, "sygefravær 12,8 @CPKS-01")
    for email in (SUSANNE, "karen.mortensen@ltk.example", "mads.kristensen@ltk.example"):
        await say_text(service, email, "sygefravær 13")
    text = await say_text(service, OLE, "hvordan går det med sygefraværet?")
    assert "Center for Politik, Kultur og Strategi: for få enheder til at vise et tal" in text
    # three units behind it, but with the total it would give CPKS's 12,8 away
    assert "Center for Økonomi og Personale: vises ikke, så et mindre centers tal" in text
    assert "Center for Økonomi og Personale: 13" not in text


async def test_reports_without_a_figure_are_not_called_no_reports(service: Service) -> None:
    """A unit that has not recruited has reported: the goal has no figure yet, not 'no
    check-ins'."""
    await say_text(service, SUSANNE, "vi har ikke rekrutteret i år")
    text = await say_text(service, SUSANNE, "hvordan går det med rekrutteringen?")
    assert "Ingen indrapporteringer endnu" not in text
    assert "Intet tal endnu: 1 af 40 enheder har indrapporteret" in text


async def test_an_admin_approves_several_or_all_proposals_at_once(service: Service) -> None:
    await say_text(service, SUSANNE, "årsværk 20")
    await say_text(service, "karen.mortensen@ltk.example", "årsværk 19")
    listed = await say_text(service, ADMIN, "forslag")
    first, second = (part.split()[0] for part in listed.split("#")[1:3])
    both = await say_text(service, ADMIN, f"godkend {first} og {second}")
    assert "Budget og Regnskab vægtes nu med 20 årsværk" in both
    assert "vægtes nu med 19 årsværk" in both
    await say_text(service, SUSANNE, "årsværk 21")
    assert "vægtes nu med 21 årsværk" in await say_text(service, ADMIN, "godkend alle")
    assert "Der er ingen forslag til årsværk, der venter." in await say_text(
        service, ADMIN, "godkend alle")


async def test_a_goal_with_no_check_ins_says_what_the_strategy_says(service: Service) -> None:
    """An employee asking "hvordan går det med sygefraværet?" before any check-in got "Ingen
    tal endnu" and ten lines of "Center …: 0" (persona round 6). Now: the strategy's target
    and baseline, and no centre lines."""
    text = await say_text(service, OLE, "hvordan går det med sygefraværet?")
    assert "Ingen indrapporteringer endnu" in text
    assert "Strategiens mål: 13,5 dagsværk pr. årsværk; udgangspunktet var 14,9 pr. " \
        "1. juni 2018." in text
    assert "Center for" not in text
    rk = await say_text(service, OLE, "hvor mange enheder er færdige med RK?")
    assert "Strategiens mål: 30 enheder." in rk
    assert "Center for" not in rk


async def test_a_question_for_the_strategys_target_is_not_the_live_card(
        service: Service) -> None:
    text = await say_text(service, OLE, "hvor meget skal sygefraværet falde i alt")
    assert "Kilde: Koncernstrategi 2019, s. 8" in text
    assert "14,9" in text


async def test_a_progress_question_naming_no_goal_follows_the_goal_just_shown(
        service: Service) -> None:
    """A unit leader (persona round 6): "hvordan går det med sygefraværet?" and then "hvad
    ligger vi på lige nu i forhold til målet?" got the document's June 2018 figure."""
    await say_text(service, OLE, "hvordan går det med sygefraværet?")
    follow = await say_text(service, OLE, "hvad ligger vi på lige nu i forhold til målet")
    assert "Fremdrift: Sygefravær" in follow or "FREMDRIFT: SYGEFRAVÆR" in follow.upper()
    assert "Ingen indrapporteringer endnu" in follow
    # in a chat that was shown no figures, the same words are a question for the strategy
    other = await say_text(service, SUSANNE, "hvad ligger vi på lige nu i forhold til målet")
    assert "Ingen indrapporteringer endnu" not in other


async def test_a_centre_chiefs_words_for_progress_and_the_missing(service: Service) -> None:
    """A centre chief (persona round 6): "hej - hvordan går det i mit center?" got "Mente du
    … Hvad er LIFE?", "hvad mangler vi?" got "Det ved jeg desværre ikke"."""
    overview = await say_text(service, CHIEF, "hej - hvordan går det i mit center?")
    assert "Fremdrift i Center for Politik, Kultur og Strategi" in overview  # (round 7)
    missing = await say_text(service, CHIEF, "hvad mangler vi?")
    assert "Enheder uden indrapportering" in missing
    target = await say_text(service, OLE,
                            "hvor mange former for borgerinddragelse skal vi have afprøvet")
    assert "Kilde: Koncernstrategi 2019, s. 7" in target
    assert "Ingen indrapporteringer endnu" not in target


async def test_a_goals_own_answer_keeps_the_talk_on_that_goal(service: Service) -> None:
    """A centre chief (persona round 6, fourth): "hvad er målet for sygefraværet?" and then
    "hvad ligger vi på lige nu i forhold til målet?" got the goal's text again."""
    await say_text(service, OLE, "hvad er målet for sygefraværet?")
    now = await say_text(service, OLE, "hvad ligger vi på lige nu i forhold til målet?")
    assert "Ingen indrapporteringer endnu" in now
    link = await say_text(service, OLE, "har du et link til strategien?")
    assert "6 fælles mål for 2019" in link  # the overview, not the planning chain
    assert "Det var så lidt" in await say_text(service, OLE, "super, tak for hjælpen")
