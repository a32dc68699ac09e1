"""Cleanup contexts of the web app, in start order: database → http → bot.

Each is a plain async generator (aiohttp's ``cleanup_ctx``): code before ``yield`` runs at
start, after it at shutdown, in reverse order, and only if its start finished.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web
from botbuilder.core import ConversationState, ShowTypingMiddleware, TurnContext
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.channels.teams.adapter import StrategibotAdapter
from strategibot.conversation.checkin import CheckinFlow, send_reply
from strategibot.conversation.turn import CheckinServices, StrategyBot
from strategibot.delivery.sender import Sender
from strategibot.domain.answers.engine import Answer
from strategibot.errors import StorageError
from strategibot.scheduling.leadership import Leadership
from strategibot.scheduling.scheduler import DigestScheduler
from strategibot.services.checkins import Reporting
from strategibot.services.proactive import Proactive
from strategibot.settings import Settings
from strategibot.store.bot_storage import SqlStorage
from strategibot.store.db import (
    create_engine,
    current_revision,
    head_revision,
    session_scope,
    sessionmaker,
    upgrade,
)
from strategibot.store.questions import log_question
from strategibot.web.keys import (
    adapter_key,
    assistant_key,
    bot_key,
    engine_key,
    http_key,
    metrics_key,
    scheduler_key,
    sessionmaker_key,
    settings_key,
    slack_key,
)
from strategibot.wiring import Assistant

__all__ = [
    "bot_ctx",
    "build_checkins",
    "build_proactive",
    "database_ctx",
    "http_ctx",
    "question_recorder",
]

log = logging.getLogger(__name__)


def question_recorder(
    factory: async_sessionmaker[AsyncSession],
) -> Callable[[Answer, str], Awaitable[None]]:
    """Logs a question the bot could not answer with confidence, in its own transaction."""

    async def record(answer: Answer, channel: str) -> None:
        async with session_scope(factory) as session:
            await log_question(session, answer, channel=channel)

    return record


def build_checkins(settings: Settings, assistant: Assistant,
                   factory: async_sessionmaker[AsyncSession]) -> CheckinServices:
    """Check-ins over the database: reporting, the flow engine, SQL-backed dialog state."""
    reporting = Reporting(factory=factory, kb=assistant.kb, flows=assistant.flows,
                          admins=frozenset(settings.admins))
    themes = {n: {lang: assistant.kb.entry(f"theme-{n}").title[lang] for lang in ("da", "en")}
              for n in (1, 2, 3, 4) if f"theme-{n}" in assistant.kb.entries}
    flow = CheckinFlow(reporting=reporting, flows=assistant.flows, send=send_reply,
                       theme_names=themes)
    return CheckinServices(
        reporting=reporting, flow=flow, commands=assistant.commands,
        progress_texts=assistant.progress_texts,
        conversation_state=ConversationState(SqlStorage(factory)),
        dev_user_email=settings.dev_user_email or None,
    )


def build_proactive(settings: Settings, assistant: Assistant, reporting: Reporting,
                    factory: async_sessionmaker[AsyncSession], adapter: Any,
                    slack: Any | None) -> Proactive:
    """Digests, reminders and the delivery ledger, sending through the channel adapters."""
    adapters = dict.fromkeys(("msteams", "emulator", "webchat", "directline"), adapter)
    if slack is not None:
        adapters["slack"] = slack
    # A 429 slows its own conversation: Teams says which request was throttled, not which
    # limit; the tenant's 50/s pace still holds for everyone (bench_fanout: 11 s instead of
    # 61 s for 500 channels when 10 % get a 429).
    sender = Sender(adapters=adapters, app_id=settings.APP_ID, throttle_scope="conversation")
    return Proactive(factory=factory, assistant=assistant, reporting=reporting, sender=sender,
                     admins=frozenset(settings.admins),
                     deadline_days=settings.deadline_reminder_days)


async def database_ctx(app: web.Application) -> AsyncIterator[None]:
    """The engine; migrations are applied to SQLite, checked on PostgreSQL."""
    url = app[settings_key].database_url
    if make_url(url).get_backend_name() == "sqlite":
        await upgrade(url)
    engine = create_engine(url)
    if make_url(url).get_backend_name() != "sqlite":
        at, head = await current_revision(engine), head_revision()
        if at != head:
            await engine.dispose()
            raise StorageError(
                f"the database is at revision {at or 'none'}, the code needs {head}:"
                " run `strategibot db upgrade` first"
            )
    app[engine_key] = engine
    app[sessionmaker_key] = sessionmaker(engine)
    yield
    await engine.dispose()


async def http_ctx(app: web.Application) -> AsyncIterator[None]:
    """One client session for every outbound call (Bot Connector, Slack Web API)."""
    session = aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=30, connect=10),
        connector=aiohttp.TCPConnector(limit=200, limit_per_host=100),
    )
    app[http_key] = session
    yield
    await session.close()


async def bot_ctx(app: web.Application) -> AsyncIterator[None]:
    """The bot and its channel adapters (Teams through Bot Framework; Slack when configured)."""
    settings = app[settings_key]
    metrics = app[metrics_key]
    assistant = app[assistant_key]
    factory = app[sessionmaker_key]

    record = question_recorder(factory)
    checkins = build_checkins(settings, assistant, factory)
    if settings.example_organisation:
        await checkins.reporting.ensure_example_organisation()
    adapter = StrategibotAdapter(settings, app[http_key])
    adapter.use(ShowTypingMiddleware(delay=0.5, period=2.0))
    slack = None
    if settings.slack_signing_secret:
        from strategibot.channels.slack.adapter import SlackAdapter

        slack = SlackAdapter(settings, app[http_key])
        app[slack_key] = slack
    proactive = build_proactive(settings, assistant, checkins.reporting, factory, adapter, slack)
    bot = StrategyBot(assistant=assistant, metrics=metrics, record=record, checkins=checkins,
                      proactive=proactive)

    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        channel = context.activity.channel_id or "unknown"
        metrics.errors.labels("turn").inc()
        log.error("turn failed", exc_info=error,
                  extra={"channel": channel, "activity_type": context.activity.type})
        if context.activity.type == "message":
            lang = assistant.engine.detect(context.activity.text or "", context.activity.locale)
            try:
                await context.send_activity(assistant.texts.get("error", lang))
            except Exception:
                log.warning("could not send the apology", exc_info=True)

    adapter.on_turn_error = on_turn_error
    if slack is not None:
        slack.on_turn_error = on_turn_error
    app[bot_key] = bot
    app[adapter_key] = adapter
    leadership = Leadership(settings.database_url, renew=settings.leader_renew_seconds)
    scheduler = DigestScheduler(proactive, timezone=settings.timezone,
                                grace=dt.timedelta(hours=settings.catch_up_hours),
                                is_leader=lambda: leadership.is_leader,
                                interval=settings.digest_interval_seconds)
    bot.on_subscriptions_changed = scheduler.refresh
    if settings.scheduler:
        leadership.on_change = scheduler.on_leadership
        await leadership.start()
    app[scheduler_key] = scheduler
    log.info("bot ready", extra={"anonymous": settings.anonymous, "slack": slack is not None,
                                 "entries": len(assistant.kb.entries),
                                 "scheduler": settings.scheduler})
    yield
    await leadership.stop()
    await scheduler.stop()
    scheduler.shutdown()
    if slack is not None:
        await slack.close()

