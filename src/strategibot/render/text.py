"""Plain-text rendering for the terminal and for channels without cards."""

from __future__ import annotations

import re
import textwrap

from strategibot.domain.messages import Reply

__all__ = ["render_text"]

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _paragraphs(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        indent = "  " if paragraph.lstrip().startswith("- ") else ""
        lines.extend(textwrap.wrap(paragraph.strip(), width, subsequent_indent=indent) or [""])
    return lines


def render_text(reply: Reply, *, width: int = 88, numbered: bool = True) -> str:
    """``reply`` as plain text; buttons become a numbered list (type the number to click)."""
    parts: list[str] = []
    if reply.title:
        parts.append(reply.title.upper() if width else reply.title)
    parts.extend(_paragraphs(_BOLD.sub(r"\1", reply.text), width))
    parts.extend("  - " + _BOLD.sub(r"\1", line) for line in reply.lines)
    if reply.source_label:
        parts.append(f"({reply.source_label})")
    if reply.actions:
        parts.append("")
        if reply.prompt:
            parts.append(reply.prompt + ":")
        for number, action in enumerate(reply.actions, start=1):
            bullet = f"  [{number}] " if numbered else "  - "
            link = f" <{action.value}>" if action.kind == "link" else ""
            parts.append(bullet + action.title + link)
    return "\n".join(parts)
