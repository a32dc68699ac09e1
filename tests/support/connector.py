"""A fake Bot Connector service (and the token and OpenID endpoints beside it), on loopback.

``FakeConnector`` is an aiohttp server on ``127.0.0.1`` and a free port. Use it as an async
context manager (or ``await start()`` / ``await close()``); its ``url`` is the serviceUrl to
put in activities. It records every request it gets and answers like the Bot Connector:

=========================================================  ==================================
``POST /v3/conversations``                                 ``{"id", "activityId", ...}``
``POST /v3/conversations/{id}/activities[/{activityId}]``  ``{"id": "..."}``
``PUT /v3/conversations/{id}/activities/{activityId}``     ``{"id": activityId}``
``DELETE /v3/conversations/{id}/activities/{activityId}``  200, empty
``GET /v3/conversations/{id}/members[/{memberId}]``        ``members[id]`` (404 if unknown)
``GET /v3/conversations/{id}/pagedmembers``                ``{"members": [...]}``
``GET /v3/teams/{id}`` and ``/v3/teams/{id}/conversations``  ``teams[id]``
``POST /{tenant}/oauth2/v2.0/token``                       ``{"access_token": token, ...}``
``GET /v1/.well-known/openidconfiguration`` and ``/keys``  ``signing_keys`` as a JWKS
=========================================================  ==================================

``fail(status, ...)`` makes matching requests answer 429 (with Retry-After), 403, 404 …;
``delay(seconds, ...)`` makes them wait first. ``on_request`` is called with each recorded
request as it arrives (the benchmark measures latency with it).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiohttp import web

__all__ = ["ConnectorRequest", "FakeConnector"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class ConnectorRequest:
    """One request the fake received."""

    method: str
    path: str  # decoded
    raw_path: str  # as sent, percent-encoding included
    query: dict[str, str]
    headers: dict[str, str]  # names lower-cased
    body: Any  # parsed JSON, the form fields (token endpoint), or None
    received_at: float  # time.monotonic()

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")

    @property
    def is_activity(self) -> bool:
        """A POST of an activity (send or reply)."""
        return self.method == "POST" and "/activities" in self.path and self.path.startswith(
            "/v3/conversations/"
        )


@dataclass
class _Rule:
    method: str | None
    path: re.Pattern[str] | None
    remaining: int | None
    status: int | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None

    def matches(self, method: str, path: str) -> bool:
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.method is not None and self.method != method:
            return False
        return self.path is None or self.path.search(path) is not None


class FakeConnector:
    """A recording fake of the Bot Connector REST API on a real loopback port.

    Args:
        token: the access token the fake token endpoint hands out.
        token_lifetime: its ``expires_in``.
    """

    def __init__(self, *, token: str = "fake-access-token", token_lifetime: int = 3600) -> None:
        self.token = token
        self.token_lifetime = token_lifetime
        self.requests: list[ConnectorRequest] = []
        self.members: dict[str, list[dict[str, Any]]] = {}
        self.teams: dict[str, dict[str, Any]] = {}
        self.signing_keys: list[dict[str, Any]] = []
        self.on_request: Callable[[ConnectorRequest], None] | None = None
        self.wait_limit = 10.0
        self.url = ""
        self._rules: list[_Rule] = []
        self._ids = itertools.count(1)
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None

    # --- life cycle -------------------------------------------------------------------------

    @property
    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware])
        add = app.router.add_route
        add("POST", "/v3/conversations", self._create_conversation)
        add("GET", "/v3/conversations", self._list_conversations)
        add("POST", "/v3/conversations/{cid}/activities", self._send)
        add("POST", "/v3/conversations/{cid}/activities/{aid}", self._send)
        add("PUT", "/v3/conversations/{cid}/activities/{aid}", self._update)
        add("DELETE", "/v3/conversations/{cid}/activities/{aid}", self._empty)
        add("GET", "/v3/conversations/{cid}/activities/{aid}/members", self._members)
        add("GET", "/v3/conversations/{cid}/members", self._members)
        add("GET", "/v3/conversations/{cid}/members/{mid}", self._member)
        add("DELETE", "/v3/conversations/{cid}/members/{mid}", self._empty)
        add("GET", "/v3/conversations/{cid}/pagedmembers", self._paged_members)
        add("GET", "/v3/teams/{tid}", self._team)
        add("GET", "/v3/teams/{tid}/conversations", self._team_channels)
        add("POST", "/{tenant}/oauth2/v2.0/token", self._token)
        add("GET", "/v1/.well-known/openidconfiguration", self._openid)
        add("GET", "/v1/.well-known/keys", self._keys)
        return app

    async def start(self) -> str:
        """Serve on 127.0.0.1 and a free port; return the base URL (ends in ``/``)."""
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/"
        return self.url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeConnector:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def token_url(self) -> str:
        return f"{self.url}botframework.com/oauth2/v2.0/token"

    @property
    def openid_metadata_url(self) -> str:
        return f"{self.url}v1/.well-known/openidconfiguration"

    # --- behaviour ---------------------------------------------------------------------------

    def fail(
        self,
        status: int,
        *,
        method: str | None = None,
        path: str | None = None,
        times: int | None = 1,
        retry_after: str | float | None = None,
        body: Any = None,
    ) -> None:
        """Answer matching requests (``path`` is a regex searched in the decoded path) with
        ``status`` — ``times`` times, or always for None."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        if body is None:
            body = {"error": {"code": f"Http{status}", "message": "fake failure"}}
        pattern = re.compile(path) if path else None
        self._rules.append(_Rule(method, pattern, times, status=status, headers=headers, body=body))

    def delay(
        self, seconds: float, *, method: str | None = None, path: str | None = None,
        times: int | None = None,
    ) -> None:
        """Wait ``seconds`` before answering matching requests."""
        pattern = re.compile(path) if path else None
        self._rules.append(_Rule(method, pattern, times, delay=seconds))

    def clear(self) -> None:
        """Forget the recorded requests and the failure/delay rules."""
        self.requests.clear()
        self._rules.clear()

    @property
    def activities(self) -> list[ConnectorRequest]:
        """The activities posted (sends and replies), oldest first."""
        return [r for r in self.requests if r.is_activity]

    def requests_to(self, method: str, path: str) -> list[ConnectorRequest]:
        """Recorded requests with ``method`` whose decoded path matches the regex ``path``."""
        pattern = re.compile(path)
        return [r for r in self.requests if r.method == method and pattern.search(r.path)]

    async def wait_for(
        self,
        count: int = 1,
        *,
        where: Callable[[ConnectorRequest], bool] | None = None,
    ) -> list[ConnectorRequest]:
        """Wait until ``count`` recorded requests satisfy ``where`` (default: activities other
        than typing indicators, which a slow turn adds).

        Gives up after ``wait_limit`` seconds: a guard against a hang, not a measurement.
        """
        where = where or (lambda r: r.is_activity and (r.body or {}).get("type") != "typing")
        async with asyncio.timeout(self.wait_limit):
            while True:
                found = [r for r in self.requests if where(r)]
                if len(found) >= count:
                    return found
                self._changed.clear()
                await self._changed.wait()

    # --- handlers ----------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        received_at = time.monotonic()
        raw = await request.read()
        body: Any = None
        if raw:
            if request.content_type == "application/x-www-form-urlencoded":
                body = dict(await request.post())
            else:
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw.decode("utf-8", "replace")
        recorded = ConnectorRequest(
            method=request.method,
            path=request.path,
            raw_path=request.raw_path.split("?", 1)[0],
            query=dict(request.query),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
            received_at=received_at,
        )
        self.requests.append(recorded)
        self._changed.set()
        if self.on_request is not None:
            self.on_request(recorded)
        for rule in self._rules:
            if rule.matches(request.method, request.path):
                if rule.remaining is not None:
                    rule.remaining -= 1
                if rule.delay:
                    await asyncio.sleep(rule.delay)
                if rule.status is not None:
                    return web.json_response(rule.body, status=rule.status, headers=rule.headers)
        return await handler(request)

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids)}"

    async def _create_conversation(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"id": self._next_id("conversation"), "activityId": self._next_id("activity"),
             "serviceUrl": self.url},
            status=201,
        )

    async def _list_conversations(self, request: web.Request) -> web.Response:
        return web.json_response({"conversations": [], "continuationToken": None})

    async def _send(self, request: web.Request) -> web.Response:
        return web.json_response({"id": self._next_id("activity")}, status=201)

    async def _update(self, request: web.Request) -> web.Response:
        return web.json_response({"id": request.match_info["aid"]})

    async def _empty(self, request: web.Request) -> web.Response:
        return web.Response(status=200)

    async def _members(self, request: web.Request) -> web.Response:
        return web.json_response(self.members.get(request.match_info["cid"], []))

    async def _member(self, request: web.Request) -> web.Response:
        for member in self.members.get(request.match_info["cid"], []):
            if member.get("id") == request.match_info["mid"]:
                return web.json_response(member)
        return web.json_response(
            {"error": {"code": "MemberNotFoundInConversation", "message": "not found"}},
            status=404,
        )

    async def _paged_members(self, request: web.Request) -> web.Response:
        members = self.members.get(request.match_info["cid"], [])
        return web.json_response({"members": members, "continuationToken": None})

    async def _team(self, request: web.Request) -> web.Response:
        team = self.teams.get(request.match_info["tid"])
        if team is None:
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        return web.json_response({k: v for k, v in team.items() if k != "channels"})

    async def _team_channels(self, request: web.Request) -> web.Response:
        team = self.teams.get(request.match_info["tid"], {})
        return web.json_response({"conversations": team.get("channels", [])})

    async def _token(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"token_type": "Bearer", "expires_in": self.token_lifetime,
             "access_token": self.token}
        )

    async def _openid(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"issuer": "https://api.botframework.com",
             "jwks_uri": f"{self.url}v1/.well-known/keys",
             "id_token_signing_alg_values_supported": ["RS256"]}
        )

    async def _keys(self, request: web.Request) -> web.Response:
        return web.json_response({"keys": self.signing_keys})
