"""Round 16 on the document's answers (BENCHMARKS.md, "Round 16")."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.context import without_context
from strategibot.domain.answers.evaluation import reply_text
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


@pytest.mark.parametrize(("question", "plain"), [
    ("hvorfor kalder de digitalisering et kulturprojekt, vi er jo bare en vuggestue med en ipad",
     "hvorfor kalder de digitalisering et kulturprojekt"),
    ("jeg er HR-konsulent og skal forklare lederne hvorfor fraværet er så vigtigt. hvad siger "
     "strategien at sygefravær går ud over?", "hvad siger strategien at sygefravær går ud over?"),
    ("hvorfor bliver der ved med at være fokus på trivsel – vi har lige haft APV i huset",
     "hvorfor bliver der ved med at være fokus på trivsel"),
    ("I work at the job centre and my manager keeps mentioning our absence numbers. What is "
     "the sick leave goal?", "What is the sick leave goal?"),
    ("For my assignment: towards which year does the future narrative point?",
     "towards which year does the future narrative point?"),
    ("Til byrådets orientering: hvornår er strategien underskrevet?",
     "hvornår er strategien underskrevet?"),
    # nothing of the asker: as it was
    ("tema 2: hvad er målet?", "tema 2: hvad er målet?"),
    ("hvad er kerneopgaven?", "hvad er kerneopgaven?"),
    ("vi skal gribe de digitale muligheder, men hvordan?",
     "vi skal gribe de digitale muligheder, men hvordan?"),
    # nothing left: as it was
    ("jeg er ny her", "jeg er ny her"),
])
def test_what_an_asker_says_of_themselves_is_set_aside(question: str, plain: str) -> None:
    assert without_context(question) == plain


@pytest.mark.parametrize(("question", "evidence"), [
    ("hvorfor kalder de digitalisering et kulturprojekt, vi er jo bare en vuggestue med en ipad",
     "kulturprojekt"),
    ("hvor taet skal digitalisering knyttes til det vi laver, vi er socialraadgivere",
     "forretningen"),
    ("hvad skal ledere kunne ifolge pejlemaerket om professionel ledelse, vores formand spurgte "
     "mig", "prioritere"),
    ("hvorfor bliver der ved med at være fokus på trivsel – vi har lige haft APV i huset",
     "trivsel"),
])
def test_a_question_with_the_askers_situation_is_answered(content: Content, question: str,
                                                          evidence: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert evidence in reply_text(answer)
    assert answer.question == question


@pytest.mark.parametrize("question", [
    # the asker's own unit's figure: the strategy has the municipality's only
    "vi er en lille vuggestue – hvor mange sygedage har vi haft i år?",
    "vi er en lille vuggestue – hvad var vores sygefravær i 2017?",
])
def test_the_askers_own_figures_stay_unanswered(content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is not Outcome.ANSWER, reply_text(answer)


@pytest.mark.parametrize(("question", "evidence"), [
    ("hvilke kompetencer ud over de faglige skal vi være gode til", "facilitere"),
    ("which skills besides the professional ones should we be good at?", "facilitat"),
    ("hvornår begyndte sygefraværet at falde", "2015"),
    # a section of the document is where to look, not a thing it speaks of
    ("hvordan skal ledere formidle, iflg. afsnittet om professionel ledelse?", "formidle"),
])
def test_what_the_document_lists_or_dates_is_answered(content: Content, question: str,
                                                      evidence: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert evidence in reply_text(answer)


def test_an_unheard_deed_still_has_no_date(content: Content) -> None:
    answer = content.engine.answer("hvornår sender CPKS materialet om kompetencebehov ud")
    assert answer.outcome is not Outcome.ANSWER, reply_text(answer)


def test_a_comparison_asked_with_a_slip(content: Content) -> None:
    """"whats the diffrence between theme 1 and theme 2" got theme 2 only."""
    answer = content.engine.answer("whats the diffrence between theme 1 and theme 2")
    text = reply_text(answer)
    assert "Theme 1" in text, text
    assert "Theme 2" in text, text
