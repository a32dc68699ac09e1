"""Far sides that misbehave, on loopback: a server that accepts and never answers, a closed
port, and a recorder of the log records a test must account for."""

from __future__ import annotations

import asyncio
import logging
import socket
from types import TracebackType

from strategibot.errors import ChannelError

__all__ = ["BlackHole", "LogRecorder", "closed_port", "is_far_side_failure"]


class BlackHole:
    """A TCP server on 127.0.0.1 that accepts every connection, reads, and never answers."""

    def __init__(self) -> None:
        self.url = ""
        self.connections = 0
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.append(writer)
        try:
            while await reader.read(65536):
                pass
        except (ConnectionError, asyncio.CancelledError):
            pass

    async def __aenter__(self) -> BlackHole:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/"
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        for writer in self._writers:
            writer.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def is_far_side_failure(error: BaseException | None) -> bool:
    """True for a channel's error (the Bot Connector answered an error or did not answer):
    an expected, logged failure. Anything else is a Python error in our code or botbuilder's."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, ChannelError):
            return True
        error = error.__cause__ or error.__context__
    return False


class LogRecorder(logging.Handler):
    """Keeps every record at WARNING or above, and every record with a traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._saved_level = logging.WARNING

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING or record.exc_info:
            self.records.append(record)

    def __enter__(self) -> LogRecorder:
        root = logging.getLogger()
        self._saved_level = root.level
        root.setLevel(logging.DEBUG)
        root.addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        root = logging.getLogger()
        root.removeHandler(self)
        root.setLevel(self._saved_level)

    @property
    def tracebacks(self) -> list[logging.LogRecord]:
        return [r for r in self.records if r.exc_info and r.exc_info[1] is not None]

    def unexpected(self) -> list[str]:
        """Tracebacks that are not a far side's failure, as short lines for an assertion."""
        found = []
        for record in self.tracebacks:
            error = record.exc_info[1] if record.exc_info else None
            if not is_far_side_failure(error):
                cause = f" (from {error.__cause__!r:.300})" if error and error.__cause__ else ""
                found.append(f"{record.name}: {record.getMessage()}: {type(error).__name__}: "
                             f"{error}{cause}")
        return found
