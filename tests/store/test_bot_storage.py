"""SqlStorage: botbuilder's storage contract, e-tag concurrency and dialogs that survive a restart,
on SQLite and PostgreSQL.

The contract tests cover the cases of botbuilder-testing's ``StorageBaseTests`` (4.17.1), written
out here because that package pins pytest 8.3 and pulls in the Azure SDKs.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import decimal
import json
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from botbuilder.core import ConversationState, MessageFactory, StoreItem, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import (
    DialogSet,
    DialogState,
    DialogTurnStatus,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt
from botbuilder.schema import Activity
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from strategibot.errors import Problem, StorageError
from strategibot.store.bot_storage import MAX_KEY_LENGTH, ETagConflict, SqlStorage, UnreadableItem
from strategibot.store.db import create_engine, session_scope, sessionmaker, upgrade
from strategibot.store.tables import BotState

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


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
def storage(engine: AsyncEngine) -> SqlStorage:
    return SqlStorage(sessionmaker(engine))


async def stored_row(engine: AsyncEngine, key: str) -> BotState | None:
    async with session_scope(sessionmaker(engine)) as session:
        row: BotState | None = await session.scalar(select(BotState).where(BotState.key == key))
        return row


async def all_rows(engine: AsyncEngine) -> list[BotState]:
    async with session_scope(sessionmaker(engine)) as session:
        return list(await session.scalars(select(BotState).order_by(BotState.key)))


async def put_raw_row(engine: AsyncEngine, key: str, data: str) -> None:
    async with session_scope(sessionmaker(engine)) as session:
        session.add(BotState(key=key, etag="raw", data=data))


# -- botbuilder's storage contract (the cases of StorageBaseTests) ------------------------------

async def test_reading_an_unknown_key_returns_an_empty_dict(storage: SqlStorage) -> None:
    assert await storage.read(["unknown"]) == {}


async def test_reading_without_keys(storage: SqlStorage) -> None:
    with pytest.raises(ValueError, match="Keys are required when reading") as info:
        await storage.read(None)  # type: ignore[arg-type]
    assert info.value.args[0] == "Keys are required when reading"
    assert await storage.read([]) == {}


async def test_writing_none_is_refused(storage: SqlStorage) -> None:
    with pytest.raises(ValueError, match="Changes are required when writing") as info:
        await storage.write(None)  # type: ignore[arg-type]
    assert info.value.args[0] == "Changes are required when writing"


async def test_writing_no_items_is_fine(storage: SqlStorage) -> None:
    await storage.write({})
    await storage.write([])  # type: ignore[arg-type]  # botbuilder's own test passes a list


async def test_create_objects_with_and_without_e_tag(storage: SqlStorage) -> None:
    await storage.write({"createPoco": {"id": 1}, "createPocoStoreItem": {"id": 2, "e_tag": "*"}})

    items = await storage.read(["createPoco", "createPocoStoreItem"])

    assert items["createPoco"]["id"] == 1
    assert items["createPocoStoreItem"]["id"] == 2
    assert items["createPoco"]["e_tag"]
    assert items["createPocoStoreItem"]["e_tag"] not in (None, "", "*")


async def test_handle_crazy_keys(storage: SqlStorage) -> None:
    key = '!@#$%^&*()_+??><":QASD~`'
    await storage.write({key: {"id": 1}})
    assert (await storage.read([key]))[key]["id"] == 1


async def test_update_object(storage: SqlStorage) -> None:
    await storage.write({
        "pocoItem": {"id": 1, "count": 1},
        "pocoStoreItem": {"id": 1, "count": 1, "e_tag": "*"},
    })
    loaded = await storage.read(["pocoItem", "pocoStoreItem"])
    poco, store_item = loaded["pocoItem"], loaded["pocoStoreItem"]
    poco["e_tag"] = None
    assert store_item["e_tag"] is not None

    # the second write carries the e-tag just read: it works
    poco["count"] += 1
    store_item["count"] += 1
    await storage.write(loaded)
    reloaded = await storage.read(["pocoItem", "pocoStoreItem"])
    assert reloaded["pocoItem"]["count"] == 2
    assert reloaded["pocoStoreItem"]["count"] == 2

    # without an e-tag a write overwrites
    poco["count"] = 123
    await storage.write({"pocoItem": poco})

    # the old e-tag no longer matches: the write fails (C# and JS assert this; Python's
    # StorageBaseTests leaves it out because MemoryStorage cannot pass it)
    store_item["count"] = 123
    with pytest.raises(ETagConflict):
        await storage.write({"pocoStoreItem": store_item})

    reloaded = await storage.read(["pocoItem", "pocoStoreItem"])
    assert reloaded["pocoItem"]["count"] == 123
    assert reloaded["pocoStoreItem"]["count"] == 2

    # "*" overwrites
    reloaded["pocoItem"]["e_tag"] = None
    reloaded["pocoItem"]["count"] = 100
    reloaded["pocoStoreItem"]["count"] = 100
    reloaded["pocoStoreItem"]["e_tag"] = "*"
    await storage.write(reloaded)
    reloaded = await storage.read(["pocoItem", "pocoStoreItem"])
    assert reloaded["pocoItem"]["count"] == 100
    assert reloaded["pocoStoreItem"]["count"] == 100

    # an empty e-tag is refused
    reloaded["pocoStoreItem"]["e_tag"] = ""
    with pytest.raises(ValueError, match="e_tag is empty"):
        await storage.write({"pocoStoreItem": reloaded["pocoStoreItem"]})

    final = await storage.read(["pocoItem", "pocoStoreItem"])
    assert final["pocoItem"]["count"] == 100
    assert final["pocoStoreItem"]["count"] == 100


async def test_delete_object(storage: SqlStorage) -> None:
    await storage.write({"delete1": {"id": 1, "count": 1, "e_tag": "*"}})
    items = await storage.read(["delete1"])
    assert items["delete1"]["e_tag"]
    assert items["delete1"]["count"] == 1

    await storage.delete(["delete1"])

    assert await storage.read(["delete1"]) == {}


async def test_deleting_an_unknown_key_is_fine(storage: SqlStorage) -> None:
    await storage.delete(["unknown_key"])
    await storage.delete([])
    await storage.delete({"unknown", "keys", "as a set"})  # BotState.delete passes a set


async def test_batch_operations(storage: SqlStorage) -> None:
    await storage.write({"batch1": {"count": 10}, "batch2": {"count": 20}, "batch3": {"count": 30}})

    items = await storage.read(["batch1", "batch2", "batch3"])
    assert {key: item["count"] for key, item in items.items()} == {
        "batch1": 10, "batch2": 20, "batch3": 30}
    assert all(item["e_tag"] for item in items.values())

    await storage.delete(["batch1", "batch2", "batch3"])
    assert await storage.read(["batch1", "batch2", "batch3"]) == {}


async def test_proceeds_through_a_waterfall_with_a_retried_prompt(storage: SqlStorage) -> None:
    conversation_state = ConversationState(storage)
    dialogs = DialogSet(conversation_state.create_property("dialogState"))

    async def long_enough(prompt: PromptValidatorContext) -> bool:
        attempts = prompt.options.number_of_attempts
        if len(prompt.recognized.value) > 3:
            await prompt.context.send_activity(f"You got it at try {attempts}")
            return True
        await prompt.context.send_activity(f"Longer than 3 characters, please. {attempts}")
        return False

    async def step_1(step: WaterfallStepContext) -> Any:
        assert isinstance(step.active_dialog.state["stepIndex"], int)
        await step.context.send_activity("step1")
        return DialogTurnStatus.Waiting

    async def step_2(step: WaterfallStepContext) -> Any:
        assert isinstance(step.active_dialog.state["stepIndex"], int)
        return await step.prompt(
            "name", PromptOptions(prompt=MessageFactory.text("Please type your name")))

    async def step_3(step: WaterfallStepContext) -> Any:
        assert isinstance(step.active_dialog.state["stepIndex"], int)
        await step.context.send_activity("step3")
        return DialogTurnStatus.Waiting

    dialogs.add(WaterfallDialog("waterfall", [step_1, step_2, step_3]))
    dialogs.add(TextPrompt("name", long_enough))

    async def turn(context: TurnContext) -> None:
        dialog_context = await dialogs.create_context(context)
        await dialog_context.continue_dialog()
        if not context.responded:
            await dialog_context.begin_dialog("waterfall")
        await conversation_state.save_changes(context)

    flow = await TestAdapter(turn).send("hello")
    flow = await flow.assert_reply("step1")
    flow = await flow.send("hello")
    flow = await flow.assert_reply("Please type your name")
    for attempt in range(3):
        flow = await flow.send("hi")
        flow = await flow.assert_reply(f"Longer than 3 characters, please. {attempt}")
    flow = await flow.send("Kyle")
    flow = await flow.assert_reply("You got it at try 3")
    await flow.assert_reply("step3")


# -- dialogs survive a restart ------------------------------------------------------------------

def three_step_bot(storage: SqlStorage) -> TestAdapter:
    """A bot as a fresh process builds it: new state, new dialogs, the given storage."""
    conversation_state = ConversationState(storage)
    dialogs = DialogSet(conversation_state.create_property("DialogState"))

    async def ask_name(step: WaterfallStepContext) -> Any:
        step.values["started"] = dt.datetime(2026, 11, 28, 9, 30, tzinfo=COPENHAGEN)
        question = MessageFactory.text("Hvad hedder du?")
        return await step.prompt("text", PromptOptions(prompt=question))

    async def ask_town(step: WaterfallStepContext) -> Any:
        step.values["name"] = step.result
        question = MessageFactory.text("Hvor bor du?")
        return await step.prompt("text", PromptOptions(prompt=question))

    async def finish(step: WaterfallStepContext) -> Any:
        name, started = step.values["name"], step.values["started"]
        await step.context.send_activity(
            f"trin 3: {name} i {step.result}, {started.isoformat()} {started.tzinfo}")
        return await step.end_dialog()

    dialogs.add(WaterfallDialog("tre trin", [ask_name, ask_town, finish]))
    dialogs.add(TextPrompt("text"))

    async def turn(context: TurnContext) -> None:
        dialog_context = await dialogs.create_context(context)
        result = await dialog_context.continue_dialog()
        if result.status == DialogTurnStatus.Empty:
            await dialog_context.begin_dialog("tre trin")
        await conversation_state.save_changes(context)

    return TestAdapter(turn)


async def test_a_dialog_resumes_after_a_restart(url: str) -> None:
    first = create_engine(url)
    try:
        flow = await three_step_bot(SqlStorage(sessionmaker(first))).send("hej")
        flow = await flow.assert_reply("Hvad hedder du?")
        flow = await flow.send("Søren Åberg")
        await flow.assert_reply("Hvor bor du?")
        (row,) = await all_rows(first)  # the conversation's state
    finally:
        await first.dispose()
    assert row.key.endswith("/conversations/Convo1")
    stack = json.loads(row.data)["DialogState"]["_dialog_stack"]
    assert [frame["id"] for frame in stack] == ["text", "tre trin"]
    assert stack[1]["state"]["stepIndex"] == 1

    # a new process: new engine, storage, state and dialogs
    second = create_engine(url)
    try:
        storage = SqlStorage(sessionmaker(second))
        flow = await three_step_bot(storage).send("Lyngby")
        await flow.assert_reply(
            "trin 3: Søren Åberg i Lyngby, 2026-11-28T09:30:00+01:00 Europe/Copenhagen")
        state = (await storage.read([row.key]))[row.key]
        assert isinstance(state["DialogState"], DialogState)
        assert state["DialogState"].dialog_stack == []
        # the dialog has ended: the next message starts it again
        flow = await three_step_bot(storage).send("igen")
        await flow.assert_reply("Hvad hedder du?")
    finally:
        await second.dispose()


async def test_conversation_state_is_reloaded_before_a_second_save_in_a_turn(
    storage: SqlStorage,
) -> None:
    """Like botbuilder's other storages, a write does not update the caller's e-tag."""
    adapter = TestAdapter()
    state = ConversationState(storage)
    count = state.create_property("count")

    def new_turn() -> TurnContext:
        activity = copy.copy(adapter.template)
        activity.type, activity.text = "message", "hej"
        return adapter.create_turn_context(activity)

    first = new_turn()
    await count.set(first, 1)
    await state.save_changes(first)

    second = new_turn()
    assert await count.get(second) == 1
    await count.set(second, 2)
    await state.save_changes(second)
    await count.set(second, 3)
    with pytest.raises(ETagConflict):
        await state.save_changes(second)
    await state.load(second, force=True)
    assert await count.get(second) == 2
    await count.set(second, 3)
    await state.save_changes(second)

    assert await count.get(new_turn()) == 3


# -- e-tags and concurrency ---------------------------------------------------------------------

async def test_e_tags(storage: SqlStorage, engine: AsyncEngine) -> None:
    await storage.write({"k": {"n": 1}})
    first = (await storage.read(["k"]))["k"]["e_tag"]
    row = await stored_row(engine, "k")
    assert row is not None
    assert row.etag == first
    assert len(first) == 32

    await storage.write({"k": {"n": 2}})  # no e-tag: overwrites, new e-tag
    second = (await storage.read(["k"]))["k"]["e_tag"]
    assert second != first

    await storage.write({"k": {"n": 3, "e_tag": "*"}})  # "*": overwrites, new e-tag
    third = (await storage.read(["k"]))["k"]
    assert third["n"] == 3
    assert third["e_tag"] not in (first, second)

    item = {"n": 4, "e_tag": third["e_tag"]}
    await storage.write({"k": item})
    assert item == {"n": 4, "e_tag": third["e_tag"]}  # the written item is left as it was

    with pytest.raises(ETagConflict) as info:
        await storage.write({"k": {"n": 5, "e_tag": third["e_tag"]}})
    assert (info.value.key, info.value.e_tag) == ("k", third["e_tag"])
    assert isinstance(info.value, StorageError)
    assert (await storage.read(["k"]))["k"]["n"] == 4

    with pytest.raises(ETagConflict):  # an item that was never stored
        await storage.write({"never": {"n": 1, "e_tag": first}})
    assert await storage.read(["never"]) == {}

    current = (await storage.read(["k"]))["k"]
    await storage.delete(["k"])
    with pytest.raises(ETagConflict):  # an item deleted since it was read
        await storage.write({"k": current})
    assert await storage.read(["k"]) == {}

    with pytest.raises(TypeError, match="e_tag is a str"):
        await storage.write({"k": {"n": 1, "e_tag": 7}})


async def test_store_items_are_objects_with_an_e_tag(storage: SqlStorage) -> None:
    await storage.write({"item": StoreItem(name="Kultur og Fritid", fte=12.5, e_tag="*")})

    item = (await storage.read(["item"]))["item"]
    assert isinstance(item, StoreItem)
    assert (item.name, item.fte) == ("Kultur og Fritid", 12.5)
    stale = item.e_tag

    item.fte = 13.0
    await storage.write({"item": item})
    with pytest.raises(ETagConflict):
        await storage.write({"item": StoreItem(name="x", e_tag=stale)})
    again = (await storage.read(["item"]))["item"]
    assert (again.fte, again.e_tag != stale) == (13.0, True)


async def test_a_conflict_writes_nothing_of_the_batch(storage: SqlStorage) -> None:
    await storage.write({"a": {"n": 1}, "b": {"n": 1}})
    read = await storage.read(["a", "b"])
    await storage.write({"b": {"n": 2}})  # someone else moves b on

    with pytest.raises(ETagConflict) as info:
        await storage.write({
            "a": {**read["a"], "n": 9},
            "b": {**read["b"], "n": 9},
            "c": {"n": 9},
        })

    assert info.value.key == "b"
    after = await storage.read(["a", "b", "c"])
    assert {key: item["n"] for key, item in after.items()} == {"a": 1, "b": 2}
    assert after["a"]["e_tag"] == read["a"]["e_tag"]


async def test_concurrent_writers_with_the_same_e_tag_exactly_one_wins(
    url: str, storage: SqlStorage,
) -> None:
    await storage.write({"race": {"writer": 0}})
    old = (await storage.read(["race"]))["race"]["e_tag"]
    engines = [create_engine(url), create_engine(url)]  # two replicas
    replicas = [SqlStorage(sessionmaker(engine)) for engine in engines]

    async def attempt(writer: int) -> int:
        await replicas[writer % 2].write({"race": {"writer": writer, "e_tag": old}})
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
    assert len(losers) == 7
    assert all(isinstance(o, ETagConflict) for o in losers), losers
    stored = (await storage.read(["race"]))["race"]
    assert stored["writer"] == winners[0]
    assert stored["e_tag"] != old


async def test_concurrent_first_writes_of_a_new_key_all_succeed(
    url: str, storage: SqlStorage,
) -> None:
    """Without an e-tag the last write wins, even when replicas create the key at once."""
    engines = [create_engine(url), create_engine(url)]
    replicas = [SqlStorage(sessionmaker(engine)) for engine in engines]
    try:
        await asyncio.gather(*(replicas[w % 2].write({"fresh": {"writer": w}})
                               for w in range(8)))
    finally:
        for engine in engines:
            await engine.dispose()
    assert (await storage.read(["fresh"]))["fresh"]["writer"] in range(8)


# -- keys ---------------------------------------------------------------------------------------

ODD_KEYS = [
    pytest.param(" med  mellemrum ", id="spaces"),
    pytest.param("msteams/conversations/19:abc@thread.tacv2;messageid=1712345678901",
                 id="teams-conversation"),
    pytest.param("a/b\\c/../d", id="slashes"),
    pytest.param("Lyngby-Taarbæk/ÆØÅ/æøå", id="danish"),
    pytest.param("😀🇩🇰👩‍👩‍👧", id="emoji"),
    pytest.param("😀" * 400, id="400-emoji"),
    pytest.param("k" * MAX_KEY_LENGTH, id="512-chars"),
    pytest.param("'; DROP TABLE bot_state; --", id="sql"),
    pytest.param("100%_like\\_escape*?", id="wildcards"),
    pytest.param("tab\tnew\nline", id="control-chars"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("key", ODD_KEYS)
async def test_odd_keys(storage: SqlStorage, key: str) -> None:
    await storage.write({key: {"key": key}, "neighbour": {"key": "neighbour"}})

    assert (await storage.read([key]))[key]["key"] == key

    await storage.delete([key])
    assert list(await storage.read([key, "neighbour"])) == ["neighbour"]


@pytest.mark.parametrize(("key", "error", "message"), [
    pytest.param("k" * (MAX_KEY_LENGTH + 1), ValueError, "at most 512", id="513-chars"),
    pytest.param("nul\x00byte", ValueError, "NUL", id="nul"),
    pytest.param("lone\ud800surrogate", ValueError, "valid Unicode", id="lone-surrogate"),
    pytest.param(42, TypeError, "must be a str", id="not-a-str"),
])
async def test_keys_the_table_cannot_hold_are_refused(
    storage: SqlStorage, key: Any, error: type[Exception], message: str,
) -> None:
    with pytest.raises(error, match=message):
        await storage.write({key: {"n": 1}})
    with pytest.raises(error, match=message):
        await storage.read([key])
    with pytest.raises(error, match=message):
        await storage.delete([key])


async def test_keys_must_be_a_collection(storage: SqlStorage) -> None:
    with pytest.raises(TypeError, match="not one string"):
        await storage.read("abc")
    with pytest.raises(ValueError, match="Keys are required when deleting"):
        await storage.delete(None)  # type: ignore[arg-type]


async def test_read_returns_only_existing_keys_in_the_order_asked(storage: SqlStorage) -> None:
    await storage.write({"a": {"n": 1}, "c": {"n": 3}})

    items = await storage.read(["c", "missing", "a", "c"])

    assert list(items) == ["c", "a"]


async def test_many_keys_in_one_call(storage: SqlStorage) -> None:
    keys = [f"user/{i}" for i in range(1234)]
    await storage.write({key: {"i": i} for i, key in enumerate(keys)})

    items = await storage.read([*keys, "user/missing"])
    assert [item["i"] for item in items.values()] == list(range(1234))

    await storage.delete(keys[:1000])
    assert list(await storage.read(keys)) == keys[1000:]


# -- values -------------------------------------------------------------------------------------

async def test_values_round_trip(storage: SqlStorage, engine: AsyncEngine) -> None:
    value = {
        "tekst": "Koncernstrategi 2019 — æøå ÆØÅ «citat» 😀 “smart” ½",
        "lone surrogate from a chat message": "\ud83d",
        "nul": "a\x00b",
        "nested": {"list": [1, 2.5, None, True, {"deep": ["x", []]}], "empty": {}},
        "big": 10**30,
        "when": dt.datetime(2026, 3, 29, 2, 30, tzinfo=COPENHAGEN),
        "utc": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        "naive": dt.datetime(2026, 1, 1, 12, 0),
        "day": dt.date(2026, 11, 28),
        "amount": decimal.Decimal("12.30"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "pair": (1, "to"),
        "tags": {"a", "b"},
        "problem": Problem(file="mål.yaml", entry="g1", field=None, message="æøå"),
    }
    await storage.write({"v": copy.deepcopy(value)})

    read = (await storage.read(["v"]))["v"]
    e_tag = read.pop("e_tag")
    assert read == value
    assert type(read["pair"]) is tuple
    assert read["when"].tzinfo is COPENHAGEN

    row = await stored_row(engine, "v")
    assert row is not None
    assert row.etag == e_tag
    assert row.data.isascii()  # JSON with \u escapes: any text is storable in either database
    stored = json.loads(row.data)
    assert "e_tag" not in stored
    assert stored["tekst"] == value["tekst"]
    assert row.updated_at is not None


async def test_read_returns_a_fresh_copy(storage: SqlStorage) -> None:
    original = {"list": [1, 2]}
    await storage.write({"k": original})
    original["list"].append(3)  # changing the written value afterwards changes nothing stored

    read = (await storage.read(["k"]))["k"]
    read["list"].append(4)

    assert (await storage.read(["k"]))["k"]["list"] == [1, 2]


class NotTrusted:
    """A class outside the trusted packages."""

    def __init__(self) -> None:
        self.x = 1


@pytest.mark.parametrize("value", [
    pytest.param({"obj": NotTrusted()}, id="untrusted-class"),
    pytest.param(NotTrusted(), id="untrusted-item"),
    pytest.param({"path": Path("/tmp")}, id="pathlib"),
    pytest.param({"fn": len}, id="function"),
    pytest.param({"module": json}, id="module"),
    pytest.param([1, 2], id="list-item"),
    pytest.param("text", id="str-item"),
    pytest.param(dict, id="class-item"),
])
async def test_values_that_could_not_be_read_back_are_refused(
    storage: SqlStorage, value: Any,
) -> None:
    with pytest.raises(TypeError):
        await storage.write({"k": value})
    assert await storage.read(["k"]) == {}


# -- a stored row cannot run code ---------------------------------------------------------------

MARKER = "@MARKER@"  # replaced by a path in tmp_path: the file must never appear

HOSTILE_ROWS = [
    pytest.param({"x": {"py/reduce": [{"py/function": "os.mkdir"}, {"py/tuple": [MARKER]}]}},
                 "the function 'os.mkdir'", id="reduce-os-function"),
    pytest.param({"x": {"py/reduce": [{"py/function": "botbuilder.core.bot_state.deepcopy"},
                                      {"py/tuple": [1]}]}},
                 "the function", id="function-via-botbuilder"),
    pytest.param({"x": {"py/reduce": [{"py/type": "botbuilder.core.bot_state.Pickler"},
                                      {"py/tuple": []}]}},
                 "Pickler', which is not trusted", id="foreign-class-via-botbuilder"),
    pytest.param({"x": {"py/reduce": [{"py/type": "botbuilder.core.about.os"},
                                      {"py/tuple": []}]}},
                 "os', which is not trusted", id="module-via-botbuilder"),
    pytest.param({"x": {"py/reduce": [{"py/type": "builtins.eval"}, {"py/tuple": ["1"]}]}},
                 "'builtins.eval', which is not trusted", id="builtins-eval"),
    pytest.param({"x": {"py/object": "this.Zen"}}, "'this.Zen', which is not trusted",
                 id="never-imported"),
    pytest.param({"x": {"py/repr": "os/os.mkdir"}}, "py/repr", id="repr"),
    pytest.param({"x": {"py/mod": "os"}}, "py/mod", id="module"),
    pytest.param({"x": {"py/object": "strategibot.no_such_module.Gone"}},
                 "which does not exist", id="gone-class"),
    pytest.param({"x": {"py/object": 5}}, "not a class name", id="not-a-name"),
    pytest.param("{damaged json", "JSONDecodeError", id="damaged-json"),
    pytest.param([1, 2], "cannot carry an e_tag", id="not-an-item"),
]


@pytest.mark.parametrize(("data", "reason"), HOSTILE_ROWS)
async def test_a_hostile_or_damaged_row_is_unreadable(
    storage: SqlStorage, engine: AsyncEngine, tmp_path: Path, data: Any, reason: str,
) -> None:
    text = data if isinstance(data, str) else json.dumps(data)
    await put_raw_row(engine, "hostile", text.replace(MARKER, str(tmp_path / "pwned")))
    imported_before = "this" in sys.modules

    with pytest.raises(UnreadableItem, match="'hostile' cannot be read") as info:
        await storage.read(["hostile"])

    assert reason in str(info.value)
    assert info.value.key == "hostile"
    assert isinstance(info.value, StorageError)
    assert not (tmp_path / "pwned").exists()
    assert ("this" in sys.modules) == imported_before
    await storage.delete(["hostile"])  # deleting the key resets it
    assert await storage.read(["hostile"]) == {}


async def test_an_activity_in_the_state_round_trips(storage: SqlStorage) -> None:
    activity = MessageFactory.text("Hvad er Koncernstrategi 2019?")
    await storage.write({"k": {"options": PromptOptions(prompt=activity, number_of_attempts=2)}})

    options = (await storage.read(["k"]))["k"]["options"]

    assert isinstance(options, PromptOptions)
    assert isinstance(options.prompt, Activity)
    assert options.prompt.text == "Hvad er Koncernstrategi 2019?"
    assert options.prompt.type == "message"
    assert options.number_of_attempts == 2
