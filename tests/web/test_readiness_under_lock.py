"""`/readyz` while another process holds SQLite's write lock for longer than the probe waits:
the probe gives up ("locked", within two seconds), and the server lives on.

It died: the probe, cancelled at its deadline, handed its connection back — to be rolled back
on the event loop's thread — while the worker thread that waited for the lock was still inside
SQLite with the same connection (SIGSEGV, exit 139; found by a persona round in round 13). A
cancelled wait now waits for its thread before the connection is used again.

The server runs as its own process (`strategibot serve`): a crash must not take pytest with it.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from tests.support.databases import prepared_sqlite


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _ready(http: aiohttp.ClientSession, url: str) -> tuple[int, dict[str, str]]:
    async with http.get(f"{url}/readyz", timeout=aiohttp.ClientTimeout(total=20)) as response:
        return response.status, await response.json()


async def test_the_server_outlives_a_readiness_probe_given_up_under_a_held_lock(
        tmp_path: Path) -> None:
    url = await prepared_sqlite(tmp_path / "bot.db")
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    # the probe waits min(5, statement + 1) = 2 s; a waiting BEGIN may wait 4 s: the probe
    # is given up while its thread still waits for the lock
    env = {**os.environ, "DATABASE_URL": url, "STRATEGIBOT_TODAY": "2019-11-15",
           "STRATEGIBOT_SCHEDULER": "false", "PORT": str(port), "LOG_LEVEL": "WARNING",
           "STRATEGIBOT_DB_STATEMENT_TIMEOUT_SECONDS": "1",
           "STRATEGIBOT_SQLITE_BUSY_TIMEOUT_SECONDS": "4"}
    server = subprocess.Popen(  # noqa: ASYNC220 - returns at once
        [sys.executable, "-m", "strategibot", "serve"], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    other = None
    try:
        async with aiohttp.ClientSession() as http:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if (await _ready(http, base))[0] == 200:
                        break
                except aiohttp.ClientError:
                    pass
                assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
                await asyncio.sleep(0.2)
            other = sqlite3.connect(tmp_path / "bot.db", isolation_level=None, timeout=0.1)
            other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
            for _ in range(2):
                status, body = await _ready(http, base)
                assert status == 503
                assert body["database"] == "locked", body
            await asyncio.sleep(3)  # the given-up waits end inside the server
            other.execute("ROLLBACK")
            other.close()
            other = None
            await asyncio.sleep(0.5)
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            assert await _ready(http, base) == (200, {"status": "ready", "knowledge": "ok",
                                                      "database": "ok"})
    finally:
        if other is not None:
            other.close()
        server.terminate()
        server.wait(timeout=30)
        log.close()
