"""Round 10 on the document's answers (BENCHMARKS.md, "Round 10"): what two fresh question
sets, written from the document alone, and a persona round found — the asker's own workplace
taken for what the strategy does not speak of, one centre's annual agreement answered with the
agreements at large, and "why exactly this figure?" answered with the figure."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.evaluation import reply_text
from strategibot.domain.answers.facts import asked
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


@pytest.mark.parametrize(("question", "said"), [
    # the asker's own workplace is who asks, not what is asked (it was refused: "børnehave"
    # is a word the knowledge base does not know)
    ("kan vi få hjælp til relationel koordinering i vores børnehave?", "interne ressourcer"),
    ("skal vores vuggestue også lave en årsaftale?", "decentrale"),
    ("vi er én kommune - betyder det at jeg i hjemmeplejen skal kunne svare borgerne paa alt??",
     "én kommune"),
    # a reason the document gives is still given
    ("hvorfor forlænges temaerne?", "fordi"),
    ("hvorfor har man valgt at køre videre med de samme fire temaer som i 2018?", "fordi"),
    ("Why is sick leave a focus area in 2019?", "belaster"),
    # the agreements at large: what they are
    ("hvad står der i årsaftalerne?", "årsaftale"),
])
def test_answered(content: Content, question: str, said: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert answer.kind != "partial", reply_text(answer)
    assert said in reply_text(answer)


@pytest.mark.parametrize(("question", "opening", "quoted"), [
    # why this very figure, year or change: the goal is no reason for it
    ("hvorfor netop 30 afdelinger", "Strategien begrunder ikke netop det.", "mindst 30"),
    ("Hvorfor lige 30 afdelinger?", "Strategien begrunder ikke netop det.", "mindst 30"),
    ("why exactly 13.5 as the target", "The strategy gives no reason for that.", "13,5"),
    ("hvorfor netop 2025", "Strategien begrunder ikke netop det.", "2025"),
    ("Hvorfor er sygefraværet højere i Lyngby-Taarbæk end på landsplan?",
     "Strategien begrunder ikke netop det.", "højere end på landsplan"),
    ("hvorfor er sygefraværet faldet siden 2015", "Strategien begrunder ikke netop det.",
     "nedadgående"),
    # one centre's or unit's annual agreement: the strategy does not give its contents
    ("hvad står der i årsaftalen for vores skole", "Strategien gengiver ikke, hvad der står",
     "årsaftale"),
    ("hvad staar der i CPKS' aarsaftale for 2019", "Strategien gengiver ikke, hvad der står",
     "Center for Politik"),
    # the asker's own workplace's figure: the strategy's are the municipality's
    ("hvad er sygefraværet hos os i hjemmeplejen", "Strategien sætter mål for hele kommunen",
     "14,9"),
    ("hvad er sygefraværet i vores hjemmepleje?", "Strategien sætter mål for hele kommunen",
     "14,9"),
])
def test_said_to_be_missing_then_what_it_says(content: Content, question: str, opening: str,
                                              quoted: str) -> None:
    answer = content.engine.answer(question)
    text = reply_text(answer)
    assert answer.kind == "partial", text
    assert text.startswith(opening), text
    assert quoted in text, text


@pytest.mark.parametrize(("question", "why_this"), [
    ("hvorfor netop 30 afdelinger", True),
    ("why exactly 13.5", True),
    ("hvorfor er sygefraværet så højt?", True),
    # a year is when, not what is asked why of; "netop" makes it what
    ("hvorfor er sygefraværet et fokusområde i 2019?", False),
    ("hvorfor netop 2025", True),
    ("hvorfor skal vi være agile?", False),
    ("hvad er 30 afdelinger?", False),
])
def test_why_of_a_figure_or_a_change(question: str, why_this: bool) -> None:
    assert asked(question).why_this is why_this


@pytest.mark.parametrize(("question", "opening"), [
    # a short name the document only names („(Kilde: KMD)“): what it stands for is not given
    ("hvad står KMD for", "Strategien forklarer ikke, hvad KMD står for."),
    ("Hvad er KMD?", "Strategien forklarer ikke, hvad KMD står for."),
    ("what does DTU stand for?", "The strategy does not say what DTU stands for."),
])
def test_a_short_name_not_spelled_out(content: Content, question: str, opening: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    assert reply_text(answer).startswith(opening), reply_text(answer)


@pytest.mark.parametrize(("question", "said"), [
    # spelled out beside it, or a synonym of a phrase: answered
    ("hvad står LIFE for?", "Læring, Inspiration"),
    ("hvad står CPKS for?", "Center for Politik, Kultur og Strategi"),
    ("hvad er LTK?", "Lyngby-Taarbæk"),
    ("hvad er LMG", "Leder- og medarbejdergrundlag"),
    ("hvad er RK?", "Relationel koordinering"),
])
def test_a_short_name_spelled_out(content: Content, question: str, said: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert answer.kind != "partial", reply_text(answer)
    assert said in reply_text(answer)


@pytest.mark.parametrize(("question", "outcome"), [
    # after a greeting, a question about the bot itself (it was "Det ved jeg desværre ikke")
    ("hej hvad er det her for noget", Outcome.HELP),
    ("hi, what is this bot?", Outcome.HELP),
    ("hej, hvem har lavet dig?", Outcome.HELP),
])
def test_about_the_bot_after_a_greeting(content: Content, question: str,
                                        outcome: Outcome) -> None:
    assert content.engine.answer(question).outcome is outcome


@pytest.mark.parametrize(("question", "opening"), [
    # how one does something the strategy only names: it does not describe it
    ("Hvordan evaluerer man en form for borgerinddragelse?",
     "Strategien beskriver ikke, hvordan man gør det i praksis."),
    ("hvordan måler man relationel koordinering", "Strategien nævner ikke, hvordan det måles."),
    ("how do I get onboarded?", "The strategy does not describe how to do that in practice."),
    ("Hvad kan jeg selv gøre for at nedbringe sygefraværet?",
     "Strategien beskriver ikke, hvordan man gør det i praksis."),
])
def test_how_one_does_it(content: Content, question: str, opening: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    assert reply_text(answer).startswith(opening), reply_text(answer)


@pytest.mark.parametrize("question", [
    # what one can or should do, or how something goes: the strategy answers
    "hvordan kan man udvikle sine kompetencer",
    "hvordan skal jeg bruge de der temaer i min hverdag?",
    "hvordan går man fra koncernstrategi til årsaftaler",
])
def test_what_one_can_do_is_answered(content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert answer.kind != "partial", reply_text(answer)


@pytest.mark.parametrize(("question", "said"), [
    # a clipped word is the one word it begins ("kerneomr." → kerneområder)
    ("hvilke kerneomr. ændres af digitaliseringen", "ældrepleje"),
    # abbreviations and other words for the document's ones (knowledge/synonyms.yaml)
    ("hvad er postnr paa raadhuset", "2800"),
    ("hvem står for kortlægningen af kompetencebehov i centrene", "Politik, Kultur og Strategi"),
    ("who signed the intro letter in the strategy", "centerchefer"),
    ("hvorfor har de bare genbrugt de 4 temaer fra sidste år??", "fordi"),
    ("hvad hedder koncernstrategien egentlig, den fulde titel paa forsiden?", "KERNEOPGAVEN"),
    ("hvornår skal digitaliseringsmålet være opfyldt", "2019"),
])
def test_other_words_for_the_documents(content: Content, question: str, said: str) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.ANSWER, reply_text(answer)
    assert said in reply_text(answer), reply_text(answer)


@pytest.mark.parametrize(("question", "opening"), [
    # why it is higher: „Sygefravær belaster …“ is a reason, but not of that
    ("hvorfor er vores sygefravær højere end nabokommunernes",
     "Strategien begrunder ikke netop det."),
    ("hvorfor bygger Novozymes LIFE netop her", "Strategien begrunder ikke netop det."),
    # where within a named place: LyNET is named, no folder
    ("hvor på LyNET ligger årsaftalerne", "Strategien nævner ikke, hvor det er."),
])
def test_more_said_to_be_missing(content: Content, question: str, opening: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    assert reply_text(answer).startswith(opening), reply_text(answer)


def test_who_pays_is_asked() -> None:
    assert asked("hvem betaler for kompetenceudviklingen?").pays
    assert asked("who pays for the light rail").pays
    assert not asked("hvem har ansvaret for kompetenceudviklingen?").pays


def test_what_are_the_n_things_asks_for_members() -> None:
    """"what are the four focus areas in …" read "areas" as the word after the noun (the
    numeral was skipped in finding the noun, not in finding what follows it)."""
    assert asked("what are the four focus areas in the digitalisation strategy").listed == \
        "focus areas"
    assert asked("what are the themes the foundation for").listed == ""


@pytest.mark.parametrize("question", [
    # next year is the year after the strategy's own, as last year is the one before
    "hvad bliver målet for sygefravær næste år",
    "what are the deadlines next year?",
])
def test_next_year_is_another_year(content: Content, question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    assert "2020" in reply_text(answer).split(".")[0], reply_text(answer)


def test_the_years_to_come_are_no_year() -> None:
    assert asked("hvad bliver målet næste år").next_year
    assert not asked("hvilke byudviklingsprojekter kommer der de naeste aar").next_year
    assert not asked("what happens in the next years").next_year


@pytest.mark.parametrize(("question", "opening"), [
    # a term the document uses without saying what it is (strategy.yaml: unexplained)
    ("Hvad er et årsværk?", "Strategien forklarer ikke, hvad årsværk er."),
    ("what is a dagsværk?", "The strategy does not say what dagsværk is."),
    # "what does X mean?" of a term is what it is, not a short name ("… what AARSVAERK stands
    # for" was said)
    ("what does årsværk mean?", "The strategy does not say what årsværk is."),
    ("hvad er omegnskommunerne", "Strategien forklarer ikke, hvad omegnskommunerne er."),
    # how it is measured: a goal's count is no measure
    ("how is RC measured?", "The strategy does not say how it is measured."),
])
def test_not_explained(content: Content, question: str, opening: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    assert reply_text(answer).startswith(opening), reply_text(answer)


@pytest.mark.parametrize("question", [
    "where do you get your figures from?", "who can see what I ask you?",
    "gemmer du mine spm", "are these official figures?",
])
def test_about_the_bot_in_other_words(content: Content, question: str) -> None:
    assert content.engine.intent(question) == "about"


@pytest.mark.parametrize("question", [
    # „… der i 2019-2020 er prioriteret til …“ names 2020, but of the resources for RK
    "er der en ny strategi for 2020",
    "what will Koncernstrategi 2020 focus on?",
])
def test_another_years_strategy_is_not_the_sentence_naming_the_year(content: Content,
                                                                     question: str) -> None:
    answer = content.engine.answer(question)
    assert answer.kind == "partial", reply_text(answer)
    assert "2020" in reply_text(answer).split(".")[0], reply_text(answer)


def test_a_past_years_deed_is_still_answered(content: Content) -> None:
    answer = content.engine.answer("hvad blev der lavet på rekrutteringsområdet i 2018?")
    assert answer.kind != "partial", reply_text(answer)
    assert "værktøjskasse" in reply_text(answer)


def test_which_ones_are_no_members_of_a_noun() -> None:
    """"hvilke er i fokus?" was told „Strategien opregner ikke, hvilke fokus det er“."""
    assert asked("hvilke er i fokus").listed == ""
    assert asked("hvilke temaer er i fokus").listed == "temaer"


def test_how_many_shall_counts_what_is_unsaid(content: Content) -> None:
    """"hvor mange skal have arbejdet med RK?" counted "arbejdet" and was told the strategy gives
    no figure; "hvor mange er der i direktionen?" still counts the direction's members."""
    assert asked("hvor mange skal have arbejdet med RK?").counted == ""
    answer = content.engine.answer("hvor mange skal have arbejdet med RK?")
    assert answer.kind != "partial", reply_text(answer)
    assert "30" in reply_text(answer)
    assert content.engine.answer("hvor mange er der i direktionen?").kind == "partial"


@pytest.mark.parametrize(("question", "lang"), [
    # a name in quotes is not the asker's language (it was answered in Danish)
    ('what is "Vi er én kommune" about?', "en"),
    ("what is “Vi er gode arbejdspladser”?", "en"),
    ('hvad betyder "udsyn"?', "da"),
    ('"Vi er én kommune"', "da"),
])
def test_a_quoted_name_is_not_the_language(content: Content, question: str, lang: str) -> None:
    assert content.engine.answer(question).lang == lang


def test_a_short_name_asked_after_it() -> None:
    assert asked("KMD, hvad er det for noget?").expansion == "kmd"
    assert asked("Kommunen, hvad er det for noget?").expansion == ""


@pytest.mark.parametrize(("previous", "opening"), [
    # "hvorfor?" after an answer the document gives no reason for, nor its section: said so
    ("hvornår skal årsaftalerne være færdige?", "Strategien giver ingen begrundelse for det."),
    ("hvem følger op på de fælles mål?", "Strategien giver ingen begrundelse for det."),
])
def test_why_after_an_answer_without_a_reason(content: Content, previous: str,
                                              opening: str) -> None:
    answer = content.engine.answer("hvorfor?", previous=previous)
    assert answer.kind == "partial", reply_text(answer)
    assert reply_text(answer).startswith(opening), reply_text(answer)


def test_why_after_an_answer_with_a_reason_is_the_reason(content: Content) -> None:
    answer = content.engine.answer("hvorfor?", previous="hvad er målet for sygefravær?")
    assert "belaster" in reply_text(answer)
