"""A fake Slack: the Web API the bot calls, and the signed requests Slack sends the bot.

``FakeSlackApi.app`` is an aiohttp application; serve it on a loopback port (pytest-aiohttp's
``aiohttp_server``) and point ``Settings.slack_api_url`` at ``{server}/api/``. It records every
call, answers ``chat.postMessage``, ``chat.update``, ``chat.delete``, ``users.info``,
``conversations.open`` and ``auth.test`` like Slack does (including ``invalid_auth`` for a
wrong token and ``invalid_blocks`` for blocks Slack would refuse), and can be told to give
other answers, such as a 429 with ``Retry-After``.

The request builders (``signed_headers``, ``event_callback``, ``block_actions`` …) make the
bodies and headers Slack sends to ``POST /api/slack``; signatures are computed here with
``hmac`` directly, not with the code under test.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

__all__ = [
    "BOT_ID",
    "BOT_USER_ID",
    "SIGNING_SECRET",
    "TEAM_ID",
    "TOKEN",
    "ApiCall",
    "FakeSlackApi",
    "app_mention",
    "block_actions",
    "event_callback",
    "im_message",
    "sign",
    "signed_headers",
]

SIGNING_SECRET = "test-signing-secret-4b1d"
TOKEN = "xoxb-test-token"
BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM_ID = "T0TEAM01"
APP_ID = "A0APP001"


@dataclass(frozen=True)
class ApiCall:
    """One Web API call the fake received."""

    method: str
    params: dict[str, Any]
    content_type: str


@dataclass
class _Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class FakeSlackApi:
    """A recording fake of the Slack Web API (``POST /api/{method}``).

    Args:
        token: the bot token it accepts.
        users: ``users.info`` answers by user id (the ``user`` object).
    """

    token: str = TOKEN
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[ApiCall] = field(default_factory=list)
    _queued: defaultdict[str, list[_Answer]] = field(default_factory=lambda: defaultdict(list))
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle)
        return app

    def calls_to(self, method: str) -> list[ApiCall]:
        """The recorded calls to ``method``, oldest first."""
        return [call for call in self.calls if call.method == method]

    def answer_next(
        self,
        method: str,
        body: dict[str, Any],
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next call to ``method`` with ``body`` (queued: once per call)."""
        self._queued[method].append(_Answer(status, body, headers or {}))

    def rate_limit_next(self, method: str, *, retry_after: int) -> None:
        """Answer the next call to ``method`` with HTTP 429 and ``Retry-After``."""
        self.answer_next(
            method,
            {"ok": False, "error": "ratelimited"},
            status=429,
            headers={"Retry-After": str(retry_after)},
        )

    async def wait_for(self, method: str, count: int = 1, *, within: float = 5.0) -> list[ApiCall]:
        """Wait until ``method`` was called ``count`` times; ``within`` only guards a hang."""
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: len(self.calls_to(method)) >= count)
        return self.calls_to(method)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = dict(await request.post()) or dict(request.query)
        async with self._changed:
            self.calls.append(ApiCall(method, params, request.content_type))
            self._changed.notify_all()
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if self._queued[method]:
            answer = self._queued[method].pop(0)
            return web.json_response(answer.body, status=answer.status, headers=answer.headers)
        return web.json_response(self._default(method, params))

    def _default(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        channel = params.get("channel")
        if method == "chat.postMessage":
            if not channel:
                return {"ok": False, "error": "channel_not_found"}
            if not params.get("text") and not params.get("blocks"):
                return {"ok": False, "error": "no_text"}
            if not _valid_blocks(params.get("blocks")):
                return {"ok": False, "error": "invalid_blocks"}
            ts = f"1700001000.{next(self._ts):06d}"
            return {"ok": True, "channel": channel, "ts": ts, "message": {**params, "ts": ts}}
        if method == "chat.update":
            if not _valid_blocks(params.get("blocks")):
                return {"ok": False, "error": "invalid_blocks"}
            return {"ok": True, "channel": channel, "ts": params.get("ts"), "text": params["text"]}
        if method == "chat.delete":
            return {"ok": True, "channel": channel, "ts": params.get("ts")}
        if method == "users.info":
            user = self.users.get(str(params.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users"))[1:]}}
        if method == "auth.test":
            return {
                "ok": True,
                "user_id": BOT_USER_ID,
                "user": "strategibot",
                "bot_id": BOT_ID,
                "team_id": TEAM_ID,
            }
        return {"ok": False, "error": "unknown_method"}


def _valid_blocks(blocks: object) -> bool:
    """What Slack checks before it accepts ``blocks``: ≤ 50, each a valid block."""
    if blocks is None:
        return True
    if not isinstance(blocks, list) or len(blocks) > 50:
        return False
    try:
        for raw in blocks:
            block = Block.parse(raw)
            if block is None:
                return False
            block.validate_json()
    except SlackObjectFormationError:
        return False
    return True


# ---------------------------------------------------------------------- what Slack sends


def sign(body: bytes, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    """``X-Slack-Signature`` for ``body`` sent at ``timestamp``."""
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: bytes,
    timestamp: float,
    *,
    secret: str = SIGNING_SECRET,
    content_type: str = "application/json",
    retry: int | None = None,
) -> dict[str, str]:
    """The headers Slack sends with ``body``; ``retry`` adds ``X-Slack-Retry-Num``."""
    ts = int(timestamp)
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": sign(body, ts, secret),
    }
    if retry is not None:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers


def event_callback(event: dict[str, Any], *, event_id: str = "Ev0001") -> bytes:
    """An Events API ``event_callback`` body around ``event``."""
    envelope = {
        "token": "legacy-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1700000000,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }
    return json.dumps(envelope).encode()


def app_mention(
    text: str,
    *,
    channel: str = "C0CHAN01",
    user: str = "U0USER01",
    ts: str = "1700000000.000100",
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """An ``app_mention`` event (``text`` as Slack sends it, mention included)."""
    event = {
        "type": "app_mention",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM_ID,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def im_message(
    text: str,
    *,
    channel: str = "D0DM0001",
    user: str = "U0USER01",
    ts: str = "1700000000.000200",
    **extra: Any,
) -> dict[str, Any]:
    """A ``message.im`` event; ``extra`` adds fields such as ``subtype`` or ``bot_id``."""
    return {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM_ID,
        **extra,
    }


def block_actions(
    value: str,
    *,
    channel: str = "C0CHAN01",
    user: str = "U0USER02",
    message_ts: str = "1700001000.000001",
    thread_ts: str | None = "1700000000.000100",
    trigger_id: str = "111.222.abc",
) -> bytes:
    """The form body Slack posts when a user clicks a button whose value is ``value``."""
    message: dict[str, Any] = {"type": "message", "user": BOT_USER_ID, "ts": message_ts}
    if thread_ts is not None:
        message["thread_ts"] = thread_ts
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": "karen", "name": "karen", "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": False,
        },
        "trigger_id": trigger_id,
        "team": {"id": TEAM_ID, "domain": "ltk"},
        "channel": {"id": channel, "name": "strategi"},
        "message": message,
        "response_url": "https://hooks.slack.com/actions/T0/1/abc",
        "actions": [
            {
                "action_id": "ask-0",
                "block_id": "b1",
                "text": {"type": "plain_text", "text": "A question"},
                "value": value,
                "type": "button",
                "action_ts": "1700001001.000002",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()
