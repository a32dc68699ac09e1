"""Latency under load (issue 15): the whole app beside the raw aiohttp echo bot, measured in
the same run, on SQLite and on PostgreSQL — Q&A turns from 50 conversations that are all new
or all known, one-line check-ins from 20 leaders (with the database transactions each takes),
and the app's memory over a long run.

Run from the repository root::

    .venv/bin/python benchmarks/bench_latency.py [--turns 2000] [--long 20000]
        [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test]

Each bot runs in its own process on loopback (as in ``bench_turns.py``) and replies to a fake
Bot Connector in this process; each conversation asks the held-out questions of one language
(a quarter English). ``reply`` is until the reply reaches the connector, ``post``
until the bot answers the POST. Transactions are read from the app's own ``/metrics``
(``strategibot_db_transactions_total``); RSS from ``/proc/<pid>/status``. This is a script,
not a test: nothing asserts on speed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "benchmarks")]

from bench_turns import _bot_app  # noqa: E402
from tests.support.connector import ConnectorRequest, FakeConnector  # noqa: E402

__all__ = ["main"]

TODAY = "2019-11-15"  # inside the strategy's period: check-ins are taken


def _questions() -> dict[str, list[str]]:
    """The held-out questions by language: a conversation keeps to one (people do; a
    conversation whose language changes is remembered again, one small write)."""
    import yaml

    path = ROOT / "knowledge" / "koncernstrategi-2019" / "eval" / "questions.yaml"
    found: dict[str, list[str]] = {"da": [], "en": []}
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
        found.setdefault(item.get("lang", "da"), []).append(item["q"])
    return found


QUESTIONS = _questions()


def _leaders() -> list[str]:
    import yaml

    data = yaml.safe_load((ROOT / "knowledge" / "organisation.example.yaml").read_text())
    units: dict[str, int] = {}
    for centre in data["centres"]:
        for unit in centre["units"]:
            if unit.get("leader"):
                units[unit["leader"]] = units.get(unit["leader"], 0) + 1
    return [leader for leader, count in units.items() if count == 1]  # no "which unit?"


# --- the app (run in a subprocess) ----------------------------------------------------------

def _serve(database: str) -> None:
    from strategibot.settings import Settings
    from strategibot.web.app import create_app

    async def run() -> None:
        if database == "sqlite":
            folder = tempfile.mkdtemp(prefix="bench-latency-")
            url = f"sqlite+aiosqlite:///{folder}/bot.db"
        else:
            from strategibot.store.db import upgrade

            url = database
            await upgrade(url)
        settings = Settings(database_url=url, scheduler=False, today=TODAY,
                            dev_user_email="", log_level="WARNING")
        # BENCH_FREEZE=0: without gc.freeze() (as a test process runs the app), for the A/B
        freeze = os.environ.get("BENCH_FREEZE", "1") != "0"
        runner = web.AppRunner(create_app(settings, freeze=freeze), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        _profile_on_signals()
        print(runner.addresses[0][1], flush=True)
        await asyncio.Event().wait()

    asyncio.run(run())


def _profile_on_signals() -> None:
    """SIGUSR1 starts profiling this process, SIGUSR2 writes the profile to $BENCH_PROFILE."""
    import cProfile
    import signal

    target = os.environ.get("BENCH_PROFILE")
    if not target:
        return
    profiler = cProfile.Profile()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, profiler.enable)

    def dump() -> None:
        profiler.disable()
        profiler.dump_stats(target + ".part")
        os.replace(target + ".part", target)

    loop.add_signal_handler(signal.SIGUSR2, dump)


def _serve_kind(kind: str) -> None:
    async def run() -> None:
        runner = web.AppRunner(_bot_app(kind), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        print(runner.addresses[0][1], flush=True)
        await asyncio.Event().wait()

    asyncio.run(run())


# --- the load ---------------------------------------------------------------------------------

@dataclass
class Result:
    name: str
    turns: int = 0
    seconds: float = 0.0
    reply_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    errors: int = 0
    transactions: float | None = None
    full_collections: tuple[float, float] | None = None
    """the app's full (generation 2) garbage collections in the measured phase: count, ms"""
    notes: str = ""

    @property
    def rate(self) -> float:
        return self.turns / self.seconds if self.seconds else float("nan")

    def line(self, ceiling: float | None = None) -> str:
        ratio = f" ({self.rate / ceiling:.2f}× raw)" if ceiling else ""
        tx = f"   {self.transactions:.2f} transactions/turn" if self.transactions is not None \
            else ""
        collections = ""
        if self.full_collections is not None:
            count, ms = self.full_collections
            collections = f"   full GCs {count:.0f}" + (
                f" ({ms / count:.1f} ms each)" if count else "")
        return (f"{self.name:<34} {self.rate:8.1f} turns/s{ratio}   reply p50 "
                f"{pct(self.reply_ms, 50):6.1f} p99 {pct(self.reply_ms, 99):6.1f} ms   post p50 "
                f"{pct(self.post_ms, 50):6.1f} p99 {pct(self.post_ms, 99):6.1f} ms   errors "
                f"{self.errors}{tx}{collections}{self.notes}")


def pct(values: list[float], percentile: int) -> float:
    if len(values) < 2:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[percentile - 1]


class Bot:
    """A bot in a subprocess: its port and pid."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.args = args
        self.env = env or {}
        self.process: asyncio.subprocess.Process | None = None
        self.port = 0

    async def __aenter__(self) -> Bot:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
               **self.env}
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, __file__, *self.args, stdout=asyncio.subprocess.PIPE, env=env)
        assert self.process.stdout is not None
        self.port = int(await asyncio.wait_for(self.process.stdout.readline(), 120))
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.process is not None
        self.process.terminate()
        await self.process.wait()

    def rss_mb(self) -> float:
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        return int(match.group(1)) / 1024 if match else float("nan")

    async def transactions(self, session: aiohttp.ClientSession) -> float:
        return (await self.counters(session))[0]

    async def counters(self, session: aiohttp.ClientSession) -> tuple[float, float, float]:
        """From the app's /metrics: transactions begun, full garbage collections and their
        seconds."""
        async with session.get(f"http://127.0.0.1:{self.port}/metrics") as response:
            text = await response.text()

        def total(pattern: str) -> float:
            return sum(float(m.group(1)) for m in re.finditer(
                rf"^{pattern} ([0-9.e+]+)$", text, re.M))

        return (total(r"strategibot_db_transactions_total\{[^}]*\}"),
                total(r'strategibot_gc_pause_seconds_count\{generation="2"\}'),
                total(r'strategibot_gc_pause_seconds_sum\{generation="2"\}'))


async def drive(name: str, bot: Bot, connector: FakeConnector, *, turns: int, warmup: int,
                conversations: int, new: bool = False, oneliners: bool = False,
                count: bool = False) -> Result:
    url = f"http://127.0.0.1:{bot.port}/api/messages"
    arrivals: dict[str, asyncio.Future[float]] = {}
    loop = asyncio.get_running_loop()
    leaders = _leaders()
    rng = random.Random(15)

    def on_request(request: ConnectorRequest) -> None:
        if request.is_activity and isinstance(request.body, dict) \
                and request.body.get("type") == "message":
            future = arrivals.get(str(request.body.get("replyToId")))
            if future is not None and not future.done():
                future.set_result(request.received_at)

    connector.on_request = on_request
    result = Result(name)
    run_id = uuid.uuid4().hex[:6]

    async def phase(session: aiohttp.ClientSession, label: str, total: int,
                    record: bool) -> None:
        counter = itertools.count()

        async def conversation(index: int) -> None:
            while (n := next(counter)) < total:
                activity_id = f"{run_id}-{label}-{index}-{n}"
                conversation_id = f"{run_id}-{label}-new-{n}" if new else \
                    f"{run_id}-conversation-{index}"
                user = f"user-{run_id}-{index}"
                lang = "en" if index % 4 == 3 else "da"  # a quarter write English
                questions = QUESTIONS[lang]
                text = questions[(n * 7 + index) % len(questions)]
                # every user is in the roster, as in Teams (a new chat looks its user up)
                email = leaders[index % len(leaders)] if oneliners else f"{user}@ltk.example"
                connector.members[conversation_id] = [{"id": user, "email": email}]
                if oneliners:
                    text = f"sygefravær {12 + rng.random():.1f}"
                arrivals[activity_id] = loop.create_future()
                activity = {
                    "type": "message", "id": activity_id, "text": text,
                    "serviceUrl": connector.url, "channelId": "msteams",
                    "locale": "en-GB" if lang == "en" else "da-DK",
                    "from": {"id": user}, "recipient": {"id": "bot"},
                    "conversation": {"id": conversation_id, "conversationType": "personal"},
                }
                started = time.monotonic()
                try:
                    async with session.post(url, json=activity) as response:
                        await response.read()
                        ok = response.status < 300
                    answered = time.monotonic()
                    arrived = await asyncio.wait_for(arrivals[activity_id], 30) if ok else 0.0
                except (aiohttp.ClientError, TimeoutError):
                    ok = False
                arrivals.pop(activity_id, None)
                if not ok:
                    result.errors += 1
                elif record:
                    result.post_ms.append((answered - started) * 1000)
                    result.reply_ms.append((arrived - started) * 1000)

        await asyncio.gather(*(conversation(i) for i in range(conversations)))

    async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=conversations * 2)) as session:
        if warmup:
            await phase(session, "warmup", warmup, record=False)
        before = await bot.counters(session) if count else (0.0, 0.0, 0.0)
        # the driver's own full collections (its futures, timings, the connector's records)
        # would show as the bot's tail: what it holds so far is frozen out of them
        gc.collect()
        gc.freeze()
        started = time.monotonic()
        await phase(session, "measured", turns, record=True)
        result.seconds = time.monotonic() - started
        if count:
            after = await bot.counters(session)
            result.transactions = (after[0] - before[0]) / turns
            result.full_collections = (after[1] - before[1], (after[2] - before[2]) * 1000)
    result.turns = len(result.reply_ms)
    connector.on_request = None
    return result


async def fresh_postgres(admin_url: str) -> tuple[str, str]:
    import asyncpg

    dsn = admin_url.replace("postgresql+asyncpg://", "postgresql://")
    name = f"strategibot_bench_{uuid.uuid4().hex[:8]}"
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return f"{admin_url.rpartition('/')[0]}/{name}", name


async def drop_postgres(admin_url: str, name: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(admin_url.replace("postgresql+asyncpg://",
                                                         "postgresql://"))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def run(args: argparse.Namespace) -> None:
    print(f"{args.turns} turns, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    databases = ["sqlite"] + (["postgres"] if args.postgres else [])
    async with FakeConnector() as connector:
        connector.wait_limit = 60
        async with Bot("--serve-kind", "raw") as raw:
            ceiling = await drive("raw aiohttp echo (the ceiling)", raw, connector,
                                  turns=args.turns, warmup=200, conversations=50)
        print(ceiling.line(), flush=True)
        async with Bot("--serve-kind", "adapter") as echo:
            adapter = await drive("echo bot on our adapter (botbuilder)", echo, connector,
                                  turns=args.turns, warmup=200, conversations=50)
        print(adapter.line(ceiling.rate), flush=True)
        for database in databases:
            url, name = ("sqlite", "") if database == "sqlite" else \
                await fresh_postgres(args.postgres)
            try:
                async with Bot("--serve", url) as app:
                    for new in (True, False):
                        label = f"app Q&A, {database}, {'all new' if new else 'all known'}"
                        if args.only not in label:
                            continue
                        result = await drive(label, app, connector, turns=args.turns,
                                             warmup=200, conversations=50, new=new,
                                             count=True)
                        print(result.line(ceiling.rate), flush=True)
                    label = f"app one-liners, {database}, 20 leaders"
                    if args.only in label:
                        result = await drive(label, app, connector,
                                             turns=min(args.turns, 1000), warmup=100,
                                             conversations=20, oneliners=True, count=True)
                        print(result.line(), flush=True)
                if database == "sqlite" and args.only in "app Q&A, sqlite, all known, no memo":
                    # the same, every text read afresh: what a burst of questions never asked
                    # before costs (the memo of readings kept off)
                    async with Bot("--serve", url,
                                   env={"STRATEGIBOT_UNDERSTANDING_MEMO": "0"}) as app:
                        result = await drive(f"app Q&A, {database}, all known, no memo", app,
                                             connector, turns=args.turns, warmup=200,
                                             conversations=50, count=True)
                        print(result.line(ceiling.rate), flush=True)
                if database == "sqlite" and args.long and not args.only:
                    # a fresh process: the turns are counted from its start
                    async with Bot("--serve", url) as app:
                        rss: list[tuple[int, float]] = [(0, app.rss_mb())]
                        done = 0
                        for target in (2000, args.long):
                            await drive("long run", app, connector, turns=target - done,
                                        warmup=0, conversations=50)
                            done = target
                            rss.append((done, app.rss_mb()))
                        (_, r0), (a, ra), (b, rb) = rss
                        print(f"app RSS: {r0:.1f} MB at start, {ra:.1f} MB after {a:,} turns, "
                              f"{rb:.1f} MB after {b:,} turns ({(rb / ra - 1) * 100:+.1f} %)",
                              flush=True)
            finally:
                if name:
                    await drop_postgres(args.postgres, name)


# where a turn's time goes: each function's own time (cProfile's tottime), by where it lives
CATEGORIES: list[tuple[str, tuple[str, ...]]] = [
    ("inbound validation (ours)", ("strategibot/channels/teams/inbound.py",)),
    ("botbuilder: (de)serialisation (msrest)", ("msrest/", "isodate/")),
    ("botbuilder: deepcopy of each reply (TurnContext.send_activities)", ("copy.py",)),
    ("botbuilder: pipeline (TurnContext, adapter, middleware)", ("botbuilder/", "botframework/")),
    ("Teams channel glue (ours: adapter, outbound, typing)", ("strategibot/channels/",)),
    ("answer engine (ours + rapidfuzz, stemmer)",
     ("strategibot/domain/answers/", "strategibot/domain/normalise.py",
      "strategibot/domain/language.py", "rapidfuzz/", "snowballstemmer/")),
    ("rendering to an Adaptive Card (ours)", ("strategibot/render/",)),
    ("conversation, services, intents (ours)",
     ("strategibot/conversation/", "strategibot/services/", "strategibot/domain/",
      "strategibot/core/", "strategibot/store/", "strategibot/wiring.py")),
    ("database (SQLAlchemy, aiosqlite; the SQLite calls run in aiosqlite's thread)",
     ("sqlalchemy/", "aiosqlite/", "greenlet", "SimpleQueue")),
    ("HTTP (aiohttp server and client, sockets)",
     ("aiohttp/", "yarl/", "multidict/", "propcache/", "aiohappyeyeballs/", "_socket.socket")),
    ("JSON", ("json/",)),
    ("waiting (epoll: the database thread, the network)", ("select.epoll", "selectors.py")),
    ("asyncio event loop", ("asyncio/", "_contextvars.Context")),
    ("logging, metrics", ("logging/", "prometheus_client/")),
]


def _category(filename: str, name: str) -> str:
    where = f"{filename}:{name}"
    for label, needles in CATEGORIES:
        if any(n in where for n in needles):
            return label
    return "other (builtins, typing)"


async def profile(turns: int, kind: str = "known", database: str = "sqlite") -> None:
    """Sequential turns (Q&A in known or new conversations, or one-liners), one at a time (no
    queueing), profiled in the bot's process: each category's share of a turn."""
    import pstats
    import signal

    target = Path(tempfile.mkdtemp(prefix="bench-profile-")) / "turns.prof"
    os.environ["BENCH_PROFILE"] = str(target)
    async with FakeConnector() as connector:
        connector.wait_limit = 60
        url, name = ("sqlite", "") if database == "sqlite" else \
            await fresh_postgres(database)
        options = {"new": kind == "new", "oneliners": kind == "oneliners"}
        try:
            async with Bot("--serve", url) as app:
                await drive("warm-up", app, connector, turns=300, warmup=0, conversations=1,
                            **options)
                assert app.process is not None
                app.process.send_signal(signal.SIGUSR1)
                await asyncio.sleep(0.2)
                result = await drive("profiled", app, connector, turns=turns, warmup=0,
                                     conversations=1, **options)
                app.process.send_signal(signal.SIGUSR2)
                for _ in range(100):
                    if target.exists():
                        break
                    await asyncio.sleep(0.1)
        finally:
            if name:
                await drop_postgres(database, name)
    stats = pstats.Stats(str(target))
    totals: dict[str, float] = {}
    for (filename, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        label = _category(filename, name)
        totals[label] = totals.get(label, 0.0) + row[2]  # tottime
    whole = sum(totals.values())
    reply = statistics.median(result.reply_ms)
    what = {"known": "Q&A turns (known conversation", "new": "Q&A turns (new conversations",
            "oneliners": "one-liners (one leader"}[kind]
    print(f"{turns} sequential {what}, {'SQLite' if database == 'sqlite' else 'PostgreSQL'}),"
          f" profiled: reply p50 "
          f"{reply:.2f} ms (with the profiler's own overhead)")
    print(f"{'where':<80} {'ms/turn':>8} {'share':>6}")
    for label, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"{label:<80} {seconds / turns * 1000:8.3f} {seconds / whole * 100:5.1f}%")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def cpu(turns: int) -> None:
    """Each bot's own CPU time per turn and how busy it and the driver were (from /proc): is
    the ceiling the bot's or the driver's?"""
    import resource

    def driver() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    print(f"{turns} Q&A turns, 50 known conversations, SQLite; CPU from /proc/<pid>/stat")
    async with FakeConnector() as connector:
        connector.wait_limit = 60
        for label, args in (("raw aiohttp echo", ("--serve-kind", "raw")),
                            ("echo bot on our adapter", ("--serve-kind", "adapter")),
                            ("app Q&A", ("--serve", "sqlite"))):
            async with Bot(*args) as bot:
                assert bot.process is not None
                await drive("warm-up", bot, connector, turns=300, warmup=0, conversations=50)
                bot_before, driver_before = _cpu_seconds(bot.process.pid), driver()
                started = time.monotonic()
                result = await drive(label, bot, connector, turns=turns, warmup=0,
                                     conversations=50)
                wall = time.monotonic() - started
                used, driven = (_cpu_seconds(bot.process.pid) - bot_before,
                                driver() - driver_before)
                per_turn, busy = used / result.turns * 1000, used / wall * 100
                print(f"{label:<24} {result.rate:7.0f} turns/s   bot {per_turn:.2f} ms CPU/turn "
                      f"({busy:3.0f} % busy)   driver {driven / result.turns * 1000:.2f} ms/turn "
                      f"({driven / wall * 100:3.0f} % busy)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--long", type=int, default=20000,
                        help="turns of the memory run (0: skip it)")
    parser.add_argument("--postgres", default="",
                        help="an admin URL: a fresh database is made there and dropped")
    parser.add_argument("--profile", type=int, default=0,
                        help="instead: profile this many sequential Q&A turns of the app "
                             "(SQLite) and print where the time goes")
    parser.add_argument("--profile-kind", choices=("known", "new", "oneliners"),
                        default="known", help="what --profile profiles")
    parser.add_argument("--only", default="",
                        help="run only the app cases whose label contains this (e.g. 'new')")
    parser.add_argument("--cpu", type=int, default=0,
                        help="instead: each bot's CPU time per turn over this many turns")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--serve-kind", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_kind:
        _serve_kind(args.serve_kind)
    elif args.cpu:
        asyncio.run(cpu(args.cpu))
    elif args.profile:
        asyncio.run(profile(args.profile, args.profile_kind, args.postgres or "sqlite"))
    elif args.serve:
        _serve(args.serve)
    else:
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
