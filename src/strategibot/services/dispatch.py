"""Everything the bot posts on its own goes through here: each send is claimed in the delivery
ledger before it goes out and confirmed after, so it goes out once and is finished after a
crash; a conversation the bot was removed from pauses its subscription and the admins hear of
it."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.clock import Clock
from strategibot.core.i18n import I18n
from strategibot.delivery.sender import Outcome, Sender
from strategibot.domain.messages import Reply
from strategibot.errors import StorageError
from strategibot.services.conversations import place_of
from strategibot.store.conversations import claim_delivery, finish_delivery
from strategibot.store.db import session_scope
from strategibot.store.tables import Conversation, Subscription

__all__ = ["Dispatcher", "RunResult"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunResult:
    """What became of one proactive send: sent, paused, failed or skipped."""

    kind: str
    conversation_id: int
    period: str
    status: str


class Dispatcher:
    """Claims, sends (through the :class:`Sender`) and confirms proactive messages."""

    def __init__(self, *, factory: async_sessionmaker[AsyncSession], sender: Sender,
                 clock: Clock, i18n: I18n, admins: frozenset[str] = frozenset(),
                 replica: str | None = None) -> None:
        self.factory = factory
        self.sender = sender
        self.clock = clock
        self.i18n = i18n
        self.admins = admins
        self.replica = replica or uuid.uuid4().hex[:12]

    async def deliver(self, kind: str, conversation: Conversation, period: str,
                      replies: Sequence[Reply], *, subscription_id: int | None = None,
                      figures: dict[str, Any] | None = None,
                      take_over: bool = False) -> RunResult:
        """Send ``replies`` to ``conversation`` once for (kind, conversation, period)."""
        stale = dt.timedelta(0) if take_over else dt.timedelta(minutes=10)
        try:
            async with session_scope(self.factory) as session:
                claim = await claim_delivery(
                    session, kind=kind, conversation_id=conversation.id, period=period,
                    subscription_id=subscription_id, replica=self.replica,
                    at=self.clock.now(), stale_after=stale)
                claim_id = claim.id if claim is not None else None
        except StorageError:  # another replica claimed it at the same instant
            claim_id = None
        if claim_id is None:
            return RunResult(kind, conversation.id, period, "skipped")
        outcome: Outcome = await self.sender.send(place_of(conversation), replies)
        async with session_scope(self.factory) as session:
            await finish_delivery(session, claim_id, status=outcome.status,
                                  attempts=outcome.attempts, http_status=outcome.http_status,
                                  error=outcome.error, figures=figures, at=self.clock.now())
            if outcome.status == "paused" and subscription_id is not None:
                subscription = await session.get(Subscription, subscription_id)
                if subscription is not None:
                    subscription.active = False
                    subscription.paused_reason = f"{outcome.http_status}: {outcome.error}"[:300]
        log.info("delivery finished", extra={"kind": kind, "period": period,
                                             "status": outcome.status,
                                             "attempts": outcome.attempts})
        if outcome.status == "paused":
            await self._tell_admins(conversation, outcome)
        return RunResult(kind, conversation.id, period, outcome.status)

    async def _tell_admins(self, conversation: Conversation, outcome: Outcome) -> None:
        """A paused subscription is reported to every admin with a personal chat."""
        async with session_scope(self.factory) as session:
            chats = (await session.scalars(select(Conversation).where(
                Conversation.kind == "personal",
                Conversation.user_email.in_(sorted(self.admins))))).all()
        where = f"{conversation.channel}:{conversation.conversation_id}"
        for chat in chats:
            lang = chat.lang or "da"
            reply = Reply(lang=lang, text=self.i18n.text(
                "progress.digest.paused_admin", lang, where=where,
                status=outcome.http_status or outcome.error or "?"))
            period = f"paused-{conversation.id}-{self.clock.now():%Y%m%d%H%M}"
            await self.deliver("notice", chat, period, [reply])
