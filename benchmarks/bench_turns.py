"""Turns per second: stock botbuilder CloudAdapter vs StrategibotAdapter (echo bots), and the
whole strategibot app answering real questions.

Run from the repository root::

    .venv/bin/python benchmarks/bench_turns.py [--turns 2000] [--conversations 50]

Each bot runs in its own subprocess (one echo ``ActivityHandler``, anonymous mode, served on
127.0.0.1); ``raw`` is the same echo in plain aiohttp with dicts (no botbuilder, no validation),
as a ceiling; ``app`` is ``strategibot.web.app.create_app`` itself (Q&A with Adaptive Cards, the
question log on SQLite, metrics, the duplicate guard). Every turn sends one of the held-out
questions. This process runs the fake Bot Connector (``tests/support/connector.py``) the bots
reply to, and the load: ``--conversations`` concurrent conversations, each posting its next
message as soon as the previous turn is complete, until ``--turns`` turns are done (after
``--warmup`` turns that are not counted).

A turn is complete when the bot's reply has reached the connector and the bot has answered the
POST. Two latencies are printed, both from the moment the POST is sent:

* ``reply``: until the echo reply arrives at the fake connector (what a user waits for);
* ``post``: until the bot answers the POST to /api/messages.

Only loopback addresses are used. This is a script, not a test: nothing asserts on speed.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.support.connector import ConnectorRequest, FakeConnector  # noqa: E402

__all__ = ["main"]


# --- the bots (run in a subprocess) ------------------------------------------------------------


def _echo_bot() -> object:
    from botbuilder.core import ActivityHandler, MessageFactory, TurnContext

    class EchoBot(ActivityHandler):  # type: ignore[misc]
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            await turn_context.send_activity(MessageFactory.text(turn_context.activity.text))

    return EchoBot()


def _strategibot_app() -> web.Application:
    """The whole product: create_app with its SQLite file, answering real questions."""
    import tempfile

    from strategibot.settings import Settings
    from strategibot.web.app import create_app

    folder = tempfile.mkdtemp(prefix="bench-turns-")
    return create_app(Settings(database_url=f"sqlite+aiosqlite:///{folder}/bot.db"))


def _bot_app(kind: str) -> web.Application:
    if kind == "app":
        return _strategibot_app()
    from botbuilder.integration.aiohttp import (
        CloudAdapter,
        ConfigurationBotFrameworkAuthentication,
    )

    from strategibot.channels.teams.adapter import StrategibotAdapter
    from strategibot.settings import Settings

    settings = Settings()  # anonymous: no app id

    def new_session() -> aiohttp.ClientSession:  # as the service makes its own
        connector = aiohttp.TCPConnector(limit=100, limit_per_host=100, ttl_dns_cache=300)
        return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60))
    bot = _echo_bot()
    app = web.Application()
    state: dict[str, object] = {}

    async def adapter_ctx(app: web.Application) -> AsyncIterator[None]:
        if kind == "raw":
            session = new_session()
            state["adapter"] = _RawEcho(session)
            yield
            await session.close()
        elif kind == "stock":
            # the stock configuration object botbuilder's samples use (anonymous: no app id)
            stock = SimpleNamespace(APP_ID="", APP_PASSWORD="", APP_TYPE="MultiTenant",
                                    APP_TENANTID="")
            state["adapter"] = CloudAdapter(ConfigurationBotFrameworkAuthentication(stock))
            yield
        else:
            session = new_session()
            state["adapter"] = StrategibotAdapter(settings, session)
            yield
            await session.close()

    async def messages(request: web.Request) -> web.StreamResponse:
        response = await state["adapter"].process(request, bot)  # type: ignore[attr-defined]
        return response if response is not None else web.Response(status=201)

    app.cleanup_ctx.append(adapter_ctx)
    app.router.add_post("/api/messages", messages)
    return app


class _RawEcho:
    """The ceiling: the same echo with aiohttp and dicts only (no botbuilder, no validation)."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def process(self, request: web.Request, bot: object) -> web.Response:
        from urllib.parse import quote

        activity = await request.json()
        conversation = activity["conversation"]
        reply = {
            "type": "message", "text": activity["text"], "replyToId": activity["id"],
            "conversation": conversation, "from": activity["recipient"],
            "recipient": activity["from"], "channelId": activity["channelId"],
            "serviceUrl": activity["serviceUrl"],
        }
        url = (
            f"{activity['serviceUrl'].rstrip('/')}/v3/conversations/"
            f"{quote(conversation['id'], safe='')}/activities/{quote(activity['id'], safe='')}"
        )
        async with self.session.post(url, json=reply) as response:
            await response.read()
        return web.Response(status=200)


def _serve(kind: str) -> None:
    async def run() -> None:
        runner = web.AppRunner(_bot_app(kind), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        print(runner.addresses[0][1], flush=True)
        await asyncio.Event().wait()

    asyncio.run(run())


# --- the load ----------------------------------------------------------------------------------

def _questions() -> list[str]:
    import yaml

    path = ROOT / "knowledge" / "koncernstrategi-2019" / "eval" / "questions.yaml"
    return [q["q"] for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]


QUESTIONS = _questions()
"""Every turn sends one of the held-out questions (the echo bots echo it)."""


@dataclass(frozen=True)
class Result:
    kind: str
    turns: int
    seconds: float
    reply_ms: list[float]
    post_ms: list[float]
    errors: int

    @property
    def rate(self) -> float:
        return self.turns / self.seconds

    def line(self) -> str:
        return (
            f"{self.kind:<20} {self.rate:8.1f} turns/s   reply p50 {pct(self.reply_ms, 50):7.1f} ms"
            f"  p99 {pct(self.reply_ms, 99):7.1f} ms   post p50 {pct(self.post_ms, 50):7.1f} ms"
            f"  p99 {pct(self.post_ms, 99):7.1f} ms   errors {self.errors}"
        )


def pct(values: list[float], percentile: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[percentile - 1]


async def drive(kind: str, port: int, connector: FakeConnector, args: argparse.Namespace) -> Result:
    url = f"http://127.0.0.1:{port}/api/messages"
    arrivals: dict[str, asyncio.Future[float]] = {}
    loop = asyncio.get_running_loop()

    def on_request(request: ConnectorRequest) -> None:
        if request.is_activity and isinstance(request.body, dict):
            future = arrivals.get(str(request.body.get("replyToId")))
            if future is not None and not future.done():
                future.set_result(request.received_at)

    connector.on_request = on_request
    reply_ms: list[float] = []
    post_ms: list[float] = []
    errors = 0

    async def phase(session: aiohttp.ClientSession, name: str, turns: int, record: bool) -> None:
        counter = itertools.count()

        async def conversation(index: int) -> None:
            nonlocal errors
            while (n := next(counter)) < turns:
                activity_id = f"{kind}-{name}-{index}-{n}"
                arrivals[activity_id] = loop.create_future()
                activity = {
                    "type": "message", "id": activity_id, "text": QUESTIONS[n % len(QUESTIONS)],
                    "serviceUrl": connector.url, "channelId": "msteams",
                    "from": {"id": f"user-{index}"}, "recipient": {"id": "bot"},
                    "conversation": {"id": f"conversation-{index}"},
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
                    errors += 1
                elif record:
                    post_ms.append((answered - started) * 1000)
                    reply_ms.append((arrived - started) * 1000)

        await asyncio.gather(*(conversation(i) for i in range(args.conversations)))

    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=args.conversations * 2)
    ) as session:
        await phase(session, "warmup", args.warmup, record=False)
        started = time.monotonic()
        await phase(session, "measured", args.turns, record=True)
        seconds = time.monotonic() - started
    connector.on_request = None
    return Result(kind, len(reply_ms), seconds, reply_ms, post_ms, errors)


async def bench(kind: str, connector: FakeConnector, args: argparse.Namespace) -> Result:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    process = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--serve", kind, stdout=asyncio.subprocess.PIPE, env=env
    )
    try:
        assert process.stdout is not None
        port = int(await asyncio.wait_for(process.stdout.readline(), 60))
        return await drive(kind, port, connector, args)
    finally:
        process.terminate()
        await process.wait()


async def run(args: argparse.Namespace) -> None:
    print(
        f"{args.turns} turns, {args.conversations} concurrent conversations, "
        f"{args.warmup} warm-up turns, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    )
    results: dict[str, Result] = {}
    async with FakeConnector() as connector:
        for kind in args.only or ["stock", "strategibot", "raw", "app"]:
            results[kind] = await bench(kind, connector, args)
            print(results[kind].line(), flush=True)
    if "stock" in results and "strategibot" in results:
        ratio = results["strategibot"].rate / results["stock"].rate
        print(f"StrategibotAdapter / stock CloudAdapter: {ratio:.1f}x turns/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=200)
    kinds = ["stock", "strategibot", "raw", "app"]
    parser.add_argument("--only", action="append", choices=kinds, help="run only these bots")
    parser.add_argument("--serve", choices=kinds, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve)
    else:
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
