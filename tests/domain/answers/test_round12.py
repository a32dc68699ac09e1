"""Round 12 on the document's answers (BENCHMARKS.md, "Round 12"): what two fresh question
sets, written from the document alone, found."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.evaluation import evaluate, reply_text
from strategibot.domain.evalsets import EvalSetModel
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


@pytest.mark.parametrize(("question", "said"), [
    # why something matters is no why of a figure: „Sygefravær belaster …“ answers it
    ("hvorfor er et højt sygefravær et problem ifølge koncernstrategien", "belaster"),
    # "ifølge", "argumentet", "instead" are the question's frame (they were unknown words,
    # and the question was refused)
    ("hvorfor har vi overhovedet fokus på trivsel – hvad er argumentet?", "lykkes"),
    ("why did management keep the same four themes as last year instead of picking new ones?",
     "potential"),
    # the document's word for what the question paraphrases
    ("hvad siger strategien om at ressourcerne er begrænsede og hvordan vi skal bruge dem",
     "knappe"),
    ("må vi godt tage chancer når vi prøver noget nyt af?", "kalkulerede risici"),
    # "putting" frames the question; "unit level" far after "what's the" asks no figure
    ("Why is the strategy putting a spotlight on digitalisation at all?", "muligheder"),
    ("What's the hierarchy from the Future Narrative down to unit level?", "annual agreements"),
    # "final" is the document's "endeligt"
    ("when are the centres' annual agreements final?", "15 January 2019"),
    ("which month are the centres' annual agreements final?", "15 January 2019"),
    # a theme named by its number is that theme, not the four themes ("fire" is 4)
    ("hvad er tema 4", "Tema 4: Vi udforsker mulighederne i digitalisering"),
    ("what is theme 4", "Theme 4"),
    ("hvad er de fire temaer", "Tema 1"),
    # "snakker om" frames the question; "ok men" leads into it
    ("hvilke megatrends snakker de om", "megatrends"),
    ("ok men hvad er de 4 megatrends", "megatrends"),
    # documents named by their names are the list asked for
    ("hvilke dokumenter bygger pejlemaerkerne videre paa?", "Kompetenceprofil for ledere"),
])
def test_answered(content: Content, question: str, said: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert said in reply_text(answer)


def test_why_a_figure_is_high_is_still_no_reason_given(content: Content) -> None:
    """"hvorfor er sygefraværet så højt?" asks why the figure is what it is, which the
    strategy does not say."""
    answer = content.engine.answer("hvorfor er sygefraværet så højt?")
    assert answer.outcome is not Outcome.ANSWER, reply_text(answer)
    assert reply_text(answer).startswith("Strategien begrunder ikke")


def test_a_quote_from_an_entrys_own_section_answers_from_it(content: Content) -> None:
    """`kb eval` counts a quote that starts in an entry's own passages (titled by it, with a
    button to it) as answered from that entry, not as a wrong answer."""
    question = "er digitalisering et kulturprojekt ifølge strategien?"
    answer = content.engine.answer(question)
    assert answer.kind == "passage"
    assert answer.entry_id is None
    assert "kulturprojekt" in reply_text(answer)
    report = evaluate(content.engine, EvalSetModel.model_validate(
        {"questions": [{"q": question, "expect": "theme-4", "lang": "da"}]}))
    assert report.in_scope_correct == 1
    assert report.wrong_answers == 0


def test_one_kind_named_is_the_answer_to_which(content: Content) -> None:
    """"which skills will theme 4 focus on for both leaders and staff?" was split at "and"
    ("både … og" is one thing) and said to list no skills; „digitale kompetencer“ is the kind
    asked for — but not where the question names that kind itself."""
    answer = content.engine.answer("which skills will theme 4 focus on for both leaders and "
                                   "staff?")
    assert answer.kind != "parts", reply_text(answer)
    assert "digitale kompetencer" in reply_text(answer)
    assert "does not list" not in reply_text(answer)
    courses = content.engine.answer("Which digital skills courses can I sign up for?")
    assert courses.outcome is not Outcome.ANSWER, reply_text(courses)


@pytest.mark.parametrize(("question", "opening"), [
    # a consequence in English with "doesn't"
    ("What happens to a centre that doesn't reach the common goals by end of 2019?",
     "The strategy does not say what happens then."),
    # a month is asked, and the goal says only "by the end of 2019"
    ("i hvilken måned skal centrene have fastlagt kompetencebehovene med CPKS-materialet?",
     "Strategien nævner ikke"),
    # "which are the N?" asks for the members, which the document does not list
    ("which are the ten centres?", "The strategy does not list which centres they are."),
    # whether a goal is realistic is no judgement the plan makes
    ("er det realistisk at nå 13,5 i 2019?", "Strategien vurderer ikke, om målet er realistisk"),
])
def test_honest_partial_answers(content: Content, question: str, opening: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is not Outcome.ANSWER, reply_text(answer)
    assert reply_text(answer).startswith(opening), reply_text(answer)
