"""Which message is a command ("indrapporter", "fortryd 17", "abonnér ugentlig fredag 14") or
asks for live progress, by the words in ``dialogs/commands.yaml``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from rapidfuzz import fuzz

from strategibot.core.i18n import I18n
from strategibot.domain.courtesy import Courtesy
from strategibot.domain.normalise import fold_text, skeleton

__all__ = ["Commands", "SmallTalk", "looks_like_question"]



def looks_like_question(text: str, question_words: frozenset[str]) -> bool:
    """A question: it ends with "?" or starts with a question word and has three words or
    more ("hvad er kerneopgaven", "how does RC work")."""
    stripped = text.strip()
    if stripped.endswith("?"):
        return True
    folded = fold_text(stripped).split()
    return len(folded) >= 3 and folded[0] in question_words


@dataclass(frozen=True, slots=True)
class SmallTalk:
    """Greetings, requests for help and thanks (``dialogs/texts.yaml``: intents), matched on
    the whole message; small typos are tolerated."""

    phrases: Mapping[str, tuple[str, str]]
    """folded phrase → (intent, language)"""
    courtesy: Courtesy = dataclass_field(default_factory=lambda: Courtesy({}))
    """thanks in more words than a phrase ("thank you, that was helpful", "ok bye")"""

    def match(self, text: str) -> tuple[str, str] | None:
        """(intent, language) of a greeting, "hjælp"/"help" or thanks; None otherwise."""
        folded = " ".join(fold_text(text).replace("strategibot", " ").split())
        if not folded or len(folded) > 40:
            return None
        exact = self.phrases.get(folded)
        if exact is not None:
            return exact
        for phrase, found in self.phrases.items():
            if len(phrase) >= 5 and fuzz.ratio(folded, phrase) >= 88:
                return found
        return self.courtesy.intent(folded)

    @classmethod
    def from_i18n(cls, i18n: I18n) -> SmallTalk:
        phrases: dict[str, tuple[str, str]] = {}
        for intent, by_lang in i18n.intents.items():
            if intent in ("lead_in", "name_them", "count_them", "about_words", "about_seeing",
                          "about_asking"):
                continue  # ("nej jeg mente …" leads into a question; "nej" alone is an answer)
            for lang, words in by_lang.items():
                for phrase in words:
                    phrases.setdefault(fold_text(phrase), (intent, lang))
        return cls(phrases, Courtesy(i18n.intents))


_WISH = re.compile(r"(?:jeg vil gerne se|jeg vil gerne vide|jeg vil se|jeg vil vide|jeg vil gerne "
                   r"lige se|kan du vise mig|i'd like to see|i would like to see|i want to see|"
                   r"i d like to see)\b", re.IGNORECASE)
"""A wish to see something before the command that shows it (folded)."""
_BEFORE = frozenset(("tidligere", "hidtil", "previously", "before", "so", "far"))
"""Words of when, in a wish to see what was reported ("hvad vi *tidligere* har …")."""
_AGAIN = frozenset(("igen", "nu", "lige", "again", "now"))


@dataclass(frozen=True, slots=True)
class Commands:
    whole: Mapping[str, tuple[tuple[str, str], ...]]
    """command → (folded phrase, language) pairs."""
    with_argument: Mapping[str, tuple[tuple[str, str], ...]]
    progress_phrases: tuple[str, ...]
    leading: frozenset[str] = frozenset()
    """one-word greetings and acknowledgements ("hej", "ok") said before a command with an
    argument ("Hej. Jeg vil gerne indrapportere for …"; ``texts.yaml`` intents)"""

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
        # every command's exact phrases before any near one ("unsubscribe" is 90 % like
        # "subscribe", and was read as it)
        plain = skeleton(folded)  # ("arsvaerk 16": "årsværk" without its å, æ)
        for name, phrases in self.whole.items():
            langs = {lang for phrase, lang in phrases
                     if folded == phrase or plain == skeleton(phrase)}
            if langs:
                return name, None, langs.pop() if len(langs) == 1 else None
        for name, phrases in self.whole.items():
            langs = {lang for phrase, lang in phrases
                     if len(phrase) >= 8 and fuzz.ratio(folded, phrase) >= 90}
            if langs:
                return name, None, langs.pop() if len(langs) == 1 else None
        said = text.split()
        while said and fold_text(said[0]) in self.leading:  # "Hej. Jeg vil gerne …"
            said = said[1:]
        folded = fold_text(" ".join(said))
        # "Jeg vil gerne indrapportere igen, der er sket lidt siden.": a command of three
        # words or more, then "igen" or a remark after a comma or a dash (it was answered
        # from the strategy)
        clause = re.match(r"[^,.;:!?–—-]+", " ".join(said))
        head = fold_text(clause.group()) if clause else ""
        head = " ".join(w for w in head.split() if w not in _AGAIN)
        if clause and (clause.end() < len(" ".join(said)) or head != fold_text(clause.group())):
            for name, phrases in self.whole.items():
                langs = {lang for phrase, lang in phrases if head == phrase
                         and len(phrase.split()) >= 3}
                if langs:
                    return name, None, langs.pop() if len(langs) == 1 else None
        # "Jeg vil gerne se, hvad vi tidligere har indrapporteret for …": the command after
        # a wish to see, without "tidligere" (it was the centre's progress)
        wish = _WISH.match(folded)
        if wish is not None:
            said = said[len(wish.group().split()):]
            said = [w for w in said if fold_text(w) not in _BEFORE]
            folded = fold_text(" ".join(said))
        plain = skeleton(folded)
        for name, words in self.with_argument.items():
            for word, lang in sorted(words, key=lambda w: len(w[0]), reverse=True):
                if folded.startswith(word + " ") or plain.startswith(skeleton(word) + " "):
                    argument = " ".join(said[len(word.split()):]).strip(" :#!")
                    if len(argument.split()) > 1:  # (not "kom.", a name clipped)
                        argument = argument.rstrip(".")
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
        leading = frozenset(folded for intent in ("greeting", "ack")
                            for said in i18n.intents.get(intent, {}).values() for phrase in said
                            if " " not in (folded := fold_text(phrase)))
        return cls(whole, with_argument, phrases, leading)
