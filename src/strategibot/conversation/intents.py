"""Which message is a command ("indrapporter", "fortryd 17", "abonnér ugentlig fredag 14") or
asks for live progress, by the words in ``dialogs/commands.yaml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from strategibot.core.i18n import I18n
from strategibot.domain.normalise import fold_text

__all__ = ["Commands"]


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

    @classmethod
    def from_i18n(cls, i18n: I18n) -> Commands:
        """The commands of the catalogue's ``commands.yaml``."""
        data = i18n.commands_file
        if data is None:
            raise ValueError("the catalogue has no command words")
        whole = {name: tuple((fold_text(p), lang) for lang in ("da", "en")
                             for p in getattr(words, lang))
                 for name, words in data.commands.items()}
        with_argument = {name: tuple((fold_text(w), lang) for lang in ("da", "en")
                                     for w in getattr(words, lang))
                         for name, words in data.with_argument.items()}
        phrases = tuple(fold_text(p) for lang in ("da", "en")
                        for p in getattr(data.progress_phrases, lang))
        return cls(whole, with_argument, phrases)
