"""An aiohttp client for the Bot Connector REST API, with botbuilder's models.

botbuilder's own ``ConnectorClient`` sends every call with ``requests`` in a thread pool and
builds a new ``requests`` session (and TLS context) for every turn; this client sends on the
shared :class:`aiohttp.ClientSession` instead. It keeps botbuilder's models: bodies are
serialised by msrest (botbuilder's ``serializer_helper``: the same JSON botbuilder's client
sends) and answers deserialised into ``botbuilder.schema`` classes, so
``CloudAdapterBase``, ``TurnContext`` and ``TeamsInfo`` use it unchanged through the attributes
they read (``.conversations``, ``.teams``, ``.config.credentials``).

Errors::

    ChannelError
    └── ConnectorError     a call failed: .status (0 = no HTTP answer), .retry_after, .code
        └── TokenError     the access token could not be obtained

Time: every call has a total timeout (``ConnectorOptions.timeout``, from
``STRATEGIBOT_CONNECTOR_TIMEOUT_SECONDS``), and inside a turn (:func:`turn_budget`) it is cut to
what is left of the turn's budget, token fetch and queueing included, so the reply path never
holds Teams' inbound request longer than the budget however slow the far side is.

Where: a factory made with ``loopback_only`` (anonymous local mode) calls loopback service URLs
only; a service URL that carries credentials (``http://user:secret@…``) is never called.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
import json
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import Enum
from typing import Any, Final, Protocol
from urllib.parse import quote

import aiohttp
import botbuilder.schema as schema
import botbuilder.schema.teams as teams_schema
import jwt
from botbuilder.core import serializer_helper
from botframework.connector.auth import ConnectorFactory
from msrest.serialization import Deserializer, Model
from yarl import URL

from strategibot.__about__ import __version__
from strategibot.errors import ChannelError
from strategibot.settings import is_loopback

__all__ = [
    "AiohttpConnectorClient",
    "AiohttpConnectorFactory",
    "AnonymousTokens",
    "ClientConfig",
    "ClientCredentialsTokens",
    "ConnectorError",
    "ConnectorOptions",
    "ConversationsOperations",
    "TeamsOperations",
    "ThreadedCredentialsTokens",
    "TokenError",
    "TokenProvider",
    "time_left",
    "to_json",
    "turn_budget",
]

_MODELS: Final = {
    name: cls
    for module in (schema, teams_schema)
    for name, cls in vars(module).items()
    if isinstance(cls, type) and issubclass(cls, Model)
}
_DESERIALIZER: Final = Deserializer(_MODELS)  # type: ignore[no-untyped-call]
_RETRYABLE: Final = frozenset({0, 408, 429, 500, 502, 503, 504})

log = logging.getLogger(__name__)


class ConnectorError(ChannelError):
    """A Bot Connector call failed.

    Attributes:
        status: the HTTP status, or 0 when no answer came (connection failed, timed out).
        retry_after: seconds to wait from the Retry-After header, when the service sent one.
        code: the service's error code (``{"error": {"code": ...}}``), when it sent one.
        method: the HTTP method of the call.
        path: the URL path of the call (no host, no query).
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        retry_after: float | None = None,
        code: str | None = None,
        method: str = "",
        path: str = "",
    ) -> None:
        super().__init__(message, status=status, retry_after=retry_after, code=code)
        self.status: int = status
        self.method = method
        self.path = path

    @property
    def retryable(self) -> bool:
        """True for statuses a retry may fix: no answer, 408, 429 and 5xx gateway errors."""
        return self.status in _RETRYABLE

    @property
    def transient(self) -> bool:
        return self.retryable


class TokenError(ConnectorError):
    """The bot's access token could not be obtained from the token endpoint."""


@dataclass(frozen=True, slots=True)
class ConnectorOptions:
    """Limits for outbound calls.

    Attributes:
        timeout: seconds for a whole call, connecting included.
        connect_timeout: seconds to connect.
        max_in_flight: calls sent at once by one factory; more wait their turn (not timed).
        max_response_bytes: the largest response body read.
    """

    timeout: float = 5.0
    connect_timeout: float = 3.0
    max_in_flight: int = 100
    max_response_bytes: int = 16 * 1024 * 1024

    @classmethod
    def of(cls, timeout: float) -> ConnectorOptions:
        """The options for a call timeout of ``timeout`` seconds (connecting: at most 3 s)."""
        return cls(timeout=timeout, connect_timeout=min(3.0, timeout))


_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "strategibot_turn_deadline", default=None)


@contextmanager
def turn_budget(seconds: float) -> Iterator[None]:
    """Within this block (and the tasks started in it), connector calls end by ``seconds``
    from now: each call's timeout is cut to what is left."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def time_left() -> float | None:
    """Seconds left of the current turn's budget, or None outside a turn."""
    deadline = _DEADLINE.get()
    return None if deadline is None else deadline - time.monotonic()


# --- access tokens ----------------------------------------------------------------------------


class TokenProvider(Protocol):
    """Where a connector call's Authorization header comes from."""

    async def authorization(self, audience: str) -> str | None:
        """The header value (``"Bearer …"``) for ``audience``, or None to send none."""

    def invalidate(self, audience: str) -> None:
        """Forget the cached token for ``audience`` (the service answered 401)."""


class AnonymousTokens:
    """No token: anonymous local mode (Emulator, Agents Playground)."""

    async def authorization(self, audience: str) -> str | None:
        """Always None."""
        return None

    def invalidate(self, audience: str) -> None:
        """Nothing to forget."""


class _CachingTokens:
    """A token cache per audience, refreshed a little before expiry; one fetch at a time."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._tokens: dict[str, tuple[str, float]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def authorization(self, audience: str) -> str | None:
        cached = self._tokens.get(audience)
        if cached is None or self._clock() >= cached[1]:
            async with self._locks.setdefault(audience, asyncio.Lock()):
                cached = self._tokens.get(audience)
                if cached is None or self._clock() >= cached[1]:
                    value, lifetime = await self._fetch(audience)
                    refresh_in = max(lifetime - 300.0, lifetime / 2)
                    cached = (value, self._clock() + refresh_in)
                    self._tokens[audience] = cached
        return f"Bearer {cached[0]}"

    def invalidate(self, audience: str) -> None:
        self._tokens.pop(audience, None)

    async def _fetch(self, audience: str) -> tuple[str, float]:
        """A new token and its lifetime in seconds."""
        raise NotImplementedError


def _scope(audience: str) -> str:
    return audience if audience.endswith("/.default") else audience + "/.default"


class ClientCredentialsTokens(_CachingTokens):
    """App-id-and-password tokens (OAuth 2 client credentials grant), fetched with aiohttp.

    Args:
        session: the shared session.
        app_id: the bot's Microsoft App ID.
        password: its client secret.
        token_url: the token endpoint, e.g.
            ``https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token``.
        timeout: seconds for one token request.
        clock: seconds, monotonic (tests pass a fake one).
    """

    def __init__(
        self,
        *,
        session: aiohttp.ClientSession,
        app_id: str,
        password: str,
        token_url: str,
        timeout: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(clock)
        self._session = session
        self._app_id = app_id
        self._password = password
        self._token_url = token_url
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def _fetch(self, audience: str) -> tuple[str, float]:
        form = {
            "grant_type": "client_credentials",
            "client_id": self._app_id,
            "client_secret": self._password,
            "scope": _scope(audience),
        }
        path = URL(self._token_url).path
        try:
            async with self._session.post(
                self._token_url, data=form, timeout=self._timeout, allow_redirects=False
            ) as response:
                status = response.status
                retry_after = response.headers.get("Retry-After")
                raw = await _read_capped(response, 1024 * 1024)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise TokenError(
                0, f"token endpoint: no answer ({type(exc).__name__})", method="POST", path=path
            ) from exc
        try:
            answer = json.loads(raw)
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            answer = {}
        token, lifetime = answer.get("access_token"), answer.get("expires_in", 3600)
        if status != 200 or not isinstance(token, str) or not token:
            error = answer.get("error")
            code = error if isinstance(error, str) else None
            raise TokenError(
                status if status != 200 else 502,
                f"token endpoint answered HTTP {status} {code or ''}".rstrip(),
                retry_after=_retry_after(retry_after), code=code, method="POST", path=path,
            )
        try:
            seconds = float(lifetime)
        except (TypeError, ValueError):
            seconds = 3600.0
        return token, seconds if math.isfinite(seconds) and seconds > 0 else 3600.0


class ThreadedCredentialsTokens(_CachingTokens):
    """Tokens from botbuilder ``AppCredentials.get_access_token`` (msal, blocking), run in a
    worker thread only when the cache has none: the path for managed identities.

    Args:
        credentials: ``audience -> AppCredentials`` (botbuilder's credentials factory).
    """

    def __init__(self, credentials: Callable[[str], Awaitable[Any]]) -> None:
        super().__init__()
        self._credentials = credentials

    async def _fetch(self, audience: str) -> tuple[str, float]:
        credentials = await self._credentials(audience)
        try:
            token = await asyncio.to_thread(credentials.get_access_token)
        except Exception as exc:  # msal and botbuilder raise many types
            raise TokenError(0, f"no access token ({type(exc).__name__})") from exc
        if not isinstance(token, str) or not token:
            raise TokenError(0, "no access token")
        return token, _token_lifetime(token)


def _token_lifetime(token: str) -> float:
    """Seconds until a JWT's ``exp`` (read without verifying: it is our own token)."""
    try:
        expires = float(jwt.decode(token, options={"verify_signature": False})["exp"])
    except Exception:  # not a JWT, or no exp: assume the usual hour's half
        return 1800.0
    return max(60.0, expires - time.time())


# --- the client --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """What botbuilder reads from ``connector_client.config``.

    ``TeamsInfo.get_teams_connector_client`` builds a (blocking, ``requests``-based) client
    from ``config.credentials``; prefer ``connector_client.teams``.
    """

    base_url: str
    credentials: Any


def _segment(value: str) -> str:
    """A path segment, percent-encoded (Teams ids hold ':', ';', '@' and even '/')."""
    if not value:
        raise ValueError("a conversation, activity or member id is missing")
    return quote(str(value), safe="")


def to_json(value: Any) -> Any:
    """A JSON-ready copy of ``value``: botbuilder models (also inside dicts and lists) are
    serialised with msrest, as botbuilder's ``serializer_helper`` does.

    An attachment's ``content`` that is already a plain dict (an Adaptive Card) is passed
    through as it is: msrest would walk every node of the card (about 2 ms a reply) to make
    the same dict.
    """
    if isinstance(value, schema.Activity) and value.attachments and any(
        isinstance(a, schema.Attachment) and isinstance(a.content, dict)
        for a in value.attachments
    ):
        contents = [a.content for a in value.attachments]
        try:
            for attachment in value.attachments:
                if isinstance(attachment, schema.Attachment) and isinstance(attachment.content,
                                                                            dict):
                    attachment.content = None
            data = serializer_helper(value)
        finally:
            for attachment, content in zip(value.attachments, contents, strict=True):
                attachment.content = content
        for item, content in zip(data.get("attachments", []), contents, strict=False):
            if isinstance(content, dict):
                item["content"] = content
        return data
    if isinstance(value, Model):
        return serializer_helper(value)
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _tenant_spelling(data: Any) -> Any:
    """botbuilder's models write ``tenantID``; the Bot Framework schema and Teams spell it
    ``tenantId`` (the activity's and its conversation's): sent as Teams spells it."""
    if isinstance(data, dict):
        for holder in (data, data.get("conversation")):
            if isinstance(holder, dict) and "tenantID" in holder:
                tenant = holder.pop("tenantID")
                holder.setdefault("tenantId", tenant)
    return data


TURN_RETRIES = 2
"""A reply within a turn that the connector throttles (429) or fails (5xx) is tried again at
most this many times, while the turn's budget allows (proactive sends retry on their own,
see :mod:`strategibot.delivery`)."""
_RETRIED = frozenset({429, 500, 502, 503, 504})


def _turn_retry(status: int, retry_after: float | None, attempt: int,
                left: float | None) -> float | None:
    """Seconds to wait before trying a turn's call again, or None: not a throttle or a
    server error, not in a turn, out of tries, or no time for the wait and another call."""
    if status not in _RETRIED or left is None or attempt >= TURN_RETRIES:
        return None
    wait = retry_after if retry_after is not None else 0.25 * 2 ** attempt
    return wait if wait + 1.0 < left else None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


async def _read_capped(response: aiohttp.ClientResponse, cap: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_any():
        size += len(chunk)
        if size > cap:
            raise aiohttp.ClientPayloadError(f"the answer is larger than {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _error_code(raw: bytes) -> tuple[str | None, str]:
    try:
        error = json.loads(raw).get("error")
        code, message = error.get("code"), error.get("message")
    except (ValueError, AttributeError, TypeError):
        return None, ""
    return (code if isinstance(code, str) else None), (str(message)[:200] if message else "")


class AiohttpConnectorClient:
    """A connector for one service URL and audience (what ``ConnectorFactory.create`` returns)."""

    def __init__(
        self,
        *,
        session: aiohttp.ClientSession,
        service_url: str,
        tokens: TokenProvider,
        audience: str,
        options: ConnectorOptions,
        limiter: asyncio.Semaphore,
        credentials: Any = None,
    ) -> None:
        self._session = session
        self._base = str(URL(service_url)).rstrip("/")  # percent-encoded once, here
        self._tokens = tokens
        self._audience = audience
        self._options = options
        self._limiter = limiter
        self._timeout = aiohttp.ClientTimeout(
            total=options.timeout, sock_connect=options.connect_timeout
        )
        self.config = ClientConfig(base_url=service_url, credentials=credentials)
        self.conversations = ConversationsOperations(self)
        self.teams = TeamsOperations(self)

    async def call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        query: dict[str, str] | None = None,
        result: str | None = None,
        plain: bool = False,
    ) -> Any:
        """Send one request; return the JSON answer deserialised as ``result`` (a model name,
        ``"[Model]"`` for a list, ``"json"`` for the plain JSON), or None for an empty answer.
        ``plain``: the body is JSON already (plain dicts and lists), sent as it is.

        Raises:
            ConnectorError: for a status outside 2xx, or when no answer came.
        """
        payload = body if plain or body is None else _tenant_spelling(to_json(body))
        for attempt in itertools.count():
            left = time_left()
            if left is not None and left <= 0.01:
                raise ConnectorError(0, f"{method} {path}: the turn's time is up",
                                     method=method, path=path)
            try:
                async with asyncio.timeout(left):
                    authorization, raw, status, retry_after = await self._send(
                        method, path, payload, query)
            except TimeoutError as exc:
                raise ConnectorError(0, f"{method} {path}: no answer within the turn's time",
                                     method=method, path=path) from exc
            wait = _turn_retry(status, _retry_after(retry_after), attempt, time_left())
            if wait is None:
                break
            log.info("the connector answered %s; trying again in %.2f s", status, wait,
                     extra={"method": method, "path": path})
            await asyncio.sleep(wait)
        if not 200 <= status < 300:
            if status == 401 and authorization:
                self._tokens.invalidate(self._audience)
            code, message = _error_code(raw)
            raise ConnectorError(
                status, f"{method} {path}: HTTP {status} {code or ''} {message}".rstrip(),
                retry_after=_retry_after(retry_after), code=code, method=method, path=path,
            )
        return self._decode(raw, result, method, path, status)

    async def _send(self, method: str, path: str, body: Any,
                    query: dict[str, str] | None) -> tuple[str | None, bytes, int, str | None]:
        url = URL(self._base + path, encoded=True)
        if query:
            url = url.update_query(query)
        headers = {"Accept": "application/json", "User-Agent": _USER_AGENT}
        authorization = await self._tokens.authorization(self._audience)
        if authorization:
            headers["Authorization"] = authorization
        data = None
        if body is not None:
            data = json.dumps(body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json; charset=utf-8"
        async with self._limiter:
            try:
                async with self._session.request(
                    method, url, data=data, headers=headers, timeout=self._timeout,
                    allow_redirects=False,
                ) as response:
                    raw = await _read_capped(response, self._options.max_response_bytes)
                    return (authorization, raw, response.status,
                            response.headers.get("Retry-After"))
            except (aiohttp.ClientError, TimeoutError) as exc:
                raise ConnectorError(
                    0, f"{method} {path}: no answer ({type(exc).__name__})",
                    method=method, path=path,
                ) from exc

    @staticmethod
    def _decode(raw: bytes, result: str | None, method: str, path: str, status: int) -> Any:
        """The answer as ``result``. An unreadable answer to a read is an error (502); to a
        write it is logged and None is returned, because the write did happen (2xx) and an
        error would invite a retry and a duplicate message."""
        if result is None or not raw.strip():
            return None
        try:
            data = json.loads(raw)
            return data if result == "json" else _DESERIALIZER(result, data)
        except Exception as exc:  # invalid JSON, or msrest's DeserializationError
            if method != "GET":
                log.warning("%s %s: HTTP %s with an unreadable body", method, path, status)
                return None
            raise ConnectorError(
                502, f"{method} {path}: HTTP {status} with an unreadable body",
                method=method, path=path,
            ) from exc


class ConversationsOperations:
    """The ``/v3/conversations`` calls, named and typed as botbuilder's async client's."""

    def __init__(self, client: AiohttpConnectorClient) -> None:
        self._client = client

    async def get_conversations(self, continuation_token: str | None = None) -> Any:
        """List the bot's conversations (ConversationsResult)."""
        query = {"continuationToken": continuation_token} if continuation_token else None
        return await self._client.call(
            "GET", "/v3/conversations", query=query, result="ConversationsResult"
        )

    async def create_conversation(self, parameters: Any) -> Any:
        """Create a conversation (ConversationResourceResponse)."""
        return await self._client.call(
            "POST", "/v3/conversations", body=parameters, result="ConversationResourceResponse"
        )

    async def send_to_conversation(self, conversation_id: str, activity: Any) -> Any:
        """Append an activity to a conversation (ResourceResponse, or None)."""
        path = f"/v3/conversations/{_segment(conversation_id)}/activities"
        return await self._client.call("POST", path, body=activity, result="ResourceResponse")

    async def reply_to_activity(
        self, conversation_id: str, activity_id: str, activity: Any
    ) -> Any:
        """Reply to an activity (ResourceResponse, or None)."""
        path = f"/v3/conversations/{_segment(conversation_id)}/activities/{_segment(activity_id)}"
        return await self._client.call("POST", path, body=activity, result="ResourceResponse")

    async def post_activity(self, conversation_id: str, reply_to_id: str | None,
                            activity: dict[str, Any]) -> None:
        """Send a turn's activity, given as plain JSON: a reply to ``reply_to_id``, or appended
        to the conversation; the answer (the new activity's id) is not read."""
        path = f"/v3/conversations/{_segment(conversation_id)}/activities"
        if reply_to_id:
            path += f"/{_segment(reply_to_id)}"
        await self._client.call("POST", path, body=activity, plain=True)

    async def update_activity(self, conversation_id: str, activity_id: str, activity: Any) -> Any:
        """Replace an activity the bot sent (ResourceResponse, or None)."""
        path = f"/v3/conversations/{_segment(conversation_id)}/activities/{_segment(activity_id)}"
        return await self._client.call("PUT", path, body=activity, result="ResourceResponse")

    async def delete_activity(self, conversation_id: str, activity_id: str) -> None:
        """Delete an activity the bot sent."""
        path = f"/v3/conversations/{_segment(conversation_id)}/activities/{_segment(activity_id)}"
        await self._client.call("DELETE", path)

    async def get_conversation_members(self, conversation_id: str) -> Any:
        """All members (list of ChannelAccount)."""
        path = f"/v3/conversations/{_segment(conversation_id)}/members"
        return await self._client.call("GET", path, result="[ChannelAccount]") or []

    async def get_conversation_member(self, conversation_id: str, member_id: str) -> Any:
        """One member (ChannelAccount)."""
        path = f"/v3/conversations/{_segment(conversation_id)}/members/{_segment(member_id)}"
        return await self._client.call("GET", path, result="ChannelAccount")

    async def get_teams_member(self, conversation_id: str, member_id: str) -> Any:
        """One member with Teams' fields (TeamsChannelAccount: email, userPrincipalName …)."""
        path = f"/v3/conversations/{_segment(conversation_id)}/members/{_segment(member_id)}"
        return await self._client.call("GET", path, result="TeamsChannelAccount")

    async def teams_member_address(self, conversation_id: str, member_id: str) -> str | None:
        """A member's e-mail address (or user principal name) from the roster, read from the
        plain JSON: the one field a turn needs, without building a TeamsChannelAccount."""
        path = f"/v3/conversations/{_segment(conversation_id)}/members/{_segment(member_id)}"
        member = await self._client.call("GET", path, result="json")
        if not isinstance(member, dict):
            return None
        for field in ("email", "userPrincipalName"):
            value = member.get(field)
            if isinstance(value, str) and value:
                return value
        return None

    async def get_conversation_paged_members(
        self,
        conversation_id: str,
        page_size: int | None = None,
        continuation_token: str | None = None,
    ) -> Any:
        """One page of members (PagedMembersResult)."""
        return await self._paged(
            conversation_id, page_size, continuation_token, "PagedMembersResult"
        )

    async def get_teams_conversation_paged_members(
        self,
        conversation_id: str,
        page_size: int | None = None,
        continuation_token: str | None = None,
    ) -> Any:
        """One page of Teams members (TeamsPagedMembersResult), as ``TeamsInfo`` asks."""
        return await self._paged(
            conversation_id, page_size, continuation_token, "TeamsPagedMembersResult"
        )

    async def _paged(
        self, conversation_id: str, page_size: int | None, token: str | None, result: str
    ) -> Any:
        query: dict[str, str] = {}
        if page_size is not None:
            query["pageSize"] = str(page_size)
        if token:
            query["continuationToken"] = token
        path = f"/v3/conversations/{_segment(conversation_id)}/pagedmembers"
        return await self._client.call("GET", path, query=query, result=result)

    async def delete_conversation_member(self, conversation_id: str, member_id: str) -> None:
        """Remove a member from a conversation."""
        path = f"/v3/conversations/{_segment(conversation_id)}/members/{_segment(member_id)}"
        await self._client.call("DELETE", path)

    async def get_activity_members(self, conversation_id: str, activity_id: str) -> Any:
        """The members of one activity (list of ChannelAccount)."""
        path = (
            f"/v3/conversations/{_segment(conversation_id)}"
            f"/activities/{_segment(activity_id)}/members"
        )
        return await self._client.call("GET", path, result="[ChannelAccount]") or []


class TeamsOperations:
    """The Teams calls (``/v3/teams``), async.

    botbuilder's ``TeamsInfo.get_team_details``/``get_team_channels`` build a blocking
    ``requests`` client instead; call these directly to stay on aiohttp.
    """

    def __init__(self, client: AiohttpConnectorClient) -> None:
        self._client = client

    async def get_team_details(self, team_id: str) -> Any:
        """The team's details (TeamDetails)."""
        return await self._client.call(
            "GET", f"/v3/teams/{_segment(team_id)}", result="TeamDetails"
        )

    fetch_team_details = get_team_details

    async def get_teams_channels(self, team_id: str) -> Any:
        """The team's channels (ConversationList)."""
        return await self._client.call(
            "GET", f"/v3/teams/{_segment(team_id)}/conversations", result="ConversationList"
        )

    async def fetch_channel_list(self, team_id: str) -> list[Any]:
        """The team's channels as a list of ChannelInfo."""
        result = await self.get_teams_channels(team_id)
        return list(result.conversations or []) if result is not None else []


class AiohttpConnectorFactory(ConnectorFactory):  # type: ignore[misc]  # botbuilder is untyped
    """Creates :class:`AiohttpConnectorClient` objects that share one session and token cache.

    Args:
        session: the shared session (the caller closes it).
        tokens: where the Authorization header comes from.
        default_audience: the token audience when botbuilder passes none (proactive sends).
        options: timeouts and limits.
        credentials: ``audience -> botbuilder AppCredentials`` for ``config.credentials``.
    """

    def __init__(
        self,
        *,
        session: aiohttp.ClientSession,
        tokens: TokenProvider,
        default_audience: str,
        options: ConnectorOptions | None = None,
        credentials: Any = None,
        loopback_only: bool = False,
    ) -> None:
        self._session = session
        self._tokens = tokens
        self._default_audience = default_audience
        self._options = options or ConnectorOptions()
        self._limiter = asyncio.Semaphore(self._options.max_in_flight)
        self._credentials = credentials
        self.loopback_only = loopback_only
        self._clients: OrderedDict[tuple[str, str], AiohttpConnectorClient] = OrderedDict()
        """the clients made, by service URL and audience (a few: one per Teams region),
        most recent last — a turn's client is made once, not for every turn"""

    async def create(self, service_url: str, audience: str | None = None) -> AiohttpConnectorClient:
        """A client for ``service_url`` whose token is for ``audience`` (the same one again for
        the same two: it holds nothing of a turn).

        Raises:
            ConnectorError: the URL carries credentials, or is not loopback in a
                ``loopback_only`` factory (status 0: never sent).
        """
        if not service_url:
            raise ValueError("a service URL is required")
        audience = audience or self._default_audience
        made = self._clients.get((service_url, audience))
        if made is not None:
            self._clients.move_to_end((service_url, audience))
            return made
        try:
            parsed = URL(service_url)
            host = parsed.host or ""
        except (ValueError, TypeError) as exc:
            raise ConnectorError(0, "the service URL is not a URL") from exc
        if parsed.user is not None or parsed.password is not None:
            raise ConnectorError(0, "a service URL with credentials is never called")
        if self.loopback_only and not is_loopback(host):
            raise ConnectorError(0, "anonymous local mode calls loopback service URLs only")
        credentials = await self._credentials(audience) if self._credentials else None
        made = AiohttpConnectorClient(
            session=self._session, service_url=service_url, tokens=self._tokens,
            audience=audience, options=self._options, limiter=self._limiter,
            credentials=credentials,
        )
        self._clients[(service_url, audience)] = made
        while len(self._clients) > _CLIENTS_KEPT:
            self._clients.popitem(last=False)
        return made


_CLIENTS_KEPT: Final = 64
"""Connector clients kept for reuse (service URL × audience; Teams has one URL per region)."""

_USER_AGENT: Final = (
    f"Microsoft-BotFramework/3.1 (BotBuilder Python/4.17; strategibot/{__version__})"
)
