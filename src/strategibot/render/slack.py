"""Render a :class:`~strategibot.domain.messages.Reply` as a Slack Block Kit message.

Layout, top to bottom: a header block (``reply.title``), the text as mrkdwn sections, the
source label as a context block, the prompt as a section, and the actions as buttons. Slack's
limits are kept here, not left to the API to refuse: ≤ 50 blocks, ≤ 3,000 characters of text
per section, ≤ 150 per header, ≤ 25 elements per actions block, button text ≤ 75 and value
≤ 2,000 characters, unique ``action_id``\\ s.

Our light Markdown becomes Slack mrkdwn: ``**bold**`` → ``*bold*``, ``- item`` → ``• item``;
``&``, ``<`` and ``>`` are escaped as Slack requires.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from strategibot.domain.messages import Action, Reply
from strategibot.domain.progress.digest import STATUS_SYMBOLS, DigestReply, DigestRow
from strategibot.domain.progress.status import Status

__all__ = [
    "ACTIONS_PER_BLOCK",
    "BUTTON_TEXT_LIMIT",
    "BUTTON_VALUE_LIMIT",
    "HEADER_TEXT_LIMIT",
    "MAX_BLOCKS",
    "SECTION_TEXT_LIMIT",
    "render",
    "to_mrkdwn",
]

logger = logging.getLogger(__name__)

MAX_BLOCKS = 50
SECTION_TEXT_LIMIT = 3000
HEADER_TEXT_LIMIT = 150
ACTIONS_PER_BLOCK = 25
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
FALLBACK_TEXT_LIMIT = 4000
"""Slack advises keeping a message's top-level ``text`` under 4,000 characters."""

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_BULLET = re.compile(r"^([ \t]*)[-*] ", re.MULTILINE)
_ELLIPSIS = "…"


def render(reply: Reply) -> dict[str, Any]:
    """``{"text": fallback, "blocks": [...]}``: the message for ``chat.postMessage``.

    ``text`` is what notifications and screen readers without Block Kit show.
    """
    if isinstance(reply, DigestReply):
        return _digest(reply)
    body = reply.text + "".join(f"\n- {line}" for line in reply.lines)
    text = to_mrkdwn(body)
    head: list[dict[str, Any]] = []
    if reply.title:
        head.append(_header(reply.title))
    tail: list[dict[str, Any]] = []
    if reply.source_label:
        label = _clip(_escape(reply.source_label), SECTION_TEXT_LIMIT)
        tail.append({"type": "context", "elements": [_mrkdwn(label)]})
    if reply.prompt:
        tail.append(_section(_clip(to_mrkdwn(reply.prompt), SECTION_TEXT_LIMIT)))
    buttons = _buttons(reply.actions)
    for start in range(0, len(buttons), ACTIONS_PER_BLOCK):
        tail.append({"type": "actions", "elements": buttons[start : start + ACTIONS_PER_BLOCK]})
    room = max(1, MAX_BLOCKS - len(head) - len(tail))
    sections = _fit(_split(text, SECTION_TEXT_LIMIT), room)
    blocks = [*head, *(_section(s) for s in sections), *tail][:MAX_BLOCKS]
    fallback = f"*{_escape(_unbold(reply.title))}*\n\n{text}" if reply.title else text
    if not fallback.strip() and reply.prompt:
        fallback = to_mrkdwn(reply.prompt)
    return {"text": _clip(fallback.strip(), FALLBACK_TEXT_LIMIT), "blocks": blocks}


def to_mrkdwn(text: str) -> str:
    """Our light Markdown as Slack mrkdwn (escaped, ``*bold*``, ``•`` bullets)."""
    text = _BULLET.sub(r"\1• ", _escape(text))
    return _BOLD.sub(r"*\1*", text)


def _header(title: str) -> dict[str, Any]:
    return {
        "type": "header",
        "text": {"type": "plain_text", "text": _clip(_unbold(title), HEADER_TEXT_LIMIT)},
    }


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(text)}


def _mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def _buttons(actions: tuple[Action, ...]) -> list[dict[str, Any]]:
    buttons = []
    for index, action in enumerate(actions):
        if not action.value or len(action.value) > BUTTON_VALUE_LIMIT:
            # A clipped value would ask another question or run another command.
            logger.warning("Slack: button %r dropped: its value is empty or too long", action.title)
            continue
        label = _unbold(action.title).strip() or action.value
        button: dict[str, Any] = {
            "type": "button",
            "text": {"type": "plain_text", "text": _clip(label, BUTTON_TEXT_LIMIT)},
            "action_id": f"{action.kind}-{index}",
        }
        if action.kind == "link":
            button["url"] = action.value  # opens the page; Slack still sends an action
        else:
            button["value"] = action.value
        buttons.append(button)
    return buttons


def _split(text: str, limit: int, separators: tuple[str, ...] = ("\n\n", "\n", " ")) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at the widest separator."""
    if len(text) <= limit:
        return [text] if text.strip() else []
    if not separators:
        return [text[i : i + limit] for i in range(0, len(text), limit)]
    separator, narrower = separators[0], separators[1:]
    pieces: list[str] = []
    current = ""
    for part in text.split(separator):
        for piece in _split(part, limit, narrower) if len(part) > limit else [part]:
            if current and len(current) + len(separator) + len(piece) <= limit:
                current += separator + piece
            else:
                if current.strip():
                    pieces.append(current.strip())
                current = piece
    if current.strip():
        pieces.append(current.strip())
    return pieces


def _fit(sections: list[str], room: int) -> list[str]:
    """At most ``room`` sections; when some are cut, the last kept one ends with ``…``."""
    if len(sections) <= room:
        return sections
    kept = sections[:room]
    kept[-1] = _clip(kept[-1] + " " + _ELLIPSIS, SECTION_TEXT_LIMIT)
    return kept


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + _ELLIPSIS


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _unbold(text: str) -> str:
    return text.replace("**", "")


# ---------------------------------------------------------------------------- the digest

_STATUS_EMOJI = {
    Status.ACHIEVED: ":large_green_circle:", Status.ON_TRACK: ":large_green_circle:",
    Status.AT_RISK: ":large_orange_circle:", Status.BEHIND: ":red_circle:",
    Status.MISSED: ":red_circle:", Status.TOO_FEW: ":white_circle:",
    Status.NO_DATA: ":white_circle:",
}
"""A status's colour; the word and its shape say it without colour."""
FIELD_TEXT_LIMIT = 2000


def _digest_row(row: DigestRow) -> dict[str, Any]:
    left = f"*{_escape(row.name)}*\n{_escape(row.figure)}"
    if row.change:
        left += f"\n_{_escape(row.change)}_"
    right = (f"{_STATUS_EMOJI[row.status]} {STATUS_SYMBOLS[row.status]} "
             f"*{_escape(row.status_word)}*\n{_escape(row.coverage)}")
    return {"type": "section", "fields": [_mrkdwn(_clip(left, FIELD_TEXT_LIMIT)),
                                          _mrkdwn(_clip(right, FIELD_TEXT_LIMIT))]}


def _digest(reply: DigestReply) -> dict[str, Any]:
    """The digest in the card's structure: a section per goal (name, figure and change |
    status and coverage), the next deadline, the buttons."""
    summary = reply.summary
    intro = _clip(to_mrkdwn(reply.text), SECTION_TEXT_LIMIT)
    blocks: list[dict[str, Any]] = []
    if reply.title:
        blocks.append(_header(reply.title))
    if intro.strip():
        blocks.append(_section(intro))
    blocks.append({"type": "divider"})
    blocks.extend(_digest_row(row) for row in summary.rows)
    blocks.append({"type": "divider"})
    blocks.append(_section(_clip(to_mrkdwn(summary.deadline), SECTION_TEXT_LIMIT)))
    if reply.source_label:
        blocks.append({"type": "context", "elements": [
            _mrkdwn(_clip(_escape(reply.source_label), SECTION_TEXT_LIMIT))]})
    buttons = _buttons(reply.actions)
    if buttons:
        blocks.append({"type": "actions", "elements": buttons[:ACTIONS_PER_BLOCK]})
    title = f"*{_escape(_unbold(reply.title))}*\n" if reply.title else ""
    return {"text": _clip(title + intro, FALLBACK_TEXT_LIMIT), "blocks": blocks[:MAX_BLOCKS]}
