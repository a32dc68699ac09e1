"""Logging: one JSON object per line in production, readable text in a terminal.

Never log secrets or message bodies at INFO: turn logs carry ids, channel, outcome and timing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any

__all__ = ["JsonFormatter", "quiet", "setup_logging"]

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
_NOISY = {"aiohttp.access", "urllib3", "apscheduler", "alembic"}


class JsonFormatter(logging.Formatter):
    """A log record as one JSON line; extra fields (``extra={...}``) become keys."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        base = super().format(record)
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD}
        if extras:
            base += "  " + " ".join(f"{k}={v}" for k, v in extras.items())
        return base


def setup_logging(level: str = "INFO", fmt: str = "auto") -> None:
    """Configure the root logger once: JSON unless ``fmt`` is text or stderr is a terminal."""
    use_json = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if use_json else _TextFormatter(
        "%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in sorted(_NOISY):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


def quiet(*names: str) -> None:
    """Log these libraries' loggers at WARNING and above only (a channel registers the SDKs
    it uses)."""
    _NOISY.update(names)
    root = logging.getLogger()
    for name in names:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
