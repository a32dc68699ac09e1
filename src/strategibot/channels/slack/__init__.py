"""Slack edge: request signatures, the botbuilder adapter, and its errors.

``strategibot.render.slack`` turns a :class:`~strategibot.domain.messages.Reply` into Block Kit;
this package carries it to Slack and Slack's events to the bot.
"""

from __future__ import annotations

from strategibot.channels.slack.adapter import SeenHook, SlackAdapter
from strategibot.channels.slack.errors import SignatureInvalid, SlackApiError, SlackError
from strategibot.channels.slack.signature import verify_slack_signature

__all__ = [
    "SeenHook",
    "SignatureInvalid",
    "SlackAdapter",
    "SlackApiError",
    "SlackError",
    "verify_slack_signature",
]
