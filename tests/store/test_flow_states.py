"""FlowStates: plain JSON per conversation, versions for concurrency, odd keys and damaged
rows, on SQLite and PostgreSQL; and the migration that carries a check-in in progress over from
the Bot Framework SDK's dialog state."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from strategibot.store.db import create_engine, session_scope, sessionmaker, upgrade
from strategibot.store.flow_states import MAX_KEY_LENGTH, FlowStateConflict, FlowStates
from strategibot.store.tables import FlowState


@pytest.fixture
async def url(clean_postgres: str) -> str:
    await upgrade(clean_postgres)
    return clean_postgres


@pytest.fixture
async def engine(url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(url)
    yield engine
    await engine.dispose()


@pytest.fixture
def states(engine: AsyncEngine) -> FlowStates:
    return FlowStates(sessionmaker(engine))


async def test_an_unknown_key_has_no_state(states: FlowStates) -> None:
    assert await states.get("slack/conversations/C1") is None
    assert await states.delete("slack/conversations/C1") is False


async def test_write_read_update_delete(states: FlowStates) -> None:
    key = "terminal/conversations/t-1"
    first = await states.put(key, {"flow": "checkin", "i": 0}, None)
    stored = await states.get(key)
    assert stored is not None
    assert stored.data == {"flow": "checkin", "i": 0}
    assert stored.version == first
    second = await states.put(key, {"flow": "checkin", "i": 1}, stored.version)
    assert second != first
    again = await states.get(key)
    assert again is not None
    assert (again.data["i"], again.version) == (1, second)
    assert await states.delete(key) is True
    assert await states.get(key) is None


async def test_a_stale_version_conflicts_and_writes_nothing(states: FlowStates) -> None:
    key = "slack/conversations/C1:17.1"
    old = await states.put(key, {"step": 1}, None)
    await states.put(key, {"step": 2}, old)
    with pytest.raises(FlowStateConflict):
        await states.put(key, {"step": 3}, old)
    stored = await states.get(key)
    assert stored is not None
    assert stored.data == {"step": 2}


async def test_a_write_after_delete_conflicts(states: FlowStates) -> None:
    key = "k"
    version = await states.put(key, {"a": 1}, None)
    await states.delete(key)
    with pytest.raises(FlowStateConflict):
        await states.put(key, {"a": 2}, version)


async def test_concurrent_writers_with_the_same_version_exactly_one_wins(url: str,
                                                                         states: FlowStates,
                                                                         ) -> None:
    old = await states.put("race", {"writer": 0}, None)
    engines = [create_engine(url), create_engine(url)]  # two replicas
    replicas = [FlowStates(sessionmaker(engine)) for engine in engines]

    async def attempt(writer: int) -> int:
        await replicas[writer % 2].put("race", {"writer": writer}, old)
        return writer

    try:
        outcomes = await asyncio.gather(*(attempt(w) for w in range(1, 9)),
                                        return_exceptions=True)
    finally:
        for engine in engines:
            await engine.dispose()
    winners = [o for o in outcomes if isinstance(o, int)]
    losers = [o for o in outcomes if not isinstance(o, int)]
    assert len(winners) == 1, outcomes
    assert all(isinstance(o, FlowStateConflict) for o in losers), losers
    stored = await states.get("race")
    assert stored is not None
    assert stored.data["writer"] == winners[0]


async def test_concurrent_first_writes_of_a_new_key_all_succeed(states: FlowStates) -> None:
    await asyncio.gather(*(states.put("new", {"n": n}, None) for n in range(6)))
    stored = await states.get("new")
    assert stored is not None
    assert stored.data["n"] in range(6)


@pytest.mark.parametrize("key", [
    "msteams/conversations/19:abc@thread.tacv2;messageid=1700000000000",
    "slack/conversations/C0123:1700000000.000100",
    "a key with spaces, æøå and emoji 🎉",
    "x" * MAX_KEY_LENGTH,
])
async def test_odd_keys(states: FlowStates, key: str) -> None:
    await states.put(key, {"ok": True}, None)
    stored = await states.get(key)
    assert stored is not None
    assert stored.data == {"ok": True}


@pytest.mark.parametrize("key", ["", "x" * (MAX_KEY_LENGTH + 1), "nul\x00key"])
async def test_keys_the_table_cannot_hold_are_refused(states: FlowStates, key: str) -> None:
    with pytest.raises(ValueError, match="key"):
        await states.put(key, {}, None)


async def test_values_round_trip_as_json(states: FlowStates) -> None:
    value: dict[str, Any] = {"text": "Sygefravær 12,8 – æøå", "n": 12.8, "none": None,
                             "list": [1, "to", {"tre": 3}], "lone": "\ud800"}
    await states.put("v", value, None)
    stored = await states.get("v")
    assert stored is not None
    assert stored.data == value
    with pytest.raises(TypeError):
        await states.put("bad", {"when": object()}, None)


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", '"a string"'])
async def test_a_damaged_row_counts_as_no_state(engine: AsyncEngine, states: FlowStates,
                                                raw: str) -> None:
    async with session_scope(sessionmaker(engine)) as session:
        session.add(FlowState(key="damaged", etag="raw", data=raw))
    assert await states.get("damaged") is None
    await states.put("damaged", {"fresh": True}, None)  # and it can be overwritten
    stored = await states.get("damaged")
    assert stored is not None
    assert stored.data == {"fresh": True}


# -- the upgrade from the Bot Framework SDK's dialog state ----------------------------------

_OPTIONS = {"lang": "da", "email": "ole.thomsen@ltk.example",
            "subjects": [{"kind": "unit", "id": 1, "code": "CPKS-01",
                          "name": "Strategi og Analyse", "centre_id": 1, "fte": 14.0}],
            "s": 0, "i": 1, "values": {"relational-coordination|": {"status": "in-progress"}},
            "skip": [], "latest": {}}
_PROMPT = {"goal": "citizen-involvement", "theme": None, "field": "form", "lang": "da",
           "subject": _OPTIONS["subjects"][0], "previous": None}
_SDK_STATE = {"DialogState": {
    "py/object": "botbuilder.dialogs.dialog_state.DialogState",
    "_dialog_stack": [
        {"py/object": "botbuilder.dialogs.dialog_instance.DialogInstance",
         "id": "checkin-field", "state": {"prompt": _PROMPT}},
        {"py/object": "botbuilder.dialogs.dialog_instance.DialogInstance", "id": "checkin",
         "state": {"options": _OPTIONS, "values": {"opts": {"subjects": {"py/id": 10}}},
                   "instanceId": "x", "stepIndex": 0}},
    ]}}


async def test_a_checkin_in_progress_is_carried_over_by_the_migration(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    await upgrade(url, "0004")
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            insert = sa.text("INSERT INTO bot_state (key, etag, data) VALUES (:k, 'e', :d)")
            await connection.execute(insert, {"k": "slack/conversations/C1:17.1",
                                              "d": json.dumps(_SDK_STATE)})
            await connection.execute(insert, {"k": "slack/users/U1",
                                              "d": json.dumps({"other": "state"})})
    finally:
        await engine.dispose()
    await upgrade(url)
    engine = create_engine(url)
    try:
        states = FlowStates(sessionmaker(engine))
        stored = await states.get("slack/conversations/C1:17.1")
        assert stored is not None
        assert stored.data == {"flow": "checkin", "v": 1, **_OPTIONS, "prompt": _PROMPT}
        assert await states.get("slack/users/U1") is None  # SDK state the bot no longer keeps
    finally:
        await engine.dispose()
