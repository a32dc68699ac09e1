"""Between Bot Framework activities and the project's own message types.

:func:`incoming_of` turns what Teams (or the Emulator, Web Chat, the Agents Playground) posts
into an :class:`~strategibot.domain.messages.Incoming`; :func:`activity_of` turns a
:class:`~strategibot.domain.messages.Reply` into the activity that shows it: an Adaptive Card
where the channel renders cards, plain text elsewhere.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import CardFactory
from botbuilder.schema import Activity, ActivityTypes

from strategibot.domain.messages import Incoming, Place, Reply, User
from strategibot.render.teams import render_card
from strategibot.render.text import render_text

__all__ = [
    "BOT_FRAMEWORK_CHANNELS",
    "CARD_CHANNELS",
    "activity_of",
    "addressed",
    "incoming_of",
    "message_json_of",
    "message_text",
    "reference_of",
    "tenant_of",
    "tenants_of",
]

BOT_FRAMEWORK_CHANNELS = ("msteams", "emulator", "webchat", "directline")
"""The Bot Framework channels the Teams endpoint serves (and can post to)."""
CARD_CHANNELS = frozenset(BOT_FRAMEWORK_CHANNELS)
"""Bot Framework channels that render Adaptive Cards (and so show check-in forms)."""

_THREAD = ";messageid="


def _locale(lang: str) -> str:
    return "en-US" if lang == "en" else "da-DK"


def activity_of(reply: Reply, channel_id: str | None) -> Activity:
    """The message activity that shows ``reply`` in ``channel_id``."""
    if channel_id in CARD_CHANNELS:
        return Activity(
            type=ActivityTypes.message,
            attachments=[CardFactory.adaptive_card(render_card(reply))],
            summary=reply.title or reply.text[:80],
            locale=_locale(reply.lang),
        )
    return Activity(type=ActivityTypes.message, text=render_text(reply),
                    locale=_locale(reply.lang))


def _strip_mentions(activity: Activity) -> str:
    """The text without @mentions of the bot. Entities are read defensively: one without a
    ``type``, ``mentioned`` or ``text`` is skipped, never an error."""
    text = activity.text or ""
    bot = activity.recipient.id if activity.recipient else None
    for entity in activity.entities or ():
        data: dict[str, Any] = entity.additional_properties or {} if hasattr(
            entity, "additional_properties") else {}
        if (getattr(entity, "type", None) or "").lower() != "mention":
            continue
        mentioned = data.get("mentioned")
        mention_text = data.get("text")
        if isinstance(mentioned, dict) and mentioned.get("id") == bot and \
                isinstance(mention_text, str) and mention_text:
            text = text.replace(mention_text, " ")
    return text.replace("<at>", "").replace("</at>", "")


def message_text(activity: Activity) -> str:
    """The user's text: @mentions of the bot removed; a card button's value if there is no
    text."""
    text = _strip_mentions(activity) if activity.entities else (activity.text or "")
    if not text.strip() and isinstance(activity.value, dict):
        ours = activity.value.get("strategibot")
        if isinstance(ours, dict) and isinstance(ours.get("value"), str):
            text = ours["value"]
    return " ".join(text.split())


def reference_of(activity: Activity) -> dict[str, Any]:
    """The stored address of ``activity``'s conversation: a Bot Framework
    ConversationReference of the conversation itself (a Teams channel, not the thread).

    Only what posting there needs is kept: no display names, no Entra object ids, no chat
    title; the user's channel id only for a personal chat (README, "Privacy and data").
    Built as the JSON msrest makes of a ``ConversationReference`` (absent values left out),
    without msrest: this runs on every turn."""
    conversation = activity.conversation
    kind = getattr(conversation, "conversation_type", None) or "personal"
    data: dict[str, Any] = {}
    sender = activity.from_property
    if kind == "personal" and sender is not None and sender.id:
        data["user"] = {"id": sender.id}
    bot = activity.recipient
    if bot is not None:
        data["bot"] = _present({"id": bot.id, "name": bot.name})
    if conversation is not None:
        conversation_id = conversation.id
        if isinstance(conversation_id, str) and _THREAD in conversation_id:
            conversation_id = conversation_id.split(_THREAD)[0]
        data["conversation"] = _present({
            "isGroup": getattr(conversation, "is_group", None),
            "conversationType": getattr(conversation, "conversation_type", None),
            "id": conversation_id,
            "tenantID": tenant_of(activity)})  # msrest's spelling: read back as tenant_id
    data.update(_present({"channelId": activity.channel_id, "locale": activity.locale,
                          "serviceUrl": activity.service_url}))
    return data


def _present(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def message_json_of(reply: Reply, channel_id: str | None) -> dict[str, Any]:
    """:func:`activity_of` as the JSON the connector is sent (what msrest makes of it)."""
    if channel_id in CARD_CHANNELS:
        return {"type": ActivityTypes.message,
                "summary": reply.title or reply.text[:80],
                "attachments": [{"contentType": CardFactory.content_types.adaptive_card,
                                 "content": render_card(reply)}]}
    return {"type": ActivityTypes.message, "text": render_text(reply)}


def addressed(body: dict[str, Any], inbound: dict[str, Any]) -> tuple[str, str | None]:
    """Address ``body`` as a reply to the validated inbound activity JSON ``inbound``, as
    botbuilder's ``TurnContext.send_activities`` does (its conversation, channel, service URL
    and locale; from the bot to the user; ``replyToId`` except on Web Chat and Direct Line);
    return the conversation id and the id replied to."""
    channel = inbound.get("channelId")
    reply_to = inbound.get("id") if inbound.get("type") != ActivityTypes.conversation_update \
        and channel not in ("directline", "webchat") else None
    body.update(_present({
        "channelId": channel, "locale": inbound.get("locale"),
        "serviceUrl": inbound.get("serviceUrl"), "conversation": inbound.get("conversation"),
        "from": inbound.get("recipient"), "recipient": inbound.get("from"),
        "replyToId": reply_to}))
    body.setdefault("inputHint", "acceptingInput")
    return str(inbound["conversation"]["id"]), reply_to if isinstance(reply_to, str) and \
        reply_to else None


def _tenants(activity: Activity) -> list[str]:
    """The tenant ids an activity names, in order: ``conversation.tenantId`` (as Teams spells
    it; botbuilder's model reads only ``tenantID`` and keeps the other among the conversation's
    additional properties), then ``channelData.tenant.id``."""
    conversation = activity.conversation
    extra = getattr(conversation, "additional_properties", None) or {}
    data = activity.channel_data
    inner = data.get("tenant") if isinstance(data, dict) else None
    candidates = (getattr(conversation, "tenant_id", None), extra.get("tenantId"),
                  inner.get("id") if isinstance(inner, dict) else None)
    return [c.strip() for c in candidates if isinstance(c, str) and c.strip()]


def tenant_of(activity: Activity) -> str | None:
    """The Entra tenant the activity comes from (stored with the conversation: a digest
    posted there later names it, as Teams asks of a message the bot starts)."""
    found = _tenants(activity)
    return found[0] if found else None


def tenants_of(activity: Activity) -> set[str]:
    """The Entra tenant ids an activity names (``conversation.tenantId``,
    ``channelData.tenant.id``), lower case."""
    return {tenant.lower() for tenant in _tenants(activity)}


def incoming_of(activity: Activity) -> Incoming | None:
    """The :class:`Incoming` of a message, or of an install (the bot among the members
    added); None for anything else (typing, reactions, invokes …)."""
    conversation = activity.conversation
    if conversation is None or not conversation.id:
        return None
    full = str(conversation.id)
    place_id, _, thread = full.partition(_THREAD)
    place = Place(channel=activity.channel_id or "unknown", id=place_id,
                  kind=getattr(conversation, "conversation_type", None) or "personal",
                  tenant=tenant_of(activity), thread=thread or None,
                  address=reference_of(activity))
    sender = activity.from_property
    user = User(id=str(sender.id or "") if sender else "",
                name=sender.name if sender else None)
    if activity.type == ActivityTypes.message:
        value = activity.value if isinstance(activity.value, dict) else None
        return Incoming("message", place, user, text=message_text(activity), value=value,
                        locale=activity.locale, id=activity.id)
    if activity.type == ActivityTypes.message_update and activity.text:
        return Incoming("edited", place, user, text=message_text(activity),
                        locale=activity.locale, id=activity.id)
    if activity.type == ActivityTypes.conversation_update:
        bot = activity.recipient.id if activity.recipient else None
        if bot and any(getattr(m, "id", None) == bot for m in activity.members_added or ()):
            return Incoming("installed", place, user, locale=activity.locale, id=activity.id)
    return None
