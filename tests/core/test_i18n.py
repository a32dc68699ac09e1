"""The text catalogue: every text in both languages with the same placeholders, numbers,
dates and lists written as each language writes them, and problems named by file and key."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from strategibot.core.i18n import I18n, load_i18n
from strategibot.errors import DialogScriptError

DIALOGS = Path(__file__).resolve().parents[2] / "dialogs"


def test_numbers_dates_and_lists(i18n: I18n) -> None:
    assert (i18n.number(12.8, "da"), i18n.number(12.8, "en")) == ("12,8", "12.8")
    assert i18n.number(14.0, "da") == "14"
    assert i18n.number(2 / 3 * 100, "da", 0) == "67"
    assert i18n.date(dt.date(2019, 1, 15), "da") == "15. januar 2019"
    assert i18n.date(dt.date(2019, 1, 15), "en") == "15 January 2019"
    assert i18n.date(dt.date(2019, 3, 1), "da", "short") == "01.03.2019"
    assert i18n.date(dt.date(2019, 3, 1), "en", "short") == "2019-03-01"
    assert i18n.join(["A", "B", "C"], "da") == "A, B og C"
    assert i18n.join(["A", "B"], "en") == "A and B"
    assert i18n.week(2026, 48, "da") == "uge 48, 2026"
    assert i18n.month_year(2026, 11, "en") == "November 2026"


def test_command_words_come_from_the_catalogue(i18n: I18n) -> None:
    assert (i18n.command("checkin", "da"), i18n.command("checkin", "en")) == (
        "indrapporter", "check in")
    assert (i18n.command("undo", "da"), i18n.command("undo", "en")) == ("fortryd", "undo")


def test_every_text_has_both_languages_and_the_same_placeholders(i18n: I18n) -> None:
    import string

    def names(text: str) -> set[str]:
        return {n for _, n, _, _ in string.Formatter().parse(text) if n}

    for key, by_lang in i18n.texts.items():
        assert set(by_lang) == {"da", "en"}, key
        assert names(by_lang["da"]) == names(by_lang["en"]), key


def test_a_broken_dialogs_folder_names_file_key_and_language(tmp_path: Path) -> None:
    folder = tmp_path / "dialogs"
    shutil.copytree(DIALOGS, folder)
    texts = (folder / "texts.yaml").read_text(encoding="utf-8")
    texts = texts.replace("  thanks:\n    da: Det var så lidt.",
                          "  thanks:\n    dk: Det var så lidt.")
    texts = texts.replace("Hej! Hvad vil du gerne vide", "Hej {navn}! Hvad vil du gerne vide")
    (folder / "texts.yaml").write_text(texts, encoding="utf-8")
    (folder / "formats.yaml").write_text("months: [januar]\n", encoding="utf-8")
    with pytest.raises(DialogScriptError) as caught:
        load_i18n(folder)
    problems = [str(p) for p in caught.value.problems]
    assert "dialogs/texts.yaml: entry 'bot.thanks': field 'da': missing translation 'da'" \
        in problems
    assert "dialogs/texts.yaml: entry 'bot.thanks': unknown language(s): dk" in problems
    assert any(p.startswith("dialogs/texts.yaml: entry 'bot.greeting': da and en have "
                            "different placeholders") for p in problems)
    assert any(p.startswith("dialogs/formats.yaml: field 'months'") for p in problems)
