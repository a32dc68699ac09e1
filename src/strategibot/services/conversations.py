"""The conversations the bot is in: remembered when the bot is installed or first addressed,
so digests and reminders can be posted there later, with who may manage them."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.clock import Clock
from strategibot.domain.messages import Place
from strategibot.store.background import Write
from strategibot.store.conversations import remember_conversation
from strategibot.store.db import session_scope
from strategibot.store.tables import Conversation

__all__ = ["Conversations", "place_of"]


def place_of(row: Conversation) -> Place:
    """A stored conversation as the :class:`Place` a channel posts to."""
    try:
        address = json.loads(row.reference)
    except ValueError:
        address = {}
    return Place(channel=row.channel, id=row.conversation_id, kind=row.kind,
                 tenant=row.tenant_id, address=address if isinstance(address, dict) else {})


class Conversations:
    """Stored conversations and the rights over their subscriptions."""

    def __init__(self, factory: async_sessionmaker[AsyncSession], clock: Clock,
                 admins: frozenset[str] = frozenset()) -> None:
        self.factory = factory
        self.clock = clock
        self.admins = admins

    async def remember(self, place: Place, *, installed_by: str | None = None,
                       user_email: str | None = None, lang: str | None = None) -> int:
        """Store (or refresh) ``place``; its row id."""
        async with session_scope(self.factory) as session:
            return await remember_conversation(
                session, channel=place.channel, conversation_id=place.id, kind=place.kind,
                tenant_id=place.tenant, reference=dict(place.address),
                user_email=user_email if place.kind == "personal" else None,
                installed_by=installed_by, lang=lang, at=self.clock.now())

    def remembering(self, place: Place, *, user_email: str | None, lang: str | None,
                    then: Callable[[int], None]) -> Write:
        """The write of :meth:`remember` for the background writer (one of its batch);
        ``then`` gets the row id once it is committed."""
        async def write(session: AsyncSession) -> Callable[[], None]:
            row_id = await remember_conversation(
                session, channel=place.channel, conversation_id=place.id, kind=place.kind,
                tenant_id=place.tenant, reference=dict(place.address),
                user_email=user_email if place.kind == "personal" else None,
                installed_by=None, lang=lang, at=self.clock.now())
            return lambda: then(row_id)

        return write

    def relanguaging(self, conversation_id: int, lang: str) -> Write:
        """The write (for the background writer) of a known conversation's new language."""
        async def write(session: AsyncSession) -> None:
            await session.execute(update(Conversation).where(
                Conversation.id == conversation_id).values(lang=lang,
                                                           updated_at=self.clock.now()))

        return write

    async def get(self, conversation_id: int) -> Conversation | None:
        async with session_scope(self.factory) as session:
            return await session.get(Conversation, conversation_id)

    async def may_manage(self, conversation_id: int, email: str | None) -> bool:
        """Admins, and whoever installed the bot in this team or chat, manage subscriptions;
        in a personal chat its own user does."""
        if email and email in self.admins:
            return True
        row = await self.get(conversation_id)
        if row is None or not email:
            return False
        return row.installed_by == email or (row.kind == "personal" and row.user_email == email)
