"""Thanks and goodbyes said in more words than a listed phrase ("thank you, that was
helpful", "ok bye", "tak, det var godt"): the words of the thanks phrases of
``dialogs/texts.yaml`` (intents: thanks) only, one of the phrases among them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from strategibot.domain.normalise import fold_text

__all__ = ["Courtesy"]


class Courtesy:
    """The thanks phrases of each language, and the words they are made of."""

    def __init__(self, phrases: Mapping[str, Iterable[str]]) -> None:
        self._phrases = {lang: tuple(f" {fold_text(p)} " for p in said)
                         for lang, said in phrases.items()}
        self._words = {lang: frozenset(w for p in said for w in p.split())
                       for lang, said in self._phrases.items()}

    def language(self, folded: str) -> str | None:
        """The language of a (folded) message made of thanks words only, with a whole thanks
        phrase among them; None for anything else ("thanks for the help with X" asks more)."""
        said = folded.split()
        padded = f" {' '.join(said)} "
        for lang, known in self._words.items():
            if said and all(w in known for w in said) and any(
                    phrase in padded for phrase in self._phrases[lang]):
                return lang
        return None
