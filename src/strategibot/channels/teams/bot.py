"""The Teams side of a turn: botbuilder's :class:`TurnContext` in, the conversation run, the
replies sent back through the turn — with a typing indicator of our own that always stops.

botbuilder's ``ShowTypingMiddleware`` sends its indicator from a timer that is never stopped
when a turn raises, so one failed turn kept posting "typing" (and fetching tokens) until the
process restarted. Here the indicator is a task owned by the turn and cancelled in a
``finally``, however the turn ends.

Tenants: with an allow-list (``STRATEGIBOT_ALLOWED_TENANTS``, else the bot's own
``MicrosoftAppTenantId``) an activity from any other Entra tenant — or a Teams activity that
names none — never reaches the conversation: it is logged, and a message gets a short polite
refusal.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
    DeliveryModes,
)

from strategibot.channels.teams.activities import (
    CARD_CHANNELS,
    activity_of,
    addressed,
    incoming_of,
    message_json_of,
    tenants_of,
)
from strategibot.channels.teams.adapter import connector_client
from strategibot.channels.teams.inbound import INBOUND_JSON
from strategibot.conversation.ports import Turn
from strategibot.conversation.turn import Conversation
from strategibot.domain.messages import Incoming, Outcome, Place, Reply

__all__ = ["PrivateTeamsTurn", "TeamsBot", "TeamsTurn"]

log = logging.getLogger(__name__)


class TeamsTurn:
    """A :class:`~strategibot.conversation.ports.Turn` over botbuilder's turn context.

    Replies (and typing indicators) are posted as plain JSON addressed from the inbound
    activity's validated JSON (``inbound``), as botbuilder's ``TurnContext.send_activities``
    would address them, but without its deep copy of each reply and msrest's serialisation of
    every model (about a tenth of a turn's time). Without ``inbound``, and for
    ``expectReplies`` (whose replies botbuilder buffers), they go through the turn context.
    """

    def __init__(self, context: TurnContext, incoming: Incoming,
                 inbound: dict[str, Any] | None = None) -> None:
        self.context = context
        self._incoming = incoming
        self._inbound = inbound if inbound is not None and inbound.get("id") == \
            context.activity.id and context.activity.delivery_mode != \
            DeliveryModes.expect_replies else None
        self.replying = asyncio.Event()
        """set when the first reply starts: "typing…" then stops, even if it is slow"""

    @property
    def incoming(self) -> Incoming:
        return self._incoming

    @property
    def forms(self) -> bool:
        return self._incoming.place.channel in CARD_CHANNELS

    async def send(self, reply: Reply) -> None:
        self.replying.set()
        channel = self.context.activity.channel_id
        if self._inbound is None:
            await self.context.send_activity(activity_of(reply, channel))
        else:
            await self._post(message_json_of(reply, channel))

    async def typing(self) -> None:
        """One typing indicator."""
        if self._inbound is None:
            await self.context.send_activity(Activity(type=ActivityTypes.typing))
        else:
            await self._post({"type": ActivityTypes.typing})

    async def _post(self, body: dict[str, Any]) -> None:
        assert self._inbound is not None
        conversation_id, reply_to = addressed(body, self._inbound)
        await connector_client(self.context).conversations.post_activity(
            conversation_id, reply_to, body)
        if body["type"] != ActivityTypes.trace:
            self.context.responded = True

    async def private(self) -> Turn | None:
        """The user's one-to-one chat with the bot: created (or found — Teams returns the
        existing one) with ``POST /v3/conversations``."""
        place = self._incoming.place
        if place.kind == "personal":
            return self
        activity = self.context.activity
        user = self._incoming.user.id
        if activity.channel_id != "msteams" or not user or activity.recipient is None:
            return None
        tenant = place.tenant or getattr(activity.conversation, "tenant_id", None)
        parameters = ConversationParameters(
            is_group=False, bot=ChannelAccount(id=activity.recipient.id),
            members=[ChannelAccount(id=user)], tenant_id=tenant,
            channel_data={"tenant": {"id": tenant}} if tenant else None)
        client = connector_client(self.context)
        created = await client.conversations.create_conversation(parameters)
        conversation_id = str(getattr(created, "id", "") or "")
        if not conversation_id:
            return None
        reference = ConversationReference(
            bot=ChannelAccount(id=activity.recipient.id), user=ChannelAccount(id=user),
            conversation=ConversationAccount(id=conversation_id, conversation_type="personal",
                                             tenant_id=tenant),
            channel_id=activity.channel_id, service_url=activity.service_url,
            locale=activity.locale)
        chat = Place(channel=place.channel, id=conversation_id, kind="personal", tenant=tenant,
                     address=reference.serialize())
        return PrivateTeamsTurn(self, client, dataclasses.replace(self._incoming, place=chat))

    async def lookup_email(self) -> str | None:
        """The user's address from the Teams roster (other Bot Framework channels have none).

        The member is read from the conversation, as botbuilder's ``TeamsInfo.get_member``
        does, but without its parsing of ``channelData`` (which raises on a missing or odd
        one)."""
        activity = self.context.activity
        if activity.channel_id != "msteams" or not self._incoming.user.id:
            return None
        if activity.conversation is None or not activity.conversation.id:
            return None
        # a channel's members, not a thread's: the roster is the channel's (";messageid=…" off)
        return await connector_client(self.context).conversations.teams_member_address(
            self._incoming.place.id, self._incoming.user.id)


class PrivateTeamsTurn:
    """A channel turn continued in the user's one-to-one chat (:meth:`TeamsTurn.private`)."""

    def __init__(self, origin: TeamsTurn, client: Any, incoming: Incoming) -> None:
        self._origin = origin
        self._client = client
        self._incoming = incoming

    @property
    def incoming(self) -> Incoming:
        return self._incoming

    @property
    def forms(self) -> bool:
        return self._origin.forms

    async def send(self, reply: Reply) -> None:
        reference = ConversationReference().deserialize(dict(self._incoming.place.address))
        activity = TurnContext.apply_conversation_reference(
            activity_of(reply, reference.channel_id or "msteams"), reference)
        await self._client.conversations.send_to_conversation(self._incoming.place.id, activity)

    async def lookup_email(self) -> str | None:
        return await self._origin.lookup_email()

    async def private(self) -> Turn | None:
        return self


class TeamsBot:
    """The botbuilder ``Bot`` of the Teams endpoint: runs :class:`Conversation` turns.

    Args:
        conversation: the channel-independent conversation.
        tenants: the Entra tenant ids served (lower case); empty: every tenant.
        typing_delay: seconds before the first typing indicator of a slow turn.
        typing_period: seconds between typing indicators while the turn runs.
    """

    def __init__(self, conversation: Conversation, *, tenants: frozenset[str] = frozenset(),
                 typing_delay: float = 0.5, typing_period: float = 2.0) -> None:
        self.conversation = conversation
        self.tenants = frozenset(t.lower() for t in tenants)
        self.typing_delay = typing_delay
        self.typing_period = typing_period

    def allowed(self, activity: Activity) -> bool:
        """True if the activity's tenant is served (always, without an allow-list)."""
        if not self.tenants:
            return True
        found = tenants_of(activity)
        if not found:
            return bool(activity.channel_id != "msteams")  # Teams always names the tenant
        return found <= self.tenants

    async def on_turn(self, context: TurnContext) -> None:
        if not self.allowed(context.activity):
            await self._refuse(context)
            return
        if (context.activity.channel_id or "").lower() == "slack":
            # Slack has its own endpoint (/api/slack): nothing is answered or stored from here
            log.warning("a Slack activity on the Bot Framework endpoint was ignored")
            return
        incoming = incoming_of(context.activity)
        if incoming is None:
            return  # typing, reactions, invokes (botbuilder answers 501) …
        turn = TeamsTurn(context, incoming, INBOUND_JSON.get())
        typing = asyncio.create_task(self._typing(turn), name="typing") \
            if incoming.kind == "message" else None
        try:
            await self.conversation.handle(turn)
        finally:
            if typing is not None:
                typing.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await typing

    async def _refuse(self, context: TurnContext) -> None:
        activity = context.activity
        log.warning("refused an activity from a tenant that is not served",
                    extra={"tenants": sorted(tenants_of(activity)), "type": activity.type,
                           "channel": activity.channel_id})
        if activity.type != ActivityTypes.message:
            return
        lang = self.conversation.engine.detect(activity.text or "", activity.locale)
        reply = Reply(lang=lang, text=self.conversation.i18n.text("bot.tenant_refused", lang),
                      outcome=Outcome.ANSWER)
        try:
            await context.send_activity(activity_of(reply, activity.channel_id))
        except Exception as exc:  # the far side failed: the refusal is logged above
            log.info("could not send the refusal: %s", type(exc).__name__)

    async def _typing(self, turn: TeamsTurn) -> None:
        """Typing indicators while the turn runs and has not begun to answer; the first
        failure ends them."""
        replying = turn.replying
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(replying.wait(), self.typing_delay)
        while not replying.is_set():
            try:
                await turn.typing()
            except Exception as exc:  # the channel is unreachable: stop, the turn reports it
                log.debug("typing indicator stopped: %s", type(exc).__name__)
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(replying.wait(), self.typing_period)
