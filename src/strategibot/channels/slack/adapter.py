"""``SlackAdapter``: Slack's Events API and interactivity in, replies and posts out.

Inbound (``POST /api/slack``)::

    read raw body (≤ max_body_bytes, else 413)
    → verify X-Slack-Signature on the raw bytes (else 401)
    → parse JSON (Events API) or form ``payload=`` (interactivity) (else 400)
    → url_verification: 200 + challenge
    → event_callback: drop a delivery whose event_id was seen; block_actions: a button click
    → 200 at once (Slack wants an answer within 3 s); the turn runs in a background task

Workspaces: only the workspaces in ``SLACK_ALLOWED_TEAMS`` are served — by default the bot
token's own (``auth.test``); an event or click from any other is logged and not answered.

A turn is a :class:`SlackTurn`: the conversation answers with ``chat.postMessage`` in the
thread the message came from. Proactive posts (:meth:`SlackAdapter.post`) go to the channel's
top level. Web API failures raise :class:`~strategibot.channels.slack.errors.SlackApiError`
(429 carries ``retry_after``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any, Protocol
from urllib.parse import parse_qs

from aiohttp import ClientPayloadError, ClientSession, web
from cachetools import TTLCache

from strategibot.channels.slack.errors import SignatureInvalid, SlackApiError
from strategibot.channels.slack.events import (
    action_incoming,
    event_incoming,
    is_for_the_bot,
    place_of,
)
from strategibot.channels.slack.signature import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    verify_slack_signature,
)
from strategibot.channels.slack.web_api import SlackWebApi
from strategibot.domain.messages import Incoming, Place, Reply
from strategibot.errors import ConfigError, TurnUnanswered
from strategibot.render.slack import render
from strategibot.settings import Settings

__all__ = ["Handler", "SeenHook", "SlackAdapter", "SlackTurn"]

logger = logging.getLogger(__name__)

SeenHook = Callable[[str], Awaitable[bool]]
"""``await seen(event_id)``: True if that event was already delivered (and mark it as seen)."""

RETRY_HEADER = "X-Slack-Retry-Num"
EVENT_TTL = 60 * 60
"""Slack retries a delivery three times within about five minutes; remember ids for an hour."""
EVENT_CACHE_SIZE = 10_000
USER_TTL = 60 * 60
USER_CACHE_SIZE = 5_000
TURN_LIMIT = 60.0
"""Seconds a Slack turn may run in the background before it is cancelled (each Web API call
has 10 s; a turn makes a few)."""


class Handler(Protocol):
    """What runs a turn (the conversation)."""

    async def handle(self, turn: Any) -> None: ...


class SlackTurn:
    """A :class:`~strategibot.conversation.ports.Turn` in Slack."""

    forms = False
    """Slack check-ins are asked step by step."""

    def __init__(self, adapter: SlackAdapter, incoming: Incoming) -> None:
        self._adapter = adapter
        self._incoming = incoming

    @property
    def incoming(self) -> Incoming:
        return self._incoming

    async def send(self, reply: Reply) -> None:
        """Answer in the thread the message came from (a DM: at the top level)."""
        place = self._incoming.place
        await self._adapter.post_message(place.id, reply, thread_ts=place.thread)

    async def lookup_email(self) -> str | None:
        return await self._adapter.user_email(self._incoming.user.id)

    async def private(self) -> SlackTurn | None:
        """The user's DM with the bot (``conversations.open``)."""
        if self._incoming.place.kind == "personal":
            return self
        if not self._incoming.user.id:
            return None
        place = await self._adapter.open_dm(self._incoming.user.id)
        return SlackTurn(self._adapter, dataclasses.replace(self._incoming, place=place))


class SlackAdapter:
    """Runs conversation turns for Slack events and button clicks; posts the replies.

    Deduplication: Slack redelivers an event (with ``X-Slack-Retry-Num``) when it saw no 200
    in time. By default delivered ``event_id``\\ s are remembered in memory for an hour
    (at most 10,000), which is enough for one process that never restarts; the service passes
    a ``seen`` hook backed by the database (:class:`~strategibot.store.seen_events.SeenEvents`)
    so a retry or replay is answered once across restarts and replicas.

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
        if not settings.slack_signing_secret:
            raise ConfigError("SLACK_SIGNING_SECRET is empty: the Slack endpoint cannot verify")
        self._settings = settings
        self._clock = clock
        self._api = SlackWebApi(session, settings.slack_api_url, settings.slack_bot_token)
        self._event_ids: TTLCache[str, bool] = TTLCache(EVENT_CACHE_SIZE, EVENT_TTL, timer=clock)
        self._seen: SeenHook = seen if seen is not None else self._seen_in_memory
        self._users: TTLCache[str, dict[str, Any]] = TTLCache(USER_CACHE_SIZE, USER_TTL,
                                                              timer=clock)
        self._bot: tuple[str | None, str | None, str | None] | None = None
        self._allowed_teams = frozenset(settings.slack_allowed_teams)
        self._bot_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False

    # ------------------------------------------------------------------ inbound

    async def process(self, request: web.Request, handler: Handler) -> web.Response:
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
                self._spawn(self._event_turn(payload, handler), event_id)
        elif kind == "block_actions":
            self._spawn(self._action_turn(payload, handler), "block_actions")
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

    async def post_message(self, channel: str, reply: Reply, *,
                           thread_ts: str | None = None) -> str | None:
        """``chat.postMessage`` of ``reply`` (Block Kit) in ``channel``, in ``thread_ts`` when
        given; the message's ``ts``."""
        message: dict[str, Any] = {**render(reply), "channel": channel}
        if thread_ts:
            message["thread_ts"] = thread_ts
        answer = await self._api.call("chat.postMessage", json_body=message)
        ts = answer.get("ts")
        return ts if isinstance(ts, str) else None

    async def post(self, place: Place, reply: Reply) -> str | None:
        """Post on the bot's own (digests, reminders): at the channel's top level, whatever
        thread the conversation was remembered from."""
        return await self.post_message(place.id.partition(":")[0], reply)

    async def update_message(self, channel: str, ts: str, reply: Reply) -> None:
        """Replace the message ``ts`` with ``reply`` (``chat.update``)."""
        await self._api.call("chat.update", json_body={"channel": channel, "ts": ts,
                                                       **render(reply)})

    async def delete_message(self, channel: str, ts: str) -> None:
        """Delete the message ``ts`` (``chat.delete``)."""
        await self._api.call("chat.delete", json_body={"channel": channel, "ts": ts})

    async def open_dm(self, user_id: str) -> Place:
        """The bot's DM with a user (``conversations.open``, needs ``im:write``)."""
        answer = await self._api.call("conversations.open", json_body={"users": user_id})
        channel = answer.get("channel")
        channel_id = channel.get("id") if isinstance(channel, dict) else None
        if not isinstance(channel_id, str):
            raise SlackApiError("conversations.open", "invalid_response")
        return place_of(channel_id, kind="personal")

    # ------------------------------------------------------------------ users and the bot

    async def user_email(self, user_id: str) -> str | None:
        """The user's e-mail address (``users.info``, needs ``users:read.email``), cached.

        Returns ``None`` for an unknown user or one without an address.
        """
        profile = (await self._user(user_id)).get("profile")
        email = profile.get("email") if isinstance(profile, dict) else None
        return email if isinstance(email, str) and email else None

    async def bot_user(self) -> str | None:
        """The bot's own Slack user id (``auth.test``), looked up once."""
        return (await self._auth())[0]

    async def own_team(self) -> str | None:
        """The workspace the bot token belongs to (``auth.test``), looked up once."""
        return (await self._auth())[2]

    async def _auth(self) -> tuple[str | None, str | None, str | None]:
        async with self._bot_lock:
            if self._bot is None:
                answer = await self._api.call("auth.test", form={})
                user, name, team = answer.get("user_id"), answer.get("user"), \
                    answer.get("team_id")
                self._bot = (user if isinstance(user, str) else None,
                             name if isinstance(name, str) else None,
                             team if isinstance(team, str) else None)
            return self._bot

    async def team_allowed(self, team: object) -> bool:
        """True if the workspace ``team`` is served (``SLACK_ALLOWED_TEAMS``, else the token's
        own workspace)."""
        if not isinstance(team, str) or not team:
            return False
        allowed = self._allowed_teams or frozenset(filter(None, [await self.own_team()]))
        return team.upper() in {t.upper() for t in allowed}

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
        self._users[user_id] = found
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
        if event_id in self._event_ids:
            return True
        self._event_ids[event_id] = True
        return False

    def _spawn(self, turn: Coroutine[Any, Any, None], label: str) -> None:
        task = asyncio.create_task(turn, name=f"slack-turn:{label}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _event_turn(self, envelope: Mapping[str, Any], handler: Handler) -> None:
        try:
            if not await self.team_allowed(envelope.get("team_id")):
                logger.warning("Slack event %s from a workspace that is not served: %.40s",
                               envelope.get("event_id"), envelope.get("team_id"))
                return
            bot_user = self._recipient(envelope) or await self.bot_user()
            event = envelope.get("event")
            user = event.get("user") if isinstance(event, dict) else None
            incoming = event_incoming(envelope, bot_user, user_name=self._known_name(user))
            if incoming is not None:
                async with asyncio.timeout(TURN_LIMIT):
                    await handler.handle(SlackTurn(self, incoming))
        except TimeoutError:
            logger.error("Slack event %s: the turn ran past %d s and was cancelled",
                         envelope.get("event_id"), TURN_LIMIT)
        except TurnUnanswered:  # logged where it failed: Slack was answered already
            pass
        except Exception:
            logger.exception("Slack event %s: the turn failed", envelope.get("event_id"))

    async def _action_turn(self, payload: Mapping[str, Any], handler: Handler) -> None:
        try:
            team = payload.get("team")
            team_id = team.get("id") if isinstance(team, dict) else None
            if not await self.team_allowed(team_id):
                logger.warning("Slack button click from a workspace that is not served: %.40s",
                               team_id)
                return
            incoming = action_incoming(payload)
            if incoming is not None:
                async with asyncio.timeout(TURN_LIMIT):
                    await handler.handle(SlackTurn(self, incoming))
        except TimeoutError:
            logger.error("Slack button click: the turn ran past %d s and was cancelled",
                         TURN_LIMIT)
        except TurnUnanswered:  # logged where it failed: Slack was answered already
            pass
        except Exception:
            logger.exception("Slack button click: the turn failed")

    @staticmethod
    def _recipient(envelope: Mapping[str, Any]) -> str | None:
        """The bot's user id, from the event's ``authorizations`` when it names the bot."""
        authorizations = envelope.get("authorizations")
        first = authorizations[0] if isinstance(authorizations, list) and authorizations else None
        user_id = first.get("user_id") if isinstance(first, dict) and first.get("is_bot") else None
        return user_id if isinstance(user_id, str) and user_id else None


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
