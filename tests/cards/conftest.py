"""Fixtures of the card tests: every sample is rendered once per session, and every test that
takes ``card_sample`` or ``reply_sample`` runs over all of them (tests/support/cards.py)."""

from __future__ import annotations

from typing import Any

import pytest

from strategibot.services.content import Content
from tests.support.cards import CARD_SAMPLES, REPLY_SAMPLES


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise every test that takes ``card_sample`` or ``reply_sample``."""
    if "card_sample" in metafunc.fixturenames:
        metafunc.parametrize("card_sample", CARD_SAMPLES, ids=[s.name for s in CARD_SAMPLES])
    if "reply_sample" in metafunc.fixturenames:
        metafunc.parametrize("reply_sample", REPLY_SAMPLES, ids=[s.name for s in REPLY_SAMPLES])


@pytest.fixture(scope="session")
def rendered_cards(content: Content) -> dict[str, dict[str, Any]]:
    """Every card sample, rendered once per session."""
    return {sample.name: sample.make(content) for sample in CARD_SAMPLES}
