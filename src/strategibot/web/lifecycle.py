"""Cleanup contexts of the web app, in start order: database → http → bot.

Each is a plain async generator (aiohttp's ``cleanup_ctx``): code before ``yield`` runs at
start, after it at shutdown, in reverse order, and only if its start finished.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web
from sqlalchemy import event

from strategibot.store.db import (
    Timeouts,
    create_engine,
    create_read_engine,
    prepare,
    sessionmaker,
)
from strategibot.store.inline import InlineReader, PostgresQuickReader, quick_reader
from strategibot.web.keys import (
    adapter_key,
    app_key,
    content_key,
    engine_key,
    http_key,
    inline_key,
    metrics_key,
    reader_key,
    sessionmaker_key,
    settings_key,
    slack_key,
    teams_bot_key,
)
from strategibot.wiring import build

__all__ = ["bot_ctx", "database_ctx", "http_ctx"]

log = logging.getLogger(__name__)

async def database_ctx(app: web.Application) -> AsyncIterator[None]:
    """The engine; migrations are applied to SQLite, checked on PostgreSQL. A database newer
    than this code is refused on both."""
    settings = app[settings_key]
    url = settings.database_url
    await prepare(url)
    engine = create_engine(url, Timeouts.from_settings(settings))
    app[engine_key] = engine
    app[sessionmaker_key] = sessionmaker(engine)
    readers = create_read_engine(url, Timeouts.from_settings(settings))
    counted = app[metrics_key].transactions
    for role, counted_engine in (("writer", engine), ("reader", readers)):
        if counted_engine is not None:
            event.listen(counted_engine.sync_engine, "begin",
                         lambda _connection, label=role: counted.labels(label).inc())
    app[reader_key] = sessionmaker(readers) if readers is not None else app[sessionmaker_key]
    inline = quick_reader(url, size=settings.db_pool_size,
                          timeout=settings.db_statement_timeout_seconds,
                          on_read=lambda: counted.labels(
                              "reader" if readers is not None else "writer").inc())
    if inline is not None:
        app[inline_key] = inline
    yield
    if isinstance(inline, InlineReader):
        inline.close()
    elif isinstance(inline, PostgresQuickReader):
        await inline.close()
    await engine.dispose()
    if readers is not None:
        await readers.dispose()


async def http_ctx(app: web.Application) -> AsyncIterator[None]:
    """One client session for every outbound call (Bot Connector, Slack Web API)."""
    limit = app[settings_key].connector_timeout_seconds
    session = aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=limit, connect=min(limit, 5.0)),
        connector=aiohttp.TCPConnector(limit=200, limit_per_host=100),
    )
    app[http_key] = session
    yield
    await session.close()


async def bot_ctx(app: web.Application) -> AsyncIterator[None]:
    """The bot: the application graph (:func:`strategibot.wiring.build`) with its channels —
    Teams through Bot Framework, Slack when configured — started; stopped at shutdown."""
    settings = app[settings_key]
    bot = build(settings, app[content_key], app[sessionmaker_key], reader=app[reader_key],
                inline=app.get(inline_key), http=app[http_key], metrics=app[metrics_key])
    assert bot.teams is not None
    assert bot.teams_bot is not None
    app[app_key] = bot
    app[adapter_key] = bot.teams
    app[teams_bot_key] = bot.teams_bot
    if bot.slack is not None:
        app[slack_key] = bot.slack
    await bot.start()
    log.info("bot ready", extra={"anonymous": settings.anonymous,
                                 "slack": bot.slack is not None,
                                 "entries": len(bot.content.kb.entries),
                                 "scheduler": settings.scheduler})
    yield
    await bot.stop()
