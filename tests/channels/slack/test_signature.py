"""verify_slack_signature: Slack's v0 HMAC scheme, the 5-minute window, and every refusal."""

from __future__ import annotations

import time

import pytest
from slack_sdk.signature import SignatureVerifier

from strategibot.channels.slack import SignatureInvalid, verify_slack_signature
from strategibot.channels.slack.signature import MAX_CLOCK_SKEW
from tests.support.slack_api import SIGNING_SECRET, sign

NOW = 1_700_000_000
BODY = b'{"type":"event_callback","event_id":"Ev1"}'

# The worked example in Slack's "Verifying requests from Slack" guide.
DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
DOC_TIMESTAMP = "1531420618"
DOC_BODY = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
    b"&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
    b"&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
    b"%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


def test_accepts_slacks_documented_example() -> None:
    verify_slack_signature(DOC_SECRET, DOC_TIMESTAMP, DOC_SIGNATURE, DOC_BODY, now=1531420618)


def test_accepts_a_signature_made_by_slack_sdk() -> None:
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=str(NOW), body=BODY)
    assert signature is not None
    verify_slack_signature(SIGNING_SECRET, str(NOW), signature, BODY, now=NOW)


def test_defaults_to_the_current_time() -> None:
    ts = int(time.time())
    verify_slack_signature(SIGNING_SECRET, str(ts), sign(BODY, ts), BODY)
    with pytest.raises(SignatureInvalid, match="old"):
        verify_slack_signature(SIGNING_SECRET, str(NOW), sign(BODY, NOW), BODY)


@pytest.mark.parametrize("skew", [-MAX_CLOCK_SKEW, 0, MAX_CLOCK_SKEW])
def test_accepts_timestamps_inside_the_window(skew: int) -> None:
    verify_slack_signature(SIGNING_SECRET, str(NOW), sign(BODY, NOW), BODY, now=NOW + skew)


@pytest.mark.parametrize(
    ("skew", "message"),
    [(MAX_CLOCK_SKEW + 1, "old"), (-(MAX_CLOCK_SKEW + 1), "future"), (86_400, "old")],
)
def test_refuses_timestamps_outside_the_window(skew: int, message: str) -> None:
    # A correctly signed request replayed later (or sent from a clock running ahead).
    with pytest.raises(SignatureInvalid, match=message):
        verify_slack_signature(SIGNING_SECRET, str(NOW), sign(BODY, NOW), BODY, now=NOW + skew)


@pytest.mark.parametrize(
    ("timestamp", "signature", "message"),
    [
        (None, "v0=abc", "missing X-Slack-Request-Timestamp"),
        ("", "v0=abc", "missing X-Slack-Request-Timestamp"),
        (str(NOW), None, "missing X-Slack-Signature"),
        (str(NOW), "", "missing X-Slack-Signature"),
    ],
)
def test_refuses_missing_headers(
    timestamp: str | None, signature: str | None, message: str
) -> None:
    with pytest.raises(SignatureInvalid, match=message):
        verify_slack_signature(SIGNING_SECRET, timestamp, signature, BODY, now=NOW)


@pytest.mark.parametrize(
    "timestamp", ["abc", "1.7e9", "-1700000000", " 1700000000", "1700000000\n", "١٧٠٠٠٠٠٠٠٠"]
)
def test_refuses_non_numeric_timestamps(timestamp: str) -> None:
    with pytest.raises(SignatureInvalid, match="whole number"):
        verify_slack_signature(SIGNING_SECRET, timestamp, "v0=abc", BODY, now=NOW)


@pytest.mark.parametrize(
    "signature",
    [
        sign(BODY + b" ", NOW),  # another body
        sign(BODY, NOW + 1),  # another timestamp
        sign(BODY, NOW, "another-secret"),
        sign(BODY, NOW).replace("v0=", "v1="),
        sign(BODY, NOW).upper(),
        sign(BODY, NOW)[:-1],
        "v0=" + "ä" * 64,  # non-ASCII must be refused, not crash compare_digest
    ],
)
def test_refuses_wrong_signatures(signature: str) -> None:
    with pytest.raises(SignatureInvalid, match="does not match"):
        verify_slack_signature(SIGNING_SECRET, str(NOW), signature, BODY, now=NOW)


def test_refuses_everything_without_a_secret() -> None:
    # HMAC with an empty key is computable by anyone.
    with pytest.raises(SignatureInvalid, match="no Slack signing secret"):
        verify_slack_signature("", str(NOW), sign(BODY, NOW, ""), BODY, now=NOW)


def test_the_reason_is_kept_for_the_log() -> None:
    with pytest.raises(SignatureInvalid) as caught:
        verify_slack_signature(SIGNING_SECRET, str(NOW), "v0=00", BODY, now=NOW)
    assert caught.value.reason == "signature does not match"
