"""The subscription commands in chat: "abonnér [schedule]", "afmeld", "abonnementer"; and
"stop påmindelser" / "start påmindelser" for a leader's own reminders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from strategibot.conversation.ports import Turn
from strategibot.core.i18n import I18n
from strategibot.domain.messages import Outcome, Reply
from strategibot.domain.schedule import (
    REMINDER_SCHEDULE,
    Schedule,
    ScheduleInvalid,
    ScheduleWords,
    amend_schedule,
    parse_schedule,
)
from strategibot.services.conversations import Conversations
from strategibot.services.subscriptions import Subscriptions

__all__ = ["SUBSCRIPTION_COMMANDS", "SubscriptionCommands"]

SUBSCRIPTION_COMMANDS = frozenset({"subscribe", "unsubscribe", "subscriptions"})

EmailOf = Callable[[Turn], Awaitable[str | None]]


class SubscriptionCommands:
    """Runs the subscription and reminder commands of a turn."""

    def __init__(self, *, conversations: Conversations, subscriptions: Subscriptions,
                 i18n: I18n, email_of: EmailOf,
                 on_change: Callable[[], Awaitable[None]] | None = None,
                 deadline_days: int = 7) -> None:
        self.conversations = conversations
        self.deadline_days = deadline_days
        """how many days before a deadline leaders are reminded of it"""
        self.subscriptions = subscriptions
        self.i18n = i18n
        self.words = ScheduleWords(i18n)
        self.email_of = email_of
        self.on_change = on_change
        self.note: Callable[[str], str | None] = lambda lang: None
        """What to say about the strategy's period under the list (set by the
        conversation): after it, digests stop."""

    def _reply(self, lang: str, key: str, **values: object) -> Reply:
        return Reply(lang=lang, outcome=Outcome.ANSWER,
                     text=self.i18n.text(f"progress.{key}", lang, **values))

    async def reminders(self, turn: Turn, stop: bool, lang: str) -> None:
        email = await self.email_of(turn)
        if email:
            await self.subscriptions.set_reminders(email, stop=stop)
            await turn.send(self._reply(lang, "digest.stopped" if stop else "digest.started"))

    async def about_reminders(self, turn: Turn, lang: str, *, leads: bool) -> None:
        """"påmindelser", "hvornår får jeg en påmindelse?": when they come, and whether this
        user gets them (they were answered from the strategy, or not at all)."""
        lines = [self.i18n.text("progress.digest.reminders_info", lang,
                                when=REMINDER_SCHEDULE.describe(self.i18n, lang),
                                days=self.deadline_days)]
        email = await self.email_of(turn)
        if not leads:
            lines.append(self.i18n.text("progress.digest.reminders_none", lang))
        elif email:
            stopped = await self.subscriptions.reminders_stopped(email)
            lines.append(self.i18n.text(
                "progress.digest.reminders_off" if stopped else "progress.digest.reminders_on",
                lang))
        await turn.send(Reply(lang=lang, outcome=Outcome.ANSWER, text="\n\n".join(lines)))

    async def run(self, turn: Turn, conversation: int, name: str, argument: str | None,
                  lang: str, *, after: Schedule | None = None) -> Schedule | None:
        """``name`` is subscribe, unsubscribe or subscriptions; ``conversation`` the stored
        conversation's id. The schedule subscribed (or kept), if any; ``after``: the one just
        subscribed, which ``argument`` says again ("nej vent, kl 15": only its time)."""
        i18n = self.i18n
        if name == "subscriptions":
            rows = await self.subscriptions.list(conversation)
            if not rows:
                await turn.send(self._reply(lang, "subscriptions.none"))
                return None
            lines = []
            for row in rows:
                if row.active:
                    state = i18n.text("progress.subscriptions.active", lang)
                elif row.paused_reason:
                    state = i18n.text("progress.subscriptions.paused", lang,
                                      reason=row.paused_reason)
                else:
                    state = i18n.text("progress.subscriptions.stopped", lang)
                when = Schedule.from_json(row.schedule).describe(i18n, lang)
                lines.append(i18n.text("progress.subscriptions.line", lang, state=state,
                                       schedule=when))
            await turn.send(Reply(lang=lang, outcome=Outcome.ANSWER, text=self.note(lang) or "",
                                  title=i18n.text("progress.subscriptions.title", lang),
                                  lines=tuple(lines)))
            return None
        email = await self.email_of(turn)
        if not await self.conversations.may_manage(conversation, email):
            await turn.send(self._reply(lang, "subscriptions.not_allowed",
                                        admins=self.i18n.admins(self.conversations.admins,
                                                                lang)))
            return None
        if name == "unsubscribe":
            stopped = await self.subscriptions.unsubscribe(conversation)
            if not stopped:
                await turn.send(self._reply(lang, "subscriptions.nothing_to_stop"))
                return None
            if self.on_change is not None:
                await self.on_change()
            await turn.send(self._reply(lang, "subscriptions.unsubscribed"))
            return None
        try:
            schedule = parse_schedule(argument or "", self.words) if after is None else \
                amend_schedule(after, argument or "", self.words)
        except ScheduleInvalid as exc:
            await turn.send(Reply(lang=lang, outcome=Outcome.ANSWER,
                                  text=exc.reason(i18n, lang)))
            return None
        before = next((r for r in await self.subscriptions.list(conversation) if r.active),
                      None)
        when = schedule.describe(i18n, lang)
        if before is not None and before.schedule == schedule.to_json() and before.lang == lang:
            await turn.send(self._reply(lang, "subscriptions.unchanged", schedule=when))
            return schedule
        await self.subscriptions.subscribe(conversation, schedule, lang, email or "unknown")
        if self.on_change is not None:
            await self.on_change()
        if before is not None and before.schedule != schedule.to_json():
            earlier = Schedule.from_json(before.schedule).describe(i18n, lang)
            await turn.send(self._reply(lang, "subscriptions.changed", schedule=when,
                                        before=earlier))
            return schedule
        await turn.send(self._reply(lang, "subscriptions.subscribed", schedule=when))
        return schedule
