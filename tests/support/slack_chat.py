"""A Slack direct-message conversation with the running service, through signed
``POST /api/slack`` requests and the fake Slack Web API (tests/support/slack_api.py): the
step-by-step check-in's channel."""

from __future__ import annotations

import itertools
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from aiohttp import web

from tests.support.service import Service
from tests.support.slack_api import (
    SIGNING_SECRET,
    TOKEN,
    FakeSlackApi,
    event_callback,
    im_message,
    signed_headers,
)

__all__ = ["SlackSay", "slack_dm", "with_slack"]

SlackSay = Callable[[str], Awaitable[str]]


@asynccontextmanager
async def with_slack(service: Service,
                     users: dict[str, str]) -> AsyncIterator[FakeSlackApi]:
    """Restart ``service`` with Slack on and pointed at a fake Web API on loopback that knows
    ``users`` (Slack user id → e-mail); yield the fake."""
    slack = FakeSlackApi(users={user: {"id": user, "profile": {
        "email": email, "display_name": email.split("@")[0]}} for user, email in users.items()})
    runner = web.AppRunner(slack.app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    service.settings = service.settings.with_(
        slack_signing_secret=SIGNING_SECRET, slack_bot_token=TOKEN,
        slack_api_url=f"http://127.0.0.1:{port}/api/")
    await service.restart()
    try:
        yield slack
    finally:
        await runner.cleanup()


@asynccontextmanager
async def slack_dm(service: Service, email: str,
                   user: str = "U0LEADER") -> AsyncIterator[tuple[SlackSay, FakeSlackApi]]:
    """Restart ``service`` with Slack pointed at a fake Web API; yield ``say(text)`` that sends
    a direct message as ``email`` and returns the bot's posts to it, joined."""
    async with with_slack(service, {user: email}) as slack:
        yield _dm(service, slack, user), slack


def _dm(service: Service, slack: FakeSlackApi, user: str) -> SlackSay:
    events = itertools.count(1)

    async def say(text: str) -> str:
        before = len(slack.calls_to("chat.postMessage"))
        number = next(events)
        body = event_callback(im_message(text, user=user, ts=f"1700000200.{number:06d}"),
                              event_id=f"Ev{user}{number:04d}")
        async with service.http.post(f"{service.url}/api/slack", data=body,
                                     headers=signed_headers(body, time.time())) as response:
            assert response.status == 200
        await slack.wait_for("chat.postMessage", before + 1)
        if service.bot.slack is not None:  # a turn may post more than one message
            await service.bot.slack.drain()
        return "\n".join(str(c.params.get("text")) for c in slack.calls_to(
            "chat.postMessage")[before:])

    return say
