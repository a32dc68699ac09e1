"""The project's exception tree.

::

    StrategibotError
    ├── ConfigError               an invalid setting (raised at start, names the variable)
    ├── DataNotFound              dialogs/ or knowledge/ could not be found
    ├── KnowledgeError
    │   └── KnowledgeFileInvalid  a knowledge file breaks the schema (file, entry, field)
    ├── DialogScriptError         a dialogs/ file is invalid
    ├── OrganisationInvalid       an organisation CSV has bad rows (domain/organisation.py)
    ├── ScheduleInvalid           a subscription schedule cannot be understood (domain/schedule.py)
    ├── StorageError              the database failed (wraps SQLAlchemyError)
    │   ├── ETagConflict          bot state changed since it was read (store/bot_storage.py)
    │   └── UnreadableItem        stored bot state cannot be restored safely
    ├── FlowStateConflict         a conversation's flow state changed since it was read
    ├── TurnUnanswered            a turn failed and not even the apology reached the user
    ├── ChannelError              a channel refused or failed a call: status, Retry-After, code
    │   ├── ConnectorError        the Bot Connector answered an error (channels/teams)
    │   │   └── TokenError        no access token could be obtained
    │   └── SlackApiError         the Slack Web API answered an error (channels/slack)
    ├── BadActivity               a request to /api/messages is malformed (channels/teams)
    ├── KeysUnavailable           token signing keys cannot be fetched (channels/teams)
    └── SlackError
        └── SignatureInvalid      a Slack request is forged, replayed or unsigned

Third-party errors are translated at the boundary (``raise … from exc``) so callers catch only
these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ChannelError",
    "ConfigError",
    "DataNotFound",
    "DialogScriptError",
    "KnowledgeError",
    "KnowledgeFileInvalid",
    "Problem",
    "StorageError",
    "StrategibotError",
    "TurnUnanswered",
]


class StrategibotError(Exception):
    """Base of every error the project raises on purpose."""


class ConfigError(StrategibotError):
    """A setting has an invalid value."""


class DataNotFound(StrategibotError):
    """A data folder (dialogs/, knowledge/, manifest/) could not be found."""


class KnowledgeError(StrategibotError):
    """The knowledge base could not be loaded or used."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation problem: where it is and what is wrong."""

    file: str
    entry: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.entry:
            where += f": entry '{self.entry}'"
        if self.field:
            where += f": field '{self.field}'"
        return f"{where}: {self.message}"


class KnowledgeFileInvalid(KnowledgeError):
    """One or more knowledge files break the schema."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the knowledge base:\n{lines}")


class DialogScriptError(StrategibotError):
    """A dialogs/ file is invalid; ``problems`` names file, key and field of each problem."""

    problems: tuple[Problem, ...] = ()

    @classmethod
    def with_problems(cls, problems: Sequence[Problem]) -> DialogScriptError:
        lines = "\n".join(f"  - {p}" for p in problems)
        error = cls(f"{len(problems)} problem(s) in the dialogs:\n{lines}")
        error.problems = tuple(problems)
        return error


class StorageError(StrategibotError):
    """The database failed."""


class TurnUnanswered(StrategibotError):
    """A turn failed and the user heard nothing, not even "Ikke gemt" (the turn's time was
    up, or the channel took no reply): the channel answers the request with a 5xx so the
    sender knows, and a redelivery of the message is handled afresh.

    ``answer`` is what the 5xx says (safe to show: no data of the message)."""

    def __init__(self, message: str, answer: str = "the bot could not answer; nothing was "
                                                   "saved") -> None:
        super().__init__(message)
        self.answer = answer


class ChannelError(StrategibotError):
    """A call to a channel (the Bot Connector, the Slack Web API) failed.

    The delivery layer decides from these attributes alone whether to retry, pause or give up,
    so it never needs to know a channel's own error classes.

    Attributes:
        status: the HTTP status, or None when no HTTP answer came.
        retry_after: seconds the channel asked us to wait, if it did.
        code: the channel's own error code, if it sent one.
    """

    def __init__(self, message: str, *, status: int | None = None,
                 retry_after: float | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        self.code = code

    @property
    def rate_limited(self) -> bool:
        """The channel asked us to slow down (HTTP 429)."""
        return self.status == 429

    @property
    def transient(self) -> bool:
        """The same call may succeed later: no answer, 408, 429 and 5xx."""
        return self.status is None or self.status in (0, 408, 429) or self.status >= 500

    @property
    def gone(self) -> bool:
        """The bot can no longer post there (removed, archived …): 403 and 404."""
        return self.status in (403, 404)
