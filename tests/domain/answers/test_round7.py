"""Round 7 on the document's answers (BENCHMARKS.md, "Round 7"): what a persona and a fresh
question set, written from the document alone, found the engine getting wrong."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.engine import Answer
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


def _ask(content: Content, question: str) -> Answer:
    return content.engine.answer(question)


@pytest.mark.parametrize("question", [
    "hvad står der i kompetenceprofilen for ledere",
    "what does the leader profile contain",
    "what's in the toolbox?",
    "hvad indeholder digitaliseringsstrategien",
])
def test_a_document_named_in_passing_has_no_contents_in_the_strategy(content: Content,
                                                                    question: str) -> None:
    """The bearings „bygger oven på … Kompetenceprofil for ledere og fælles
    digitaliseringsstrategi“: a sentence that names a document among others does not give
    what is in it (the bearings' bullets were once taken for the profile's contents)."""
    answer = _ask(content, question)
    assert answer.kind == "partial", answer.reply.text
    assert answer.reply.text.startswith(("Strategien gengiver ikke", "The strategy does not"))


@pytest.mark.parametrize("question", [
    "hvad står der i leder- og medarbejdergrundlaget",
    "hvad står der i medarbejdergrundlaget",
])
def test_a_document_whose_members_the_strategy_lists_is_answered(content: Content,
                                                                 question: str) -> None:
    """„De fem temaer fra Leder- og medarbejdergrundlaget …: 1. Vi skaber værdi …“."""
    answer = _ask(content, question)
    assert answer.outcome is Outcome.ANSWER
    assert answer.entry_id == "leader-employee-foundation"


@pytest.mark.parametrize("question", [
    "sick leave in the schools",
    "sygefravær i hjemmeplejen",
    "hvordan ligger sygefraværet i hjemmeplejen",
])
def test_a_measure_of_a_place_asks_for_its_figure_there(content: Content,
                                                        question: str) -> None:
    """The strategy has the municipality's sick leave only: a bare "sick leave in the
    schools" once got the municipality's figure as if it were the schools'."""
    answer = _ask(content, question)
    assert answer.kind == "partial", answer.reply.text
    assert answer.reply.text.startswith(("Strategien nævner ikke et tal",
                                         "The strategy gives no figure"))


@pytest.mark.parametrize("question", ["sygefraværet i kommunen", "sick leave in the municipality"])
def test_the_municipalitys_own_measure_is_still_answered(content: Content,
                                                         question: str) -> None:
    answer = _ask(content, question)
    assert answer.outcome is Outcome.ANSWER
    assert "14,9" in answer.reply.text or "14.9" in answer.reply.text


@pytest.mark.parametrize(("question", "said"), [
    ("hvor tit følger direktionen op på koncernstrategien - hver måned?", "hvor ofte"),
    ("følger centercheferne op hvert kvartal?", "hvor ofte"),
    ("how often are the annual agreements followed up", "how often"),
    ("what's the email address for the town hall?", "e-mail address"),
])
def test_a_frequency_or_an_email_the_strategy_lacks_is_said_so(content: Content, question: str,
                                                                said: str) -> None:
    """„følger … løbende op“ is no frequency, and the last page gives a phone number and a
    web address, no e-mail: the nearest sentence was once given as the answer."""
    answer = _ask(content, question)
    assert answer.kind == "partial", answer.reply.text
    assert said in answer.reply.text.split(".")[0]


@pytest.mark.parametrize("question", [
    "hvad er målet pr. år for sygefravær",  # a rate, not a frequency
    "what does outlook as a bearing mean for my daily work",  # an adjective
    "does each centre need at least one initiative per theme in its yearly contract",
    "hvad er telefonnummeret til rådhuset",
])
def test_a_rate_or_an_adjective_is_no_frequency(content: Content, question: str) -> None:
    assert _ask(content, question).outcome is Outcome.ANSWER


@pytest.mark.parametrize(("said", "lang"), [("thanks", "en"), ("tak", "da"), ("Hello!", "en")])
def test_small_talk_is_answered_in_its_own_language_whatever_the_locale(
        content: Content, said: str, lang: str) -> None:
    """An English conversation on a Danish Teams client got "Det var så lidt" for "thanks"."""
    other = "da" if lang == "en" else "en"
    assert content.engine.answer(said, hint=other).reply.lang == lang


@pytest.mark.parametrize("question", [
    "hvor lang tid varer onboarding for nye kolleger",
    "Og hvad så med onboarding – hvor lang tid skal et onboardingforløb vare?",
])
def test_a_duration_the_strategy_lacks_is_said_so(content: Content, question: str) -> None:
    """Onboarding is named for 2019, with no length: the onboarding entry was the answer."""
    answer = _ask(content, question)
    assert answer.kind == "partial", answer.reply.text
    assert answer.reply.text.startswith("Strategien nævner ikke, hvor længe")


@pytest.mark.parametrize(("question", "said"), [
    ("hvor længe gælder koncernstrategien", "1–2 år"),  # "Koncernstrategi (1–2 år)"
    ("how long does the future narrative apply", "2025"),  # a span of years
    ("how long does a decentral unit's annual agreement run", "1 year"),
])
def test_a_duration_the_strategy_states_is_answered(content: Content, question: str,
                                                    said: str) -> None:
    answer = _ask(content, question)
    assert answer.outcome is Outcome.ANSWER
    assert said in answer.reply.text


@pytest.mark.parametrize("question", [
    "hvad er landsgennemsnittet for sygefravær i kommunerne",
    "hvad er det gennemsnitlige sygefravær på landsplan",
])
def test_a_figure_of_another_thing_than_the_sentences_is_said_to_be_missing(
        content: Content, question: str) -> None:
    """„Kommunens sygefravær var … 14,9“ is the municipality's figure, not the average."""
    answer = _ask(content, question)
    assert answer.kind == "partial", answer.reply.text
    assert answer.reply.text.startswith("Strategien nævner ikke et tal")


@pytest.mark.parametrize("question", [
    "hvad er udgangspunktet for sygefraværet",  # the baseline is the figure
    "hvad er det samlede sygefravær",  # an adjective before the measure
    "what is the phone number of the town hall",  # "phone" says which number
    "hvad er telefonnummeret til rådhuset",
])
def test_a_figure_asked_in_other_words_is_still_answered(content: Content,
                                                          question: str) -> None:
    assert _ask(content, question).outcome is Outcome.ANSWER


@pytest.mark.parametrize("question", [
    "where exactly will the DTU Science Park be located",
    "hvor præcis skal LIFE ligge",
    "Where exactly is the LIFE learning centre going to be built?",
])
def test_an_exact_place_needs_an_address(content: Content, question: str) -> None:
    """„… en Letbane fra Ishøj til Lyngby, Novozymes bygger … LIFE“ names places, but not
    where LIFE or the Science Park will be."""
    answer = _ask(content, question)
    assert answer.kind == "partial", answer.reply.text
    assert answer.reply.text.startswith(("Strategien nævner ikke, hvor",
                                         "The strategy does not say where"))


@pytest.mark.parametrize("question", ["where exactly is the town hall",
                                      "hvad er rådhusets præcise adresse"])
def test_an_exact_place_the_strategy_gives_is_answered(content: Content, question: str) -> None:
    answer = _ask(content, question)
    assert answer.outcome is Outcome.ANSWER
    assert "Lyngby Torv 17" in answer.reply.text


@pytest.mark.parametrize("question", ["what tools are actually in the recruitment toolbox?",
                                      "hvilke værktøjer er der i værktøjskassen"])
def test_what_is_in_a_named_document_in_other_words(content: Content, question: str) -> None:
    assert _ask(content, question).kind == "partial"


@pytest.mark.parametrize("question", [
    "hvem har lavet værktøjskassen til rekruttering",  # „I 2018 blev der udarbejdet …“
    "Hvem har ansvaret for værktøjskassen?",
    "Who came up with the concept of relational coordination?",
    "hvem skal evaluere borgerinddragelsen",
])
def test_a_deed_without_its_doer_is_said_so(content: Content, question: str) -> None:
    answer = _ask(content, question)
    assert answer.kind == "partial", answer.reply.text
    assert answer.reply.text.startswith(("Strategien nævner ikke, hvem",
                                         "The strategy does not say who"))


@pytest.mark.parametrize(("question", "said"), [
    ("hvem har lavet fremtidsfortællingen", "Koncernchefgruppen"),  # „udarbejdet af …“
    ("hvem bygger LIFE", "Novozymes"),  # „Novozymes bygger …“
    ("who wants to build the science park", "DTU"),
    ("hvem har skrevet forordet", "Direktion"),  # the signature
    ("hvem har ansvaret for et godt arbejdsmiljø", "medansvar"),  # „vi alle har et medansvar“
    ("hvem er ansvarlig for kompetencebehov initiativet", "Center for Politik"),
    ("hvem af centrene skal lave en årsaftale", "ti centre"),
])
def test_a_deed_with_its_doer_is_answered(content: Content, question: str, said: str) -> None:
    answer = _ask(content, question)
    assert answer.outcome is Outcome.ANSWER, answer.reply.text
    assert said in answer.reply.text


@pytest.mark.parametrize("question", [
    "hvem i direktionen har ansvaret for digitalisering",
    "who in the executive board is responsible for digitalisation",
])
def test_a_member_of_a_body_is_a_person_the_strategy_does_not_name(content: Content,
                                                                  question: str) -> None:
    answer = _ask(content, question)
    assert answer.kind == "partial", answer.reply.text
    assert answer.reply.text.startswith(("Strategien nævner ingen personer",
                                         "The strategy names no one"))
