"""Round 13 on the document's answers (BENCHMARKS.md, "Round 13")."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.evaluation import reply_text
from strategibot.domain.answers.statements import claimed_figures
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


@pytest.mark.parametrize(("question", "figures"), [
    ("er målet for sygefravær 10 dage?", ["10"]),
    ("er målet 13,5 dagsværk?", ["13.5"]),
    # a year, a label's number and a day of a month state no figure
    ("hvad handler tema 3 om i 2019?", []),
    ("hvad står på s. 5 og side 7", []),
    ("hvad var sygefraværet 1. juni 2018", []),
])
def test_the_figures_a_question_states(question: str, figures: list[str]) -> None:
    assert [token for token, _ in claimed_figures(question)] == figures


@pytest.mark.parametrize(("question", "figure"), [
    ("er målet for sygefravær 10 dage?", "10"),
    ("is the sick leave target 12 days?", "12"),
    ("skal vi afprøve 5 former for borgerinddragelse?", "5"),
])
def test_a_figure_not_stated_is_not_confirmed(content: Content, question: str,
                                              figure: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    assert answer.outcome is Outcome.UNKNOWN
    assert f"„{figure}“" in reply_text(answer) or f"“{figure}”" in reply_text(answer)


@pytest.mark.parametrize("question", [
    "er målet 13,5 dagsværk?", "hvad er de 5 pejlemærker", "er det 30 enheder for RK?"])
def test_a_figure_the_answer_states_is_answered(content: Content, question: str) -> None:
    assert content.engine.answer(question).outcome is Outcome.ANSWER


@pytest.mark.parametrize(("question", "entry"), [
    # one of a group (entries.yaml: members), not the group's entry or "it lists none"
    ("Which of the five pejlemærker mentions learning from our mistakes?",
     "bearing-strong-collegiality"),
    ("which of the megatrends is about robots", "megatrend-digital"),
    # the theme something stands under, not that thing's own entry
    ("hvilket tema handler onboarding om?", "theme-3"),
    ("hvilket tema hører sygefraværsmålet under", "theme-2"),
    ("under hvilket tema ligger relationel koordinering?", "theme-1"),
    # the thing asked about just below a theme's own entry ("trivsel" got theme 1)
    ("hvilket tema handler om trivsel", "theme-2"),
])
def test_which_one_of_them(content: Content, question: str, entry: str) -> None:
    answer = content.engine.answer(question)
    assert answer.entry_id == entry, reply_text(answer)


def test_which_of_many_the_document_does_not_list_stays_honest(content: Content) -> None:
    """A singular "which of the 30 units" is still one of a list the document does not give."""
    answer = content.engine.answer("which of the 30 RK units is furthest along?")
    assert answer.outcome is not Outcome.ANSWER, reply_text(answer)


@pytest.mark.parametrize(("question", "said"), [
    ("Controller here – how many shared organisational goals are there in total?",
     "There are 6 goals:"),
    ("hvor mange pejlemærker er der", "Der er 5 pejlemærker: Udsyn, Forandringsparathed"),
    ("hvor mange megatrends er der?", "Der er 4 megatrends:"),
])
def test_a_group_counted(content: Content, question: str, said: str) -> None:
    """A group's members counted and named (it said "gives no figure" for the goals)."""
    answer = content.engine.answer(question)
    assert said in reply_text(answer), reply_text(answer)


def test_years_of_a_group_are_not_its_members(content: Content) -> None:
    answer = content.engine.answer("hvor mange år frem gælder pejlemærkerne?")
    assert "Der er 5" not in reply_text(answer), reply_text(answer)


def test_a_year_in_a_name_is_no_other_year(content: Content) -> None:
    """"the 2025 narrative" names Fremtidsfortællingen 2019–2025 (it said the strategy says
    nothing about 2025); the sick leave of 2025 is still another year's figure."""
    named = content.engine.answer("What are the guiding principles (pejlemærker) towards 2025?")
    assert named.outcome is Outcome.ANSWER, reply_text(named)
    other = content.engine.answer("hvad er sygefraværet i 2025")
    assert other.kind == "partial", reply_text(other)


@pytest.mark.parametrize(("question", "said"), [
    # a remark after the question mark asks nothing; its unknown words had it refused
    ("deadline for de decentrale aarsaftaler? er skoleleder", "1. marts 2019"),
    ("hvad er slogannet på forsiden af koncernstrategi 2019? skal bruge det på en plakat i "
     "personalestuen", "KERNEOPGAVEN"),
])
def test_a_remark_after_the_question(content: Content, question: str, said: str) -> None:
    answer = content.engine.answer(question)
    assert said in reply_text(answer), reply_text(answer)


def test_a_hint_after_the_question_stays(content: Content) -> None:
    """"(stærkt kollegaskab)" names the subject: it is read with the question."""
    answer = content.engine.answer("vores arbejdskultur skal bygge paa hvad? (staerkt kollegaskab)")
    assert "tillid" in reply_text(answer).casefold(), reply_text(answer)


def test_the_asker_s_word_is_spelled_as_the_document_spells_it(content: Content) -> None:
    """"Der er 6 maal", "hvilke fokusomraader det er": the bot wrote the asker's word without
    æ, ø, å back to them."""
    counted = reply_text(content.engine.answer("hvor mange maal har den"))
    assert "Der er 6 mål:" in counted, counted
    listed = reply_text(content.engine.answer("hvilke fokusomrader er der"))
    assert "hvilke fokusområder det er" in listed, listed


@pytest.mark.parametrize(("question", "said"), [
    # a figure to be confirmed that nothing answered with it: asked again without it, and the
    # figure the strategy does not state said first
    ("der er 5 temaer ik?", "Strategien nævner ikke „5“"),
    ("og der er 12 centre?", "Strategien nævner ikke „12“"),
])
def test_a_wrong_figure_that_was_refused(content: Content, question: str, said: str) -> None:
    answer = content.engine.answer(question)
    assert reply_text(answer).startswith(said) or said in reply_text(answer), reply_text(answer)
    assert answer.outcome is Outcome.UNKNOWN


def test_a_right_figure_is_confirmed_by_the_answer(content: Content) -> None:
    answer = content.engine.answer("der er 4 temaer ik?")
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert "nævner ikke" not in reply_text(answer)
