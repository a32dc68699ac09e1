"""The one place that builds the application's object graph.

:func:`build` takes the settings, the loaded :class:`~strategibot.services.content.Content`, a
database session factory and (for a service that posts) the shared HTTP session, and returns
the :class:`App`: the channels (Teams through Bot Framework; Slack when configured), services,
the conversation, digests, reminders and the scheduler. The web app
(:mod:`strategibot.web.lifecycle`), the terminal chat and the command line all build it here,
so they run the same bot.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.channels.slack.adapter import SlackAdapter
from strategibot.channels.teams.activities import BOT_FRAMEWORK_CHANNELS
from strategibot.channels.teams.adapter import StrategibotAdapter
from strategibot.channels.teams.bot import TeamsBot
from strategibot.channels.teams.channel import TeamsChannel
from strategibot.conversation.checkin import CheckinFlow
from strategibot.conversation.identity import Identity
from strategibot.conversation.privacy import MyDataReplies
from strategibot.conversation.subscriptions import SubscriptionCommands
from strategibot.conversation.turn import Conversation
from strategibot.core.clock import Clock
from strategibot.core.metrics import Metrics
from strategibot.core.resources import data_dir
from strategibot.delivery.sender import Channel, Sender
from strategibot.scheduling.leadership import Leadership
from strategibot.scheduling.retention import Retention
from strategibot.scheduling.scheduler import DigestScheduler
from strategibot.services.checkins import Checkins
from strategibot.services.content import Content, QuestionLog
from strategibot.services.conversations import Conversations
from strategibot.services.dashboard import dashboard_link
from strategibot.services.digests import Digests
from strategibot.services.dispatch import Dispatcher
from strategibot.services.example import load_example_checkins
from strategibot.services.organisation import OrganisationService
from strategibot.services.people import People
from strategibot.services.privacy import Privacy
from strategibot.services.reminders import Reminders
from strategibot.services.subscriptions import Subscriptions
from strategibot.settings import Settings
from strategibot.store.background import BackgroundWriter
from strategibot.store.flow_states import FlowStates
from strategibot.store.inline import QuickReader
from strategibot.store.seen_events import SeenEvents

__all__ = ["App", "build", "clock_of"]


def clock_of(settings: Settings) -> Clock:
    """The clock the settings describe (time zone, and ``STRATEGIBOT_TODAY``)."""
    return Clock(settings.timezone, today=settings.today)


@dataclass
class App:
    """Everything a running bot is made of."""

    settings: Settings
    clock: Clock
    content: Content
    metrics: Metrics
    factory: async_sessionmaker[AsyncSession]
    organisation: OrganisationService
    people: People
    checkins: Checkins
    conversations: Conversations
    subscriptions: Subscriptions
    questions: QuestionLog
    conversation: Conversation
    sender: Sender
    dispatcher: Dispatcher
    digests: Digests
    reminders: Reminders
    scheduler: DigestScheduler
    leadership: Leadership
    writer: BackgroundWriter | None = None
    """writes a reply does not depend on (question log, conversation memory)"""
    teams: StrategibotAdapter | None = None
    """The Teams endpoint's adapter (a service with an HTTP session only)."""
    teams_bot: TeamsBot | None = None
    slack: SlackAdapter | None = None
    """The Slack endpoint (when Slack is configured)."""

    async def start(self) -> None:
        """Load the example organisation (and its 2019 check-ins, if asked) and start leading
        the schedule."""
        await self.load_examples()
        if self.clock.shifted:
            await self.checkins.keep_time()
        if self.writer is not None:
            self.writer.start()
        if self.settings.scheduler:
            await self.leadership.start()

    async def load_examples(self) -> None:
        """The example organisation into an empty database (``STRATEGIBOT_EXAMPLE_ORGANISATION``)
        and, with ``STRATEGIBOT_EXAMPLE_CHECKINS``, its check-ins through 2019."""
        if not self.settings.example_organisation:
            return
        await self.organisation.ensure_example()
        if self.settings.example_checkins:
            await load_example_checkins(self.factory, data_dir("knowledge") /
                                        "checkins.example.yaml", self.checkins, self.clock)

    async def stop(self) -> None:
        if self.writer is not None:
            await self.writer.stop()  # what the turns handed over is written first
        await self.leadership.stop()
        await self.scheduler.stop()
        self.scheduler.shutdown()
        if self.slack is not None:
            await self.slack.close()


def build(settings: Settings, content: Content, factory: async_sessionmaker[AsyncSession], *,
          http: aiohttp.ClientSession | None = None, metrics: Metrics | None = None,
          clock: Clock | None = None, dev_email: str | None = None,
          channels: Mapping[str, Channel] | None = None,
          reader: async_sessionmaker[AsyncSession] | None = None,
          inline: QuickReader | None = None) -> App:
    """The application over one database.

    Args:
        http: the shared session for outbound calls; with it the Teams (and, when configured,
            Slack) endpoints and channels are built, without it the bot cannot post on its own.
        dev_email: who the user is where the channel cannot tell (the default is
            ``STRATEGIBOT_DEV_USER_EMAIL``).
        channels: more channels to post to (tests add fakes), by channel name.
    """
    clock = clock or clock_of(settings)
    outbound: dict[str, Channel] = {}
    teams = slack = None
    if http is not None:
        teams = StrategibotAdapter(settings, http)
        teams_channel = TeamsChannel(teams.bot_framework_authentication.connector_factory)
        outbound.update(dict.fromkeys(BOT_FRAMEWORK_CHANNELS, teams_channel))
        if settings.slack_signing_secret:
            slack = SlackAdapter(settings, http, seen=SeenEvents(factory, now=clock.now).seen)
            outbound["slack"] = slack
    outbound.update(channels or {})
    metrics = metrics or Metrics.create()
    admins = frozenset(settings.admins)
    reads = reader or factory  # SQLite: read-only connections beside the writer
    organisation = OrganisationService(factory, reader=reads)
    writer = BackgroundWriter(factory)
    people = People(factory, clock, ttl=dt.timedelta(hours=settings.identity_ttl_hours),
                    reader=reads, writer=writer)
    checkins = Checkins(factory=factory, kb=content.kb, flows=content.flows,
                        organisation=organisation, clock=clock, admins=admins,
                        forms=content.forms, min_units=settings.min_units_shown,
                        reader=reads)
    page_link = functools.partial(dashboard_link, app_id=settings.APP_ID,
                                  public_url=settings.public_url.rstrip("/"),
                                  anonymous=settings.anonymous, host=settings.host,
                                  port=settings.port)
    conversations = Conversations(factory, clock, admins)
    subscriptions = Subscriptions(factory, clock)
    questions = QuestionLog(factory, writer, now=clock.now)
    identity = Identity(people, dev_email=dev_email if dev_email is not None
                        else settings.dev_user_email or None,
                        dev_channels=frozenset(BOT_FRAMEWORK_CHANNELS),
                        my_data=MyDataReplies(Privacy(factory, clock), content.i18n,
                                              admins=admins,
                                              identity_hours=settings.identity_ttl_hours,
                                              question_days=settings.retain_questions_days))
    themes = {t.number: {"da": t.da, "en": t.en} for t in content.kb.strategy.themes}
    flow = CheckinFlow(checkins=checkins, flows=content.flows, i18n=content.i18n,
                       states=FlowStates(factory, reads, inline), theme_names=themes)
    # A 429 slows its own conversation: Teams says which request was throttled, not which
    # limit; the tenant's 50/s pace still holds for everyone (bench_fanout: 11 s instead of
    # 61 s for 500 channels when 10 % get a 429).
    sender = Sender(channels=outbound, throttle_scope="conversation")
    dispatcher = Dispatcher(factory=factory, sender=sender, clock=clock, i18n=content.i18n,
                            admins=admins)
    digests = Digests(factory=factory, kb=content.kb, i18n=content.i18n, checkins=checkins,
                      dispatcher=dispatcher, clock=clock, page_link=page_link)
    reminders = Reminders(factory=factory, kb=content.kb, i18n=content.i18n,
                          checkins=checkins, dispatcher=dispatcher, digests=digests,
                          clock=clock, deadline_days=settings.deadline_reminder_days)
    leadership = Leadership(settings.database_url, renew=settings.leader_renew_seconds)
    scheduler = DigestScheduler(digests=digests, reminders=reminders, clock=clock,
                                grace=dt.timedelta(hours=settings.catch_up_hours),
                                is_leader=lambda: leadership.is_leader,
                                interval=settings.digest_interval_seconds,
                                retention=Retention(
                                    factory, clock,
                                    questions_days=settings.retain_questions_days,
                                    conversations_days=settings.retain_conversations_days,
                                    identities_days=settings.retain_identities_days,
                                    seen=SeenEvents(factory, now=clock.now)).run)
    leadership.on_change = scheduler.on_leadership
    commands = SubscriptionCommands(conversations=conversations, subscriptions=subscriptions,
                                    i18n=content.i18n, email_of=identity.email,
                                    on_change=scheduler.refresh,
                                    deadline_days=settings.deadline_reminder_days)
    conversation = Conversation(content=content, metrics=metrics, checkins=checkins,
                                flow=flow, identity=identity, conversations=conversations,
                                subscriptions=commands, questions=questions, writer=writer,
                                document_url=settings.document_url or None,
                                page_link=page_link, memo=settings.understanding_memo)
    return App(settings=settings, clock=clock, content=content, metrics=metrics,
               factory=factory, organisation=organisation, people=people, checkins=checkins,
               conversations=conversations, subscriptions=subscriptions, questions=questions,
               writer=writer,
               conversation=conversation, sender=sender, dispatcher=dispatcher,
               digests=digests, reminders=reminders, scheduler=scheduler,
               leadership=leadership, teams=teams,
               teams_bot=TeamsBot(conversation, tenants=settings.tenants)
               if teams is not None else None, slack=slack)
