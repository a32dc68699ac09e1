"""Teams single sign-on for the progress page, through HTTP on a real port (SQLite and
PostgreSQL): a token signed by a test key that a local server publishes as the tenant's keys
is accepted; a forged, wrong-audience, expired, other-tenant or otherwise bad token gets a 401
or 403 and no figures; the keys are fetched once and again only when needed (issue 14)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from unittest import mock

import aiohttp
import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from strategibot.services.content import Content
from strategibot.services.dashboard import DashboardSettings
from strategibot.settings import Settings
from strategibot.store.db import upgrade
from strategibot.web.dashboard.routes import validator_key
from strategibot.web.sso import SsoRejected, TokenValidator, viewer_of
from tests.conftest import INSIDE_THE_PERIOD
from tests.support.service import Service
from tests.web.test_dashboard import start_dashboard

APP_ID = "5f0c6a3e-1b2d-4c8e-9f10-2a3b4c5d6e7f"
TENANT = "7d8e9f10-1111-4222-8333-944455566677"
OTHER = "00000000-9999-4999-8999-999999999999"
HOST = "strategibot.ltk.example"
ADMIN = "admin@ltk.example"
LEADER = "ole.thomsen@ltk.example"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


KEY = _key()
FORGER = _key()


def _jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {**public, "kid": kid, "use": "sig"}


class Keys:
    """A fake Entra ID key endpoint: the JWKS it serves, how often it was asked, and whether it
    answers at all."""

    def __init__(self) -> None:
        self.document: dict[str, Any] = {"keys": [_jwk(KEY, "test-key")]}
        self.fetches = 0
        self.down = False
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        async def keys(_request: web.Request) -> web.Response:
            self.fetches += 1
            if self.down:
                return web.Response(status=503)
            return web.json_response(self.document)

        app = web.Application()
        app.router.add_get("/common/discovery/v2.0/keys", keys)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/common/discovery/v2.0/keys"


def token(*, key: rsa.RSAPrivateKey = KEY, kid: str = "test-key", algorithm: str = "RS256",
          drop: tuple[str, ...] = (), **changes: Any) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "aud": APP_ID, "iss": f"https://login.microsoftonline.com/{TENANT}/v2.0", "tid": TENANT,
        "iat": now - 5, "nbf": now - 5, "exp": now + 3600, "ver": "2.0",
        "scp": "access_as_user", "preferred_username": ADMIN, "oid": str(uuid.uuid4()),
    }
    claims.update(changes)
    for name in drop:
        claims.pop(name)
    if algorithm == "HS256":  # the classic confusion: the public key as an HMAC secret
        secret = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
        head = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}).encode())
        body = _b64(json.dumps(claims).encode())
        mac = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
        return f"{head}.{body}.{_b64(mac)}"
    signing = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return jwt.encode(claims, signing, algorithm=algorithm, headers={"kid": kid})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


Start = Callable[..., Awaitable[Service]]


@pytest.fixture
async def start(clean_postgres: str, content: Content, keys: Keys) -> AsyncIterator[Start]:
    """The bot with an app id (so the page signs in), on SQLite and on PostgreSQL."""
    started: list[Service] = []
    await upgrade(clean_postgres)
    http = aiohttp.ClientSession()

    async def run(*, example: bool = False, **changes: Any) -> Service:
        config = Settings(database_url=clean_postgres, admins=(ADMIN,), today=INSIDE_THE_PERIOD,
                          scheduler=False, APP_ID=APP_ID, APP_PASSWORD="secret",
                          APP_TENANTID=TENANT, **changes)
        dashboard = DashboardSettings(STRATEGIBOT_SSO_KEYS_URL=keys.url,
                                      STRATEGIBOT_PUBLIC_URL=f"https://{HOST}")
        service = await start_dashboard(config, content, dashboard, example=example)
        service.http = http
        started.append(service)
        return service

    yield run
    for service in started:
        await service.runner.cleanup()
    await http.close()


async def _get(service: Service, path: str, bearer: str | None = None,
               **headers: str) -> tuple[int, Any, Any]:
    if bearer is not None:
        headers["Authorization"] = f"Bearer {bearer}"
    async with service.http.get(service.url + path, headers=headers) as response:
        body = await response.text()
        try:
            parsed: Any = json.loads(body)
        except ValueError:
            parsed = body
        return response.status, parsed, response.headers


async def test_a_token_signed_with_the_tenants_key_opens_the_figures(start: Start) -> None:
    service = await start(example=True)
    status, body, _ = await _get(service, "/dashboard/data.json?lang=da", token())
    assert status == 200
    assert len(body["goals"]) == 7
    assert body["today"] == "2019-11-15"
    status, html, _ = await _get(service, "/dashboard/content?lang=en", token())
    assert status == 200
    assert 'id="goal-sick-leave"' in html
    assert "Overview" in html
    # the page itself is a shell that signs in; it carries no figure
    status, shell, headers = await _get(service, "/dashboard?lang=da")
    assert status == 200
    assert 'data-auth="teams"' in shell
    assert "goal-sick-leave" not in shell
    assert "/dashboard/static/vendor/MicrosoftTeams.min.js" in shell
    assert "https://teams.microsoft.com" in headers["Content-Security-Policy"]


async def test_a_v1_token_for_the_application_id_uri_is_accepted(start: Start) -> None:
    service = await start()
    v1 = token(aud=f"api://{HOST}/{APP_ID}", iss=f"https://sts.windows.net/{TENANT}/",
               ver="1.0", upn=LEADER, drop=("preferred_username",))
    status, _, _ = await _get(service, "/dashboard/data.json", v1)
    assert status == 200
    status, body, _ = await _get(service, "/dashboard/export.csv?level=units", v1)
    assert status == 403
    assert "admins" in body["error"]


async def test_only_an_admin_gets_the_figures_per_unit(start: Start) -> None:
    service = await start(example=True)
    status, csv_text, headers = await _get(service, "/dashboard/export.csv?level=units",
                                           token())
    assert status == 200
    assert "CPKS-01" in csv_text
    assert headers["Content-Disposition"].startswith('attachment; filename="fremdrift-')
    status, _body, _ = await _get(service, "/dashboard/export.csv?level=units",
                                 token(preferred_username=LEADER))
    assert status == 403
    status, html, _ = await _get(service, "/dashboard/content", token(preferred_username=LEADER))
    assert status == 200
    assert "level=units" not in html
    status, html, _ = await _get(service, "/dashboard/content", token())
    assert "level=units" in html


REFUSED: list[tuple[str, Callable[[], str], int, str]] = [
    ("forged: another key under the same key id", lambda: token(key=FORGER), 401, "signature"),
    ("another audience", lambda: token(aud="api://elsewhere.example/other"), 401, "another app"),
    ("expired", lambda: token(exp=int(time.time()) - 600, iat=int(time.time()) - 4000), 401,
     "expired"),
    ("not valid yet", lambda: token(nbf=int(time.time()) + 900), 401, "not valid"),
    ("another tenant", lambda: token(tid=OTHER,
                                     iss=f"https://login.microsoftonline.com/{OTHER}/v2.0"),
     403, "not served"),
    ("an issuer that is not the tenant's", lambda: token(
        iss=f"https://login.microsoftonline.com/{OTHER}/v2.0"), 401, "Entra ID"),
    ("an issuer elsewhere", lambda: token(iss="https://evil.example/v2.0"), 401, "Entra ID"),
    ("no scope", lambda: token(drop=("scp",)), 403, "scope"),
    ("another scope", lambda: token(scp="Files.Read"), 403, "scope"),
    ("no expiry", lambda: token(drop=("exp",)), 401, "not valid"),
    ("no tenant", lambda: token(drop=("tid",)), 401, "no tenant"),
    ("HS256 with the public key", lambda: token(algorithm="HS256"), 401, "not signed as"),
    ("unsigned (alg none)", lambda: jwt.encode({"aud": APP_ID, "tid": TENANT}, None,
                                               algorithm="none"), 401, "not signed as"),
    ("an unknown key id", lambda: token(kid="no-such-key"), 401, "unknown key"),
    ("garbage", lambda: "not.a.token", 401, "malformed"),
    ("a long one", lambda: "a." + "b" * 8000 + ".c", 401, "malformed"),
]


@pytest.mark.parametrize(("bad", "status", "reason"),
                         [(case[1], case[2], case[3]) for case in REFUSED],
                         ids=[case[0] for case in REFUSED])
async def test_a_bad_token_sees_no_figures(start: Start, bad: Callable[[], str], status: int,
                                           reason: str) -> None:
    service = await start()
    for path in ("/dashboard/data.json", "/dashboard/content", "/dashboard/export.csv",
                 "/dashboard/export.xlsx"):
        got, body, _ = await _get(service, path, bad())
        assert got == status, (path, body)
        assert reason in body["error"], body
        assert "goals" not in body


async def test_no_token_is_a_401_that_says_bearer(start: Start) -> None:
    service = await start()
    status, body, headers = await _get(service, "/dashboard/data.json")
    assert status == 401
    assert "token" in body["error"]
    assert headers["WWW-Authenticate"].startswith("Bearer")
    status, _, _ = await _get(service, "/dashboard/data.json", Authorization="Basic YTpi")
    assert status == 401
    status, _, _ = await _get(service, "/dashboard/data.json", Authorization="Bearer ")
    assert status == 401
    status, _, _ = await _get(service, "/dashboard/data.json", "x" * 20_000)
    assert status == 400  # longer than a header may be: the server refuses it itself


async def test_the_allow_list_may_name_other_tenants(start: Start) -> None:
    service = await start(allowed_tenants=(TENANT, OTHER))
    other = token(tid=OTHER, iss=f"https://login.microsoftonline.com/{OTHER}/v2.0")
    assert (await _get(service, "/dashboard/data.json", other))[0] == 200


async def test_the_keys_are_fetched_once_and_an_unknown_key_id_at_most_once_a_minute(
        start: Start, keys: Keys) -> None:
    service = await start()
    for _ in range(3):
        assert (await _get(service, "/dashboard/data.json", token()))[0] == 200
    assert keys.fetches == 1
    keys.document = {"keys": [_jwk(KEY, "test-key"), _jwk(FORGER, "rotated")]}
    for _ in range(3):  # a key id it does not know: not asked again within the minute
        assert (await _get(service, "/dashboard/data.json",
                           token(key=FORGER, kid="rotated")))[0] == 401
    assert keys.fetches == 1
    # the minute has passed: the new key is looked up once, found and kept
    service.app[validator_key].keys.refetch_after = 0
    for _ in range(3):
        assert (await _get(service, "/dashboard/data.json",
                           token(key=FORGER, kid="rotated")))[0] == 200
    assert keys.fetches == 2
    assert (await _get(service, "/dashboard/data.json", token(kid="never")))[0] == 401
    assert keys.fetches == 3


async def test_keys_that_cannot_be_fetched_are_a_503_then_it_recovers(start: Start,
                                                                        keys: Keys) -> None:
    service = await start()
    keys.down = True
    status, body, _ = await _get(service, "/dashboard/data.json", token())
    assert status == 503
    assert "keys" in body["error"]
    keys.down = False
    service.app[validator_key].keys.refetch_after = 0
    service.app[validator_key].keys.ttl = 0
    assert (await _get(service, "/dashboard/data.json", token()))[0] == 200


async def test_a_bad_jwks_document_is_not_a_500(start: Start, keys: Keys) -> None:
    service = await start()
    keys.document = {"keys": [{"kty": "RSA", "kid": "test-key", "n": "!!", "e": "AQAB"},
                              {"kty": "EC", "kid": "ec"}, "junk"]}
    status, body, _ = await _get(service, "/dashboard/data.json", token())
    assert status == 401
    assert "unknown key" in body["error"]


async def test_anonymous_mode_serves_loopback_only() -> None:
    settings = Settings(database_url="sqlite+aiosqlite://", dev_user_email=ADMIN, admins=(ADMIN,))
    validator = TokenValidator.from_settings(settings, DashboardSettings())

    def request(peer: str, host: str = "127.0.0.1:3978") -> web.Request:
        transport = mock.Mock()
        transport.get_extra_info.side_effect = lambda name, default=None: (
            (peer, 50000) if name == "peername" else default)
        return make_mocked_request("GET", "/dashboard/data.json", transport=transport,
                                   headers={"Host": host})

    async with aiohttp.ClientSession() as http:
        viewer = await viewer_of(request("127.0.0.1"), settings, validator, http)
        assert viewer.anonymous
        assert viewer.admin
        assert viewer.email == ADMIN
        assert (await viewer_of(request("::1", "localhost:3978"), settings, validator,
                                http)).anonymous
        with pytest.raises(SsoRejected) as refused:
            await viewer_of(request("10.1.2.3"), settings, validator, http)
        assert refused.value.status == 403
        # a DNS-rebinding page: the browser connects to loopback under a foreign name
        with pytest.raises(SsoRejected) as rebound:
            await viewer_of(request("127.0.0.1", "evil.example:3978"), settings, validator,
                            http)
    assert rebound.value.status == 403


async def test_without_an_app_id_no_token_is_accepted(keys: Keys) -> None:
    validator = TokenValidator.from_settings(
        Settings(database_url="sqlite+aiosqlite://"),
        DashboardSettings(STRATEGIBOT_SSO_KEYS_URL=keys.url))
    async with aiohttp.ClientSession() as http:
        with pytest.raises(SsoRejected, match="not configured"):
            await validator.validate(token(), http)
    assert keys.fetches == 0


def test_the_issuers_are_the_tenants_own() -> None:
    validator = TokenValidator.from_settings(
        Settings(database_url="sqlite+aiosqlite://", APP_ID=APP_ID, APP_PASSWORD="x",
                 APP_TENANTID=TENANT),
        DashboardSettings(STRATEGIBOT_PUBLIC_URL=f"https://{HOST}"))
    assert validator.audiences == [APP_ID, f"api://{HOST}/{APP_ID}"]
    assert validator.tenants == frozenset({TENANT})
    assert validator.issuers == ("https://login.microsoftonline.com/{tenant}/v2.0",
                                 "https://sts.windows.net/{tenant}/")
    assert dt.timedelta(seconds=validator.keys.ttl) == dt.timedelta(hours=1)
