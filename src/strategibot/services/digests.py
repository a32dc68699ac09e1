"""The progress digest of a subscription: built from live progress, sent through the
dispatcher once per period, made up once after downtime, finished after a crash."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.clock import Clock
from strategibot.core.i18n import I18n
from strategibot.domain.knowledge.load import KnowledgeBase
from strategibot.domain.messages import Reply
from strategibot.domain.progress.digest import build_digest
from strategibot.domain.progress.status import Phase, phase
from strategibot.domain.schedule import Schedule, missed_run
from strategibot.services.checkins import Checkins
from strategibot.services.dispatch import Dispatcher, RunResult
from strategibot.store.conversations import (
    active_subscriptions,
    last_digest_period,
    open_claims,
    previous_figures,
)
from strategibot.store.db import session_scope
from strategibot.store.tables import Conversation, Subscription

__all__ = ["Digests"]


class Digests:
    """Digests of subscribed conversations."""

    def __init__(self, *, factory: async_sessionmaker[AsyncSession], kb: KnowledgeBase,
                 i18n: I18n, checkins: Checkins, dispatcher: Dispatcher, clock: Clock,
                 page_link: Callable[..., str | None] | None = None) -> None:
        self.factory = factory
        self.kb = kb
        self.i18n = i18n
        self.checkins = checkins
        self.dispatcher = dispatcher
        self.clock = clock
        self.page_link = page_link or (lambda **_: None)
        """where the digest's "open the progress page" button leads (by ``lang=``)"""

    def period_label(self, period: str, lang: str) -> str:
        """"2026-W48" → "uge 48, 2026"; "2026-11" → "november 2026"; a manual send ("now-…")
        its moment in local time."""
        if period == self.final_period:
            return self.i18n.date(self.kb.strategy.period.end, lang)
        if period.startswith("now-"):
            try:
                moment = dt.datetime.strptime(period[4:], "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
            except ValueError:
                return period
            return self.i18n.date_time(self.clock.to_local(moment), lang)
        year, _, rest = period.partition("-")
        if not (year.isdigit() and len(year) == 4):
            return period
        if rest.startswith("W") and rest[1:].isdigit():
            return self.i18n.week(int(year), int(rest[1:]), lang)
        if rest.isdigit() and 1 <= int(rest) <= 12:
            return self.i18n.month_year(int(year), int(rest), lang)
        return period

    @property
    def final_period(self) -> str:
        """The ledger key of a subscription's one final digest."""
        return f"final-{self.kb.strategy.id}"

    async def reply(self, lang: str, period: str,
                    previous: dict[str, Any] | None = None) -> tuple[Reply, dict[str, Any]]:
        """The digest for ``period`` and the figures it shows."""
        today = self.clock.today()
        progress, directory = await self.checkins.progress(today)
        digest = build_digest(self.kb, progress, directory, self.i18n, lang=lang, today=today,
                              period=self.period_label(period, lang), previous=previous,
                              final=period == self.final_period,
                              page_url=self.page_link(lang=lang))
        return digest.reply, digest.figures

    async def run(self, subscription_id: int, period: str, *,
                  take_over: bool = False) -> RunResult:
        """Claim, build, send and confirm one subscription's digest for ``period``.

        Once the strategy's period has ended no more digests go out, except one final digest
        per subscription when reporting has closed (``period`` then becomes its key, so it is
        sent once whatever the schedule).
        """
        now = phase(self.kb.strategy.period, self.clock.today())
        if now is Phase.CLOSING:
            return RunResult("digest", 0, period, "skipped")
        if now is Phase.ENDED:
            period = self.final_period
        async with session_scope(self.factory) as session:
            subscription = await session.get(Subscription, subscription_id)
            if subscription is None or not subscription.active:
                return RunResult("digest", 0, period, "skipped")
            conversation = await session.get(Conversation, subscription.conversation_id)
            assert conversation is not None
            lang = subscription.lang
            previous = await previous_figures(session, subscription_id, period)
        reply, figures = await self.reply(lang, period, previous)
        return await self.dispatcher.deliver("digest", conversation, period, [reply],
                                             subscription_id=subscription_id, figures=figures,
                                             take_over=take_over)

    async def catch_up(self, now: dt.datetime | None = None, *,
                       grace: dt.timedelta) -> list[RunResult]:
        """At start: a digest missed while the bot was down (as of ``now``, default the
        clock's) is sent once if within ``grace``."""
        now = now or self.clock.now()
        async with session_scope(self.factory) as session:
            subscriptions = await active_subscriptions(session)
            last = {s.id: await last_digest_period(session, s.id) for s in subscriptions}
        results = []
        for subscription in subscriptions:
            run = missed_run(Schedule.from_json(subscription.schedule), last[subscription.id],
                             now, grace, self.clock.tz)
            since = subscription.since
            if run is not None and since is not None and run.at < (
                    since if since.tzinfo else since.replace(tzinfo=dt.UTC)):
                continue  # due before the conversation subscribed: not missed
            if run is not None:
                results.append(await self.run(subscription.id, run.period))
        return results

    async def recover(self) -> list[RunResult]:
        """Finish what was claimed but never confirmed (the process died mid-run)."""
        async with session_scope(self.factory) as session:
            claims = [(c.kind, c.subscription_id, c.period) for c in await open_claims(session)]
        results = []
        for kind, subscription_id, period in claims:
            if kind == "digest" and subscription_id is not None:
                results.append(await self.run(subscription_id, period, take_over=True))
        return results
