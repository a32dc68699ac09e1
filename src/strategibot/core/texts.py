"""The bot's own texts and small-talk intents, loaded from ``dialogs/texts.yaml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from strategibot.core.yamlfiles import load_yaml
from strategibot.errors import DialogScriptError

__all__ = ["Texts", "load_texts"]


@dataclass(frozen=True, slots=True)
class Texts:
    """Texts by key and language, and intent phrases by intent and language."""

    texts: Mapping[str, Mapping[str, str]]
    intents: Mapping[str, Mapping[str, tuple[str, ...]]]

    def get(self, key: str, lang: str, **values: Any) -> str:
        """The text ``key`` in ``lang`` (Danish if ``lang`` is unknown), formatted with values."""
        by_lang = self.texts[key]
        text = by_lang.get(lang) or by_lang["da"]
        return text.format(**values) if values else text


def load_texts(path: Path) -> Texts:
    """Load and check ``texts.yaml``: every text in both languages."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DialogScriptError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("texts"), dict):
        raise DialogScriptError(f"{path}: expected a mapping with 'texts'")
    texts: dict[str, dict[str, str]] = {}
    for key, by_lang in data["texts"].items():
        if not isinstance(by_lang, dict) or not all(
            isinstance(by_lang.get(lang), str) and by_lang[lang].strip() for lang in ("da", "en")
        ):
            raise DialogScriptError(f"{path}: text '{key}' needs 'da' and 'en'")
        texts[str(key)] = {"da": by_lang["da"].strip(), "en": by_lang["en"].strip()}
    intents: dict[str, dict[str, tuple[str, ...]]] = {}
    for name, by_lang in (data.get("intents") or {}).items():
        if not isinstance(by_lang, dict):
            raise DialogScriptError(f"{path}: intent '{name}' needs 'da' and 'en' lists")
        intents[str(name)] = {
            lang: tuple(str(p) for p in by_lang.get(lang) or ()) for lang in ("da", "en")
        }
    return Texts(texts=texts, intents=intents)
