"""Round 4 on the document's answers: mechanisms found with questions written from the
document (BENCHMARKS.md, "Round 4")."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.facts import asked
from strategibot.domain.answers.parts import splits
from strategibot.domain.answers.passages import refers_back
from strategibot.services.content import Content


@pytest.mark.parametrize(("question", "expected"), [
    ("what does the strategy say about robots", "megatrend-digital"),
    ("hvad er omdrejningspunktet for vores fælles arbejdskultur", "leader-employee-foundation"),
])
def test_a_near_verbatim_question_differs_by_typos_not_by_a_word_of_its_own(
        content: Content, question: str, expected: str) -> None:
    """"… say about robots" is one letter-run away from an entry's "… say about DTU?", but
    its own word is not DTU; "vores" for "den" (a stop word) is still the entry's question."""
    ranked, _ = content.engine.rank(question)
    assert content.engine.entry_id(ranked[0][0]) == expected
    assert content.engine.answer(question).entry_id == expected


def test_a_quoted_sentence_that_refers_back_comes_with_the_one_before(content: Content) -> None:
    answer = content.engine.answer("hvorfor skal organisationen være mere agil")
    assert answer.kind == "passage"
    assert "store ændringer i vores omverden" in answer.reply.text  # the reason, before
    assert "Det vil betyde" in answer.reply.text


@pytest.mark.parametrize(("text", "back"), [
    ("Det vil betyde, at vi som organisation skal fremstå langt mere agil.", True),
    ("Og vi skal øve os i at dele læring.", True),
    ("Her kan Big data være med til at optimere arbejdsgange.", True),
    ("De skal afspejles i centrenes årsaftaler.", True),
    ("Det er vigtigt for os, at borgerne oplever os som én kommune.", False),
    ("Det forventes at behovet for stærke partnerskaber øges.", False),
    ("De fire temaer er fortsat som i 2018.", False),
    ("Den 1. marts 2019 er alle decentrale årsaftaler indgået.", False),
])
def test_which_sentences_refer_back(text: str, back: bool) -> None:
    assert refers_back(text) is back


@pytest.mark.parametrize("question", [
    "what does the strategy say about onboarding and about recruitment",
    "hvad siger strategien om onboarding og om rekruttering",
])
def test_what_it_says_about_one_thing_and_about_another_is_two_questions(
        content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind == "parts"
    assert "onboarding" in answer.reply.text
    assert "værktøjskasse" in answer.reply.text or "toolbox" in answer.reply.text


def test_a_clipped_side_of_a_comparison_shares_the_others_noun() -> None:
    assert splits("forskel på centrenes og de decentrale årsaftaler")[0] == (
        "centrenes årsaftaler", "de decentrale årsaftaler", "comparison")
    assert splits("forskel på direktionen og koncernchefgruppen")[0] == (
        "direktionen", "koncernchefgruppen", "comparison")


def test_the_centres_annual_agreements_are_not_a_learning_centre(content: Content) -> None:
    answer = content.engine.answer("forskel på centrenes og de decentrale årsaftaler")
    assert answer.kind == "parts"
    assert "Novozymes" not in answer.reply.text


@pytest.mark.parametrize(("question", "expected"), [
    ("rel koordinering mål", "30"),
    ("fremtidsfort periode", "2025"),
])
def test_clipped_forms_from_the_synonyms(content: Content, question: str, expected: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind in ("entry", "passage")
    assert expected in answer.reply.text


@pytest.mark.parametrize("question", [
    "hvem er centerchef for CPKS",
    "hvem er afdelingsleder i CPKS",
])
def test_a_role_as_the_end_of_a_compound_asks_for_a_person(question: str) -> None:
    assert asked(question).person


def test_the_head_of_a_centre_is_not_the_centre(content: Content) -> None:
    answer = content.engine.answer("hvem er centerchef for CPKS")
    assert answer.kind == "partial"
    assert "ingen personer ved navn" in answer.reply.text


def test_a_subject_the_answer_never_speaks_of_is_a_near_miss(content: Content) -> None:
    """No fact asked, but a subject of the synonyms that the chosen answer lacks: the
    document never relates the two."""
    answer = content.engine.answer("relationel koordinering i letbanen")
    assert answer.kind == "partial"
    assert "nævner ikke „relationel koordinering“" in answer.reply.text
