"""``strategibot serve``, ``strategibot chat``, ``strategibot package teams`` and
``strategibot db upgrade``: running the bot and preparing what it runs on."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from strategibot.cli.common import database, settings
from strategibot.settings import Settings

__all__ = ["add_commands", "chat"]


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.web.app import run

    config = settings()
    changes: dict[str, object] = {}
    if args.host:
        changes["host"] = args.host
    if args.port is not None:
        changes["port"] = args.port
    run(config.with_(**changes) if changes else config,
        insecure_anonymous=args.insecure_anonymous)
    return 0


def chat(config: Settings, *, lang: str = "da", out: TextIO = sys.stdout,
         read: Callable[[], str] | None = None, user: str | None = None) -> int:
    """Talk to the bot on stdin/stdout until EOF or "exit". ``user`` is the e-mail address the
    terminal user checks in as (default: STRATEGIBOT_DEV_USER_EMAIL)."""
    from strategibot.channels.terminal.chat import TerminalChannel
    from strategibot.services.content import load_content
    from strategibot.services.review import Review
    from strategibot.wiring import build

    email = (user or config.dev_user_email or "").strip().lower() or None
    prompt = "you> " if lang == "en" else "dig> "
    reader = read or (lambda: input(prompt))

    async def run() -> None:
        content = load_content(config)
        async with database(config) as factory:
            app = build(config, content, factory, dev_email="")
            await app.load_examples()
            review = Review(factory, content)
            await review.load()  # the phrasings attached in review …
            # … and those attached later, elsewhere ("kb attach", the review page), within
            # its interval, as a server's replicas do (a running chat never saw them)
            watcher = asyncio.create_task(review.watch(), name="review-overlay")
            terminal = TerminalChannel(out, lang=lang, email=email)
            try:
                await terminal.run(app.conversation, reader)
            finally:
                watcher.cancel()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        out.write("\n")
    return 0


def _chat(args: argparse.Namespace, out: TextIO) -> int:
    return chat(settings(), lang=args.lang, out=out, user=args.as_user)


def _package_teams(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.channels.teams.package import build_teams_package

    out.write(f"{build_teams_package(settings(), Path(args.out))}\n")
    return 0


def _db_upgrade(args: argparse.Namespace, out: TextIO) -> int:
    """Say what will be done, refuse a database newer than this code, then migrate."""
    from sqlalchemy.engine import make_url

    from strategibot.errors import StorageError
    from strategibot.store.db import create_engine, current_revision, known_revisions, upgrade

    url = settings().database_url
    shown = make_url(url).render_as_string(hide_password=True)
    known = known_revisions()
    order = [revision for revision, _ in known]
    target = order[-1] if args.revision == "head" else args.revision
    if target not in order:
        sys.stderr.write(f"db upgrade: unknown revision {target!r}; this version knows "
                         f"{', '.join(order)}\n")
        return 2

    async def at() -> str | None:
        engine = create_engine(url)
        try:
            return await current_revision(engine)
        finally:
            await engine.dispose()

    current = asyncio.run(at())
    if current is not None and current not in order:
        raise StorageError(
            f"the database {shown} is at revision {current}, newer than this version of "
            f"strategibot knows (newest: {order[-1]}): upgrade strategibot, never the other way")
    start = order.index(current) + 1 if current is not None else 0
    stop = order.index(target) + 1
    if start >= stop:
        if current is not None and order.index(current) > order.index(target):
            raise StorageError(f"the database {shown} is at {current}, past {target}: "
                               "db upgrade never downgrades")
        out.write(f"database {shown} is at revision {current}: nothing to do\n")
        return 0
    out.write(f"database {shown}: at revision {current or 'none (empty)'}; "
              f"will apply {stop - start} migration(s):\n")
    for revision, title in known[start:stop]:
        out.write(f"  {revision}  {title}\n")
    out.flush()
    asyncio.run(upgrade(url, target))
    out.write(f"database upgraded to revision {target}\n")
    return 0


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser("serve", help="run the bot service (Teams and Slack endpoints)")
    serve.add_argument("--host", help="address to bind (default 127.0.0.1 without an app id)")
    serve.add_argument("--port", type=int, help="port (default 3978 or $PORT)")
    serve.add_argument("--insecure-anonymous", action="store_true",
                       help="serve anonymous local mode (no MicrosoftAppId: no token is "
                            "checked) on an address beyond loopback; never in production")
    serve.set_defaults(func=_serve)

    chat_parser = commands.add_parser("chat", help="talk to the bot in this terminal")
    chat_parser.add_argument("--lang", choices=["da", "en"], default="da")
    chat_parser.add_argument("--as", dest="as_user", metavar="EMAIL",
                             help="check in as this leader (e.g. ole.thomsen@ltk.example)")
    chat_parser.set_defaults(func=_chat)

    package = commands.add_parser("package", help="build an app package").add_subparsers(
        dest="package_command", required=True)
    teams_package = package.add_parser("teams", help="the Teams app package for the admin center")
    teams_package.add_argument("--out", default="dist", help="folder to write it to")
    teams_package.set_defaults(func=_package_teams)

    db = commands.add_parser("db", help="the database").add_subparsers(
        dest="db_command", required=True)
    db_upgrade = db.add_parser("upgrade", help="apply migrations (says which, first)")
    db_upgrade.add_argument("revision", nargs="?", default="head")
    db_upgrade.set_defaults(func=_db_upgrade)
