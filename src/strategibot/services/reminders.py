"""Reminders: one 1:1 nudge a week to leaders whose units have not checked in, and a note to
subscribed conversations some days before each of the strategy's deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.clock import Clock
from strategibot.core.i18n import I18n
from strategibot.domain.knowledge.load import KnowledgeBase
from strategibot.domain.messages import Action, Reply
from strategibot.domain.progress.status import Phase, phase
from strategibot.services.checkins import Checkins
from strategibot.services.digests import Digests
from strategibot.services.dispatch import Dispatcher, RunResult
from strategibot.store.conversations import active_subscriptions, reminders_stopped
from strategibot.store.db import session_scope
from strategibot.store.tables import Conversation, Report

__all__ = ["Reminders"]


class Reminders:
    """Leader reminders and deadline reminders."""

    def __init__(self, *, factory: async_sessionmaker[AsyncSession], kb: KnowledgeBase,
                 i18n: I18n, checkins: Checkins, dispatcher: Dispatcher, digests: Digests,
                 clock: Clock, deadline_days: int = 7) -> None:
        self.factory = factory
        self.kb = kb
        self.i18n = i18n
        self.checkins = checkins
        self.dispatcher = dispatcher
        self.digests = digests
        self.clock = clock
        self.deadline_days = deadline_days

    def reply(self, units: Sequence[str], period: str, lang: str) -> Reply:
        """The 1:1 nudge to a leader whose units have not checked in this period."""
        i18n = self.i18n
        return Reply(
            lang=lang,
            text=i18n.text("progress.digest.reminder", lang, units=i18n.join(units, lang),
                           period=self.digests.period_label(period, lang)),
            actions=(Action(i18n.text("progress.checkin_now", lang),
                            i18n.command("checkin", lang), "command"),
                     Action(i18n.text("progress.digest.reminder_stop", lang),
                            i18n.command("stop_reminders", lang), "command")))

    async def run_leaders(self, period: str, since: dt.datetime) -> list[RunResult]:
        """One 1:1 reminder per leader whose units have not reported since ``since`` — while
        check-ins for the strategy's period are taken (until reporting closes)."""
        if phase(self.kb.strategy.period, self.clock.today()) not in (Phase.RUNNING,
                                                                      Phase.CLOSING):
            return []
        directory = await self.checkins.directory()
        async with session_scope(self.factory) as session:
            reported = set((await session.scalars(select(Report.unit_id).where(
                Report.reported_at >= since, Report.unit_id.is_not(None)))).all())
            chats = {c.user_email: c for c in (await session.scalars(select(Conversation).where(
                Conversation.kind == "personal", Conversation.user_email.is_not(None)))).all()}
        waiting: dict[str, list[str]] = {}
        for unit in directory.units:
            if unit.leader_email and unit.id not in reported:
                waiting.setdefault(unit.leader_email, []).append(unit.name)
        results = []
        for email, units in sorted(waiting.items()):
            chat = chats.get(email)
            if chat is None:
                continue  # no personal chat with this leader yet (see README)
            async with session_scope(self.factory) as session:
                if await reminders_stopped(session, email):
                    continue
            reply = self.reply(units, period, chat.lang or "da")
            results.append(await self.dispatcher.deliver("reminder", chat, period, [reply]))
        return results

    async def run_deadlines(self, today: dt.date) -> list[RunResult]:
        """To subscribed conversations, ``deadline_days`` before each deadline (only while
        the strategy's period runs)."""
        if phase(self.kb.strategy.period, today) is not Phase.RUNNING:
            return []
        due = [d for d in self.kb.deadlines if (d.date - today).days == self.deadline_days]
        if not due:
            return []
        async with session_scope(self.factory) as session:
            pairs = [(s, await session.get(Conversation, s.conversation_id))
                     for s in await active_subscriptions(session)]
        results = []
        for deadline in due:
            for subscription, conversation in pairs:
                if conversation is None:
                    continue
                lang = subscription.lang
                reply = Reply(lang=lang, text=self.i18n.text(
                    "progress.digest.deadline_reminder", lang, days=self.deadline_days,
                    date=self.i18n.date(deadline.date, lang), title=deadline.title.get(lang)))
                results.append(await self.dispatcher.deliver("deadline", conversation,
                                                             deadline.id, [reply]))
        return results
