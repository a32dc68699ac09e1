"""Settings, read once from the environment (and an optional ``.env`` file).

Every setting is documented in README.md ("Settings"). An invalid value stops the start with a
:class:`~strategibot.errors.ConfigError` that names the variable.

The attributes ``APP_ID``, ``APP_PASSWORD``, ``APP_TYPE`` and ``APP_TENANTID`` are the ones
botbuilder's ``ConfigurationBotFrameworkAuthentication`` reads from its configuration object.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from strategibot.errors import ConfigError

__all__ = ["Settings", "load_dotenv"]

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///var/strategibot.db"
DEFAULT_STRATEGY = "koncernstrategi-2019"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_TIMEZONE = "Europe/Copenhagen"


def load_dotenv(path: Path) -> dict[str, str]:
    """Parse a ``.env`` file: ``KEY=value`` lines, ``#`` comments, optional quotes."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        if not sep or not key.strip().isidentifier():
            raise ConfigError(f"{path}:{number}: expected KEY=value")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def _bool(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{name}={raw!r}: expected true or false")


def _int(name: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a whole number") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}={raw!r}: expected a number from {low} to {high}")
    return value


def _float(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a number") from None
    if value < 0 or value > 86_400:
        raise ConfigError(f"{name}={raw!r}: expected a number from 0 to 86400")
    return value


def _url(name: str, raw: str) -> str:
    if not raw.startswith(("http://", "https://")):
        raise ConfigError(f"{name}={raw!r}: expected an http:// or https:// URL")
    return raw


@dataclass(frozen=True, slots=True)
class Settings:
    """The service's configuration. Build it with :meth:`from_env`."""

    # Bot Framework (Teams)
    APP_ID: str = ""
    APP_PASSWORD: str = field(default="", repr=False)
    APP_TYPE: str = "MultiTenant"
    APP_TENANTID: str = ""
    # where the bot listens
    host: str = "127.0.0.1"
    port: int = 3978
    # data
    database_url: str = DEFAULT_DATABASE_URL
    knowledge_dir: Path | None = None
    dialogs_dir: Path | None = None
    strategy: str = DEFAULT_STRATEGY
    # Slack
    slack_signing_secret: str = field(default="", repr=False)
    slack_bot_token: str = field(default="", repr=False)
    slack_api_url: str = DEFAULT_SLACK_API_URL
    # Bot Framework endpoints the bot calls (tests and staging point them elsewhere)
    bot_openid_metadata_url: str = ""
    oauth_url: str = ""
    # behaviour
    default_language: str = "da"
    timezone: str = DEFAULT_TIMEZONE
    admins: tuple[str, ...] = ()
    dev_user_email: str = ""
    example_organisation: bool = True
    scheduler: bool = True
    catch_up_hours: int = 12
    deadline_reminder_days: int = 7
    digest_interval_seconds: float = 0.0
    """Tests and demos only: every subscription's digest every N seconds (0 = its schedule)."""
    leader_renew_seconds: float = 5.0
    log_format: str = "auto"
    log_level: str = "INFO"
    max_body_bytes: int = 256 * 1024

    @property
    def anonymous(self) -> bool:
        """True in anonymous local mode (no app id): Emulator / Agents Playground."""
        return not self.APP_ID

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, dotenv: Path | None = Path(".env")
    ) -> Settings:
        """Read settings from ``environ`` (default ``os.environ``) over an optional ``.env``."""
        env: dict[str, str] = {}
        if dotenv is not None:
            env.update(load_dotenv(dotenv))
        env.update(os.environ if environ is None else environ)
        get = env.get
        app_id = get("MicrosoftAppId", "").strip()
        app_type = get("MicrosoftAppType", "MultiTenant").strip() or "MultiTenant"
        if app_type not in {"MultiTenant", "SingleTenant", "UserAssignedMSI"}:
            raise ConfigError(
                f"MicrosoftAppType={app_type!r}: expected MultiTenant, SingleTenant"
                " or UserAssignedMSI"
            )
        tenant = get("MicrosoftAppTenantId", "").strip()
        if app_type == "SingleTenant" and app_id and not tenant:
            raise ConfigError("MicrosoftAppType=SingleTenant needs MicrosoftAppTenantId")
        default_host = "127.0.0.1" if not app_id else "0.0.0.0"
        values: dict[str, Any] = {
            "APP_ID": app_id,
            "APP_PASSWORD": get("MicrosoftAppPassword", ""),
            "APP_TYPE": app_type,
            "APP_TENANTID": tenant,
            "host": get("STRATEGIBOT_HOST", default_host),
            "port": _int("PORT", get("PORT", "3978"), 0, 65535),
            "database_url": get("DATABASE_URL", DEFAULT_DATABASE_URL),
            "strategy": get("STRATEGIBOT_STRATEGY", DEFAULT_STRATEGY),
            "slack_signing_secret": get("SLACK_SIGNING_SECRET", ""),
            "slack_bot_token": get("SLACK_BOT_TOKEN", ""),
            "slack_api_url": _url("SLACK_API_URL", get("SLACK_API_URL", DEFAULT_SLACK_API_URL)),
            "bot_openid_metadata_url": get("BOT_OPENID_METADATA_URL", ""),
            "oauth_url": get("OAUTH_URL", ""),
            "default_language": get("STRATEGIBOT_LANGUAGE", "da"),
            "timezone": get("STRATEGIBOT_TIMEZONE", DEFAULT_TIMEZONE),
            "admins": tuple(
                a.strip().lower() for a in get("STRATEGIBOT_ADMINS", "").split(",") if a.strip()
            ),
            "dev_user_email": get("STRATEGIBOT_DEV_USER_EMAIL", "").strip().lower(),
            "example_organisation": _bool("STRATEGIBOT_EXAMPLE_ORGANISATION",
                                          get("STRATEGIBOT_EXAMPLE_ORGANISATION", "true")),
            "scheduler": _bool("STRATEGIBOT_SCHEDULER", get("STRATEGIBOT_SCHEDULER", "true")),
            "catch_up_hours": _int("STRATEGIBOT_CATCH_UP_HOURS",
                                   get("STRATEGIBOT_CATCH_UP_HOURS", "12"), 0, 24 * 14),
            "deadline_reminder_days": _int("STRATEGIBOT_DEADLINE_REMINDER_DAYS",
                                           get("STRATEGIBOT_DEADLINE_REMINDER_DAYS", "7"), 0, 365),
            "digest_interval_seconds": _float("STRATEGIBOT_DIGEST_INTERVAL_SECONDS",
                                              get("STRATEGIBOT_DIGEST_INTERVAL_SECONDS", "0")),
            "leader_renew_seconds": _float("STRATEGIBOT_LEADER_RENEW_SECONDS",
                                           get("STRATEGIBOT_LEADER_RENEW_SECONDS", "5")),
            "log_format": get("LOG_FORMAT", "auto"),
            "log_level": get("LOG_LEVEL", "INFO").upper(),
            "max_body_bytes": _int(
                "STRATEGIBOT_MAX_BODY_BYTES", get("STRATEGIBOT_MAX_BODY_BYTES", "262144"),
                1024, 16 * 1024 * 1024,
            ),
        }
        for name in ("knowledge_dir", "dialogs_dir"):
            var = "STRATEGIBOT_" + name.upper()
            if get(var):
                path = Path(get(var, ""))
                if not path.is_dir():
                    raise ConfigError(f"{var}={path}: not a folder")
                values[name] = path
        if values["default_language"] not in {"da", "en"}:
            raise ConfigError(f"STRATEGIBOT_LANGUAGE={values['default_language']!r}: da or en")
        if values["log_format"] not in {"auto", "json", "text"}:
            raise ConfigError(f"LOG_FORMAT={values['log_format']!r}: auto, json or text")
        if values["log_level"] not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError(f"LOG_LEVEL={values['log_level']!r}: DEBUG, INFO, WARNING or ERROR")
        if values["slack_api_url"] and not values["slack_api_url"].endswith("/"):
            values["slack_api_url"] += "/"
        _check_timezone(values["timezone"])
        _check_database_url(values["database_url"])
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed (tests use it)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        return replace(self, **changes)


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"STRATEGIBOT_TIMEZONE={name!r}: not a known time zone") from None


def _check_database_url(url: str) -> None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"DATABASE_URL: not a database URL ({url.split(':', 1)[0]}:…)") from None
    if parsed.drivername not in {"sqlite+aiosqlite", "postgresql+asyncpg"}:
        raise ConfigError(
            f"DATABASE_URL: driver {parsed.drivername!r} is not supported;"
            " use sqlite+aiosqlite:///path.db or postgresql+asyncpg://…"
        )
