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
import logging

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes

from strategibot.channels.teams.activities import (
    CARD_CHANNELS,
    activity_of,
    incoming_of,
    tenants_of,
)
from strategibot.channels.teams.adapter import connector_client
from strategibot.conversation.turn import Conversation
from strategibot.domain.messages import Incoming, Outcome, Reply

__all__ = ["TeamsBot", "TeamsTurn"]

log = logging.getLogger(__name__)


class TeamsTurn:
    """A :class:`~strategibot.conversation.ports.Turn` over botbuilder's turn context."""

    def __init__(self, context: TurnContext, incoming: Incoming) -> None:
        self.context = context
        self._incoming = incoming

    @property
    def incoming(self) -> Incoming:
        return self._incoming

    @property
    def forms(self) -> bool:
        return self._incoming.place.channel in CARD_CHANNELS

    async def send(self, reply: Reply) -> None:
        await self.context.send_activity(activity_of(reply, self.context.activity.channel_id))

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
        member = await connector_client(self.context).conversations.get_teams_member(
            activity.conversation.id, self._incoming.user.id)
        email = getattr(member, "email", None) or getattr(member, "user_principal_name", None)
        return email if isinstance(email, str) and email else None


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
        incoming = incoming_of(context.activity)
        if incoming is None:
            return  # typing, reactions, invokes (botbuilder answers 501) …
        typing = asyncio.create_task(self._typing(context), name="typing") \
            if incoming.kind == "message" else None
        try:
            await self.conversation.handle(TeamsTurn(context, incoming))
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

    async def _typing(self, context: TurnContext) -> None:
        """Typing indicators while the turn runs; the first failure ends them."""
        await asyncio.sleep(self.typing_delay)
        while True:
            try:
                await context.send_activity(Activity(type=ActivityTypes.typing))
            except Exception as exc:  # the channel is unreachable: stop, the turn reports it
                log.debug("typing indicator stopped: %s", type(exc).__name__)
                return
            await asyncio.sleep(self.typing_period)
