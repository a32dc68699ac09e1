"""Turns per second: stock botbuilder CloudAdapter vs StrategibotAdapter (echo bots), and the
whole strategibot app answering real questions.

Run from the repository root::

    .venv/bin/python benchmarks/bench_turns.py [--turns 2000] [--conversations 50]

Each bot runs in its own subprocess (one echo ``ActivityHandler``, anonymous mode, served on
127.0.0.1); ``raw`` is the same echo in plain aiohttp with dicts (no botbuilder, no validation),
as a ceiling; ``app`` is ``strategibot.web.app.create_app`` itself (Q&A with Adaptive Cards, the
question log on SQLite, metrics, the duplicate guard). Every turn sends one of the held-out
questions. The load and the bots' processes are ``bench_latency.py``'s; this process runs the
fake Bot Connector (``tests/support/connector.py``) the bots reply to, and the load:
``--conversations`` concurrent conversations, each posting its next message as soon as the
previous turn is complete, until ``--turns`` turns are done (after ``--warmup`` turns that are
not counted).

A turn is complete when the bot's reply has reached the connector and the bot has answered the
POST. Two latencies are printed, both from the moment the POST is sent:

* ``reply``: until the echo reply arrives at the fake connector (what a user waits for);
* ``post``: until the bot answers the POST to /api/messages.

Only loopback addresses are used. This is a script, not a test: nothing asserts on speed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.support.connector import FakeConnector  # noqa: E402

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


# --- the load (bench_latency.py's, shared) ----------------------------------------------------

async def run(args: argparse.Namespace) -> None:
    from bench_latency import Bot, drive  # it serves these bots (``--serve-kind``)

    print(
        f"{args.turns} turns, {args.conversations} concurrent conversations, "
        f"{args.warmup} warm-up turns, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    )
    rates: dict[str, float] = {}
    async with FakeConnector() as connector:
        connector.wait_limit = 60
        for kind in args.only or ["stock", "strategibot", "raw", "app"]:
            async with Bot("--serve-kind", kind) as bot:
                result = await drive(kind, bot, connector, turns=args.turns,
                                     warmup=args.warmup, conversations=args.conversations)
            rates[kind] = result.rate
            print(result.line(), flush=True)
    if "stock" in rates and "strategibot" in rates:
        ratio = rates["strategibot"] / rates["stock"]
        print(f"StrategibotAdapter / stock CloudAdapter: {ratio:.1f}x turns/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=200)
    kinds = ["stock", "strategibot", "raw", "app"]
    parser.add_argument("--only", action="append", choices=kinds, help="run only these bots")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
