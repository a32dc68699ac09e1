"""Posting on the bot's own: digests to subscribed conversations, reminders to leaders who
have not checked in, deadline reminders — each claimed in the delivery ledger before it is
sent, so it goes out once and is finished after a crash.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from botbuilder.schema import Activity, ConversationReference
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.conversation.commands import ProgressTexts
from strategibot.delivery.sender import Outcome, Sender
from strategibot.domain.messages import Action, Reply
from strategibot.domain.messages import Outcome as ReplyOutcome
from strategibot.domain.progress.digest import build_digest
from strategibot.domain.schedule import Schedule, missed_run
from strategibot.errors import StorageError
from strategibot.render import render
from strategibot.services.checkins import Reporting
from strategibot.store.conversations import (
    active_subscriptions,
    claim_delivery,
    finish_delivery,
    open_claims,
    previous_figures,
    remember_conversation,
    reminders_stopped,
)
from strategibot.store.db import session_scope
from strategibot.store.tables import Conversation, Delivery, ReminderStop, Report, Subscription
from strategibot.wiring import Assistant

__all__ = ["Proactive", "RunResult", "reminder_reply", "schedule_from_json", "schedule_to_json"]

log = logging.getLogger(__name__)


def schedule_to_json(schedule: Schedule) -> str:
    return json.dumps(dataclasses.asdict(schedule))


def schedule_from_json(text: str) -> Schedule:
    return Schedule(**json.loads(text))


@dataclass(frozen=True, slots=True)
class RunResult:
    kind: str
    conversation_id: int
    period: str
    status: str  # sent, paused, failed, skipped


def _period_label(period: str, lang: str) -> str:
    """ "2026-W48" → "uge 48, 2026" / "week 48, 2026"; "2026-11" → "november 2026"."""
    if period.startswith("now-"):  # a manual send: its moment, in Copenhagen time
        from zoneinfo import ZoneInfo

        moment = dt.datetime.strptime(period[4:], "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
        local = moment.astimezone(ZoneInfo("Europe/Copenhagen"))
        return local.strftime("%d.%m.%Y %H:%M") if lang == "da" else local.strftime(
            "%Y-%m-%d %H:%M")
    year, _, rest = period.partition("-")
    if not (year.isdigit() and len(year) == 4):
        return period
    if rest.startswith("W") and rest[1:].isdigit():
        return f"{'week' if lang == 'en' else 'uge'} {int(rest[1:])}, {year}"
    if rest.isdigit():
        month = dt.date(int(year), int(rest), 1)
        names_da = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                     "september", "oktober", "november", "december"]
        return (month.strftime("%B %Y") if lang == "en"
                else f"{names_da[month.month - 1]} {year}")
    return period


@dataclass
class Proactive:
    """Everything the bot posts without being asked."""

    factory: async_sessionmaker[AsyncSession]
    assistant: Assistant
    reporting: Reporting
    sender: Sender
    admins: frozenset[str] = frozenset()
    replica: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    deadline_days: int = 7

    # ------------------------------------------------------------------ conversations
    async def remember(self, activity: Activity, *, installed_by: str | None = None,
                       user_email: str | None = None) -> int:
        """Store the conversation reference of ``activity``'s conversation; its row id."""
        reference = _reference_of(activity)
        conversation = activity.conversation
        kind = (getattr(conversation, "conversation_type", None) or "personal")
        async with session_scope(self.factory) as session:
            row = await remember_conversation(
                session, channel=activity.channel_id or "unknown",
                conversation_id=conversation.id, kind=kind,
                tenant_id=getattr(conversation, "tenant_id", None), reference=reference,
                user_email=user_email if kind == "personal" else None,
                installed_by=installed_by, at=self.clock())
            return row.id

    async def may_manage(self, conversation_id: int, email: str | None) -> bool:
        """Admins, and whoever installed the bot in this team or chat, manage subscriptions;
        in a personal chat its own user does."""
        if email and email in self.admins:
            return True
        async with session_scope(self.factory) as session:
            row = await session.get(Conversation, conversation_id)
        if row is None or not email:
            return False
        return row.installed_by == email or (row.kind == "personal" and row.user_email == email)

    async def subscribe(self, conversation_id: int, schedule: Schedule, lang: str,
                        by: str) -> Subscription:
        """One digest subscription per conversation: a new schedule replaces the old one."""
        async with session_scope(self.factory) as session:
            rows = (await session.scalars(select(Subscription).where(
                Subscription.conversation_id == conversation_id))).all()
            current = next((r for r in rows if r.active), rows[0] if rows else None)
            if current is None:
                current = Subscription(conversation_id=conversation_id, created_by=by,
                                       schedule="", lang=lang)
                session.add(current)
            current.schedule, current.lang, current.active = schedule_to_json(schedule), lang, True
            current.paused_reason = None
            await session.flush()
            return current

    async def unsubscribe(self, conversation_id: int) -> int:
        async with session_scope(self.factory) as session:
            rows = (await session.scalars(select(Subscription).where(
                Subscription.conversation_id == conversation_id,
                Subscription.active.is_(True)))).all()
            for row in rows:
                row.active = False
            return len(rows)

    async def subscriptions(self, conversation_id: int | None = None) -> list[Subscription]:
        async with session_scope(self.factory) as session:
            query = select(Subscription).order_by(Subscription.id)
            if conversation_id is not None:
                query = query.where(Subscription.conversation_id == conversation_id)
            return list((await session.scalars(query)).all())

    async def set_reminders(self, email: str, *, stop: bool) -> None:
        async with session_scope(self.factory) as session:
            row = await session.get(ReminderStop, email)
            if stop and row is None:
                session.add(ReminderStop(email=email))
            elif not stop and row is not None:
                await session.delete(row)

    # ------------------------------------------------------------------ the digest
    async def digest_reply(self, lang: str, period: str,
                           previous: dict[str, Any] | None = None) -> tuple[Reply, dict[str, Any]]:
        progress, directory = await self.reporting.progress(self.clock().date())
        digest = build_digest(self.assistant.kb, progress, directory,
                              self.assistant.progress_texts, lang=lang,
                              today=self.clock().astimezone().date(),
                              period=_period_label(period, lang), previous=previous)
        return digest.reply, digest.figures

    async def run_digest(self, subscription_id: int, period: str, *,
                         take_over: bool = False) -> RunResult:
        """Claim, build, send and confirm one subscription's digest for ``period``."""
        async with session_scope(self.factory) as session:
            subscription = await session.get(Subscription, subscription_id)
            if subscription is None or not subscription.active:
                return RunResult("digest", 0, period, "skipped")
            conversation = await session.get(Conversation, subscription.conversation_id)
            assert conversation is not None
            lang = subscription.lang
            previous = await previous_figures(session, subscription_id, period)
        reply, figures = await self.digest_reply(lang, period, previous)
        return await self._deliver("digest", conversation, period, [reply],
                                   subscription_id=subscription_id, figures=figures,
                                   take_over=take_over)

    async def _deliver(self, kind: str, conversation: Conversation, period: str,
                       replies: Sequence[Reply], *, subscription_id: int | None = None,
                       figures: dict[str, Any] | None = None,
                       take_over: bool = False) -> RunResult:
        stale = dt.timedelta(0) if take_over else dt.timedelta(minutes=10)
        try:
            async with session_scope(self.factory) as session:
                claim = await claim_delivery(
                    session, kind=kind, conversation_id=conversation.id, period=period,
                    subscription_id=subscription_id, replica=self.replica, at=self.clock(),
                    stale_after=stale)
                claim_id = claim.id if claim is not None else None
        except StorageError:  # another replica claimed it at the same instant
            claim_id = None
        if claim_id is None:
            return RunResult(kind, conversation.id, period, "skipped")
        reference = ConversationReference().deserialize(json.loads(conversation.reference))
        activities = [render(reply, conversation.channel) for reply in replies]
        outcome: Outcome = await self.sender.send(reference, activities)
        async with session_scope(self.factory) as session:
            await finish_delivery(session, claim_id, status=outcome.status,
                                  attempts=outcome.attempts, http_status=outcome.http_status,
                                  error=outcome.error, figures=figures, at=self.clock())
            if outcome.status == "paused" and subscription_id is not None:
                subscription = await session.get(Subscription, subscription_id)
                if subscription is not None:
                    subscription.active = False
                    subscription.paused_reason = f"{outcome.http_status}: {outcome.error}"[:300]
        log.info("delivery finished", extra={"kind": kind, "period": period,
                                             "status": outcome.status,
                                             "attempts": outcome.attempts})
        if outcome.status == "paused":
            await self._tell_admins(conversation, outcome)
        return RunResult(kind, conversation.id, period, outcome.status)

    async def _tell_admins(self, conversation: Conversation, outcome: Outcome) -> None:
        """A paused subscription is reported to every admin with a personal chat."""
        async with session_scope(self.factory) as session:
            chats = (await session.scalars(select(Conversation).where(
                Conversation.kind == "personal",
                Conversation.user_email.in_(sorted(self.admins))))).all()
        texts = self.assistant.progress_texts
        where = f"{conversation.channel}:{conversation.conversation_id}"
        for chat in chats:
            lang = "da"
            reply = Reply(lang=lang, outcome=ReplyOutcome.ANSWER, text=texts.get(
                "digest", "paused_admin", lang=lang, where=where,
                status=outcome.http_status or outcome.error or "?"))
            period = f"paused-{conversation.id}-{self.clock():%Y%m%d%H%M}"
            await self._deliver("notice", chat, period, [reply])

    async def catch_up(self, now: dt.datetime, grace: dt.timedelta) -> list[RunResult]:
        """At start: a digest missed while the bot was down is sent once if within ``grace``."""
        results = []
        async with session_scope(self.factory) as session:
            subscriptions = await active_subscriptions(session)
            last = {s.id: await session.scalar(  # the latest delivery, by time, not by name
                select(Delivery.period).where(Delivery.subscription_id == s.id,
                                              Delivery.kind == "digest",
                                              ~Delivery.period.startswith("now-"))
                .order_by(Delivery.id.desc()).limit(1))
                for s in subscriptions}
        for subscription in subscriptions:
            run = missed_run(schedule_from_json(subscription.schedule), last[subscription.id],
                             now, grace)
            if run is not None:
                results.append(await self.run_digest(subscription.id, run.period))
        return results

    async def recover(self) -> list[RunResult]:
        """Finish what was claimed but never confirmed (the process died mid-run)."""
        async with session_scope(self.factory) as session:
            claims = [(c.kind, c.subscription_id, c.period) for c in await open_claims(session)]
        results = []
        for kind, subscription_id, period in claims:
            if kind == "digest" and subscription_id is not None:
                results.append(await self.run_digest(subscription_id, period, take_over=True))
        return results

    # ------------------------------------------------------------------ reminders
    async def run_reminders(self, period: str, since: dt.datetime) -> list[RunResult]:
        """One 1:1 reminder per leader whose units have not reported since ``since``."""
        directory = await self.reporting.directory()
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
        texts = self.assistant.progress_texts
        for email, units in sorted(waiting.items()):
            chat = chats.get(email)
            if chat is None:
                continue  # no personal chat with this leader yet (see README)
            async with session_scope(self.factory) as session:
                if await reminders_stopped(session, email):
                    continue
            reply = reminder_reply(texts, units, period, "da")
            results.append(await self._deliver("reminder", chat, period, [reply]))
        return results

    async def run_deadline_reminders(self, today: dt.date) -> list[RunResult]:
        """To subscribed conversations, ``deadline_days`` before each deadline."""
        due = [d for d in self.assistant.kb.deadlines
               if (d.date - today).days == self.deadline_days]
        if not due:
            return []
        async with session_scope(self.factory) as session:
            pairs = [(s, await session.get(Conversation, s.conversation_id))
                     for s in await active_subscriptions(session)]
        texts = self.assistant.progress_texts
        results = []
        for deadline in due:
            for subscription, conversation in pairs:
                if conversation is None:
                    continue
                lang = subscription.lang
                reply = Reply(lang=lang, outcome=ReplyOutcome.ANSWER, text=texts.get(
                    "digest", "deadline_reminder", lang=lang, days=self.deadline_days,
                    date=deadline.date.isoformat(), title=deadline.title.get(lang)))
                results.append(await self._deliver("deadline", conversation, deadline.id,
                                                   [reply]))
        return results


def reminder_reply(texts: ProgressTexts, units: Sequence[str], period: str, lang: str) -> Reply:
    """The 1:1 nudge to a leader whose units have not checked in this period."""
    checkin = "check in" if lang == "en" else "indrapporter"
    stop = "stop reminding me" if lang == "en" else "stop påmindelser"
    return Reply(
        lang=lang, outcome=ReplyOutcome.ANSWER,
        text=texts.get("digest", "reminder", lang=lang, units=", ".join(units),
                       period=_period_label(period, lang)),
        actions=(Action(texts.get("checkin_now", lang=lang), checkin, "command"),
                 Action(texts.get("digest", "reminder_stop", lang=lang), stop, "command")))


def _reference_of(activity: Activity) -> dict[str, Any]:
    reference = ConversationReference(
        activity_id=None, user=activity.from_property, bot=activity.recipient,
        conversation=activity.conversation, channel_id=activity.channel_id,
        locale=activity.locale, service_url=activity.service_url)
    data: dict[str, Any] = reference.serialize()
    conversation = data.get("conversation") or {}
    if ";messageid=" in str(conversation.get("id", "")):  # post to the channel, not the thread
        conversation["id"] = str(conversation["id"]).split(";messageid=")[0]
    return data
