"""What a failed send means, decided from the channel error's own attributes (the table in
strategibot.delivery.failures)."""

from __future__ import annotations

import aiohttp
import pytest

from strategibot.channels.slack.errors import SlackApiError
from strategibot.channels.teams.connector import ConnectorError, TokenError
from strategibot.delivery.failures import classify
from strategibot.errors import ChannelError


@pytest.mark.parametrize(("error", "verdict", "status", "rate_limited"), [
    (ConnectorError(429, "busy", retry_after=3), "retry", 429, True),
    (ConnectorError(0, "no answer"), "retry", None, False),
    (ConnectorError(503, "unavailable"), "retry", 503, False),
    (ConnectorError(502, "bad gateway"), "retry", 502, False),
    (ConnectorError(403, "removed"), "pause", 403, False),
    (ConnectorError(404, "gone"), "pause", 404, False),
    (ConnectorError(400, "bad request"), "fail", 400, False),
    (ConnectorError(413, "too large"), "fail", 413, False),
    (ConnectorError(501, "not implemented"), "fail", 501, False),
    (TokenError(401, "no token"), "fail", 401, False),
    (SlackApiError("chat.postMessage", "ratelimited", status=429, retry_after=7),
     "retry", 429, True),
    (SlackApiError("chat.postMessage", "channel_not_found", status=200), "pause", 200, False),
    (SlackApiError("chat.postMessage", "token_revoked", status=200), "pause", 200, False),
    (SlackApiError("chat.postMessage", "fatal_error", status=500), "retry", 500, False),
    (SlackApiError("chat.postMessage", "network_error"), "retry", None, False),
    (SlackApiError("chat.postMessage", "invalid_blocks", status=200), "fail", 200, False),
    (ChannelError("a new channel's 429", status=429), "retry", 429, True),
    (ChannelError("a new channel's 404", status=404), "pause", 404, False),
    (aiohttp.ClientConnectionError("reset"), "retry", None, False),
    (TimeoutError(), "retry", None, False),
    (ValueError("a bug"), "fail", None, False),
])
def test_classification(error: BaseException, verdict: str, status: int | None,
                        rate_limited: bool) -> None:
    failure = classify(error)
    assert (failure.verdict, failure.http_status, failure.rate_limited) == (
        verdict, status, rate_limited)
    assert type(error).__name__ in failure.error


def test_retry_after_is_kept_for_retries_only() -> None:
    assert classify(ConnectorError(429, "busy", retry_after=3)).retry_after == 3
    assert classify(ConnectorError(503, "busy", retry_after=30)).retry_after == 30
    assert classify(ConnectorError(403, "gone", retry_after=30)).retry_after is None
