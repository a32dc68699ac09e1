"""``strategibot chat``: the same conversation in this terminal.

Typed lines become messages; replies are rendered as text, and a reply's buttons are
numbered — type the number to click one. ``--as EMAIL`` says who the terminal user is (a unit
leader of the example organisation can then check in).
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import Callable
from typing import Protocol, TextIO

from strategibot.domain.messages import Action, Incoming, Place, Reply, User
from strategibot.errors import TurnUnanswered
from strategibot.render.text import render_text

__all__ = ["CHANNEL", "EXIT_WORDS", "TerminalChannel", "TerminalTurn"]

CHANNEL = "terminal"
EXIT_WORDS = frozenset({"exit", "quit", "afslut", ":q"})
"""(not "farvel", "bye": the bot says goodbye to them, as in Teams)"""


class Handler(Protocol):
    async def handle(self, turn: TerminalTurn) -> None: ...


class TerminalTurn:
    """A :class:`~strategibot.conversation.ports.Turn` in the terminal."""

    forms = False

    def __init__(self, channel: TerminalChannel, incoming: Incoming) -> None:
        self._channel = channel
        self._incoming = incoming

    @property
    def incoming(self) -> Incoming:
        return self._incoming

    async def send(self, reply: Reply) -> None:
        self._channel.show(reply)

    async def private(self) -> TerminalTurn:
        """The terminal is a one-to-one chat already."""
        return self

    async def lookup_email(self) -> str | None:
        return self._channel.email


class TerminalChannel:
    """Turns typed lines into messages and prints the replies.

    Args:
        out: where replies are written.
        lang: the terminal's language (its locale, a hint when a message does not show one).
        email: who the terminal user is (None: unknown).
    """

    def __init__(self, out: TextIO, *, lang: str = "da", email: str | None = None) -> None:
        self.out = out
        self.locale = "en-US" if lang == "en" else "da-DK"
        self.email = email
        self.actions: tuple[Action, ...] = ()
        # one person, one chat: the same e-mail gets the same chat (a check-in goes on in the
        # next session) and the same user id (never someone else's remembered address)
        who = (email or "").strip().casefold()
        key = hashlib.sha256(who.encode()).hexdigest()[:16] if who else uuid.uuid4().hex[:16]
        self.place = Place(channel=CHANNEL, id=f"terminal-{key}",
                           kind="personal")
        self.user = User(id=f"terminal-user-{key}", name="You")

    def show(self, reply: Reply) -> None:
        self.out.write("\n" + render_text(reply) + "\n\n")
        self.out.flush()
        self.actions = reply.actions

    def message(self, line: str) -> Incoming:
        """A typed line as a message; a number picks one of the last reply's buttons."""
        text = line.strip()
        if text.isdigit() and 1 <= int(text) <= len(self.actions):
            text = self.actions[int(text) - 1].value
            self.out.write(f"> {text}\n")
        return Incoming("message", self.place, self.user, text=text, locale=self.locale,
                        id=uuid.uuid4().hex)

    async def run(self, handler: Handler, read: Callable[[], str]) -> None:
        """The welcome, then one turn per line until EOF or an exit word."""
        installed = Incoming("installed", self.place, self.user, locale=self.locale)
        await handler.handle(TerminalTurn(self, installed))
        while True:
            try:
                line = await asyncio.to_thread(read)
            except EOFError:
                break
            if line.strip().lower() in EXIT_WORDS:
                break
            try:
                await handler.handle(TerminalTurn(self, self.message(line)))
            except TurnUnanswered:  # logged where it failed; the next line is a new turn
                continue
