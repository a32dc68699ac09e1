"""Adaptive Cards (version 1.5, the newest Teams renders) for Teams, the Emulator and Web Chat.

Buttons are ``Action.Submit`` with a Teams ``messageBack``: a click sends the button's text back
as a message (shown in the chat as the user's own line), so it works the same in a personal
chat, a group chat and a channel, where the bot otherwise sees only messages that @mention it.
"""

from __future__ import annotations

import re
from typing import Any

from strategibot.domain.messages import Action, Form, Reply
from strategibot.domain.progress.digest import STATUS_SYMBOLS, DigestReply, DigestRow
from strategibot.domain.progress.status import Status

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
    """Our light Markdown in the subset Adaptive Cards render: "- " list items, **bold**.

    Teams breaks a line outside a list only at a blank line, so a single newline between two
    lines that are not both list items becomes a paragraph break.
    """
    lines = _LIST_ITEM.sub("- ", text).split("\n")
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line and not (out[-1].startswith("- ") and line.startswith("- ")):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _button(action: Action) -> dict[str, Any]:
    if action.kind == "link":
        return {"type": "Action.OpenUrl", "title": action.title, "url": action.value}
    return {"type": "Action.Submit", "title": action.title, "data": action_data(action)}


def render_card(reply: Reply) -> dict[str, Any]:
    """``reply`` as an Adaptive Card 1.5 (a dict ready for ``CardFactory.adaptive_card``)."""
    if isinstance(reply, DigestReply):
        return _digest_card(reply)
    body: list[dict[str, Any]] = []
    if reply.title:
        body.append({"type": "TextBlock", "text": reply.title, "weight": "Bolder",
                     "size": "Medium", "wrap": True, "style": "heading"})
    body.append({"type": "TextBlock", "text": _text(reply.text), "wrap": True})
    for line in reply.lines:  # one block a line: long lines wrap inside the card
        body.append({"type": "TextBlock", "wrap": True, "spacing": "Small", "text": line})
    if reply.form is not None:
        body.extend(_form_body(reply.form))
    if reply.source_label:
        body.append({"type": "TextBlock", "text": reply.source_label, "isSubtle": True,
                     "size": "Small", "wrap": True, "spacing": "Small"})
    if reply.actions:
        if reply.prompt:
            body.append({"type": "TextBlock", "text": reply.prompt, "weight": "Bolder",
                         "wrap": True, "spacing": "Medium", "separator": True})
        for number, action in enumerate(reply.actions, start=1):
            body.append({"type": "ActionSet", "id": f"action-{number}", "spacing": "Small",
                         "actions": [_button(action)]})
    card: dict[str, Any] = {"type": "AdaptiveCard", "$schema": _SCHEMA,
                            "version": CARD_VERSION, "body": body}
    if reply.form is not None:
        card["actions"] = [{"type": "Action.Submit", "title": reply.form.submit_label,
                            "style": "positive",
                            "data": {"strategibot": dict(reply.form.submit_data)}}]
    return card


def _form_body(form: Form) -> list[dict[str, Any]]:
    """Inputs with labels (Adaptive Cards 1.3+), grouped under their goal's heading."""
    body: list[dict[str, Any]] = []
    for field in form.fields:
        if field.heading:
            body.append({"type": "TextBlock", "text": field.heading, "weight": "Bolder",
                         "wrap": True, "spacing": "Medium", "separator": True})
        element: dict[str, Any] = {"id": field.id, "label": field.label, "isRequired": False}
        if field.kind in ("choice", "boolean"):
            element.update(type="Input.ChoiceSet", style="compact",
                           choices=[{"title": label, "value": value}
                                    for value, label in field.choices])
        elif field.kind == "number":
            # Input.Text, not Input.Number: Teams' number box refuses a decimal comma
            # ("12,8"); the bot parses and range-checks the text itself
            element.update(type="Input.Text", placeholder=field.placeholder or "")
        else:
            element.update(type="Input.Text")
            if field.max_length:
                element["maxLength"] = field.max_length
        if field.value is not None:
            element["value"] = field.value
        body.append(element)
    return body


# ---------------------------------------------------------------------------- the digest

_STATUS_COLOURS = {
    Status.ACHIEVED: "Good", Status.ON_TRACK: "Good", Status.AT_RISK: "Warning",
    Status.BEHIND: "Attention", Status.MISSED: "Attention",
}
"""A status's colour; the word and its shape (``STATUS_SYMBOLS``) say it without colour."""
_WEIGHTS = (9, 5, 7)


def _columns(cells: list[list[dict[str, Any]]], **extra: Any) -> dict[str, Any]:
    return {"type": "ColumnSet", **extra, "columns": [
        {"type": "Column", "width": weight, "items": items}
        for weight, items in zip(_WEIGHTS, cells, strict=True)]}


def _digest_row(row: DigestRow) -> dict[str, Any]:
    small = {"size": "Small", "isSubtle": True, "wrap": True, "spacing": "None"}
    figure: list[dict[str, Any]] = [{"type": "TextBlock", "text": row.figure, "wrap": True}]
    if row.change:
        figure.append({"type": "TextBlock", "text": row.change, **small})
    status: dict[str, Any] = {"type": "TextBlock", "wrap": True, "weight": "Bolder",
                              "text": f"{STATUS_SYMBOLS[row.status]} {row.status_word}"}
    colour = _STATUS_COLOURS.get(row.status)
    if colour:
        status["color"] = colour
    else:
        status["isSubtle"] = True
    return _columns([[{"type": "TextBlock", "text": row.name, "weight": "Bolder",
                       "wrap": True},
                      {"type": "TextBlock", "text": row.coverage, **small}],
                     figure, [status]], separator=True, spacing="Small")


def _digest_card(reply: DigestReply) -> dict[str, Any]:
    """The digest as a table: a heading row, a row per goal, the next deadline, buttons."""
    summary = reply.summary
    body: list[dict[str, Any]] = []
    if reply.title:
        body.append({"type": "TextBlock", "text": reply.title, "weight": "Bolder",
                     "size": "Medium", "wrap": True, "style": "heading"})
    body.append({"type": "TextBlock", "text": _text(reply.text), "wrap": True})
    body.append(_columns([[{"type": "TextBlock", "text": heading, "weight": "Bolder",
                            "size": "Small", "isSubtle": True, "wrap": True}]
                          for heading in summary.headings], spacing="Medium"))
    body.extend(_digest_row(row) for row in summary.rows)
    body.append({"type": "TextBlock", "text": summary.deadline, "wrap": True,
                 "spacing": "Medium", "separator": True})
    if reply.source_label:
        body.append({"type": "TextBlock", "text": reply.source_label, "isSubtle": True,
                     "size": "Small", "wrap": True, "spacing": "Small"})
    if reply.actions:
        body.append({"type": "ActionSet", "id": "digest-actions", "spacing": "Medium",
                     "actions": [_button(action) for action in reply.actions]})
    return {"type": "AdaptiveCard", "$schema": _SCHEMA, "version": CARD_VERSION,
            "body": body}
