"""A running strategibot on a real port (SQLite or PostgreSQL) with a fake Bot Connector beside
it, and the helpers the tests talk to it with: say something as a leader in their personal
chat, read a reply's text, count stored reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import func, select

from strategibot.core.resources import data_dir
from strategibot.services.content import Content
from strategibot.services.example import load_example_checkins
from strategibot.settings import Settings
from strategibot.store.tables import Report
from strategibot.web.app import create_app
from strategibot.web.keys import app_key, sessionmaker_key
from strategibot.wiring import App
from tests.support.activities import card_of, card_texts, teams_message
from tests.support.connector import FakeConnector

__all__ = [
    "KAREN",
    "OLE",
    "SANNE",
    "SUSANNE",
    "Service",
    "reply_text",
    "reports",
    "roster_user",
    "say",
    "say_text",
    "start_service",
]

OLE = "ole.thomsen@ltk.example"  # leads CPKS-01 (14 FTE) and CPKS-02 (18 FTE)
SUSANNE = "susanne.moeller@ltk.example"  # leads COP-01 (22 FTE)
KAREN = "karen.mortensen@ltk.example"  # leads COP-02 (18 FTE)
SANNE = "sanne.joergensen@ltk.example"  # leads CSB-01 (55.5 FTE)


@dataclass
class Service:
    url: str
    app: web.Application
    http: aiohttp.ClientSession
    connector: FakeConnector
    settings: Settings
    runner: web.AppRunner
    content: Content
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def bot(self) -> App:
        """The running application graph."""
        return self.app[app_key]

    async def post_activity(self, activity: dict[str, Any],
                            **kwargs: Any) -> aiohttp.ClientResponse:
        return await self.http.post(f"{self.url}/api/messages", json=activity, **kwargs)

    async def settle(self) -> None:
        """Wait for what turns hand to the background (the conversation's memory, the
        question log) to be written."""
        bot = self.app.get(app_key)
        if bot is not None and bot.writer is not None:
            await bot.writer.flush()

    async def restart(self) -> None:
        """Stop the service and start a new one on the same database (a process restart)."""
        await self.runner.cleanup()
        fresh = await start_service(self.settings, self.content)
        self.url, self.app, self.runner = fresh.url, fresh.app, fresh.runner


async def start_service(settings: Settings, content: Content) -> Service:
    app = create_app(settings, content=content)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return Service(f"http://127.0.0.1:{port}", app, None, None, settings, runner,  # type: ignore[arg-type]
                   content)


def roster_user(connector: FakeConnector, email: str, conversation: str) -> dict[str, str]:
    """A Teams user whose roster entry (TeamsInfo.get_member) carries ``email``."""
    user = {"id": f"29:{email}", "name": email.split("@")[0]}
    connector.members.setdefault(conversation, []).append(
        {**user, "email": email, "userPrincipalName": email})
    return user


async def say(service: Service, email: str, text: str, *, value: Any = None,
              activity_id: str | None = None, channel: str = "msteams",
              locale: str = "da-DK", typing: bool = False) -> list[dict[str, Any]]:
    """Send a message as ``email`` in their personal chat; return the replies it caused
    (with ``typing``: the typing indicators too, which a slow turn shows)."""
    conversation = f"a:personal-{email}"
    user = roster_user(service.connector, email, conversation)
    before = len(service.connector.activities)
    activity = teams_message(service.connector.url, text, conversation=conversation,
                             user=user, value=value, activity_id=activity_id, locale=locale)
    activity["channelId"] = channel
    async with await service.post_activity(activity) as response:
        assert response.status < 300, await response.text()
    await service.settle()
    replies = [r.body for r in service.connector.activities[before:]]
    return replies if typing else [r for r in replies if r.get("type") != "typing"]


async def say_text(service: Service, email: str, text: str, **kwargs: Any) -> str:
    """What the bot answered ``text`` from ``email``, every reply's text joined."""
    return "\n".join(reply_text(r) for r in await say(service, email, text, **kwargs))


def reply_text(reply: dict[str, Any]) -> str:
    """What a reply says: a card's texts and input labels, or the plain text."""
    if reply.get("attachments"):
        card = card_of(reply)
        texts = card_texts(card)
        inputs = [e.get("label", "") for e in card["body"] if e["type"].startswith("Input.")]
        return "\n".join(texts + inputs)
    return str(reply.get("text") or "")


async def reports(service: Service) -> int:
    """How many report rows are stored."""
    async with service.app[sessionmaker_key]() as session:
        return int(await session.scalar(select(func.count()).select_from(Report)) or 0)


async def example_checkins(bot: App) -> None:
    """The example organisation's 2019 check-ins (``knowledge/checkins.example.yaml``) into the
    bot's database, as ``STRATEGIBOT_EXAMPLE_CHECKINS`` loads them."""
    await load_example_checkins(bot.factory, Path(str(data_dir("knowledge")))
                                / "checkins.example.yaml", bot.checkins, bot.clock)
