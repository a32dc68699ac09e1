"""Which message is a command, in which language, with which argument — and which asks for
live progress (dialogs/commands.yaml)."""

from __future__ import annotations

import pytest

from strategibot.conversation.intents import Commands
from strategibot.core.i18n import I18n


@pytest.fixture(scope="module")
def commands(i18n: I18n) -> Commands:
    return Commands.from_i18n(i18n)


@pytest.mark.parametrize(("text", "command", "lang"), [
    ("indrapporter", ("checkin", None), "da"),
    ("Indrapportér!", ("checkin", None), "da"),
    ("check in", ("checkin", None), "en"),
    ("indrapporter CPKS-01", ("checkin", "CPKS-01"), "da"),
    ("fortryd 17", ("undo", "17"), "da"),
    ("undo #17", ("undo", "17"), "en"),
    ("mine indrapporteringer", ("history", None), "da"),
    ("my check-ins", ("history", None), "en"),
    ("fremdrift", ("progress", None), "da"),
    ("abonnér ugentlig fredag 14", ("subscribe", "ugentlig fredag 14"), "da"),
    ("afmeld", ("unsubscribe", None), "da"),
    ("abonnementer", ("subscriptions", None), "da"),
    ("stop påmindelser", ("stop_reminders", None), "da"),
    ("stop paamindelser", ("stop_reminders", None), "da"),
    ("hvilke enheder mangler at indrapportere", ("missing", None), "da"),
])
def test_commands(commands: Commands, text: str, command: tuple[str, str | None],
                  lang: str) -> None:
    assert commands.match(text) == command
    assert commands.language(text) == lang


def test_small_typos_in_long_commands_are_tolerated(commands: Commands) -> None:
    assert commands.match("mine indraporteringer") == ("history", None)
    assert commands.match("indrapportr") == ("checkin", None)
    assert commands.match("afmedl") is None  # a short word must be exact: too easily another


@pytest.mark.parametrize("text", [
    "hvad er kerneopgaven?", "sygefravær 12,8", "", "hvad er en indrapportering",
])
def test_questions_and_one_liners_are_not_commands(commands: Commands, text: str) -> None:
    assert commands.match(text) is None


@pytest.mark.parametrize(("text", "asks"), [
    ("hvordan går det med sygefraværet?", True),
    ("how many units have done relational coordination?", True),
    ("status på digitaliseringsmålene", True),
    ("hvad er målet for sygefravær?", False),
])
def test_progress_questions(commands: Commands, text: str, asks: bool) -> None:
    assert commands.asks_progress(text) is asks
