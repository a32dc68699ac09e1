"""A person's data: ``strategibot privacy export`` shows all of it, ``strategibot privacy erase``
removes their identity everywhere — afterwards the address is in no text column of any table —
while their check-ins stay with their units, so no figure changes; retention deletes what is
past its time."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys

from sqlalchemy import String, Text, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from strategibot.scheduling.retention import Retention
from strategibot.services.privacy import ERASED
from strategibot.store.flow_states import FlowStates
from strategibot.store.seen_events import SeenEvents
from strategibot.store.tables import (
    Base,
    Conversation,
    Delivery,
    FlowState,
    Person,
    QuestionLog,
    Report,
    SeenEvent,
    Subscription,
)
from strategibot.web.keys import sessionmaker_key
from tests.support.activities import BOT, members_added, teams_message
from tests.support.service import OLE, SUSANNE, Service, reply_text, roster_user, say

CHANNEL = "19:ledelse@thread.tacv2"


async def _cli(service: Service, *args: str) -> subprocess.CompletedProcess[str]:
    """``strategibot privacy …`` in another process while the service goes on running (as an
    admin runs it beside the live bot: the service's own writes finish meanwhile)."""
    env = {**os.environ, "DATABASE_URL": service.settings.database_url,
           "STRATEGIBOT_EXAMPLE_ORGANISATION": "false"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "strategibot", "privacy", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return subprocess.CompletedProcess(["strategibot", "privacy", *args], process.returncode,
                                       out.decode(), err.decode())


async def _everywhere(session: AsyncSession, needle: str) -> list[str]:
    """Every table.column.row whose text holds ``needle`` (case-insensitive) — a scan of its
    own, not the code under test's."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | Text):
                rows = (await session.execute(select(*table.primary_key.columns).where(
                    func.lower(column).contains(needle.lower(), autoescape=True)))).all()
                found += [f"{table.name}.{column.name}{tuple(row)}" for row in rows]
    return found


async def _year_of_ole(service: Service) -> None:
    """Ole uses the bot as a leader would: check-ins (one undone), a channel where he added the
    bot and subscribed it, reminders stopped, a question with his address in it, a check-in
    in progress in a step-by-step channel."""
    await say(service, OLE, "sygefravær 12,8 @CPKS-01")
    await say(service, OLE, "RK færdig @CPKS-02")
    replies = await say(service, OLE, "sygefravær 40 @CPKS-02")
    assert any("Gemt" in reply_text(r) for r in replies)
    await say(service, OLE, "fortryd 3")
    await say(service, SUSANNE, "sygefravær 13")
    user = roster_user(service.connector, OLE, CHANNEL)
    install = members_added(service.connector.url, [BOT], conversation=CHANNEL,
                            conversation_type="channel")
    install["from"] = user
    await service.post_activity(install)
    subscribe = teams_message(service.connector.url, "abonnér", mention=True, user=user,
                              conversation=f"{CHANNEL};messageid=1700000000777",
                              conversation_type="channel")
    await service.post_activity(subscribe)
    await say(service, OLE, "stop påmindelser")
    await say(service, OLE, f"hvem er {OLE} i fodboldklubben?")
    proposed = await say(service, OLE, "årsværk 16 @CPKS-01")  # an FTE proposal carries him
    assert any("Forslaget om 16 årsværk" in reply_text(r) for r in proposed)
    states = FlowStates(service.app[sessionmaker_key])
    await states.put("slack/conversations/D0OLE", {"flow": "checkin", "v": 1,
                                                    "reporter": OLE, "prompt": {}}, None)


async def test_export_shows_everything_and_erase_leaves_no_trace(service: Service) -> None:
    await _year_of_ole(service)
    factory = service.app[sessionmaker_key]
    async with factory() as session:
        assert await _everywhere(session, OLE), "the scan finds the address before"
        reports_before = len((await session.scalars(select(Report))).all())
    progress_before, _ = await service.bot.checkins.progress()

    exported = await _cli(service, "export", OLE.upper())
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["email"] == OLE
    assert [i["user_id"] for i in data["identities"]] == [f"29:{OLE}"]
    assert {u["code"] for u in data["leads"]["units"]} == {"CPKS-01", "CPKS-02"}
    assert len(data["reports"]) == 4  # three check-ins and the undo
    assert data["own_chats"][0]["conversation_id"] == f"a:personal-{OLE}"
    assert data["installed_the_bot_in"][0]["conversation_id"] == CHANNEL
    assert len(data["subscriptions_created"]) == 1
    assert data["reminders_stopped_at"] is not None
    assert len(data["checkin_in_progress"]) == 1
    assert len(data["unanswered_questions_mentioning_the_address"]) == 1

    dry = await _cli(service, "erase", OLE, "--dry-run")
    assert dry.returncode == 0
    assert "would be erased" in dry.stdout
    async with factory() as session:
        assert await _everywhere(session, OLE), "a dry run changes nothing"

    erased = await _cli(service, "erase", OLE)
    assert erased.returncode == 0, erased.stderr + erased.stdout
    assert "check-ins sent (reports.reported_by" in erased.stdout
    async with factory() as session:
        assert await _everywhere(session, OLE) == []
        assert await _everywhere(session, f"29:{OLE}") == []  # his Teams id
        reports = (await session.scalars(select(Report))).all()
        assert len(reports) == reports_before  # every check-in stays …
        assert sum(r.reported_by == ERASED for r in reports) == 4  # … without his name
        [channel] = (await session.scalars(select(Conversation).where(
            Conversation.conversation_id == CHANNEL))).all()
        assert channel.installed_by is None
        [subscription] = (await session.scalars(select(Subscription).where(
            Subscription.conversation_id == channel.id))).all()
        assert subscription.active
        assert subscription.created_by == ERASED
        assert (await session.scalars(select(Person).where(
            Person.email == SUSANNE))).one()  # nobody else's data is touched
    progress_after, _ = await service.bot.checkins.progress()
    for goal in ("sick-leave", "relational-coordination"):
        assert progress_after[goal].value == progress_before[goal].value
        assert progress_after[goal].reported == progress_before[goal].reported
    again = await _cli(service, "erase", OLE)
    assert again.returncode == 0
    assert "nothing stored" in again.stdout


async def test_a_bad_address_is_refused(service: Service) -> None:
    done = await _cli(service, "export", "not an address")
    assert done.returncode == 2
    assert "is not an e-mail address" in done.stderr


async def test_retention_deletes_what_is_past_its_time(service: Service) -> None:
    await say(service, OLE, "hej")  # a personal chat and an identity, both fresh
    factory = service.app[sessionmaker_key]
    bot_now = service.bot.clock.now()
    real_now = dt.datetime.now(dt.UTC)
    async with factory() as session, session.begin():
        old, recent = bot_now - dt.timedelta(days=400), bot_now - dt.timedelta(days=10)
        session.add_all([
            Person(channel="msteams", user_id="29:gone", email="gone@ltk.example",
                   updated_at=bot_now - dt.timedelta(days=91)),
            QuestionLog(channel="msteams", lang="da", outcome="unknown", question="gammel",
                        score=0.1, asked_at=bot_now - dt.timedelta(days=181)),
            QuestionLog(channel="msteams", lang="da", outcome="unknown", question="ny",
                        score=0.1, asked_at=bot_now - dt.timedelta(days=5)),
            SeenEvent(key="slack:Ev-old", seen_at=bot_now - dt.timedelta(hours=2)),
        ])
        stale = Conversation(channel="msteams", conversation_id="a:personal-gone",
                             kind="personal", reference="{}", user_email="gone@ltk.example",
                             updated_at=old)
        subscribed = Conversation(channel="msteams", conversation_id="19:quiet@thread.tacv2",
                                  kind="channel", reference="{}", updated_at=old)
        reminded = Conversation(channel="msteams", conversation_id="a:personal-reminded",
                                kind="personal", reference="{}", updated_at=old)
        session.add_all([stale, subscribed, reminded])
        await session.flush()
        session.add(Subscription(conversation_id=subscribed.id, schedule="{}", lang="da",
                                 created_by="x@ltk.example"))
        session.add_all([
            Delivery(kind="reminder", conversation_id=stale.id, period="2018-W01",
                     status="sent", attempts=1, claimed_by="a", claimed_at=old),
            Delivery(kind="reminder", conversation_id=reminded.id, period="2019-W44",
                     status="sent", attempts=1, claimed_by="a", claimed_at=recent),
            FlowState(key="msteams/conversations/a:personal-gone", etag="1", data="{}"),
        ])
    async with factory() as session, session.begin():
        await session.execute(text("UPDATE flow_states SET updated_at = :at"),
                              {"at": real_now - dt.timedelta(days=31)})
    retention = Retention(factory, service.bot.clock, questions_days=180,
                          conversations_days=365, identities_days=90,
                          seen=SeenEvents(factory, now=service.bot.clock.now))
    done = await retention.run()
    assert done == {"question_log": 1, "people": 1, "flow_states": 1, "deliveries": 1,
                    "conversations": 1, "seen_events": 1}
    async with factory() as session:
        ids = {c.conversation_id for c in (await session.scalars(select(Conversation))).all()}
        assert "a:personal-gone" not in ids
        assert {"19:quiet@thread.tacv2", "a:personal-reminded", f"a:personal-{OLE}"} <= ids
        assert [q.question for q in (await session.scalars(select(QuestionLog))).all()] == \
            ["ny"]
        assert {p.user_id for p in (await session.scalars(select(Person))).all()} == \
            {f"29:{OLE}"}
    assert await retention.run() == {}  # nothing more is due


async def test_the_retention_job_is_scheduled_daily(service: Service) -> None:
    scheduler = service.bot.scheduler.scheduler
    for _ in range(100):  # the leader's start adds its jobs in the background
        if scheduler.get_job("refresh") is not None:
            break
        await asyncio.sleep(0.05)
    job = scheduler.get_job("retention")
    assert job is not None
    assert "hour='3'" in str(job.trigger)
    assert "minute='30'" in str(job.trigger)



async def test_slet_mine_data_tells_what_is_stored_and_whom_to_ask(service: Service) -> None:
    await say(service, OLE, "sygefravær 12,8 @CPKS-01")
    await say(service, OLE, "stop påmindelser")
    [reply] = [r for r in await say(service, OLE, "slet mine data") if r.get("type") == "message"]
    text = reply_text(reply)
    assert "Dine data hos strategibot" in text
    assert f"Din e-mailadresse ({OLE})" in text
    assert "CPKS, CPKS-01, CPKS-02" not in text  # Ole leads units, not the centre
    assert "CPKS-01, CPKS-02" in text
    assert "1 indrapportering med dig som afsender" in text
    assert "At du ikke vil have påmindelser." in text
    assert "admin@ltk.example" in text  # whom to ask
    [english] = [r for r in await say(service, OLE, "delete my data", locale="en-US")
                 if r.get("type") == "message"]
    assert "This is what I keep about you:" in reply_text(english)
    async with service.app[sessionmaker_key]() as session:  # asking erases nothing
        assert await _everywhere(session, OLE)
    [stranger] = [r for r in await say(service, "nobody@ltk.example", "hvad ved du om mig")
                  if r.get("type") == "message"]
    assert "nobody@ltk.example" in reply_text(stranger)
    assert "indrapportering(er)" not in reply_text(stranger)
