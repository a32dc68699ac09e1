"""Who a chat user is: the e-mail address that matches them to the units they lead.

Nothing more is kept about a person than the channel, the channel's user id, the address and a
display name (see README, "Privacy and data").
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.clock import Clock
from strategibot.store.db import session_scope
from strategibot.store.tables import Person

__all__ = ["People"]


class People:
    """The user → e-mail mapping."""

    def __init__(self, factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self.factory = factory
        self.clock = clock

    async def remember(self, channel: str, user_id: str, email: str | None,
                       name: str | None = None) -> None:
        """Keep the e-mail that matches a chat user to units (and nothing else)."""
        async with session_scope(self.factory) as session:
            person = await session.scalar(select(Person).where(
                Person.channel == channel, Person.user_id == user_id))
            if person is None:
                session.add(Person(channel=channel, user_id=user_id, email=email, name=name,
                                   updated_at=self.clock.now()))
            elif (person.email, person.name) != (email, name):
                person.email, person.name = email, name
                person.updated_at = self.clock.now()

    async def email(self, channel: str, user_id: str) -> str | None:
        """The e-mail remembered for this user, if any."""
        async with session_scope(self.factory) as session:
            found: str | None = await session.scalar(select(Person.email).where(
                Person.channel == channel, Person.user_id == user_id))
            return found
