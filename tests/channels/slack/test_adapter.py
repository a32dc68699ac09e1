"""SlackAdapter over real HTTP: signed requests in, Web API calls out to a fake Slack.

The app under test is an aiohttp server with ``POST /api/slack`` → ``SlackAdapter.process``
and a tiny echo conversation; ``settings.slack_api_url`` points at ``FakeSlackApi`` on another
loopback port. Nothing here measures time: "answered before the turn finished" is shown with an
``asyncio.Event`` the bot waits on.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from strategibot.channels.slack import SlackAdapter, SlackApiError
from strategibot.domain.messages import Action, Incoming, Place, Reply
from strategibot.errors import ConfigError
from strategibot.render.slack import render
from strategibot.settings import Settings
from tests.support.slack_api import (
    BOT_ID,
    BOT_USER_ID,
    SIGNING_SECRET,
    TEAM_ID,
    TOKEN,
    FakeSlackApi,
    app_mention,
    block_actions,
    event_callback,
    im_message,
    signed_headers,
)

NOW = 1_700_000_000.0
DIGEST = Reply(lang="da", text="digest")


@dataclass
class EchoBot:
    """A conversation that echoes the text; it can wait on ``gate`` first, or answer with
    ``reply``."""

    seen: list[Incoming] = field(default_factory=list)
    entered: asyncio.Event = field(default_factory=asyncio.Event)
    gate: asyncio.Event | None = None
    reply: Reply | None = None
    fail: bool = False

    async def handle(self, turn: Any) -> None:
        self.seen.append(turn.incoming)
        self.entered.set()
        if self.fail:
            raise RuntimeError("the bot broke")
        if self.gate is not None:
            await self.gate.wait()
        await turn.send(self.reply or Reply(lang="da", text=f"echo: {turn.incoming.text}"))


def plain(call: Any) -> dict[str, Any]:
    """A ``chat.postMessage`` call without its Block Kit blocks (the rendered text stays)."""
    return {key: value for key, value in call.params.items() if key != "blocks"}


@dataclass
class Harness:
    client: TestClient[Any, Any]
    adapter: SlackAdapter
    bot: Any  # an EchoBot unless a test brings its own
    slack: FakeSlackApi
    clock: Callable[[], float]

    async def post(
        self,
        body: bytes,
        *,
        content_type: str = "application/json",
        retry: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> aiohttp.ClientResponse:
        """POST ``body`` to /api/slack signed as Slack would, now; ``headers`` override."""
        sent = signed_headers(body, self.clock(), content_type=content_type, retry=retry)
        sent.update(headers or {})
        # The timeout only turns a hang (a turn run before the ack) into a failure.
        async with asyncio.timeout(30):
            return await self.client.post("/api/slack", data=body, headers=sent)

    async def settle(self) -> None:
        """Let every turn started so far finish."""
        await self.adapter.drain()


@pytest.fixture
def slack() -> FakeSlackApi:
    return FakeSlackApi(
        users={
            "U0USER01": {
                "id": "U0USER01",
                "real_name": "Karen Jensen",
                "profile": {"real_name": "Karen Jensen", "email": "kaje@ltk.dk"},
            },
            "U0USER03": {"id": "U0USER03", "profile": {"real_name": "Uden Mail"}},
        }
    )


@pytest.fixture
async def slack_url(slack: FakeSlackApi, aiohttp_server: Any) -> str:
    server = await aiohttp_server(slack.app)
    return str(server.make_url("/api/"))


@pytest.fixture
def settings(slack_url: str) -> Settings:
    """The workspace is named (SLACK_ALLOWED_TEAMS), so no turn needs ``auth.test`` for it;
    tests/channels/slack/test_workspaces.py covers the default (the token's own)."""
    return Settings(
        slack_signing_secret=SIGNING_SECRET, slack_bot_token=TOKEN, slack_api_url=slack_url,
        slack_allowed_teams=(TEAM_ID,),
    )


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


HarnessFactory = Callable[..., Awaitable[Harness]]


@pytest.fixture
def make_harness(
    aiohttp_client: Any,
    settings: Settings,
    session: aiohttp.ClientSession,
    slack: FakeSlackApi,
) -> HarnessFactory:
    async def make(
        bot: Any = None,
        *,
        changes: dict[str, Any] | None = None,
        clock: Callable[[], float] = lambda: NOW,
        **adapter_kwargs: Any,
    ) -> Harness:
        bot = bot or EchoBot()
        adapter = SlackAdapter(
            settings.with_(**(changes or {})), session, clock=clock, **adapter_kwargs
        )

        async def handle(request: web.Request) -> web.Response:
            return await adapter.process(request, bot)

        async def close_adapter(_: web.Application) -> None:
            await adapter.close()

        app = web.Application()
        app.router.add_post("/api/slack", handle)
        app.on_shutdown.append(close_adapter)
        return Harness(await aiohttp_client(app), adapter, bot, slack, clock)

    return make


@pytest.fixture
async def harness(make_harness: HarnessFactory) -> Harness:
    return await make_harness()


# ---------------------------------------------------------------------- handshake and auth


async def test_url_verification_returns_the_challenge(harness: Harness) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV"}).encode()
    response = await harness.post(body)
    assert response.status == 200
    assert await response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV"}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"X-Slack-Signature": "v0=" + "0" * 64}, "signature does not match"),
        ({"X-Slack-Request-Timestamp": str(int(NOW) - 60)}, "signature does not match"),
        ({"X-Slack-Request-Timestamp": "soon"}, "not a whole number"),
    ],
    ids=["forged", "timestamp-changed", "non-numeric"],
)
async def test_forged_requests_are_refused_with_401(
    harness: Harness, change: dict[str, str], reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = event_callback(app_mention(f"<@{BOT_USER_ID}> hej"))
    response = await harness.post(body, headers=change)
    assert response.status == 401
    assert await response.text() == "unauthorized"  # the reason is logged, not told
    assert reason in caplog.text
    await harness.settle()
    assert harness.bot.seen == []
    assert harness.slack.calls == []


async def test_a_replayed_request_is_refused(harness: Harness) -> None:
    body = event_callback(app_mention(f"<@{BOT_USER_ID}> hej"))
    captured = signed_headers(body, NOW - 6 * 60)  # correctly signed, six minutes ago
    response = await harness.client.post("/api/slack", data=body, headers=captured)
    assert response.status == 401
    ahead = signed_headers(body, NOW + 6 * 60)
    response = await harness.client.post("/api/slack", data=body, headers=ahead)
    assert response.status == 401
    await harness.settle()
    assert harness.bot.seen == []


@pytest.mark.parametrize("missing", ["X-Slack-Signature", "X-Slack-Request-Timestamp", "both"])
async def test_missing_headers_give_401(harness: Harness, missing: str) -> None:
    body = event_callback(app_mention(f"<@{BOT_USER_ID}> hej"))
    headers = signed_headers(body, NOW)
    for name in ["X-Slack-Signature", "X-Slack-Request-Timestamp"]:
        if missing in (name, "both"):
            del headers[name]
    response = await harness.client.post("/api/slack", data=body, headers=headers)
    assert response.status == 401


async def test_a_body_signed_with_another_secret_is_refused(harness: Harness) -> None:
    body = event_callback(app_mention(f"<@{BOT_USER_ID}> hej"))
    headers = signed_headers(body, NOW, secret="not-our-secret")
    response = await harness.client.post("/api/slack", data=body, headers=headers)
    assert response.status == 401


async def test_an_empty_signing_secret_is_a_config_error(
    settings: Settings, session: aiohttp.ClientSession
) -> None:
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        SlackAdapter(settings.with_(slack_signing_secret=""), session)


# ---------------------------------------------------------------------- bad input


async def test_a_body_over_the_limit_gives_413(make_harness: HarnessFactory) -> None:
    harness = await make_harness(changes={"max_body_bytes": 1024})
    body = event_callback(app_mention("x" * 2000))
    response = await harness.post(body)
    assert response.status == 413


async def test_a_chunked_body_over_the_limit_gives_413(make_harness: HarnessFactory) -> None:
    harness = await make_harness(changes={"max_body_bytes": 1024})
    body = event_callback(app_mention("x" * 2000))

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the adapter must count
        for start in range(0, len(body), 256):
            yield body[start : start + 256]

    headers = signed_headers(body, NOW)
    response = await harness.client.post("/api/slack", data=chunks(), headers=headers)
    assert response.status == 413


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b'{"a":' * 5000 + b"1" + b"}" * 5000, "application/json"),
        (b"payload=%7Bbroken", "application/x-www-form-urlencoded"),
        (json.dumps({"type": "event_callback", "event": {}}).encode(), "application/json"),
    ],
    ids=["bad-json", "not-an-object", "deeply-nested", "bad-payload", "no-event-id"],
)
async def test_malformed_bodies_give_400(harness: Harness, body: bytes, content_type: str) -> None:
    response = await harness.post(body, content_type=content_type)
    assert response.status == 400
    await harness.settle()
    assert harness.bot.seen == []


async def test_a_body_that_is_not_utf8_is_refused(harness: Harness) -> None:
    """Slack sends UTF-8; slack_sdk's verifier signs the decoded text, so no other body can be
    shown to be Slack's."""
    response = await harness.post(b"\xff\xfe")
    assert response.status == 401
    await harness.settle()
    assert harness.bot.seen == []


@pytest.mark.parametrize(
    "body",
    [
        event_callback({"type": "reaction_added", "user": "U0USER01"}, event_id="Ev-r"),
        event_callback(im_message("edited", subtype="message_changed"), event_id="Ev-s"),
        event_callback(im_message("from a bot", bot_id="B0OTHER1"), event_id="Ev-b"),
        event_callback(im_message("echo: hi", user=BOT_USER_ID), event_id="Ev-own"),
        event_callback({**im_message("in a channel"), "channel_type": "channel"}, event_id="Ev-c"),
        event_callback({"type": "app_mention", "text": "no user, no channel"}, event_id="Ev-m"),
        event_callback({"type": "app_mention", "user": ["U1"], "ts": 1, "channel": "C1",
                        "text": "wrong types"}, event_id="Ev-t"),
        json.dumps({"type": "event_callback", "event_id": "Ev-none"}).encode(),
        json.dumps({"type": "app_rate_limited", "minute_rate_limited": 1}).encode(),
        json.dumps({"no": "type"}).encode(),
    ],
    ids=[
        "unknown-event", "subtype", "bot-message", "own-message", "channel-message",
        "missing-fields", "wrong-types", "no-event", "unknown-envelope", "no-type",
    ],
)
async def test_events_we_do_not_handle_get_200_and_no_turn(harness: Harness, body: bytes) -> None:
    response = await harness.post(body)
    assert response.status == 200
    await harness.settle()
    assert harness.bot.seen == []
    assert harness.slack.calls_to("chat.postMessage") == []


async def test_a_form_without_payload_gets_200_and_no_turn(harness: Harness) -> None:
    response = await harness.post(
        b"ssl_check=1&token=abc", content_type="application/x-www-form-urlencoded"
    )
    assert response.status == 200
    await harness.settle()
    assert harness.bot.seen == []


# ---------------------------------------------------------------------- events → turns


async def test_a_channel_mention_is_answered_in_its_thread(harness: Harness) -> None:
    event = app_mention(f"<@{BOT_USER_ID}> Hvad er kerneopgaven?", ts="1700000000.000100")
    response = await harness.post(event_callback(event, event_id="Ev0MENTION"))
    assert response.status == 200
    assert await response.text() == ""

    [call] = await harness.slack.wait_for("chat.postMessage")
    assert plain(call) == {
        "channel": "C0CHAN01",
        "thread_ts": "1700000000.000100",
        "text": "echo: Hvad er kerneopgaven?",
    }
    [incoming] = harness.bot.seen
    assert incoming.kind == "message"
    assert incoming.id == "Ev0MENTION"
    assert incoming.key == "slack|C0CHAN01|Ev0MENTION"
    assert incoming.text == "Hvad er kerneopgaven?"
    # the channel itself is the conversation; the thread is where the answer goes
    assert incoming.place == Place(channel="slack", id="C0CHAN01", kind="channel",
                                   tenant=TEAM_ID, thread="1700000000.000100",
                                   address={"channel": "C0CHAN01", "team": TEAM_ID})
    assert incoming.user.id == "U0USER01"
    assert incoming.locale is None
    assert harness.slack.calls_to("auth.test") == []  # the envelope named the bot


async def test_a_mention_inside_a_thread_is_answered_in_that_thread(harness: Harness) -> None:
    event = app_mention(
        f"Og sygefraværet, <@{BOT_USER_ID}|strategibot>?",
        ts="1700000050.000300",
        thread_ts="1700000000.000100",
    )
    await harness.post(event_callback(event))
    [call] = await harness.slack.wait_for("chat.postMessage")
    assert call.params["thread_ts"] == "1700000000.000100"
    assert harness.bot.seen[0].text == "Og sygefraværet,?"
    assert harness.bot.seen[0].place.id == "C0CHAN01"
    assert harness.bot.seen[0].place.thread == "1700000000.000100"


async def test_a_direct_message_is_answered_top_level(harness: Harness) -> None:
    await harness.post(event_callback(im_message("Hvad er &lt;RK&gt; &amp; hvorfor?")))
    [call] = await harness.slack.wait_for("chat.postMessage")
    # The bot reads plain text; Slack gets its three characters escaped again.
    assert plain(call) == {"channel": "D0DM0001",
                           "text": "echo: Hvad er &lt;RK&gt; &amp; hvorfor?"}
    [incoming] = harness.bot.seen
    assert incoming.text == "Hvad er <RK> & hvorfor?"
    assert (incoming.place.id, incoming.place.thread) == ("D0DM0001", None)
    assert incoming.place.kind == "personal"


async def test_a_mention_in_a_dm_is_left_to_the_message_event(harness: Harness) -> None:
    mention = app_mention(f"<@{BOT_USER_ID}> hej", channel="D0DM0001")
    await harness.post(event_callback(mention, event_id="Ev-1"))
    await harness.post(event_callback(im_message(f"<@{BOT_USER_ID}> hej"), event_id="Ev-2"))
    await harness.settle()
    assert [a.id for a in harness.bot.seen] == ["Ev-2"]


async def test_the_senders_name_is_filled_in_once_known(harness: Harness) -> None:
    assert await harness.adapter.user_email("U0USER01") == "kaje@ltk.dk"
    await harness.post(event_callback(im_message("hej")))
    await harness.slack.wait_for("chat.postMessage")
    assert harness.bot.seen[0].user.name == "Karen Jensen"


async def test_a_retry_is_processed_once(harness: Harness) -> None:
    body = event_callback(app_mention(f"<@{BOT_USER_ID}> hej"), event_id="Ev0RETRY")
    first = await harness.post(body)
    again = await harness.post(body, retry=1)
    third = await harness.post(body, retry=2)
    assert [first.status, again.status, third.status] == [200, 200, 200]
    await harness.settle()
    assert [a.id for a in harness.bot.seen] == ["Ev0RETRY"]
    assert len(harness.slack.calls_to("chat.postMessage")) == 1


async def test_event_ids_are_forgotten_after_an_hour(make_harness: HarnessFactory) -> None:
    now = [NOW]
    harness = await make_harness(clock=lambda: now[0])
    body = event_callback(im_message("hej"), event_id="Ev0OLD")
    await harness.post(body)
    now[0] += 3599
    await harness.post(body, retry=3)
    now[0] += 2
    await harness.post(body)
    await harness.settle()
    assert [a.id for a in harness.bot.seen] == ["Ev0OLD", "Ev0OLD"]


async def test_a_custom_seen_hook_decides(make_harness: HarnessFactory) -> None:
    asked: list[str] = []

    async def seen(event_id: str) -> bool:
        asked.append(event_id)
        return event_id == "Ev0DUP"

    harness = await make_harness(seen=seen)
    # The bot's own DM posts come back as message.im: dropped before the (database) check.
    await harness.post(event_callback(im_message("echo", bot_id=BOT_ID), event_id="Ev0BOT"))
    await harness.post(event_callback(im_message("one"), event_id="Ev0DUP"))
    await harness.post(event_callback(im_message("two"), event_id="Ev0NEW"))
    await harness.settle()
    assert asked == ["Ev0DUP", "Ev0NEW"]
    assert [a.text for a in harness.bot.seen] == ["two"]


async def test_a_failing_seen_hook_asks_slack_to_retry(make_harness: HarnessFactory) -> None:
    async def seen(event_id: str) -> bool:
        raise ConnectionError("database down")

    harness = await make_harness(seen=seen)
    response = await harness.post(event_callback(im_message("hej")))
    assert response.status == 503
    await harness.settle()
    assert harness.bot.seen == []


# ---------------------------------------------------------------------- button clicks


async def test_a_button_click_becomes_a_message_with_its_value(harness: Harness) -> None:
    body = block_actions("Hvad er relationel koordinering?", thread_ts="1700000000.000100")
    response = await harness.post(body, content_type="application/x-www-form-urlencoded")
    assert response.status == 200

    [call] = await harness.slack.wait_for("chat.postMessage")
    assert plain(call) == {
        "channel": "C0CHAN01",
        "thread_ts": "1700000000.000100",
        "text": "echo: Hvad er relationel koordinering?",
    }
    [incoming] = harness.bot.seen
    assert incoming.text == "Hvad er relationel koordinering?"
    assert (incoming.user.id, incoming.user.name) == ("U0USER02", "karen")
    assert (incoming.place.id, incoming.place.thread) == ("C0CHAN01", "1700000000.000100")
    assert incoming.place.tenant == TEAM_ID


async def test_a_click_on_a_top_level_post_answers_in_its_thread(harness: Harness) -> None:
    body = block_actions("Vis status", message_ts="1700002000.000001", thread_ts=None)
    await harness.post(body, content_type="application/x-www-form-urlencoded")
    [call] = await harness.slack.wait_for("chat.postMessage")
    assert call.params["thread_ts"] == "1700002000.000001"


async def test_a_click_in_a_dm_is_answered_top_level(harness: Harness) -> None:
    body = block_actions("tjek ind", channel="D0DM0001", thread_ts=None, trigger_id="1")
    await harness.post(body, content_type="application/x-www-form-urlencoded")
    again = block_actions("tjek ind", channel="D0DM0001", thread_ts=None, trigger_id="2")
    await harness.post(again, content_type="application/x-www-form-urlencoded")
    calls = await harness.slack.wait_for("chat.postMessage", 2)
    assert [plain(c) for c in calls] == [{"channel": "D0DM0001", "text": "echo: tjek ind"}] * 2
    assert harness.bot.seen[0].place.kind == "personal"
    assert harness.slack.calls_to("auth.test") == []  # a click needs no bot identity


# ---------------------------------------------------------------------- ack and shutdown


async def test_slack_gets_its_200_before_a_slow_turn_finishes(
    make_harness: HarnessFactory,
) -> None:
    gate = asyncio.Event()
    harness = await make_harness(EchoBot(gate=gate))
    response = await harness.post(event_callback(im_message("langsomt")))
    # The bot is still blocked on the gate, so no answer can have been sent yet.
    assert response.status == 200
    assert not gate.is_set()
    await harness.bot.entered.wait()
    assert harness.slack.calls_to("chat.postMessage") == []
    gate.set()
    [call] = await harness.slack.wait_for("chat.postMessage")
    assert call.params["text"] == "echo: langsomt"


async def test_close_waits_for_running_turns(make_harness: HarnessFactory) -> None:
    gate = asyncio.Event()
    harness = await make_harness(EchoBot(gate=gate))
    await harness.post(event_callback(im_message("til sidst")))
    await harness.bot.entered.wait()
    closing = asyncio.create_task(harness.adapter.close(grace=30))
    await asyncio.sleep(0)
    assert not closing.done()
    gate.set()
    await closing
    assert len(harness.slack.calls_to("chat.postMessage")) == 1


async def test_close_cancels_turns_past_the_grace_period(make_harness: HarnessFactory) -> None:
    harness = await make_harness(EchoBot(gate=asyncio.Event()))  # never opened
    await harness.post(event_callback(im_message("hænger")))
    await harness.bot.entered.wait()
    await harness.adapter.close(grace=0)
    assert harness.slack.calls_to("chat.postMessage") == []
    # After close, Slack is told to come back later (another replica will take it).
    response = await harness.post(event_callback(im_message("for sent"), event_id="Ev0LATE"))
    assert response.status == 503


async def test_a_failing_turn_is_logged_and_the_next_one_runs(
    make_harness: HarnessFactory, caplog: pytest.LogCaptureFixture
) -> None:
    bot = EchoBot(fail=True)
    harness = await make_harness(bot)
    await harness.post(event_callback(im_message("boom"), event_id="Ev0BOOM"))
    await harness.settle()
    assert "Slack event Ev0BOOM: the turn failed" in caplog.text
    assert "the bot broke" in caplog.text
    bot.fail = False
    await harness.post(event_callback(im_message("igen"), event_id="Ev0AGAIN"))
    [call] = await harness.slack.wait_for("chat.postMessage")
    assert call.params["text"] == "echo: igen"


# ---------------------------------------------------------------------- outbound


async def test_block_kit_replies_are_posted_with_blocks(make_harness: HarnessFactory) -> None:
    reply = Reply(
        lang="da",
        title="Relationel koordinering",
        text="**Relationel koordinering** handler om samarbejde på tværs.",
        source_label="Kilde: Koncernstrategi 2019, s. 7",
        prompt="Relaterede spørgsmål",
        actions=(Action("Hvad er målet?", "Hvad er målet for relationel koordinering?"),),
    )
    harness = await make_harness(EchoBot(reply=reply))
    await harness.post(event_callback(app_mention(f"<@{BOT_USER_ID}> RK")))
    [call] = await harness.slack.wait_for("chat.postMessage")
    expected = render(reply)
    assert call.params == {
        "channel": "C0CHAN01",
        "thread_ts": "1700000000.000100",
        "text": expected["text"],
        "blocks": expected["blocks"],
    }
    assert call.content_type == "application/json"


async def test_update_and_delete_reach_slack(harness: Harness) -> None:
    ts = await harness.adapter.post_message("C0CHAN01", Reply(lang="da", text="Gemmer …"))
    assert ts == "1700001000.000001"
    await harness.adapter.update_message("C0CHAN01", ts, Reply(lang="da", text="Gemt."))
    await harness.adapter.delete_message("C0CHAN01", ts)
    [updated] = harness.slack.calls_to("chat.update")
    [deleted] = harness.slack.calls_to("chat.delete")
    assert plain(updated) == {"channel": "C0CHAN01", "ts": ts, "text": "Gemt."}
    assert deleted.params == {"channel": "C0CHAN01", "ts": ts}


async def test_buttons_are_clicked_in_the_same_thread(make_harness: HarnessFactory) -> None:
    stages = ("Ikke startet", "Planlagt", "I gang", "Færdig")
    question = Reply(lang="da", text="Hvor langt er enheden med relationel koordinering?",
                     actions=tuple(Action(stage, stage) for stage in stages))
    harness = await make_harness(EchoBot(reply=question))
    await harness.post(event_callback(app_mention(f"<@{BOT_USER_ID}> tjek ind"), event_id="Ev1"))
    [prompt] = await harness.slack.wait_for("chat.postMessage")
    assert prompt.params["thread_ts"] == "1700000000.000100"
    section, actions = prompt.params["blocks"]
    assert section["text"]["text"] == "Hvor langt er enheden med relationel koordinering?"
    assert [(b["text"]["text"], b["value"]) for b in actions["elements"]] == [
        (stage, stage) for stage in stages]
    # The click carries the message's thread, so it continues the same conversation there.
    click = block_actions("I gang", message_ts="1700001000.000001", thread_ts="1700000000.000100")
    await harness.post(click, content_type="application/x-www-form-urlencoded")
    await harness.slack.wait_for("chat.postMessage", 2)
    first, second = harness.bot.seen
    assert second.text == "I gang"
    assert (second.place.id, second.place.thread) == (first.place.id, first.place.thread)


async def test_proactive_post_into_a_channel(harness: Harness) -> None:
    place = Place(channel="slack", id="C0DIGEST", kind="channel", tenant=TEAM_ID)
    ts = await harness.adapter.post(place, Reply(lang="da", text="Ugens status: 12 af 30."))
    [call] = await harness.slack.wait_for("chat.postMessage")
    assert plain(call) == {"channel": "C0DIGEST", "text": "Ugens status: 12 af 30."}
    assert ts == "1700001000.000001"


async def test_a_conversation_remembered_from_a_thread_gets_posts_at_the_top_level(
    harness: Harness,
) -> None:
    await harness.post(event_callback(app_mention(f"<@{BOT_USER_ID}> abonnér")))
    await harness.slack.wait_for("chat.postMessage")
    place = harness.bot.seen[0].place
    assert place.thread == "1700000000.000100"
    await harness.adapter.post(place, Reply(lang="da", text="Ugens digest"))
    # and a row stored by an earlier version, whose id carried the thread
    older = Place(channel="slack", id="C0CHAN01:1700000000.000100", kind="channel")
    await harness.adapter.post(older, Reply(lang="da", text="Ugens digest"))
    calls = await harness.slack.wait_for("chat.postMessage", 3)
    assert [plain(c) for c in calls[1:]] == [{"channel": "C0CHAN01",
                                              "text": "Ugens digest"}] * 2


async def test_proactive_dm(harness: Harness) -> None:
    place = await harness.adapter.open_dm("U0USER01")
    assert harness.slack.calls_to("conversations.open")[0].params == {"users": "U0USER01"}
    assert (place.id, place.kind) == ("D0USER01", "personal")
    await harness.adapter.post(place, Reply(lang="da", text="Husk at tjekke ind."))
    [call] = await harness.slack.wait_for("chat.postMessage")
    assert plain(call) == {"channel": "D0USER01", "text": "Husk at tjekke ind."}


async def test_rate_limits_raise_with_retry_after(harness: Harness) -> None:
    harness.slack.rate_limit_next("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as caught:
        await harness.adapter.post(Place(channel="slack", id="C0DIGEST"), DIGEST)
    error = caught.value
    assert (error.method, error.error, error.status, error.retry_after) == (
        "chat.postMessage", "ratelimited", 429, 7.0,
    )
    assert error.rate_limited
    assert error.transient


@pytest.mark.parametrize(
    ("status", "body", "error", "transient"),
    [
        (200, {"ok": False, "error": "channel_not_found"}, "channel_not_found", False),
        (200, {"ok": False, "error": "not_in_channel"}, "not_in_channel", False),
        (503, {"ok": False}, "unknown_error", True),
    ],
)
async def test_api_errors_carry_code_and_status(
    harness: Harness, status: int, body: dict[str, Any], error: str, transient: bool
) -> None:
    harness.slack.answer_next("chat.postMessage", body, status=status)
    with pytest.raises(SlackApiError) as caught:
        await harness.adapter.post(Place(channel="slack", id="C0GONE"), DIGEST)
    assert (caught.value.error, caught.value.status) == (error, status)
    assert caught.value.transient is transient
    assert not caught.value.rate_limited


async def test_an_answer_that_is_not_json_is_an_api_error(
    make_harness: HarnessFactory, slack_url: str
) -> None:
    harness = await make_harness(changes={"slack_api_url": slack_url.replace("/api/", "/x/")})
    with pytest.raises(SlackApiError) as caught:
        await harness.adapter.post(Place(channel="slack", id="C0DIGEST"), DIGEST)
    assert (caught.value.error, caught.value.status) == ("invalid_response", 404)


async def test_a_wrong_token_is_an_api_error(make_harness: HarnessFactory) -> None:
    harness = await make_harness(changes={"slack_bot_token": "xoxb-wrong"})
    with pytest.raises(SlackApiError, match="invalid_auth"):
        await harness.adapter.user_email("U0USER01")


async def test_an_unreachable_slack_is_an_api_error(
    settings: Settings, session: aiohttp.ClientSession, unused_tcp_port: int
) -> None:
    adapter = SlackAdapter(
        settings.with_(slack_api_url=f"http://127.0.0.1:{unused_tcp_port}/api/"), session
    )
    with pytest.raises(SlackApiError) as caught:
        await adapter.user_email("U0USER01")
    assert (caught.value.error, caught.value.status) == ("network_error", None)
    assert caught.value.transient


# ---------------------------------------------------------------------- users


async def test_user_email_is_looked_up_once(harness: Harness) -> None:
    assert await harness.adapter.user_email("U0USER01") == "kaje@ltk.dk"
    assert await harness.adapter.user_email("U0USER01") == "kaje@ltk.dk"
    assert await harness.adapter.user_email("U0USER03") is None  # no address
    assert await harness.adapter.user_email("U0NOBODY") is None  # user_not_found
    assert await harness.adapter.user_email("U0NOBODY") is None
    asked = [c.params["user"] for c in harness.slack.calls_to("users.info")]
    assert asked == ["U0USER01", "U0USER03", "U0NOBODY"]


async def test_user_lookups_are_renewed_after_an_hour(make_harness: HarnessFactory) -> None:
    now = [NOW]
    harness = await make_harness(clock=lambda: now[0])
    await harness.adapter.user_email("U0USER01")
    now[0] += 3599
    await harness.adapter.user_email("U0USER01")
    assert len(harness.slack.calls_to("users.info")) == 1
    harness.slack.users["U0USER01"]["profile"]["email"] = "karen.jensen@ltk.dk"
    now[0] += 2
    assert await harness.adapter.user_email("U0USER01") == "karen.jensen@ltk.dk"
    assert len(harness.slack.calls_to("users.info")) == 2


async def test_user_lookup_errors_other_than_not_found_propagate(harness: Harness) -> None:
    harness.slack.answer_next("users.info", {"ok": False, "error": "missing_scope"})
    with pytest.raises(SlackApiError, match="missing_scope"):
        await harness.adapter.user_email("U0USER01")
    # Not cached: the next call asks again and succeeds.
    assert await harness.adapter.user_email("U0USER01") == "kaje@ltk.dk"

