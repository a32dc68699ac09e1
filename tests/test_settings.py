"""Settings from the environment and .env: names as documented, checked at start, and an
invalid value refused with the variable named (never its secret)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from strategibot.errors import ConfigError
from strategibot.settings import Settings


def test_defaults_are_the_embedded_local_setup() -> None:
    settings = Settings.from_env({}, dotenv=None)
    assert settings.anonymous
    assert settings.host == "127.0.0.1"  # anonymous local mode listens on loopback only
    assert settings.port == 3978
    assert settings.database_url == "sqlite+aiosqlite:///var/strategibot.db"
    assert settings.today is None


def test_environment_names_as_documented() -> None:
    settings = Settings.from_env({
        "MicrosoftAppId": "app", "MicrosoftAppPassword": "pw", "MicrosoftAppType": "SingleTenant",
        "MicrosoftAppTenantId": "tenant", "PORT": "8080",
        "STRATEGIBOT_ADMINS": "Anna@LTK.dk, bo@ltk.dk,", "STRATEGIBOT_TODAY": "2019-06-15",
        "STRATEGIBOT_SCHEDULER": "false", "LOG_LEVEL": "debug",
        "SLACK_API_URL": "http://127.0.0.1:9/api",
    }, dotenv=None)
    assert (settings.APP_ID, settings.APP_TYPE, settings.APP_TENANTID) == (
        "app", "SingleTenant", "tenant")
    assert settings.host == "0.0.0.0"  # with an app id: every interface, behind HTTPS
    assert settings.admins == ("anna@ltk.dk", "bo@ltk.dk")
    assert settings.today == dt.date(2019, 6, 15)
    assert settings.scheduler is False
    assert settings.log_level == "DEBUG"
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert "pw" not in repr(settings)


def test_the_environment_wins_over_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("PORT=4000\nSTRATEGIBOT_LANGUAGE=en\n# a comment\n", encoding="utf-8")
    settings = Settings.from_env({"PORT": "5000"}, dotenv=dotenv)
    assert (settings.port, settings.default_language) == (5000, "en")


@pytest.mark.parametrize(("environ", "message"), [
    ({"PORT": "http"}, "PORT='http': Input should be a valid integer"),
    ({"PORT": "70000"}, "PORT='70000'"),
    ({"STRATEGIBOT_TIMEZONE": "Mars/Olympus"}, "STRATEGIBOT_TIMEZONE='Mars/Olympus': not a known"),
    ({"DATABASE_URL": "mysql://db"}, "DATABASE_URL='mysql://db': driver 'mysql'"),
    ({"STRATEGIBOT_TODAY": "2019-13-01"}, "STRATEGIBOT_TODAY='2019-13-01'"),
    ({"MicrosoftAppType": "Tenantless"}, "MicrosoftAppType='Tenantless'"),
    ({"MicrosoftAppId": "x", "MicrosoftAppType": "SingleTenant"},
     "needs MicrosoftAppTenantId"),
    ({"STRATEGIBOT_KNOWLEDGE_DIR": "/no/such/folder"}, "STRATEGIBOT_KNOWLEDGE_DIR='/no/such"),
    ({"LOG_FORMAT": "xml"}, "LOG_FORMAT='xml'"),
])
def test_an_invalid_value_names_the_variable(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env(environ, dotenv=None)
    assert message in str(caught.value)


def test_secrets_are_never_echoed() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"SLACK_SIGNING_SECRET": "", "STRATEGIBOT_MAX_BODY_BYTES": "1"},
                          dotenv=None)
    assert "STRATEGIBOT_MAX_BODY_BYTES='1'" in str(caught.value)


def test_with_checks_the_changes() -> None:
    settings = Settings()
    assert settings.with_(port=1234).port == 1234
    with pytest.raises(ConfigError, match="PORT"):
        settings.with_(port=-1)
    with pytest.raises(TypeError, match="unknown settings"):
        settings.with_(colour="blue")


def test_admins_must_be_addresses() -> None:
    from strategibot.errors import ConfigError

    with pytest.raises(ConfigError, match="STRATEGIBOT_ADMINS"):
        Settings.from_env({"STRATEGIBOT_ADMINS": "notanemail,,"})
