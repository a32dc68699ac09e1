"""Hostile input to POST /api/messages gets 400/413/415 — never a 500, never a traceback.

Everything goes through the real HTTP path: an echo bot on StrategibotAdapter, served by
pytest-aiohttp, replying to the fake connector. ``parse_activity`` is also tested directly
for the status and reason it gives.
"""

from __future__ import annotations

import asyncio
import copy
import json
import random
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext

from strategibot.channels.teams.adapter import StrategibotAdapter
from strategibot.channels.teams.inbound import MAX_DEPTH, BadActivity, parse_activity
from strategibot.settings import Settings
from tests.support.connector import FakeConnector

Client = TestClient[web.Request, web.Application]
JSON = {"Content-Type": "application/json"}
MAX = 256 * 1024


class EchoBot(ActivityHandler):  # type: ignore[misc]
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text(f"echo: {turn_context.activity.text}"))


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    async with FakeConnector() as fake:
        yield fake


@pytest.fixture
async def client(aiohttp_client: Any, connector: FakeConnector) -> AsyncIterator[Client]:
    session = aiohttp.ClientSession()
    adapter = StrategibotAdapter(Settings(max_body_bytes=MAX), session)
    bot = EchoBot()

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    yield await aiohttp_client(app)
    await session.close()


def valid_activity(service_url: str, **changes: Any) -> dict[str, Any]:
    activity: dict[str, Any] = {
        "type": "message",
        "id": "activity-1",
        "timestamp": "2024-05-01T10:00:00.123Z",
        "localTimestamp": "2024-05-01T12:00:00.123+02:00",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": "user-1", "name": "Ulla", "aadObjectId": "aad-1"},
        "recipient": {"id": "bot-1", "name": "strategibot"},
        "conversation": {"id": "conversation-1", "conversationType": "personal",
                         "tenantId": "tenant-1"},
        "text": "hej",
        "textFormat": "plain",
        "locale": "da-DK",
        "entities": [{"type": "clientInfo", "locale": "da-DK"}],
        "attachments": [],
        "channelData": {"tenant": {"id": "tenant-1"}},
    }
    activity.update(changes)
    return activity


async def post(client: Client, body: bytes, headers: dict[str, str] | None = None,
               **kwargs: Any) -> tuple[int, bytes]:
    async with client.post("/api/messages", data=body, headers=headers, **kwargs) as response:
        return response.status, await response.read()


def assert_clean_error(status: int, body: bytes, expected: int | set[int]) -> None:
    allowed = expected if isinstance(expected, set) else {expected}
    assert status in allowed, (status, body[:300])
    assert b"Traceback" not in body
    if status >= 400:
        assert len(body) < 300
        assert isinstance(json.loads(body)["error"], str)


# --- table-driven: each class of hostile input ------------------------------------------------


def hostile_cases(url: str) -> Iterator[tuple[str, bytes, dict[str, str], int]]:
    ok = valid_activity(url)

    def body(**changes: Any) -> bytes:
        return json.dumps(valid_activity(url, **changes)).encode()

    def without(key: str) -> bytes:
        activity = copy.deepcopy(ok)
        del activity[key]
        return json.dumps(activity).encode()

    yield "wrong-typed text", body(text={"a": 1}), JSON, 400
    yield "numeric type", body(type=5), JSON, 400
    yield "garbage timestamp", body(timestamp="yesterday at noon"), JSON, 400
    yield "impossible timestamp", body(timestamp="2024-13-45T25:61:00Z"), JSON, 400
    yield "timestamp not a string", body(timestamp=1714557600), JSON, 400
    yield "garbage localTimestamp", body(localTimestamp="2024-05-01"), JSON, 400
    yield "entities is an object", body(entities={"type": "mention"}), JSON, 400
    yield "entities of strings", body(entities=["mention"]), JSON, 400
    yield "attachments is a string", body(attachments="file.png"), JSON, 400
    yield "membersAdded is an object", body(membersAdded={"id": "x"}), JSON, 400
    yield "membersRemoved of numbers", body(membersRemoved=[1, 2]), JSON, 400
    yield "from is a string", body(**{"from": "user-1"}), JSON, 400
    yield "from.id is a number", body(**{"from": {"id": 17}}), JSON, 400
    yield "conversation.id is null", body(conversation={"id": None}), JSON, 400
    yield "conversation.isGroup is a string", body(conversation={"id": "c", "isGroup": "yes"}), \
        JSON, 400
    yield "channelData is a list", body(channelData=[1]), JSON, 400
    yield "serviceUrl is not a URL", body(serviceUrl="not a url"), JSON, 400
    yield "serviceUrl is ftp", body(serviceUrl="ftp://127.0.0.1/"), JSON, 400
    yield "serviceUrl with a bad port", body(serviceUrl="http://127.0.0.1:99999/"), JSON, 400
    yield "locale is a list", body(locale=["da"]), JSON, 400
    yield "missing type", without("type"), JSON, 400
    yield "empty type", body(type=""), JSON, 400
    yield "missing serviceUrl", without("serviceUrl"), JSON, 400
    yield "missing conversation", without("conversation"), JSON, 400
    yield "missing from", without("from"), JSON, 400
    yield "missing recipient", without("recipient"), JSON, 400
    yield "missing channelId", without("channelId"), JSON, 400
    yield "malformed JSON", b'{"type": "message",', JSON, 400
    yield "JSON array", b"[1, 2, 3]", JSON, 400
    yield "JSON string", b'"message"', JSON, 400
    yield "empty body", b"", JSON, 400
    yield "NaN", body(value=0).replace(b'"value": 0', b'"value": NaN'), JSON, 400
    yield "huge integer", body(value=0).replace(b'"value": 0', b'"value": ' + b"9" * 5000), \
        JSON, 400
    yield "invalid UTF-8", body(text="xx").replace(b"xx", b"\xff\xfe"), JSON, 400
    yield "truncated UTF-8", body(text="xx").replace(b"xx", b"\xc3"), JSON, 400
    yield "lone surrogate", body(text="xx").replace(b'"xx"', b'"\\ud800"'), JSON, 400
    yield "10,000 nested arrays", b"[" * 10_000 + b"]" * 10_000, JSON, 400
    yield "10,000 nested arrays in value", body(value=0).replace(
        b'"value": 0', b'"value": ' + b"[" * 10_000 + b"]" * 10_000), JSON, 400
    deep: Any = "bottom"
    for _ in range(MAX_DEPTH):
        deep = {"d": deep}
    yield "nested one too deep", body(value=deep), JSON, 400
    yield "missing Content-Type", body(), {}, 400
    yield "text/plain", body(), {"Content-Type": "text/plain"}, 415
    yield "form", body(), {"Content-Type": "application/x-www-form-urlencoded"}, 415
    yield "latin-1 charset", body(), {"Content-Type": "application/json; charset=latin-1"}, 415
    yield "too large", body(text="x" * MAX), JSON, 413


NOWHERE = "http://127.0.0.1:9/"  # refused activities never reach the bot, so never reply


@pytest.mark.parametrize(
    ("body", "headers", "expected"),
    [pytest.param(body, headers, expected, id=name)
     for name, body, headers, expected in hostile_cases(NOWHERE)],
)
async def test_hostile_input_is_refused_cleanly(
    client: Client, connector: FakeConnector, body: bytes, headers: dict[str, str],
    expected: int,
) -> None:
    status, answer = await post(
        client, body, headers, skip_auto_headers=["Content-Type"] if not headers else None
    )
    assert_clean_error(status, answer, expected)


async def test_a_valid_activity_is_answered(client: Client, connector: FakeConnector) -> None:
    status, body = await post(client, json.dumps(valid_activity(connector.url)).encode(), JSON)
    assert (status, body) == (200, b"")
    [reply] = await connector.wait_for(1)
    assert reply.body["text"] == "echo: hej"


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"],
)
async def test_json_content_types_are_accepted(
    client: Client, connector: FakeConnector, content_type: str
) -> None:
    body = json.dumps(valid_activity(connector.url)).encode()
    status, _ = await post(client, body, {"Content-Type": content_type})
    assert status == 200


async def test_nesting_up_to_the_limit_is_accepted(
    client: Client, connector: FakeConnector
) -> None:
    deep: Any = "bottom"
    for _ in range(MAX_DEPTH - 1):  # the activity object itself is one level
        deep = {"d": deep}
    status, _ = await post(client, json.dumps(valid_activity(connector.url, value=deep)).encode(),
                           JSON)
    assert status == 200


async def test_unknown_activity_types_are_accepted_and_ignored(
    client: Client, connector: FakeConnector
) -> None:
    body = json.dumps(valid_activity(connector.url, type="somethingNew")).encode()
    status, _ = await post(client, body, JSON)
    assert status == 200
    assert connector.activities == []


async def test_a_body_of_exactly_the_limit_is_accepted(
    client: Client, connector: FakeConnector
) -> None:
    base = json.dumps(valid_activity(connector.url, text="")).encode()
    body = json.dumps(valid_activity(connector.url, text="x" * (MAX - len(base)))).encode()
    assert len(body) == MAX
    status, _ = await post(client, body, JSON)
    assert status == 200


async def test_a_chunked_body_over_the_limit_gets_413(
    client: Client, connector: FakeConnector
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(MAX // 1024 + 8):
            yield b" " * 1024

    status, body = await post(client, chunks(), JSON)  # type: ignore[arg-type]
    assert_clean_error(status, body, 413)


async def test_content_length_over_the_limit_is_refused_before_reading(
    client: Client,
) -> None:
    assert client.port is not None
    reader, writer = await asyncio.open_connection("127.0.0.1", client.port)
    writer.write(  # announces 10 MB, sends one byte: the answer must not wait for the rest
        b"POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 10000000\r\n\r\n{"
    )
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    await writer.wait_closed()
    assert status_line.split()[1] == b"413"


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_other_methods_are_not_500(client: Client, method: str) -> None:
    async with client.request(method, "/api/messages") as response:
        assert response.status == 405


# --- a deterministic generated fuzz ------------------------------------------------------------

_VALUES: list[Any] = [
    None, 0, -1, 3.5, True, False, "", "x", "2024-01-01", "9999-99-99T99:99:99Z",
    "javascript:alert(1)", "ftp://example.invalid/", [], [None], [1, "a"], {}, {"id": 7},
    {"id": None}, {"type": 5}, [{"type": []}], "\u0000", "é" * 300, 1e308, -(2**70),
]
_FIELDS = [
    "type", "id", "timestamp", "localTimestamp", "serviceUrl", "channelId", "from", "recipient",
    "conversation", "text", "entities", "attachments", "membersAdded", "membersRemoved", "value",
    "channelData", "locale", "replyToId", "deliveryMode", "name", "textFormat", "speak",
    "suggestedActions", "relatesTo", "reactionsAdded", "historyDisclosed", "expiration",
    "listenFor", "textHighlights", "semanticAction", "inputHint", "importance",
]
_NESTED = [
    ("from", "id"), ("from", "name"), ("recipient", "id"), ("conversation", "id"),
    ("conversation", "isGroup"), ("conversation", "tenantId"), ("attachments", 0),
    ("entities", 0), ("channelData", "tenant"),
]


def fuzz_cases(url: str, count: int) -> Iterator[tuple[bytes, dict[str, str]]]:
    """``count`` mutated requests, the same every run (seeded)."""
    rng = random.Random(20240501)
    base = valid_activity(url, attachments=[{"contentType": "text/plain", "content": "a"}])
    raw = json.dumps(base).encode()
    for field in _FIELDS:  # every field with every value: 32 × 24 = 768
        for value in _VALUES:
            yield json.dumps({**base, field: value}).encode(), JSON
    produced = len(_FIELDS) * len(_VALUES)
    while produced < count:
        produced += 1
        kind = rng.randrange(6)
        if kind == 0:  # a nested field gets a random value
            activity = copy.deepcopy(base)
            outer, inner = rng.choice(_NESTED)
            container = activity[outer]
            if isinstance(container, list):
                container.append(rng.choice(_VALUES))
            else:
                container[inner] = rng.choice(_VALUES)
            yield json.dumps(activity).encode(), JSON
        elif kind == 1:  # truncated
            yield raw[: rng.randrange(len(raw))], JSON
        elif kind == 2:  # random bytes flipped (often invalid UTF-8 or JSON)
            data = bytearray(raw)
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            yield bytes(data), JSON
        elif kind == 3:  # deep or wide garbage in value
            depth = rng.choice([MAX_DEPTH + 1, 500, 5000, 20_000])
            opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}")])
            garbage = opener * depth + b"1" + closer * depth
            yield raw.replace(b'"text": "hej"', b'"text": "hej", "value": ' + garbage), JSON
        elif kind == 4:  # odd headers
            header = rng.choice([{}, {"Content-Type": ""}, {"Content-Type": "text/html"},
                                 {"Content-Type": "application/json; charset=utf-16"},
                                 {"Content-Type": "multipart/form-data; boundary=x"}])
            yield raw, header
        else:  # several top-level fields at once
            activity = dict(base)
            for field in rng.sample(_FIELDS, 3):
                activity[field] = rng.choice(_VALUES)
            yield json.dumps(activity).encode(), JSON


async def test_generated_fuzz_never_gets_a_500(
    client: Client, connector: FakeConnector
) -> None:
    statuses: dict[int, int] = {}
    cases = list(fuzz_cases(connector.url, 1500))
    assert len(cases) == 1500
    for body, headers in cases:
        status, answer = await post(
            client, body, headers, skip_auto_headers=["Content-Type"] if not headers else None
        )
        assert_clean_error(status, answer, {200, 400, 413, 415})
        statuses[status] = statuses.get(status, 0) + 1
    assert statuses.get(400, 0) > 1000  # the fuzz mostly hits validation, as intended
    # and the server still answers a valid activity afterwards
    connector.clear()
    status, _ = await post(client, json.dumps(valid_activity(connector.url)).encode(), JSON)
    assert status == 200
    [reply] = await connector.wait_for(1)
    assert reply.body["text"] == "echo: hej"


# --- parse_activity directly -------------------------------------------------------------------


def test_parse_activity_returns_a_botbuilder_activity() -> None:
    activity = parse_activity(
        json.dumps(valid_activity("https://smba.trafficmanager.net/emea/")).encode(),
        "application/json; charset=utf-8",
        MAX,
    )
    assert activity.type == "message"
    assert activity.from_property.id == "user-1"
    assert activity.conversation.id == "conversation-1"
    assert activity.timestamp.year == 2024
    assert activity.entities[0].type == "clientInfo"


@pytest.mark.parametrize(
    ("body", "content_type", "status", "reason"),
    [
        (b"x" * 11, "application/json", 413, "larger than 10 bytes"),
        (b"{}", None, 400, "Content-Type header is missing"),
        (b"{}", "text/xml", 415, "application/json"),
        (b"\xff", "application/json", 400, "UTF-8"),
        (b"{", "application/json", 400, "not valid JSON"),
        (b"[" * 3000 + b"]" * 3000, "application/json", 400, "nested"),
        (b'{"type": "message", "timestamp": "noon"}', "application/json", 400, "'timestamp'"),
        (b'{"type": "message", "entities": {}}', "application/json", 400, "'entities' must be a"),
        (b'{"type": "message", "from": {"id": 1}}', "application/json", 400, "'from.id'"),
        (b'{"type": "message"}', "application/json", 400, "'serviceUrl' is required"),
    ],
)
def test_parse_activity_reasons(
    body: bytes, content_type: str | None, status: int, reason: str
) -> None:
    limit = 10 if status == 413 else MAX
    with pytest.raises(BadActivity) as caught:
        parse_activity(body, content_type, limit)
    assert caught.value.status == status
    assert reason in caught.value.reason
