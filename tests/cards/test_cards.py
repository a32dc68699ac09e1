"""Teams Adaptive Cards: the renderer's output against golden JSON, then the Node checks.

The Node checks (``validate.js``, one run per session) parse every card with the official
``adaptivecards`` package and check it against an allow-list of Adaptive Cards 1.0–1.5: see
that file's header. The samples are listed in ``conftest.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.cards import (
    CARD_SAMPLES,
    GOLDEN,
    UPDATE_GOLDEN,
    CardSample,
    dump_json,
    run_validate,
)

MAX_VERSION = (1, 5)
MAX_BYTES = 28 * 1024

# Cards that must fail, and how: proof that each check finds what it is meant to find.
_TEXT = {"type": "TextBlock", "text": "x", "wrap": True}
BROKEN_CARDS: dict[str, tuple[dict[str, Any], str, str]] = {
    "unknown-type": (
        {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "Textblock", "text": "x"}]},
        "adaptivecards", "UnknownElementType",
    ),
    "bad-enum": (
        {"type": "AdaptiveCard", "version": "1.5",
         "body": [{**_TEXT, "weight": "Heavy"}]},
        "adaptivecards", "InvalidPropertyValue",
    ),
    "duplicate-id": (
        {"type": "AdaptiveCard", "version": "1.5",
         "body": [{**_TEXT, "id": "same"}, {**_TEXT, "id": "same"}]},
        "adaptivecards", "DuplicateId",
    ),
    "input-without-label": (
        {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "Input.Text", "id": "x"}]},
        "label", "has no label",
    ),
    "unknown-property": (
        {"type": "AdaptiveCard", "version": "1.5", "body": [{**_TEXT, "colour": "good"}]},
        "allow-list", 'no property "colour"',
    ),
    "version-1.6": (
        {"type": "AdaptiveCard", "version": "1.6", "body": [_TEXT]},
        "version", "1.0 to 1.5",
    ),
    "carousel": (
        {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "Carousel", "pages": []}]},
        "allow-list", '"Carousel" is not an Adaptive Cards <= 1.5 element type',
    ),
    "table-in-1.4": (
        {"type": "AdaptiveCard", "version": "1.4", "body": [{"type": "Table", "rows": []}]},
        "allow-list", "Table needs Adaptive Cards 1.5",
    ),
    "execute-in-1.3": (
        {"type": "AdaptiveCard", "version": "1.3",
         "actions": [{"type": "Action.Execute", "title": "Go", "verb": "go"}]},
        "allow-list", "Action.Execute needs Adaptive Cards 1.4",
    ),
    "heading-in-1.4": (
        {"type": "AdaptiveCard", "version": "1.4", "body": [{**_TEXT, "style": "heading"}]},
        "allow-list", "TextBlock.style needs Adaptive Cards 1.5",
    ),
    "too-big": (
        {"type": "AdaptiveCard", "version": "1.5",
         "body": [{**_TEXT, "text": "æ" * 15_000}]},
        "size", "Teams takes at most",
    ),
}


@pytest.fixture(scope="session")
def card_report(
    rendered_cards: dict[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """One ``node validate.js`` run over every sample card, the broken cards and a self-check."""
    folder = tmp_path_factory.mktemp("cards")
    files: list[Path] = []
    for name, card in [*rendered_cards.items(),
                       *((f"broken-{n}", c) for n, (c, _, _) in BROKEN_CARDS.items())]:
        path = folder / f"{name}.json"
        path.write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
        files.append(path)
    report = run_validate("--self-check", *files)
    return {
        "cards": {Path(result["file"]).stem: result for result in report["cards"]},
        "selfCheck": report["selfCheck"],
    }


def test_card_matches_golden(card_sample: CardSample, rendered_cards: dict[str, Any]) -> None:
    card = rendered_cards[card_sample.name]
    path = GOLDEN / f"{card_sample.name}.json"
    if UPDATE_GOLDEN:
        GOLDEN.mkdir(exist_ok=True)
        if not path.is_file() or json.loads(path.read_text(encoding="utf-8")) != card:
            path.write_text(dump_json(card), encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(f"{path} is missing: create it with STRATEGIBOT_UPDATE_GOLDEN=1 pytest "
                    "tests/cards and review it")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert card == expected, (
        f"the card differs from {path.name}; if the change is intended, regenerate with "
        "STRATEGIBOT_UPDATE_GOLDEN=1 pytest tests/cards and review the diff"
    )


def test_every_golden_file_has_a_sample() -> None:
    names = {sample.name for sample in CARD_SAMPLES}
    stale = sorted(p.name for p in GOLDEN.glob("*.json") if p.stem not in names)
    assert not stale, f"golden files without a sample in conftest.py: {stale}"


def test_card_passes_adaptivecards_and_the_allow_list(
    card_sample: CardSample, card_report: dict[str, Any]
) -> None:
    result = card_report["cards"][card_sample.name]
    assert result["errors"] == [], json.dumps(result["errors"], indent=1, ensure_ascii=False)


def test_card_version_and_size(card_sample: CardSample, card_report: dict[str, Any]) -> None:
    result = card_report["cards"][card_sample.name]
    major, minor = (int(part) for part in result["version"].split("."))
    assert (major, minor) <= MAX_VERSION, "Teams renders Adaptive Cards up to 1.5"
    assert result["bytes"] <= MAX_BYTES


@pytest.mark.parametrize("name", sorted(BROKEN_CARDS))
def test_the_checks_catch_a_broken_card(name: str, card_report: dict[str, Any]) -> None:
    _, check, fragment = BROKEN_CARDS[name]
    errors = card_report["cards"][f"broken-{name}"]["errors"]
    assert any(e["check"] == check and fragment in e["message"] for e in errors), errors


def test_allow_list_agrees_with_the_adaptivecards_package(card_report: dict[str, Any]) -> None:
    self_check = card_report["selfCheck"]
    assert self_check["problems"] == []
    assert {"AdaptiveCard", "TextBlock", "ActionSet", "Action.Submit", "Action.Execute",
            "Table", "Input.ChoiceSet"} <= set(self_check["checked"])


def test_the_form_takes_a_decimal_comma(rendered_cards: dict[str, Any]) -> None:
    """Teams' Input.Number refuses "12,8": numbers are text inputs showing Danish decimals."""
    form = rendered_cards["checkin-form"]
    inputs = {e["id"]: e for e in form["body"] if e.get("type", "").startswith("Input.")}
    assert not [e for e in inputs.values() if e["type"] == "Input.Number"]
    assert inputs["sick-leave.days"] == {**inputs["sick-leave.days"], "type": "Input.Text",
                                         "value": "12,8"}
