"""Every ``web.AppKey`` of the application, in one place."""

from __future__ import annotations

import aiohttp
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from strategibot.channels.slack.adapter import SlackAdapter
from strategibot.channels.teams.adapter import StrategibotAdapter
from strategibot.channels.teams.bot import TeamsBot
from strategibot.core.metrics import Metrics
from strategibot.services.content import Content
from strategibot.settings import Settings
from strategibot.store.inline import QuickReader
from strategibot.wiring import App

__all__ = [
    "adapter_key",
    "app_key",
    "content_key",
    "engine_key",
    "http_key",
    "metrics_key",
    "reader_key",
    "sessionmaker_key",
    "settings_key",
    "slack_key",
    "teams_bot_key",
]

settings_key = web.AppKey("settings", Settings)
content_key = web.AppKey("content", Content)
metrics_key = web.AppKey("metrics", Metrics)
engine_key = web.AppKey("engine", AsyncEngine)
sessionmaker_key = web.AppKey("sessionmaker", async_sessionmaker[AsyncSession])
reader_key = web.AppKey("reader", async_sessionmaker[AsyncSession])
"""Sessions for reads: SQLite's read-only connections beside the writer (PostgreSQL: the
same pool as ``sessionmaker_key``)."""
inline_key = web.AppKey("inline", QuickReader)
"""the turn's flow-state read in one step (store/inline.py)"""
http_key = web.AppKey("http", aiohttp.ClientSession)
adapter_key = web.AppKey("adapter", StrategibotAdapter)
teams_bot_key = web.AppKey("teams_bot", TeamsBot)
slack_key = web.AppKey("slack", SlackAdapter)
app_key = web.AppKey("app", App)
