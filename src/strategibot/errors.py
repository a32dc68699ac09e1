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
    ├── BadActivity               a request to /api/messages is malformed (bot/inbound.py)
    ├── KeysUnavailable           token signing keys cannot be fetched (bot/adapter.py)
    ├── ConnectorError            the Bot Connector answered an error (status, Retry-After)
    │   └── TokenError            no access token could be obtained
    └── SlackError
        ├── SignatureInvalid      a Slack request is forged, replayed or unsigned
        └── SlackApiError         the Slack Web API answered an error

Third-party errors are translated at the boundary (``raise … from exc``) so callers catch only
these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ConfigError",
    "DataNotFound",
    "DialogScriptError",
    "KnowledgeError",
    "KnowledgeFileInvalid",
    "Problem",
    "StorageError",
    "StrategibotError",
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
    """A dialogs/ file is invalid."""


class StorageError(StrategibotError):
    """The database failed."""
