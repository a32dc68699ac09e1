"""An outgoing message activity as the body of ``chat.postMessage`` / ``chat.update``.

Three sources, in this order:

1. ``channel_data={"text": …, "blocks": […]}`` — Block Kit made by ``render.slack.render``;
   sent as is.
2. Hero cards and suggested actions — what botbuilder itself sends, e.g. a ``ChoicePrompt``
   (for ``"slack"`` ``ChoiceFactory`` picks a hero card with one button per choice). They
   become a :class:`~strategibot.domain.messages.Reply` and go through the same renderer, so
   the buttons send their value back exactly like ours.
3. ``activity.text`` alone — channel-neutral Markdown, converted to mrkdwn and escaped.

Other attachments (Adaptive Cards are Teams-only) are dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any

from botbuilder.schema import Activity

from strategibot.domain.messages import Action, Reply
from strategibot.render.slack import render, to_mrkdwn

__all__ = ["HERO_CARD", "slack_message"]

logger = logging.getLogger(__name__)

HERO_CARD = "application/vnd.microsoft.card.hero"


def slack_message(activity: Activity) -> dict[str, Any] | None:
    """``{"text": …}`` or ``{"text": …, "blocks": […]}``; ``None`` if there is nothing to say."""
    data = activity.channel_data if isinstance(activity.channel_data, Mapping) else {}
    text: str = activity.text or ""
    blocks = data.get("blocks")
    if isinstance(blocks, list) and blocks:
        fallback = data.get("text")
        if not isinstance(fallback, str):
            fallback = to_mrkdwn(text)
        return {"text": fallback, "blocks": blocks}
    cards = [a.content for a in activity.attachments or () if a.content_type == HERO_CARD]
    if len(cards) < len(activity.attachments or ()):
        logger.debug("Slack: attachments other than hero cards are not sent")
    actions = [*_actions(activity.suggested_actions), *(a for c in cards for a in _buttons(c))]
    if cards or actions:
        title = next((t for c in cards if (t := _field(c, "title"))), None)
        texts = [text, *(_field(c, "subtitle") for c in cards), *(_field(c, "text") for c in cards)]
        reply = Reply(
            lang=activity.locale or "",
            title=title,
            text="\n\n".join(t for t in texts if t),
            actions=tuple(actions),
        )
        message = render(reply)
        return message if message["text"] or message["blocks"] else None
    return {"text": to_mrkdwn(text)} if text.strip() else None


def _buttons(card: object) -> Iterator[Action]:
    buttons = _field(card, "buttons")
    yield from _card_actions(buttons if isinstance(buttons, list) else [])


def _actions(suggested: object) -> Iterator[Action]:
    actions = _field(suggested, "actions") if suggested is not None else None
    yield from _card_actions(actions if isinstance(actions, list) else [])


def _card_actions(actions: list[Any]) -> Iterator[Action]:
    """``imBack`` / ``postBack`` / ``messageBack`` actions whose value is text."""
    for action in actions:
        value = _field(action, "value") or _field(action, "text")
        title = _field(action, "title") or _field(action, "display_text")
        if isinstance(value, str) and value:
            yield Action(title=title if isinstance(title, str) else value, value=value)


def _field(obj: object, name: str) -> Any:
    """An attribute of a botbuilder model, or a key of the same object sent as a dict."""
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)
