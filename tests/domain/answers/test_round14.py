"""Round 14 on the document's answers (BENCHMARKS.md, "Round 14")."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.evaluation import reply_text
from strategibot.domain.answers.facts import asked, same_point, year_points
from strategibot.domain.messages import Outcome
from strategibot.domain.normalise import words
from strategibot.services.content import Content


@pytest.mark.parametrize(("text", "points"), [
    ("hvad lå sygefraværet på ved udgangen af 2018?", {("2018", "end", "udgangen af 2018")}),
    ("what was sick leave at the end of 2018", {("2018", "end", "end of 2018")}),
    ("Pr. 1. juni 2018 var det 14,9", {("2018", "juni", "juni 2018")}),
    ("svagt nedadgående siden medio 2015", {("2015", "middle", "medio 2015")}),
    ("sick leave since mid-2015", {("2015", "middle", "mid 2015")}),
    # a year alone, or a span, names no point within it
    ("hvad var sygefraværet i 2018?", set()),
    ("i 2019-2020", set()),
])
def test_the_points_within_a_year_a_text_names(text: str, points: set[tuple[str, str, str]],
                                               ) -> None:
    assert set(year_points(words(text))) == points


def test_a_month_is_of_its_part_of_the_year() -> None:
    assert same_point("end", ["december"])
    assert same_point("december", ["end"])
    assert same_point("middle", ["juni"])
    assert not same_point("end", ["juni"])
    assert not same_point("start", ["end"])


@pytest.mark.parametrize("question", [
    "Hvad lå sygefraværet på ved udgangen af 2018?",
    "What was the sick leave at the end of 2018?",
    "hvad var sygefraværet i december 2018",
])
def test_another_point_of_a_year_than_the_documents_is_not_stated(content: Content,
                                                                   question: str) -> None:
    # the document gives sick leave „pr. 1. juni 2018“, not at the year's end
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    assert answer.outcome is Outcome.UNKNOWN
    assert "2018" in reply_text(answer).split("\n")[0]


@pytest.mark.parametrize(("question", "evidence"), [
    ("hvad var sygefraværet i juni 2018", "14,9"),
    ("what was sick leave in mid 2018", "14.9"),
    ("hvad skal være nået ved udgangen af 2019", "13,5"),
])
def test_the_point_the_document_states_is_answered(content: Content, question: str,
                                                   evidence: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert evidence in reply_text(answer)


@pytest.mark.parametrize("question", [
    "hvad var temaerne i koncernstrategien fra 2016?",
    "what were the themes of the 2016 strategy",
    "hvad stod der ellers i koncernstrategien fra 2016 ud over kerneopgaven?",
])
def test_what_another_edition_said_is_not_this_ones(content: Content, question: str) -> None:
    # the 2016 strategy is named once: it defined the core task; its themes are not given
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    assert answer.outcome is Outcome.UNKNOWN


@pytest.mark.parametrize("question", [
    "hvad blev defineret i koncernstrategien fra 2016",
    "which strategy from 2016 defined the core task",
])
def test_what_the_document_says_of_another_edition_is_answered(content: Content,
                                                                question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert "aktivt liv" in reply_text(answer) or "active life" in reply_text(answer)


def test_a_question_without_a_point_names_none() -> None:
    assert not asked("hvad var sygefraværet i 2018?").points


def test_no_quote_beneath_an_answer_for_an_everyday_word(content: Content) -> None:
    """"hvad sker der i 2025" got the narrative's entry and, beneath it, „… Det sker ved, at
    der løbende følges op …“ (its only word in common: "sker")."""
    answer = content.engine.answer("hvad sker der i 2025")
    assert answer.outcome is Outcome.ANSWER
    assert "Det sker ved" not in reply_text(answer)


def test_no_quote_of_what_the_answer_says_already(content: Content) -> None:
    """"hvad er sygefravær målet" quoted the goal's sentence beneath the answer that gives
    it."""
    text = reply_text(content.engine.answer("hvad er sygefravær målet"))
    assert "13,5" in text
    assert "Strategien skriver" not in text


@pytest.mark.parametrize(("question", "evidence"), [
    # a quote that says more than the answer stays
    ("hvad gør sygefravær ved arbejdet", "belaster"),
    ("hvad ser direktionen frem til i forordet", "samarbejdet"),
])
def test_a_quote_that_says_more_stays(content: Content, question: str, evidence: str) -> None:
    assert evidence in reply_text(content.engine.answer(question))


@pytest.mark.parametrize("question", [
    "hvorfor er sygefraværet i fokus",
    "Hvorfor skal vi have fokus på sygefraværet?",
])
def test_the_reason_beneath_a_goal_with_the_sentence_before_it(content: Content,
                                                                question: str) -> None:
    # „Sygefravær belaster …“ speaks of sick leave; the question's "fokus" is in the
    # sentences around it
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER
    assert "belaster" in reply_text(answer)


@pytest.mark.parametrize(("question", "word"), [
    ("Which megatrends does the Fremtidsfortælling describe as especially important?",
     "especially"),
    ("what is the point of introducing shared goals for all themes?", "introducing"),
])
def test_an_english_adverb_or_verb_form_is_no_missing_thing(content: Content, question: str,
                                                            word: str) -> None:
    text = reply_text(content.engine.answer(question))
    assert f"“{word}”" not in text


@pytest.mark.parametrize(("question", "term"), [
    ("hvad er dagsværk pr årsværk", "dagsværk pr. årsværk"),
    ("hvad betyder dagsværk pr. årsværk", "dagsværk pr. årsværk"),
    ("hvad er kmd", "kmd"),
])
def test_a_term_of_three_words_or_a_source_the_document_does_not_explain(
        content: Content, question: str, term: str) -> None:
    """"hvad er dagsværk pr årsværk" and "hvad er kmd" got the sick-leave goal as if it
    explained them."""
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    assert f"forklarer ikke, hvad {term}" in reply_text(answer)


@pytest.mark.parametrize("question", [
    "hvad hvis vi ikke når målet om sygefravær, sker der så noget?",
    "what if we don't reach the sick leave goal, what happens then?",
])
def test_what_if_a_goal_is_missed_is_no_goal_answer(content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    assert answer.gap == "consequence"


@pytest.mark.parametrize(("question", "evidence"), [
    ("How closely should digitalisation be linked to the business, according to Theme 4?",
     "business"),
    ("Which of the two theme 1 goals is backed by internal resources?", "30"),
])
def test_a_theme_named_is_where_to_look(content: Content, question: str,
                                        evidence: str) -> None:
    """The theme's overview was given whole for a question about one part of the theme."""
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert evidence in reply_text(answer)


@pytest.mark.parametrize(("question", "entry"), [
    ("hvad handler tema 4 om", "theme-4"),
    ("what's theme 2 called", "theme-2"),
])
def test_a_theme_alone_is_its_overview(content: Content, question: str, entry: str) -> None:
    assert content.engine.answer(question).entry_id == entry


@pytest.mark.parametrize("question", [
    "hvad var sygefraværet i 2015",
    "how much exactly has sick leave dropped since mid 2015?",
])
def test_a_year_named_without_a_figure_gives_none(content: Content, question: str) -> None:
    """„… svagt nedadgående siden medio 2015“ names 2015 but gives no figure of it."""
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)


def test_the_figure_of_a_year_the_document_gives_is_answered(content: Content) -> None:
    assert "14,9" in reply_text(content.engine.answer("hvad var sygefraværet i 2018"))


@pytest.mark.parametrize("question", [
    "hvad var sygefraværet ved udgangen af 2018?",
    "hvad skete der i december 2030",
])
def test_a_point_of_a_year_named_or_not(content: Content, question: str) -> None:
    """"hvad var sygefraværet ved udgangen af 2018?" said "nothing about 2018" (the document
    gives 14,9 pr. 1. juni 2018): it is the point the strategy does not state; a year it never
    names is still said to be not mentioned."""
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    year = "2018" if "2018" in question else "2030"
    first = reply_text(answer).split("\n")[0]
    assert ("udgangen af 2018" in first) if year == "2018" else ("2030" in first)
