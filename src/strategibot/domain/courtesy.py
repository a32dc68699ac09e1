"""Thanks and goodbyes said in more words than a listed phrase ("thank you, that was
helpful", "bye bye, have a nice weekend", "super, tak for snakken"): the words of the thanks
and goodbye phrases of ``dialogs/texts.yaml`` (intents ``thanks``, ``bye``) only, one of the
phrases among them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from strategibot.domain.normalise import fold_text

__all__ = ["Courtesy"]

_INTENTS = ("bye", "thanks")
"""…a goodbye first: "tak og farvel", "thank you very much, bye" take leave"""


class Courtesy:
    """The thanks and goodbye phrases of each language, and the words they are made of."""

    def __init__(self, intents: Mapping[str, Mapping[str, Iterable[str]]]) -> None:
        self._phrases = {(intent, lang): tuple(f" {fold_text(p)} " for p in said)
                         for intent in _INTENTS
                         for lang, said in intents.get(intent, {}).items()}
        self._words: dict[str, frozenset[str]] = {}
        for (_intent, lang), said in self._phrases.items():
            self._words[lang] = self._words.get(lang, frozenset()).union(
                w for p in said for w in p.split())

    def intent(self, folded: str) -> tuple[str, str] | None:
        """(intent, language) of a (folded) message made of thanks and goodbye words only,
        with a whole phrase among them; None for anything else ("thanks for the help with X"
        asks more)."""
        said = folded.split()
        padded = f" {' '.join(said)} "
        for intent in _INTENTS:
            for lang, known in self._words.items():
                if said and all(w in known for w in said) and any(
                        phrase in padded for phrase in self._phrases.get((intent, lang), ())):
                    return intent, lang
        return None
