from __future__ import annotations

import pytest

from strategibot.domain.language import detect_language
from strategibot.domain.normalise import fold, fold_text, stem, words


def test_fold_maps_danish_letters_like_people_type_them() -> None:
    assert fold("årsaftale") == fold("aarsaftale") == "aarsaftale"
    assert fold("sygefravær") == "sygefravaer"
    assert fold("fælles") == "faelles"
    assert fold("café") == "cafe"


def test_fold_text_drops_punctuation_and_case() -> None:
    assert fold_text("Hvad er KERNEOPGAVEN?!") == "hvad er kerneopgaven"
    assert fold_text("  Årsaftalerne…  ") == "aarsaftalerne"


def test_words_keep_danish_decimal_comma_as_one_number() -> None:
    assert words("13,5 dagsværk pr. årsværk") == ["13.5", "dagsværk", "pr", "årsværk"]


def test_words_ignore_control_characters_and_emoji() -> None:
    assert words("hej\x00\x07 🤖 med\u200b dig") == ["hej", "med", "dig"]


@pytest.mark.parametrize(
    ("inflected", "base"),
    [("årsaftalerne", "årsaftaler"), ("aarsaftalerne", "årsaftale"), ("målene", "mål"),
     ("enhederne", "enheder"), ("goals", "goal"), ("agreements", "agreement")],
)
def test_stem_joins_inflections(inflected: str, base: str) -> None:
    assert stem(inflected) == stem(base)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("hvad er kerneopgaven?", "da"), ("hvad er maalet for sygefravaer", "da"),
     ("what is the kerneopgave?", "en"), ("What does RC mean", "en"),
     ("fælles mål", "da"), ("how many units", "en")],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_detect_language_falls_back_to_hint_then_default() -> None:
    assert detect_language("RK", "en-US") == "en"
    assert detect_language("RK", None) == "da"
