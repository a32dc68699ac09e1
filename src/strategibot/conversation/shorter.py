"""An answer said shorter ("kortere tak", "i korte træk", "in one sentence", "simpler"): its
first sentence or two, or the sentence that leads into its list or quote with that list or
quote; what stands beneath it (a quote of the document, related questions) is left out. All
of it is the answer's own words, never a paraphrase the document does not make."""

from __future__ import annotations

import dataclasses
import re

from strategibot.domain.messages import Reply

__all__ = ["shortened"]

_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?]\*\*)|(?<=[.!?][“\"])|(?<=[.!?][“\"]\*\*))\s+(?=[*„“\"(A-ZÆØÅ0-9])")
"""…after a full stop, in bold or a quote or not ("**Tema 2: … arbejdskultur.** Omdrejnings…")"""
_NO_END = re.compile(r"(?:\b\w{1,3}|\d)\.$")
"""…not after an abbreviation or a number: "Pr. 1. juni 2018", "bl.a.", "s. 8"."""


def _sentences(text: str) -> list[str]:
    pieces = _SENTENCE_END.split(text)
    joined: list[str] = []
    for piece in pieces:
        if joined and _NO_END.search(joined[-1]):
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    return joined
SHORT = 160
"""A first sentence shorter than this (characters) is followed by the next one."""


def shortened(reply: Reply, *, one: bool = False) -> Reply:
    """``reply`` said shorter (see the module); ``one``: in one sentence ("i én sætning")."""
    blocks = reply.text.strip().split("\n\n")
    if _HEADING.match(blocks[0].split("\n", 1)[0]):
        # an answer part by part ("**Tema 2**", its answer; "**Tema 3**", …): each part so
        parts = [(lines[0], "\n".join(lines[1:])) for block in blocks
                 if _HEADING.match((lines := block.split("\n"))[0])]
        return _as(reply, "\n\n".join(
            f"{heading}\n{_short_text(dataclasses.replace(reply, text=body), one)}"
            if body.strip() else heading for heading, body in parts))
    return _as(reply, _short_text(reply, one), keep_lines=True)


_HEADING = re.compile(r"^\*\*[^*]+\*\*$")


def _short_text(reply: Reply, one: bool) -> str:
    paragraph = reply.text.strip().split("\n\n", 1)[0]
    lines = [line for line in paragraph.split("\n") if line.strip()]
    head, rest = lines[0].strip(), lines[1:]
    sentences = _sentences(head)
    if head.endswith(":") and not rest and reply.lines:
        return sentences[-1]  # (a list the reply holds as lines beneath its text, kept)
    if head.endswith(":") and rest:
        # "De fem pejlemærker er:" and the list; "… for alle ansatte:" and the quote
        lead = sentences[-1]
        listed = [line for line in rest if line.lstrip().startswith("- ")]
        return "\n".join([lead, *(listed if listed and rest[0].lstrip().startswith("- ")
                                  else rest[:1])])
    short = sentences[0]
    quoted = next((s for s in sentences[1:] if "„" in s or "“" in s), None)
    if not one and quoted is not None and "„" not in short and "“" not in short:
        # the document's own words the answer quotes (a goal: „… faldet til 13,5 …“) stay
        # (the short sick-leave goal kept its baseline and lost the target)
        return f"{short} {quoted}"
    if not one and len(short) < SHORT and len(sentences) > 1:
        short = f"{short} {sentences[1]}"
    return short


def _as(reply: Reply, text: str, *, keep_lines: bool = False) -> Reply:
    """…without what stands beneath it; a list held as lines kept where the text leads into
    it ("De fem pejlemærker er:")."""
    lines = reply.lines if keep_lines and text.rstrip().endswith(":") else ()
    return dataclasses.replace(reply, text=text, lines=lines, prompt=None, actions=())
