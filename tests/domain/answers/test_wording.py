"""Short, clipped and misspelt wording: abbreviations as data, Danish without æøå, one-letter
slips, compounds with an inflected tail."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.analyzer import UNKNOWN, Analyzer
from strategibot.domain.messages import Outcome
from strategibot.domain.normalise import skeleton
from strategibot.services.content import Content


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("fleksibel org betyder", "bearing-flexible-organisation"),  # "org" (synonyms.yaml)
        ("digi strategi", "digitalisation-strategy"),
        ("hvad er vigtigst ved kompetenceudv.", "competence-development"),
        ("hvor mange afd skal arbejde med rk", "goal-relational-coordination"),
        ("pejlemarker", "bearings"),  # æ written as a
        ("hvad er maalet for sygefravaer", "goal-sick-leave"),
    ],
)
def test_clipped_and_plain_letter_wording_finds_its_answer(
    content: Content, question: str, entry: str
) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, answer.reply.text
    if answer.kind == "passage":  # a quote, with a button to the entry that explains it
        assert content.engine.answer(answer.reply.actions[0].value).entry_id == entry
    else:
        assert answer.entry_id == entry


def test_a_slip_in_a_small_word_is_ignored(content: Content) -> None:
    tokens = content.engine._analyzer.tokens("hvordan skal vi vær mod hinanden")
    assert not any(t.startswith(UNKNOWN) for t in tokens)


def test_words_without_special_letters_are_known() -> None:
    analyzer = Analyzer(["sygefraværet", "pejlemærkerne", "tværgående"])
    assert set(analyzer.tokens("sygefravaeret")) == set(analyzer.tokens("sygefraværet"))
    assert set(analyzer.tokens("pejlemarkerne")) == set(analyzer.tokens("pejlemærkerne"))
    assert set(analyzer.tokens("tvargaende")) == set(analyzer.tokens("tværgående"))
    assert skeleton("hvornaar") == skeleton("hvornar") == "hvornar"


def test_a_compound_with_an_inflected_tail_is_split() -> None:
    analyzer = Analyzer(["sygefravær", "tal"])
    tokens = set(analyzer.tokens("sygefraværstallet"))
    assert tokens == set(analyzer.tokens("sygefravær tal"))


def test_a_number_is_never_mistaken_for_a_word() -> None:
    analyzer = Analyzer(["2019", "2018"])
    assert set(analyzer.tokens("2017")) == {"2017"}


def test_two_forms_of_a_word_the_stemmer_splits_are_one_word() -> None:
    analyzer = Analyzer(["enhed", "enheder", "indsats", "indsatser", "municipality",
                         "municipalities"])
    assert analyzer.tokens("enhed").keys() == analyzer.tokens("enheder").keys()
    assert analyzer.tokens("indsats").keys() == analyzer.tokens("indsatser").keys()
    assert analyzer.tokens("municipality").keys() == analyzer.tokens("municipalities").keys()


def test_a_typo_is_never_corrected_into_a_word_only_the_english_gloss_has() -> None:
    analyzer = Analyzer(["borgmester"], glossed=["major", "changes"])
    assert set(analyzer.tokens("major")) == {"major"}  # a gloss word is known …
    assert next(iter(analyzer.tokens("mayor"))).startswith(UNKNOWN)  # … but no target


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("why is sick leave a problem?", "belaster kvaliteten"),
        ("what will employers need in the future", "fleksible vilkår"),
        ("who wrote the future narrative", "Koncernchefgruppen"),
        ("where are the annual agreements published", "LyNET"),
    ],
)
def test_english_detail_questions_reach_the_danish_text(
    content: Content, question: str, shown: str
) -> None:
    answer = content.engine.answer(question)
    assert (answer.outcome, answer.lang) == (Outcome.ANSWER, "en")
    assert shown in answer.reply.text
