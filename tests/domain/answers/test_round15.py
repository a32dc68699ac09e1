"""Round 15 on the document's answers (BENCHMARKS.md, "Round 15")."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.evaluation import reply_text
from strategibot.domain.answers.facts import asked
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


@pytest.mark.parametrize("question", [
    # results: the strategy is a plan written before its year
    "What came out of the evaluations of the citizen involvement pilots?",
    "hvad kom der ud af borgerpanelerne?",
    # who sits in a body: the document names no one
    "Who exactly sits in the Koncernchefgruppe?",
    # who wrote it: „alle centre er ansvarlige …“ is who works with it, not its author
    "Hvilken afdeling har skrevet digitaliseringsstrategien?",
    "Who will be evaluating the citizen involvement trials?",
    # a rate: no figure of it
    "What's the staff turnover rate among our younger employees?",
    # instances, not kinds: „stærke partnerskaber“ names none
    "hvilke konkrete partnerskaber med private firmaer har kommunen indgaaet?",
])
def test_near_misses_of_round_15_are_partial(content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is not Outcome.ANSWER, reply_text(answer)


@pytest.mark.parametrize(("question", "evidence"), [
    ("Who is building the national learning centre LIFE?", "Novozymes"),
    ("hvem har skrevet forordet?", "Direktion"),
    ("hvem har lavet fremtidsfortællingen", "Koncernchefgruppen"),
    ("hvilke partnerskaber forventes der?", "partnerskab"),
    ("Under theme 4, what is expected of leaders, and what should happen with the knowledge "
     "that comes out of the work?", "leader"),
])
def test_what_the_document_states_is_still_answered(content: Content, question: str,
                                                    evidence: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert evidence.casefold() in reply_text(answer).casefold()


def test_who_exactly_and_which_department_ask_for_a_person_or_an_author() -> None:
    assert asked("Who exactly sits in the board?").person
    assert asked("hvilken afdeling har skrevet den?").authored
    assert not asked("hvem er ansvarlig for den?").authored
    assert asked("what came out of it?").status
    assert not asked("what comes out of the work?").status


@pytest.mark.parametrize(("question", "evidence"), [
    # a prefixed participle of an everyday verb is no thing the document lacks
    ("hvem er de nye boliger tiltaenkt til?", "familier"),
    # the unit a figure is given in
    ("What unit is the sick leave figure given in?", "dagsværk"),
    # …and in a two-part question, "unit" is no organisational unit for the second part, and
    # "the source of the figure" asks for the source
    ("What unit is sickness absence measured in, and what's the source of the figure?",
     "KMD"),
])
def test_round_15_details_are_answered(content: Content, question: str, evidence: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert evidence.casefold() in reply_text(answer).casefold()


def test_which_unit_with_the_most_is_no_unit_of_measure() -> None:
    assert asked("what unit is the figure given in?").measured
    assert asked("hvilken enhed er tallet opgjort i?").measured
    assert not asked("which unit has the lowest sick leave?").measured


@pytest.mark.parametrize("question", [
    "What are the guiding principles for the organisation?",
    "hvad er pejlemærkerne for organisationen",
])
def test_a_list_asked_of_the_organisation_is_the_groups(content: Content, question: str) -> None:
    # "… for the organisation" fits the bearing „Fleksibel organisation“ as well as the
    # bearings; the list is the bearings' entry's (it was one bearing, or "does not list")
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    text = reply_text(answer)
    assert "Udsyn" in text
    assert "Forandringsparathed" in text


def test_a_plural_of_people_asks_no_list() -> None:
    assert asked("hvad er pejlemærkerne for organisationen").listed
    assert not asked("hvad er medarbejderne for ledelsen?").listed
