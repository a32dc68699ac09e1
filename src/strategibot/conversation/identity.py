"""Who is writing: the e-mail address that matches a chat user to the units they lead.

Found in this order: the address remembered for this channel user; the channel's own lookup
(the Teams roster, the Slack profile), which is then remembered; and, where the channel cannot
tell (the Emulator, the Agents Playground), the configured development address, which is never
remembered.
"""

from __future__ import annotations

import logging

from strategibot.conversation.ports import Turn
from strategibot.errors import ChannelError
from strategibot.services.people import People

__all__ = ["Identity"]

log = logging.getLogger(__name__)


class Identity:
    """Finds the user's e-mail address for a turn."""

    def __init__(self, people: People, *, dev_email: str | None = None) -> None:
        self.people = people
        self.dev_email = dev_email.casefold() if dev_email else None

    async def email(self, turn: Turn) -> str | None:
        incoming = turn.incoming
        user, channel = incoming.user, incoming.place.channel
        if not user.id:
            return None
        known = await self.people.email(channel, user.id)
        if known:
            return known
        try:
            found = await turn.lookup_email()
        except (ChannelError, OSError, TimeoutError) as exc:
            log.warning("could not look the user up", extra={"channel": channel,
                                                             "error": type(exc).__name__})
            found = None
        if found:
            email = found.strip().casefold()
            await self.people.remember(channel, user.id, email, None)
            return email
        return self.dev_email
