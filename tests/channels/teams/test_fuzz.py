"""A seeded fuzzer against the real service on a real port: transport, schema and mutation
cases of Bot Framework activities, with far sides that fail, stall or refuse.

Every case must end cleanly: no 5xx (501 for an invoke the bot does not handle is allowed, and
503 "the reply could not be delivered" when the far side took no reply), no request that
outlives the turn budget, and no traceback in the bot's log other than a far
side's failure (the Bot Connector answering an error or not answering is an expected, logged
failure; a Python error in our code or botbuilder's is not).

Reproduce: ``pytest -q tests/channels/teams/test_fuzz.py`` (FUZZ_SEED and FUZZ_COUNT
override the seed and the number of generated cases).
"""

from __future__ import annotations

import asyncio
import collections
import copy
import datetime as dt
import json
import os
import random
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from strategibot.services.content import Content
from strategibot.settings import Settings
from strategibot.web.app import SERVER_OPTIONS, create_app
from strategibot.web.keys import teams_bot_key
from tests.support.activities import BOT
from tests.support.connector import FakeConnector
from tests.support.databases import empty_tables
from tests.support.farside import BlackHole, LogRecorder, closed_port
from tests.support.service import KAREN, OLE, SANNE, SUSANNE, Service

SEED = int(os.environ.get("FUZZ_SEED", "20261206"))
COUNT = int(os.environ.get("FUZZ_COUNT", "1200"))
BUDGET = 3.0
"""The service's turn budget in this test (the default is 10 s; Teams gives up at 15 s)."""
CONNECTOR_TIMEOUT = 0.6
MAX_BODY = 256 * 1024
SLACK = 1.5
"""How much longer than the budget a request may take before it counts as a timeout."""

LEADERS = {"29:ole": OLE, "29:susanne": SUSANNE, "29:karen": KAREN, "29:sanne": SANNE}
TEXTS = [
    "hvad er kerneopgaven?", "hvad betyder RK?", "what is the core task?", "hej", "tak", "",
    "   ", "indrapporter", "check in", "mine indrapporteringer", "my check-ins", "fremdrift",
    "sygefravær 12,8", "sygefravær 12,8 @CPKS-01", "sick leave 9.5", "RK færdig",
    "borgerinddragelse: borgerpanel afprøvet og evalueret", "fortryd 1",
    "fortryd 99999999999999999999999", "fortryd -1", "fortryd 1e309", "fortryd NaN",
    "undo 0x10", "ret 5", "indrapporter CPKS-01", "indrapporter " + "X" * 500,
    "abonnér", "abonnér ugentlig fredag 14", "subscribe monthly 99", "afmeld", "abonnementer",
    "stop påmindelser", "start påmindelser", "hvilke enheder mangler at indrapportere?",
    "hvordan går det med sygefraværet?", "slet mine data", "delete my data",
    "sygefravær " + "9" * 400, "sygefravær -0", "sygefravær 1e400", "sygefravær ∞",
    "'; DROP TABLE reports; --", "{0}{__class__}{{}}%s%n", "<at>strategibot</at> hej",
    "\u202eRK færdig", "RK\u200b færdig", "🤖" * 300, "æøå " * 2000, "\x00\x01\x1b[31m",
    "a" * 30000, "sygefravær 12,8\nfortryd 1", "indrapporter @" + "Y" * 300,
]
STRINGS = ["", "x", " ", "\x00", "é" * 5000, "9" * 400, "29:ole", "a:fuzz-ole", "msteams",
           "null", "{}", "[]", "https://evil.example/", "../../etc/passwd"]
VALUES: list[Any] = [None, 0, -1, 2**70, 1e308, True, "", "x", [], [None], {}, {"a": 1},
                     {"type": None}, [{"type": 5}], "\u0000", "é" * 300]


@dataclass
class FarSides:
    ok: FakeConnector
    failing: FakeConnector
    limited: FakeConnector
    slow: FakeConnector
    garbage: FakeConnector
    hole: BlackHole
    closed: str

    def urls(self) -> list[str]:
        return [self.ok.url] * 12 + [self.failing.url, self.limited.url, self.slow.url,
                                     self.garbage.url, self.hole.url, self.closed]


@pytest.fixture
async def far() -> AsyncIterator[FarSides]:
    async with FakeConnector() as ok, FakeConnector() as failing, FakeConnector() as limited, \
            FakeConnector() as slow, FakeConnector() as garbage, BlackHole() as hole:
        failing.fail(500, times=None)
        limited.fail(429, times=None, retry_after=30)
        slow.delay(BUDGET + 2, times=None)
        garbage.fail(200, times=None, body="<html>not json</html>")
        for user, email in LEADERS.items():
            name = user.split(":")[1]
            for conversation in (f"a:fuzz-{name}", f"a:fuzz-{name};messageid=1"):
                ok.members.setdefault(conversation, []).append(
                    {"id": user, "name": name, "email": email, "userPrincipalName": email})
        yield FarSides(ok, failing, limited, slow, garbage, hole,
                       f"http://127.0.0.1:{closed_port()}/")


async def _start(settings: Settings, content: Content) -> Service:
    """The service as ``strategibot serve`` runs it (its server options included)."""
    app = create_app(settings, content=content)
    runner = web.AppRunner(app, **SERVER_OPTIONS)  # type: ignore[arg-type]
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return Service(f"http://127.0.0.1:{port}", app, None, None, settings, runner,  # type: ignore[arg-type]
                   content)


@pytest.fixture(params=["sqlite", "postgresql"])
def fuzz_database(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'fuzz.db'}"
    url: str = request.getfixturevalue("postgres_database")
    return url


@pytest.fixture
async def fuzz_service(fuzz_database: str, content: Content) -> AsyncIterator[Service]:
    from strategibot.store.db import upgrade

    url = fuzz_database
    await upgrade(url)
    if url.startswith("postgresql"):
        await empty_tables(url)
    settings = Settings(database_url=url, admins=("admin@ltk.example",),
                        allowed_tenants=("tenant-1",),
                        turn_budget_seconds=BUDGET, connector_timeout_seconds=CONNECTOR_TIMEOUT,
                        today=dt.date(2019, 11, 15))  # inside the period: check-ins are saved
    running = await _start(settings, content)
    bot = running.app[teams_bot_key]
    bot.typing_delay, bot.typing_period = 0.05, 0.2  # typing runs in every slow turn
    # a connection per request: a 413 closes its connection, which must not fail the next case
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as http:
        running.http = http
        yield running
    await running.runner.cleanup()
    if url.startswith("postgresql"):
        await empty_tables(url)


# ------------------------------------------------------------------ the cases


def _base(rng: random.Random, url: str) -> dict[str, Any]:
    user = rng.choice([*LEADERS, "29:nobody", "29:" + "u" * 150])
    name = user.split(":")[1][:20]
    kind = rng.choice(["personal"] * 4 + ["channel", "groupChat"])
    conversation = f"a:fuzz-{name}" if kind == "personal" else \
        f"19:fuzz-{rng.randrange(5)}@thread.tacv2;messageid={rng.randrange(10**12)}"
    activity: dict[str, Any] = {
        "type": "message", "id": f"fz-{rng.getrandbits(48):x}",
        "timestamp": "2026-11-28T10:00:00.000Z", "serviceUrl": url,
        "channelId": rng.choice(["msteams"] * 6 + ["emulator", "webchat", "directline", "sms"]),
        "from": {"id": user, "name": name, "aadObjectId": "00000000-0000-0000-0000-0000000000aa"},
        "recipient": dict(BOT),
        "conversation": {"id": conversation, "conversationType": kind, "tenantId": "tenant-1"},
        "text": rng.choice(TEXTS), "textFormat": "plain",
        "locale": rng.choice(["da-DK", "en-US", "en", "", "xx-YY", None]),
        "entities": [{"type": "clientInfo", "locale": "da-DK"}],
        "channelData": {"tenant": {"id": "tenant-1"}},
    }
    if kind != "personal":
        activity["text"] = "<at>strategibot</at> " + activity["text"]
        activity["entities"].append({"type": "mention", "text": "<at>strategibot</at>",
                                     "mentioned": dict(BOT)})
    return activity


def _form_value(rng: random.Random) -> dict[str, Any]:
    value: dict[str, Any] = {
        "strategibot": rng.choice([
            {"kind": "checkin-form", "subject": rng.choice(["unit:CPKS-01", "unit:COP-01",
                                                            "centre:CPKS", "unit:NOPE", "x",
                                                            "unit:" + "Z" * 300, 5, None]),
             "lang": rng.choice(["da", "en", "xx", None, 7])},
            {"kind": "checkin-form"}, {"kind": 3}, {"value": rng.choice(TEXTS)},
            {"value": 17}, "checkin-form", None, [],
        ]),
    }
    for _ in range(rng.randrange(6)):
        key = rng.choice(["sick-leave|days", "sick-leave|fte", "relational-coordination|status",
                          "citizen-involvement|form", "theme-coverage|1|initiative", "x" * 200,
                          "competence-needs|status", "recruitment-toolbox|recruited"])
        value[key] = rng.choice([*VALUES, "12,8", "done", "ja", "9" * 50, "-3", "1e999"])
    return value


def _schema_mutation(rng: random.Random, activity: dict[str, Any], far: FarSides) -> str:
    """Change the activity in one schema-level way; the name of the change."""
    choice = rng.randrange(14)
    if choice == 0:  # an entity botbuilder would trip over
        activity["entities"].append(rng.choice([
            {}, {"type": None}, {"type": ""}, {"type": "mention"},
            {"type": "mention", "mentioned": "bot"}, {"type": "mention", "mentioned": {}},
            {"type": "mention", "text": 5, "mentioned": {"id": BOT["id"]}},
            {"type": "mention", "text": "<at>x</at>", "mentioned": {"id": 7}},
            {"type": "Mention", "text": "<at>strategibot</at>",
             "mentioned": {"id": BOT["id"], "name": []}},
        ]))
        return "entity"
    if choice == 1:
        activity["value"] = _form_value(rng)
        return "form value"
    if choice == 2:
        activity["value"] = rng.choice(VALUES)
        return "odd value"
    if choice == 3:  # invokes
        activity["type"] = "invoke"
        activity["name"] = rng.choice(["adaptiveCard/action", "task/fetch", "task/submit",
                                       "composeExtension/query", "signin/verifyState",
                                       "fileConsent/invoke", "actionableMessage/executeAction",
                                       "config/fetch", "unknown/thing", ""])
        if rng.random() < 0.5:
            activity.pop("value", None)
        else:
            activity["value"] = rng.choice([*VALUES, {"action": {"type": "Action.Execute",
                                                                 "verb": "x", "data": None}}])
        return "invoke"
    if choice == 4:
        activity["type"] = "conversationUpdate"
        activity["membersAdded"] = rng.choice([[dict(BOT)], [{"id": "29:someone"}], [],
                                               [dict(BOT), {"id": "29:x", "name": "x"}]])
        activity.pop("text", None)
        return "conversationUpdate"
    if choice == 5:
        activity["type"] = rng.choice(["messageReaction", "installationUpdate", "event",
                                       "typing", "endOfConversation", "messageUpdate",
                                       "messageDelete", "trace", "handoff", "unknown"])
        activity["action"] = rng.choice(["add", "remove", None])
        return "other type"
    if choice == 6:  # ids at and over the database's widths
        where = rng.choice([("id", None), ("from", "id"), ("conversation", "id"),
                            ("recipient", "id"), ("conversation", "tenantId"),
                            ("conversation", "conversationType"), ("channelId", None)])
        length = rng.choice([31, 32, 33, 99, 100, 101, 199, 200, 201, 299, 300, 301, 600])
        value = "i" * length
        if where[1] is None:
            activity[where[0]] = value
        else:
            activity[where[0]][where[1]] = value
        return "long id"
    if choice == 7:  # the far side
        activity["serviceUrl"] = rng.choice([
            far.failing.url, far.limited.url, far.slow.url, far.garbage.url, far.hole.url,
            far.closed, "http://user:s3cret@127.0.0.1:1/", "https://smba.trafficmanager.net/",
            "http://10.0.0.1/", "http://[::1]:1/", "http://localhost:1/"])
        return "service url"
    if choice == 8:  # tenants
        activity["conversation"]["tenantId"] = rng.choice(["tenant-2", "", None, "T" * 100])
        activity["channelData"] = rng.choice([{}, {"tenant": {"id": "tenant-3"}},
                                              {"tenant": "x"}, {"tenant": {"id": 5}}])
        return "tenant"
    if choice == 9:  # a field of the wrong type
        key = rng.choice(["text", "locale", "timestamp", "entities", "attachments",
                          "channelData", "from", "conversation", "replyToId", "name",
                          "suggestedActions", "membersAdded", "textFormat", "summary"])
        activity[key] = rng.choice(VALUES)
        return "wrong type"
    if choice == 10:
        activity.pop(rng.choice(["type", "serviceUrl", "channelId", "conversation", "from",
                                 "recipient", "id", "text", "timestamp", "locale",
                                 "entities", "channelData"]), None)
        return "missing field"
    if choice == 11:
        activity["attachments"] = rng.choice([
            [{"contentType": "text/html", "content": "<b>x</b>"}],
            [{"contentType": "application/vnd.microsoft.card.adaptive", "content": {}}],
            [{"contentType": "image/png", "contentUrl": "http://127.0.0.1:1/x.png"}],
            [{}]])
        return "attachments"
    if choice == 12:
        activity["deliveryMode"] = rng.choice(["expectReplies", "notification", "x", ""])
        return "delivery mode"
    activity["replyToId"] = rng.choice(STRINGS)
    activity["relatesTo"] = rng.choice([None, {}, {"activityId": "1", "serviceUrl": far.hole.url}])
    return "relates to"


def _random_mutation(rng: random.Random, activity: dict[str, Any]) -> None:
    """Set a random nested field to a random value, a few times."""
    for _ in range(rng.randint(1, 4)):
        target: Any = activity
        path = rng.choice([("from", "name"), ("conversation", "name"), ("recipient", "name"),
                           ("conversation", "isGroup"), ("channelData", "eventType"),
                           ("channelData", "team"), ("channelData", "channel"),
                           ("value",), ("text",), ("locale",), ("localTimestamp",),
                           ("localTimezone",), ("speak",), ("inputHint",), ("label",)])
        for key in path[:-1]:
            nested = target.get(key)
            if not isinstance(nested, dict):
                nested = {}
                target[key] = nested
            target = nested
        target[path[-1]] = rng.choice([*VALUES, *STRINGS, rng.choice(TEXTS)])


Case = tuple[str, str, bytes, dict[str, str]]
"""(kind, method, body, headers)"""
JSON = {"Content-Type": "application/json"}


def _transport_case(rng: random.Random, raw: bytes) -> Case:
    choice = rng.randrange(10)
    if choice == 0:
        return "transport", "POST", raw[: rng.randrange(max(1, len(raw)))], JSON
    if choice == 1:
        data = bytearray(raw)
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return "transport", "POST", bytes(data), JSON
    if choice == 2:
        return "transport", "POST", raw, rng.choice([
            {}, {"Content-Type": "text/plain"},
            {"Content-Type": "application/json; charset=latin-1"},
            {"Content-Type": "multipart/form-data; boundary=x"},
            {"Content-Type": "application/json", "Content-Encoding": "gzip"},
            {"Content-Type": "application/json", "Authorization": "Bearer not.a.jwt"},
            {"Content-Type": "application/json", "Authorization": "Basic dXNlcjpwdw=="}])
    if choice == 3:
        depth = rng.choice([65, 1000, 20000])
        garbage = b"[" * depth + b"]" * depth
        return "transport", "POST", raw.replace(b'"text":', b'"value": ' + garbage + b', "text":',
                                                1), JSON
    if choice == 4:
        return "transport", "POST", b'{"type": "message", "text": "' + b"x" * 300_000 + b'"}', JSON
    if choice == 5:
        return "transport", rng.choice(["GET", "PUT", "DELETE", "PATCH"]), raw, JSON
    if choice == 6:
        return "transport", "POST", rng.choice([b"", b"null", b"[]", b'"x"', b"1", b"{}",
                                                b"\xef\xbb\xbf{}", b"{" * 3]), JSON
    if choice == 7:
        return "transport", "POST", raw.replace(b'"hej"', b'"\\ud800"').replace(
            b'"text": "', b'"text": "\\udfff', 1), JSON
    if choice == 8:
        return "transport", "POST", raw.replace(b"}", b', "value": NaN}', 1), JSON
    return "transport", "POST", raw + b" " * rng.randrange(10) + b"\n", JSON


def cases(far: FarSides, count: int, seed: int) -> Iterator[Case]:
    rng = random.Random(seed)
    urls = far.urls()
    for number in range(count):
        activity = _base(rng, rng.choice(urls))
        family = number % 3
        if family == 0:
            kind = _schema_mutation(rng, activity, far)
        elif family == 1:
            kind = "mutation"
            _random_mutation(rng, activity)
            if rng.random() < 0.5:
                _schema_mutation(rng, activity, far)
            if activity.get("type") == "invoke":
                kind = "invoke"
        else:
            raw = json.dumps(activity, ensure_ascii=rng.random() < 0.5).encode()
            yield _transport_case(rng, raw)
            continue
        yield kind, "POST", json.dumps(copy.deepcopy(activity)).encode(), JSON


async def _send(service: Service, case: Case) -> tuple[str, int | str, float]:
    kind, method, body, headers = case
    started = time.monotonic()
    try:
        async with service.http.request(
            method, f"{service.url}/api/messages", data=body, headers=headers,
            skip_auto_headers=["Content-Type"],
            timeout=aiohttp.ClientTimeout(total=BUDGET + SLACK),
        ) as response:
            answer = await response.read()
            if response.status == 503 and b"could not be delivered" in answer:
                # the far side took no reply (it failed, stalled or was never there): told
                # with a 503 so that Teams may deliver the message again — a clean end
                return kind, "undelivered", time.monotonic() - started
            return kind, response.status, time.monotonic() - started
    except TimeoutError:
        return kind, "timeout", time.monotonic() - started
    except aiohttp.ClientError:
        # the service answered 413 from Content-Length and closed before the body was sent
        return kind, "closed" if len(body) > MAX_BODY else "reset", time.monotonic() - started


@pytest.mark.slow
async def test_hostile_activities_all_end_cleanly(fuzz_service: Service, far: FarSides) -> None:
    all_cases = list(cases(far, COUNT, SEED))
    assert len(all_cases) >= min(COUNT, 1000)
    results: list[tuple[str, int | str, float]] = []
    gate = asyncio.Semaphore(16)

    async def one(case: Case) -> None:
        async with gate:
            results.append(await _send(fuzz_service, case))

    started = time.monotonic()
    with LogRecorder() as logs:
        await asyncio.gather(*(one(case) for case in all_cases))
        await asyncio.sleep(BUDGET)  # anything still running in the background logs now
    elapsed = time.monotonic() - started

    statuses = collections.Counter(status for _, status, _ in results)
    by_kind = collections.Counter(kind for kind, _, _ in results)
    bad = [(kind, status) for kind, status, _ in results
           if status in ("timeout", "reset") or (isinstance(status, int) and status >= 500
                                      and not (status == 501 and kind == "invoke"))]
    slowest = max(seconds for _, _, seconds in results)
    summary = (f"{len(results)} cases in {elapsed:.1f} s, statuses {dict(statuses)}, "
               f"kinds {dict(by_kind)}, slowest {slowest:.2f} s")
    print(summary)  # the figures for the report (pytest -s shows them)
    assert not bad, f"{len(bad)} bad answers: {bad[:20]}; {summary}"
    assert slowest < BUDGET + 1.0, summary
    unexpected = logs.unexpected()
    assert not unexpected, "\n".join(unexpected[:20])
    overruns = [r.getMessage() for r in logs.records if "overran" in r.getMessage()]
    assert not overruns, overruns[:5]
    # the cases reached every part: replies went out, far sides failed as intended, and the
    # log captured those failures (so the traceback check above could fail)
    assert statuses[200] > 300, summary
    assert statuses[400] > 100, summary
    assert len(far.ok.activities) > 100
    assert far.hole.connections > 0
    assert far.failing.requests
    assert far.slow.requests
    assert any(r.exc_info for r in logs.records), "the log capture saw no far-side failure"
