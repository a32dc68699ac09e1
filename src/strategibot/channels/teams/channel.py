"""Posting on the bot's own in Teams (digests, reminders): one reply to a stored conversation,
through the Bot Connector on the shared aiohttp session."""

from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.schema import ConversationReference

from strategibot.channels.teams.activities import activity_of
from strategibot.channels.teams.connector import AiohttpConnectorFactory
from strategibot.domain.messages import Place, Reply

__all__ = ["TeamsChannel"]

_THREAD = ";messageid="


class TeamsChannel:
    """A :class:`~strategibot.delivery.sender.Channel` for the Bot Framework channels."""

    def __init__(self, factory: AiohttpConnectorFactory) -> None:
        self.factory = factory

    async def post(self, place: Place, reply: Reply) -> str | None:
        """``POST /v3/conversations/{id}/activities`` — to the conversation itself (a Teams
        channel's top level), never as a reply to a thread.

        Raises:
            ConnectorError: the connector answered an error, or did not answer.
            ValueError: the stored address has no service URL or conversation.
        """
        reference = ConversationReference().deserialize(dict(place.address))
        if not reference.service_url or reference.conversation is None:
            raise ValueError("the stored conversation has no service URL or id")
        conversation_id = str(reference.conversation.id or place.id).split(_THREAD)[0]
        reference.conversation.id = conversation_id
        activity = TurnContext.apply_conversation_reference(
            activity_of(reply, reference.channel_id or place.channel), reference)
        if place.tenant:  # a message the bot starts names its tenant (Teams asks for it)
            activity.conversation.tenant_id = activity.conversation.tenant_id or place.tenant
            activity.channel_data = {**(activity.channel_data or {}),
                                     "tenant": {"id": place.tenant}}
        client = await self.factory.create(reference.service_url)
        response = await client.conversations.send_to_conversation(conversation_id, activity)
        found = getattr(response, "id", None)
        return str(found) if found else None
