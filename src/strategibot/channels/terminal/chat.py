"""``strategibot chat``: the same bot in this terminal, through a small in-process adapter.

The bot's handlers run unchanged; replies are rendered as text, and a reply's buttons are
numbered — type the number to click one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import uuid
from collections.abc import Callable
from typing import Any, TextIO

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
    ResourceResponse,
)

from strategibot.conversation.turn import StrategyBot
from strategibot.core.metrics import Metrics
from strategibot.settings import Settings
from strategibot.store.db import create_engine, sessionmaker, upgrade
from strategibot.web.lifecycle import build_checkins, question_recorder
from strategibot.wiring import Assistant

__all__ = ["TerminalAdapter", "chat"]

CHANNEL = "terminal"
_EXIT = {"exit", "quit", "afslut", "farvel", "bye", ":q"}


class TerminalAdapter(BotAdapter):  # type: ignore[misc]  # botbuilder ships no type hints
    """Delivers the bot's replies to a text stream and turns typed lines into activities."""

    def __init__(self, out: TextIO, *, locale: str) -> None:
        super().__init__()
        self.out = out
        self.locale = locale
        self.actions: list[dict[str, str]] = []
        self.user = ChannelAccount(id="terminal-user", name="You")
        self.bot = ChannelAccount(id="strategibot", name="strategibot")
        self.conversation = ConversationAccount(id=f"terminal-{uuid.uuid4().hex[:8]}")

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        responses = []
        for activity in activities:
            if activity.type == ActivityTypes.message:
                self.out.write("\n" + (activity.text or "") + "\n\n")
                self.out.flush()
                data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
                self.actions = list(data.get("actions") or [])
            responses.append(ResourceResponse(id=uuid.uuid4().hex))
        return responses

    async def update_activity(self, context: TurnContext, activity: Activity) -> None:
        await self.send_activities(context, [activity])

    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        return None

    def activity(self, **fields: Any) -> Activity:
        return Activity(
            channel_id=CHANNEL, service_url="terminal://", id=uuid.uuid4().hex,
            timestamp=dt.datetime.now(dt.UTC), conversation=self.conversation,
            from_property=self.user, recipient=self.bot, locale=self.locale, **fields,
        )

    def message(self, line: str) -> Activity:
        """A typed line as a message; a number picks one of the last reply's buttons."""
        text = line.strip()
        if text.isdigit() and 1 <= int(text) <= len(self.actions):
            text = self.actions[int(text) - 1]["value"]
            self.out.write(f"> {text}\n")
        return self.activity(type=ActivityTypes.message, text=text)

    async def turn(self, activity: Activity, logic: Callable[[TurnContext], Any]) -> None:
        context = TurnContext(self, activity)
        await self.run_pipeline(context, logic)


async def _chat(settings: Settings, lang: str, out: TextIO, read: Callable[[], str]) -> int:
    assistant = Assistant.load(settings)
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    factory = sessionmaker(engine)

    record = question_recorder(factory)
    checkins = build_checkins(settings, assistant, factory)
    if settings.example_organisation:
        await checkins.reporting.ensure_example_organisation()
    bot = StrategyBot(assistant=assistant, metrics=Metrics.create(), record=record,
                      checkins=checkins)
    adapter = TerminalAdapter(out, locale="en-US" if lang == "en" else "da-DK")
    try:
        await adapter.turn(adapter.activity(type=ActivityTypes.conversation_update,
                                            members_added=[adapter.bot]), bot.on_turn)
        while True:
            try:
                line = await asyncio.to_thread(read)
            except EOFError:
                break
            if line.strip().lower() in _EXIT:
                break
            await adapter.turn(adapter.message(line), bot.on_turn)
    finally:
        await engine.dispose()
    return 0


def chat(settings: Settings, *, lang: str = "da", out: TextIO = sys.stdout,
         read: Callable[[], str] | None = None, user: str | None = None) -> int:
    """Talk to the bot on stdin/stdout until EOF or "exit". ``user`` is the e-mail address the
    terminal user checks in as (default: STRATEGIBOT_DEV_USER_EMAIL)."""
    if user:
        settings = settings.with_(dev_user_email=user.strip().lower())
    prompt = "you> " if lang == "en" else "dig> "
    reader = read or (lambda: input(prompt))
    try:
        return asyncio.run(_chat(settings, lang, out, reader))
    except KeyboardInterrupt:
        out.write("\n")
        return 0
