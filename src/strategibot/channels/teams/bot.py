"""The Teams side of a turn: botbuilder's :class:`TurnContext` in, the conversation run, the
replies sent back through the turn — with a typing indicator of our own that always stops.

botbuilder's ``ShowTypingMiddleware`` sends its indicator from a timer that is never stopped
when a turn raises, so one failed turn kept posting "typing" (and fetching tokens) until the
process restarted. Here the indicator is a task owned by the turn and cancelled in a
``finally``, however the turn ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import Activity, ActivityTypes

from strategibot.channels.teams.activities import CARD_CHANNELS, activity_of, incoming_of
from strategibot.conversation.turn import Conversation
from strategibot.domain.messages import Incoming, Reply

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
        """The user's address from the Teams roster (other Bot Framework channels have none)."""
        if self.context.activity.channel_id != "msteams" or not self._incoming.user.id:
            return None
        member = await TeamsInfo.get_member(self.context, self._incoming.user.id)
        email = getattr(member, "email", None) or getattr(member, "user_principal_name", None)
        return email if isinstance(email, str) and email else None


class TeamsBot:
    """The botbuilder ``Bot`` of the Teams endpoint: runs :class:`Conversation` turns.

    Args:
        conversation: the channel-independent conversation.
        typing_delay: seconds before the first typing indicator of a slow turn.
        typing_period: seconds between typing indicators while the turn runs.
    """

    def __init__(self, conversation: Conversation, *, typing_delay: float = 0.5,
                 typing_period: float = 2.0) -> None:
        self.conversation = conversation
        self.typing_delay = typing_delay
        self.typing_period = typing_period

    async def on_turn(self, context: TurnContext) -> None:
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
