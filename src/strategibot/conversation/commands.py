"""The bot's command words and progress texts (``dialogs/commands.yaml``,
``dialogs/progress.yaml``): which message is a command, and how progress is told."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from strategibot.core.yamlfiles import load_yaml
from strategibot.domain.normalise import fold_text
from strategibot.errors import DialogScriptError

__all__ = ["Commands", "ProgressTexts", "load_commands", "load_progress_texts"]


@dataclass(frozen=True, slots=True)
class Commands:
    whole: Mapping[str, tuple[tuple[str, str], ...]]
    """command → (folded phrase, language) pairs."""
    with_argument: Mapping[str, tuple[tuple[str, str], ...]]
    progress_phrases: tuple[str, ...]

    def language(self, text: str) -> str | None:
        """The language of the command phrase ``text`` uses, if only one language has it."""
        found = self._match(text)
        return found[2] if found else None

    def match(self, text: str) -> tuple[str, str | None] | None:
        """(command, argument) if ``text`` is a command, else None."""
        found = self._match(text)
        return (found[0], found[1]) if found else None

    def _match(self, text: str) -> tuple[str, str | None, str | None] | None:
        folded = fold_text(text)
        if not folded:
            return None
        for name, phrases in self.whole.items():
            langs = {lang for phrase, lang in phrases if folded == phrase}
            if not langs:
                langs = {lang for phrase, lang in phrases
                         if len(phrase) >= 8 and fuzz.ratio(folded, phrase) >= 90}
            if langs:
                return name, None, langs.pop() if len(langs) == 1 else None
        for name, words in self.with_argument.items():
            for word, lang in sorted(words, key=lambda w: len(w[0]), reverse=True):
                if folded.startswith(word + " "):
                    argument = " ".join(text.split()[len(word.split()):]).strip(" :#")
                    if argument:
                        return name, argument, lang
        return None

    def asks_progress(self, text: str) -> bool:
        folded = f" {fold_text(text)} "
        return any(f" {phrase} " in folded for phrase in self.progress_phrases)


@dataclass(frozen=True, slots=True)
class ProgressTexts:
    data: Mapping[str, Any]

    def get(self, *path: str, lang: str, **values: Any) -> str:
        node: Any = self.data
        for key in path:
            node = node[key]
        text = node.get(lang) or node["da"]
        return str(text).format(**values) if values else str(text)


def _yaml(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DialogScriptError(f"{path}: {exc}") from exc


def load_commands(path: Path) -> Commands:
    data = _yaml(path)
    try:
        whole = {name: tuple((fold_text(p), lang) for lang in ("da", "en") for p in by_lang[lang])
                 for name, by_lang in data["commands"].items()}
        with_argument = {name: tuple((fold_text(w), lang) for lang in ("da", "en")
                                     for w in by_lang[lang])
                         for name, by_lang in data["with_argument"].items()}
        phrases = tuple(fold_text(p) for lang in ("da", "en")
                        for p in data["progress_phrases"][lang])
    except (KeyError, TypeError) as exc:
        raise DialogScriptError(f"{path}: missing or malformed {exc}") from exc
    return Commands(whole, with_argument, phrases)


def load_progress_texts(path: Path) -> ProgressTexts:
    data = _yaml(path)
    if not isinstance(data, dict):
        raise DialogScriptError(f"{path}: expected a mapping")
    return ProgressTexts(data)
