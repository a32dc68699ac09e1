"""Channels keep their identity and private things stay private (issue 11), through Teams'
``/api/messages`` and Slack's signed ``/api/slack`` on SQLite and PostgreSQL: a channel is one
conversation whatever thread a message comes from, before and after a restart; a check-in or
a figure asked for in a channel continues in the one-to-one chat."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.support.activities import BOT, card_of, members_added, teams_message
from tests.support.service import OLE, Service, reply_text, reports, roster_user
from tests.support.slack_api import (
    BOT_USER_ID,
    FakeSlackApi,
    app_mention,
    event_callback,
    signed_headers,
)
from tests.support.slack_chat import with_slack

OWNER = "mikkel.krogh@ltk.example"  # installs the bot in the team
ADMIN = "admin@ltk.example"
CHANNEL = "19:ledelse@thread.tacv2"


async def _install(service: Service) -> None:
    user = roster_user(service.connector, OWNER, CHANNEL)
    activity = members_added(service.connector.url, [BOT], conversation=CHANNEL,
                             conversation_type="channel")
    activity["from"] = user
    async with await service.post_activity(activity) as response:
        assert response.status < 300


async def _in_thread(service: Service, email: str, text: str,
                     thread: str) -> list[dict[str, Any]]:
    """A message in one thread of the channel (Teams: ``<channel>;messageid=<thread>``)."""
    user = roster_user(service.connector, email, CHANNEL)
    before = len(service.connector.activities)
    activity = teams_message(service.connector.url, text, mention=True, user=user,
                             conversation=f"{CHANNEL};messageid={thread}",
                             conversation_type="channel")
    async with await service.post_activity(activity) as response:
        assert response.status < 300
    await asyncio.sleep(0.05)
    return [r.body for r in service.connector.activities[before:]]


def _text(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply_text(r) for r in replies)


async def test_a_teams_channel_keeps_its_subscription_and_installer_across_a_restart(
        service: Service) -> None:
    await _install(service)
    assert "Abonneret" in _text(await _in_thread(service, OWNER, "abonnér", "1700000000001"))
    await service.restart()
    listed = _text(await _in_thread(service, OLE, "abonnementer", "1700000000002"))
    assert "hver mandag kl. 09:00 (aktiv)" in listed  # another thread, after a restart
    changed = _text(await _in_thread(service, OWNER, "abonnér ugentlig fredag 14",
                                     "1700000000003"))
    assert "Abonnementet er ændret" in changed  # the installer may still change it
    assert "fredag" in changed
    assert "afmeldt" in _text(await _in_thread(service, OWNER, "afmeld", "1700000000004"))
    assert "Der var intet abonnement at afmelde" in _text(
        await _in_thread(service, OWNER, "afmeld", "1700000000005"))


async def test_help_in_a_channel_names_nobody_s_units(service: Service) -> None:
    await _install(service)
    text = _text(await _in_thread(service, OLE, "hjælp", "1700000000020"))
    assert "for enhedsledere og centerchefer" in text
    assert "Strategi og Analyse" not in text
    assert "Kommunikation" not in text


async def test_a_checkin_asked_for_in_a_channel_continues_privately(service: Service) -> None:
    await _install(service)
    replies = await _in_thread(service, OLE, "indrapporter", "1700000000010")
    in_channel = [r for r in replies if CHANNEL in str(r.get("conversation", {}).get("id"))]
    assert _text(in_channel) == "Jeg har skrevet til dig privat."
    private = [r for r in replies if r not in in_channel]
    assert private
    assert replies.index(in_channel[0]) > replies.index(private[-1])  # said once it is true
    assert all(CHANNEL not in str(r.get("conversation", {}).get("id")) for r in private)
    assert card_of(private[0])["body"][0]["text"] == "Indrapportering: Strategi og Analyse"

    replies = await _in_thread(service, OLE, "sygefravær 12,8 @CPKS-01", "1700000000011")
    channel_text = _text([r for r in replies
                          if CHANNEL in str(r.get("conversation", {}).get("id"))])
    assert channel_text == "Jeg har skrevet til dig privat."
    assert "12,8" not in channel_text  # a figure a person reports never shows in a channel
    assert "Gemt for Strategi og Analyse" in _text(replies)
    assert await reports(service) == 1


# ------------------------------------------------------------------ Slack


@pytest.fixture
async def slack(service: Service) -> AsyncIterator[FakeSlackApi]:
    async with with_slack(service, {"U0ADMIN": ADMIN, "U0OLE": OLE}) as fake:
        yield fake


async def _mention(service: Service, slack: FakeSlackApi, text: str, *, user: str,
                   number: int, thread: str | None = None) -> list[dict[str, Any]]:
    before = len(slack.calls_to("chat.postMessage"))
    ts = f"1700000300.{number:06d}"
    body = event_callback(app_mention(f"<@{BOT_USER_ID}> {text}", user=user, ts=ts,
                                      thread_ts=thread),
                          event_id=f"EvM{number:04d}")
    async with service.http.post(f"{service.url}/api/slack", data=body,
                                 headers=signed_headers(body, time.time())) as response:
        assert response.status == 200
    await slack.wait_for("chat.postMessage", before + 1)
    await asyncio.sleep(0.1)
    return [c.params for c in slack.calls_to("chat.postMessage")[before:]]


async def test_a_slack_channel_is_one_conversation_whatever_the_thread(
        service: Service, slack: FakeSlackApi) -> None:
    subscribed = await _mention(service, slack, "abonnér", user="U0ADMIN", number=1,
                                thread="1700000299.000001")
    assert "Abonneret" in str(subscribed[0].get("text"))
    await service.restart()
    listed = await _mention(service, slack, "abonnementer", user="U0OLE", number=2)
    assert "(aktiv)" in str(listed[0].get("text"))  # top level, after a restart
    [subscription] = await service.bot.subscriptions.list()
    before = len(slack.calls_to("chat.postMessage"))
    assert (await service.bot.digests.run(subscription.id, "2019-W47")).status == "sent"
    digest = slack.calls_to("chat.postMessage")[before].params
    assert digest["channel"] == "C0CHAN01"
    assert "thread_ts" not in digest  # the top level
    stopped = await _mention(service, slack, "afmeld", user="U0ADMIN", number=3)
    assert "afmeldt" in str(stopped[0].get("text"))
    assert not (await service.bot.subscriptions.list())[0].active


async def test_a_slack_checkin_from_a_channel_goes_to_the_dm(
        service: Service, slack: FakeSlackApi) -> None:
    posted = await _mention(service, slack, "indrapporter", user="U0OLE", number=4)
    assert slack.calls_to("conversations.open")
    channel = [p for p in posted if p.get("channel") == "C0CHAN01"]
    assert [p.get("text") for p in channel] == ["Jeg har skrevet til dig privat."]
    direct = [p for p in posted if p.get("channel") != "C0CHAN01"]
    assert any("relationel koordinering" in str(p.get("text")) for p in direct)
