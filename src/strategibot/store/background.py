"""Writes a reply does not depend on, off the turn's path: the question log, the memory of a
conversation (where digests and reminders can be posted later, in which language).

A turn hands the write to :class:`BackgroundWriter` and answers at once; the writer collects
the writes and commits them together — at most ``batch`` writes, at least every ``interval``
seconds — in one transaction, on the database's single writer (SQLite) or one pooled
connection (PostgreSQL). If a batch fails, its writes are retried one by one, so one bad write
loses only itself.

Bounds (README, "Speed and memory"): a clean shutdown (:meth:`BackgroundWriter.stop`) writes
everything queued; a crash (kill -9, power) loses at most what was queued and not yet
committed — at most ``capacity`` writes, in practice the last ``interval`` seconds of them.
When ``capacity`` writes wait, a turn waits for room (the database is then the bottleneck,
and waiting is better than losing).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.store.db import session_scope

__all__ = ["BackgroundWriter", "Write"]

log = logging.getLogger(__name__)

Write = Callable[[AsyncSession], Awaitable[object]]
"""One write: it gets the batch's session and must not commit (the batch commits). It may
return a callable, called once the batch is committed (never when it is not)."""


class BackgroundWriter:
    """Batches writes into one transaction, in one owned task."""

    def __init__(self, factory: async_sessionmaker[AsyncSession], *, batch: int = 200,
                 interval: float = 0.05, capacity: int = 5000) -> None:
        self.factory = factory
        self.batch = batch
        self.interval = interval
        self._queue: asyncio.Queue[Write] = asyncio.Queue(maxsize=capacity)
        self._task: asyncio.Task[None] | None = None
        self._busy = asyncio.Lock()
        """held while a batch is taken and committed: :meth:`flush` waits for it"""
        self._held: list[Write] = []
        """taken from the queue, not yet committed (the batch filling up)"""
        self.written = 0
        self.failed = 0

    async def submit(self, write: Write) -> None:
        """Queue ``write``; returns at once unless ``capacity`` writes are waiting. Without a
        running writer (a command-line tool, a test) the write is done now."""
        if self._task is None or self._task.done():
            await self._commit([write])
            return
        await self._queue.put(write)

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="background-writer")

    async def stop(self) -> None:
        """Write what is queued, then stop."""
        task, self._task = self._task, None
        if task is not None:
            async with self._busy:  # never interrupt a commit: wait for it, then stop
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.flush()

    async def flush(self) -> None:
        """Commit everything queued now, and wait for a batch being committed."""
        async with self._busy:
            while self._held or not self._queue.empty():
                await self._commit(self._take())

    def _take(self) -> list[Write]:
        writes, self._held = self._held, []
        while len(writes) < self.batch and not self._queue.empty():
            writes.append(self._queue.get_nowait())
        return writes

    async def _run(self) -> None:
        while True:
            self._held.append(await self._queue.get())
            await asyncio.sleep(self.interval)  # let the batch fill
            async with self._busy:
                writes = self._take()
                if writes:  # (a flush may have written them meanwhile)
                    await self._commit(writes)

    async def _commit(self, writes: list[Write]) -> None:
        try:
            after: list[Callable[[], object]] = []
            async with session_scope(self.factory) as session:
                for write in writes:
                    done = await write(session)
                    if callable(done):
                        after.append(done)
            self.written += len(writes)
            for call in after:  # committed: now it may be told
                try:
                    call()
                except Exception:
                    log.warning("a background write's follow-up failed", exc_info=True)
            return
        except Exception:  # a failed write must not stop the writer
            if len(writes) == 1:
                self.failed += 1
                log.warning("a background write failed", exc_info=True)
                return
        for write in writes:  # one bad write must not lose the others
            await self._commit([write])
