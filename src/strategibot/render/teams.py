"""Adaptive Cards (version 1.5, the newest Teams renders) for Teams, the Emulator and Web Chat.

Buttons are ``Action.Submit`` with a Teams ``messageBack``: a click sends the button's text back
as a message (shown in the chat as the user's own line), so it works the same in a personal
chat, a group chat and a channel, where the bot otherwise sees only messages that @mention it.
"""

from __future__ import annotations

import re
from typing import Any

from strategibot.domain.models import Action, Reply

__all__ = ["CARD_VERSION", "action_data", "render_card"]

CARD_VERSION = "1.5"
_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
_LIST_ITEM = re.compile(r"^\s*[-*•]\s+", re.MULTILINE)


def action_data(action: Action) -> dict[str, Any]:
    """The ``data`` of a button: Teams messageBack plus our own copy of the value."""
    return {
        "msteams": {"type": "messageBack", "text": action.value, "displayText": action.value},
        "strategibot": {"kind": action.kind, "value": action.value},
    }


def _text(text: str) -> str:
    """Our light Markdown in the subset Adaptive Cards render: "- " list items, **bold**."""
    return _LIST_ITEM.sub("- ", text)


def render_card(reply: Reply) -> dict[str, Any]:
    """``reply`` as an Adaptive Card 1.5 (a dict ready for ``CardFactory.adaptive_card``)."""
    body: list[dict[str, Any]] = []
    if reply.title:
        body.append({"type": "TextBlock", "text": reply.title, "weight": "Bolder",
                     "size": "Medium", "wrap": True, "style": "heading"})
    body.append({"type": "TextBlock", "text": _text(reply.text), "wrap": True})
    if reply.source_label:
        body.append({"type": "TextBlock", "text": reply.source_label, "isSubtle": True,
                     "size": "Small", "wrap": True, "spacing": "Small"})
    if reply.actions:
        if reply.prompt:
            body.append({"type": "TextBlock", "text": reply.prompt, "weight": "Bolder",
                         "wrap": True, "spacing": "Medium", "separator": True})
        for number, action in enumerate(reply.actions, start=1):
            body.append({
                "type": "ActionSet",
                "id": f"action-{number}",
                "spacing": "Small",
                "actions": [{"type": "Action.Submit", "title": action.title,
                             "data": action_data(action)}],
            })
    return {"type": "AdaptiveCard", "$schema": _SCHEMA, "version": CARD_VERSION, "body": body}
