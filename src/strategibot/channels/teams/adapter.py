"""The Bot Framework adapter: botbuilder's CloudAdapter with a hardened edge.

:class:`StrategibotAdapter` subclasses ``botbuilder.integration.aiohttp.CloudAdapter`` (not
``CloudAdapterBase``) so that anything typed or ``isinstance``-checked against CloudAdapter
keeps working; only :meth:`~StrategibotAdapter.process` is replaced. What changes:

* **Inbound**: the body is read with a size cap and validated by
  :func:`~.inbound.parse_activity`; bad input gets 400/413/415 and a short JSON
  error, never a 500 or a stack trace. Authentication failures of any kind get 401.
* **Responses**: invoke responses and ``expectReplies`` answers are serialised with plain
  ``json`` (botbuilder 4.17.1 passes the already-serialised dict to msrest again and answers
  500 "'dict' object has no attribute 'is_xml_model'").
* **Outbound**: :class:`StrategibotAuthentication` wraps botbuilder's
  ``ConfigurationBotFrameworkAuthentication`` — inbound JWT validation stays botbuilder's —
  but hands out an :class:`.connector.AiohttpConnectorFactory`, so replies,
  proactive sends (``continue_conversation``), ``create_conversation`` and ``TeamsInfo``'s
  member calls go over the shared aiohttp session with cached tokens.
* The OpenID signing keys are fetched with aiohttp too (botbuilder fetches them with a
  blocking ``requests.get`` on the event loop), from ``settings.bot_openid_metadata_url``
  when it is set.
* **Time**: a turn runs within ``STRATEGIBOT_TURN_BUDGET_SECONDS`` (connector calls are cut to
  what is left of it; see :func:`.connector.turn_budget`), and a turn that still overruns is
  cancelled, so Teams' inbound request is always answered before Teams gives up (15 s).
* **Anonymous local mode** (no app id, no token checked): the activity's ``serviceUrl`` must
  be a loopback address (403 otherwise), and the connector calls loopback only — the caller
  of an unauthenticated endpoint cannot make the bot call anywhere else.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web
from botbuilder.core import Bot, BotAdapter, TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConfigurationServiceClientCredentialFactory,
)
from botbuilder.schema import CallerIdConstants
from botframework.connector.auth import (
    AuthenticationConstants,
    BotFrameworkAuthentication,
    UserTokenClient,
)
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor
from jwt.algorithms import RSAAlgorithm

from strategibot.channels.teams.connector import (
    AiohttpConnectorClient,
    AiohttpConnectorFactory,
    AnonymousTokens,
    ClientCredentialsTokens,
    ConnectorOptions,
    ThreadedCredentialsTokens,
    TokenProvider,
    to_json,
    turn_budget,
)
from strategibot.channels.teams.inbound import INBOUND_JSON, BadActivity, read_activity
from strategibot.errors import StrategibotError, TurnUnanswered
from strategibot.settings import Settings, is_loopback

__all__ = [
    "KeysUnavailable",
    "StrategibotAdapter",
    "StrategibotAuthentication",
    "connector_client",
    "token_url",
]

log = logging.getLogger(__name__)

_LOGIN_PREFIX: Final = AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX
_CHUNK: Final = 64 * 1024


class KeysUnavailable(StrategibotError):
    """The OpenID signing keys could not be fetched, so no token can be checked (503)."""


@dataclass(frozen=True, slots=True)
class _BotConfiguration:
    """The attributes ``ConfigurationBotFrameworkAuthentication`` reads, set from Settings.

    Every "parameterized" value is set, with botbuilder's public-cloud constants as defaults,
    so botbuilder always takes its parameterized path — the only one whose OpenID metadata URL
    can be configured — and the path the tests run is the one production runs.
    """

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str
    TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL: str
    VALIDATE_AUTHORITY: bool = True
    TO_CHANNEL_FROM_BOT_LOGIN_URL: str = _LOGIN_PREFIX
    TO_CHANNEL_FROM_BOT_OAUTH_SCOPE: str = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
    TO_BOT_FROM_CHANNEL_TOKEN_ISSUER: str = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
    TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL: str = (
        AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
    )
    OAUTH_URL: str = AuthenticationConstants.OAUTH_URL  # the user-token service (OAuthPrompt)
    CALLER_ID: str = CallerIdConstants.public_azure_channel

    @classmethod
    def from_settings(cls, settings: Settings) -> _BotConfiguration:
        return cls(
            APP_ID=settings.APP_ID,
            APP_PASSWORD=settings.APP_PASSWORD,
            # anonymous local mode has no app, so no tenant: botbuilder's MultiTenant path is
            # the one that accepts an empty app id
            APP_TYPE=settings.APP_TYPE if settings.APP_ID else "MultiTenant",
            APP_TENANTID=settings.APP_TENANTID,
            TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL=(
                settings.bot_openid_metadata_url
                or AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL
            ),
        )


def token_url(settings: Settings) -> str:
    """The endpoint the bot gets its access token from.

    ``settings.oauth_url`` is either the token endpoint itself (ends in ``/token``) or an
    authority (``https://login.example/tenant``) to which ``/oauth2/v2.0/token`` is added.
    Without it: Microsoft Entra ID, tenant ``botframework.com`` (MultiTenant) or the app's own.
    """
    if settings.oauth_url:
        url = settings.oauth_url.rstrip("/")
        return url if url.endswith("/token") else url + "/oauth2/v2.0/token"
    tenant = "botframework.com"
    if settings.APP_TYPE == "SingleTenant" and settings.APP_TENANTID:
        tenant = settings.APP_TENANTID
    return f"{_LOGIN_PREFIX}{tenant}/oauth2/v2.0/token"


class _SigningKeys:
    """The OpenID signing keys of one metadata URL, fetched with aiohttp.

    Takes the place of botbuilder's ``_OpenIdMetadata`` in ``JwtTokenExtractor.metadataCache``
    and keeps its policy: refresh daily, and at most hourly when a token names an unknown key.
    A failed refresh keeps the old keys (retrying after a minute); with no keys at all it
    raises :class:`KeysUnavailable` (and, for 10 seconds, raises it again without retrying).
    """

    def __init__(self, url: str, session: aiohttp.ClientSession) -> None:
        self.url = url
        self.session = session
        self._keys: dict[str, Any] = {}
        self._converted: dict[str, _Key] = {}
        self._fetched_at = -1e12
        self._failed_at = -1e12
        self.lock = asyncio.Lock()

    async def get(self, key_id: str | None) -> _Key:
        if time.monotonic() - self._fetched_at > 86400:
            await self._refresh(86400)
        key = self._find(key_id)
        if key is None:
            await self._refresh(3600)
            key = self._find(key_id)
        if key is None:
            raise PermissionError("the token's signing key is unknown")
        return key

    def _find(self, key_id: str | None) -> _Key | None:
        if not key_id or key_id not in self._keys:
            return None
        if key_id not in self._converted:
            jwk = self._keys[key_id]
            try:
                public_key = RSAAlgorithm.from_jwk(json.dumps(jwk))
            except Exception:  # not an RSA key, or a broken one
                return None
            self._converted[key_id] = _Key(public_key, list(jwk.get("endorsements") or []))
        return self._converted[key_id]

    async def _refresh(self, max_age: float) -> None:
        async with self.lock:
            if time.monotonic() - self._fetched_at <= max_age:
                return  # another task refreshed while this one waited
            if not self._keys and time.monotonic() - self._failed_at < 10:
                raise KeysUnavailable(f"OpenID keys from {self.url}: failed just now")
            try:
                keys = await self._download()
            except (aiohttp.ClientError, TimeoutError, ValueError, KeyError, TypeError) as exc:
                if not self._keys:
                    self._failed_at = time.monotonic()
                    raise KeysUnavailable(f"OpenID keys from {self.url}: {exc!r}") from exc
                log.warning("OpenID keys from %s could not be refreshed: %r", self.url, exc)
                self._fetched_at = time.monotonic() - max_age + 60
                return
            self._keys = {
                k["kid"]: k for k in keys if isinstance(k, dict) and isinstance(k.get("kid"), str)
            }
            self._converted = {}
            self._fetched_at = time.monotonic()

    async def _download(self) -> list[Any]:
        session = self.session
        if session.closed:  # registered by an app that has shut down since
            async with aiohttp.ClientSession() as fresh:
                return await self._download_with(fresh)
        return await self._download_with(session)

    async def _download_with(self, session: aiohttp.ClientSession) -> list[Any]:
        timeout = aiohttp.ClientTimeout(total=15)
        async with session.get(self.url, timeout=timeout) as response:
            response.raise_for_status()
            jwks_uri = (await response.json(content_type=None))["jwks_uri"]
        async with session.get(jwks_uri, timeout=timeout) as response:
            response.raise_for_status()
            keys = (await response.json(content_type=None))["keys"]
        if not isinstance(keys, list):
            raise TypeError("'keys' is not a list")
        return keys


@dataclass(frozen=True, slots=True)
class _Key:
    """What botbuilder's ``JwtTokenExtractor`` reads from a key."""

    public_key: Any
    endorsements: list[str]


def _install_signing_keys(url: str, session: aiohttp.ClientSession) -> None:
    current = JwtTokenExtractor.metadataCache.get(url)
    if isinstance(current, _SigningKeys):  # an earlier adapter's: keep its keys
        current.session = session
        current.lock = asyncio.Lock()  # the earlier one may belong to another event loop
    else:
        JwtTokenExtractor.metadataCache[url] = _SigningKeys(url, session)


class _LazyUserTokenClient(UserTokenClient):  # type: ignore[misc]  # botbuilder is untyped
    """Builds botbuilder's user-token client on first use, not on every turn.

    botbuilder builds one (a msrest client with a new ``requests`` session: ~4 ms of CPU) for
    every turn, although only OAuthPrompt / SSO use it.
    """

    def __init__(self, create: Callable[[], Awaitable[Any]]) -> None:
        self._create = create
        self._inner: Any = None

    async def _client(self) -> Any:
        if self._inner is None:
            self._inner = await self._create()
        return self._inner

    async def get_user_token(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._client()).get_user_token(*args, **kwargs)

    async def get_sign_in_resource(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._client()).get_sign_in_resource(*args, **kwargs)

    async def sign_out_user(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._client()).sign_out_user(*args, **kwargs)

    async def get_token_status(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._client()).get_token_status(*args, **kwargs)

    async def get_aad_tokens(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._client()).get_aad_tokens(*args, **kwargs)

    async def exchange_token(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._client()).exchange_token(*args, **kwargs)


class StrategibotAuthentication(BotFrameworkAuthentication):  # type: ignore[misc]
    """botbuilder's configuration-driven authentication, with aiohttp connectors.

    Inbound tokens are checked by botbuilder (``ConfigurationBotFrameworkAuthentication`` fed
    from Settings). Outbound, every connector comes from one
    :class:`.connector.AiohttpConnectorFactory`: no token in anonymous mode;
    with an app id and password, client-credentials tokens fetched with aiohttp from
    :func:`token_url` and cached until near expiry; for a managed identity (UserAssignedMSI),
    botbuilder's credentials run in a thread when the cache is empty.
    """

    def __init__(
        self,
        settings: Settings,
        session: aiohttp.ClientSession,
        *,
        options: ConnectorOptions | None = None,
    ) -> None:
        config = _BotConfiguration.from_settings(settings)
        options = options or ConnectorOptions.of(settings.connector_timeout_seconds)
        self._app_id = settings.APP_ID
        self._login_url = config.TO_CHANNEL_FROM_BOT_LOGIN_URL
        self._credential_factory = ConfigurationServiceClientCredentialFactory(config)
        self._inner = ConfigurationBotFrameworkAuthentication(
            config, credentials_factory=self._credential_factory
        )
        self._credentials: dict[str, Any] = {}
        for url in (
            config.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL,
            config.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL,
        ):
            _install_signing_keys(url, session)
        tokens: TokenProvider
        if settings.anonymous:
            tokens = AnonymousTokens()
        elif settings.APP_TYPE == "UserAssignedMSI":
            tokens = ThreadedCredentialsTokens(self._app_credentials)
        else:
            tokens = ClientCredentialsTokens(
                session=session, app_id=settings.APP_ID, password=settings.APP_PASSWORD,
                token_url=token_url(settings), timeout=options.timeout,
            )
        self.connector_factory = AiohttpConnectorFactory(
            session=session, tokens=tokens, options=options,
            default_audience=config.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE,
            credentials=self._app_credentials, loopback_only=settings.anonymous,
        )

    async def _app_credentials(self, audience: str) -> Any:
        """botbuilder's AppCredentials for ``audience`` (built once, then cached)."""
        if audience not in self._credentials:
            self._credentials[audience] = await self._credential_factory.create_credentials(
                self._app_id, audience, self._login_url, True
            )
        return self._credentials[audience]

    def _factory_for(self, claims_identity: Any) -> AiohttpConnectorFactory:
        claims = getattr(claims_identity, "claims", None) or {}
        app_id = claims.get(AuthenticationConstants.AUDIENCE_CLAIM) or claims.get(
            AuthenticationConstants.APP_ID_CLAIM
        )
        if self._app_id and app_id and app_id != self._app_id:
            raise PermissionError("the claims are for another app id")
        return self.connector_factory

    async def authenticate_request(self, activity: Any, auth_header: str | None) -> Any:
        """Validate the request's token (botbuilder); the result carries our factory.

        An empty header is passed on as None: botbuilder's parameterized path only treats
        None as "no header" and fails with an AttributeError on "".
        """
        result = await self._inner.authenticate_request(activity, auth_header or None)
        result.connector_factory = self._factory_for(result.claims_identity)
        return result

    async def authenticate_streaming_request(self, auth_header: str, channel_id: str) -> Any:
        return await self._inner.authenticate_streaming_request(auth_header, channel_id)

    def create_connector_factory(self, claims_identity: Any) -> AiohttpConnectorFactory:
        """The shared aiohttp factory (proactive sends and create_conversation come here)."""
        return self._factory_for(claims_identity)

    async def create_user_token_client(self, claims_identity: Any) -> UserTokenClient:
        return _LazyUserTokenClient(lambda: self._inner.create_user_token_client(claims_identity))

    def create_bot_framework_client(self) -> Any:
        return self._inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return str(self._inner.get_originating_audience())

    async def authenticate_channel_request(self, auth_header: str) -> Any:
        return await self._inner.authenticate_channel_request(auth_header)


def _loopback_url(url: str | None) -> bool:
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return False
    return bool(host) and is_loopback(host or "")


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _status(value: Any) -> int:
    if value is None:
        return 200
    try:
        status = int(value)
    except (TypeError, ValueError):
        return 500
    return status if 200 <= status < 600 else 500


class StrategibotAdapter(CloudAdapter):  # type: ignore[misc]  # botbuilder is untyped
    """botbuilder's CloudAdapter with validated input, correct invoke responses and aiohttp
    outbound calls (see the module docstring).

    Args:
        settings: the service settings (app id, password, type, tenant, endpoints, body cap).
        session: the shared aiohttp session for outbound calls (the caller closes it).
        options: timeouts and limits for outbound calls.

    ``on_turn_error`` keeps botbuilder's meaning: it is awaited with the context and the
    exception when a turn fails; without it, a failed turn answers 500 (logged, no trace).
    """

    def __init__(
        self,
        settings: Settings,
        session: aiohttp.ClientSession,
        *,
        options: ConnectorOptions | None = None,
    ) -> None:
        super().__init__(StrategibotAuthentication(settings, session, options=options))
        self.settings = settings

    async def process(self, request: web.Request, bot: Bot) -> web.Response:
        """Handle ``POST /api/messages``: validate, authenticate, run the turn, answer.

        Answers 200 (no body) for a processed activity; the invoke response's status and JSON
        body for ``invoke``; 200 and ``{"activities": [...]}`` for ``expectReplies``; 400, 413
        or 415 for bad input, 401 for a missing or invalid token, 403 for a serviceUrl beyond
        loopback in anonymous local mode, 503 when the signing keys cannot be fetched or the
        turn overran its budget, 500 when the turn fails and no ``on_turn_error`` handled it.
        """
        if request.method != "POST":
            return _error(405, "only POST is allowed")
        if request.headers.get("Content-Encoding", "identity").strip().lower() != "identity":
            return _error(415, "the body must not be compressed (Content-Encoding)")
        try:
            activity, inbound = read_activity(
                await self._read_body(request),
                request.headers.get("Content-Type"),
                self.settings.max_body_bytes,
            )
        except BadActivity as exc:
            log.info("rejected an activity: %s", exc)
            return _error(exc.status, exc.reason)
        if self.settings.anonymous and not _loopback_url(activity.service_url):
            log.warning("refused an activity: anonymous local mode answers loopback "
                        "serviceUrls only")
            return _error(403, "in anonymous local mode the serviceUrl must be a loopback "
                               "address")
        try:
            authenticated = await self.bot_framework_authentication.authenticate_request(
                activity, request.headers.get("Authorization")
            )
        except KeysUnavailable:
            log.exception("cannot check tokens")
            return _error(503, "the token signing keys are unavailable")
        except Exception as exc:  # botbuilder raises PermissionError, jwt errors, IndexError …
            log.info("unauthorized activity: %s: %.200s", type(exc).__name__, exc)
            return _error(401, "unauthorized")
        budget = self.settings.turn_budget_seconds
        cap = asyncio.timeout(budget + 0.5)
        known = INBOUND_JSON.set(inbound)
        try:
            with turn_budget(budget):
                async with cap:
                    invoke_response = await self.process_activity(authenticated, activity,
                                                                  bot.on_turn)
        except TimeoutError:
            if not cap.expired():
                log.exception("turn failed (type %s, id %s)", activity.type, activity.id)
                return _error(500, "the bot failed")
            log.error("turn cancelled: it overran its budget of %.1f s (type %s, id %s)",
                      budget, activity.type, activity.id)
            return _error(503, "the bot took too long")
        except TurnUnanswered as exc:  # logged where it failed; the user heard nothing
            return _error(503, exc.answer)
        except Exception:
            log.exception("turn failed (type %s, id %s)", activity.type, activity.id)
            return _error(500, "the bot failed")
        finally:
            INBOUND_JSON.reset(known)
        return self._respond(invoke_response)

    async def _read_body(self, request: web.Request) -> bytes:
        limit = self.settings.max_body_bytes
        if request.content_length is not None and request.content_length > limit:
            raise BadActivity(413, f"the body is larger than {limit} bytes")
        chunks: list[bytes] = []
        size = 0
        try:
            while chunk := await request.content.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise BadActivity(413, f"the body is larger than {limit} bytes")
                chunks.append(chunk)
        except BadActivity:
            raise
        except Exception as exc:  # a broken chunked encoding, a reset connection
            raise BadActivity(400, "the body could not be read") from exc
        return b"".join(chunks)

    @staticmethod
    def _respond(invoke_response: Any) -> web.Response:
        if invoke_response is None:
            return web.Response(status=200)
        status = _status(getattr(invoke_response, "status", None))
        body = getattr(invoke_response, "body", None)
        if body is None:
            return web.Response(status=status)
        try:
            text = json.dumps(to_json(body), separators=(",", ":"))
        except (TypeError, ValueError):
            log.exception("the invoke response body is not JSON-serialisable")
            return _error(500, "the bot's answer could not be serialised")
        return web.Response(status=status, text=text, content_type="application/json")


def connector_client(turn_context: TurnContext) -> AiohttpConnectorClient:
    """The turn's connector, e.g. for ``connector_client(ctx).teams.get_team_details(id)``.

    Raises:
        TypeError: the turn was not created by :class:`StrategibotAdapter`.
    """
    client = turn_context.turn_state.get(BotAdapter.BOT_CONNECTOR_CLIENT_KEY)
    if not isinstance(client, AiohttpConnectorClient):
        raise TypeError("this turn has no aiohttp connector client")
    return client
