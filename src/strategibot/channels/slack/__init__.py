"""Slack: request signatures, events and button clicks in, Block Kit replies and posts out —
our own thin adapter on aiohttp (see README, "Teams and Slack adapters")."""

from __future__ import annotations

from strategibot.channels.slack.adapter import SeenHook, SlackAdapter, SlackTurn
from strategibot.channels.slack.errors import SignatureInvalid, SlackApiError, SlackError
from strategibot.channels.slack.signature import verify_slack_signature

__all__ = [
    "SeenHook",
    "SignatureInvalid",
    "SlackAdapter",
    "SlackApiError",
    "SlackError",
    "SlackTurn",
    "verify_slack_signature",
]
