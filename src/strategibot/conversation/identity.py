"""Who is writing: the e-mail address that matches a chat user to the units they lead.

Found in this order: the address remembered for this channel user, if it was read from the
channel within the identity TTL (24 h by default: a roster change reaches the bot within a day);
the channel's own lookup (the Teams roster, the Slack profile), which is then remembered; and,
where the channel cannot tell (the Emulator, the Agents Playground), the configured development
address — which exists only in anonymous local mode (the settings refuse it with an app id) and
is never remembered.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING

from cachetools import TTLCache

from strategibot.conversation.ports import Turn
from strategibot.errors import ChannelError
from strategibot.services.people import People

if TYPE_CHECKING:
    from strategibot.conversation.privacy import MyDataReplies

__all__ = ["Identity"]

log = logging.getLogger(__name__)

_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
"""What can be an e-mail address (or a user principal name): one @, no spaces, a dot after."""

LOOKUP_LIMIT = 3.0
"""Seconds a roster look-up may take within a turn: the reply must not wait for it longer
(a turn has 10 s in all; the answer to a question does not need the address)."""

FAILED_LOOKUP_BACKOFF = 60.0
"""Seconds a user's roster look-up is not tried again after it failed (no answer, an error):
the same turn and the next ones go on without the address instead of waiting again."""


class Identity:
    """Finds the user's e-mail address for a turn."""

    def __init__(self, people: People, *, dev_email: str | None = None,
                 dev_channels: frozenset[str] | None = None,
                 my_data: MyDataReplies | None = None) -> None:
        self.people = people
        self.dev_email = dev_email.casefold() if dev_email else None
        self.dev_channels = dev_channels
        """Where the development address may apply (None: everywhere): the Bot Framework
        channels of anonymous local mode — never Slack, whose users are signed."""
        self.my_data = my_data
        self._failed: TTLCache[tuple[str, str], bool] = TTLCache(
            maxsize=10_000, ttl=FAILED_LOOKUP_BACKOFF)

    async def tell_stored(self, turn: Turn, lang: str) -> None:
        """Answer "slet mine data" / "delete my data": what is stored about this user and how
        to have it exported or erased."""
        if self.my_data is None:
            return
        incoming = turn.incoming
        email = await self.email(turn)
        await turn.send(await self.my_data.reply(email, incoming.place.channel,
                                                 incoming.user.id, lang))

    async def email(self, turn: Turn) -> str | None:
        incoming = turn.incoming
        user, channel = incoming.user, incoming.place.channel
        if not user.id:
            return None
        known = await self.people.email(channel, user.id)
        if known:
            return known
        found = None
        if (channel, user.id) not in self._failed:
            try:
                async with asyncio.timeout(LOOKUP_LIMIT):
                    found = await turn.lookup_email()
            except (ChannelError, OSError, TimeoutError) as exc:
                self._failed[(channel, user.id)] = True
                log.warning("could not look the user up", extra={"channel": channel,
                                                                 "error": type(exc).__name__})
        if found and not _ADDRESS.fullmatch(found.strip()):
            # a roster entry that is no address ("HR og Kompetenceudvikling") names nobody:
            # never kept, never matched to units
            log.warning("the roster gave no e-mail address", extra={"channel": channel})
            found = None
        if found:
            email = found.strip().casefold()
            await self.people.confirm(channel, user.id, email)
            return email
        if self.dev_channels is not None and channel not in self.dev_channels:
            return None
        return self.dev_email
