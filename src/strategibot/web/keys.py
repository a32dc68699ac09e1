"""Every ``web.AppKey`` of the application, in one place."""

from __future__ import annotations

import aiohttp
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from strategibot.channels.slack.adapter import SlackAdapter
from strategibot.channels.teams.adapter import StrategibotAdapter
from strategibot.conversation.turn import StrategyBot
from strategibot.core.metrics import Metrics
from strategibot.scheduling.scheduler import DigestScheduler
from strategibot.settings import Settings
from strategibot.wiring import Assistant

__all__ = [
    "adapter_key",
    "assistant_key",
    "bot_key",
    "engine_key",
    "http_key",
    "metrics_key",
    "scheduler_key",
    "sessionmaker_key",
    "settings_key",
    "slack_key",
]

settings_key = web.AppKey("settings", Settings)
assistant_key = web.AppKey("assistant", Assistant)
metrics_key = web.AppKey("metrics", Metrics)
engine_key = web.AppKey("engine", AsyncEngine)
sessionmaker_key = web.AppKey("sessionmaker", async_sessionmaker[AsyncSession])
http_key = web.AppKey("http", aiohttp.ClientSession)
adapter_key = web.AppKey("adapter", StrategibotAdapter)
bot_key = web.AppKey("bot", StrategyBot)
slack_key = web.AppKey("slack", SlackAdapter)
scheduler_key = web.AppKey("scheduler", DigestScheduler)
