"""Digest subscriptions of conversations, and leaders who asked not to be reminded."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.clock import Clock
from strategibot.domain.schedule import Schedule
from strategibot.store.db import session_scope
from strategibot.store.tables import ReminderStop, Subscription

__all__ = ["Subscriptions"]


class Subscriptions:
    """Subscribe, unsubscribe, list; stop and restart reminders."""

    def __init__(self, factory: async_sessionmaker[AsyncSession],
                 clock: Clock | None = None) -> None:
        self.factory = factory
        self.clock = clock or Clock()

    async def subscribe(self, conversation_id: int, schedule: Schedule, lang: str,
                        by: str) -> Subscription:
        """One digest subscription per conversation: a new schedule replaces the old one."""
        async with session_scope(self.factory) as session:
            rows = (await session.scalars(select(Subscription).where(
                Subscription.conversation_id == conversation_id))).all()
            current = next((r for r in rows if r.active), rows[0] if rows else None)
            if current is None:
                current = Subscription(conversation_id=conversation_id, created_by=by,
                                       schedule="", lang=lang)
                session.add(current)
            if not current.active or current.schedule != schedule.to_json():
                current.since = self.clock.now()  # a digest due before now was not missed
            current.schedule, current.lang, current.active = schedule.to_json(), lang, True
            current.paused_reason = None
            await session.flush()
            return current

    async def unsubscribe(self, conversation_id: int) -> int:
        """Stop the conversation's active subscriptions; how many were active."""
        async with session_scope(self.factory) as session:
            rows = (await session.scalars(select(Subscription).where(
                Subscription.conversation_id == conversation_id,
                Subscription.active.is_(True)))).all()
            for row in rows:
                row.active = False
            return len(rows)

    async def list(self, conversation_id: int | None = None) -> list[Subscription]:
        """Subscriptions (of one conversation), oldest first."""
        async with session_scope(self.factory) as session:
            query = select(Subscription).order_by(Subscription.id)
            if conversation_id is not None:
                query = query.where(Subscription.conversation_id == conversation_id)
            return list((await session.scalars(query)).all())

    async def reminders_stopped(self, email: str) -> bool:
        """Whether ``email`` has turned reminders off."""
        async with session_scope(self.factory) as session:
            return await session.get(ReminderStop, email) is not None

    async def set_reminders(self, email: str, *, stop: bool) -> None:
        async with session_scope(self.factory) as session:
            row = await session.get(ReminderStop, email)
            if stop and row is None:
                session.add(ReminderStop(email=email))
            elif not stop and row is not None:
                await session.delete(row)
