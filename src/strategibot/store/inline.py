"""SQLite: small indexed reads made on the event loop's own thread.

A read through SQLAlchemy's async engine and aiosqlite hops to aiosqlite's thread and back
for each step (``BEGIN``, the statement, the fetch, closing the cursor, ending the
transaction) — five wake-ups of the event loop, and under load five waits for the GIL behind
the turns the loop is running. For the read every turn makes — its conversation's flow
states, a primary-key look-up of one or two rows — that costs far more than the read itself
(tens of microseconds). :class:`InlineReader` makes such reads directly on a read-only
connection of its own: in WAL mode a reader never waits for the writer, and a bounded busy
timeout (a few milliseconds: the checkpointer's brief lock) caps how long it can hold the
loop. Any error — the file gone, locked past the timeout, a schema it does not know — is
:class:`InlineUnavailable`, and the caller reads the ordinary way, which reports it properly.

Only for reads whose statement is fixed and indexed, never for writes.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy.engine import make_url

__all__ = ["InlineReader", "InlineUnavailable", "inline_reader"]

log = logging.getLogger(__name__)

BUSY_MS = 5
"""The longest a read may wait for a lock (and so hold the event loop)."""


class InlineUnavailable(Exception):
    """The inline read could not be made: read the ordinary way."""


class InlineReader:
    """A read-only SQLite connection used on the event loop's thread (see the module).

    Args:
        path: the database file (it exists: the migrations ran).
        on_read: called for each read made (the transactions metric counts it).
    """

    def __init__(self, path: str, *, on_read: Callable[[], None] | None = None) -> None:
        self.path = path
        self._on_read = on_read
        self._connection: sqlite3.Connection | None = None

    def rows(self, sql: str, parameters: Sequence[Any]) -> list[tuple[Any, ...]]:
        """The rows of one statement, read in its own implicit transaction.

        Raises:
            InlineUnavailable: the read could not be made here.
        """
        try:
            connection = self._connection or self._connect()
            if self._on_read is not None:
                self._on_read()
            return connection.execute(sql, tuple(parameters)).fetchall()
        except sqlite3.Error as exc:
            log.debug("inline read fell back: %s", exc)
            self.close()  # a fresh connection next time (the file may have been replaced)
            raise InlineUnavailable(str(exc)) from exc

    def _connect(self) -> sqlite3.Connection:
        uri = f"file:{quote(str(Path(self.path).resolve()))}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, isolation_level=None,
                                     check_same_thread=False)
        try:
            connection.execute(f"PRAGMA busy_timeout={BUSY_MS}")
            connection.execute("PRAGMA query_only=ON")
        except sqlite3.Error:
            connection.close()
            raise
        self._connection = connection
        return connection

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):  # closing a broken connection
                self._connection.close()
            self._connection = None


def inline_reader(url: str, *, on_read: Callable[[], None] | None = None) -> InlineReader | None:
    """An :class:`InlineReader` for a SQLite file database; None for anything else."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if str(parsed.database).startswith("file:"):
        return None  # a URI database: its own options, read the ordinary way
    return InlineReader(str(parsed.database), on_read=on_read)
