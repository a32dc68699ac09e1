"""Round 19 on the document's answers (BENCHMARKS.md, "Round 19")."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz, process

from strategibot.domain.answers.entries import EntryIndex
from strategibot.domain.answers.evaluation import reply_text
from strategibot.domain.answers.statements import claimed_dates, dates_in
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


@pytest.mark.parametrize(("question", "dates"), [
    ("årsaftalerne skal være indgået 1. april, ikke?", [("1. april", (1, 4))]),
    ("the agreements were due 1 March, correct?", [("1 March", (1, 3))]),
    ("due March 1st, right?", [("March 1st", (1, 3))]),
    ("was it the 15th of january?", [("15th of january", (15, 1))]),
    ("hvad sker der 1.marts", [("1.marts", (1, 3))]),
    # no day of a month: a count, a month of a year, the English verb "may"
    ("der er 12 centre, ikke", []),
    ("i maj 2019", []),
    ("may 1 unit report twice?", []),
    ("x" * 600 + " 1. marts", []),
])
def test_the_days_a_question_claims(question: str, dates: list[object]) -> None:
    assert claimed_dates(question) == dates


def test_the_days_a_text_names() -> None:
    assert dates_in("- **1. marts 2019:** Alle … 15. januar 2019: … On 1 March 2019 all") == {
        (1, 3), (15, 1)}


@pytest.mark.parametrize(("question", "claimed", "stated"), [
    ("årsaftalerne skal være indgået 1. april, ikke?", "1. april", "1. marts 2019"),
    ("the agreements were due 1 April, right?", "1 April", "1 March 2019"),
    # a yes/no question with a day is a claim too (it was "Mente du …?")
    ("de decentrale årsaftaler skulle vaere klar 1. februar?", "1. februar", "1. marts 2019"),
])
def test_a_wrong_day_is_said_first(content: Content, question: str, claimed: str,
                                   stated: str) -> None:
    # the English one was refused; the Danish one listed the dates without a word of the claim
    answer = content.engine.answer(question)
    shown = reply_text(answer)
    assert answer.kind == "partial"
    assert f"„{claimed}“" in shown or f"“{claimed}”" in shown
    assert stated in shown


def test_a_right_day_is_confirmed_by_the_sentence_that_names_it(content: Content) -> None:
    # it said "the strategy does not say when", then quoted the sentence with 1 March
    answer = content.engine.answer("the decentral agreements were due 1 March, correct?")
    shown = reply_text(answer)
    assert answer.outcome is Outcome.ANSWER
    assert "does not say" not in shown
    assert "1 March 2019 all decentral annual agreements" in shown
    assert "p. 11" in shown


def test_a_day_claimed_for_the_wrong_thing_is_said_to_differ(content: Content) -> None:
    # "the *centres'* agreements were due 1 March" was confirmed with the decentral ones'
    # sentence; the centres' were due 15 January (a persona read it as a yes)
    answer = content.engine.answer("the centres' agreements were due 1 March, correct?")
    shown = reply_text(answer)
    assert answer.kind == "partial"
    assert "“1 March”" in shown
    assert "15. januar 2019" in shown


def test_an_answer_that_names_the_claimed_day_stays_as_it_is(content: Content) -> None:
    answer = content.engine.answer("årsaftalerne skal være indgået 1. marts, ikke?")
    assert answer.outcome is Outcome.ANSWER
    assert answer.entry_id == "deadlines"
    assert "nævner ikke" not in reply_text(answer)


def test_a_near_verbatim_question_is_looked_for_among_texts_of_a_like_length(
        content: Content) -> None:
    # only the texts whose length allows the ratio are compared: the same texts are found as
    # when every text was compared, in the same order (the knowledge base's on equal ratios)
    index: EntryIndex = content.engine._index
    keys = list(index.verbatim)
    assert index._near_verbatim("hvad er fremtidsfortaellinen")[:1] == [
        "hvad er fremtidsfortaellingen"]
    for query in [*keys[::37], "hvad er fremtidsfortaellinen", "hvem har skrvet den",
                  "hvad er relationel koordinering og hvem skal lave det"]:
        everything = process.extract(query, keys, scorer=fuzz.ratio,
                                     score_cutoff=index.verbatim_ratio, limit=None)
        everything.sort(key=lambda hit: (-hit[1], hit[2]))
        assert index._near_verbatim(query) == [text for text, _, _ in everything[:3]], query


def test_a_wrong_day_of_an_answer_naming_no_day_quotes_the_day_the_document_names(
        content: Content) -> None:
    # it said "not 1. april" over the annual agreements' answer, which names no day at all
    answer = content.engine.answer("årsaftalerne skulle være klar 1. april, ikke?")
    shown = reply_text(answer)
    assert answer.kind == "partial"
    assert shown.startswith("Strategien nævner ikke „1. april“")
    assert "15. januar 2019" in shown


def test_a_claimed_day_after_the_answer_it_is_about(content: Content) -> None:
    # "var det ikke 1. april?" right after the deadlines was refused
    answer = content.engine.answer("var det ikke 1. april?",
                                   previous="hvornår skal årsaftalerne være færdige?")
    shown = reply_text(answer)
    assert answer.kind == "partial"
    assert "„1. april“" in shown
    assert "1. marts 2019" in shown
    answer = content.engine.answer("var det ikke 1. marts?",
                                   previous="hvornår skal årsaftalerne være færdige?")
    assert answer.outcome is Outcome.ANSWER
    assert "nævner ikke" not in reply_text(answer)


@pytest.mark.parametrize(("question", "claimed", "lang"), [
    ("der er 3 temaer ikke?", "„3“", "da"),
    ("are there 3 themes?", "“3”", "en"),
])
def test_a_claimed_count_that_is_a_theme_number(content: Content, question: str,
                                                claimed: str, lang: str) -> None:
    # "Tema 3" in the answer is no count of the themes: it got theme 3's answer, and the
    # claim stood ("der er 5 temaer" was already said to be wrong)
    answer = content.engine.answer(question)
    shown = reply_text(answer)
    assert answer.kind == "partial"
    assert claimed in shown
    assert ("Der er 4 temaer" if lang == "da" else "There are 4 themes") in shown


def test_a_right_count_stands(content: Content) -> None:
    answer = content.engine.answer("der er 4 temaer ikke?")
    assert answer.outcome is Outcome.ANSWER
    assert "nævner ikke" not in reply_text(answer)


def test_a_claimed_decimal_figure_is_said_with_a_decimal_comma_in_danish(
        content: Content) -> None:
    shown = reply_text(content.engine.answer("sygefraværet var 15,9 i 2018 ikke?"))
    assert "„15,9“" in shown, shown
    shown = reply_text(content.engine.answer("sick leave was 15,9 in 2018 right?"))
    assert "“15.9”" in shown, shown


def test_the_same_thing_in_another_year_follows_up(content: Content) -> None:
    # "hvad var det i 2018?" right after sick leave got "Hvad er nyt i 2019" on its own
    answer = content.engine.answer("hvad var det i 2018?", previous="hvad er sygefraværet?")
    assert answer.entry_id == "goal-sick-leave"
    assert "14,9" in reply_text(answer)


def test_a_claimed_count_of_what_the_rest_names(content: Content) -> None:
    # "der er 5 temaer i leder- og medarbejdergrundlaget?" was asked of the strategy's four
    # themes, and „5“ said to be wrong
    answer = content.engine.answer("der er 5 temaer i leder- og medarbejdergrundlaget?")
    assert answer.outcome is Outcome.ANSWER
    assert answer.entry_id == "leader-employee-foundation"
    assert "nævner ikke" not in reply_text(answer)


def test_a_question_for_what_happened_on_a_day_is_no_claim(content: Content) -> None:
    assert content.engine.answer("hvad skete der 1. marts?").outcome is Outcome.ANSWER
