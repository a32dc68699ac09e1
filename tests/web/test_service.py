"""The bot through the real HTTP path: POST /api/messages on a real port, replies arriving
at a fake Bot Connector as Teams would receive them."""

from __future__ import annotations

import asyncio
import gc

from sqlalchemy import select

from strategibot.store.tables import QuestionLog
from strategibot.web.keys import metrics_key, sessionmaker_key
from tests.support.activities import (
    BOT,
    USER,
    card_buttons,
    card_of,
    card_texts,
    members_added,
    teams_message,
)
from tests.support.service import Service


async def test_health_readiness_and_metrics(service: Service) -> None:
    async with service.http.get(f"{service.url}/healthz") as response:
        assert (response.status, await response.json()) == (200, {"status": "ok"})
    async with service.http.get(f"{service.url}/readyz") as response:
        body = await response.json()
        assert response.status == 200
        assert body == {"status": "ready", "knowledge": "ok", "database": "ok"}
    async with service.http.get(f"{service.url}/metrics") as response:
        assert response.status == 200
        assert "strategibot_turn_seconds" in await response.text()


async def test_a_danish_question_gets_a_card_with_source_and_follow_ups(service: Service) -> None:
    activity = teams_message(service.connector.url, "hvad er kerneopgaven?")
    async with await service.post_activity(activity) as response:
        assert response.status in (200, 201, 202)
    [reply] = await service.connector.wait_for(1)
    assert reply.path == f"/v3/conversations/a:personal-1/activities/{activity['id']}"
    body = reply.body
    assert body["replyToId"] == activity["id"]
    assert body["conversation"]["id"] == "a:personal-1"
    card = card_of(body)
    assert card["version"] == "1.5"
    texts = card_texts(card)
    assert texts[0] == "Kerneopgaven"
    assert any("Sammen med borgere og virksomheder" in t for t in texts)
    assert "Kilde: Koncernstrategi 2019, s. 7" in texts
    buttons = card_buttons(card)
    assert 2 <= len(buttons) <= 3
    for button in buttons:
        assert button["type"] == "Action.Submit"
        assert button["data"]["msteams"]["type"] == "messageBack"
        assert button["data"]["msteams"]["text"] == button["title"]


async def test_an_english_question_is_answered_in_english(service: Service) -> None:
    await service.post_activity(teams_message(service.connector.url, "what does RC mean?",
                                              locale="en-US"))
    [reply] = await service.connector.wait_for(1)
    texts = card_texts(card_of(reply.body))
    assert texts[0] == "Relational coordination"
    assert "Source: Corporate Strategy 2019, p. 7" in texts


async def test_clicking_a_follow_up_asks_that_question(service: Service) -> None:
    await service.post_activity(teams_message(service.connector.url, "hvad er kerneopgaven?"))
    [first] = await service.connector.wait_for(1)
    button = card_buttons(card_of(first.body))[0]
    # Teams sends a messageBack click as a message whose text is the button's text
    click = teams_message(service.connector.url, button["data"]["msteams"]["text"],
                          value=button["data"])
    await service.post_activity(click)
    replies = await service.connector.wait_for(2)
    assert card_texts(card_of(replies[1].body))[0] != "Kerneopgaven"
    assert any(t.startswith("Kilde:") for t in card_texts(card_of(replies[1].body)))


async def test_a_channel_mention_is_stripped_and_answered_in_its_thread(service: Service) -> None:
    thread = "19:channel-1@thread.tacv2;messageid=1700000000001"
    activity = teams_message(service.connector.url, "hvad betyder RK?", mention=True,
                             conversation=thread, conversation_type="channel")
    await service.post_activity(activity)
    [reply] = await service.connector.wait_for(1)
    assert reply.body["conversation"]["id"] == thread
    assert reply.body["replyToId"] == activity["id"]
    assert card_texts(card_of(reply.body))[0] == "Relationel koordinering"


async def test_welcome_when_installed_in_a_personal_chat(service: Service) -> None:
    # a personal install sends membersAdded with only the bot itself
    await service.post_activity(members_added(service.connector.url, [BOT]))
    [welcome] = await service.connector.wait_for(1)
    texts = card_texts(card_of(welcome.body))
    assert any("Jeg er strategibot" in t for t in texts)
    # the whole bot, each part with an example: questions, progress, the whole strategy
    assert any("Spørg om strategien" in t for t in texts)
    assert any("Fremdrift" in t for t in texts)
    assert not any("Indrapportering" in t for t in texts)  # not a leader (no roster e-mail)
    titles = [b["title"] for b in card_buttons(card_of(welcome.body))]
    assert titles == ["Hvad er kerneopgaven?", "Fremdrift", "Hele strategien"]


async def test_no_welcome_when_a_person_joins_a_team(service: Service) -> None:
    await service.post_activity(members_added(service.connector.url, [USER],
                                              conversation="19:team@thread.tacv2",
                                              conversation_type="channel"))
    await service.post_activity(teams_message(service.connector.url, "hej"))
    replies = await service.connector.wait_for(1)
    await asyncio.sleep(0.05)
    # (a typing indicator is no welcome: a turn slowed by a busy machine sends one)
    assert len([a for a in service.connector.activities
                if (a.body or {}).get("type") != "typing"]) == 1
    assert replies[0].body["replyToId"]  # the greeting's reply, not a welcome


async def test_a_redelivered_activity_is_answered_once(service: Service) -> None:
    activity = teams_message(service.connector.url, "hvad er kerneopgaven?",
                             activity_id="1700000000999")
    first = await service.post_activity(activity)
    second = await service.post_activity(activity)
    assert first.status < 300
    assert second.status < 300
    await service.post_activity(teams_message(service.connector.url, "tak"))
    await service.connector.wait_for(2)
    answered = [r for r in service.connector.activities
                if r.body.get("replyToId") == activity["id"]]
    assert len(answered) == 1


async def test_unanswered_questions_are_logged_for_review(service: Service) -> None:
    await service.post_activity(teams_message(service.connector.url,
                                              "hvem vinder superligaen i år?"))
    [reply] = await service.connector.wait_for(1)
    assert any("ved jeg desværre ikke" in t for t in card_texts(card_of(reply.body)))
    await service.settle()  # the question log is written after the reply, in a batch
    async with service.app[sessionmaker_key]() as session:
        rows = (await session.scalars(select(QuestionLog))).all()
    assert [(r.question, r.outcome, r.channel) for r in rows] == [
        ("hvem vinder superligaen i år?", "unknown", "msteams")]


async def test_a_channel_without_cards_gets_plain_text(service: Service) -> None:
    activity = teams_message(service.connector.url, "hvad er kerneopgaven?")
    activity["channelId"] = "sms"
    await service.post_activity(activity)
    [reply] = await service.connector.wait_for(1)
    assert not reply.body.get("attachments")
    assert "Kilde: Koncernstrategi 2019, s. 7" in reply.body["text"]


async def test_bad_requests_get_a_4xx_and_the_service_keeps_serving(service: Service) -> None:
    url = f"{service.url}/api/messages"
    async with service.http.post(url, data=b"{not json",
                                 headers={"Content-Type": "application/json"}) as response:
        assert response.status == 400
        assert "Traceback" not in await response.text()
    async with service.http.post(url, data=b"x" * (300 * 1024),
                                 headers={"Content-Type": "application/json"}) as response:
        assert response.status == 413
    async with service.http.get(url) as response:
        assert response.status == 405
    async with service.http.post(f"{service.url}/api/slack", json={}) as response:
        assert response.status == 404  # Slack is not configured here
    await service.post_activity(teams_message(service.connector.url, "hej"))
    assert len(await service.connector.wait_for(1)) == 1


async def test_empty_and_huge_messages_get_a_polite_reply(service: Service) -> None:
    await service.post_activity(teams_message(service.connector.url, ""))
    await service.post_activity(teams_message(service.connector.url, "æøå " * 2500))
    await service.post_activity(teams_message(service.connector.url, "🤖\x00\x1b[31m"))
    replies = await service.connector.wait_for(3)
    texts = [card_texts(card_of(r.body))[0] for r in replies]
    assert any("Skriv et spørgsmål" in t for t in texts)
    assert any("for langt" in t for t in texts)


async def test_metrics_count_turns_by_channel_and_outcome(service: Service) -> None:
    await service.post_activity(teams_message(service.connector.url, "hvad er kerneopgaven?"))
    await service.post_activity(teams_message(service.connector.url, "opskrift på lasagne"))
    await service.connector.wait_for(2)
    async with service.http.get(f"{service.url}/metrics") as response:
        text = await response.text()
    assert 'strategibot_turns_total{channel="msteams",outcome="answer"} 1.0' in text
    assert 'strategibot_turns_total{channel="msteams",outcome="unknown"} 1.0' in text
    assert 'strategibot_answers_total{lang="da",outcome="answer"} 1.0' in text


async def test_garbage_collections_are_timed_while_the_app_runs(service: Service) -> None:
    watching = service.app[metrics_key]._on_gc
    assert watching in gc.callbacks  # only this app's watcher, once
    gc.collect()
    async with service.http.get(f"{service.url}/metrics") as response:
        text = await response.text()
    assert 'strategibot_gc_pause_seconds_count{generation="2"}' in text
    full = [line for line in text.splitlines()
            if line.startswith('strategibot_gc_pause_seconds_count{generation="2"}')]
    assert float(full[0].rsplit(" ", 1)[1]) >= 1.0
    await service.runner.cleanup()  # the app stops: its watcher goes with it
    assert watching not in gc.callbacks


async def test_the_tenant_is_kept_and_named_in_what_the_bot_posts_later(
        service: Service) -> None:
    """Teams spells it ``conversation.tenantId`` (botbuilder's model reads ``tenantID``):
    the conversation's tenant is stored, and a digest posted there later names it."""
    from strategibot.channels.teams.channel import TeamsChannel
    from strategibot.domain.messages import Reply
    from strategibot.services.conversations import place_of
    from strategibot.store.tables import Conversation
    from strategibot.web.keys import adapter_key

    activity = teams_message(service.connector.url, "hvad er kerneopgaven?",
                             conversation="19:general@thread.tacv2", conversation_type="channel",
                             mention=True)
    activity["channelData"] = {"tenant": {"id": "tenant-1"}, "team": {"id": "19:team"}}
    await service.post_activity(activity)
    await service.connector.wait_for(1)
    await service.settle()
    async with service.app[sessionmaker_key]() as session:
        row = (await session.scalars(select(Conversation))).one()
    assert row.tenant_id == "tenant-1"
    place = place_of(row)
    assert place.address["conversation"]["tenantID"] == "tenant-1"  # as msrest spells it
    service.connector.clear()
    channel = TeamsChannel(service.app[adapter_key].bot_framework_authentication
                           .connector_factory)
    await channel.post(place, Reply(lang="da", text="Ugens fremdrift"))
    [posted] = service.connector.activities
    assert posted.body["channelData"]["tenant"] == {"id": "tenant-1"}
    assert posted.body["conversation"]["tenantId"] == "tenant-1"  # as Teams spells it
    assert "tenantID" not in posted.body["conversation"]


async def test_a_follow_up_points_back_to_the_question_before_in_the_same_chat(
        service: Service) -> None:
    """"hvad skal det ned på?" after "hvad er sygefraværet?" (an employee persona's
    follow-up got "Det ved jeg desværre ikke"); in another chat it has nothing to point to."""
    from tests.support.service import OLE, SUSANNE, say_text

    await say_text(service, OLE, "hvad er målet for sygefravær?")
    assert "13,5" in await say_text(service, OLE, "hvad skal det ned på?")
    alone = await say_text(service, SUSANNE, "hvad skal det ned på?")
    assert "13,5" not in alone
    # a question of its own is answered as itself
    assert "Relationel koordinering" in await say_text(service, OLE,
                                                       "hvad er relationel koordinering?")


async def test_thanks_with_more_words_is_thanks(service: Service) -> None:
    from tests.support.service import OLE, say_text

    text = await say_text(service, OLE, "thanks, that's all", locale="en-US")
    assert "You're welcome" in text
