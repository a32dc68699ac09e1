"""Durability: `strategibot serve` is killed with SIGKILL again and again while leaders check
in, on SQLite and on PostgreSQL; every check-in the bot acknowledged ("Gemt …" reached the
Bot Connector) is in the database afterwards.

"Gemt" is said only after the commit, so a kill between the commit and the reply loses the
reply, never the report; a kill before the commit loses the report and no "Gemt" was said.

Reproduce: ``pytest -q tests/web/test_kill9.py -s`` (KILLS per database: env KILL9_KILLS).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import text

from strategibot.store.db import create_engine, upgrade
from tests.support.activities import teams_message
from tests.support.connector import FakeConnector
from tests.support.databases import empty_tables
from tests.support.service import KAREN, SANNE, SUSANNE, reply_text

KILLS = int(os.environ.get("KILL9_KILLS", "12"))
LEADERS = [SUSANNE, KAREN, SANNE, "mads.kristensen@ltk.example",
           "lars.petersen@ltk.example", "rikke.hansen@ltk.example"]
"""Leaders of one unit each: a one-liner saves at once."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(params=["sqlite", "postgresql"])
def kill_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'durable.db'}"
    url: str = request.getfixturevalue("postgres_database")
    return url


@pytest.fixture
async def database(kill_database: str) -> AsyncIterator[str]:
    if kill_database.startswith("postgresql"):
        await upgrade(kill_database)
        await empty_tables(kill_database)
    yield kill_database
    if kill_database.startswith("postgresql"):
        await empty_tables(kill_database)


class Server:
    """One `strategibot serve` process at a time, on one port."""

    def __init__(self, url: str, log: Path) -> None:
        self.port = _free_port()
        self.env = {**os.environ, "DATABASE_URL": url, "STRATEGIBOT_TODAY": "2019-11-15",
                    "STRATEGIBOT_SCHEDULER": "false", "LOG_FORMAT": "json",
                    "LOG_LEVEL": "WARNING", "PORT": str(self.port)}
        self.log = log.open("a")
        self.process: subprocess.Popen[bytes] | None = None
        self.starts: list[float] = []

    async def start(self, http: aiohttp.ClientSession) -> None:
        started = time.monotonic()
        self.process = subprocess.Popen(  # noqa: ASYNC220 - returns at once
            [sys.executable, "-m", "strategibot", "serve"], env=self.env, stdout=self.log,
            stderr=subprocess.STDOUT)
        while True:
            assert self.process.poll() is None, "the service died at start"
            try:
                async with http.get(f"http://127.0.0.1:{self.port}/readyz",
                                    timeout=aiohttp.ClientTimeout(total=1)) as response:
                    if response.status == 200:
                        break
            except (aiohttp.ClientError, TimeoutError):
                pass
            assert time.monotonic() - started < 60, "the service did not start"
            await asyncio.sleep(0.05)
        self.starts.append(time.monotonic() - started)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.log.close()


@pytest.mark.slow
async def test_every_acknowledged_check_in_survives_kill_9(
    database: str, connector: FakeConnector, tmp_path: Path,
) -> None:
    rng = random.Random(9)
    for email in LEADERS:
        conversation = f"a:personal-{email}"
        connector.members.setdefault(conversation, []).append(
            {"id": f"29:{email}", "name": email.split("@")[0], "email": email,
             "userPrincipalName": email})
    server = Server(database, tmp_path / "serve.log")
    sent: list[str] = []
    numbers = itertools.count(1)
    stop = asyncio.Event()

    async def leader(email: str, http: aiohttp.ClientSession) -> None:
        conversation = f"a:personal-{email}"
        user = {"id": f"29:{email}", "name": email.split("@")[0]}
        while not stop.is_set():
            number = next(numbers)
            activity = teams_message(connector.url, f"sygefravær {10 + number % 80 / 10:.1f}",
                                     conversation=conversation, user=user,
                                     activity_id=f"k9-{number:06d}")
            sent.append(activity["id"])
            try:
                async with http.post(f"http://127.0.0.1:{server.port}/api/messages",
                                     json=activity,
                                     timeout=aiohttp.ClientTimeout(total=15)) as response:
                    await response.read()
            except (aiohttp.ClientError, TimeoutError):
                await asyncio.sleep(0.05)  # the service is down: Teams would retry later

    started = time.monotonic()
    async with aiohttp.ClientSession() as http:
        await server.start(http)
        senders = [asyncio.create_task(leader(email, http)) for email in LEADERS]
        try:
            for _ in range(KILLS):
                await asyncio.sleep(rng.uniform(0.4, 1.6))  # check-ins in flight
                server.kill()
                await server.start(http)
            await asyncio.sleep(1.0)
        finally:
            stop.set()
            await asyncio.gather(*senders, return_exceptions=True)
            server.stop()
    elapsed = time.monotonic() - started

    acknowledged = set()
    for request in connector.activities:
        if isinstance(request.body, dict) and request.body.get("type") == "message" and \
                reply_text(request.body).startswith("Gemt"):
            acknowledged.add(request.path.rsplit("/", 1)[-1])
    engine = create_engine(database)
    try:
        async with engine.connect() as connection:
            stored = {str(row[0]).split("|")[-1].split("#")[0] for row in (
                await connection.execute(text(
                    "SELECT source_activity_id FROM reports "
                    "WHERE source_activity_id LIKE '%k9-%'"))).all()}
    finally:
        await engine.dispose()
    lost = sorted(acknowledged - stored)
    print(f"{database.split(':')[0]}: {KILLS} kills in {elapsed:.1f} s, {len(sent)} check-ins "
          f"sent, {len(acknowledged)} acknowledged, {len(stored)} stored "
          f"({len(stored - acknowledged)} stored but never acknowledged), lost {len(lost)}; "
          f"starts {min(server.starts):.2f}–{max(server.starts):.2f} s")
    assert len(acknowledged) >= 2 * KILLS, "too few check-ins were acknowledged to tell"
    assert lost == [], f"acknowledged but not stored: {lost[:10]}"
