"""Who is looking at the progress page: Teams single sign-on, or anonymous local mode.

In Teams the tab asks Teams for a token (``authentication.getAuthToken``) and sends it as
``Authorization: Bearer …``. A token is accepted only when all of these hold:

- it is a JWT signed with RS256 by a key published at ``STRATEGIBOT_SSO_KEYS_URL`` (Microsoft's
  by default; fetched with the shared HTTP session, kept for an hour, fetched again for an
  unknown key id at most once a minute);
- its audience is the bot's app id or the tab's application id URI
  (``api://<public host>/<app id>``) or one of ``STRATEGIBOT_SSO_AUDIENCES``;
- it has not expired (a minute's leeway for clocks) and is not used before ``nbf``;
- its issuer is Entra ID's for its own tenant (``tid``), v1 or v2
  (``STRATEGIBOT_SSO_ISSUERS``), and that tenant is allowed (``STRATEGIBOT_ALLOWED_TENANTS``, as
  for the bot's messages: empty means the bot's own tenant, or every tenant when none is known);
- it carries the scope ``access_as_user`` (``STRATEGIBOT_SSO_SCOPE``).

The viewer is then the token's ``preferred_username`` (v2) or ``upn`` (v1), an admin when that
address is in ``STRATEGIBOT_ADMINS``. Without an app id (anonymous local mode) no token can be
checked: the page is served without one, to loopback clients only.

A refusal says why in a few words (401: no or bad token; 403: a tenant or scope not allowed;
503: the keys cannot be fetched) and is logged without the token.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import aiohttp
import jwt
from aiohttp import web

from strategibot.errors import StrategibotError
from strategibot.services.dashboard import DashboardSettings
from strategibot.settings import Settings, is_loopback

__all__ = ["KeySet", "SsoRejected", "TokenValidator", "Viewer", "audiences_for", "viewer_of"]

log = logging.getLogger(__name__)

MAX_TOKEN_CHARS = 16_384
MAX_KEYS_BYTES = 512 * 1024
MAX_KEYS = 200
LEEWAY_SECONDS = 60


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking: the signed-in address (None in anonymous mode without one)."""

    email: str | None
    admin: bool = False
    tenant: str | None = None
    anonymous: bool = False


class SsoRejected(StrategibotError):
    """The request may not see the page's figures: ``status`` and a short ``reason``."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class KeySet:
    """The signing keys published at ``url`` (a JWKS), fetched when needed."""

    def __init__(self, url: str, *, ttl: float = 3600.0, refetch_after: float = 60.0,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.url = url
        self.ttl = ttl
        self.refetch_after = refetch_after
        self.now = now
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched: float | None = None
        self._lock = asyncio.Lock()

    async def key(self, kid: str, http: aiohttp.ClientSession) -> jwt.PyJWK | None:
        """The key ``kid``, or None when the publisher has no such key.

        Raises:
            SsoRejected: (503) the keys cannot be fetched and none are known.
        """
        fresh = self._fetched is not None and self.now() - self._fetched < self.ttl
        if kid in self._keys and fresh:
            return self._keys[kid]
        async with self._lock:
            since = None if self._fetched is None else self.now() - self._fetched
            if since is None or since >= self.ttl or (
                    kid not in self._keys and since >= self.refetch_after):
                await self._fetch(http)
        return self._keys.get(kid)

    async def _fetch(self, http: aiohttp.ClientSession) -> None:
        try:
            async with http.get(self.url, timeout=aiohttp.ClientTimeout(total=5)) as response:
                if response.status != 200:
                    raise ValueError(f"HTTP {response.status}")
                body = await response.content.read(MAX_KEYS_BYTES + 1)
            if len(body) > MAX_KEYS_BYTES:
                raise ValueError("too large")
            keys = self._parse(json.loads(body))
        except (aiohttp.ClientError, TimeoutError, ValueError, UnicodeDecodeError) as exc:
            log.warning("SSO signing keys could not be fetched",
                        extra={"url": self.url, "problem": str(exc)[:200]})
            if not self._keys:
                raise SsoRejected(503, "the sign-in keys cannot be fetched now") from None
            self._fetched = self.now()  # keep the known keys; try again after the ttl
            return
        self._keys, self._fetched = keys, self.now()

    @staticmethod
    def _parse(document: Any) -> dict[str, jwt.PyJWK]:
        if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
            raise ValueError("not a JWKS document")
        keys: dict[str, jwt.PyJWK] = {}
        for entry in document["keys"][:MAX_KEYS]:
            if not isinstance(entry, dict) or entry.get("kty") != "RSA" or \
                    entry.get("use", "sig") != "sig" or not isinstance(entry.get("kid"), str):
                continue
            try:
                keys[entry["kid"]] = jwt.PyJWK({**entry, "alg": "RS256"})
            except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError):
                continue
        return keys


def audiences_for(settings: Settings, dashboard: DashboardSettings) -> tuple[str, ...]:
    """The audiences a page token may have: the app id, ``api://<public host>/<app id>``,
    and any configured."""
    app_id = settings.APP_ID.strip().lower()
    found = [app_id] if app_id else []
    if app_id and dashboard.public_host:
        found.append(f"api://{dashboard.public_host}/{app_id}")
    found.extend(dashboard.sso_audiences)
    return tuple(dict.fromkeys(found))


class TokenValidator:
    """Checks Teams SSO tokens (see the module docstring)."""

    def __init__(self, *, keys: KeySet, audiences: Iterable[str], issuers: Iterable[str],
                 tenants: Iterable[str], scope: str, admins: Iterable[str]) -> None:
        self.keys = keys
        self.audiences = [a for a in audiences if a]
        self.issuers = tuple(issuers)
        self.tenants = frozenset(t.lower() for t in tenants)
        self.scope = scope
        self.admins = frozenset(a.lower() for a in admins)

    @classmethod
    def from_settings(cls, settings: Settings, dashboard: DashboardSettings) -> TokenValidator:
        return cls(keys=KeySet(dashboard.sso_keys_url),
                   audiences=audiences_for(settings, dashboard),
                   issuers=dashboard.sso_issuers, tenants=settings.tenants,
                   scope=dashboard.sso_scope, admins=settings.admins)

    async def validate(self, token: str, http: aiohttp.ClientSession) -> Viewer:
        """The viewer ``token`` names.

        Raises:
            SsoRejected: the token is not accepted (and why).
        """
        if not self.audiences:
            raise SsoRejected(401, "sign-in is not configured (no MicrosoftAppId)")
        if len(token) > MAX_TOKEN_CHARS or token.count(".") != 2:
            raise SsoRejected(401, "the token is malformed")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise SsoRejected(401, "the token is malformed") from None
        kid = header.get("kid")
        if header.get("alg") != "RS256" or not isinstance(kid, str) or not kid:
            raise SsoRejected(401, "the token is not signed as Entra ID signs")
        key = await self.keys.key(kid, http)
        if key is None:
            raise SsoRejected(401, "the token is signed with an unknown key")
        try:
            claims: dict[str, Any] = jwt.decode(
                token, key=key, algorithms=["RS256"], audience=self.audiences,
                leeway=LEEWAY_SECONDS, options={"require": ["exp", "iat", "aud", "iss"]})
        except jwt.ExpiredSignatureError:
            raise SsoRejected(401, "the token has expired") from None
        except jwt.InvalidAudienceError:
            raise SsoRejected(401, "the token is for another application") from None
        except jwt.InvalidSignatureError:
            raise SsoRejected(401, "the token's signature is not valid") from None
        except jwt.PyJWTError:
            raise SsoRejected(401, "the token is not valid") from None
        tenant = claims.get("tid")
        if not isinstance(tenant, str) or not tenant:
            raise SsoRejected(401, "the token names no tenant")
        if claims.get("iss") not in {issuer.replace("{tenant}", tenant)
                                     for issuer in self.issuers}:
            raise SsoRejected(401, "the token is not from the tenant's Entra ID")
        if self.tenants and tenant.lower() not in self.tenants:
            log.warning("SSO: a tenant that is not allowed", extra={"tenant": tenant})
            raise SsoRejected(403, "your organisation is not served by this bot")
        if self.scope and self.scope not in str(claims.get("scp", "")).split():
            raise SsoRejected(403, f"the token lacks the scope {self.scope}")
        email = claims.get("preferred_username") or claims.get("upn") or claims.get("email")
        address = email.strip().lower() if isinstance(email, str) and email.strip() else None
        return Viewer(address, admin=address is not None and address in self.admins,
                      tenant=tenant)


async def viewer_of(request: web.Request, settings: Settings, validator: TokenValidator,
                    http: aiohttp.ClientSession) -> Viewer:
    """Who sent ``request``: a validated Teams token; in anonymous local mode a loopback
    client without one (the development user, when ``STRATEGIBOT_DEV_USER_EMAIL`` names one).

    Raises:
        SsoRejected: no valid token (or, in anonymous mode, a client beyond loopback).
    """
    if settings.anonymous:
        if not is_loopback(request.remote or ""):
            raise SsoRejected(403, "without MicrosoftAppId the page is served on loopback only")
        host = urllib.parse.urlsplit(f"//{request.headers.get('Host', '')}").hostname or ""
        if host and not is_loopback(host):  # DNS rebinding: loopback client, foreign name
            raise SsoRejected(403, "without MicrosoftAppId the page is served to a loopback "
                                   "address only")
        email = settings.dev_user_email or None
        return Viewer(email, admin=email is not None and email in settings.admins,
                      anonymous=True)
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise SsoRejected(401, "a Teams sign-in token is needed")
    return await validator.validate(token.strip(), http)
