"""Honest partial answers: a near miss is told first what the document does not say, then what
it does say — never the nearest fact as if it answered."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.facts import asked
from strategibot.domain.answers.statements import states
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


@pytest.mark.parametrize(
    ("question", "first", "then"),
    [
        ("Hvad var målet for sygefraværet i 2017?",
         "Strategien nævner ikke noget om 2017 i den sammenhæng.", "13,5 dagsværk"),
        ("hvornår åbner forskerparken", "Strategien nævner ikke, hvornår det sker.",
         "Science Park"),
        ("hvornår står DTU Science Park færdig", "Strategien nævner ikke, hvornår det sker.",
         "Science Park"),
        ("hvor mange nye boliger bygges der", "Strategien nævner ikke et tal for det.",
         "boliger"),
        ("hvornår skal årsaftalerne for 2020 være indgået",
         "Strategien nævner ikke noget om 2020 i den sammenhæng.", "årsaftaler"),
        ("hvad var sygefraværet i omegnskommunerne", "Strategien nævner ikke et tal for det.",
         "omegnskommunerne"),
    ],
)
def test_a_near_miss_says_what_is_missing_then_what_is_there(
    content: Content, question: str, first: str, then: str
) -> None:
    answer = content.engine.answer(question)
    assert (answer.outcome, answer.kind) == (Outcome.UNKNOWN, "partial")
    text = answer.reply.text
    assert text.startswith(first)
    assert "Den nævner (s. " in text
    assert then in text.split(first, 1)[1]
    assert answer.reply.source_label is not None
    assert "Koncernstrategi 2019" in \
        answer.reply.source_label
    # one button: the entry that explains what the document does say
    assert len(answer.reply.actions) == 1


def test_an_english_near_miss_is_partial_in_english(content: Content) -> None:
    answer = content.engine.answer("how much does the light rail cost")
    assert (answer.outcome, answer.lang, answer.kind) == (Outcome.UNKNOWN, "en", "partial")
    assert answer.reply.text.startswith("The strategy gives no figure for that. "
                                        "What it does say (p. 4, in Danish): “")


@pytest.mark.parametrize(
    "question",
    ["hvornår skal årsaftalerne være indgået", "hvor mange afdelinger skal arbejde med RK",
     "hvornår blev kerneopgaven defineret", "when was the strategy published",
     "hvad er målet for sygefraværet i 2019"],
)
def test_a_fact_the_document_has_is_answered(content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, answer.reply.text


@pytest.mark.parametrize(
    "question",
    ["who is the mayor of Lyngby", "hvad er min løn", "how do I book a meeting room"],
)
def test_out_of_scope_is_refused_not_partial(content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is not Outcome.ANSWER
    assert answer.kind != "partial"


def test_what_a_question_asks_for() -> None:
    assert asked("hvornår åbner letbanen").when
    assert asked("when was it published").when
    assert not asked("what matters when planning upskilling").when  # "when" as a conjunction
    assert asked("hvor mange afdelinger").number
    assert asked("hvad koster letbanen").number
    assert asked("hvad er sygefraværet i CPKS").number  # a measure, asked without "hvor mange"
    assert asked("hvad er målet for 2020").years == {"2020"}
    assert asked("hvor mange procent").percent


def test_what_a_text_states() -> None:
    assert states("Den 1. marts 2019 er alle decentrale årsaftaler indgået.", "when")
    assert states("ved udgangen af 2019", "when")
    assert states("mindst 30 af vores afdelinger", "number")
    assert states("de ti centre", "number")
    assert not states("Den 15. januar 2019", "number")  # a date, not a figure
    assert not states("under tema 3", "number")  # a label, not a figure
    assert not states("Vi får en Letbane fra Ishøj til Lyngby.", "when")
    assert not states("The document says nothing to go on", "number", "en")  # "to" is not 2
