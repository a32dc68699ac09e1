"""Proactive delivery: scheduled digests and reminders to many conversations.

:class:`Sender` sends through the channels (:class:`Channel`) within the platforms' rate
limits, retries what may succeed later, and reports each send as an :class:`Outcome`
(``"sent"``, ``"paused"`` or ``"failed"``) for the caller's delivery ledger.
"""

from __future__ import annotations

from strategibot.delivery.failures import Failure, classify
from strategibot.delivery.limits import Calendar, Lane, RateLimiter
from strategibot.delivery.sender import Channel, Outcome, Sender

__all__ = [
    "Calendar",
    "Channel",
    "Failure",
    "Lane",
    "Outcome",
    "RateLimiter",
    "Sender",
    "classify",
]
