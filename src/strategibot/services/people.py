"""Who a chat user is: the e-mail address that matches them to the units they lead.

Nothing more is kept about a person than the channel, the channel's user id and the address
(see README, "Privacy and data"). A mapping is trusted for ``ttl`` (the setting
``STRATEGIBOT_IDENTITY_TTL_HOURS``, 24 h) after it was last read from the channel; an older one
is read again, so a roster change reaches the bot within a day. Mappings not confirmed for
``STRATEGIBOT_RETAIN_IDENTITIES_DAYS`` are deleted by the daily retention job.
"""

from __future__ import annotations

import datetime as dt

from cachetools import TTLCache
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.clock import Clock
from strategibot.store.background import BackgroundWriter
from strategibot.store.db import session_scope, upsert_into
from strategibot.store.tables import Person

__all__ = ["CACHED_FOR", "People"]

CACHED_FOR = 600.0
"""Seconds a turn trusts an address it read before without asking the database again."""


def _utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC datetime (SQLite gives it back naive, in UTC)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


class People:
    """The user → e-mail mapping.

    Args:
        ttl: how long a mapping read from the channel is trusted.
    """

    def __init__(self, factory: async_sessionmaker[AsyncSession], clock: Clock, *,
                 ttl: dt.timedelta = dt.timedelta(hours=24),
                 reader: async_sessionmaker[AsyncSession] | None = None,
                 writer: BackgroundWriter | None = None) -> None:
        self.factory = factory
        self.reader = reader or factory
        self.writer = writer
        """where :meth:`confirm` writes (None: in the turn)"""
        self.clock = clock
        self.ttl = ttl
        self._cache: TTLCache[tuple[str, str], tuple[str, dt.datetime]] = TTLCache(
            maxsize=20_000, ttl=min(CACHED_FOR, ttl.total_seconds()),
            timer=lambda: self.clock.now().timestamp())
        """(channel, user id) → (e-mail, trusted until): a turn does not read the table each
        time; at most :data:`CACHED_FOR` seconds, never past the mapping's own expiry"""

    async def remember(self, channel: str, user_id: str, email: str | None,
                       name: str | None = None) -> None:
        """Keep the e-mail that matches a chat user to units (and nothing else): the mapping
        is (re)confirmed now, so it is trusted for another ``ttl``."""
        now = self.clock.now()
        async with session_scope(self.factory) as session:
            await self._upsert(session, channel, user_id, email, name, now)
        self._keep(channel, user_id, email, now)

    async def confirm(self, channel: str, user_id: str, email: str) -> None:
        """:meth:`remember` what the channel's roster just said, with the row written after
        the reply (the background writer): this process knows it at once from its cache, the
        others once the batch is committed (≈ 50 ms). A crash before that loses only the
        row, and the next turn looks the user up in the roster again."""
        if self.writer is None:
            await self.remember(channel, user_id, email)
            return
        now = self.clock.now()
        self._keep(channel, user_id, email, now)

        async def write(session: AsyncSession) -> None:
            await self._upsert(session, channel, user_id, email, None, now)

        await self.writer.submit(write)

    @staticmethod
    async def _upsert(session: AsyncSession, channel: str, user_id: str, email: str | None,
                      name: str | None, now: dt.datetime) -> None:
        # one statement: two turns of a new user at once must not collide on the key
        statement = upsert_into(session, Person).values(channel=channel, user_id=user_id,
                                                        email=email, name=name, updated_at=now)
        await session.execute(statement.on_conflict_do_update(
            index_elements=[Person.channel, Person.user_id],
            set_={"email": email, "name": name, "updated_at": now}))

    def _keep(self, channel: str, user_id: str, email: str | None, now: dt.datetime) -> None:
        if email:
            self._cache[(channel, user_id)] = (email, now + self.ttl)
        else:
            self._cache.pop((channel, user_id), None)

    async def email(self, channel: str, user_id: str) -> str | None:
        """The e-mail remembered for this user, if it was confirmed within ``ttl``."""
        cached = self._cache.get((channel, user_id))
        if cached is not None and cached[1] >= self.clock.now():
            return cached[0]
        async with session_scope(self.reader) as session:
            row = (await session.execute(select(Person.email, Person.updated_at).where(
                Person.channel == channel, Person.user_id == user_id))).first()
        if row is None or not row.email:
            return None
        age = self.clock.now() - _utc(row.updated_at)
        if age > self.ttl or age < -dt.timedelta(minutes=5):  # stale, or "confirmed" in a
            # future the clock is not in (STRATEGIBOT_TODAY set back): read it again
            return None  # expired: the caller reads the channel again
        found: str = row.email
        self._cache[(channel, user_id)] = (found, _utc(row.updated_at) + self.ttl)
        return found

    def forget(self) -> None:
        """Drop what this process remembers (another process changed the table: the
        mappings are read again; without this they are at most :data:`CACHED_FOR` old)."""
        self._cache.clear()
