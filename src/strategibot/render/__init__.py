"""Renderers: a channel-independent :class:`~strategibot.domain.messages.Reply` as a channel's
message — an Adaptive Card 1.5 (:mod:`.teams`), Slack Block Kit (:mod:`.slack`) or plain text
with numbered buttons (:mod:`.text`). Pure functions: the same reply, the same output."""

from __future__ import annotations

from strategibot.render.slack import render as render_blocks
from strategibot.render.teams import render_card
from strategibot.render.text import render_text

__all__ = ["render_blocks", "render_card", "render_text"]
