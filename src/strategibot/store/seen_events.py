"""Deliveries already answered, in the database: a Slack event id is kept for an hour, so a
retry (``X-Slack-Retry-Num``) or a replay inside the signature window is answered once — after a
restart, and on any replica.

``seen(key)`` inserts the key and tells whether it was there already, in one statement the
database decides (``INSERT … ON CONFLICT DO NOTHING``): of two replicas that get the same event
at once, exactly one answers it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.store.db import session_scope, upsert_into
from strategibot.store.tables import SeenEvent

__all__ = ["SeenEvents"]

_KEY_LENGTH = 200


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SeenEvents:
    """Expiring "already seen" marks.

    Args:
        factory: the database.
        ttl: how long a key is remembered.
        now: the current instant (aware).
    """

    def __init__(self, factory: async_sessionmaker[AsyncSession], *,
                 ttl: dt.timedelta = dt.timedelta(hours=1),
                 now: Callable[[], dt.datetime] = _utc_now) -> None:
        self.factory = factory
        self.ttl = ttl
        self.now = now

    async def seen(self, key: str) -> bool:
        """True if ``key`` was marked within ``ttl``; it is marked now either way.

        Raises:
            StorageError: the database failed (the caller asks the sender to retry).
        """
        key = key[:_KEY_LENGTH]
        now = self.now()
        async with session_scope(self.factory) as session:
            await session.execute(delete(SeenEvent).where(
                SeenEvent.key == key, SeenEvent.seen_at < now - self.ttl))
            result = await session.execute(upsert_into(session, SeenEvent).values(
                key=key, seen_at=now).on_conflict_do_nothing())
            return getattr(result, "rowcount", 1) == 0

    async def expire(self) -> int:
        """Forget keys older than ``ttl``; how many were forgotten."""
        async with session_scope(self.factory) as session:
            result = await session.execute(
                delete(SeenEvent).where(SeenEvent.seen_at < self.now() - self.ttl))
            return int(getattr(result, "rowcount", 0) or 0)
