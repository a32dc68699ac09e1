"""The conversation: one turn in, the right replies out — in every channel alike.

A message turn, in order: a submitted check-in form → the check-in flow in progress → a command
(check in, my check-ins, undo, progress, subscriptions) → a one-liner check-in ("sygefravær
12,8") → a question about live progress → a question for the answer engine. An install gets the
welcome. Questions without a confident answer are logged for review after the reply has gone.

A channel calls :meth:`Conversation.handle` with a :class:`~strategibot.conversation.ports.Turn`;
nothing here knows which platform it is.
"""

from __future__ import annotations

import logging
import time

from cachetools import LRUCache, TTLCache

from strategibot.conversation.checkin import CheckinFlow
from strategibot.conversation.identity import Identity
from strategibot.conversation.intents import Commands
from strategibot.conversation.ports import Turn
from strategibot.conversation.subscriptions import SUBSCRIPTION_COMMANDS, SubscriptionCommands
from strategibot.core.metrics import Metrics
from strategibot.domain.checkins.flows import Invalid
from strategibot.domain.knowledge.load import Goal
from strategibot.domain.messages import Outcome, Reply
from strategibot.domain.progress.telling import goal_reply, missing_reply, overview_reply
from strategibot.services.checkins import Checkins, Reporter
from strategibot.services.content import Content, QuestionLog
from strategibot.services.conversations import Conversations

__all__ = ["Conversation"]

log = logging.getLogger(__name__)

_INTERRUPTIONS = frozenset({"history", "progress", "missing", "checkin", "correct"})
"""Commands that work in the middle of a check-in (the flow then goes on where it was)."""

REDELIVERY_WINDOW = 3600.0
"""Seconds a message id is remembered, so a redelivered message is answered once."""


class Conversation:
    """Answers questions and runs check-ins, whatever the channel."""

    def __init__(self, *, content: Content, metrics: Metrics, checkins: Checkins,
                 flow: CheckinFlow, identity: Identity, conversations: Conversations,
                 subscriptions: SubscriptionCommands, questions: QuestionLog | None = None,
                 ) -> None:
        self.content = content
        self.i18n = content.i18n
        self.engine = content.engine
        self.metrics = metrics
        self.checkins = checkins
        self.flow = flow
        self.identity = identity
        self.conversations = conversations
        self.subscriptions = subscriptions
        self.questions = questions
        self.commands = Commands.from_i18n(content.i18n)
        self._recent: TTLCache[str, bool] = TTLCache(maxsize=50_000, ttl=REDELIVERY_WINDOW)
        self._known: LRUCache[str, tuple[int, str | None]] = LRUCache(maxsize=20_000)
        """place key → (stored conversation id, its language)"""

    # ------------------------------------------------------------------ the turn
    async def handle(self, turn: Turn) -> None:
        """Handle one turn; a failure is logged and the user gets an apology, never a trace."""
        incoming = turn.incoming
        channel = incoming.place.channel
        key = incoming.key
        if incoming.kind == "message" and key is not None:
            if key in self._recent:
                self.metrics.turns.labels(channel, "duplicate").inc()
                log.info("duplicate activity ignored", extra={"activity_id": incoming.id,
                                                              "channel": channel})
                return
            self._recent[key] = True
        started = time.perf_counter()
        try:
            if incoming.kind == "installed":
                await self._installed(turn)
            else:
                await self._message(turn)
        except Exception as error:
            self.metrics.errors.labels("turn").inc()
            log.error("turn failed", exc_info=error, extra={"channel": channel})
            if incoming.kind == "message":
                await self._apologise(turn)
        finally:
            self.metrics.latency.labels(channel).observe(time.perf_counter() - started)

    async def _apologise(self, turn: Turn) -> None:
        lang = self.engine.detect(turn.incoming.text, turn.incoming.locale)
        try:
            await turn.send(Reply(lang=lang, text=self.i18n.text("bot.error", lang)))
        except Exception:  # the channel itself may be what failed
            log.warning("could not send the apology", exc_info=True)

    async def _installed(self, turn: Turn) -> None:
        incoming = turn.incoming
        installer = await self.identity.email(turn)
        await self._remember(turn, installed_by=installer)
        lang = self.engine.detect("", incoming.locale)
        await turn.send(self.engine.help(lang).reply)
        self.metrics.turns.labels(incoming.place.channel, "welcome").inc()

    async def _message(self, turn: Turn) -> None:
        incoming = turn.incoming
        channel = incoming.place.channel
        text = incoming.text
        lang = self.engine.detect(text, incoming.locale)
        conversation = await self._remember(turn, lang=lang)
        if await self._checkin_turn(turn, conversation, text, lang):
            self.metrics.turns.labels(channel, "checkin").inc()
            return
        answer = self.engine.answer(text, hint=incoming.locale)
        await turn.send(answer.reply)
        self.metrics.turns.labels(channel, str(answer.outcome)).inc()
        self.metrics.answers.labels(str(answer.outcome), answer.lang).inc()
        log.info("answered", extra={"channel": channel, "outcome": str(answer.outcome),
                                    "entry": answer.entry_id, "score": round(answer.score, 3)})
        if self.questions is not None and self.questions.worth_keeping(answer):
            try:
                await self.questions.record([answer], channel)
            except Exception:  # the reply is out; a failed log must not fail the turn
                self.metrics.errors.labels("question_log").inc()
                log.exception("could not log an unanswered question")

    async def _remember(self, turn: Turn, *, installed_by: str | None = None,
                        lang: str | None = None) -> int:
        """The stored conversation of this turn, remembered the first time it is seen (in
        this process) and when its language changes, so digests and reminders can be posted
        here later, in the language written here."""
        place = turn.incoming.place
        known = self._known.get(place.key)
        if known is not None and installed_by is None and lang in (None, known[1]):
            return known[0]
        email = await self.identity.email(turn) if place.kind == "personal" else None
        row = await self.conversations.remember(place, installed_by=installed_by,
                                                user_email=email, lang=lang)
        self._known[place.key] = (row, lang or (known[1] if known else None))
        return row

    # ------------------------------------------------------------------ check-ins
    async def _checkin_turn(self, turn: Turn, conversation: int, text: str,
                            lang: str) -> bool:
        """Handle the turn if it is about check-ins, progress or subscriptions; False for a
        question."""
        value = turn.incoming.value
        ours = value.get("strategibot") if isinstance(value, dict) else None
        if isinstance(value, dict) and isinstance(ours, dict) and \
                ours.get("kind") == "checkin-form":
            form_lang = str(ours["lang"]) if ours.get("lang") in ("da", "en") else lang
            reporter = await self._reporter(turn, form_lang)
            if reporter is not None:
                await self.flow.form_submitted(turn, reporter, value, form_lang)
            return True
        command = self.commands.match(text)
        lang = self.commands.language(text) or lang  # "indrapporter" is Danish
        stored = None if turn.forms else await self.flow.active(turn)
        if stored is not None:
            if command is None or command[0] not in _INTERRUPTIONS:
                await self.flow.answer(turn, stored)
                return True
            if command[0] in ("checkin", "correct"):  # start over
                await self.flow.cancel(turn)
            else:  # answer, then ask the pending question again
                await self._command(turn, conversation, command, lang)
                await self.flow.reprompt(turn, stored)
                return True
        if command is not None:
            await self._command(turn, conversation, command, lang)
            return True
        try:
            one_liner = self.content.flows.one_liner(text, lang)
        except Invalid as exc:
            await turn.send(Reply(lang=lang, text=self.content.flows.text(
                "invalid", lang, reason=exc.reason)))
            return True
        if one_liner is not None:
            reporter = await self._reporter(turn, lang)
            if reporter is not None:
                await self.flow.one_liner(turn, reporter, one_liner, text, lang)
            return True
        if self.commands.asks_progress(text):
            goal = self._goal_in(text)
            if goal is not None:
                progress, directory = await self.checkins.progress()
                await turn.send(goal_reply(self.content.kb, goal, progress[goal.id],
                                           directory, self.i18n, lang))
                return True
        return False

    def _goal_in(self, text: str) -> Goal | None:
        """The shared goal a progress question is about, by the answer engine's ranking."""
        by_entry = {goal.entry: goal for goal in self.content.kb.goals}
        engine = self.engine
        ranked, _ = engine.rank(text)
        for index, score, _coverage in ranked[:2]:  # the question must be about the goal
            entry_id = engine.entry_id(index)
            if score < engine.thresholds.clarify:
                continue
            for candidate in (entry_id, f"goal-{entry_id}"):
                if candidate in by_entry:
                    return by_entry[candidate]
        return None

    async def _command(self, turn: Turn, conversation: int, command: tuple[str, str | None],
                       lang: str) -> None:
        name, argument = command
        if name in SUBSCRIPTION_COMMANDS:
            await self.subscriptions.run(turn, conversation, name, argument, lang)
            return
        if name in ("stop_reminders", "start_reminders"):
            await self.subscriptions.reminders(turn, name == "stop_reminders", lang)
            return
        if name in ("progress", "missing"):
            progress, directory = await self.checkins.progress()
            kb = self.content.kb
            reply = overview_reply(kb, progress, self.i18n, lang) if name == "progress" \
                else missing_reply(kb, progress, directory, self.i18n, lang)
            await turn.send(reply)
            return
        reporter = await self._reporter(turn, lang)
        if reporter is None:
            return
        if name == "history":
            await self.flow.history(turn, reporter, lang)
        elif name == "undo" and argument:
            await self.flow.undo(turn, reporter, argument, lang)
        elif name in ("checkin", "correct"):
            await self._start_checkin(turn, reporter, argument, lang)

    async def _start_checkin(self, turn: Turn, reporter: Reporter, argument: str | None,
                             lang: str) -> None:
        subjects = list(reporter.subjects)
        if argument:
            subject = await self.checkins.subject(reporter, argument)
            if subject is None:
                await turn.send(Reply(lang=lang, text=self.content.flows.text(
                    "no_permission_subject", lang, subject=argument)))
                return
            subjects = [subject]
        if not subjects:
            await self._refuse(turn, reporter, lang)
            return
        if turn.forms:
            for subject in subjects:
                await turn.send(await self.flow.form(subject, lang))
        else:
            await self.flow.start(turn, reporter, subjects, lang)

    # ------------------------------------------------------------------ who is this?
    async def _reporter(self, turn: Turn, lang: str) -> Reporter | None:
        """The reporter if they may check in; otherwise a polite refusal and None."""
        email = await self.identity.email(turn)
        if email is None:
            await turn.send(Reply(lang=lang, text=self.content.flows.text("no_email", lang)))
            return None
        reporter = await self.checkins.reporter(email)
        if not reporter.may_report:
            await self._refuse(turn, reporter, lang)
            return None
        return reporter

    async def _refuse(self, turn: Turn, reporter: Reporter, lang: str) -> None:
        admins = ", ".join(sorted(self.checkins.admins)) or "–"
        text = self.content.flows.text("not_leader", lang, who=reporter.email or "?",
                                       admins=admins)
        await turn.send(Reply(lang=lang, text=text, outcome=Outcome.ANSWER))

