"""Slack: only the bot's own workspace (or SLACK_ALLOWED_TEAMS) is served, and a delivered event
is answered once even after a restart (de-duplication in the database, expiring)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import time
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from strategibot.channels.slack.adapter import SlackAdapter
from strategibot.domain.messages import Reply
from strategibot.settings import Settings
from strategibot.store.db import create_engine, sessionmaker, upgrade
from strategibot.store.seen_events import SeenEvents
from tests.support.service import SUSANNE, Service, reports
from tests.support.slack_api import (
    SIGNING_SECRET,
    TEAM_ID,
    TOKEN,
    FakeSlackApi,
    block_actions,
    event_callback,
    im_message,
    signed_headers,
)


class EchoBot:
    def __init__(self) -> None:
        self.seen: list[Any] = []

    async def handle(self, turn: Any) -> None:
        self.seen.append(turn.incoming)
        await turn.send(Reply(lang="da", text=f"echo: {turn.incoming.text}"))


@pytest.fixture
async def slack_api(aiohttp_server: Any) -> tuple[FakeSlackApi, str]:
    fake = FakeSlackApi()
    server = await aiohttp_server(fake.app)
    return fake, str(server.make_url("/api/"))


async def _serve(aiohttp_client: Any, settings: Settings, bot: EchoBot,
                 session: aiohttp.ClientSession) -> tuple[Any, SlackAdapter]:
    adapter = SlackAdapter(settings, session)

    async def handle(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/slack", handle)
    app.on_shutdown.append(lambda _: adapter.close())
    return await aiohttp_client(app), adapter


def _other_team(body: bytes) -> bytes:
    data = json.loads(body)
    data["team_id"] = "T0OTHER1"
    for authorization in data.get("authorizations", []):
        authorization["team_id"] = "T0OTHER1"
    return json.dumps(data).encode()


@pytest.mark.parametrize("allowed", [(), (TEAM_ID,)], ids=["own workspace", "allow-list"])
async def test_another_workspace_is_not_served(
    aiohttp_client: Any, slack_api: tuple[FakeSlackApi, str], allowed: tuple[str, ...],
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, url = slack_api
    settings = Settings(slack_signing_secret=SIGNING_SECRET, slack_bot_token=TOKEN,
                        slack_api_url=url, slack_allowed_teams=allowed)
    bot = EchoBot()
    async with aiohttp.ClientSession() as session:
        client, adapter = await _serve(aiohttp_client, settings, bot, session)
        ours = event_callback(im_message("hej"), event_id="Ev0OURS")
        theirs = _other_team(event_callback(im_message("hej"), event_id="Ev0THEIRS"))
        click = block_actions("fremdrift").replace(TEAM_ID.encode(), b"T0OTHER1")
        for body, kind in ((ours, "application/json"), (theirs, "application/json"),
                           (click, "application/x-www-form-urlencoded")):
            async with client.post("/api/slack", data=body, headers=signed_headers(
                    body, time.time(), content_type=kind)) as response:
                assert response.status == 200  # Slack gets its ack either way
        await adapter.drain()
    assert [i.id for i in bot.seen] == ["Ev0OURS"]
    assert len(fake.calls_to("chat.postMessage")) == 1
    refused = [r for r in caplog.records if "not served" in r.getMessage()]
    assert len(refused) == 2
    assert all(r.levelno == logging.WARNING for r in refused)
    # without an allow-list the token's own workspace is asked once; with one, never
    assert len(fake.calls_to("auth.test")) == (0 if allowed else 1)


async def test_seen_events_expire_and_survive_a_new_instance(database_url: str) -> None:
    await upgrade(database_url)
    engine = create_engine(database_url)
    now = [dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)]
    try:
        first = SeenEvents(sessionmaker(engine), now=lambda: now[0])
        key = f"slack:Ev{time.time_ns()}"
        assert await first.seen(key) is False
        assert await first.seen(key) is True
        restarted = SeenEvents(sessionmaker(engine), now=lambda: now[0])
        assert await restarted.seen(key) is True  # in the database, not in memory
        results = await asyncio.gather(*(restarted.seen(key + "x") for _ in range(8)))
        assert sorted(results) == [False] + [True] * 7  # exactly one answers it
        now[0] += dt.timedelta(hours=1, seconds=1)
        assert await restarted.seen(key) is False  # forgotten after an hour
        assert await restarted.expire() >= 1  # the other key is cleaned up
    finally:
        await engine.dispose()


async def test_a_replayed_event_after_a_restart_is_answered_once(service: Service) -> None:
    slack = FakeSlackApi(users={"U0SUSANNE": {"id": "U0SUSANNE", "profile": {
        "email": SUSANNE, "display_name": "Susanne"}}})
    runner = web.AppRunner(slack.app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    service.settings = service.settings.with_(
        slack_signing_secret=SIGNING_SECRET, slack_bot_token=TOKEN,
        slack_api_url=f"http://127.0.0.1:{port}/api/")
    await service.restart()
    body = event_callback(im_message("sygefravær 12,8", user="U0SUSANNE",
                                     ts="1700000200.000001"), event_id="Ev0REPLAY")
    headers = signed_headers(body, time.time())  # the same signed request, sent again
    try:
        async with service.http.post(f"{service.url}/api/slack", data=body,
                                     headers=headers) as response:
            assert response.status == 200
        await slack.wait_for("chat.postMessage", 1)
        await asyncio.sleep(0.2)
        assert await reports(service) == 1
        await service.restart()  # the in-memory cache is gone
        async with service.http.post(f"{service.url}/api/slack", data=body,
                                     headers={**headers, "X-Slack-Retry-Num": "1"}) as response:
            assert response.status == 200
        await asyncio.sleep(0.5)
        assert len(slack.calls_to("chat.postMessage")) == 1, "answered once"
        assert await reports(service) == 1, "saved once"
    finally:
        await runner.cleanup()
