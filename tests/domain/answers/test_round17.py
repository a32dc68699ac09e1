"""Round 17 on the document's answers (BENCHMARKS.md, "Round 17")."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.evaluation import reply_text
from strategibot.domain.answers.facts import asked
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


@pytest.mark.parametrize(("clipped", "word"), [
    # the shortest of the texts' words it begins, when the rest are its forms and compounds
    ("sygefr", "sygefrav"),
    # the texts' forms only, not the slips collected in phrasings ("pejlemerker")
    ("pejlem", "pejlemaerk"),
])
def test_a_clipped_word_is_the_word_it_begins(content: Content, clipped: str,
                                               word: str) -> None:
    assert content.engine._analyzer.word_token(clipped) == [word]


@pytest.mark.parametrize(("slip", "word"), [
    # a long word known only from a collected phrasing is the texts' word it slips from
    ("fremtidsfortaelingen", "fremtidsfortaelling"),
    ("megatrens", "megatrend"),
    ("sygefraevaer", "sygefravaer"),
])
def test_a_phrasings_slip_is_read_as_the_texts_word(content: Content, slip: str,
                                                    word: str) -> None:
    assert content.engine._analyzer.word_token(slip) == [word]


@pytest.mark.parametrize(("question", "evidence"), [
    ("hvad er målet for sygefr. i år", "13,5"),
    ("hvad siger fremtidsfortaelingen om arbejdsmarkedet?", "arbejdsmarked"),
    ("hvilke megatrens er der i fremtidsfortællingen", "partnerskab"),
    # an everyday word the texts do not have is how the question is put
    ("hvordan har sygefraværet udviklet sig de senere år?", "2015"),
    # "fik" is an everyday verb in the past: when something known happened
    ("hvornår fik vi præsenteret den nye digitaliseringsstrategi?", "2018"),
    # "due to" asks for no date
    ("How does our absence due to illness compare with other municipalities?", "neighbouring"),
])
def test_everyday_and_slipped_wording_is_answered(content: Content, question: str,
                                                  evidence: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert evidence in reply_text(answer)


@pytest.mark.parametrize("question", [
    # a figure at a date the strategy does not give, with the measure clipped
    "hvad var sygefr. pr. 1. juni 2019?",
    # what came of something: a plan written before it does not say
    "hvilke kompetencebehov fandt CPKS i centrene?",
    "hvad viste den seneste trivselsmåling?",
    # the deed whose date is asked stays in the question ("sender" is an everyday word)
    "hvornår sender CPKS materialet om kompetencebehov ud?",
])
def test_near_misses_stay_honest(content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is not Outcome.ANSWER, reply_text(answer)


def test_due_to_asks_no_date() -> None:
    assert not asked("absence due to illness in the schools").when
    assert asked("when is the report due?").when


@pytest.mark.parametrize(("question", "evidence"), [
    # found by round 17's personas
    ("which bearing mentions learning from mistakes?", "Strong collegiality"),
    ("hvad er borgerinddragelse", "inddragelse af"),
    ("kan du lave et resumé af tema 3 til mit personalemøde?", "attraktiv arbejdsplads"),
    ("which theme has two goals?", "Themes 1 and 3 have two goals each"),
    ("hvilke temaer har to mål?", "Tema 1 og tema 3 har hver to mål"),
])
def test_what_the_personas_asked_is_answered(content: Content, question: str,
                                             evidence: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert evidence in reply_text(answer)


@pytest.mark.parametrize("question", ["er målet 13,0?", "the target was 13.0, right?"])
def test_a_claimed_figure_is_held_against_the_one_it_is_near(content: Content,
                                                             question: str) -> None:
    """"er målet 13,0?" quoted „… fælles, organisatoriske mål for alle temaer“ (p. 3), which
    shares only "målet": the sentence with 13,5 is the one to set it against."""
    answer = content.engine.answer(question)
    assert answer.outcome is not Outcome.ANSWER
    assert "13,5" in reply_text(answer)


def test_a_second_part_without_a_theme_is_the_first_parts(content: Content) -> None:
    """"hvad handler tema 3 om og hvad er målene?" answered its second part with all six
    goals."""
    answer = content.engine.answer("hvad handler tema 3 om og hvad er målene?")
    assert answer.outcome is Outcome.ANSWER
    shown = reply_text(answer)
    assert "attraktiv arbejdsplads" in shown
    assert "13,5" not in shown, shown


def test_an_asker_who_just_joined(content: Content) -> None:
    """"hi, I joined last month. what is this strategy about?" was "What is new in 2019"."""
    answer = content.engine.answer("hi, I joined last month. what is this strategy about?")
    assert answer.reply.title == "About Corporate Strategy 2019", reply_text(answer)


@pytest.mark.parametrize("question", ["where do these live numbers come from?",
                                      "hvor kommer de levende tal fra?"])
def test_where_the_live_figures_come_from_is_about_the_bot(content: Content,
                                                           question: str) -> None:
    """It said "The strategy does not say where it comes from" (the Danish "hvor får du dine
    tal fra?" was understood)."""
    assert content.engine.answer(question).outcome is Outcome.HELP


def test_why_higher_without_its_oe(content: Content) -> None:
    """"hvorfor er vores sygefravaer hojere end i andre kommuner" gave „Sygefravær belaster …“
    as the reason (with "højere" it said the strategy gives none)."""
    answer = content.engine.answer("hvorfor er vores sygefravaer hojere end i andre kommuner")
    assert answer.kind == "partial", reply_text(answer)


@pytest.mark.parametrize(("question", "evidence"), [
    ("list all the deadlines", "1 March 2019"),
    ("hva er rk igen", "relationel koordinering"),
])
def test_what_the_second_wave_asked_is_answered(content: Content, question: str,
                                                evidence: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert evidence in reply_text(answer)
