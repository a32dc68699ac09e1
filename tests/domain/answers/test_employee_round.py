"""Findings of an employee's test of the bot (round 3): each kind, in the testers' words and
in others, answered from the right part of the document — or honestly not."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.facts import asked
from strategibot.domain.language import detect_language
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


@pytest.mark.parametrize("question", [
    "hvornår skal RK-målet være nået?",
    "hvornår skal sygefraværsmålet være nået?",
])
def test_a_goals_deadline_asked_with_a_compound_is_the_goals_own_date(
        content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER
    assert "udgangen af 2019" in answer.reply.text
    assert "15. januar" not in answer.reply.text


@pytest.mark.parametrize(("question", "first", "second"), [
    ("hvad er forskellen på tema 2 og tema 3?", "arbejdskultur", "attraktiv arbejdsplads"),
    ("forskellen på tema 1 og tema 4", "kerneopgaven", "digitalisering"),
    ("hvad er forskellen på tema 3 og 4", "attraktiv arbejdsplads", "digitalisering"),
])
def test_theme_numbers_in_a_comparison_are_the_strategys_themes(
        content: Content, question: str, first: str, second: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind == "parts"
    one, two = answer.reply.text.split("\n\n**", 1)
    assert first in one
    assert second in two
    assert "Vi er professionelle" not in answer.reply.text  # the foundation's five themes


def test_a_second_part_without_a_subject_inherits_the_firsts(content: Content) -> None:
    answer = content.engine.answer("hvad er målet for digitalisering og hvem er ansvarlig?")
    assert answer.kind == "parts"
    assert "alle centre er ansvarlige" in answer.reply.text
    assert "kompetencebehov" not in answer.reply.text


@pytest.mark.parametrize("question", [
    "hvem står bag strategien og hvornår er den skrevet?",
    "who wrote the strategy and when?",
])
def test_who_made_the_strategy_and_when(content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER
    assert "Direktion" in answer.reply.text
    assert "ecember 2018" in answer.reply.text
    assert "Koncernchefgruppen" not in answer.reply.text


@pytest.mark.parametrize("question", [
    "whats the sick leave baseline", "what is the current sick leave?", "sick leave baseline",
])
def test_the_sick_leave_figure_in_everyday_english(content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER
    assert "14.9" in answer.reply.text


@pytest.mark.parametrize(("question", "said"), [
    ("skal medarbejderne være mobile og flytte arbejdssted?", "fysisk placering"),
    ("what does the bearing professional leadership ask of a leader?", "prioritise"),
    ("hvor mange centre er der?", "ti centre"),
    ("how many centers r there", "ti centre"),
    ("what's the diff between themes and bearings", "bearings"),
])
def test_what_the_document_says_is_answered(content: Content, question: str, said: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER
    assert said in answer.reply.text


def test_a_goals_precise_date_is_quoted_when_the_entry_gives_only_the_year(
        content: Content) -> None:
    answer = content.engine.answer("hvornar skal alle centre have fastlagt kompetencebehov")
    assert answer.outcome is Outcome.ANSWER
    assert "Inden udgangen af 2019" in answer.reply.text


@pytest.mark.parametrize("question", [
    "hvor mange enheder har arbejdet med RK indtil nu?", "sygefravær 2019 resultat",
    "how many units have done relational coordination so far",
])
def test_progress_is_not_in_a_plan(content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert (answer.outcome, answer.kind) == (Outcome.UNKNOWN, "partial")
    assert answer.reply.text.startswith(("Strategien er skrevet i december 2018",
                                         "The strategy was written in December 2018"))


def test_another_years_figure_quotes_the_figure_the_document_has(content: Content) -> None:
    answer = content.engine.answer("what was sick leave in 2017?")
    assert answer.kind == "partial"
    assert "14,9" in answer.reply.text
    answer = content.engine.answer("hvad er sygefraværsmålet for 2020?")
    assert answer.kind == "partial"
    assert "2020" in answer.reply.text


def test_the_five_bearings_cite_both_their_pages(content: Content) -> None:
    answer = content.engine.answer("hvad er de fem pejlemærker")
    assert answer.reply.source is not None
    assert answer.reply.source.pages == (5, 6)


def test_an_english_question_naming_a_danish_term_is_english(content: Content) -> None:
    assert detect_language("whats a pejlemærke") == "en"
    assert content.engine.answer("whats a pejlemærke").lang == "en"
    assert detect_language("hvad er et pejlemærke") == "da"
    assert detect_language("pejlemærker") == "da"


def test_kinds_of_fact_read_without_aeoeaa_and_as_progress() -> None:
    assert asked("hvornar skal det vaere naaet").when
    assert asked("hvor mange enheder indtil nu").status
    assert asked("what is the sick leave to date").status
    assert not asked("what is the sick leave to date").when
    assert asked("sick leave baseline").number
