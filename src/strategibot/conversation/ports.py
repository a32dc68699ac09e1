"""What the conversation needs of a channel during a turn: the incoming message, a way to
answer, and a way to find out who the user is. Each channel (Teams, Slack, the terminal)
implements :class:`Turn`; the conversation never sees a platform type."""

from __future__ import annotations

from typing import Protocol

from strategibot.domain.messages import Incoming, Reply

__all__ = ["Turn"]


class Turn(Protocol):
    """One turn of a conversation, as a channel delivers it."""

    @property
    def incoming(self) -> Incoming:
        """What the user sent (or that the bot was installed)."""

    @property
    def forms(self) -> bool:
        """True when the channel shows forms (Adaptive Cards): check-ins are then one form per
        unit; otherwise they are asked step by step."""

    async def send(self, reply: Reply) -> None:
        """Answer in the conversation (in the thread the message came from).

        Raises:
            ChannelError: the channel refused the answer.
        """

    async def lookup_email(self) -> str | None:
        """The user's e-mail address as the channel knows it (Teams roster, Slack profile), or
        None when the channel cannot tell."""

    async def private(self) -> Turn | None:
        """This turn moved to the user's one-to-one chat with the bot (itself when it is one
        already): check-ins and figures a person reports never show in a channel. None when
        the channel cannot open one.

        Raises:
            ChannelError: the channel refused to open the chat.
        """
