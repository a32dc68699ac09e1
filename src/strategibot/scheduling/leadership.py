"""One replica runs the schedule: a PostgreSQL advisory-lock leader.

Every replica makes a :class:`Leadership` with the same ``key``. On PostgreSQL each holds one
dedicated asyncpg connection (not a pooled one: a pool could quietly swap in a new session that
does not hold the lock) and tries ``pg_try_advisory_lock(key)``, a session-level lock, every
``renew`` seconds until it gets it. The leader then checks its connection with ``SELECT 1``
every ``renew`` seconds. The lock lasts as long as the session:

- **Stop** (shutdown): the consumer is told first (``on_change(False)``), then the lock is
  released and the connection closed, so a follower takes over within one ``renew`` period.
- **Killed process:** the kernel closes its TCP connection, PostgreSQL ends the session and
  releases the lock at once; a follower's next try succeeds.
- **Lost connection** (``pg_terminate_backend``, a server restart, a failed or timed-out check):
  leadership is lost at once. The leader waits ``LOST_BACKOFF * renew`` (4) before trying
  again, so a healthy follower (which tries every ``renew``) gets the lock first — with three
  tries in hand, also on a busy machine (with 2, the old leader won the lock back in a
  parallel test run, and the follower never led).
- **Network partition:** nothing closes the connection, so the server relies on TCP keepalives
  to notice the dead client. The connection sets ``tcp_keepalives_idle`` (the lease below, at
  least 10 s), ``tcp_keepalives_interval`` 5 s, ``tcp_keepalives_count`` 3 and
  ``tcp_user_timeout`` (idle + 15 s, for unacknowledged data) as session settings, so the server
  ends the session and a follower takes over about 30 s after the partition with the default
  ``renew`` of 5 s — within a minute. On the partitioned side the check times out first (after
  ``renew`` + ``max(renew, 2 s)``), so the old leader steps down before anyone takes over.
  Keep ``renew`` small (seconds): the keepalive window grows with it.

``is_leader`` is also False when the last successful check is older than the lease
(``2 * renew + max(renew, 2 s)`` by ``clock``), e.g. after the process was stopped or its
event loop blocked, until the next check confirms the lock. Jobs should ask ``is_leader``
before they post.

Advisory locks belong to one database; PgBouncer in transaction mode cannot hold them (connect
directly or in session mode). To see the leader::

    SELECT a.pid, a.application_name, a.client_addr FROM pg_locks l JOIN pg_stat_activity a
    USING (pid) WHERE l.locktype = 'advisory' AND l.granted;

SQLite (the single-process default) is always leader: a file database is not shared by
replicas.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.engine import make_url

from strategibot.errors import ConfigError

__all__ = ["DEFAULT_KEY", "Leadership"]

log = logging.getLogger(__name__)

DEFAULT_KEY = 0x5354524154
"""The advisory lock key: "STRAT" in ASCII."""
LOST_BACKOFF = 4
"""A leader that lost its connection waits this many ``renew`` periods before trying again."""

_CONNECT_TIMEOUT = 10.0
_CLOSE_TIMEOUT = 2.0
_MIN_CHECK_TIMEOUT = 2.0
# Options of SQLAlchemy's asyncpg dialect that asyncpg.connect does not take.
_SQLALCHEMY_ONLY = {"prepared_statement_cache_size", "prepared_statement_name_func",
                    "async_fallback"}


class Leadership:
    """Leader election among replicas (PostgreSQL advisory lock; SQLite always leads).

    Args:
        url: the database URL (``postgresql+asyncpg://…`` or ``sqlite+aiosqlite://…``).
        key: the advisory lock key (a signed 64-bit integer); replicas that share it compete.
        renew: seconds between tries while following and between checks while leading.
        clock: monotonic seconds, for the lease behind :attr:`is_leader` (tests pass a fake).
    """

    on_change: Callable[[bool], Awaitable[None]] | None
    """Awaited with True when leadership is gained and False when it is lost or stopped.

    Calls run one at a time in a task of their own (a slow callback does not delay the checks)
    and report the latest state: a loss and regain that happen during one call are not
    reported. An exception is logged and does not stop the election.
    """

    def __init__(self, url: str, *, key: int = DEFAULT_KEY, renew: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if not -(2**63) <= key < 2**63:
            raise ValueError("key must be a signed 64-bit integer")
        if not renew > 0:
            raise ValueError("renew must be positive")
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        if backend not in {"postgresql", "sqlite"}:
            raise ConfigError(f"leader election needs PostgreSQL or SQLite, not {backend!r}")
        self.on_change = None
        self._postgres = backend == "postgresql"
        self._key = key
        self._renew = renew
        self._clock = clock
        self._check_timeout = max(renew, _MIN_CHECK_TIMEOUT)
        self._lease = 2 * renew + self._check_timeout if self._postgres else math.inf
        self._connect_args: dict[str, Any] = {}
        if self._postgres:
            self._connect_args = {
                **parsed.translate_connect_args(username="user"),
                **{k: v for k, v in parsed.query.items() if k not in _SQLALCHEMY_ONLY},
            }
            idle = max(10, math.ceil(self._lease))
            self._server_settings = {
                "application_name": "strategibot-leader",
                "tcp_keepalives_idle": str(idle),
                "tcp_keepalives_interval": "5",
                "tcp_keepalives_count": "3",
                "tcp_user_timeout": str((idle + 15) * 1000),
            }
        self._connection: Any = None
        self._held = False
        self._confirmed = -math.inf
        self._backoff = False
        self._leader = asyncio.Event()
        self._wake = asyncio.Event()
        self._changed = asyncio.Event()
        self._delivered = False
        self._closing = False
        self._task: asyncio.Task[None] | None = None
        self._notifier: asyncio.Task[None] | None = None

    # ------------------------------------------------------------------ public
    @property
    def is_leader(self) -> bool:
        """Whether this replica holds the lock, confirmed within the lease."""
        return self._held and self._clock() - self._confirmed <= self._lease

    async def start(self) -> None:
        """Begin trying in the background (SQLite: become leader at once). Idempotent."""
        if self._notifier is not None:
            return
        self._closing = False
        self._notifier = asyncio.create_task(self._notify_loop(), name="leadership-notify")
        if self._postgres:
            self._task = asyncio.create_task(self._run(), name="leadership")
        else:
            self._confirmed = self._clock()
            self._set_held(True)

    async def stop(self) -> None:
        """Tell ``on_change`` (False), then release the lock and close the connection.

        Waits for a running ``on_change`` call to finish first (unless called from one).
        """
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await _finish(task)
        held = self._held
        self._set_held(False)
        notifier, self._notifier = self._notifier, None
        if notifier is not None:
            self._closing = True
            self._changed.set()
            if notifier is not asyncio.current_task():
                await _finish(notifier)
        await self._close(release=held)

    async def wait_until_leader(self) -> None:
        """Return once this replica holds the lock (at once if it does)."""
        await self._leader.wait()

    # ------------------------------------------------------------------ election
    async def _run(self) -> None:
        while True:
            self._wake.clear()
            await self._step()
            delay = self._renew * (LOST_BACKOFF if self._backoff else 1)
            self._backoff = False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)

    async def _step(self) -> None:
        import asyncpg  # type: ignore[import-untyped]  # optional dependency, untyped

        expected = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)
        try:
            if self._connection is not None and self._connection.is_closed():
                raise ConnectionError("the connection was closed")
            if self._connection is None:
                self._connection = await self._connect()
            if self._held:
                await self._connection.fetchval("SELECT 1", timeout=self._check_timeout)
                self._confirmed = self._clock()
            elif await self._connection.fetchval("SELECT pg_try_advisory_lock($1)", self._key,
                                                 timeout=self._check_timeout):
                self._confirmed = self._clock()
                self._set_held(True)
        except Exception as exc:  # the election must outlive any failure of its connection
            # asyncpg can also raise InternalClientError ("another operation is in progress")
            # when the server ends the session mid-query: any failure counts as a lost session.
            lost = self._held
            self._set_held(False)
            await self._close(release=False)
            self._backoff = lost
            log.log(logging.WARNING if lost else logging.DEBUG,
                    "leadership connection failed: %s: %s", type(exc).__name__, exc,
                    exc_info=not isinstance(exc, expected),
                    extra={"key": self._key, "lost": lost})

    async def _connect(self) -> Any:
        import asyncpg

        connection = await asyncpg.connect(**self._connect_args, timeout=_CONNECT_TIMEOUT,
                                           server_settings=self._server_settings)
        connection.add_termination_listener(self._terminated)
        return connection

    def _terminated(self, _connection: Any) -> None:
        self._wake.set()  # check now: leadership is lost at once

    async def _close(self, *, release: bool) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        connection.remove_termination_listener(self._terminated)
        try:
            if release and not connection.is_closed():
                await connection.execute("SELECT pg_advisory_unlock_all()",
                                         timeout=_CLOSE_TIMEOUT)
            await connection.close(timeout=_CLOSE_TIMEOUT)
        except Exception:  # a broken connection cannot close politely
            connection.terminate()

    # ------------------------------------------------------------------ notification
    def _set_held(self, held: bool) -> None:
        if held == self._held:
            return
        self._held = held
        if held:
            self._leader.set()
        else:
            self._leader.clear()
        log.info("leadership %s", "gained" if held else "lost", extra={"key": self._key})
        self._changed.set()

    async def _notify_loop(self) -> None:
        while True:
            await self._changed.wait()
            self._changed.clear()
            target = self._held
            if target != self._delivered:
                self._delivered = target
                callback = self.on_change
                if callback is not None:
                    try:
                        await callback(target)
                    except Exception:
                        log.exception("leadership callback failed", extra={"leader": target})
            if self._closing and not self._changed.is_set():
                return


async def _finish(task: asyncio.Task[None]) -> None:
    """Await ``task`` (cancelled or ending) so stop() always goes on to release the lock.

    Re-raises only the caller's own cancellation; a failure of the task is logged.
    """
    try:
        await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise
    except Exception:
        log.exception("leadership task failed", extra={"task": task.get_name()})
