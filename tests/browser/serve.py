"""The bot for the browser suite: the example organisation and its 2019 check-ins in a fresh
SQLite database, served twice on loopback from one process —

- ``anonymous``: anonymous local mode (no app id), the page without a token, and the chat's
  ``/api/messages`` (its replies go to the caller's fake Bot Connector);
- ``sso``: with an app id, so the page signs in with Teams SSO; tokens are checked against
  the keys at ``--keys-url`` (the suite serves its own test key there).

The two have a knowledge base and answer engine each, as two replicas of the service on one
database do: a phrasing attached in review on one is answered by the other once its watcher
has seen it (every ``--review-refresh`` seconds).

Prints one JSON line ``{"anonymous": URL, "sso": URL}`` when both listen; stops on SIGTERM or
when stdin closes. Run by ``run.js`` (``make browser``, ``make screenshots``).

    python tests/browser/serve.py --db PATH --keys-url URL --app-id GUID --tenant TID \\
        [--today 2019-11-15] [--admin EMAIL] [--document-url URL] [--review-refresh 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import signal
import sys
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from strategibot.core.resources import data_dir  # noqa: E402
from strategibot.services.content import load_content  # noqa: E402
from strategibot.services.dashboard import DashboardSettings  # noqa: E402
from strategibot.services.example import load_example_checkins  # noqa: E402
from strategibot.settings import Settings  # noqa: E402
from strategibot.web.app import SERVER_OPTIONS, create_app  # noqa: E402
from strategibot.web.dashboard import add_routes  # noqa: E402
from strategibot.web.dashboard.review import review_key  # noqa: E402
from strategibot.web.keys import app_key  # noqa: E402


async def _serve(settings: Settings, dashboard: DashboardSettings,
                 content: object, refresh: float) -> tuple[web.AppRunner, str]:
    app = create_app(settings, content=content)  # type: ignore[arg-type]
    add_routes(app, dashboard)
    app[review_key].refresh = refresh
    runner = web.AppRunner(app, **SERVER_OPTIONS)  # type: ignore[arg-type]
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


async def main(args: argparse.Namespace) -> None:
    today = dt.date.fromisoformat(args.today)
    url = f"sqlite+aiosqlite:///{args.db}"
    base = {"database_url": url, "today": today, "scheduler": False, "admins": (args.admin,)}
    anonymous = Settings(**base, dev_user_email=args.admin)  # type: ignore[arg-type]
    sso = Settings(**base, APP_ID=args.app_id, APP_PASSWORD="not-used-here",  # type: ignore[arg-type]
                   APP_TENANTID=args.tenant)
    content = load_content(anonymous)
    dashboard = DashboardSettings(STRATEGIBOT_SSO_KEYS_URL=args.keys_url,
                                  STRATEGIBOT_DOCUMENT_URL=args.document_url,
                                  STRATEGIBOT_PUBLIC_URL="https://strategibot.ltk.example")
    first, first_url = await _serve(anonymous, dashboard, content, args.review_refresh)
    bot = first.app[app_key]
    await load_example_checkins(bot.factory, Path(str(data_dir("knowledge")))
                                / "checkins.example.yaml", bot.checkins, bot.clock)
    second, second_url = await _serve(sso, dashboard, load_content(sso), args.review_refresh)
    print(json.dumps({"anonymous": first_url, "sso": second_url}), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    loop.add_reader(sys.stdin.fileno(), lambda: sys.stdin.read(1) or stop.set())
    await stop.wait()
    await second.cleanup()
    await first.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--keys-url", required=True)
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--tenant", required=True)
    parser.add_argument("--today", default="2019-11-15")
    parser.add_argument("--admin", default="admin@ltk.example")
    parser.add_argument("--document-url", default="https://strategi.ltk.example/koncernstrategi-2019.pdf")
    parser.add_argument("--review-refresh", type=float, default=0.5,
                        help="how often each server checks for the other's review decisions")
    asyncio.run(main(parser.parse_args()))
