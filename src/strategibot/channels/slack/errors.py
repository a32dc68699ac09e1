"""Errors raised by the Slack edge.

::

    StrategibotError
    ├── SlackError
    │   └── SignatureInvalid   a request is not provably from Slack (answered with 401)
    └── ChannelError
        └── SlackApiError      a Web API call failed: error code, HTTP status, Retry-After

``slack_sdk`` and ``aiohttp`` errors never leave this package: the Web API client translates
them into :class:`SlackApiError` (``raise … from exc``), so callers catch only these.
"""

from __future__ import annotations

from typing import Final

from strategibot.errors import ChannelError, StrategibotError

__all__ = ["SLACK_PAUSE_ERRORS", "SignatureInvalid", "SlackApiError", "SlackError"]

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
"""Slack error codes that mean "this bot cannot post here any more" (the workspace-wide ones,
``invalid_auth``, ``account_inactive``, ``missing_scope``, ``token_revoked``, need an admin just
like a removed bot)."""


class SlackError(StrategibotError):
    """Base of the errors raised by the Slack edge."""


class SignatureInvalid(SlackError):
    """The request's ``X-Slack-Signature`` or ``X-Slack-Request-Timestamp`` does not check out.

    Args:
        reason: why, for the log (never sent to the caller).
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class SlackApiError(ChannelError):
    """A Slack Web API call failed.

    Args:
        method: the Web API method, e.g. ``"chat.postMessage"``.
        error: Slack's error code (``"ratelimited"``, ``"channel_not_found"``, …), or
            ``"network_error"`` / ``"timeout"`` / ``"invalid_response"`` when no usable answer
            came back.
        status: the HTTP status, or ``None`` when the request did not get an answer.
        retry_after: seconds from the ``Retry-After`` header (sent with 429), if any.
    """

    def __init__(
        self,
        method: str,
        error: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.method = method
        self.error = error
        detail = f"{method}: {error}"
        if status is not None:
            detail += f" (HTTP {status})"
        if retry_after is not None:
            detail += f", retry after {retry_after:g} s"
        super().__init__(detail, status=status, retry_after=retry_after, code=error)

    @property
    def rate_limited(self) -> bool:
        """True when Slack asked us to slow down (HTTP 429)."""
        return self.status == 429

    @property
    def transient(self) -> bool:
        """True when the same call may succeed later: rate limits, 5xx, no answer at all."""
        return self.status is None or self.status == 429 or self.status >= 500

    @property
    def gone(self) -> bool:
        """The bot was removed, the channel archived, or the workspace revoked the token."""
        return self.error in SLACK_PAUSE_ERRORS or self.status in (403, 404)
