"""Pure converters between Slack payloads and botbuilder activities.

Conversation ids
    A Slack conversation is a channel, and in channels the bot answers in the thread of the
    message it was asked in. So the botbuilder conversation id is ``"<channel>:<thread_ts>"``
    for a thread (``"C0123:1700000000.000100"``) and the bare channel id for a top-level
    conversation (a DM, or a proactive post into a channel). Slack channel ids never contain
    ``":"``. Dialog state is kept per conversation id, so every thread and every DM has its own.

Conversation types
    Teams' names are reused so the bot handler can treat both channels alike: ``"personal"``
    for a DM, ``"groupChat"`` for a group DM, ``"channel"`` for a channel.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
)

__all__ = [
    "CHANNEL_ID",
    "action_activity",
    "conversation_id",
    "event_activity",
    "is_for_the_bot",
    "make_reference",
    "split_conversation_id",
]

CHANNEL_ID = "slack"
"""The botbuilder ``channel_id`` of every Slack activity."""

_UNESCAPE = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def conversation_id(channel: str, thread_ts: str | None = None) -> str:
    """The botbuilder conversation id of a Slack channel, or of a thread in it."""
    return f"{channel}:{thread_ts}" if thread_ts else channel


def split_conversation_id(value: str) -> tuple[str, str | None]:
    """``(channel, thread_ts)`` from a conversation id made by :func:`conversation_id`."""
    channel, _, thread_ts = value.partition(":")
    return channel, thread_ts or None


def make_reference(
    channel: str,
    *,
    service_url: str,
    thread_ts: str | None = None,
    conversation_type: str = "channel",
    team_id: str | None = None,
    bot: ChannelAccount | None = None,
    user: ChannelAccount | None = None,
) -> ConversationReference:
    """A reference for ``continue_conversation``: post into ``channel`` (or one thread of it)."""
    return ConversationReference(
        channel_id=CHANNEL_ID,
        service_url=service_url,
        conversation=ConversationAccount(
            id=conversation_id(channel, thread_ts),
            conversation_type=conversation_type,
            is_group=conversation_type != "personal",
            tenant_id=team_id,
        ),
        bot=bot,
        user=user,
    )


def is_for_the_bot(event: object) -> bool:
    """True for an event that may start a turn: a person's mention, or a person's DM.

    ``event_activity`` checks the rest; this is the cheap test run before deduplication, so
    the bot's own DM posts (which come back as ``message.im``) cost no lookup.
    """
    if not isinstance(event, dict) or event.get("subtype") or event.get("bot_id"):
        return False
    if event.get("type") == "app_mention":
        # A mention in a DM also arrives as message.im: answer that one.
        channel = event.get("channel")
        return not (isinstance(channel, str) and channel.startswith("D"))
    return event.get("type") == "message" and event.get("channel_type") == "im"


def event_activity(
    envelope: Mapping[str, Any],
    bot: ChannelAccount,
    *,
    service_url: str,
    user_name: str | None = None,
) -> Activity | None:
    """The message activity for an Events API ``event_callback``, or ``None`` to ignore it.

    Handled: ``app_mention`` (the bot's own ``<@id>`` is removed from the text; the answer
    goes into the message's thread) and ``message`` with ``channel_type: im`` (answered
    top-level). Ignored: other events, message subtypes (edits, deletions, bot messages, …),
    anything posted by a bot (``bot_id``) or by this bot, and events missing a field.

    Args:
        envelope: the parsed request body (``type: event_callback``).
        bot: the bot's account (``id`` is its Slack user id).
        service_url: the Web API base URL, kept as the activity's ``service_url``.
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
    if event_id is None or user == bot.id:
        return None
    if kind == "app_mention":
        if bot.id:
            text = re.sub(rf" ?<@{re.escape(bot.id)}(?:\|[^>]*)?>", "", text)
        conversation = ConversationAccount(
            id=conversation_id(channel, _str(event.get("thread_ts")) or ts),
            conversation_type="groupChat" if channel_type == "mpim" else "channel",
            is_group=True,
        )
    else:
        conversation = ConversationAccount(
            id=conversation_id(channel), conversation_type="personal", is_group=False
        )
    conversation.tenant_id = _str(envelope.get("team_id"))
    conversation.properties = {"api_app_id": _str(envelope.get("api_app_id"))}
    return Activity(
        type=ActivityTypes.message,
        id=event_id,
        channel_id=CHANNEL_ID,
        service_url=service_url,
        conversation=conversation,
        from_property=ChannelAccount(id=user, name=user_name, role="user"),
        recipient=bot,
        text=_plain(text),
        timestamp=_time(ts),
        channel_data=event,
    )


def action_activity(
    payload: Mapping[str, Any],
    bot: ChannelAccount,
    *,
    service_url: str,
) -> Activity | None:
    """The message activity for a ``block_actions`` payload (a button click), or ``None``.

    The activity's text is the clicked button's ``value``. It belongs to the conversation of
    the message that carried the button: its thread in a channel, the DM itself in a DM
    (Slack DM channel ids start with ``D``). Clicks in modals or the App Home, clicks on
    elements without a ``value`` and payloads missing a field are ignored.
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
    if channel.startswith("D"):
        conversation = ConversationAccount(
            id=conversation_id(channel), conversation_type="personal", is_group=False
        )
    else:
        thread = _str(message.get("thread_ts")) or _str(container.get("thread_ts")) or message_ts
        conversation = ConversationAccount(
            id=conversation_id(channel, thread), conversation_type="channel", is_group=True
        )
    conversation.tenant_id = _str(_dict(payload.get("team")).get("id"))
    conversation.properties = {"api_app_id": _str(payload.get("api_app_id"))}
    name = _str(user.get("name")) or _str(user.get("username"))
    return Activity(
        type=ActivityTypes.message,
        id=click_id,
        channel_id=CHANNEL_ID,
        service_url=service_url,
        conversation=conversation,
        from_property=ChannelAccount(id=user_id, name=name, role="user"),
        recipient=bot,
        text=value,
        timestamp=_time(_str(action.get("action_ts"))),
        channel_data=payload,
    )


def _plain(text: str) -> str:
    """Slack's message text without its ``&amp;`` escapes and outer whitespace."""
    for escaped, char in _UNESCAPE:
        text = text.replace(escaped, char)
    return text.strip()


def _time(ts: str | None) -> datetime | None:
    """A Slack ``ts`` (``"1700000000.000100"``) as an aware datetime."""
    if ts is None:
        return None
    try:
        return datetime.fromtimestamp(float(ts), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str | None:
    """``value`` if it is a non-empty string, else ``None``."""
    return value if isinstance(value, str) and value else None
