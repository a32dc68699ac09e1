"""Proactive delivery: scheduled digests and reminders to many conversations.

:class:`Sender` sends through the channel adapters within the platforms' rate limits, retries
what may succeed later, and reports each send as an :class:`Outcome` (``"sent"``, ``"paused"``
or ``"failed"``) for the caller's delivery ledger.
"""

from __future__ import annotations

from strategibot.delivery.failures import SLACK_PAUSE_ERRORS, Failure, classify
from strategibot.delivery.limits import Calendar, Lane, RateLimiter
from strategibot.delivery.sender import Outcome, Sender

__all__ = [
    "SLACK_PAUSE_ERRORS",
    "Calendar",
    "Failure",
    "Lane",
    "Outcome",
    "RateLimiter",
    "Sender",
    "classify",
]
