"""Honest failure: ``/readyz`` proves the database takes a write and says what is wrong; a save
the database refuses is answered "Ikke gemt — prøv igen om lidt" with what was not saved, in
seconds (bounded SQLite busy timeout, PostgreSQL lock and statement timeouts); a far side that
never answers does not hold Teams' request past the turn budget."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import pytest

from strategibot.services.content import Content
from strategibot.settings import Settings
from strategibot.store.db import problem_of, upgrade
from tests.support.activities import BOT, members_added, teams_message
from tests.support.connector import FakeConnector
from tests.support.databases import empty_tables, prepared_sqlite
from tests.support.farside import BlackHole
from tests.support.service import (
    SUSANNE,
    Service,
    reply_text,
    reports,
    roster_user,
    say,
    start_service,
)

NOT_SAVED = "Ikke gemt — prøv igen om lidt."
TODAY = dt.date(2019, 11, 15)
"""Inside the strategy's period, where check-ins are taken."""


@contextlib.asynccontextmanager
async def _running(settings: Settings, content: Content,
                   connector: FakeConnector) -> AsyncIterator[Service]:
    running = await start_service(settings.with_(today=TODAY), content)
    async with aiohttp.ClientSession() as http:
        running.http, running.connector = http, connector
        try:
            yield running
        finally:
            await running.runner.cleanup()


def _messages(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The messages among a turn's activities (a slow turn also sends typing)."""
    return [r for r in replies if r.get("type") == "message"]


async def _ready(service: Service) -> tuple[int, dict[str, Any]]:
    async with service.http.get(f"{service.url}/readyz") as response:
        return response.status, await response.json()


# ------------------------------------------------------------------ SQLite


async def test_a_read_only_sqlite_file_is_not_ready_and_saves_nothing(
    tmp_path: Path, connector: FakeConnector, content: Content,
) -> None:
    path = tmp_path / "bot.db"
    await prepared_sqlite(path)
    read_only = f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true"
    async with _running(Settings(database_url=read_only), content, connector) as service:
        assert await _ready(service) == (503, {"status": "not ready", "knowledge": "ok",
                                               "database": "read-only"})
        started = time.monotonic()
        [reply] = _messages(await say(service, SUSANNE, "sygefravær 12,8"))
        assert time.monotonic() - started < 3
        text = reply_text(reply)
        assert NOT_SAVED in text
        assert "«sygefravær 12,8»" in text  # what was not saved
        assert await reports(service) == 0


async def test_a_failed_turn_whose_apology_fails_too_is_a_503_and_handled_afresh(
    tmp_path: Path, connector: FakeConnector, content: Content,
) -> None:
    """Nothing reached the user (the save failed, then the channel refused the apology): the
    request gets a 503, not a 200 that says all is well, and the same message again is a new
    try — not ignored as a duplicate."""
    path = tmp_path / "bot.db"
    await prepared_sqlite(path)
    read_only = f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true"
    async with _running(Settings(database_url=read_only), content, connector) as service:
        user = roster_user(connector, SUSANNE, f"a:personal-{SUSANNE}")
        activity = teams_message(connector.url, "sygefravær 12,8", user=user,
                                 conversation=f"a:personal-{SUSANNE}", activity_id="m-1")
        connector.fail(403, method="POST", path=r"/activities", times=None)
        async with await service.post_activity(activity) as response:
            assert response.status == 503
            assert "nothing was saved" in await response.text()
        connector.clear()
        async with await service.post_activity(activity) as response:  # redelivered
            assert response.status == 200
        [reply] = await connector.wait_for(1)
        assert NOT_SAVED in reply_text(reply.body)
        assert await reports(service) == 0


async def test_a_reply_the_channel_never_takes_is_a_503_and_the_redelivery_answers(
    tmp_path: Path, connector: FakeConnector, content: Content,
) -> None:
    """The check-in was saved but "Gemt" could not be delivered (the connector answers 500
    every time): the request is a 503, not a 200 that tells Teams all is well; the message
    delivered again is handled afresh — answered, and saved once."""
    url = await prepared_sqlite(tmp_path / "bot.db")
    async with _running(Settings(database_url=url), content, connector) as service:
        user = roster_user(connector, SUSANNE, f"a:personal-{SUSANNE}")
        activity = teams_message(connector.url, "sygefravær 12,8", user=user,
                                 conversation=f"a:personal-{SUSANNE}", activity_id="m-9")
        connector.fail(500, method="POST", path=r"/activities", times=None)
        async with await service.post_activity(activity) as response:
            assert response.status == 503
            assert "may be sent again" in await response.text()
        assert await reports(service) == 1
        connector.clear()
        async with await service.post_activity(activity) as response:  # redelivered
            assert response.status == 200
        [reply] = _messages([r.body for r in await connector.wait_for(1)])
        # the figure was saved the first time: this message's "Gemt" is said now
        assert reply_text(reply).startswith("Gemt for Budget og Regnskab: Sygefravær: 12,8")
        assert await reports(service) == 1  # saved once


async def test_a_message_that_crosses_another_is_told_so_without_a_trace(
    tmp_path: Path, connector: FakeConnector, content: Content,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Two messages of one conversation change its step-by-step state at the same moment:
    the one that loses is told to send it again (not "the database is not answering"), and
    nothing is logged as an error."""
    from strategibot.store.flow_states import FlowStateConflict, FlowStates

    url = await prepared_sqlite(tmp_path / "bot.db")
    async with _running(Settings(database_url=url), content, connector) as service:
        await say(service, SUSANNE, "sygefravær 12,8")  # saved: the next big jump asks back
        original = FlowStates.put

        async def crossed(self: FlowStates, key: str, data: dict[str, Any],
                          version: str | None) -> str:
            raise FlowStateConflict(key)

        FlowStates.put = crossed  # type: ignore[method-assign]
        try:
            with caplog.at_level("INFO"):
                replies = await say(service, SUSANNE, "sygefravær 19")  # "are you sure?"
        finally:
            FlowStates.put = original  # type: ignore[method-assign]
        text = reply_text(_messages(replies)[-1])
        assert "samtidig med en anden" in text
        assert NOT_SAVED not in text
        assert await reports(service) == 1  # the jump waits for "ja": nothing new saved
        assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_a_locked_sqlite_file_fails_a_save_in_seconds(
    tmp_path: Path, connector: FakeConnector, content: Content,
) -> None:
    path = tmp_path / "bot.db"
    url = await prepared_sqlite(path)
    settings = Settings(database_url=url, sqlite_busy_timeout_seconds=0.5)
    async with _running(settings, content, connector) as service:
        await say(service, SUSANNE, "hej")  # the chat is known; the next turn must write
        other = sqlite3.connect(path, isolation_level=None, timeout=0.1)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            assert await _ready(service) == (503, {"status": "not ready", "knowledge": "ok",
                                                   "database": "locked"})
            started = time.monotonic()
            [reply] = _messages(await say(service, SUSANNE, "sygefravær 12,8"))
            assert time.monotonic() - started < 3
            assert NOT_SAVED in reply_text(reply)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert (await _ready(service))[0] == 200
        [saved] = _messages(await say(service, SUSANNE, "sygefravær 12,8"))
        assert "Gemt" in reply_text(saved)
        assert await reports(service) == 1


# ------------------------------------------------------------------ PostgreSQL


class _Proxy:
    """A TCP proxy to PostgreSQL that can cut every connection or stop answering."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.mode = "forward"
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            while data := await reader.read(65536):
                if self.mode != "forward":
                    continue  # a network that swallows everything
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.mode == "refuse":
            writer.close()
            return
        self._writers.append(writer)
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1",
                                                                         self.target)
        self._writers.append(upstream_writer)
        await asyncio.gather(self._pipe(reader, upstream_writer),
                             self._pipe(upstream_reader, writer))

    def cut(self, mode: str) -> None:
        """``refuse``: every connection is closed; ``swallow``: nothing gets through."""
        self.mode = mode
        if mode == "refuse":
            for writer in self._writers:
                writer.close()
            self._writers.clear()

    async def __aenter__(self) -> _Proxy:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for writer in self._writers:
            writer.close()
        assert self._server is not None
        self._server.close()


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


@pytest.fixture
async def pg_url(postgres_database: str) -> AsyncIterator[str]:
    await upgrade(postgres_database)
    await empty_tables(postgres_database)
    yield postgres_database
    await empty_tables(postgres_database)


async def test_postgres_lost_swallowed_and_read_only_are_named(
    pg_url: str, connector: FakeConnector, content: Content,
) -> None:
    from sqlalchemy.engine import make_url

    parsed = make_url(pg_url)
    async with _Proxy(parsed.port or 5432) as proxy:
        via_proxy = parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(
            hide_password=False)
        settings = Settings(database_url=via_proxy, db_statement_timeout_seconds=1.0)
        async with _running(settings, content, connector) as service:
            assert (await _ready(service))[0] == 200
            proxy.cut("swallow")
            started = time.monotonic()
            status, body = await _ready(service)
            assert (status, body["database"]) == (503, "timeout")
            assert time.monotonic() - started < 4
            proxy.cut("refuse")
            status, body = await _ready(service)
            assert (status, body["database"]) == (503, "unreachable")
            proxy.mode = "forward"
            for _ in range(20):  # the pool reconnects
                if (await _ready(service))[0] == 200:
                    break
                await asyncio.sleep(0.1)
            assert (await _ready(service))[0] == 200
            admin = await asyncpg.connect(_dsn(pg_url))
            name = parsed.database
            try:
                await admin.execute(f'ALTER DATABASE "{name}" SET '
                                    "default_transaction_read_only = on")
                await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = $1 AND pid <> pg_backend_pid()", name)
                status, body = await _ready(service)
                if body["database"] == "unreachable":  # a terminated connection, once
                    status, body = await _ready(service)
                assert (status, body["database"]) == (503, "read-only")
            finally:
                await admin.execute(f'ALTER DATABASE "{name}" RESET '
                                    "default_transaction_read_only")
                await admin.close()


async def test_a_held_lock_fails_a_check_in_in_seconds_and_says_so(
    pg_url: str, connector: FakeConnector, content: Content,
) -> None:
    settings = Settings(database_url=pg_url, db_lock_timeout_seconds=1.0)
    async with _running(settings, content, connector) as service:
        await say(service, SUSANNE, "hej")
        holder = await asyncpg.connect(_dsn(pg_url))
        transaction = holder.transaction()
        await transaction.start()
        await holder.execute("LOCK TABLE reports IN ACCESS EXCLUSIVE MODE")
        try:
            started = time.monotonic()
            [reply] = _messages(await say(service, SUSANNE, "sygefravær 12,8"))
            elapsed = time.monotonic() - started
            text = reply_text(reply)
            assert NOT_SAVED in text
            assert "«sygefravær 12,8»" in text
            assert elapsed < 4, f"waited {elapsed:.1f} s for the lock"
        finally:
            await transaction.rollback()
            await holder.close()
        [saved] = _messages(await say(service, SUSANNE, "sygefravær 12,8"))
        assert "Gemt" in reply_text(saved)
        assert await reports(service) == 1


def test_problems_are_named_from_the_drivers_codes() -> None:
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
    assert problem_of(error) == "disk full"

    class PostgresError(Exception):
        sqlstate = "53100"

    assert problem_of(PostgresError()) == "disk full"
    assert problem_of(ConnectionRefusedError()) == "unreachable"
    assert problem_of(TimeoutError()) == "timeout"
    assert problem_of(ValueError()) == "error"


# ------------------------------------------------------------------ the far side


@pytest.mark.slow
async def test_a_far_side_that_never_answers_gets_its_answer_within_the_budget(
    tmp_path: Path, connector: FakeConnector, content: Content,
) -> None:
    """With the default settings (a 10 s budget, 5 s per call): Teams gives up at 15 s. The
    answer is a 503: the reply never reached the user, so Teams may deliver it again."""
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    assert settings.turn_budget_seconds <= 10
    async with _running(settings, content, connector) as service, BlackHole() as hole:
        started = time.monotonic()
        async with await service.post_activity(
                teams_message(hole.url, "hvad er kerneopgaven?")) as response:
            assert response.status == 503
        elapsed = time.monotonic() - started
        assert hole.connections >= 1
        assert elapsed <= settings.turn_budget_seconds + 0.5, elapsed


async def test_a_roster_that_does_not_answer_is_waited_for_once(service: Service) -> None:
    """A new user's first "hjælp" needs the address twice (the chat's memory, the help's
    units): a roster that never answers is waited for once, not until the turn's time is up;
    the next message does not wait for it again."""
    from strategibot.conversation.identity import LOOKUP_LIMIT

    service.connector.delay(6.0, method="GET", path="/members/")
    user, conversation = {"id": "29:slow", "name": "slow"}, "a:personal-slow"
    started = time.monotonic()
    async with await service.post_activity(teams_message(
            service.connector.url, "hjælp", user=user, conversation=conversation)) as response:
        assert response.status == 200
    assert time.monotonic() - started < LOOKUP_LIMIT + 2.0
    [help_reply] = await service.connector.wait_for(1)
    assert "Spørg om strategien" in json.dumps(help_reply.body, ensure_ascii=False)
    started = time.monotonic()
    async with await service.post_activity(teams_message(
            service.connector.url, "hvad er kerneopgaven?", user=user,
            conversation=conversation)) as response:
        assert response.status == 200
    assert time.monotonic() - started < 2.0
    assert len(service.connector.requests_to("GET", "/members/")) == 1


async def test_a_welcome_that_could_not_be_delivered_is_a_503(service: Service) -> None:
    service.connector.fail(500, method="POST", path="/activities", times=None)
    async with await service.post_activity(
            members_added(service.connector.url, [BOT])) as response:
        assert response.status == 503
        assert "welcome could not be delivered" in await response.text()
    service.connector.clear()
    async with await service.post_activity(  # sent again: now welcomed
            members_added(service.connector.url, [BOT])) as response:
        assert response.status == 200
    [welcome] = await service.connector.wait_for(1)
    assert welcome.body["type"] == "message"


async def test_the_progress_page_reads_while_another_process_holds_the_lock(
    tmp_path: Path, connector: FakeConnector, content: Content,
) -> None:
    """The page and its data.json gave HTTP 500 ("internal error") after 5 s while another
    process held SQLite's write lock (found by a persona round in round 13): the snapshot read
    through the one writer connection. It reads through the readers now, which never wait."""
    path = tmp_path / "bot.db"
    url = await prepared_sqlite(path)
    settings = Settings(database_url=url, sqlite_busy_timeout_seconds=2.0)
    async with _running(settings, content, connector) as service:
        await say(service, SUSANNE, "sygefravær 12,8")
        other = sqlite3.connect(path, isolation_level=None, timeout=0.1)
        other.execute("BEGIN IMMEDIATE")
        try:
            for page in ("/dashboard/data.json", "/dashboard"):
                started = time.monotonic()
                async with service.http.get(f"{service.url}{page}") as response:
                    assert response.status == 200, (page, await response.text())
                assert time.monotonic() - started < 1.5, page
        finally:
            other.execute("ROLLBACK")
            other.close()
