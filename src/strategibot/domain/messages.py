"""The project's own message types: what comes in (:class:`Incoming`, from a :class:`User` in a
:class:`Place`) and what goes out (:class:`Reply`, with :class:`Action` buttons and an optional
:class:`Form`).

Nothing here knows Teams, Slack or the Bot Framework SDK. A channel (``strategibot.channels``)
turns its platform's events into an :class:`Incoming` and a :class:`Reply` into its platform's
message (with ``strategibot.render``); everything between works on these types only.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "Action",
    "Form",
    "FormField",
    "Incoming",
    "Lang",
    "Outcome",
    "Place",
    "Reply",
    "Source",
    "User",
]

Lang = str
"""A language code: ``"da"`` or ``"en"``."""


class Outcome(enum.StrEnum):
    """How the answer engine handled a question."""

    ANSWER = "answer"
    CLARIFY = "clarify"
    UNKNOWN = "unknown"
    GREETING = "greeting"
    HELP = "help"
    THANKS = "thanks"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class Action:
    """A button. Clicking it sends ``value`` back to the bot as if the user had typed it.

    Args:
        title: the label the user sees.
        value: the text the bot receives when the button is clicked.
        kind: ``"ask"`` (ask a question), ``"command"`` (a bot command such as check-in) or
            ``"link"`` (open ``value``, a URL, in the browser).
    """

    title: str
    value: str
    kind: str = "ask"


@dataclass(frozen=True, slots=True)
class Source:
    """Where an answer comes from: the document's title and its page numbers."""

    document: str
    pages: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class FormField:
    """One input of a form: ``kind`` is choice, number, text or boolean."""

    id: str
    label: str
    kind: str
    value: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    """(value, label) pairs for choice and boolean inputs."""
    max_length: int | None = None
    heading: str | None = None
    """A heading shown above this input (the goal it belongs to)."""
    placeholder: str | None = None


@dataclass(frozen=True, slots=True)
class Form:
    """A form the user fills in and submits at once (Teams renders it as an Adaptive Card)."""

    fields: tuple[FormField, ...]
    submit_label: str
    submit_data: dict[str, str]


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot says, independent of the channel.

    Args:
        lang: language of the reply.
        text: the main text (light Markdown: ``**bold**`` and ``- `` list items).
        title: an optional heading (an entry's title).
        source: the source to name under the answer, if any.
        prompt: a short line before ``actions`` ("Related questions", "Did you mean …?").
        actions: buttons (follow-up questions, did-you-mean candidates, commands).
        outcome: which outcome produced it.
        entry_id: the knowledge entry answered, if any.
    """

    lang: Lang
    text: str
    title: str | None = None
    source: Source | None = None
    source_label: str | None = None
    prompt: str | None = None
    actions: tuple[Action, ...] = field(default_factory=tuple)
    outcome: Outcome = Outcome.ANSWER
    entry_id: str | None = None
    form: Form | None = None
    lines: tuple[str, ...] = ()
    """Extra lines under the text (a list the renderers show as bullets)."""


@dataclass(frozen=True, slots=True)
class User:
    """Who wrote: the channel's id of the person (and a display name, when the channel gives
    one). The e-mail address is looked up separately, only when it is needed."""

    id: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A conversation the bot is in, as the channel names it.

    Args:
        channel: ``"msteams"``, ``"slack"``, ``"terminal"``, ``"emulator"``, ``"webchat"`` …
        id: the conversation itself — a Teams channel without its thread (``;messageid=``), a
            Slack channel without its thread — so that a channel is one conversation for
            subscriptions and rights, whatever thread a message comes from.
        kind: ``"personal"`` (a 1:1 chat), ``"groupChat"`` or ``"channel"``.
        tenant: the Teams tenant or Slack workspace, when known.
        thread: the thread the message came from (replies go there), if any.
        address: what the channel needs to post here later on its own (JSON; only the channel
            reads it).
    """

    channel: str
    id: str
    kind: str = "personal"
    tenant: str | None = None
    thread: str | None = None
    address: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """``channel|id``: one conversation, whatever its thread."""
        return f"{self.channel}|{self.id}"


@dataclass(frozen=True, slots=True)
class Incoming:
    """Something a channel delivered to the bot.

    Args:
        kind: ``"message"`` (typed text, a button click or a submitted form),
            ``"installed"`` (the bot was added to ``place``) or ``"edited"`` (a message
            sent before was changed: Teams' ``messageUpdate``).
        place: the conversation.
        user: who wrote (for ``"installed"``: who added the bot).
        text: the text, with @mentions of the bot removed; a clicked button's value.
        value: the data of a submitted form or a clicked card button, if any.
        locale: the client's locale (``"da-DK"``), a hint for the language.
        id: the channel's id of this message; a redelivery carries the same id.
    """

    kind: Literal["message", "installed", "edited"]
    place: Place
    user: User
    text: str = ""
    value: Mapping[str, Any] | None = None
    locale: str | None = None
    id: str | None = None

    @property
    def key(self) -> str | None:
        """``channel|conversation|id`` of this message (redeliveries share it), or None."""
        if not self.id:
            return None
        return f"{self.place.channel}|{self.place.id}|{self.id}"[:290]
