"""A running strategibot (real port; SQLite and PostgreSQL) and a fake Bot Connector beside it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from strategibot.settings import Settings
from strategibot.store.db import upgrade
from strategibot.web.app import create_app
from strategibot.wiring import Assistant
from tests.support.connector import FakeConnector


@dataclass
class Service:
    url: str
    app: web.Application
    http: aiohttp.ClientSession
    connector: FakeConnector
    settings: Settings
    runner: web.AppRunner
    assistant: Assistant
    extra: dict[str, Any] = field(default_factory=dict)

    async def post_activity(self, activity: dict[str, Any],
                            **kwargs: Any) -> aiohttp.ClientResponse:
        return await self.http.post(f"{self.url}/api/messages", json=activity, **kwargs)

    async def restart(self) -> None:
        """Stop the service and start a new one on the same database (a process restart)."""
        await self.runner.cleanup()
        fresh = await start_service(self.settings, self.assistant)
        self.url, self.app, self.runner = fresh.url, fresh.app, fresh.runner


async def start_service(settings: Settings, assistant: Assistant) -> Service:
    app = create_app(settings, assistant=assistant)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return Service(f"http://127.0.0.1:{port}", app, None, None, settings, runner,  # type: ignore[arg-type]
                   assistant)


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    async with FakeConnector() as fake:
        yield fake


@pytest.fixture
async def service(clean_postgres: str, connector: FakeConnector,
                  assistant: Assistant) -> AsyncIterator[Service]:
    """The bot on a real port, on SQLite and on PostgreSQL (the test runs once for each)."""
    await upgrade(clean_postgres)  # automatic for SQLite; PostgreSQL needs `db upgrade`
    settings = Settings(database_url=clean_postgres, admins=("admin@ltk.example",))
    running = await start_service(settings, assistant)
    async with aiohttp.ClientSession() as http:
        running.http, running.connector = http, connector
        yield running
    await running.runner.cleanup()
