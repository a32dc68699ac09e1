"""What a failed send means: retry it, pause the subscription, or give up.

Channels raise :class:`~strategibot.errors.ChannelError` (the Teams connector's and the Slack
Web API's errors are subclasses), which says what the channel answered — an HTTP status, a
Retry-After, a code — and whether that means *slow down*, *try later* or *gone*. This module
turns that into a verdict without knowing any channel:

=============================================  =========  ======================================
error                                          verdict    why
=============================================  =========  ======================================
``ChannelError.rate_limited`` (429)            retry      throttled; honour Retry-After
``ChannelError.gone`` (403 / 404; Slack's      pause      the bot was removed or the
``channel_not_found``, ``not_in_channel``,                conversation is gone: sending again
``is_archived``, ``invalid_auth`` …)                      cannot help until a person acts
``ChannelError.transient`` (no answer, 408,    retry      transient; may succeed later
5xx)
aiohttp ``ClientError``, ``TimeoutError``,     retry      the network failed
``OSError``
anything else (400, 413, invalid blocks, a     fail       sending again would fail again
bug)
=============================================  =========  ======================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import aiohttp

from strategibot.errors import ChannelError

__all__ = ["Failure", "classify"]


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed attempt, classified.

    Attributes:
        verdict: ``"retry"``, ``"pause"`` or ``"fail"``.
        http_status: the HTTP status, or None when no HTTP answer came.
        retry_after: seconds the service asked us to wait, if it did.
        rate_limited: True for a 429 (the tenant is slowed down too).
        error: a short description for logs and the outcome (no message content).
    """

    verdict: Literal["retry", "pause", "fail"]
    http_status: int | None
    retry_after: float | None
    rate_limited: bool
    error: str


def classify(exc: BaseException) -> Failure:
    """Classify an exception raised while sending (see the module docstring's table)."""
    error = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, ChannelError):
        status = exc.status or None
        if exc.rate_limited:
            return Failure("retry", status, exc.retry_after, True, error)
        if exc.gone:
            return Failure("pause", status, None, False, error)
        verdict: Literal["retry", "fail"] = "retry" if exc.transient else "fail"
        return Failure(verdict, status, exc.retry_after, False, error)
    if isinstance(exc, aiohttp.ClientError | TimeoutError | OSError):
        return Failure("retry", None, None, False, error)
    return Failure("fail", None, None, False, error)
