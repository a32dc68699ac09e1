"""``strategibot digest preview|send-now`` and ``strategibot deliveries``."""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import TYPE_CHECKING, TextIO

from strategibot.cli.common import application, database, settings

if TYPE_CHECKING:
    from strategibot.domain.messages import Reply
    from strategibot.services.dispatch import RunResult
    from strategibot.wiring import App

__all__ = ["add_commands"]


def _preview(args: argparse.Namespace, out: TextIO) -> int:
    from strategibot.render.slack import render as render_slack
    from strategibot.render.teams import render_card
    from strategibot.render.text import render_text

    async def work(app: App) -> Reply:
        year, week, _ = app.clock.local().isocalendar()
        reply, _figures = await app.digests.reply(args.lang, f"{year}-W{week:02d}")
        return reply

    reply = asyncio.run(application(settings(), work))
    if args.format == "teams":
        out.write(json.dumps(render_card(reply), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "slack":
        out.write(json.dumps(render_slack(reply), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_text(reply) + "\n")
    return 0


def _send_now(args: argparse.Namespace, out: TextIO) -> int:
    async def work(app: App) -> list[RunResult]:
        subscriptions = [s for s in await app.subscriptions.list() if s.active]
        if args.subscription is not None:
            subscriptions = [s for s in subscriptions if s.id == args.subscription]
        period = "now-" + app.clock.now().strftime("%Y%m%dT%H%M%S")
        return [await app.digests.run(s.id, period) for s in subscriptions]

    results = asyncio.run(application(settings(), work))
    for result in results:
        out.write(f"{result.kind} to conversation {result.conversation_id}: {result.status}\n")
    if not results:
        out.write("digest send-now: no active subscription\n")
        return 1
    return 0 if all(r.status == "sent" for r in results) else 1


def _deliveries(args: argparse.Namespace, out: TextIO) -> int:
    from sqlalchemy import select

    from strategibot.store.db import session_scope
    from strategibot.store.tables import Delivery

    config = settings()

    async def run() -> None:
        async with database(config) as factory, session_scope(factory) as session:
            rows = (await session.scalars(
                select(Delivery).order_by(Delivery.id.desc()).limit(args.limit))).all()
            for row in rows:
                out.write(json.dumps({
                    "id": row.id, "kind": row.kind, "conversation": row.conversation_id,
                    "subscription": row.subscription_id, "period": row.period,
                    "status": row.status, "attempts": row.attempts,
                    "http_status": row.http_status, "error": row.error,
                    "claimed_at": row.claimed_at.isoformat(),
                    "finished_at": row.finished_at.isoformat() if row.finished_at else None,
                }, ensure_ascii=False) + "\n")

    asyncio.run(run())
    return 0


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    digest = commands.add_parser("digest", help="the progress digest").add_subparsers(
        dest="digest_command", required=True)
    preview = digest.add_parser("preview", help="print the digest as it would be posted now")
    preview.add_argument("--format", choices=["teams", "slack", "text"], default="text")
    preview.add_argument("--lang", choices=["da", "en"], default="da")
    preview.set_defaults(func=_preview)
    send_now = digest.add_parser("send-now", help="send the digest to subscribed conversations")
    send_now.add_argument("--subscription", type=int, help="only this subscription id")
    send_now.set_defaults(func=_send_now)
    deliveries = commands.add_parser("deliveries", help="the delivery log (JSON lines)")
    deliveries.add_argument("--limit", type=int, default=100)
    deliveries.set_defaults(func=_deliveries)
