"""Slack edge: request signatures, the botbuilder adapter, and its errors.

``strategibot.render.slack`` turns a :class:`~strategibot.domain.models.Reply` into Block Kit;
this package carries it to Slack and Slack's events to the bot.
"""

from __future__ import annotations

from strategibot.slack.adapter import SeenHook, SlackAdapter
from strategibot.slack.errors import SignatureInvalid, SlackApiError, SlackError
from strategibot.slack.signature import verify_slack_signature

__all__ = [
    "SeenHook",
    "SignatureInvalid",
    "SlackAdapter",
    "SlackApiError",
    "SlackError",
    "verify_slack_signature",
]
