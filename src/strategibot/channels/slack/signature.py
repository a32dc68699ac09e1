"""Verification of Slack's request signatures.

Slack signs every request with ``X-Slack-Signature: v0=<hex>``, the HMAC-SHA256 of
``v0:{X-Slack-Request-Timestamp}:{raw body}`` under the app's signing secret. A request whose
timestamp is more than five minutes from our clock (either way) is refused, so a captured
request cannot be replayed later.

The signature itself is checked by ``slack_sdk``'s :class:`~slack_sdk.signature.SignatureVerifier`
(constant-time comparison, the same five-minute window). This module checks the headers first,
so that a malformed one is refused with a reason for the log instead of an exception inside
the SDK (it calls ``int()`` on the timestamp and compares ``str`` digests, which fails on
non-ASCII input).
"""

from __future__ import annotations

import re
import time

from slack_sdk.signature import Clock, SignatureVerifier

from strategibot.channels.slack.errors import SignatureInvalid

__all__ = [
    "MAX_CLOCK_SKEW",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "verify_slack_signature",
]

TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"
SIGNATURE_HEADER = "X-Slack-Signature"
MAX_CLOCK_SKEW = 5 * 60
"""Seconds a request's timestamp may differ from our clock, in either direction."""

_TIMESTAMP = re.compile(r"[0-9]{1,15}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


class _FixedClock(Clock):
    """The SDK's clock, reading ours."""

    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def verify_slack_signature(
    signing_secret: str,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: float | None = None,
) -> None:
    """Check that ``body`` was signed by Slack a moment ago; raise if not.

    Args:
        signing_secret: the app's signing secret (Slack app settings, "Basic Information").
        timestamp: the ``X-Slack-Request-Timestamp`` header, whole seconds since the epoch.
        signature: the ``X-Slack-Signature`` header, ``v0=`` and 64 hex digits.
        body: the raw request body, exactly as received (before any parsing).
        now: the current time in seconds since the epoch (default ``time.time()``).

    Raises:
        SignatureInvalid: no secret is configured, a header is missing, the timestamp is not
            a whole number or is more than :data:`MAX_CLOCK_SKEW` seconds away from ``now``,
            or the signature does not match.
    """
    if not signing_secret:
        # An empty key is a key anyone can sign with: refuse everything instead.
        raise SignatureInvalid("no Slack signing secret is configured")
    if not timestamp:
        raise SignatureInvalid(f"missing {TIMESTAMP_HEADER} header")
    if not signature:
        raise SignatureInvalid(f"missing {SIGNATURE_HEADER} header")
    if not _TIMESTAMP.fullmatch(timestamp):
        raise SignatureInvalid(f"{TIMESTAMP_HEADER} is not a whole number of seconds")
    current = time.time() if now is None else now
    skew = current - int(timestamp)
    if abs(skew) > MAX_CLOCK_SKEW:
        direction = "old" if skew > 0 else "in the future"
        raise SignatureInvalid(f"request timestamp is {abs(skew):.0f} s {direction}")
    if not _SIGNATURE.fullmatch(signature):  # the SDK's compare_digest fails on non-ASCII
        raise SignatureInvalid("signature does not match")
    verifier = SignatureVerifier(signing_secret, clock=_FixedClock(current))
    try:
        valid = verifier.is_valid(body, timestamp, signature)
    except UnicodeDecodeError:  # Slack sends UTF-8; the SDK signs the decoded text
        raise SignatureInvalid("signature does not match (the body is not UTF-8)") from None
    if not valid:
        raise SignatureInvalid("signature does not match")
