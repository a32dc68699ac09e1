"""Pure converters from Slack payloads to the project's :class:`Incoming`.

Places
    A Slack conversation is a channel (or a DM). The :class:`Place` is the channel itself
    (``id`` is the channel id, ``C0123``), so a channel is one conversation for subscriptions
    and rights whatever thread a message comes from; ``thread`` is the thread the bot answers
    in (a mention in a channel is answered in its thread; a DM at the top level).

Kinds
    Teams' names are reused so the conversation can treat both channels alike: ``"personal"``
    for a DM, ``"groupChat"`` for a group DM, ``"channel"`` for a channel.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from strategibot.domain.messages import Incoming, Place, User

__all__ = ["CHANNEL_ID", "action_incoming", "event_incoming", "is_for_the_bot", "place_of"]

CHANNEL_ID = "slack"
"""The channel name of every Slack conversation."""

_UNESCAPE = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def place_of(channel: str, *, kind: str, thread: str | None = None,
             team: str | None = None) -> Place:
    """The :class:`Place` of a Slack channel (answers in ``thread`` when given)."""
    return Place(channel=CHANNEL_ID, id=channel, kind=kind, tenant=team, thread=thread,
                 address={"channel": channel, "team": team})


def is_for_the_bot(event: object) -> bool:
    """True for an event that may start a turn: a person's mention, or a person's DM.

    ``event_incoming`` checks the rest; this is the cheap test run before deduplication, so
    the bot's own DM posts (which come back as ``message.im``) cost no lookup.
    """
    if not isinstance(event, dict) or event.get("subtype") or event.get("bot_id"):
        return False
    if event.get("type") == "app_mention":
        # A mention in a DM also arrives as message.im: answer that one.
        channel = event.get("channel")
        return not (isinstance(channel, str) and channel.startswith("D"))
    return event.get("type") == "message" and event.get("channel_type") == "im"


def event_incoming(envelope: Mapping[str, Any], bot_user: str | None, *,
                   user_name: str | None = None) -> Incoming | None:
    """The message for an Events API ``event_callback``, or ``None`` to ignore it.

    Handled: ``app_mention`` (the bot's own ``<@id>`` is removed from the text; the answer
    goes into the message's thread) and ``message`` with ``channel_type: im`` (answered
    top-level). Ignored: other events, message subtypes (edits, deletions, bot messages, …),
    anything posted by a bot (``bot_id``) or by this bot, and events missing a field.

    Args:
        envelope: the parsed request body (``type: event_callback``).
        bot_user: the bot's Slack user id.
        user_name: the sender's display name, if known.
    """
    event = _dict(envelope.get("event"))
    if not is_for_the_bot(event):
        return None
    kind, channel_type = event.get("type"), event.get("channel_type")
    channel, user, ts = _str(event.get("channel")), _str(event.get("user")), _str(event.get("ts"))
    text, event_id = event.get("text"), _str(envelope.get("event_id"))
    if not isinstance(text, str) or channel is None or user is None or ts is None:
        return None
    if event_id is None or user == bot_user:
        return None
    team = _str(envelope.get("team_id"))
    if kind == "app_mention":
        if bot_user:
            text = re.sub(rf" ?<@{re.escape(bot_user)}(?:\|[^>]*)?>", "", text)
        place = place_of(channel, kind="groupChat" if channel_type == "mpim" else "channel",
                         thread=_str(event.get("thread_ts")) or ts, team=team)
    else:
        place = place_of(channel, kind="personal", team=team)
    return Incoming("message", place, User(id=user, name=user_name), text=_plain(text),
                    id=event_id)


def action_incoming(payload: Mapping[str, Any]) -> Incoming | None:
    """The message for a ``block_actions`` payload (a button click), or ``None``.

    The text is the clicked button's ``value``. It belongs to the conversation of the message
    that carried the button: its thread in a channel, the DM itself in a DM (Slack DM channel
    ids start with ``D``). Clicks in modals or the App Home, clicks on elements without a
    ``value`` and payloads missing a field are ignored.
    """
    actions = payload.get("actions")
    action = _dict(actions[0] if isinstance(actions, list) and actions else None)
    value = _str(action.get("value"))
    user = _dict(payload.get("user"))
    user_id = _str(user.get("id"))
    container = _dict(payload.get("container"))
    message = _dict(payload.get("message"))
    channel = _str(_dict(payload.get("channel")).get("id")) or _str(container.get("channel_id"))
    message_ts = _str(message.get("ts")) or _str(container.get("message_ts"))
    click_id = _str(payload.get("trigger_id")) or _str(action.get("action_ts"))
    if value is None or user_id is None or channel is None:
        return None
    if message_ts is None or click_id is None:
        return None
    team = _str(_dict(payload.get("team")).get("id"))
    if channel.startswith("D"):
        place = place_of(channel, kind="personal", team=team)
    else:
        thread = _str(message.get("thread_ts")) or _str(container.get("thread_ts")) or message_ts
        place = place_of(channel, kind="channel", thread=thread, team=team)
    name = _str(user.get("name")) or _str(user.get("username"))
    return Incoming("message", place, User(id=user_id, name=name), text=value, id=click_id)


def _plain(text: str) -> str:
    """Slack's message text without its ``&amp;`` escapes and outer whitespace."""
    for escaped, char in _UNESCAPE:
        text = text.replace(escaped, char)
    return text.strip()


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str | None:
    """``value`` if it is a non-empty string, else ``None``."""
    return value if isinstance(value, str) and value else None
