"""A question for what one page of the strategy holds, read by the words of
``dialogs/commands.yaml`` (``pages``): "hvad står der på side 8?", "side fem", "og side 9?",
"forsiden", "what's on the last page?"."""

from __future__ import annotations

from rapidfuzz.distance import OSA

from strategibot.core.i18n import PageWords
from strategibot.domain.normalise import fold_text

SLIPPED_LEAD = 5
"""A page asked with at most this many words before it, each a word of the lead-ins or one
slip from one ("hvad *sttar* der pa side 3")."""


def _folded(words: object) -> tuple[str, ...]:
    """Both languages of a word list, folded, the longest first (so "hvad står der på den"
    is taken whole before "hvad står der på")."""
    found = {fold_text(w) for lang in ("da", "en") for w in getattr(words, lang, ())}
    return tuple(sorted((w for w in found if w), key=len, reverse=True))


class PageQuestions:
    """Which page a message asks about, or None: the whole message is a lead-in (or none),
    a page and perhaps a closing "om"/"about"."""

    def __init__(self, words: PageWords | None, pages: int) -> None:
        self.pages = pages
        self.asks = _folded(words.asks) if words else ()
        self.word = _folded(words.word) if words else ()
        self.tails = _folded(words.tails) if words else ()
        self.front = _folded(words.front) if words else ()
        self.last = _folded(words.last) if words else ()
        self.numbers = {fold_text(w): n for w, n in words.numbers.items()} if words else {}
        self.next = _folded(words.next) if words and words.next else ()
        self.previous = _folded(words.previous) if words and words.previous else ()
        self.ask_words = frozenset(w for phrase in self.asks for w in phrase.split())

    def page(self, text: str, shown: int | None = None) -> int | None:
        """The page asked about; ``shown``: the page just shown, for "og næste side?"."""
        found = self._page(text)
        if found is not None or shown is None:
            return found
        folded = fold_text(text)
        rest = self._after(folded, self.asks) or folded
        if rest in self.next or folded in self.next:
            return shown + 1
        if rest in self.previous or folded in self.previous:
            return shown - 1
        return None

    def _page(self, text: str) -> int | None:
        folded = fold_text(text)
        if not folded or not self.word:
            return None
        whole = self._after(folded, self.asks) or folded
        if whole in self.front:  # ("what is on the cover": no "… page 5 *cover*" tail)
            return 1
        for tail in self.tails:
            if folded.endswith(f" {tail}"):
                folded = folded[: -len(tail) - 1]
                break
        rest = self._after(folded, self.asks) or folded
        if rest in self.front:
            return 1
        if rest in self.last:
            return self.pages
        after = self._after(rest, self.word)
        if after is None:
            after = self._slipped(rest)
        if after is None or " " in after:
            return None
        if after.isdigit() and len(after) <= 3:
            return int(after)
        return self.numbers.get(after)

    def _slipped(self, text: str) -> str | None:
        """What follows the page word when the words before it are a lead-in with a slip
        ("hvad sttar der pa side 3": "3"); None otherwise."""
        said = text.split()
        at = next((n for n, w in enumerate(said) if w in self.word), None)
        if not at or at > SLIPPED_LEAD or at != len(said) - 2:
            return None
        if not all(w in self.ask_words or (len(w) >= 4 and any(
                OSA.distance(w, known) <= 1 for known in self.ask_words)) for w in said[:at]):
            return None
        return said[-1]

    @staticmethod
    def _after(text: str, leads: tuple[str, ...]) -> str | None:
        """What follows the first of ``leads`` that ``text`` starts with (a whole word)."""
        for lead in leads:
            if text.startswith(f"{lead} "):
                return text[len(lead) + 1:]
        return None
