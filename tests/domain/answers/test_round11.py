"""Round 11 on the document's answers (BENCHMARKS.md, "Round 11"): what two fresh question
sets, written from the document alone, and two persona rounds found."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.evaluation import reply_text
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


@pytest.mark.parametrize(("question", "said"), [
    # an introduction before the question, with or without a stop between
    ("hej, jeg er ny sagsbehandler i jobcentret. hvad er koncernstrategien?", "Koncernstrategi"),
    ("jeg er pædagog hvad er kerneopgaven", "Kerneopgaven"),
    ("Hi, I just joined the digitalisation team. What is the digitalisation strategy?",
     "digitalisation strategy"),
    # one's own workplace after "for mig"
    ("hvad betyder relationel koordinering for mig i hjemmeplejen", "Relationel koordinering"),
    # "egtl" is "egentlig"; "look like" / "look ahead" are the question's frame
    ("hvad er kerneopgaven egtl?", "Kerneopgaven"),
    ("what will the organisation look like in 2025?", "2025"),
    ("What year does the Fremtidsfortælling look ahead to?", "2025"),
    # who decides: the ones who draw the agreements up
    ("hvem bestemmer hvad der står i årsaftalerne?", "de ti centre"),
])
def test_answered(content: Content, question: str, said: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert said in reply_text(answer)


@pytest.mark.parametrize(("question", "opening"), [
    # how it is done in practice
    ("hvordan skal sygefraværet konkret nedbringes",
     "Strategien beskriver ikke, hvordan man gør det i praksis."),
    ("how does onboarding actually work step by step",
     "The strategy does not describe how to do that in practice."),
    ("hvad skal jeg som pædagog konkret gøre for at sygefraværet kommer ned på 13,5?",
     "Strategien beskriver ikke, hvordan man gør det i praksis."),
    # after the strategy's year
    ("hvad sker der med koncernstrategien efter 2019 - kommer der nye temaer?",
     "Strategien siger ikke, hvad der sker efter 2019."),
    ("what happens after 2019?", "The strategy does not say what happens after 2019."),
    # terms only named, echoed as the document spells them
    ("hvad er sidemandsoplaering", "Strategien forklarer ikke, hvad sidemandsoplæring er."),
    ("hvad er et dagsvaerk", "Strategien forklarer ikke, hvad dagsværk er."),
    ("hvad er omegnskommunerne", "Strategien forklarer ikke, hvad omegnskommunerne er."),
    ("what is jobrotation?", "The strategy does not say what jobrotation is."),
    # what is in the toolbox
    ("hvad er i vaerktojskassen", "Strategien gengiver ikke, hvad der står i den."),
])
def test_partial(content: Content, question: str, opening: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    assert reply_text(answer).startswith(opening), reply_text(answer)


def test_the_next_theme_in_english(content: Content) -> None:
    """"and theme 4?" after "what is theme 1 about?" got the four themes."""
    answer = content.engine.answer("and theme 4?", previous="what is theme 1 about?")
    assert "Theme 4: We explore" in reply_text(answer), reply_text(answer)
    assert answer.followed_up


def test_a_bare_how_after_an_entry_that_says_what(content: Content) -> None:
    """"how?" after what relational coordination is repeated the entry: now its related entry
    that says how (the internal resources); with none, it says the strategy does not describe
    it; after "hvordan kan jeg udvikle mine kompetencer?", whose entry says how, it is
    answered again."""
    answer = content.engine.answer("how?", previous="hvad er relationel koordinering")
    assert "Internal resources for relational coordination" in reply_text(answer), \
        reply_text(answer)
    life = content.engine.answer("og hvordan?", previous="hvad er LIFE")
    assert reply_text(life).startswith(
        "Strategien beskriver ikke nærmere, hvordan det skal gøres."), reply_text(life)
    again = content.engine.answer("hvordan?",
                                  previous="hvordan kan jeg udvikle mine kompetencer")
    assert again.kind == "entry", reply_text(again)
