"""The engine's replies: an entry, a quoted passage, a partial answer, a reply in parts,
"did you mean …?", "I don't know", help. Every text comes from the catalogue (``bot.*``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from strategibot.core.i18n import I18n
from strategibot.domain.knowledge.load import Entry, KnowledgeBase, Passage
from strategibot.domain.messages import Action, Outcome, Reply, Source

__all__ = ["Gap", "Replies", "page_list"]


def page_list(pages: Sequence[int]) -> str:
    """"7" or "7–10" or "3, 5" — consecutive pages as a range."""
    ordered = sorted(set(pages))
    if len(ordered) > 1 and ordered[-1] - ordered[0] == len(ordered) - 1:
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(str(p) for p in ordered)


@dataclass(frozen=True, slots=True)
class Gap:
    """What a near miss asks for that the document does not state."""

    kind: str
    """``when``, ``number``, ``year`` or ``words``"""
    detail: str = ""
    """the years or the question's own words that the document does not have"""

_DECIMAL = re.compile(r"\d+[.,]\d+")
"""A decimal figure ("15.9", "15,9")."""
_BEARING_LEAD = re.compile(r"^[^\W\d_]+:\s+(?=\S)")
"""The kind before a member's name in its title ("Pejlemærke: Udsyn", "Goal: …"; not
"Tema 1: …", whose number is part of the name)."""


class Replies:
    """Builds the :class:`Reply` of each kind of answer."""

    MAX_TOPIC_ACTIONS = 8

    def __init__(self, kb: KnowledgeBase, i18n: I18n) -> None:
        self.kb = kb
        self.i18n = i18n

    def text(self, key: str, lang: str, **values: object) -> str:
        return self.i18n.text(f"bot.{key}", lang, **values)

    def source_label(self, pages: Sequence[int], lang: str) -> str:
        document = self.kb.strategy.document.get(lang)
        key = "source_many" if len(set(pages)) > 1 else "source"
        return self.text(key, lang, document=document, pages=page_list(pages))

    def where(self, pages: Sequence[int], lang: str) -> str:
        """"s. 5" / "p. 5" / "pp. 5–6"."""
        key = "page_many" if len(set(pages)) > 1 else "page"
        return self.text(key, lang, pages=page_list(pages))

    def source(self, pages: Sequence[int], lang: str) -> Source:
        return Source(self.kb.strategy.document.get(lang), tuple(sorted(set(pages))))

    @staticmethod
    def ask_action(entry: Entry, lang: str) -> Action:
        """A button that asks ``entry``'s first question."""
        question = entry.questions[lang][0]
        return Action(title=question, value=question)

    def _related(self, entry: Entry | None, lang: str) -> tuple[Action, ...]:
        return (self.ask_action(entry, lang),) if entry is not None else ()

    @staticmethod
    def quote(passages: Sequence[Passage]) -> str:
        return " ".join(p.text for p in passages)

    def translation(self, passages: Sequence[Passage], lang: str) -> str:
        """After an English reply's Danish quote, the passages' English translation (the
        glosses: an English reader could not read the quote; "" in Danish, or without)."""
        if lang == "da" or not passages or not all(p.gloss for p in passages):
            return ""
        return " " + self.text("quote_translation", lang,
                               translation=" ".join(p.gloss for p in passages))

    @staticmethod
    def pages_of(passages: Sequence[Passage]) -> list[int]:
        return sorted({page for p in passages for page in p.pages})

    # ------------------------------------------------------------------ answers
    def entry(self, entry: Entry, lang: str, quote: Sequence[Passage] = ()) -> Reply:
        """An entry's answer; ``quote``: the document's own words beneath it, when they say
        what the question asks and the answer does not."""
        related = [self.kb.entries[r] for r in entry.related[:3] if r in self.kb.entries]
        text = entry.answer[lang]
        pages = list(entry.source_pages)
        if quote:
            quoted = self.pages_of(quote)
            text += "\n\n" + self.text("quote", lang, where=self.where(quoted, lang),
                                        quote=self.quote(quote)) + self.translation(quote, lang)
            pages = sorted(set(pages) | set(quoted))
        return Reply(
            lang=lang, title=entry.title[lang], text=text,
            source=self.source(pages, lang), source_label=self.source_label(pages, lang),
            prompt=self.text("related", lang) if related else None,
            actions=tuple(self.ask_action(r, lang) for r in related),
            outcome=Outcome.ANSWER, entry_id=entry.id,
        )

    def members(self, group: Entry, members: Sequence[Entry], lang: str,
                noun: str = "") -> Reply:
        """How many a group has, with their names ("Der er 5: Udsyn, …"), from its entry."""
        names = [_BEARING_LEAD.sub("", m.title[lang]) for m in members]
        pages = sorted({p for m in (group, *members) for p in m.source_pages})
        return Reply(
            lang=lang, title=group.title[lang],
            text=self.text("members_count_of" if noun else "members_count", lang,
                           count=len(members), noun=noun, names=self.i18n.join(names, lang)),
            source=self.source(pages, lang), source_label=self.source_label(pages, lang),
            actions=tuple(self.ask_action(m, lang) for m in members[:6]),
            outcome=Outcome.ANSWER, entry_id=group.id)

    def passage(self, passages: Sequence[Passage], related: Entry | None, lang: str) -> Reply:
        """"Strategien skriver (s. 5): „…“", with a button to the entry that explains it."""
        pages = self.pages_of(passages)
        actions = self._related(related, lang)
        return Reply(
            lang=lang, title=passages[0].section[lang],
            text=self.text("quote", lang, where=self.where(pages, lang),
                           quote=self.quote(passages)) + self.translation(passages, lang),
            source=self.source(pages, lang), source_label=self.source_label(pages, lang),
            prompt=self.text("read_more", lang) if actions else None, actions=actions,
            outcome=Outcome.ANSWER,
        )

    def gap_text(self, gap: Gap, lang: str) -> str:
        """What the document does not say ("Strategien nævner ikke, hvornår det sker."); a
        decimal figure with the language's mark ("nævner ikke „15,9“": it said „15.9“)."""
        detail = gap.detail
        if _DECIMAL.fullmatch(detail):
            detail = detail.replace(".", ",") if lang == "da" else detail.replace(",", ".")
        return self.text(f"gap_{gap.kind}", lang, detail=detail)

    def partial(self, gap: Gap, passages: Sequence[Passage], related: Entry | None,
                lang: str) -> Reply:
        """A near miss: first what the document does not say, then what it does say."""
        actions = self._related(related, lang)
        if passages:
            pages = self.pages_of(passages)
            says = self.text("gap_says", lang, where=self.where(pages, lang),
                             quote=self.quote(passages)) + self.translation(passages, lang)
        elif related is not None:
            pages = list(related.source_pages)
            answer = related.answer[lang]
            # (an answer that leads in itself, „Dokumentet nævner disse ledelsesfora …:“,
            # needs no „Det, den nævner, er:“ before it)
            first = answer.split("\n", 1)[0].rstrip()
            says = answer if first.endswith(":") else \
                self.text("gap_says_entry", lang) + "\n" + answer
        else:
            pages = []
            says = ""
        return Reply(
            lang=lang, text=(self.gap_text(gap, lang) + " " + says).strip(),
            source=self.source(pages, lang) if pages else None,
            source_label=self.source_label(pages, lang) if pages else None,
            prompt=self.text("read_more", lang) if actions else None, actions=actions,
            outcome=Outcome.UNKNOWN,
        )

    def parts(self, parts: Sequence[tuple[str, Reply]], lang: str) -> Reply:
        """One reply that answers a question part by part, each part with its page."""
        blocks: list[str] = []
        pages: set[int] = set()
        actions: list[Action] = []
        for question, reply in parts:
            block = [f"**{question}**"]
            if reply.outcome is Outcome.ANSWER or reply.source is not None:
                block.append(reply.text)  # an answer, a quote or a partial answer
            else:
                block.append(self.text("part_none", lang))
            if reply.source is not None:
                pages.update(reply.source.pages)
                block.append(f"({reply.source_label})")
            blocks.append("\n".join(block))
            for action in reply.actions[:1]:
                if all(action.value != a.value for a in actions):
                    actions.append(action)
        ordered = sorted(pages)
        return Reply(
            lang=lang, text="\n\n".join(blocks),
            source=self.source(ordered, lang) if ordered else None,
            prompt=self.text("related", lang) if actions else None, actions=tuple(actions),
            outcome=Outcome.ANSWER,
        )

    # ------------------------------------------------------------------ the rest
    def clarify(self, entries: Sequence[Entry], lang: str) -> Reply:
        return Reply(lang=lang, text=self.text("clarify", lang),
                     actions=tuple(self.ask_action(e, lang) for e in entries),
                     outcome=Outcome.CLARIFY)

    def topic_actions(self, lang: str) -> tuple[Action, ...]:
        actions = []
        for topic in self.kb.strategy.topics:
            entry = self.kb.entries[topic.entry]
            label = topic.en if lang == "en" else topic.da
            actions.append(Action(title=label, value=entry.questions[lang][0]))
        return tuple(actions)

    def unknown(self, near: Sequence[Entry], lang: str) -> Reply:
        """"I don't know" with the nearest entries (if any come close) and the main topics."""
        actions = [self.ask_action(e, lang) for e in near]
        for action in self.topic_actions(lang):
            if len(actions) >= self.MAX_TOPIC_ACTIONS:
                break
            if all(action.value != a.value for a in actions):
                actions.append(action)
        return Reply(lang=lang, text=self.text("unknown", lang),
                     prompt=self.text("topics", lang), actions=tuple(actions),
                     outcome=Outcome.UNKNOWN)

    def help(self, lang: str) -> Reply:
        return Reply(lang=lang,
                     text=self.text("intro", lang) + "\n\n" + self.text("help", lang),
                     prompt=self.text("topics", lang), actions=self.topic_actions(lang),
                     outcome=Outcome.HELP)

    def plain(self, key: str, outcome: Outcome, lang: str) -> Reply:
        return Reply(lang=lang, text=self.text(key, lang), outcome=outcome)
