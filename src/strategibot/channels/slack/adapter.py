"""``SlackAdapter``: a thin botbuilder adapter for Slack's Events API and interactivity.

Inbound (``POST /api/slack``)::

    read raw body (≤ max_body_bytes, else 413)
    → verify X-Slack-Signature on the raw bytes (else 401)
    → parse JSON (Events API) or form ``payload=`` (interactivity) (else 400)
    → url_verification: 200 + challenge
    → event_callback: drop a delivery whose event_id was seen; block_actions: a button click
    → 200 at once (Slack wants an answer within 3 s); the turn runs in a background task

Outbound: ``send_activities`` → ``chat.postMessage`` (in the thread the conversation id names),
``update_activity`` → ``chat.update``, ``delete_activity`` → ``chat.delete``. Web API failures
raise :class:`~strategibot.channels.slack.errors.SlackApiError` (429 carries ``retry_after``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any
from urllib.parse import parse_qs

from aiohttp import ClientPayloadError, ClientSession, web
from botbuilder.core import Bot, BotAdapter, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationReference,
    ResourceResponse,
)

from strategibot.channels.slack.activities import (
    action_activity,
    event_activity,
    is_for_the_bot,
    make_reference,
    split_conversation_id,
)
from strategibot.channels.slack.cache import TtlCache
from strategibot.channels.slack.errors import SignatureInvalid, SlackApiError
from strategibot.channels.slack.messages import slack_message
from strategibot.channels.slack.signature import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    verify_slack_signature,
)
from strategibot.channels.slack.web_api import SlackWebApi
from strategibot.conversation.dedupe import RecentIds
from strategibot.errors import ConfigError
from strategibot.settings import Settings

__all__ = ["SeenHook", "SlackAdapter"]

logger = logging.getLogger(__name__)

SeenHook = Callable[[str], Awaitable[bool]]
"""``await seen(event_id)``: True if that event was already delivered (and mark it as seen)."""

RETRY_HEADER = "X-Slack-Retry-Num"
EVENT_TTL = 60 * 60
"""Slack retries a delivery three times within about five minutes; remember ids for an hour."""
EVENT_CACHE_SIZE = 10_000
USER_TTL = 60 * 60
USER_CACHE_SIZE = 5_000


class SlackAdapter(BotAdapter):  # type: ignore[misc]  # botbuilder ships no type hints
    """Runs bot turns for Slack events and button clicks; sends the bot's replies to Slack.

    Deduplication: Slack redelivers an event (with ``X-Slack-Retry-Num``) when it saw no 200
    in time. By default delivered ``event_id``\\ s are remembered in memory for an hour
    (at most 10,000), which is enough for one process. **With several replicas** a retry can
    reach another replica: pass a ``seen`` hook backed by the database (an insert on a unique
    ``event_id`` column that reports a conflict as "seen").

    Args:
        settings: ``slack_signing_secret``, ``slack_bot_token``, ``slack_api_url`` and
            ``max_body_bytes`` are used.
        session: the application's ``aiohttp.ClientSession`` for Web API calls (the caller
            owns and closes it).
        clock: the current time in seconds since the epoch (tests pass a fixed one).
        seen: ``async (event_id) -> bool``, True if the event was already delivered; it must
            mark the id as seen in the same step. Default: the in-memory cache.

    Raises:
        ConfigError: ``slack_signing_secret`` is empty (mount ``/api/slack`` only when Slack
            is configured).
    """

    def __init__(
        self,
        settings: Settings,
        session: ClientSession,
        *,
        clock: Callable[[], float] = time.time,
        seen: SeenHook | None = None,
    ) -> None:
        super().__init__()
        if not settings.slack_signing_secret:
            raise ConfigError("SLACK_SIGNING_SECRET is empty: the Slack endpoint cannot verify")
        self._settings = settings
        self._clock = clock
        self._api = SlackWebApi(session, settings.slack_api_url, settings.slack_bot_token)
        self._service_url = settings.slack_api_url
        self._event_ids = RecentIds(ttl=EVENT_TTL, size=EVENT_CACHE_SIZE, clock=clock)
        self._seen: SeenHook = seen if seen is not None else self._seen_in_memory
        self._users: TtlCache[str, dict[str, Any]] = TtlCache(
            ttl=USER_TTL, max_size=USER_CACHE_SIZE, clock=clock
        )
        self._bot: ChannelAccount | None = None
        self._bot_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False

    # ------------------------------------------------------------------ inbound

    async def process(self, request: web.Request, bot: Bot) -> web.Response:
        """Handle one ``POST /api/slack``: verify, acknowledge, and run the turn afterwards."""
        if self._closing:
            return web.Response(status=503, text="shutting down")
        try:
            body = await _read_limited(request, self._settings.max_body_bytes)
        except ClientPayloadError:
            return web.Response(status=400, text="incomplete body")
        if body is None:
            return web.Response(status=413, text="request body too large")
        try:
            verify_slack_signature(
                self._settings.slack_signing_secret,
                request.headers.get(TIMESTAMP_HEADER),
                request.headers.get(SIGNATURE_HEADER),
                body,
                now=self._clock(),
            )
        except SignatureInvalid as exc:
            logger.warning("Slack request refused: %s", exc.reason)
            return web.Response(status=401, text="unauthorized")
        payload = _parse(body, request.content_type)
        if payload is None:
            return web.Response(status=400, text="malformed body")
        kind = payload.get("type")
        if kind == "url_verification":
            challenge = payload.get("challenge")
            if not isinstance(challenge, str):
                return web.Response(status=400, text="missing challenge")
            return web.json_response({"challenge": challenge})
        if kind == "event_callback":
            event_id = payload.get("event_id")
            if not isinstance(event_id, str) or not event_id:
                return web.Response(status=400, text="missing event_id")
            if not is_for_the_bot(payload.get("event")):
                return web.Response(status=200)
            try:
                duplicate = await self._seen(event_id)
            except Exception:
                # Slack will deliver it again later; better than answering twice or never.
                logger.exception("Slack event %s: the seen-check failed", event_id)
                return web.Response(status=503, text="try again")
            if duplicate:
                logger.info(
                    "Slack event %s already handled (retry %s)",
                    event_id, request.headers.get(RETRY_HEADER, "-"),
                )
            else:
                self._spawn(self._event_turn(payload, bot), event_id)
        elif kind == "block_actions":
            self._spawn(self._action_turn(payload, bot), "block_actions")
        else:
            logger.debug("Slack payload of type %r ignored", kind)
        return web.Response(status=200)

    async def close(self, grace: float = 10.0) -> None:
        """Stop taking requests (503), wait up to ``grace`` s for running turns, cancel the rest.

        Call it on shutdown, before the client session closes.
        """
        self._closing = True
        if not self._tasks:
            return
        _, pending = await asyncio.wait(self._tasks.copy(), timeout=grace)
        for task in pending:
            task.cancel()
        if pending:
            logger.warning("Slack: cancelled %d turn(s) still running at shutdown", len(pending))
            await asyncio.gather(*pending, return_exceptions=True)

    async def drain(self) -> None:
        """Wait until the turns running now have finished (their errors are logged)."""
        while self._tasks:
            await asyncio.wait(self._tasks.copy())

    # ------------------------------------------------------------------ outbound

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        """Post each message activity; typing, trace and other activities are skipped.

        The message body comes from :func:`.messages.slack_message` (Block
        Kit in ``channel_data``, hero cards, or Markdown text). It goes into the thread the
        conversation id names, top-level when there is none. The responses line up with
        ``activities``; a skipped activity gets a ``ResourceResponse`` without an id.
        """
        responses = []
        for activity in activities:
            if activity.type != ActivityTypes.message:
                responses.append(ResourceResponse())
                continue
            channel, thread_ts = _address(activity)
            message = slack_message(activity)
            if message is None:
                logger.warning("Slack: message without text or blocks not sent")
                responses.append(ResourceResponse())
                continue
            if thread_ts:
                message["thread_ts"] = thread_ts
            message["channel"] = channel
            answer = await self._api.call("chat.postMessage", json_body=message)
            responses.append(ResourceResponse(id=answer.get("ts")))
        return responses

    async def update_activity(self, context: TurnContext, activity: Activity) -> ResourceResponse:
        """Replace the message ``activity.id`` (its ``ts``) with ``activity``'s content."""
        channel, _ = _address(activity)
        message = slack_message(activity)
        if not activity.id or message is None:
            raise ValueError("update_activity needs the message's id (ts) and text or blocks")
        answer = await self._api.call(
            "chat.update", json_body={"channel": channel, "ts": activity.id, **message}
        )
        return ResourceResponse(id=answer.get("ts", activity.id))

    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        """Delete the message ``reference.activity_id`` (its ``ts``)."""
        if reference.conversation is None or not reference.activity_id:
            raise ValueError("delete_activity needs the conversation and the message's id (ts)")
        channel, _ = split_conversation_id(reference.conversation.id)
        await self._api.call(
            "chat.delete", json_body={"channel": channel, "ts": reference.activity_id}
        )

    # ------------------------------------------------------------------ proactive

    def channel_reference(
        self, channel: str, *, thread_ts: str | None = None, team_id: str | None = None
    ) -> ConversationReference:
        """A reference that posts into ``channel`` (top-level, or into one thread).

        Pass it to ``continue_conversation(reference, callback, bot_id)``, e.g. for digests.
        """
        return make_reference(
            channel, service_url=self._service_url, thread_ts=thread_ts, team_id=team_id,
            bot=self._bot,
        )

    async def open_dm(self, user_id: str) -> ConversationReference:
        """A reference to the bot's DM with a user (``conversations.open``, needs ``im:write``)."""
        answer = await self._api.call("conversations.open", json_body={"users": user_id})
        channel = answer.get("channel")
        channel_id = channel.get("id") if isinstance(channel, dict) else None
        if not isinstance(channel_id, str):
            raise SlackApiError("conversations.open", "invalid_response")
        return make_reference(
            channel_id, service_url=self._service_url, conversation_type="personal",
            bot=self._bot, user=ChannelAccount(id=user_id, role="user"),
        )

    # ------------------------------------------------------------------ users and the bot

    async def user_email(self, user_id: str) -> str | None:
        """The user's e-mail address (``users.info``, needs ``users:read.email``), cached.

        Returns ``None`` for an unknown user or one without an address.
        """
        profile = (await self._user(user_id)).get("profile")
        email = profile.get("email") if isinstance(profile, dict) else None
        return email if isinstance(email, str) and email else None

    async def bot_account(self) -> ChannelAccount:
        """The bot's own Slack account (``auth.test``), looked up once."""
        async with self._bot_lock:
            if self._bot is None:
                answer = await self._api.call("auth.test", form={})
                self._bot = ChannelAccount(
                    id=answer.get("user_id"), name=answer.get("user"), role="bot"
                )
            return self._bot

    async def _user(self, user_id: str) -> dict[str, Any]:
        cached = self._users.get(user_id)
        if cached is not None:
            return cached
        try:
            answer = await self._api.call("users.info", form={"user": user_id})
        except SlackApiError as exc:
            if exc.error != "user_not_found":
                raise
            answer = {}
        user = answer.get("user")
        found: dict[str, Any] = user if isinstance(user, dict) else {}
        self._users.put(user_id, found)
        return found

    def _known_name(self, user_id: object) -> str | None:
        user = self._users.get(user_id) if isinstance(user_id, str) else None
        if not user:
            return None
        profile = user.get("profile")
        if not isinstance(profile, dict):
            profile = {}
        name = profile.get("display_name") or profile.get("real_name") or user.get("real_name")
        return name if isinstance(name, str) and name else None

    # ------------------------------------------------------------------ turns

    async def _seen_in_memory(self, event_id: str) -> bool:
        return not self._event_ids.first_time(event_id)

    def _spawn(self, turn: Coroutine[Any, Any, None], label: str) -> None:
        task = asyncio.create_task(turn, name=f"slack-turn:{label}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _event_turn(self, envelope: Mapping[str, Any], bot: Bot) -> None:
        try:
            account = await self._recipient(envelope)
            event = envelope.get("event")
            user = event.get("user") if isinstance(event, dict) else None
            activity = event_activity(
                envelope, account, service_url=self._service_url,
                user_name=self._known_name(user),
            )
            if activity is not None:
                await self._run(activity, bot)
        except Exception:
            logger.exception("Slack event %s: the turn failed", envelope.get("event_id"))

    async def _action_turn(self, payload: Mapping[str, Any], bot: Bot) -> None:
        try:
            account = await self.bot_account()
            activity = action_activity(payload, account, service_url=self._service_url)
            if activity is not None:
                await self._run(activity, bot)
        except Exception:
            logger.exception("Slack button click: the turn failed")

    async def _recipient(self, envelope: Mapping[str, Any]) -> ChannelAccount:
        """The bot's account, from the event's ``authorizations`` when it names the bot."""
        authorizations = envelope.get("authorizations")
        first = authorizations[0] if isinstance(authorizations, list) and authorizations else None
        user_id = first.get("user_id") if isinstance(first, dict) and first.get("is_bot") else None
        if isinstance(user_id, str) and user_id:
            name = self._bot.name if self._bot is not None else None
            return ChannelAccount(id=user_id, name=name, role="bot")
        return await self.bot_account()

    async def _run(self, activity: Activity, bot: Bot) -> None:
        context = TurnContext(self, activity)
        await self.run_pipeline(context, bot.on_turn)


async def _read_limited(request: web.Request, limit: int) -> bytes | None:
    """The raw body, or ``None`` if it is longer than ``limit`` bytes."""
    if request.content_length is not None and request.content_length > limit:
        return None
    body = bytearray()
    while chunk := await request.content.read(64 * 1024):
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def _parse(body: bytes, content_type: str) -> dict[str, Any] | None:
    """The request as a dict: JSON, or the JSON in an interactivity form's ``payload``.

    A form without ``payload`` (slash commands, ``ssl_check``) gives its fields; ``None``
    means the body is malformed.
    """
    try:
        text = body.decode("utf-8")
        if content_type == "application/x-www-form-urlencoded":
            fields = parse_qs(text, keep_blank_values=True)
            if "payload" not in fields:
                return {key: values[-1] for key, values in fields.items()}
            parsed = json.loads(fields["payload"][-1])
        else:
            parsed = json.loads(text)
    except (ValueError, RecursionError):  # UnicodeDecodeError, JSONDecodeError, deep nesting
        return None
    return parsed if isinstance(parsed, dict) else None


def _address(activity: Activity) -> tuple[str, str | None]:
    conversation = activity.conversation
    if conversation is None or not conversation.id:
        raise ValueError("a Slack activity needs conversation.id (the channel)")
    return split_conversation_id(conversation.id)
