"""The daily retention job: personal data is kept only as long as the README's "Privacy and
data" says.

=====================  ====================================================================
what                   deleted when
=====================  ====================================================================
question_log           asked more than ``STRATEGIBOT_RETAIN_QUESTIONS_DAYS`` (180) ago
people                 not confirmed by the channel for ``STRATEGIBOT_RETAIN_IDENTITIES_DAYS``
                       (90): a user who writes again is looked up again
conversations          not written in for ``STRATEGIBOT_RETAIN_CONVERSATIONS_DAYS`` (365), with
                       no active subscription and nothing sent there in that time — with
                       their deliveries, inactive subscriptions and flow state
flow_states            a step-by-step check-in untouched for 30 days
seen_events            older than an hour
=====================  ====================================================================
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.clock import Clock
from strategibot.store.db import session_scope
from strategibot.store.seen_events import SeenEvents
from strategibot.store.tables import (
    Conversation,
    Delivery,
    FlowState,
    Person,
    QuestionLog,
    Subscription,
)

__all__ = ["FLOW_DAYS", "Retention"]

log = logging.getLogger(__name__)

FLOW_DAYS = 30
"""Days an abandoned step-by-step check-in is kept."""


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Retention:
    """Deletes what is past its retention period (see the module docstring).

    Args:
        clock: the bot's clock (``people`` and ``conversations`` carry its time).
        now: the real time (``question_log`` and ``flow_states`` carry the database's).
    """

    def __init__(self, factory: async_sessionmaker[AsyncSession], clock: Clock, *,
                 questions_days: int, conversations_days: int, identities_days: int,
                 seen: SeenEvents | None = None,
                 now: Callable[[], dt.datetime] = _utc_now) -> None:
        self.factory = factory
        self.clock = clock
        self.questions = dt.timedelta(days=questions_days)
        self.conversations = dt.timedelta(days=conversations_days)
        self.identities = dt.timedelta(days=identities_days)
        self.seen = seen
        self.now = now

    async def run(self) -> dict[str, int]:
        """Delete what is due; how many rows of each table were deleted."""
        done: dict[str, int] = {}
        now, bot_now = self.now(), self.clock.now()
        async with session_scope(self.factory) as session:
            done["question_log"] = await _count(session, delete(QuestionLog).where(
                QuestionLog.asked_at < bot_now - self.questions))  # (dated by the bot's clock)
            done["people"] = await _count(session, delete(Person).where(
                Person.updated_at < bot_now - self.identities))
            done["flow_states"] = await _count(session, delete(FlowState).where(
                FlowState.updated_at < now - dt.timedelta(days=FLOW_DAYS)))
            for table, count in (await self._conversations(
                    session, bot_now - self.conversations)).items():
                done[table] = done.get(table, 0) + count
        if self.seen is not None:
            done["seen_events"] = await self.seen.expire()
        done = {table: count for table, count in done.items() if count}
        log.info("retention", extra={"deleted": done})
        return done

    @staticmethod
    async def _conversations(session: AsyncSession, cutoff: dt.datetime) -> dict[str, int]:
        active = exists().where(Subscription.conversation_id == Conversation.id,
                                Subscription.active.is_(True))
        recent = exists().where(Delivery.conversation_id == Conversation.id,
                                Delivery.claimed_at >= cutoff)
        rows = (await session.execute(select(
            Conversation.id, Conversation.channel, Conversation.conversation_id).where(
            Conversation.updated_at < cutoff, ~active, ~recent))).all()
        if not rows:
            return {}
        ids = [row.id for row in rows]
        done = {"deliveries": 0, "subscriptions": 0, "flow_states": 0, "conversations": 0}
        subscriptions = list((await session.scalars(select(Subscription.id).where(
            Subscription.conversation_id.in_(ids)))).all())
        done["deliveries"] = await _count(session, delete(Delivery).where(
            Delivery.conversation_id.in_(ids)
            | Delivery.subscription_id.in_(subscriptions or [-1])))
        done["subscriptions"] = await _count(session, delete(Subscription).where(
            Subscription.conversation_id.in_(ids)))
        for row in rows:
            done["flow_states"] += await _count(session, delete(FlowState).where(
                FlowState.key.startswith(f"{row.channel}/conversations/{row.conversation_id}",
                                         autoescape=True)))
        done["conversations"] = await _count(session, delete(Conversation).where(
            Conversation.id.in_(ids)))
        return done


async def _count(session: AsyncSession, statement: object) -> int:
    done = await session.execute(statement)  # type: ignore[call-overload]
    return int(getattr(done, "rowcount", 0) or 0)
