"""The bot: one TeamsActivityHandler for Teams, Slack and the terminal.

A message turn, in order: a submitted check-in form → the running check-in dialog → a command
(check in, my check-ins, undo, progress) → a one-liner check-in ("sygefravær 12,8") → a
question about live progress → a question for the answer engine. Questions without a confident
answer are logged for review after the reply has gone out.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from botbuilder.core import ConversationState, TurnContext
from botbuilder.core.teams import TeamsActivityHandler, TeamsInfo
from botbuilder.dialogs import DialogSet
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount

from strategibot.conversation.checkin import CHECKIN_DIALOG, CheckinFlow, send_reply
from strategibot.conversation.commands import Commands, ProgressTexts
from strategibot.conversation.dedupe import RecentIds
from strategibot.core.metrics import Metrics
from strategibot.domain.answers.engine import Answer
from strategibot.domain.checkins.flows import Invalid
from strategibot.domain.messages import Outcome, Reply
from strategibot.domain.progress.telling import goal_reply, missing_reply, overview_reply
from strategibot.render import render
from strategibot.services.checkins import Reporter, Reporting
from strategibot.services.proactive import Proactive
from strategibot.wiring import Assistant

__all__ = ["CheckinServices", "QuestionRecorder", "StrategyBot", "message_text"]

log = logging.getLogger(__name__)

_SUBSCRIPTION_COMMANDS = frozenset({"subscribe", "unsubscribe", "subscriptions"})

_INTERRUPTIONS = frozenset({"history", "progress", "missing", "checkin", "correct"})
"""Commands that work in the middle of a check-in (the flow then goes on where it was)."""

QuestionRecorder = Callable[[Answer, str], Awaitable[None]]
"""Logs a question that got no confident answer: (answer, channel id)."""


def message_text(activity: Activity) -> str:
    """The user's text: @mentions of the bot removed; a card button's value if there is no text."""
    text = activity.text or ""
    if text and activity.entities:
        text = TurnContext.remove_recipient_mention(activity) or ""
        text = text.replace("<at>", "").replace("</at>", "")
    if not text.strip() and isinstance(activity.value, dict):
        ours = activity.value.get("strategibot")
        if isinstance(ours, dict) and isinstance(ours.get("value"), str):
            text = ours["value"]
    return text.strip()


@dataclass
class CheckinServices:
    """What check-ins need in a turn."""

    reporting: Reporting
    flow: CheckinFlow
    commands: Commands
    progress_texts: ProgressTexts
    conversation_state: ConversationState
    dev_user_email: str | None = None
    """Who the user is where the channel cannot tell (terminal, Emulator)."""

    def __post_init__(self) -> None:
        self.dialogs = DialogSet(self.conversation_state.create_property("DialogState"))
        for dialog in self.flow.dialogs():
            self.dialogs.add(dialog)


class StrategyBot(TeamsActivityHandler):  # type: ignore[misc]
    """Answers questions and runs check-ins in every channel."""

    def __init__(self, *, assistant: Assistant, metrics: Metrics,
                 record: QuestionRecorder | None = None, recent: RecentIds | None = None,
                 checkins: CheckinServices | None = None,
                 proactive: Proactive | None = None) -> None:
        super().__init__()
        self.assistant = assistant
        self.metrics = metrics
        self.record = record
        self.recent = recent or RecentIds()
        self.checkins = checkins
        self.proactive = proactive
        self._known_conversations: dict[str, int] = {}

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        channel = activity.channel_id or "unknown"
        if activity.id and activity.type == ActivityTypes.message:
            conversation = activity.conversation.id if activity.conversation else ""
            key = f"{channel}|{conversation}|{activity.id}"
            if not self.recent.first_time(key):
                self.metrics.turns.labels(channel, "duplicate").inc()
                log.info("duplicate activity ignored", extra={"activity_id": activity.id,
                                                              "channel": channel})
                return
        started = time.perf_counter()
        try:
            if self.proactive is not None and activity.type == ActivityTypes.message:
                await self._conversation_row(turn_context)
            await super().on_turn(turn_context)
            if self.checkins is not None and activity.channel_id != "msteams":
                await self.checkins.conversation_state.save_changes(turn_context)
        finally:
            self.metrics.latency.labels(channel).observe(time.perf_counter() - started)

    # ------------------------------------------------------------------ messages
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        channel = activity.channel_id or "unknown"
        text = message_text(activity)
        lang = self.assistant.engine.detect(text, activity.locale)
        if self.checkins is not None and await self._checkin_turn(turn_context, text, lang):
            self.metrics.turns.labels(channel, "checkin").inc()
            return
        answer = self.assistant.engine.answer(text, hint=activity.locale)
        await turn_context.send_activity(render(answer.reply, channel))
        self.metrics.turns.labels(channel, str(answer.outcome)).inc()
        self.metrics.answers.labels(str(answer.outcome), answer.lang).inc()
        log.info("answered", extra={"channel": channel, "outcome": str(answer.outcome),
                                    "entry": answer.entry_id, "score": round(answer.score, 3)})
        if self.record is not None and answer.outcome in (Outcome.UNKNOWN, Outcome.CLARIFY):
            try:
                await self.record(answer, channel)
            except Exception:  # the reply is out; a failed log must not fail the turn
                self.metrics.errors.labels("question_log").inc()
                log.exception("could not log an unanswered question")

    async def _checkin_turn(self, context: TurnContext, text: str, lang: str) -> bool:
        """Handle the turn if it is about check-ins or progress; False for a question."""
        services = self.checkins
        assert services is not None
        value = context.activity.value
        ours = value.get("strategibot") if isinstance(value, dict) else None
        if isinstance(ours, dict) and ours.get("kind") == "checkin-form":
            form_lang = str(ours["lang"]) if ours.get("lang") in ("da", "en") else lang
            reporter = await self._reporter(context, form_lang)
            if reporter is not None:
                await services.flow.form_submitted(context, reporter, value, form_lang)
            return True
        command = services.commands.match(text)
        lang = services.commands.language(text) or lang  # "indrapporter" is Danish
        if context.activity.channel_id == "msteams":
            # Teams check-ins are forms: no dialog state to read or keep
            dialog_context = None
        else:
            dialog_context = await services.dialogs.create_context(context)
        if dialog_context is not None and dialog_context.active_dialog is not None:
            if command is None or command[0] not in _INTERRUPTIONS:
                await dialog_context.continue_dialog()
                return True
            if command[0] in ("checkin", "correct"):  # start over
                await dialog_context.cancel_all_dialogs()
            else:  # answer, then ask the pending question again
                await self._command(context, dialog_context, command, lang)
                await dialog_context.reprompt_dialog()
                return True
        if command is not None:
            return await self._command(context, dialog_context, command, lang)
        try:
            one_liner = services.flow.flows.one_liner(text, lang)
        except Invalid as exc:
            await send_reply(context, Reply(lang=lang, outcome=Outcome.ANSWER, text=(
                services.flow.flows.text("invalid", lang, reason=exc.reason))))
            return True
        if one_liner is not None:
            reporter = await self._reporter(context, lang)
            if reporter is not None:
                await services.flow.one_liner(context, reporter, one_liner, text, lang)
            return True
        if services.commands.asks_progress(text):
            goal = self._goal_in(text)
            if goal is not None:
                progress, directory = await services.reporting.progress()
                await send_reply(context, goal_reply(self.assistant.kb, goal,
                                                     progress[goal.id], directory,
                                                     services.progress_texts, lang))
                return True
        return False

    def _goal_in(self, text: str) -> Any:
        """The shared goal a progress question is about, by the answer engine's ranking."""
        by_entry = {goal.entry: goal for goal in self.assistant.kb.goals}
        engine = self.assistant.engine
        ranked, _ = engine.rank(text)
        for index, score, _coverage in ranked[:2]:  # the question must be about the goal
            entry_id = engine.entry_id(index)
            if entry_id in by_entry and score >= engine.thresholds.clarify:
                return by_entry[entry_id]
            concept = f"goal-{entry_id}"
            if concept in by_entry and score >= engine.thresholds.clarify:
                return by_entry[concept]
        return None

    async def _command(self, context: TurnContext, dialog_context: Any,
                       command: tuple[str, str | None], lang: str) -> bool:
        services = self.checkins
        assert services is not None
        name, argument = command
        if name in _SUBSCRIPTION_COMMANDS and self.proactive is not None:
            await self._subscription_command(context, name, argument, lang)
            return True
        if name in ("stop_reminders", "start_reminders") and self.proactive is not None:
            email = await self._email(context)
            if email:
                stop = name == "stop_reminders"
                await self.proactive.set_reminders(email, stop=stop)
                await send_reply(context, Reply(lang=lang, outcome=Outcome.ANSWER, text=(
                    self.assistant.progress_texts.get(
                        "digest", "stopped" if stop else "started", lang=lang))))
            return True
        if name in ("progress", "missing"):
            progress, directory = await services.reporting.progress()
            kb, texts = self.assistant.kb, services.progress_texts
            reply = overview_reply(kb, progress, texts, lang) if name == "progress" \
                else missing_reply(kb, progress, directory, texts, lang)
            await send_reply(context, reply)
            return True
        reporter = await self._reporter(context, lang)
        if reporter is None:
            return True
        flow = services.flow
        if name == "history":
            await flow.history(context, reporter, lang)
        elif name == "undo" and argument:
            await flow.undo(context, reporter, argument, lang)
        elif name in ("checkin", "correct"):
            subjects = list(reporter.subjects)
            if argument:
                subject = await services.reporting.subject(reporter, argument)
                if subject is None:
                    await send_reply(context, Reply(lang=lang, outcome=Outcome.ANSWER,
                                                    text=flow.flows.text(
                                                        "no_permission_subject", lang,
                                                        subject=argument)))
                    return True
                subjects = [subject]
            if not subjects:
                await self._refuse(context, reporter, lang)
                return True
            if dialog_context is None:
                for subject in subjects:
                    await send_reply(context, await flow.form(subject, lang))
            else:
                await dialog_context.begin_dialog(CHECKIN_DIALOG,
                                                  flow.options(reporter, subjects, lang))
        return True

    # ------------------------------------------------------------------ conversations
    async def _conversation_row(self, context: TurnContext, *,
                                installed_by: str | None = None) -> int | None:
        """The stored conversation of this turn: remembered the first time it is seen (in
        this process), so digests and reminders can be posted here later."""
        activity = context.activity
        if self.proactive is None or activity.conversation is None:
            return None
        key = f"{activity.channel_id}|{activity.conversation.id.split(';messageid=')[0]}"
        known = self._known_conversations.get(key)
        if known is not None and installed_by is None:
            return known
        email = None
        kind = getattr(activity.conversation, "conversation_type", None) or "personal"
        if kind == "personal" and self.checkins is not None:
            email = await self._email(context)
        row = await self.proactive.remember(activity, installed_by=installed_by,
                                            user_email=email)
        self._known_conversations[key] = row
        return row

    async def _subscription_command(self, context: TurnContext, name: str,
                                    argument: str | None, lang: str) -> None:
        from strategibot.domain.schedule import ScheduleInvalid, parse_schedule
        from strategibot.services.proactive import schedule_from_json

        proactive = self.proactive
        assert proactive is not None
        texts = self.assistant.progress_texts
        conversation = await self._conversation_row(context)
        assert conversation is not None
        if name == "subscriptions":
            rows = await proactive.subscriptions(conversation)
            if not rows:
                await send_reply(context, Reply(lang=lang, outcome=Outcome.ANSWER,
                                                text=texts.get("subscriptions", "none", lang=lang)))
                return
            lines = []
            for row in rows:
                state = texts.get("subscriptions", "active", lang=lang) if row.active else (
                    texts.get("subscriptions", "paused", lang=lang, reason=row.paused_reason)
                    if row.paused_reason else texts.get("subscriptions", "stopped", lang=lang))
                lines.append(texts.get("subscriptions", "line", lang=lang, state=state,
                                       schedule=schedule_from_json(row.schedule).describe(lang)))
            await send_reply(context, Reply(lang=lang, outcome=Outcome.ANSWER, text="",
                                            title=texts.get("subscriptions", "title", lang=lang),
                                            lines=tuple(lines)))
            return
        email = await self._email(context) if self.checkins is not None else None
        if not await proactive.may_manage(conversation, email):
            admins = ", ".join(sorted(proactive.admins)) or "–"
            await send_reply(context, Reply(lang=lang, outcome=Outcome.ANSWER, text=texts.get(
                "subscriptions", "not_allowed", lang=lang, admins=admins)))
            return
        if name == "unsubscribe":
            await proactive.unsubscribe(conversation)
            await send_reply(context, Reply(lang=lang, outcome=Outcome.ANSWER,
                                            text=texts.get("subscriptions", "unsubscribed",
                                                           lang=lang)))
            return
        try:
            schedule = parse_schedule(argument or "")
        except ScheduleInvalid as exc:
            reason = exc.reason_en if lang == "en" else exc.reason_da
            await send_reply(context, Reply(lang=lang, outcome=Outcome.ANSWER, text=reason))
            return
        await proactive.subscribe(conversation, schedule, lang, email or "unknown")
        if self.on_subscriptions_changed is not None:
            await self.on_subscriptions_changed()
        await send_reply(context, Reply(lang=lang, outcome=Outcome.ANSWER, text=texts.get(
            "subscriptions", "subscribed", lang=lang, schedule=schedule.describe(lang))))

    on_subscriptions_changed: Callable[[], Awaitable[None]] | None = None
    """Called after a subscription changes (the scheduler rebuilds its jobs)."""

    # ------------------------------------------------------------------ who is this?
    async def _email(self, context: TurnContext) -> str | None:
        services = self.checkins
        assert services is not None
        activity = context.activity
        user = activity.from_property
        channel = activity.channel_id or "unknown"
        if user is None or not user.id:
            return None
        known = await services.reporting.known_email(channel, user.id)
        if known:
            return known
        email: str | None = None
        if channel == "msteams":
            try:
                member = await TeamsInfo.get_member(context, user.id)
                email = getattr(member, "email", None) or getattr(
                    member, "user_principal_name", None)
            except Exception as exc:  # the roster may be unavailable (Emulator, playground)
                log.warning("could not read the Teams roster", extra={"error": type(exc).__name__})
        elif channel == "slack":
            lookup = getattr(context.adapter, "user_email", None)
            if lookup is not None:
                email = await lookup(user.id)
        email = email or services.dev_user_email
        if email:
            await services.reporting.remember(channel, user.id, email.casefold(), None)
        return email.casefold() if email else None

    async def _reporter(self, context: TurnContext, lang: str) -> Reporter | None:
        """The reporter if they may check in; otherwise a polite refusal and None."""
        services = self.checkins
        assert services is not None
        email = await self._email(context)
        if email is None:
            await send_reply(context, Reply(lang=lang, outcome=Outcome.ANSWER,
                                            text=services.flow.flows.text("no_email", lang)))
            return None
        reporter = await services.reporting.reporter(email)
        if not reporter.may_report:
            await self._refuse(context, reporter, lang)
            return None
        return reporter

    async def _refuse(self, context: TurnContext, reporter: Reporter, lang: str) -> None:
        services = self.checkins
        assert services is not None
        admins = ", ".join(sorted(services.reporting.admins)) or "–"
        text = services.flow.flows.text("not_leader", lang, who=reporter.email or "?",
                                        admins=admins)
        await send_reply(context, Reply(lang=lang, text=text, outcome=Outcome.ANSWER))

    # ------------------------------------------------------------------ installs
    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        # A personal install sends membersAdded with only the bot itself; a team or group chat
        # install lists the bot among others. Welcome once, when the bot is the one added.
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if not any(member.id == bot_id for member in members_added or []):
            return
        channel = turn_context.activity.channel_id or "unknown"
        if self.proactive is not None:  # remember where the bot is, and who put it there
            installer = await self._email(turn_context) if self.checkins is not None else None
            await self._conversation_row(turn_context, installed_by=installer)
        lang = self.assistant.engine.detect("", turn_context.activity.locale)
        welcome = self.assistant.engine.help(lang)
        await turn_context.send_activity(render(welcome.reply, channel))
        self.metrics.turns.labels(channel, "welcome").inc()

    async def on_unrecognized_activity_type(self, turn_context: TurnContext) -> Any:
        self.metrics.turns.labels(turn_context.activity.channel_id or "unknown", "ignored").inc()
