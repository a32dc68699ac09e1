"""One-liner check-ins: a goal's key word and a value in one line."""

from __future__ import annotations

from typing import Any

import pytest

from strategibot.domain.checkins.flows import Flows, Invalid, OneLiner
from strategibot.services.content import Content


@pytest.fixture(scope="module")
def flows(content: Content) -> Flows:
    return content.flows


@pytest.mark.parametrize(("text", "goal", "value"), [
    ("sygefravær 12,8", "sick-leave", {"days": 12.8}),
    ("Sygefravær: 12.8", "sick-leave", {"days": 12.8}),
    ("sick leave 9.5", "sick-leave", {"days": 9.5}),
    ("RK færdig", "relational-coordination", {"status": "done"}),
    ("relationel koordinering i gang", "relational-coordination", {"status": "in-progress"}),
    ("RC done", "relational-coordination", {"status": "done"}),
    ("borgerinddragelse: borgerpanel afprøvet og evalueret", "citizen-involvement",
     {"form": "borgerpanel", "tried": True, "evaluated": True}),
    ("borgerinddragelse: borgerpanel afprøvet", "citizen-involvement",
     {"form": "borgerpanel", "tried": True, "evaluated": False}),
    # an evaluated form was tried (``implies`` in checkin.yaml)
    ("citizen involvement: walk and talk evaluated", "citizen-involvement",
     {"form": "walk and talk", "tried": True, "evaluated": True}),
    ("kompetencebehov færdig", "competence-needs", {"status": "done"}),
])
def test_one_liners(flows: Flows, text: str, goal: str, value: dict[str, Any]) -> None:
    assert flows.one_liner(text, "da") == OneLiner(goal, value)


def test_a_unit_code_at_the_end_names_the_unit(flows: Flows) -> None:
    assert flows.one_liner("sygefravær 9,5 @CPKS-02", "da") == OneLiner(
        "sick-leave", {"days": 9.5}, "CPKS-02")


@pytest.mark.parametrize("text", [
    "hvad er sygefraværet?",  # a question about the goal
    "sygefravær",  # no value
    "borgerinddragelse: borgerpanel",  # a form needs tried or evaluated
    "hej",
    "RK lyder spændende",  # not a status
])
def test_not_one_liners(flows: Flows, text: str) -> None:
    assert flows.one_liner(text, "da") is None


def test_an_out_of_range_number_is_explained(flows: Flows) -> None:
    with pytest.raises(Invalid) as caught:
        flows.one_liner("sygefravær 120", "da")
    # the goal's plausible range (goals.yaml: plausible) is the field's
    assert caught.value.reason == "tallet skal være mellem 0 og 60."
    with pytest.raises(Invalid, match="between 0 and 60"):
        flows.one_liner("sick leave 120", "en")
