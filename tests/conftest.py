"""Shared fixtures: settings on a temporary SQLite file, the loaded content, databases."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from strategibot.core.i18n import I18n
from strategibot.services.content import Content, load_content
from strategibot.settings import Settings
from tests.support.connector import FakeConnector
from tests.support.service import Service, start_service

POSTGRES_ENV = "STRATEGIBOT_TEST_POSTGRES"
INSIDE_THE_PERIOD = dt.date(2019, 11, 15)
"""The service fixture runs on this date (STRATEGIBOT_TODAY): inside the strategy's period,
where check-ins are taken. Tests of the period's end set another date."""


@pytest.fixture(scope="session")
def content() -> Content:
    """The real knowledge base and engine, loaded once."""
    return load_content(Settings())


@pytest.fixture(scope="session")
def i18n(content: Content) -> I18n:
    """The text catalogue of dialogs/."""
    return content.i18n


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")


def _postgres_admin_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end.

    Needs STRATEGIBOT_TEST_POSTGRES (``make test`` sets it). Fails — never skips — when it is
    set and PostgreSQL cannot be reached: CI must not pass without running the PostgreSQL tests.
    """
    admin_url = _postgres_admin_url()
    if admin_url is None:
        pytest.skip(f"{POSTGRES_ENV} is not set (make test sets it)")
    import asyncpg

    from tests.support.databases import fresh_postgres

    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(fresh_postgres(admin_url))
        except (OSError, asyncpg.PostgresError) as exc:
            pytest.fail(f"PostgreSQL at {admin_url} is unreachable: {exc}")
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each database test runs on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    url: str = request.getfixturevalue("postgres_database")
    return url


@pytest.fixture
async def clean_postgres(database_url: str) -> AsyncIterator[str]:
    """The database URL with every table of ours emptied after the test."""
    yield database_url
    if database_url.startswith("postgresql"):
        from tests.support.databases import empty_tables

        await empty_tables(database_url)


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    """A fake Bot Connector on loopback (the serviceUrl of the activities a test sends)."""
    async with FakeConnector() as fake:
        yield fake


@pytest.fixture
async def service(clean_postgres: str, connector: FakeConnector,
                  content: Content) -> AsyncIterator[Service]:
    """The bot on a real port, on SQLite and on PostgreSQL (the test runs once for each)."""
    import aiohttp

    from strategibot.store.db import upgrade

    await upgrade(clean_postgres)  # automatic for SQLite; PostgreSQL needs `db upgrade`
    config = Settings(database_url=clean_postgres, admins=("admin@ltk.example",),
                      today=INSIDE_THE_PERIOD)
    running = await start_service(config, content)
    async with aiohttp.ClientSession() as http:
        running.http, running.connector = http, connector
        yield running
    await running.runner.cleanup()


ServiceOn = Callable[[dt.date | None], Awaitable[Service]]
"""Start the bot as if on a given date (STRATEGIBOT_TODAY; None: the real date)."""


@pytest.fixture
async def service_on(clean_postgres: str, connector: FakeConnector,
                     content: Content) -> AsyncIterator[ServiceOn]:
    """Start the bot on any number of dates, one process each, on the same database (SQLite
    and PostgreSQL); all stopped at the end."""
    import aiohttp

    from strategibot.store.db import upgrade

    started: list[Service] = []
    await upgrade(clean_postgres)
    http = aiohttp.ClientSession()

    async def start(today: dt.date | None) -> Service:
        config = Settings(database_url=clean_postgres, admins=("admin@ltk.example",),
                          today=today)
        running = await start_service(config, content)
        running.http, running.connector = http, connector
        started.append(running)
        return running

    yield start
    for running in started:
        await running.runner.cleanup()
    await http.close()
