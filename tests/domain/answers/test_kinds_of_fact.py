"""What kind of fact a question asks for — a person, the members of something, a count of
something, an amount, the date of an event — and whether an answer states it; a near miss that
asks for one the document does not give gets a partial answer, not the nearest entry."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.facts import asked
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


@pytest.mark.parametrize(
    ("question", "person", "listed", "counted", "money", "done"),
    [
        ("hvem er chef for CPKS", True, "", "", False, False),
        ("who leads the corporate management group", True, "", "", False, False),
        ("hvad hedder centercheferne", True, "", "", False, False),
        ("who wrote the future narrative", False, "", "", False, False),
        ("hvem er ansvarlig for kompetenceinitiativet", False, "", "", False, False),
        ("hvad hedder de ti centre", False, "centre", "", False, False),
        ("hvad hedder koncernstrategien", False, "", "", False, False),  # one name
        ("which units have worked with relational coordination", False, "units", "", False,
         False),
        ("what are the focus areas of the digitalisation strategy", False, "focus areas", "",
         False, False),
        ("what are the organisational themes the foundation for", False, "", "", False, False),
        ("hvilke nye teknologier skal vi bruge", False, "teknologier", "", False, False),
        ("how many centres make annual agreements", False, "", "centres", False, False),
        ("hvor mange afd skal arbejde med rk", False, "", "afd", False, False),
        ("what is the phone number of the town hall", False, "", "", False, False),
        ("what is the budget for relational coordination", False, "", "", True, False),
        ("hvordan får vi mere ud af pengene", False, "", "", False, False),
        ("when will the competence plan be ready", False, "", "", False, True),
    ],
)
def test_what_a_question_asks_for(question: str, person: bool, listed: str, counted: str,
                                  money: bool, done: bool) -> None:
    fact = asked(question)
    assert (fact.person, fact.listed, fact.counted, fact.money, fact.done) == \
        (person, listed, counted, money, done)


def test_a_question_for_the_source_of_a_figure_asks_no_figure() -> None:
    assert not asked("where does the sick leave figure come from").number
    assert not asked("hvor kommer sygefraværstallet fra").number
    assert asked("hvor mange dagsværk er sygefraværet").number


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("hvem er chef for CPKS", "Strategien nævner ingen personer ved navn."),
        ("who is the head of CPKS", "The strategy names no one."),
        ("hvad hedder de ti centre", "Strategien opregner ikke, hvilke centre det er."),
        ("hvad er de fire fokusområder i digitaliseringsstrategien",
         "Strategien opregner ikke, hvilke fokusområder det er."),
        ("which tools are in the recruitment toolbox",
         "The strategy does not list which tools they are."),
        ("which units have worked with relational coordination",
         "The strategy does not list which units they are."),
        ("what is the budget for relational coordination", "The strategy gives no figure"),
        ("when will CPKS's competence plan be ready", "The strategy does not say when."),
    ],
)
def test_a_name_or_list_the_document_does_not_give_gets_a_partial_answer(
    content: Content, question: str, first: str
) -> None:
    answer = content.engine.answer(question)
    assert (answer.outcome, answer.kind) == (Outcome.UNKNOWN, "partial")
    assert answer.reply.text.startswith(first)
    assert answer.reply.source is not None  # then what the document does say, with its page


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("hvilke kerneområder ændres af den digitale udvikling", "ældrepleje"),
        ("hvad er de fem temaer i leder og medarbejdergrundlaget", "Vi er professionelle"),
        ("hvilke to temaer fra ledergrundlaget er i særligt fokus", "Vi er én kommune"),
        ("how many centres make annual agreements", "ten centres"),
        ("hvor mange former for borgerinddragelse skal afprøves", "3"),
        ("which schools is LIFE meant for", "gymnasier"),
    ],
)
def test_a_name_list_or_count_the_document_gives_is_answered(
    content: Content, question: str, shown: str
) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, answer.reply.text
    assert shown in answer.reply.text


def test_statements_know_lists_counts_and_persons(content: Content) -> None:
    reader = content.engine._gaps.reader
    listing = reader.statement(
        (("Det ses fx på kerneområder såsom sagsbehandling, borgerservice og ældrepleje.", "da"),),
        frozenset())
    assert reader.noun("kerneområder") <= listing.lists
    counting = reader.statement((("Der er fire fokusområder med forskellige mål.", "da"),),
                                frozenset())
    assert reader.noun("fokusområder") <= counting.counts
    assert not reader.noun("fokusområder") & counting.lists  # a number is not a list
    named = reader.statement((("Mødet ledes af borgmester Sofia Hansen.", "da"),), frozenset())
    unnamed = reader.statement((("Direktion & centerchefer, December 2018.", "da"),),
                               frozenset())
    assert named.person
    assert not unnamed.person
