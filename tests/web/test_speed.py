"""What keeps every turn fast (issue 15), checked for behaviour — the timings themselves are
in benchmarks/ (BENCHMARKS.md): a one-liner saves in at most two transactions, writes the
reply does not depend on leave the turn and are never lost on a clean shutdown, reads go to
SQLite's read-only connections, the user's address is looked up once and again after its
expiry."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from strategibot.store.tables import Conversation, QuestionLog
from tests.support.activities import teams_message
from tests.support.service import SUSANNE, Service, reply_text, roster_user, say


async def _transactions(service: Service) -> dict[str, float]:
    async with service.http.get(f"{service.url}/metrics") as response:
        text = await response.text()
    return {role: float(n) for role, n in re.findall(
        r'strategibot_db_transactions_total\{role="(\w+)"\} ([0-9.e+]+)', text)}


async def test_a_one_liner_takes_at_most_two_transactions(service: Service) -> None:
    await say(service, SUSANNE, "hej")  # first sight: the conversation is remembered
    await say(service, SUSANNE, "sygefravær 13")
    before = await _transactions(service)
    [reply] = await say(service, SUSANNE, "sygefravær 12,8")  # settles the background too
    after = await _transactions(service)
    assert reply_text(reply).startswith("Gemt for Budget og Regnskab")
    used = sum(after.values()) - sum(before.values())
    assert 1 <= used <= 2, (before, after)
    [reply] = await say(service, SUSANNE, "sygefravær 12,8")  # the same again: nothing new
    assert reply_text(reply).startswith("Intet er ændret")


async def test_sqlite_reads_use_their_own_connections(service: Service) -> None:
    await say(service, SUSANNE, "hej")
    before = await _transactions(service)
    await say(service, SUSANNE, "hvordan går det med sygefraværet?")
    after = await _transactions(service)
    if service.settings.database_url.startswith("sqlite"):
        assert after.get("reader", 0) > before.get("reader", 0)
    else:  # PostgreSQL: one pool serves reads and writes
        assert "reader" not in after


async def test_background_writes_survive_a_clean_restart(service: Service) -> None:
    """The question log and a new conversation's memory are written after the reply, and a
    clean shutdown right after the turn writes them."""
    activity = teams_message(service.connector.url, "hvem vinder superligaen?",
                             conversation="a:new-person")
    async with await service.post_activity(activity) as response:
        assert response.status < 300
    await service.connector.wait_for(1)
    await service.restart()  # no settle(): stop() must write what was queued
    from strategibot.web.keys import sessionmaker_key
    async with service.app[sessionmaker_key]() as session:
        logged = await session.scalar(select(func.count()).select_from(QuestionLog))
        remembered = await session.scalar(select(func.count()).select_from(Conversation)
                                          .where(Conversation.conversation_id == "a:new-person"))
    assert logged == 1
    assert remembered == 1


async def test_the_address_is_looked_up_once_per_conversation(service: Service) -> None:
    """The roster look-up (user → e-mail) is cached: three turns, one look-up."""
    await say(service, SUSANNE, "sygefravær 13")
    await say(service, SUSANNE, "sygefravær 12")
    await say(service, SUSANNE, "hvad er kerneopgaven?")
    lookups = [r for r in service.connector.requests
               if r.method == "GET" and "/members" in r.path]
    assert len(lookups) == 1, [r.path for r in lookups]


async def test_a_throttled_or_failed_reply_is_tried_again_within_the_turn(
        service: Service) -> None:
    """The connector's 429 (after its Retry-After) and 5xx are tried again while the turn's
    budget allows: the leader hears "Gemt" (the fake records every attempt)."""
    service.connector.fail(429, method="POST", path=r"/activities", times=1, retry_after=0.2)
    attempts = await say(service, SUSANNE, "sygefravær 12,8")
    assert len(attempts) == 2
    assert reply_text(attempts[-1]).startswith("Gemt for Budget og Regnskab")
    service.connector.fail(503, method="POST", path=r"/activities", times=2)
    attempts = await say(service, SUSANNE, "hvad er kerneopgaven?")
    assert len(attempts) == 3
    assert "Kerneopgaven" in reply_text(attempts[-1])
    service.connector.fail(500, method="POST", path=r"/activities", times=None)
    before = len(service.connector.activities)
    conversation = f"a:personal-{SUSANNE}"
    activity = teams_message(service.connector.url, "hvad er kerneopgaven?",
                             conversation=conversation,
                             user=roster_user(service.connector, SUSANNE, conversation))
    async with await service.post_activity(activity) as response:
        assert response.status == 503  # the user heard nothing: Teams may deliver it again
    attempts = [r for r in service.connector.activities[before:]
                if r.body.get("type") == "message"]
    assert len(attempts) == 3  # two tries more, then it gives up
    service.connector.clear()
