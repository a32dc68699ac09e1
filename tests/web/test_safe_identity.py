"""Safe-by-default identity: anonymous local mode stays on loopback and calls loopback only,
never with credentials; the development address is for anonymous mode only; roster mappings
expire; only the allowed Entra tenants are served; SingleTenant is the default."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select, update

from strategibot.errors import ConfigError
from strategibot.settings import Settings
from strategibot.store.tables import Conversation, Person, QuestionLog
from strategibot.web.keys import sessionmaker_key
from tests.support.activities import BOT, members_added, teams_message
from tests.support.connector import FakeConnector
from tests.support.service import OLE, Service, reply_text, roster_user, say


def _strategibot(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "strategibot", *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **env})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ------------------------------------------------------------------ the settings


def test_anonymous_mode_beyond_loopback_refuses_to_start(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
           "STRATEGIBOT_HOST": "0.0.0.0", "PORT": str(_free_port())}
    process = _strategibot("serve", env=env)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "STRATEGIBOT_HOST='0.0.0.0'" in err
    assert "--insecure-anonymous" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_insecure_anonymous_serves_with_a_loud_warning(tmp_path: Path) -> None:
    port = _free_port()
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
           "STRATEGIBOT_HOST": "0.0.0.0", "PORT": str(port), "LOG_FORMAT": "json"}
    process = _strategibot("serve", "--insecure-anonymous", env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.communicate()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
    assert "WARNING: --insecure-anonymous" in err
    assert "anyone who can reach this port can act as any user" in err


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_loopback_addresses_need_no_flag(host: str) -> None:
    assert Settings(host=host).exposure_problem() is None


def test_an_app_id_may_listen_anywhere() -> None:
    settings = Settings(APP_ID="00000000-0000-4000-8000-000000000001", APP_TENANTID="t-1")
    assert settings.host == "0.0.0.0"
    assert settings.exposure_problem() is None


def test_the_development_address_is_refused_with_an_app_id() -> None:
    with pytest.raises(ConfigError, match="STRATEGIBOT_DEV_USER_EMAIL is for anonymous"):
        Settings.from_env({"MicrosoftAppId": "00000000-0000-4000-8000-000000000001",
                           "MicrosoftAppTenantId": "t-1",
                           "STRATEGIBOT_DEV_USER_EMAIL": "ole.thomsen@ltk.example"},
                          dotenv=None)


def test_single_tenant_is_the_default_and_needs_the_tenant() -> None:
    with pytest.raises(ConfigError, match=r"MicrosoftAppType=SingleTenant \(the default\) "
                                          r"needs MicrosoftAppTenantId"):
        Settings.from_env({"MicrosoftAppId": "00000000-0000-4000-8000-000000000001"},
                          dotenv=None)
    settings = Settings.from_env({"MicrosoftAppId": "00000000-0000-4000-8000-000000000001",
                                  "MicrosoftAppTenantId": "Tenant-A"}, dotenv=None)
    assert settings.APP_TYPE == "SingleTenant"
    assert settings.tenants == frozenset({"tenant-a"})  # the bot's own tenant only


def test_allowed_tenants_and_teams_are_read_as_lists() -> None:
    settings = Settings.from_env({"STRATEGIBOT_ALLOWED_TENANTS": " T-1, t-2 ,,",
                                  "SLACK_ALLOWED_TEAMS": "t0abc, T0DEF"}, dotenv=None)
    assert settings.tenants == frozenset({"t-1", "t-2"})
    assert settings.slack_allowed_teams == ("T0ABC", "T0DEF")
    assert Settings().tenants == frozenset()  # anonymous, no tenant known: every tenant


@pytest.mark.parametrize(("variable", "value"), [
    ("STRATEGIBOT_TURN_BUDGET_SECONDS", "15"), ("STRATEGIBOT_CONNECTOR_TIMEOUT_SECONDS", "0"),
    ("STRATEGIBOT_DB_LOCK_TIMEOUT_SECONDS", "-1"), ("STRATEGIBOT_IDENTITY_TTL_HOURS", "0"),
    ("STRATEGIBOT_RETAIN_QUESTIONS_DAYS", "0"), ("STRATEGIBOT_SQLITE_BUSY_TIMEOUT_SECONDS", "x"),
])
def test_bad_limits_name_their_variable(variable: str, value: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        Settings.from_env({variable: value}, dotenv=None)


# ------------------------------------------------------------------ anonymous mode


async def test_anonymous_mode_answers_loopback_service_urls_only(service: Service) -> None:
    for url in ("https://smba.trafficmanager.net/emea/", "http://10.0.0.8/",
                "http://evil.example/"):
        activity = teams_message(url, "hvad er kerneopgaven?")
        async with await service.post_activity(activity) as response:
            assert response.status == 403
            assert "loopback" in (await response.json())["error"]
    activity = teams_message(service.connector.url.replace("127.0.0.1", "localhost"), "hej")
    async with await service.post_activity(activity) as response:
        assert response.status == 200
    assert len(await service.connector.wait_for(1)) == 1


async def test_credentials_in_a_service_url_are_never_used(service: Service) -> None:
    with_credentials = service.connector.url.replace("http://", "http://user:s3cret@")
    activity = teams_message(with_credentials, "hvad er kerneopgaven?")
    async with await service.post_activity(activity) as response:
        assert response.status == 400
        assert "credentials" in (await response.json())["error"]
    await asyncio.sleep(0.2)
    assert service.connector.requests == []  # nothing was called, so nothing was sent


async def test_the_development_address_is_never_remembered(
    clean_postgres: str, connector: FakeConnector, content: object,
) -> None:
    from strategibot.store.db import upgrade
    from tests.support.service import start_service

    await upgrade(clean_postgres)
    settings = Settings(database_url=clean_postgres, dev_user_email=OLE)
    running = await start_service(settings, content)  # type: ignore[arg-type]
    async with aiohttp.ClientSession() as http:
        running.http, running.connector = http, connector
        activity = teams_message(connector.url, "mine indrapporteringer")
        activity["channelId"] = "emulator"  # the Emulator has no roster
        await running.post_activity(activity)
        [reply] = await connector.wait_for(1)
        # answered as Ole (a leader with no check-ins yet), not "who are you?"
        assert "ingen gældende indrapporteringer" in reply_text(reply.body)
        async with running.app[sessionmaker_key]() as session:
            assert (await session.scalars(select(Person))).all() == []
    await running.runner.cleanup()


# ------------------------------------------------------------------ the roster


async def test_a_roster_mapping_expires_and_is_read_again(service: Service) -> None:
    await say(service, OLE, "mine indrapporteringer")
    lookups = service.connector.requests_to("GET", "/members/")
    assert len(lookups) == 1
    await say(service, OLE, "mine indrapporteringer")
    assert len(service.connector.requests_to("GET", "/members/")) == 1  # remembered
    # a day later the roster says something else: the old mapping is not trusted
    async with service.app[sessionmaker_key]() as session, session.begin():
        await session.execute(update(Person).values(
            updated_at=service.bot.clock.now() - dt.timedelta(hours=25)))
    service.bot.people.forget()  # a day later the process's 10-minute copy has gone too
    conversation = f"a:personal-{OLE}"
    service.connector.members[conversation] = [{
        "id": f"29:{OLE}", "name": "ole", "email": "ole.new@ltk.example",
        "userPrincipalName": "ole.new@ltk.example"}]
    user = {"id": f"29:{OLE}", "name": "ole"}
    await service.post_activity(teams_message(service.connector.url, "mine indrapporteringer",
                                              user=user, conversation=conversation))
    await asyncio.sleep(0.2)
    assert len(service.connector.requests_to("GET", "/members/")) == 2
    async with service.app[sessionmaker_key]() as session:
        person = (await session.scalars(select(Person))).one()
    assert person.email == "ole.new@ltk.example"


@pytest.mark.parametrize(("entry", "expected"), [
    ({"userPrincipalName": "Ole.Upn@ltk.example"}, "ole.upn@ltk.example"),  # no e-mail field
    ({"email": "", "userPrincipalName": "ole.upn@ltk.example"}, "ole.upn@ltk.example"),
    ({"email": ["ole@ltk.example"], "userPrincipalName": 7}, None),  # odd types name nobody
])
async def test_the_roster_address_is_read_from_the_plain_answer(
        service: Service, entry: dict[str, object], expected: str | None) -> None:
    conversation = "a:personal-roster"
    service.connector.members[conversation] = [{"id": "29:roster", "name": "r", **entry}]
    await service.post_activity(teams_message(
        service.connector.url, "mine indrapporteringer", user={"id": "29:roster", "name": "r"},
        conversation=conversation))
    await service.settle()
    async with service.app[sessionmaker_key]() as session:
        people = (await session.scalars(select(Person))).all()
    assert [person.email for person in people] == ([expected] if expected else [])


# ------------------------------------------------------------------ tenants


async def test_only_allowed_tenants_are_served(service: Service) -> None:
    service.settings = service.settings.with_(allowed_tenants=("tenant-1",))
    await service.restart()
    conversation = "a:personal-foreign"
    user = roster_user(service.connector, OLE, conversation)
    foreign = teams_message(service.connector.url, "hvem vinder superligaen?", user=user,
                            conversation=conversation)
    foreign["conversation"]["tenantId"] = "tenant-2"
    foreign["channelData"] = {"tenant": {"id": "tenant-2"}}
    async with await service.post_activity(foreign) as response:
        assert response.status == 200
    [refusal] = await service.connector.wait_for(1)
    assert "betjener kun sin egen organisation" in reply_text(refusal.body)
    # the tenant's install gets no welcome; a Teams message that names no tenant is refused
    install = members_added(service.connector.url, [BOT], conversation="a:personal-foreign-2")
    install["conversation"]["tenantId"] = "tenant-2"
    install["channelData"] = {"tenant": {"id": "tenant-2"}}
    await service.post_activity(install)
    nameless = teams_message(service.connector.url, "hej", conversation="a:personal-nameless")
    del nameless["conversation"]["tenantId"]
    del nameless["channelData"]
    await service.post_activity(nameless)
    await asyncio.sleep(0.2)
    sent = [a for a in service.connector.activities if (a.body or {}).get("type") != "typing"]
    assert len(sent) == 2  # (not a typing indicator a slow turn sends)
    assert "betjener kun" in reply_text(sent[1].body)
    async with service.app[sessionmaker_key]() as session:
        assert (await session.scalars(select(Conversation))).all() == []
        assert (await session.scalars(select(QuestionLog))).all() == []
        assert (await session.scalars(select(Person))).all() == []
    # the bot's own tenant is answered
    await service.post_activity(teams_message(service.connector.url, "hvad er kerneopgaven?"))
    replies = await service.connector.wait_for(3)
    assert "Kerneopgaven" in reply_text(replies[2].body)
