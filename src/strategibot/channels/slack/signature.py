"""Verification of Slack's request signatures.

Slack signs every request with ``X-Slack-Signature: v0=<hex>``, the HMAC-SHA256 of
``v0:{X-Slack-Request-Timestamp}:{raw body}`` under the app's signing secret. A request whose
timestamp is more than five minutes from our clock (either way) is refused, so a captured
request cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time

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

_VERSION = "v0"
_TIMESTAMP = re.compile(r"[0-9]{1,15}")


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
    base = b"%s:%s:%s" % (_VERSION.encode(), timestamp.encode("ascii"), body)
    digest = hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    expected = f"{_VERSION}={digest}".encode("ascii")
    # Compare bytes: compare_digest refuses non-ASCII str, and a header may hold anything.
    if not hmac.compare_digest(expected, signature.encode("utf-8", "backslashreplace")):
        raise SignatureInvalid("signature does not match")
