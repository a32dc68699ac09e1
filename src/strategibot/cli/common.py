"""What the commands share: the settings, the database as the service opens it, and the
application graph with the channels it posts to."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.settings import Settings

if TYPE_CHECKING:
    from strategibot.wiring import App

__all__ = ["application", "database", "settings"]

T = TypeVar("T")


def settings() -> Settings:
    """The settings of the environment (and ``.env``)."""
    return Settings.from_env()


@asynccontextmanager
async def database(config: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The database as the service opens it (:func:`strategibot.store.db.prepare`:
    migrations applied to SQLite, PostgreSQL checked, a newer schema refused), the engine
    disposed afterwards."""
    from strategibot.store.db import create_engine, prepare, sessionmaker

    await prepare(config.database_url)
    engine = create_engine(config.database_url)
    try:
        yield sessionmaker(engine)
    finally:
        await engine.dispose()


async def application(config: Settings, work: Callable[[App], Awaitable[T]]) -> T:
    """Run ``work(app)`` with the application a server builds: the database, the example
    organisation when asked, and the Teams and Slack channels for posting."""
    import aiohttp

    from strategibot.services.content import load_content
    from strategibot.wiring import build

    content = load_content(config)
    async with database(config) as factory, aiohttp.ClientSession() as session:
        app = build(config, content, factory, http=session)
        await app.load_examples()
        return await work(app)
