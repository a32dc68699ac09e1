"""Renderers: a channel-independent :class:`~strategibot.domain.messages.Reply` to an Activity.

Only this package knows channels: Teams (and the Emulator, Web Chat) get Adaptive Cards, Slack
gets Block Kit, everything else plain text with numbered buttons.
"""

from __future__ import annotations

from botbuilder.core import CardFactory
from botbuilder.schema import Activity, ActivityTypes

from strategibot.domain.messages import Reply
from strategibot.render.teams import render_card
from strategibot.render.text import render_text

__all__ = ["CARD_CHANNELS", "render"]

CARD_CHANNELS = frozenset({"msteams", "emulator", "webchat", "directline"})


def render(reply: Reply, channel_id: str | None) -> Activity:
    """The message Activity that shows ``reply`` in ``channel_id``."""
    if channel_id in CARD_CHANNELS:
        return Activity(
            type=ActivityTypes.message,
            attachments=[CardFactory.adaptive_card(render_card(reply))],
            summary=reply.title or reply.text[:80],
            locale=_locale(reply.lang),
        )
    if channel_id == "slack":
        from strategibot.render.slack import render as render_slack

        message = render_slack(reply)
        return Activity(type=ActivityTypes.message, text=message["text"], channel_data=message,
                        locale=_locale(reply.lang))
    return Activity(
        type=ActivityTypes.message,
        text=render_text(reply),
        channel_data={"actions": [{"title": a.title, "value": a.value} for a in reply.actions]},
        locale=_locale(reply.lang),
    )


def _locale(lang: str) -> str:
    return "en-US" if lang == "en" else "da-DK"
