"""SlackAdapter over real HTTP: signed requests in, Web API calls out to a fake Slack.

The app under test is an aiohttp server with ``POST /api/slack`` → ``SlackAdapter.process``
and a tiny echo bot; ``settings.slack_api_url`` points at ``FakeSlackApi`` on another loopback
port. Nothing here measures time: "answered before the turn finished" is shown with an
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
from botbuilder.core import (
    ActivityHandler,
    CardFactory,
    ConversationState,
    MemoryStorage,
    MessageFactory,
    TurnContext,
)
from botbuilder.dialogs import (
    DialogSet,
    DialogTurnStatus,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.choices import FoundChoice
from botbuilder.dialogs.prompts import ChoicePrompt, PromptOptions
from botbuilder.schema import Activity, ActivityTypes, CardAction

from strategibot.channels.slack import SlackAdapter, SlackApiError
from strategibot.domain.messages import Action, Reply
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


@dataclass
class EchoBot(ActivityHandler):  # type: ignore[misc]
    """Echoes the text; can wait on ``gate`` first, or reply with a rendered ``Reply``."""

    seen: list[Activity] = field(default_factory=list)
    entered: asyncio.Event = field(default_factory=asyncio.Event)
    gate: asyncio.Event | None = None
    reply: Reply | None = None
    fail: bool = False

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        self.seen.append(turn_context.activity)
        self.entered.set()
        if self.fail:
            raise RuntimeError("the bot broke")
        if self.gate is not None:
            await self.gate.wait()
        if self.reply is not None:
            message = render(self.reply)
            await turn_context.send_activity(
                Activity(type=ActivityTypes.message, text=message["text"], channel_data=message)
            )
        else:
            await turn_context.send_activity(f"echo: {turn_context.activity.text}")


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
    return Settings(
        slack_signing_secret=SIGNING_SECRET, slack_bot_token=TOKEN, slack_api_url=slack_url
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
        bot: ActivityHandler | None = None,
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
        (b"\xff\xfe", "application/json"),
        (b'{"a":' * 5000 + b"1" + b"}" * 5000, "application/json"),
        (b"payload=%7Bbroken", "application/x-www-form-urlencoded"),
        (json.dumps({"type": "event_callback", "event": {}}).encode(), "application/json"),
    ],
    ids=["bad-json", "not-an-object", "not-utf8", "deeply-nested", "bad-payload", "no-event-id"],
)
async def test_malformed_bodies_give_400(harness: Harness, body: bytes, content_type: str) -> None:
    response = await harness.post(body, content_type=content_type)
    assert response.status == 400
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
    assert call.params == {
        "channel": "C0CHAN01",
        "thread_ts": "1700000000.000100",
        "text": "echo: Hvad er kerneopgaven?",
    }
    [activity] = harness.bot.seen
    assert activity.type == "message"
    assert activity.channel_id == "slack"
    assert activity.id == "Ev0MENTION"
    assert activity.text == "Hvad er kerneopgaven?"
    assert activity.conversation.id == "C0CHAN01:1700000000.000100"
    assert activity.conversation.conversation_type == "channel"
    assert activity.conversation.is_group is True
    assert activity.conversation.tenant_id == TEAM_ID
    assert activity.conversation.properties == {"api_app_id": "A0APP001"}
    assert activity.from_property.id == "U0USER01"
    assert activity.recipient.id == BOT_USER_ID
    assert activity.recipient.role == "bot"
    assert activity.service_url == harness.adapter.channel_reference("C1").service_url
    assert activity.locale is None
    assert activity.channel_data == event
    assert activity.timestamp.timestamp() == pytest.approx(1700000000.0001)
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
    assert harness.bot.seen[0].conversation.id == "C0CHAN01:1700000000.000100"


async def test_a_direct_message_is_answered_top_level(harness: Harness) -> None:
    await harness.post(event_callback(im_message("Hvad er &lt;RK&gt; &amp; hvorfor?")))
    [call] = await harness.slack.wait_for("chat.postMessage")
    # The bot reads plain text; Slack gets its three characters escaped again.
    assert call.params == {"channel": "D0DM0001", "text": "echo: Hvad er &lt;RK&gt; &amp; hvorfor?"}
    [activity] = harness.bot.seen
    assert activity.text == "Hvad er <RK> & hvorfor?"
    assert activity.conversation.id == "D0DM0001"
    assert activity.conversation.conversation_type == "personal"
    assert activity.conversation.is_group is False


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
    assert harness.bot.seen[0].from_property.name == "Karen Jensen"


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
    assert call.params == {
        "channel": "C0CHAN01",
        "thread_ts": "1700000000.000100",
        "text": "echo: Hvad er relationel koordinering?",
    }
    [activity] = harness.bot.seen
    assert activity.text == "Hvad er relationel koordinering?"
    assert activity.from_property.id == "U0USER02"
    assert activity.from_property.name == "karen"
    assert activity.conversation.id == "C0CHAN01:1700000000.000100"
    assert activity.conversation.tenant_id == TEAM_ID
    assert activity.recipient.id == BOT_USER_ID  # looked up with auth.test
    assert activity.recipient.name == "strategibot"
    assert activity.channel_data["type"] == "block_actions"


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
    assert [c.params for c in calls] == [{"channel": "D0DM0001", "text": "echo: tjek ind"}] * 2
    assert harness.bot.seen[0].conversation.conversation_type == "personal"
    assert len(harness.slack.calls_to("auth.test")) == 1  # the bot's identity is cached


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


async def test_on_turn_error_gets_the_error(make_harness: HarnessFactory) -> None:
    harness = await make_harness(EchoBot(fail=True))
    errors: list[Exception] = []

    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        errors.append(error)
        await context.send_activity("Beklager, noget gik galt.")

    harness.adapter.on_turn_error = on_turn_error
    await harness.post(event_callback(im_message("boom")))
    [call] = await harness.slack.wait_for("chat.postMessage")
    assert call.params["text"] == "Beklager, noget gik galt."
    assert [str(e) for e in errors] == ["the bot broke"]


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


class EditingBot(ActivityHandler):  # type: ignore[misc]
    """Sends typing, a message, then edits and deletes that message."""

    def __init__(self) -> None:
        self.responses: list[Any] = []

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        self.responses = await turn_context.send_activities(
            [Activity(type=ActivityTypes.typing), Activity(type="message", text="Gemmer …")]
        )
        ts = self.responses[1].id
        await turn_context.update_activity(Activity(id=ts, type="message", text="Gemt."))
        await turn_context.delete_activity(ts)


async def test_typing_is_skipped_and_update_and_delete_reach_slack(
    make_harness: HarnessFactory,
) -> None:
    bot = EditingBot()
    harness = await make_harness(bot)
    await harness.post(event_callback(app_mention(f"<@{BOT_USER_ID}> tjek ind")))
    [deleted] = await harness.slack.wait_for("chat.delete")
    [posted] = harness.slack.calls_to("chat.postMessage")
    [updated] = harness.slack.calls_to("chat.update")
    assert posted.params["text"] == "Gemmer …"
    ts = "1700001000.000001"
    assert [r.id for r in bot.responses] == [None, ts]
    assert updated.params == {"channel": "C0CHAN01", "ts": ts, "text": "Gemt."}
    assert deleted.params == {"channel": "C0CHAN01", "ts": ts}


class ProgressDialogBot(ActivityHandler):  # type: ignore[misc]
    """A check-in step as the lead's dialogs will do it: a ChoicePrompt, then a confirmation."""

    STAGES = ("Ikke startet", "Planlagt", "I gang", "Færdig")

    def __init__(self) -> None:
        self.state = ConversationState(MemoryStorage())
        self.dialogs = DialogSet(self.state.create_property("dialogs"))
        self.dialogs.add(ChoicePrompt("stage"))
        self.dialogs.add(WaterfallDialog("checkin", [self.ask, self.confirm]))

    async def ask(self, step: WaterfallStepContext) -> Any:
        prompt = MessageFactory.text("Hvor langt er enheden med relationel koordinering?")
        return await step.prompt("stage", PromptOptions(prompt=prompt, choices=list(self.STAGES)))

    async def confirm(self, step: WaterfallStepContext) -> Any:
        found: FoundChoice = step.result
        await step.context.send_activity(f"Gemt: **{found.value}**.")
        return await step.end_dialog()

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        dialog = await self.dialogs.create_context(turn_context)
        result = await dialog.continue_dialog()
        if result.status == DialogTurnStatus.Empty:
            await dialog.begin_dialog("checkin")
        await self.state.save_changes(turn_context)


async def test_a_choice_prompt_works_with_buttons_across_turns(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(ProgressDialogBot())
    await harness.post(event_callback(app_mention(f"<@{BOT_USER_ID}> tjek ind"), event_id="Ev1"))
    [prompt] = await harness.slack.wait_for("chat.postMessage")
    assert prompt.params["thread_ts"] == "1700000000.000100"
    assert prompt.params["text"] == "Hvor langt er enheden med relationel koordinering?"
    section, actions = prompt.params["blocks"]
    assert section["text"]["text"] == "Hvor langt er enheden med relationel koordinering?"
    assert [(b["text"]["text"], b["value"]) for b in actions["elements"]] == [
        (stage, stage) for stage in ProgressDialogBot.STAGES
    ]

    # The click carries the message's thread, so it continues the same dialog.
    click = block_actions("I gang", message_ts="1700001000.000001", thread_ts="1700000000.000100")
    await harness.post(click, content_type="application/x-www-form-urlencoded")
    calls = await harness.slack.wait_for("chat.postMessage", 2)
    assert calls[1].params == {
        "channel": "C0CHAN01",
        "thread_ts": "1700000000.000100",
        "text": "Gemt: *I gang*.",
    }


class SuggestingBot(ActivityHandler):  # type: ignore[misc]
    """Offers suggested actions (an openUrl one has no value), then sends a Teams-only card."""

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(
            MessageFactory.suggested_actions(
                [
                    CardAction(type="imBack", title="Ja", value="ja"),
                    CardAction(type="imBack", title="Nej", value="nej"),
                    CardAction(type="openUrl", title="LyNET", value=None),
                ],
                text="Vil du gemme?",
            )
        )
        card = CardFactory.adaptive_card({"type": "AdaptiveCard", "version": "1.5", "body": []})
        await turn_context.send_activity(MessageFactory.attachment(card, text="Kun i Teams"))


async def test_suggested_actions_become_buttons_and_teams_cards_are_dropped(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(SuggestingBot())
    await harness.post(event_callback(im_message("gem")))
    first, second = await harness.slack.wait_for("chat.postMessage", 2)
    assert first.params["text"] == "Vil du gemme?"
    buttons = first.params["blocks"][-1]["elements"]
    assert [(b["text"]["text"], b["value"]) for b in buttons] == [("Ja", "ja"), ("Nej", "nej")]
    assert second.params == {"channel": "D0DM0001", "text": "Kun i Teams"}


async def test_proactive_post_into_a_channel(harness: Harness) -> None:
    reference = harness.adapter.channel_reference("C0DIGEST", team_id=TEAM_ID)

    async def callback(context: TurnContext) -> None:
        await context.send_activity("Ugens status: 12 af 30 enheder er i gang.")

    await harness.adapter.continue_conversation(reference, callback, "app-id")
    [call] = await harness.slack.wait_for("chat.postMessage")
    assert call.params == {
        "channel": "C0DIGEST",
        "text": "Ugens status: 12 af 30 enheder er i gang.",
    }


async def test_a_saved_reference_continues_in_the_same_thread(harness: Harness) -> None:
    await harness.post(event_callback(app_mention(f"<@{BOT_USER_ID}> påmind mig")))
    await harness.slack.wait_for("chat.postMessage")
    reference = TurnContext.get_conversation_reference(harness.bot.seen[0])
    restored = type(reference).deserialize(reference.serialize())  # as a database would

    async def callback(context: TurnContext) -> None:
        await context.send_activity("Påmindelse: årsaftalen skal være indgået 1. marts.")

    await harness.adapter.continue_conversation(restored, callback, "app-id")
    calls = await harness.slack.wait_for("chat.postMessage", 2)
    assert calls[1].params["channel"] == "C0CHAN01"
    assert calls[1].params["thread_ts"] == "1700000000.000100"


async def test_proactive_dm(harness: Harness) -> None:
    reference = await harness.adapter.open_dm("U0USER01")
    assert harness.slack.calls_to("conversations.open")[0].params == {"users": "U0USER01"}

    async def callback(context: TurnContext) -> None:
        await context.send_activity("Husk at tjekke ind for din enhed.")

    await harness.adapter.continue_conversation(reference, callback, "app-id")
    [call] = await harness.slack.wait_for("chat.postMessage")
    assert call.params == {"channel": "D0USER01", "text": "Husk at tjekke ind for din enhed."}
    assert reference.conversation.conversation_type == "personal"


async def test_rate_limits_raise_with_retry_after(harness: Harness) -> None:
    harness.slack.rate_limit_next("chat.postMessage", retry_after=7)

    async def callback(context: TurnContext) -> None:
        await context.send_activity("digest")

    with pytest.raises(SlackApiError) as caught:
        await harness.adapter.continue_conversation(
            harness.adapter.channel_reference("C0DIGEST"), callback, "app-id"
        )
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

    async def callback(context: TurnContext) -> None:
        await context.send_activity("digest")

    with pytest.raises(SlackApiError) as caught:
        await harness.adapter.continue_conversation(
            harness.adapter.channel_reference("C0GONE"), callback, "app-id"
        )
    assert (caught.value.error, caught.value.status) == (error, status)
    assert caught.value.transient is transient
    assert not caught.value.rate_limited


async def test_an_answer_that_is_not_json_is_an_api_error(
    make_harness: HarnessFactory, slack_url: str
) -> None:
    harness = await make_harness(changes={"slack_api_url": slack_url.replace("/api/", "/x/")})

    async def callback(context: TurnContext) -> None:
        await context.send_activity("digest")

    with pytest.raises(SlackApiError) as caught:
        await harness.adapter.continue_conversation(
            harness.adapter.channel_reference("C0DIGEST"), callback, "app-id"
        )
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

