"""Where a step-by-step flow (a check-in in Slack or the terminal) keeps its state between
messages: one plain JSON object per conversation, in the ``flow_states`` table.

A read returns the state with its *version*; a write names the version it read and succeeds
only if the row still has it — checked by the database in the ``UPDATE`` itself, so of two
replicas (or two quick messages) that read the same version, one writes and the other gets
:class:`FlowStateConflict`. Nothing but JSON is stored or restored: no classes, no pickling.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.errors import StorageError
from strategibot.store.db import session_scope, upsert_into
from strategibot.store.inline import InlineUnavailable, QuickReader
from strategibot.store.tables import FlowState

__all__ = ["MAX_KEY_LENGTH", "FlowStateConflict", "FlowStates", "Stored"]

MAX_KEY_LENGTH = 512
"""Characters in a key: the length of ``flow_states.key``."""


class FlowStateConflict(StorageError):
    """The state changed (or was removed) since it was read; nothing was written."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"the flow state {key!r} changed since it was read")


class Stored:
    """A state as read: its data and the version to name when writing it back."""

    __slots__ = ("data", "version")

    def __init__(self, data: dict[str, Any], version: str) -> None:
        self.data = data
        self.version = version


def check_key(key: str) -> None:
    """Refuse keys the table cannot hold."""
    if not isinstance(key, str) or not key:
        raise ValueError("a flow state key is a non-empty str")
    if len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"a flow state key has at most {MAX_KEY_LENGTH} characters")
    if "\x00" in key:
        raise ValueError("a flow state key cannot contain NUL")


class FlowStates:
    """Flow state per key (a conversation), shared by every turn, task and replica."""

    def __init__(self, factory: async_sessionmaker[AsyncSession],
                 reader: async_sessionmaker[AsyncSession] | None = None,
                 inline: QuickReader | None = None) -> None:
        self._factory = factory
        self._reader = reader or factory
        """reads go here (SQLite: the read-only connections, never behind the writer)"""
        self._inline = inline
        """the turn's read in one step: SQLite on the event loop's thread, PostgreSQL in one
        round trip (:mod:`.inline`)"""

    async def get(self, key: str) -> Stored | None:
        """The state stored under ``key``, or None. A row that is not a JSON object (damaged,
        or written by an older version) counts as no state."""
        check_key(key)
        async with session_scope(self._reader) as session:
            row = (await session.execute(
                select(FlowState.data, FlowState.etag).where(FlowState.key == key))).first()
        if row is None:
            return None
        try:
            data = json.loads(row[0])
        except ValueError:
            return None
        return Stored(data, row[1]) if isinstance(data, dict) else None

    async def get_many(self, keys: list[str]) -> dict[str, Stored]:
        """The states stored under ``keys`` that exist (one query for a turn's keys)."""
        for key in keys:
            check_key(key)
        if not keys:
            return {}
        rows: Sequence[tuple[Any, ...]] | None = None
        if self._inline is not None:
            marks = ",".join("?" * len(keys))
            try:
                rows = await self._inline.fetch(
                    f"SELECT key, data, etag FROM flow_states WHERE key IN ({marks})", keys)
            except InlineUnavailable:
                rows = None
        if rows is None:
            async with session_scope(self._reader) as session:
                rows = (await session.execute(
                    select(FlowState.key, FlowState.data, FlowState.etag)
                    .where(FlowState.key.in_(keys)))).all()
        found: dict[str, Stored] = {}
        for key, text, etag in rows:
            try:
                data = json.loads(text)
            except ValueError:
                continue
            if isinstance(data, dict):
                found[key] = Stored(data, etag)
        return found

    async def put(self, key: str, data: dict[str, Any], version: str | None) -> str:
        """Store ``data``; ``version`` is the one read (None: the key must be new or is
        overwritten). Returns the new version.

        Raises:
            FlowStateConflict: the stored version is no longer ``version``.
            TypeError: ``data`` is not JSON.
        """
        check_key(key)
        text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
        new = uuid.uuid4().hex
        async with session_scope(self._factory) as session:
            if version is None:
                await session.execute(_upsert(session, key, new, text))
                return new
            result = await session.execute(
                update(FlowState)
                .where(FlowState.key == key, FlowState.etag == version)
                .values(etag=new, data=text)
                .execution_options(synchronize_session=False))
            if cast("CursorResult[Any]", result).rowcount != 1:
                raise FlowStateConflict(key)
        return new

    async def take(self, key: str, version: str) -> None:
        """Remove ``key``'s state as read (``version``): of two messages that read the same
        pending question and answer it at once, one takes it.

        Raises:
            FlowStateConflict: another took it (or changed it) first.
        """
        check_key(key)
        async with session_scope(self._factory) as session:
            result = await session.execute(delete(FlowState).where(
                FlowState.key == key, FlowState.etag == version))
            if cast("CursorResult[Any]", result).rowcount != 1:
                raise FlowStateConflict(key)

    async def delete(self, key: str) -> bool:
        """Remove ``key``'s state; True if there was one."""
        check_key(key)
        async with session_scope(self._factory) as session:
            result = await session.execute(delete(FlowState).where(FlowState.key == key))
            return bool(cast("CursorResult[Any]", result).rowcount)


def _upsert(session: AsyncSession, key: str, version: str, data: str) -> Any:
    insert = upsert_into(session, FlowState).values(key=key, etag=version, data=data)
    return insert.on_conflict_do_update(index_elements=[FlowState.key],
                                        set_={"etag": version, "data": data,
                                              "updated_at": func.now()})
