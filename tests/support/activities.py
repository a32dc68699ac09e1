"""Builders for the Bot Framework activities Teams sends, as JSON dicts."""

from __future__ import annotations

import itertools
from typing import Any

_ids = itertools.count(1)

BOT = {"id": "28:strategibot", "name": "strategibot"}
USER = {"id": "29:user-1", "name": "Mette Leder",
        "aadObjectId": "00000000-0000-0000-0000-000000000001"}


def teams_message(service_url: str, text: str, *, conversation: str = "a:personal-1",
                  conversation_type: str = "personal", locale: str = "da-DK",
                  activity_id: str | None = None, mention: bool = False,
                  value: Any = None, user: dict[str, str] | None = None) -> dict[str, Any]:
    """A message as Teams posts it to the bot; ``mention`` adds an @mention of the bot."""
    entities: list[dict[str, Any]] = [{"type": "clientInfo", "locale": locale}]
    if mention:
        text = f"<at>strategibot</at> {text}"
        entities.append({"type": "mention", "text": "<at>strategibot</at>", "mentioned": BOT})
    activity: dict[str, Any] = {
        "type": "message",
        "id": activity_id or f"1700000000{next(_ids):06d}",
        "timestamp": "2026-11-28T10:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": user or USER,
        "recipient": BOT,
        "conversation": {"id": conversation, "conversationType": conversation_type,
                         "tenantId": "tenant-1"},
        "text": text,
        "textFormat": "plain",
        "locale": locale,
        "entities": entities,
        "channelData": {"tenant": {"id": "tenant-1"}},
    }
    if value is not None:
        activity["value"] = value
    return activity


def members_added(service_url: str, members: list[dict[str, str]], *,
                  conversation: str = "a:personal-1", conversation_type: str = "personal",
                  locale: str = "da-DK") -> dict[str, Any]:
    """A conversationUpdate with membersAdded (an install, or people joining)."""
    return {
        "type": "conversationUpdate",
        "id": f"f:{next(_ids)}",
        "timestamp": "2026-11-28T10:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": USER,
        "recipient": BOT,
        "conversation": {"id": conversation, "conversationType": conversation_type,
                         "tenantId": "tenant-1"},
        "membersAdded": members,
        "locale": locale,
        "channelData": {"tenant": {"id": "tenant-1"}, "eventType": "teamMemberAdded"},
    }


def card_of(activity_body: dict[str, Any]) -> dict[str, Any]:
    """The Adaptive Card of an activity the bot sent."""
    attachments = activity_body.get("attachments") or []
    assert attachments, f"no attachment in {activity_body}"
    assert attachments[0]["contentType"] == "application/vnd.microsoft.card.adaptive"
    card: dict[str, Any] = attachments[0]["content"]
    return card


def card_texts(card: dict[str, Any]) -> list[str]:
    return [b["text"] for b in card["body"] if b.get("type") == "TextBlock"]


def card_buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for b in card["body"] if b.get("type") == "ActionSet" for a in b["actions"]]
