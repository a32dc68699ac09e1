"""One calibrated confidence: every answer carries the probability that it is right, and an
entry the scores leave unsure answers when that probability is high."""

from __future__ import annotations

import pytest

from strategibot.domain.answers.calibration import ENTRY, PASSAGE, Model, fit
from strategibot.domain.messages import Outcome
from strategibot.services.content import Content


def test_the_fitted_model_separates_what_it_was_shown() -> None:
    rows = [({"x": x / 10}, x >= 5) for x in range(11)] * 3
    model = fit(("x",), rows)
    assert model.probability({"x": 0.0}) < 0.5 < model.probability({"x": 1.0})
    assert Model(("x",), (0.0, 1000.0)).probability({"x": 1.0}) == pytest.approx(1.0)


def test_the_models_read_the_features_the_engine_gives(content: Content) -> None:
    values, entry, passage = content.engine.alternatives("hvad gør sygefravær ved arbejdet")
    assert set(ENTRY.features) <= set(values)
    assert set(PASSAGE.features) <= set(values)
    assert entry is not None
    assert passage is not None
    assert 0.0 <= ENTRY.probability(values) <= 1.0


@pytest.mark.parametrize(
    "question",
    ["hvad er målet for sygefraværet", "hvornår åbner letbanen", "hvad er min løn",
     "ledelse og medarbejdere", "why is sick leave a problem?"],
)
def test_every_answer_carries_a_probability(content: Content, question: str) -> None:
    assert 0.0 <= content.engine.answer(question).score <= 1.0


def test_a_sure_answer_is_more_probable_than_a_refusal(content: Content) -> None:
    sure = content.engine.answer("hvad er målet for sygefraværet")
    refused = content.engine.answer("hvad er min løn")
    assert sure.outcome is Outcome.ANSWER
    assert refused.outcome is Outcome.UNKNOWN
    assert sure.score > 0.8 > refused.score


def test_an_unsure_entry_answers_when_it_is_probably_right(content: Content) -> None:
    """The entries' scores alone would ask back ("did you mean …?"); everything else known
    about the question says the best entry is right."""
    engine = content.engine
    question = "hvorfor fortsætter de samme temaer i 2019"
    ranked, _ = engine.rank(question)
    assert ranked[0][1] - ranked[1][1] < engine.thresholds.margin  # two entries close
    answer = engine.answer(question)
    assert (answer.outcome, answer.entry_id) == (Outcome.ANSWER, "whats-new-2019")
    assert answer.score >= engine.thresholds.calibrated


def test_two_words_that_fit_two_entries_equally_are_asked_back(content: Content) -> None:
    assert content.engine.answer("ledelse og medarbejdere").outcome is Outcome.CLARIFY
