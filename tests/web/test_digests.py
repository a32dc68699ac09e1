"""Subscriptions, digests, reminders and the delivery ledger through the test Bot Connector,
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from strategibot.store.tables import Conversation, Delivery, Subscription
from strategibot.web.keys import sessionmaker_key
from tests.support.activities import BOT, card_of, members_added, teams_message
from tests.support.service import OLE, SUSANNE, Service, reply_text, roster_user, say

OWNER = "mikkel.krogh@ltk.example"  # installs the bot in the team (a centre chief)
CHANNEL = "19:strategy@thread.tacv2"


async def _install_in_team(service: Service) -> None:
    user = roster_user(service.connector, OWNER, CHANNEL)
    activity = members_added(service.connector.url, [BOT], conversation=CHANNEL,
                             conversation_type="channel")
    activity["from"] = user
    async with await service.post_activity(activity) as response:
        assert response.status < 300


async def _in_channel(service: Service, email: str, text: str) -> list[dict[str, Any]]:
    user = roster_user(service.connector, email, CHANNEL)
    before = len(service.connector.activities)
    thread = f"{CHANNEL};messageid=17000000{len(service.connector.requests):05d}"
    activity = teams_message(service.connector.url, text, mention=True, user=user,
                             conversation=thread, conversation_type="channel")
    async with await service.post_activity(activity) as response:
        assert response.status < 300
    return [r.body for r in service.connector.activities[before:]
            if r.body.get("type") != "typing"]


async def _subscriptions(service: Service) -> list[Subscription]:
    async with service.app[sessionmaker_key]() as session:
        return list((await session.scalars(select(Subscription))).all())


async def _deliveries(service: Service) -> list[Delivery]:
    async with service.app[sessionmaker_key]() as session:
        return list((await session.scalars(select(Delivery).order_by(Delivery.id))).all())


async def test_the_installer_subscribes_a_channel_and_others_may_not(service: Service) -> None:
    await _install_in_team(service)
    [refused] = await _in_channel(service, SUSANNE, "abonnér")
    assert "Kun administratorer" in reply_text(refused)
    [reply] = await _in_channel(service, OWNER, "abonnér ugentlig fredag 14")
    assert "Abonneret" in reply_text(reply)
    assert "hver fredag kl. 14:00" in reply_text(reply)
    [subscription] = await _subscriptions(service)
    assert subscription.active
    assert json.loads(subscription.schedule)["weekday"] == 4
    [again] = await _in_channel(service, OWNER, "abonnér ugentlig fredag 14")
    assert "Intet er ændret" in reply_text(again)
    [listed] = await _in_channel(service, SUSANNE, "abonnementer")
    assert "hver fredag kl. 14:00 (aktiv)" in reply_text(listed)
    [bad] = await _in_channel(service, OWNER, "abonnér ugentlig kl 25")
    assert "25" in reply_text(bad)
    [gone] = await _in_channel(service, OWNER, "afmeld")
    assert "afmeldt" in reply_text(gone)
    assert not (await _subscriptions(service))[0].active


async def test_a_digest_reaches_the_channel_once_with_the_right_figures(service: Service) -> None:
    await _install_in_team(service)
    await _in_channel(service, OWNER, "abonnér")
    await say(service, SUSANNE, "sygefravær 12")
    await say(service, SUSANNE, "RK færdig")
    # (six units behind the sick-leave figure, not all in withheld centres: fewer, and it is
    # withheld)
    await say(service, OLE, "sygefravær 12 i begge")
    for code in ("CPKS-03", "CPKS-04", "CSB-01"):
        await say(service, "admin@ltk.example", f"sygefravær 12 @{code}")
    [subscription] = await _subscriptions(service)
    before = len(service.connector.activities)
    result = await service.bot.digests.run(subscription.id, "2026-W48")
    assert result.status == "sent"
    again = await service.bot.digests.run(subscription.id, "2026-W48")
    assert again.status == "skipped"  # the ledger: once per (subscription, period)
    posted = service.connector.activities[before:]
    assert len(posted) == 1
    assert posted[0].path == f"/v3/conversations/{CHANNEL}/activities"  # the channel, no thread
    card = json.dumps(card_of(posted[0].body), ensure_ascii=False)
    assert "Fremdrift på de fælles mål – uge 48, 2026" in card
    assert '"12 (mål 13,5)"' in card  # sick leave: one row, its figure against the target
    assert '"6 af 40 enheder' in card  # … and who stands behind it
    assert '"1 af 30"' in card  # relational coordination
    [delivery] = await _deliveries(service)
    assert (delivery.status, delivery.period, delivery.attempts) == ("sent", "2026-W48", 1)


async def test_a_429_is_retried_and_a_403_pauses_and_tells_the_admins(service: Service) -> None:
    await _install_in_team(service)
    await _in_channel(service, OWNER, "abonnér")
    await say(service, "admin@ltk.example", "hej")  # the admin's personal chat is known
    [subscription] = await _subscriptions(service)
    service.connector.fail(429, retry_after=1, times=1, path=f"/v3/conversations/{CHANNEL}")
    assert (await service.bot.digests.run(subscription.id, "2026-W48")).status == "sent"
    assert (await _deliveries(service))[0].attempts == 2
    service.connector.fail(403, path=f"/v3/conversations/{CHANNEL}")
    before = len(service.connector.activities)
    assert (await service.bot.digests.run(subscription.id, "2026-W49")).status == "paused"
    [paused] = await _subscriptions(service)
    assert not paused.active
    assert "403" in (paused.paused_reason or "")
    notices = [r for r in service.connector.activities[before:]
               if r.path.startswith("/v3/conversations/a:personal-admin")]
    assert len(notices) == 1
    assert "sat på pause" in reply_text(notices[0].body)


async def test_a_crash_between_claim_and_send_is_finished_at_the_next_start(
    service: Service,
) -> None:
    await _install_in_team(service)
    await _in_channel(service, OWNER, "abonnér")
    [subscription] = await _subscriptions(service)
    async with service.app[sessionmaker_key]() as session, session.begin():
        conversation = await session.scalar(select(Conversation).where(
            Conversation.conversation_id == CHANNEL))
        assert conversation is not None
        session.add(Delivery(kind="digest", conversation_id=conversation.id,
                             subscription_id=subscription.id, period="2026-W47",
                             status="claimed", attempts=0, claimed_by="a-dead-replica",
                             claimed_at=service.bot.clock.now()))
    before = len(service.connector.activities)
    results = await service.bot.digests.recover()
    assert [r.status for r in results] == ["sent"]
    assert len(service.connector.activities) == before + 1
    assert await service.bot.digests.recover() == []  # nothing left: sent once


async def test_a_missed_digest_is_made_up_once_within_the_grace_period(
    service: Service,
) -> None:
    await _install_in_team(service)
    await _in_channel(service, OWNER, "abonnér")  # Monday 09:00
    monday = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)  # 09:00 in Copenhagen
    digests = service.bot.digests
    grace = dt.timedelta(hours=12)
    late = await digests.catch_up(monday + dt.timedelta(hours=6), grace=grace)
    assert [(r.period, r.status) for r in late] == [("2026-W49", "sent")]
    assert await digests.catch_up(monday + dt.timedelta(hours=7), grace=grace) == []
    too_late = await digests.catch_up(monday + dt.timedelta(days=7, hours=13), grace=grace)
    assert too_late == []


async def test_leaders_without_a_report_get_one_reminder_and_can_stop_it(
    service: Service,
) -> None:
    await say(service, SUSANNE, "hej")  # her personal chat is known
    await say(service, "karen.mortensen@ltk.example", "hej")
    await say(service, "karen.mortensen@ltk.example", "sygefravær 14")  # Karen has reported
    since = service.bot.clock.now() - dt.timedelta(days=1)
    before = len(service.connector.activities)
    results = await service.bot.reminders.run_leaders("2026-W48", since)
    assert [r.status for r in results] == ["sent"]
    [reminder] = service.connector.activities[before:]
    assert reminder.path.startswith(f"/v3/conversations/a:personal-{SUSANNE}")
    assert "Budget og Regnskab mangler at indrapportere" in reply_text(reminder.body)
    # once per period: the ledger
    again = await service.bot.reminders.run_leaders("2026-W48", since)
    assert [r.status for r in again] == ["skipped"]
    assert len(service.connector.activities) == before + 1
    [stopped] = await say(service, SUSANNE, "stop påmindelser")
    assert "ikke flere påmindelser" in reply_text(stopped)
    assert await service.bot.reminders.run_leaders("2026-W49", since) == []


async def test_a_digest_due_before_the_subscription_is_not_made_up(service: Service) -> None:
    """Subscribed after the week's slot had passed: a restart does not send that week's
    digest as "missed" (it never was); one that existed at the slot is made up."""
    await _install_in_team(service)
    replies = await _in_channel(service, OWNER, "abonnér ugentlig fredag 1")
    assert replies
    [subscription] = await _subscriptions(service)
    assert subscription.since is not None
    digests = service.bot.digests
    week = dt.timedelta(days=8)  # any slot of the last week would be within the grace
    assert await digests.catch_up(service.bot.clock.now(), grace=week) == []
    async with service.app[sessionmaker_key]() as session, session.begin():
        row = await session.get(Subscription, subscription.id)
        assert row is not None
        row.since = service.bot.clock.now() - dt.timedelta(days=8)  # it existed at the slot
    made_up = await digests.catch_up(service.bot.clock.now(), grace=week)
    assert [r.status for r in made_up] == ["sent"]


async def test_unsubscribe_in_english_is_no_subscribe(service: Service) -> None:
    """"unsubscribe" is 90 % like "subscribe" and was read as it: "This is already subscribed
    … Nothing changed", and the subscription stayed (round 11's persona)."""
    await _install_in_team(service)
    [reply] = await _in_channel(service, OWNER, "subscribe")
    assert "Subscribed" in reply_text(reply) or "Abonneret" in reply_text(reply)
    [gone] = await _in_channel(service, OWNER, "unsubscribe")
    assert not (await _subscriptions(service))[0].active, reply_text(gone)
