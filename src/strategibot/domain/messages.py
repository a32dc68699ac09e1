"""Domain types shared by the knowledge engine, check-ins, digests and the renderers.

Nothing here knows Teams, Slack or botbuilder: a handler returns a :class:`Reply` and only
``strategibot.render`` turns it into a channel's message.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = [
    "Action",
    "Form",
    "FormField",
    "Lang",
    "Outcome",
    "Reply",
    "Source",
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
        kind: ``"ask"`` (ask a question) or ``"command"`` (a bot command such as check-in).
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
    minimum: float | None = None
    maximum: float | None = None
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
