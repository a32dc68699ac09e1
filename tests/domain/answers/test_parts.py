"""Two-part and comparison questions: answered part by part in one reply, each part with its
page — and one question that only looks like two is answered once."""

from __future__ import annotations

from strategibot.domain.answers.parts import splits
from strategibot.domain.messages import Outcome
from strategibot.render.text import render_text
from strategibot.services.content import Content


def test_two_questions_in_one_get_two_answers_with_their_pages(content: Content) -> None:
    answer = content.engine.answer("hvad betyder udsyn og hvad betyder forandringsparathed")
    assert (answer.outcome, answer.kind) == (Outcome.ANSWER, "parts")
    text = render_text(answer.reply)
    first, second = text.split("Hvad betyder forandringsparathed?")
    assert first.startswith("Hvad betyder udsyn?")
    assert "omverden" in first
    assert "(Kilde: Koncernstrategi 2019, s. 5)" in first
    assert "agil organisation" in second
    assert "(Kilde: Koncernstrategi 2019, s. 5–6)" in second
    assert answer.reply.source is not None
    assert answer.reply.source.pages == (5, 6)


def test_a_comparison_answers_both_sides(content: Content) -> None:
    answer = content.engine.answer("forskel på direktionen og koncernchefgruppen")
    assert answer.kind in ("parts", "entry")
    text = answer.reply.text
    assert "Direktion" in text
    assert "Koncernchefgruppen" in text


def test_a_second_part_about_the_first_is_answered_by_it(content: Content) -> None:
    """ "… og hvornår skal det være nået?": "det" is the first part's goal, whose answer has
    both the figure and the date."""
    answer = content.engine.answer("hvad er målet for RK og hvornår skal det være nået")
    assert (answer.outcome, answer.entry_id) == (Outcome.ANSWER, "goal-relational-coordination")
    assert "30" in answer.reply.text
    assert "udgangen af 2019" in answer.reply.text


def test_a_part_the_document_does_not_answer_says_so(content: Content) -> None:
    answer = content.engine.answer("hvad er sygefraværet nu og hvad er målet for sygefraværet "
                                   "i 2021")
    text = answer.reply.text
    assert "14,9" in text
    assert "2021" in text
    assert "nævner ikke" in text


def test_one_vague_question_is_not_split(content: Content) -> None:
    assert content.engine.answer("ledelse og medarbejdere").outcome is Outcome.CLARIFY
    answer = content.engine.answer("hvad står Center for Politik, Kultur og Strategi for")
    assert (answer.kind, answer.entry_id) == ("entry", "cpks")


def test_where_a_question_splits() -> None:
    assert splits("hvad er målet for RK, og hvornår skal det være nået?")[0] == (
        "hvad er målet for RK", "hvornår skal det være nået", "strong")
    assert splits("forskellen på temaerne og pejlemærkerne")[0] == (
        "temaerne", "pejlemærkerne", "comparison")
    assert splits("what is onboarding? and the toolbox?")[0][2] == "strong"
    assert splits("sygefravær mål og trivsel")[0] == ("sygefravær mål", "trivsel", "weak")
    assert splits("hvad er kerneopgaven") == []
