"""No runaway work after a failed turn: the typing indicator (and anything else) stops when the
turn ends, however it ends.

botbuilder's ``ShowTypingMiddleware`` kept sending "typing" forever after a turn that raised
(384 sends over 13 minutes from one failed turn). The service's own indicator is a task owned by
the turn. Each test fails a turn in one of the ways seen in production — a database error, a
connector error, a far side that does not answer, an entity without a ``type``, an undo of a
huge number — with the indicator's period cut to 50 ms, and then watches the fake connector:
nothing may arrive after the turn's HTTP answer. A watch of 1.5 s is 30 periods (a minute of
the real 2 s period). The last test runs the same watch over botbuilder's middleware, to show
that the watch catches a runaway indicator.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from botbuilder.core import ShowTypingMiddleware, TurnContext
from botbuilder.core import show_typing_middleware as typing_module
from sqlalchemy import text

from strategibot.channels.teams.adapter import StrategibotAdapter
from strategibot.services.content import Content
from strategibot.settings import Settings
from strategibot.store.db import create_engine, upgrade
from strategibot.web.keys import teams_bot_key
from tests.support.activities import teams_message
from tests.support.connector import FakeConnector
from tests.support.farside import BlackHole
from tests.support.service import OLE, Service, roster_user, start_service

PERIOD = 0.05
WATCH = 1.5


@pytest.fixture
async def quick(clean_postgres: str, connector: FakeConnector,
                content: Content) -> AsyncIterator[Service]:
    """The service with a 20 ms typing delay and a 50 ms period; the roster answers slowly, so
    every message turn shows typing before it fails."""
    await upgrade(clean_postgres)
    settings = Settings(database_url=clean_postgres, turn_budget_seconds=3.0,
                        connector_timeout_seconds=1.0, today=dt.date(2019, 11, 15))
    running = await start_service(settings, content)
    bot = running.app[teams_bot_key]
    bot.typing_delay, bot.typing_period = 0.02, PERIOD
    connector.delay(0.3, method="GET", path="/members/")
    async with aiohttp.ClientSession() as http:
        running.http, running.connector = http, connector
        yield running
    await running.runner.cleanup()


async def _turn(service: Service, activity: dict[str, Any]) -> float:
    """Post ``activity``; the moment its HTTP answer came (a 503 only when the far side took
    no reply: the user heard nothing, so Teams may deliver the message again)."""
    async with await service.post_activity(activity) as response:
        text = await response.text()
        assert response.status < 500 or (
            response.status == 503 and "could not be delivered" in text), text
    return time.monotonic()


async def _nothing_after(connector: FakeConnector, answered: float) -> None:
    await asyncio.sleep(WATCH)
    late = [(r.method, r.path, (r.body or {}).get("type") if isinstance(r.body, dict) else None)
            for r in connector.requests if r.received_at > answered]
    assert late == [], f"sent after the turn ended: {late}"


def _leader_message(service: Service, text_: str, **changes: Any) -> dict[str, Any]:
    conversation = f"a:personal-{OLE}"
    user = roster_user(service.connector, OLE, conversation)
    activity = teams_message(service.connector.url, text_, conversation=conversation,
                             user=user)
    activity.update(changes)
    return activity


async def test_after_a_database_error(quick: Service) -> None:
    url = quick.settings.database_url
    engine = create_engine(url)
    async with engine.begin() as connection:  # the table every check-in reads is gone
        await connection.execute(text("ALTER TABLE reports RENAME TO reports_away"))
    try:
        answered = await _turn(quick, _leader_message(quick, "sygefravær 12,8"))
        typing = [r for r in quick.connector.activities if r.body.get("type") == "typing"]
        assert typing, "the turn showed typing before it failed"
        await _nothing_after(quick.connector, answered)
    finally:
        async with engine.begin() as connection:
            await connection.execute(text("ALTER TABLE reports_away RENAME TO reports"))
        await engine.dispose()


async def test_after_a_connector_error(quick: Service) -> None:
    quick.connector.fail(500, method="POST", path=r"/activities/\d", times=None)
    answered = await _turn(quick, _leader_message(quick, "hvad er kerneopgaven?"))
    # (typing stops when the reply starts, so a quick failing reply may show none)
    await _nothing_after(quick.connector, answered)


async def test_after_a_far_side_that_never_answers(quick: Service) -> None:
    async with BlackHole() as hole:
        activity = _leader_message(quick, "hvad er kerneopgaven?", serviceUrl=hole.url)
        started = time.monotonic()
        answered = await _turn(quick, activity)
        assert answered - started < quick.settings.turn_budget_seconds + 0.5
        assert hole.connections > 0
        connections = hole.connections
        await _nothing_after(quick.connector, answered)
        assert hole.connections == connections, "nothing more was tried on the black hole"


async def test_after_an_entity_without_a_type(quick: Service) -> None:
    activity = _leader_message(quick, "hvad er kerneopgaven?")
    activity["entities"] = [{}, {"type": "mention"}, {"type": None, "text": "x"}]
    answered = await _turn(quick, activity)
    replies = [r for r in quick.connector.activities if r.body.get("type") == "message"]
    assert replies, "the message was answered: the odd entities were dropped, not fatal"
    await _nothing_after(quick.connector, answered)


async def test_after_an_undo_of_a_huge_number(quick: Service) -> None:
    answered = await _turn(quick, _leader_message(quick, "fortryd 99999999999999999999999"))
    assert [r for r in quick.connector.activities if r.body.get("type") == "message"]
    await _nothing_after(quick.connector, answered)


async def test_no_task_of_a_turn_outlives_the_service(quick: Service) -> None:
    quick.connector.fail(500, method="POST", path=r"/activities/\d", times=None)
    await _turn(quick, _leader_message(quick, "hvad er kerneopgaven?"))
    await quick.runner.cleanup()
    names = {task.get_name() for task in asyncio.all_tasks() if task is not
             asyncio.current_task()}
    assert not {name for name in names if name.startswith(("typing", "slack-turn",
                                                              "leadership"))}, names


async def test_the_watch_catches_botbuilders_runaway_indicator(
    aiohttp_client: Any, connector: FakeConnector, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Evidence that the assertion can fail: botbuilder 4.17.1's ShowTypingMiddleware keeps
    typing after a turn that raised. When this test fails, botbuilder has fixed it."""
    session = aiohttp.ClientSession()
    adapter = StrategibotAdapter(Settings(), session)
    adapter.use(ShowTypingMiddleware(delay=0.02, period=PERIOD))

    class FailingBot:
        async def on_turn(self, context: TurnContext) -> None:
            await asyncio.sleep(0.2)
            raise RuntimeError("the turn broke")

    bot = FailingBot()

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    client = await aiohttp_client(app)
    try:
        async with client.post("/api/messages",
                               json=teams_message(connector.url, "hej")) as response:
            assert response.status == 500
        answered = time.monotonic()
        with pytest.raises(AssertionError, match="sent after the turn ended"):
            await _nothing_after(connector, answered)
    finally:
        monkeypatch.setattr(typing_module.Timer, "clear_timer", True)  # stop the runaway
        await asyncio.sleep(PERIOD * 3)
        await session.close()
