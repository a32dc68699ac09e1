"""Round 8 on the document's answers (BENCHMARKS.md, "Round 8"): what two fresh question sets,
written from the document alone, found — everyday words taken for what the strategy does not
speak of, the number of a compound's thing, the reason asked for by "why"."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.evaluation import reply_text
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


@pytest.mark.parametrize(("question", "said"), [
    # an everyday word is the way of asking, not a thing the answer lacks (it was named:
    # "Strategien nævner ikke „virkelig“ i den sammenhæng")
    ("skal vi virkelig give borgerne noget af beslutningskompetencen??", "beslutningskompetence"),
    ("hvorfor skal borgerne pludselig være en ressource i serviceproduktionen", "ressource"),
    # the number of a compound's thing: „mindst 3 forskellige former for borger- og
    # brugerinddragelse“ counts borgerinddragelses*former*
    ("hvor mange borgerinddragelsesformer skal testes", "3"),
    # the number of the organisation's own: „de ti centre“ wherever the sentence stands
    ("hvor mange centre har kommunen", "ti centre"),
    # why: the document's reason beneath an answer that gives none („Sygefravær belaster
    # kvaliteten af arbejdet og medarbejdernes trivsel“), not a sentence about a "focus area"
    ("Why is sick leave a focus area in 2019?", "belaster"),
    ("why is there so much focus on sick leave this year", "belaster"),
    # a kind of thing asked as another kind: „mindst 3 forskellige *former*“ counts the
    # *typer*, „på mange *måder*, f.eks. …“ lists the *former*
    ("hvor mange typer borgerinddragelse skal afproeves", "3"),
    # a figure of a sentence that speaks of the question's thing, whatever everyday words
    # ask for it („i et 5-10 årigt perspektiv“ for "hvor mange år frem *tænker* …")
    ("hvor mange aar frem taenker pejlemaerkerne", "5–10"),
    # a relative "who" asks for no person
    ("what does 'one municipality' mean for citizens who call us?", "one municipality"),
    # the organisation itself in a year: the first sentence naming the year speaks of it
    ("hvad skal LTK vaere i 2025", "2025"),
    # a lead-in is the subject of both parts (the parts were asked without it)
    ("kompetenceudvikling - hvilke former kan det have og hvad er vigtigst", "jobrotation"),
])
def test_answered(content: Content, question: str, said: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert answer.kind != "partial", reply_text(answer)
    assert said in reply_text(answer)


@pytest.mark.parametrize("question", [
    # an uncommon word the strategy never speaks of is still named
    "må vi arbejde hjemmefra?",
    # the deed whose doer is asked for is no everyday word ("skrevet")
    "hvem har skrevet digitaliseringsstrategien?",
    # another municipality's centres: the number is of this one's
    "hvor mange centre har Gentofte kommune?",
    # the event whose date is asked is an everyday verb, and it counts
    "when will the next corporate strategy come out",
    "when will CPKS's competence plan be ready",
    # what a figure ended up at in the strategy's year: a plan states no results
    "what did sick leave end up at in 2019?",
    # English everyday words name places and things: "schools" is where the figure is asked
    "sick leave in elderly care compared to schools",
    # months are no everyday words: sick leave in June is not the strategy's figure
    "hvad var sygefraværet i juni 2019?",
])
def test_still_said_to_be_missing(content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind == "partial" or answer.outcome is not Outcome.ANSWER, \
        reply_text(answer)


@pytest.mark.parametrize(("question", "opening"), [
    # how to do an errand: the strategy describes none
    ("hvordan booker man de interne RK konsulenter", "Strategien beskriver ikke, hvordan"),
    ("how do I apply for job rotation", "The strategy does not describe how"),
    ("hvordan regner man dagsværk pr årsværk ud", "Strategien beskriver ikke, hvordan"),
    # a goal or a figure of one's own unit: the strategy's are the municipality's
    ("what is the sick leave target for my own unit?", "The strategy sets goals for the whole"),
    ("hvad er målet for vores afdeling", "Strategien sætter mål for hele kommunen"),
    # a link: the last page has www.ltk.dk only
    ("hvad er linket til LyNET", "Strategien giver ikke noget link"),
    # an exact date the strategy does not give: not "when", which it does ("inden udgangen
    # af 2019")
    ("hvornår præcis skal de 30 enheder være færdige?", "Strategien nævner ikke en præcis dato"),
    # who must see to it: no one is named
    ("hvem præcis skal sørge for, at sygefraværet falder?", "Strategien nævner ikke, hvem"),
])
def test_said_how_it_is_missing(content: Content, question: str, opening: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    assert answer.reply.text.startswith(opening), answer.reply.text


@pytest.mark.parametrize("question", [
    "hvad er kommunens hjemmeside", "what is the web address of the municipality",
    "what's the municipality's website"])
def test_the_one_link_is_given(content: Content, question: str) -> None:
    assert "www.ltk.dk" in reply_text(content.engine.answer(question))




def test_a_reason_is_quoted_only_from_the_answers_own_subject(content: Content) -> None:
    """"for at arbejde" is no reason, and a sentence about the digitalisation strategy's
    focus areas is not quoted under sick leave."""
    text = reply_text(content.engine.answer("Why is sick leave a focus area in 2019?"))
    assert "fokusområder" not in text
    assert "digitaliseringsstrategi" not in text


@pytest.mark.parametrize(("question", "said"), [
    # round 9: a theme the strategy does not have got the five bearings
    ("hvad handler tema 5 om?", "der er ikke noget tema 5"),
    ("what is theme 7 about", "there is no theme 7"),
    # "which page …" asks where: it is no list the strategy lacks ("does not list which page
    # talks they are")
    ("which page talks about data?", "data"),
])
def test_round9_themes_and_pages(content: Content, question: str, said: str) -> None:
    answer = content.engine.answer(question)
    assert said in answer.reply.text
    assert "does not list" not in answer.reply.text
