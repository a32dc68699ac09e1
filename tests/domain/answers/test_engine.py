"""The answer engine as an employee meets it: right entry, right language, honest refusals."""

from __future__ import annotations

import pytest

from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


@pytest.mark.parametrize(
    ("question", "entry", "lang"),
    [
        ("Hvad er kerneopgaven?", "core-task", "da"),
        ("hvad er kerneopgven", "core-task", "da"),  # typo
        ("HVAD BETYDER RK??", "relational-coordination", "da"),  # abbreviation, shouting
        ("what does RC mean?", "relational-coordination", "en"),
        ("sygefraværsmålet", "goal-sick-leave", "da"),  # compound + inflection
        ("hvad er maalet for sygefravaer", "goal-sick-leave", "da"),  # no æøå
        ("hvornår skal årsaftalerne være indgået", "deadlines", "da"),
        ("what is the kerneopgave?", "core-task", "en"),  # English with a Danish term
        ("pejlemærkerne", "bearings", "da"),
    ],
)
def test_answers_with_the_right_entry_in_the_question_language(
    content: Content, question: str, entry: str, lang: str
) -> None:
    answer = content.engine.answer(question)
    assert (answer.outcome, answer.entry_id, answer.lang) == (Outcome.ANSWER, entry, lang)


def test_an_answer_names_its_source_and_offers_follow_ups(content: Content) -> None:
    answer = content.engine.answer("hvad er kerneopgaven")
    reply = answer.reply
    assert "Sammen med borgere og virksomheder skaber vi rammer" in reply.text
    assert reply.source_label == "Kilde: Koncernstrategi 2019, s. 7"
    assert reply.prompt == "Relaterede spørgsmål"
    assert 2 <= len(reply.actions) <= 3
    entry = content.kb.entry("core-task")
    for action, related in zip(reply.actions, entry.related, strict=False):
        # clicking a follow-up asks its question, which the engine answers with that entry
        followed = content.engine.answer(action.value)
        assert (followed.outcome, followed.entry_id) == (Outcome.ANSWER, related)


def test_english_answer_names_its_source_in_english(content: Content) -> None:
    reply = content.engine.answer("What is the sick leave goal?").reply
    assert reply.lang == "en"
    assert reply.source_label == "Source: Corporate Strategy 2019, p. 8"
    assert "13.5" in reply.text
    assert reply.prompt == "Related questions"


def test_pages_in_a_row_are_shown_as_a_range(content: Content) -> None:
    label = content.engine.source_label
    assert label([7, 8, 9, 10], "da") == "Kilde: Koncernstrategi 2019, s. 7–10"
    assert label([3, 5], "en") == "Source: Corporate Strategy 2019, pp. 3, 5"


@pytest.mark.parametrize(
    "question",
    ["hvem vinder superligaen i år?", "what's the weather in Lyngby tomorrow",
     "opskrift på lasagne", "hvad hedder borgmesteren"],
)
def test_out_of_scope_questions_are_refused_with_the_main_topics(
    content: Content, question: str
) -> None:
    answer = content.engine.answer(question)
    assert answer.outcome is Outcome.UNKNOWN
    assert answer.entry_id is None
    values = [a.value for a in answer.reply.actions]
    topics = [content.kb.entry(t.entry).questions[answer.lang][0]
              for t in content.kb.strategy.topics]
    # the nearest entries (if any came close) first, then the main topics, at most 8 buttons
    assert 6 <= len(values) <= 8
    assert set(topics[: 8 - 2]) <= set(values)


def test_a_near_miss_is_not_answered_but_points_to_the_nearest_entry(content: Content) -> None:
    """No figure for Gentofte: the reply says so, quotes what the document does say about sick
    leave and offers the sick-leave goal (see test_partial.py)."""
    answer = content.engine.answer("hvad er sygefraværet i Gentofte?")
    assert (answer.outcome, answer.kind) == (Outcome.UNKNOWN, "partial")
    assert answer.reply.text.startswith("Strategien nævner ikke et tal for det.")
    first = answer.reply.actions[0].value
    assert content.engine.answer(first).entry_id == "goal-sick-leave"


def test_a_vague_question_gets_did_you_mean_candidates(content: Content) -> None:
    answer = content.engine.answer("ledelse og medarbejdere")
    assert answer.outcome is Outcome.CLARIFY
    assert answer.reply.text.endswith("Mente du …?")
    assert 2 <= len(answer.reply.actions) <= 3
    for action in answer.reply.actions:  # every candidate button leads to a real answer
        assert content.engine.answer(action.value).outcome is Outcome.ANSWER


@pytest.mark.parametrize(
    ("text", "outcome", "lang"),
    [("hej", Outcome.GREETING, "da"), ("Hello!", Outcome.GREETING, "en"),
     ("hjælp", Outcome.HELP, "da"), ("what can you do?", Outcome.HELP, "en"),
     ("tak", Outcome.THANKS, "da"), ("", Outcome.EMPTY, "da"), ("🤖🤖", Outcome.EMPTY, "da")],
)
def test_small_talk(content: Content, text: str, outcome: Outcome, lang: str) -> None:
    answer = content.engine.answer(text)
    assert (answer.outcome, answer.lang) == (outcome, lang)


def test_help_introduces_the_bot_and_offers_topics(content: Content) -> None:
    reply = content.engine.answer("hjælp").reply
    assert "strategibot" in reply.text
    assert len(reply.actions) == len(content.kb.strategy.topics)


def test_a_greeting_before_a_question_does_not_hide_the_question(content: Content) -> None:
    answer = content.engine.answer("Hej! Hvad er kerneopgaven?")
    assert (answer.outcome, answer.entry_id) == (Outcome.ANSWER, "core-task")


def test_hostile_text_gets_a_polite_reply(content: Content) -> None:
    too_long = content.engine.answer("kerneopgave " * 1000)
    assert too_long.outcome is Outcome.EMPTY
    assert "for langt" in too_long.reply.text
    control = content.engine.answer("hvad er\x00 kerne\x07opgaven\u202e?")
    assert (control.outcome, control.entry_id) == (Outcome.ANSWER, "core-task")


def test_the_locale_decides_when_the_text_does_not(content: Content) -> None:
    assert content.engine.answer("RK", hint="en-GB").lang == "en"
    assert content.engine.answer("RK", hint="da-DK").lang == "da"
