"""Leader election on PostgreSQL advisory locks: one leader, hand-over on stop, on a killed
connection and on a killed process. Waits are bounded and generous; nothing asserts speed
beyond them."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
import textwrap
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import pytest

from strategibot.errors import ConfigError
from strategibot.scheduling.leadership import Leadership

RENEW = 0.1
WAIT = 10.0  # generous upper bound for anything that should take a few renew periods


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def eventually(condition: Callable[[], bool], within: float = WAIT) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within} s")
        await asyncio.sleep(0.02)


class Recorder:
    """An ``on_change`` callback that remembers what it was told."""

    def __init__(self) -> None:
        self.calls: list[bool] = []

    async def __call__(self, leader: bool) -> None:
        self.calls.append(leader)


@pytest.fixture
def key() -> int:
    """A lock key of its own for each test (advisory locks are per database)."""
    return random.randrange(1, 2**62)


@pytest.fixture
async def admin(postgres_database: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(_dsn(postgres_database), timeout=10)
    yield connection
    await connection.close()


async def _holder_pid(admin: asyncpg.Connection, key: int) -> int | None:
    """The backend holding advisory lock ``key`` (a bigint is split over classid and objid)."""
    pid: int | None = await admin.fetchval(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND classid = $1 AND objid = $2 AND objsubid = 1",
        key >> 32, key & 0xFFFFFFFF)
    return pid


# ---------------------------------------------------------------------------------- SQLite
async def test_sqlite_is_always_leader(tmp_path: Path) -> None:
    leadership = Leadership(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", renew=RENEW)
    recorder = Recorder()
    leadership.on_change = recorder
    assert not leadership.is_leader
    await leadership.start()
    assert leadership.is_leader
    await asyncio.wait_for(leadership.wait_until_leader(), WAIT)
    await eventually(lambda: recorder.calls == [True])
    await leadership.stop()
    assert not leadership.is_leader
    assert recorder.calls == [True, False]


def test_other_databases_are_refused() -> None:
    with pytest.raises(ConfigError, match="mysql"):
        Leadership("mysql+aiomysql://localhost/db")


def test_the_key_must_fit_a_bigint() -> None:
    with pytest.raises(ValueError, match="64-bit"):
        Leadership("sqlite+aiosqlite://", key=2**63)


# ---------------------------------------------------------------------------------- PostgreSQL
async def test_exactly_one_of_two_leads(postgres_database: str, key: int,
                                        admin: asyncpg.Connection) -> None:
    first = Leadership(postgres_database, key=key, renew=RENEW)
    second = Leadership(postgres_database, key=key, renew=RENEW)
    await first.start()
    await second.start()
    try:
        await eventually(lambda: first.is_leader or second.is_leader)
        for _ in range(10):  # several renew periods: still exactly one
            assert first.is_leader != second.is_leader
            await asyncio.sleep(RENEW)
        assert await _holder_pid(admin, key) is not None
    finally:
        await first.stop()
        await second.stop()
    assert await _holder_pid(admin, key) is None  # stopping released the lock


async def test_stopping_the_leader_hands_over(postgres_database: str, key: int) -> None:
    first = Leadership(postgres_database, key=key, renew=RENEW)
    second = Leadership(postgres_database, key=key, renew=RENEW)
    first_calls, second_calls = Recorder(), Recorder()
    first.on_change, second.on_change = first_calls, second_calls
    await first.start()
    await asyncio.wait_for(first.wait_until_leader(), WAIT)
    await second.start()
    try:
        await asyncio.sleep(3 * RENEW)
        assert not second.is_leader
        await first.stop()
        assert first_calls.calls == [True, False]  # told before stop() returns
        await asyncio.wait_for(second.wait_until_leader(), WAIT)
        assert second.is_leader
        await eventually(lambda: second_calls.calls == [True])
    finally:
        await first.stop()
        await second.stop()


async def test_a_killed_connection_hands_over(postgres_database: str, key: int,
                                              admin: asyncpg.Connection) -> None:
    first = Leadership(postgres_database, key=key, renew=RENEW)
    second = Leadership(postgres_database, key=key, renew=RENEW)
    first_calls = Recorder()
    first.on_change = first_calls
    await first.start()
    await asyncio.wait_for(first.wait_until_leader(), WAIT)
    await second.start()
    try:
        await asyncio.sleep(3 * RENEW)
        pid = await _holder_pid(admin, key)
        assert pid is not None
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)

        await asyncio.wait_for(second.wait_until_leader(), WAIT)
        await eventually(lambda: not first.is_leader)
        await eventually(lambda: first_calls.calls == [True, False])
        for _ in range(5):  # the old leader does not win it back
            assert second.is_leader
            assert not first.is_leader
            await asyncio.sleep(RENEW)
        assert await _holder_pid(admin, key) not in (None, pid)
    finally:
        await first.stop()
        await second.stop()


async def test_a_lone_leader_reconnects_after_its_connection_is_killed(
        postgres_database: str, key: int, admin: asyncpg.Connection) -> None:
    leadership = Leadership(postgres_database, key=key, renew=RENEW)
    calls = Recorder()
    leadership.on_change = calls
    await leadership.start()
    try:
        await asyncio.wait_for(leadership.wait_until_leader(), WAIT)
        pid = await _holder_pid(admin, key)
        await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
        await eventually(lambda: calls.calls == [True, False, True])
        assert leadership.is_leader
        assert await _holder_pid(admin, key) not in (None, pid)
    finally:
        await leadership.stop()


async def test_the_connection_sets_tcp_keepalives(postgres_database: str, key: int) -> None:
    leadership = Leadership(postgres_database, key=key, renew=RENEW)
    await leadership.start()
    try:
        await asyncio.wait_for(leadership.wait_until_leader(), WAIT)
        connection = leadership._connection  # the dedicated session
        settings = {row["name"]: row["setting"] for row in await connection.fetch(
            "SELECT name, setting FROM pg_settings WHERE name LIKE 'tcp_%'")}
        # Over a Unix socket PostgreSQL reports 0; the test server is reached over TCP.
        assert int(settings["tcp_keepalives_idle"]) == 10
        assert int(settings["tcp_keepalives_interval"]) == 5
        assert int(settings["tcp_keepalives_count"]) == 3
        assert int(settings["tcp_user_timeout"]) == 25_000
    finally:
        await leadership.stop()


async def test_leadership_expires_without_a_recent_check(postgres_database: str,
                                                         key: int) -> None:
    now = [1000.0]
    # A long renew period: no check happens during the test after the first try.
    leadership = Leadership(postgres_database, key=key, renew=30.0, clock=lambda: now[0])
    await leadership.start()
    try:
        await asyncio.wait_for(leadership.wait_until_leader(), WAIT)
        assert leadership.is_leader
        now[0] += 89.0  # within the lease: 2 * renew + max(renew, 2 s) = 90 s
        assert leadership.is_leader
        now[0] += 2.0  # e.g. the process was stopped: not trusted until the next check
        assert not leadership.is_leader
    finally:
        await leadership.stop()


async def test_a_failing_callback_does_not_stop_the_election(postgres_database: str,
                                                              key: int) -> None:
    leadership = Leadership(postgres_database, key=key, renew=RENEW)
    told: list[bool] = []

    async def broken(leader: bool) -> None:
        told.append(leader)
        raise RuntimeError("the consumer failed")

    leadership.on_change = broken
    await leadership.start()
    try:
        await asyncio.wait_for(leadership.wait_until_leader(), WAIT)
        await eventually(lambda: told == [True])
        await asyncio.sleep(3 * RENEW)
        assert leadership.is_leader
    finally:
        await leadership.stop()
    assert told == [True, False]


# ---------------------------------------------------------------------------------- processes
_CHILD = textwrap.dedent("""
    import asyncio, sys
    from strategibot.scheduling.leadership import Leadership

    async def main():
        leadership = Leadership(sys.argv[1], key=int(sys.argv[2]), renew=0.1)
        await leadership.start()
        print("started", flush=True)
        await leadership.wait_until_leader()
        print("leader", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())
""")


async def _spawn(url: str, key: int) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", _CHILD, url, str(key),
        stdout=asyncio.subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})


async def _expect(process: asyncio.subprocess.Process, line: str, within: float) -> None:
    assert process.stdout is not None
    got = await asyncio.wait_for(process.stdout.readline(), within)
    assert got.decode().strip() == line


@pytest.mark.slow
async def test_kill_9_of_the_leader_process_hands_over(postgres_database: str,
                                                       key: int) -> None:
    processes = [await _spawn(postgres_database, key) for _ in range(2)]
    reads: dict[asyncio.Future[None], asyncio.subprocess.Process] = {}
    try:
        for process in processes:
            await _expect(process, "started", 60)  # interpreter start-up and imports
        reads = {asyncio.ensure_future(_expect(p, "leader", 30)): p for p in processes}
        done, pending = await asyncio.wait(reads, return_when=asyncio.FIRST_COMPLETED)
        [first] = done
        first.result()
        leader = reads[first]
        [waiting] = pending
        follower = reads[waiting]
        await asyncio.sleep(1.0)
        assert not waiting.done()  # the follower has not become leader meanwhile

        os.kill(leader.pid, signal.SIGKILL)
        await leader.wait()
        await asyncio.wait_for(waiting, 5.0)  # the follower takes over within 5 s
        assert follower.returncode is None
    finally:
        for read in reads:
            read.cancel()
        for process in processes:
            if process.returncode is None:
                process.kill()
            await process.wait()
