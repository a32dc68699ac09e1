"""botbuilder :class:`~botbuilder.core.Storage` on the ``bot_state`` table (SQLite and PostgreSQL).

Conversation, user and dialog state outlive a restart and are shared by every replica.

**Values.** An item is a ``dict`` or an object with a ``__dict__`` (``StoreItem``,
``DialogState``, …). It is flattened with jsonpickle — the serialiser botbuilder itself uses to
hash state (``BotState``) and to keep it in Azure (``BlobStorage``,
``CosmosDbPartitionedStorage``) — and kept as JSON text. Nested objects carry their class
(``{"py/object": "botbuilder.dialogs.dialog_instance.DialogInstance", …}``), so a dialog stack
comes back as the objects botbuilder put in it and a dialog resumes after a restart. As in JSON,
dict keys are strings. Only classes from botbuilder, botframework, strategibot and a few standard
modules (datetime, decimal, uuid, collections, zoneinfo) are restored; a stored value naming
anything else (another module, a function, ``eval``) is refused without importing it, so a
tampered row cannot make the bot import or call arbitrary code: reading it raises
:class:`UnreadableItem`. Writing a value that could not be read back raises ``TypeError`` at once.

**E-tags.** Every successful write gives the item a new e-tag; :meth:`SqlStorage.read` returns it
as the item's ``e_tag`` (a key of a dict, an attribute of an object) and it is not stored in the
JSON. A write whose item has no ``e_tag`` or ``"*"`` overwrites; any other e-tag must match the
stored one — checked by the database in the ``UPDATE`` itself, so of two replicas that read the
same version only one can write it — or the write raises :class:`ETagConflict`; an item deleted
since it was read conflicts too. An empty e-tag is a ``ValueError``. As with botbuilder's other
storages the written item is not changed: read again for the new e-tag. For ``BotState`` this
means: after ``save_changes`` in a turn, load the state again (``load(ctx, force=True)``) before
changing and saving it a second time.

A write of several items is one transaction: all are written or none.
"""

from __future__ import annotations

import functools
import importlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

from botbuilder.core import Storage
from jsonpickle import tags  # type: ignore[import-untyped]  # jsonpickle ships no type hints
from jsonpickle.errors import ClassNotFoundError  # type: ignore[import-untyped]
from jsonpickle.pickler import Pickler  # type: ignore[import-untyped]
from jsonpickle.unpickler import Unpickler  # type: ignore[import-untyped]
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql import Executable

from strategibot.errors import StorageError
from strategibot.store.db import session_scope
from strategibot.store.tables import BotState

__all__ = ["ETagConflict", "SqlStorage", "UnreadableItem"]

MAX_KEY_LENGTH = 512
"""Characters in a key: the length of ``bot_state.key``."""

_BATCH = 500  # keys per IN (…) — well below SQLite's and asyncpg's parameter limits

# What a stored value may name. A class must be defined in one of these packages (checked on
# the class itself, so ``botbuilder.some_module.os`` does not reach ``os``).
_TRUSTED_PACKAGES = frozenset({
    "botbuilder", "botframework", "strategibot",
    "collections", "datetime", "decimal", "uuid", "zoneinfo",
})
_TRUSTED_BUILTINS = frozenset(f"builtins.{name}" for name in (
    "bool", "bytearray", "bytes", "complex", "dict", "float", "frozenset", "int", "list",
    "NoneType", "object", "set", "str", "tuple",
))
# Functions jsonpickle writes for the standard library (time zones, old-style reduce).
_TRUSTED_FUNCTIONS = frozenset({"copyreg._reconstructor", "zoneinfo.ZoneInfo._unpickle"})
_CLASS_TAGS = (tags.OBJECT, tags.TYPE)
_REFUSED_TAGS = (tags.MODULE, tags.REPR)


class ETagConflict(StorageError):
    """A write carried an e-tag that is no longer the stored one: the item was changed or
    deleted since it was read. Nothing of that write was stored."""

    def __init__(self, key: str, e_tag: str) -> None:
        self.key = key
        self.e_tag = e_tag
        super().__init__(
            f"e-tag conflict on {key!r}: it was changed or deleted since it was read "
            f"(the write carried e-tag {e_tag!r})"
        )


class UnreadableItem(StorageError):
    """A stored item could not be turned back into objects (damaged JSON, a class that no
    longer exists, or a class that is not trusted). Deleting the key resets it."""

    def __init__(self, key: str, reason: str) -> None:
        self.key = key
        super().__init__(f"stored item {key!r} cannot be read: {reason}")


class _Untrusted(Exception):
    """A flattened value names something that must not be restored."""


class SqlStorage(Storage):  # type: ignore[misc]  # botbuilder ships no type hints
    """botbuilder storage in the ``bot_state`` table, for ``ConversationState``, ``UserState``
    and dialogs. Safe to share between turns, tasks and replicas."""

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        super().__init__()
        self._factory = factory

    async def read(self, keys: Iterable[str]) -> dict[str, Any]:
        """The stored items of ``keys`` that exist, in the order asked, each with its
        ``e_tag``. A key that is not stored is left out."""
        wanted = _checked_keys(keys, "reading")
        if not wanted:
            return {}
        rows: dict[str, tuple[str, str]] = {}
        async with session_scope(self._factory) as session:
            for chunk in _chunks(wanted):
                result = await session.execute(
                    select(BotState.key, BotState.etag, BotState.data)
                    .where(BotState.key.in_(chunk))
                )
                rows.update((key, (etag, data)) for key, etag, data in result)
        return {key: _load(key, *rows[key]) for key in wanted if key in rows}

    async def write(self, changes: Mapping[str, object]) -> None:
        """Store ``changes`` (key → item) in one transaction, honouring each item's e-tag.

        :raises ETagConflict: an item's e-tag is not the stored one; nothing was written.
        """
        if changes is None:
            raise ValueError("Changes are required when writing")
        if not changes:
            return
        if not isinstance(changes, Mapping):
            raise TypeError(f"changes must map keys to items, not {type(changes).__name__}")
        prepared = sorted(_dump(key, item) for key, item in changes.items())
        async with session_scope(self._factory) as session:
            dialect = session.get_bind().dialect.name
            # Sorted keys: concurrent batches lock rows in one order and cannot deadlock.
            for key, e_tag, data in prepared:
                new_e_tag = uuid.uuid4().hex
                if e_tag is None:
                    await session.execute(_upsert(dialect, key, new_e_tag, data))
                    continue
                result = await session.execute(
                    update(BotState)
                    .where(BotState.key == key, BotState.etag == e_tag)
                    .values(etag=new_e_tag, data=data, updated_at=func.now())
                    .execution_options(synchronize_session=False)
                )
                if cast("CursorResult[Any]", result).rowcount != 1:
                    raise ETagConflict(key, e_tag)

    async def delete(self, keys: Iterable[str]) -> None:
        """Remove ``keys``; a key that is not stored is ignored."""
        doomed = _checked_keys(keys, "deleting")
        if not doomed:
            return
        async with session_scope(self._factory) as session:
            for chunk in _chunks(doomed):
                await session.execute(delete(BotState).where(BotState.key.in_(chunk)))


def _checked_keys(keys: Iterable[str], doing: str) -> list[str]:
    if keys is None:
        raise ValueError(f"Keys are required when {doing}")
    if isinstance(keys, str):
        raise TypeError("keys must be a collection of keys, not one string")
    unique = list(dict.fromkeys(keys))
    for key in unique:
        _check_key(key)
    return unique


def _check_key(key: object) -> None:
    if not isinstance(key, str):
        raise TypeError(f"a storage key must be a str, not {type(key).__name__}")
    if len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"a storage key has at most {MAX_KEY_LENGTH} characters, not {len(key)}")
    if "\x00" in key:
        raise ValueError(f"a storage key cannot contain NUL: {key!r}")
    try:
        key.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"a storage key must be valid Unicode text: {key!r}") from exc


def _chunks(keys: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(keys), _BATCH):
        yield keys[start:start + _BATCH]


def _upsert(dialect: str, key: str, e_tag: str, data: str) -> Executable:
    """INSERT, or UPDATE the existing row — one atomic statement."""
    values = {"key": key, "etag": e_tag, "data": data}
    if dialect == "postgresql":
        pg_insert = postgresql.insert(BotState).values(values)
        return pg_insert.on_conflict_do_update(
            index_elements=[BotState.key],
            set_={"etag": pg_insert.excluded.etag, "data": pg_insert.excluded.data,
                  "updated_at": func.now()},
        )
    if dialect == "sqlite":
        lite_insert = sqlite.insert(BotState).values(values)
        return lite_insert.on_conflict_do_update(
            index_elements=[BotState.key],
            set_={"etag": lite_insert.excluded.etag, "data": lite_insert.excluded.data,
                  "updated_at": func.now()},
        )
    raise StorageError(f"bot state storage supports SQLite and PostgreSQL, not {dialect}")


def _dump(key: object, item: object) -> tuple[str, str | None, str]:
    """(key, e-tag to check or None to overwrite, JSON text) of one item to write."""
    _check_key(key)
    assert isinstance(key, str)
    if isinstance(item, dict):
        e_tag = item.get("e_tag")
    elif hasattr(item, "__dict__") and not isinstance(item, type):
        e_tag = getattr(item, "e_tag", None)
    else:
        raise TypeError(
            f"{key!r}: a stored item is a dict or an object with attributes, "
            f"not {type(item).__name__}"
        )
    if e_tag == "":
        raise ValueError(f"{key!r}: the e_tag is empty; use None or '*' to overwrite")
    if e_tag is not None and not isinstance(e_tag, str):
        raise TypeError(f"{key!r}: an e_tag is a str, not {type(e_tag).__name__}")
    flat = Pickler().flatten(item, reset=True)
    if isinstance(flat, dict):
        flat.pop("e_tag", None)  # the e-tag lives in its own column
    try:
        _check_trusted(flat)
    except _Untrusted as exc:
        raise TypeError(
            f"{key!r}: cannot store this value ({exc}): a stored value may hold only dicts, lists, "
            f"strings, numbers, and objects of botbuilder, botframework, strategibot, "
            f"datetime, decimal, uuid, collections and zoneinfo"
        ) from exc
    # ensure_ascii: a lone surrogate from a chat message stays storable (as \udXXX).
    data = json.dumps(flat, ensure_ascii=True, separators=(",", ":"))
    return key, None if e_tag == "*" else e_tag, data


def _load(key: str, e_tag: str, data: str) -> Any:
    """The item stored as ``data``, with ``e_tag`` set."""
    try:
        flat = json.loads(data)
        _check_trusted(flat)
        item = Unpickler(safe=True, on_missing="error").restore(flat, reset=True)
    except _Untrusted as exc:
        raise UnreadableItem(key, str(exc)) from exc
    # damaged JSON, a failing __setstate__ …; ClassNotFoundError is a BaseException
    except (Exception, ClassNotFoundError) as exc:
        raise UnreadableItem(key, f"{type(exc).__name__}: {exc}") from exc
    if isinstance(item, dict):
        item["e_tag"] = e_tag
        return item
    try:
        item.e_tag = e_tag
    except AttributeError as exc:
        raise UnreadableItem(key, f"a {type(item).__name__} cannot carry an e_tag") from exc
    return item


def _check_trusted(flat: object) -> None:
    """Raise :class:`_Untrusted` if a flattened value names anything but trusted classes."""
    stack = [flat]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for tag in _REFUSED_TAGS:
                if tag in node:
                    raise _Untrusted(f"it holds a {tag} entry")
            for tag in _CLASS_TAGS:
                if tag in node and (problem := _class_problem(node[tag])):
                    raise _Untrusted(f"it names {node[tag]!r}, {problem}")
            function = node.get(tags.FUNCTION)
            if function is not None and not (
                isinstance(function, str) and function in _TRUSTED_FUNCTIONS
            ):
                raise _Untrusted(f"it names the function {function!r}")
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)


def _class_problem(name: object) -> str | None:
    """Why ``name`` may not be restored as a class, or None if it may."""
    if not isinstance(name, str):
        return "which is not a class name"
    if name.startswith("builtins."):
        return None if name in _TRUSTED_BUILTINS else "which is not trusted"
    return _class_name_problem(name)


@functools.lru_cache(maxsize=512)
def _class_name_problem(name: str) -> str | None:
    if name.partition(".")[0] not in _TRUSTED_PACKAGES:
        return "which is not trusted"  # and never imported
    found = _resolve(name)
    if found is None:
        return "which does not exist"
    if isinstance(found, type) and found.__module__.partition(".")[0] in _TRUSTED_PACKAGES:
        return None
    return "which is not trusted"


def _resolve(name: str) -> object:
    """What a dotted name refers to, found the way jsonpickle finds it (longest module first)."""
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except (ImportError, ValueError, TypeError):
            continue
        try:
            for attribute in parts[cut:]:
                found = getattr(found, attribute)
        except AttributeError:
            continue
        return found
    return None
