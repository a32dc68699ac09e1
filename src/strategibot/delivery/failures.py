"""What a failed send means: retry it, pause the subscription, or give up.

=====================================================  =========  ==============================
error                                                  verdict    why
=====================================================  =========  ==============================
ConnectorError 429, SlackApiError ``rate_limited``     retry      throttled; honour Retry-After
ConnectorError ``retryable`` (0, 408, 5xx gateway)     retry      transient; may succeed later
SlackApiError ``transient`` (no answer, 5xx)           retry      transient
aiohttp ``ClientError``, ``TimeoutError``, ``OSError``  retry      the network failed
ConnectorError 403 / 404, SlackApiError 403 / 404      pause      the bot was removed, or the
SlackApiError ``channel_not_found``, ``not_in_channel``,           conversation is gone: sending
``is_archived``, ``account_inactive``, ``invalid_auth``,          again cannot help until a
``missing_scope``, ``token_revoked``                              person acts
anything else (400, 413, ``invalid_blocks``, a bug)    fail       sending again would fail again
=====================================================  =========  ==============================

Slack's workspace-wide answers (``invalid_auth``, ``account_inactive``, ``missing_scope``,
``token_revoked``) pause the subscription too: like a removed bot, they need an admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import aiohttp

from strategibot.channels.slack.errors import SlackApiError
from strategibot.channels.teams.connector import ConnectorError

__all__ = ["SLACK_PAUSE_ERRORS", "Failure", "classify"]

SLACK_PAUSE_ERRORS: Final = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "invalid_auth",
        "missing_scope",
        "token_revoked",
    }
)
"""Slack error codes that mean "this bot cannot post here any more"."""

_PAUSE_STATUSES: Final = frozenset({403, 404})


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
    if isinstance(exc, ConnectorError):
        status = exc.status or None
        error = f"{type(exc).__name__}: {exc}"
        if exc.status == 429:
            return Failure("retry", 429, exc.retry_after, True, error)
        if exc.status in _PAUSE_STATUSES:
            return Failure("pause", status, None, False, error)
        verdict: Literal["retry", "fail"] = "retry" if exc.retryable else "fail"
        return Failure(verdict, status, exc.retry_after, False, error)
    if isinstance(exc, SlackApiError):
        error = f"{type(exc).__name__}: {exc}"
        if exc.rate_limited:
            return Failure("retry", exc.status, exc.retry_after, True, error)
        if exc.error in SLACK_PAUSE_ERRORS or exc.status in _PAUSE_STATUSES:
            return Failure("pause", exc.status, None, False, error)
        verdict = "retry" if exc.transient else "fail"
        return Failure(verdict, exc.status, exc.retry_after, False, error)
    if isinstance(exc, aiohttp.ClientError | TimeoutError | OSError):
        return Failure("retry", None, None, False, f"{type(exc).__name__}: {exc}")
    return Failure("fail", None, None, False, f"{type(exc).__name__}: {exc}")
