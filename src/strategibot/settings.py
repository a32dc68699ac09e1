"""Settings: typed and checked with ``pydantic-settings``, read from the environment and an
optional ``.env`` file.

Every setting is documented in README.md ("Settings"). ``Settings(...)`` takes fields by name
(``database_url=…``) and reads nothing else; :meth:`Settings.from_env` reads the environment
variables (``DATABASE_URL``, ``MicrosoftAppId`` …) over the ``.env`` file. An invalid value stops
the start with a :class:`~strategibot.errors.ConfigError` that names the variable.

The attributes ``APP_ID``, ``APP_PASSWORD``, ``APP_TYPE`` and ``APP_TENANTID`` are the ones
the Bot Framework SDK's ``ConfigurationBotFrameworkAuthentication`` reads from its
configuration object.

Safe by default: a bot with an app id is ``SingleTenant`` unless told otherwise, the development
e-mail address is refused outside anonymous local mode, and :meth:`Settings.exposure_problem`
says why anonymous mode must not listen beyond loopback (``strategibot serve`` refuses it
without ``--insecure-anonymous``).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from strategibot.errors import ConfigError

__all__ = ["Settings", "is_loopback"]

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///var/strategibot.db"
DEFAULT_STRATEGY = "koncernstrategi-2019"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_TIMEZONE = "Europe/Copenhagen"


class Settings(BaseSettings):
    """The service's configuration (see the module docstring)."""

    model_config = SettingsConfigDict(
        frozen=True, case_sensitive=True, extra="ignore", populate_by_name=True,
        env_ignore_empty=True, validate_default=True,
    )

    # Bot Framework (Teams)
    APP_ID: str = Field("", alias="MicrosoftAppId")
    APP_PASSWORD: str = Field("", alias="MicrosoftAppPassword", repr=False)
    APP_TYPE: Literal["MultiTenant", "SingleTenant", "UserAssignedMSI"] = Field(
        "SingleTenant", alias="MicrosoftAppType")
    APP_TENANTID: str = Field("", alias="MicrosoftAppTenantId")
    # where the bot listens
    host: str = Field("", alias="STRATEGIBOT_HOST")
    """Empty: 127.0.0.1 without an app id (anonymous local mode), else 0.0.0.0."""
    port: int = Field(3978, alias="PORT", ge=0, le=65535)
    # data
    database_url: str = Field(DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    knowledge_dir: Path | None = Field(None, alias="STRATEGIBOT_KNOWLEDGE_DIR")
    dialogs_dir: Path | None = Field(None, alias="STRATEGIBOT_DIALOGS_DIR")
    strategy: str = Field(DEFAULT_STRATEGY, alias="STRATEGIBOT_STRATEGY")
    # Slack
    slack_signing_secret: str = Field("", alias="SLACK_SIGNING_SECRET", repr=False)
    slack_bot_token: str = Field("", alias="SLACK_BOT_TOKEN", repr=False)
    slack_api_url: str = Field(DEFAULT_SLACK_API_URL, alias="SLACK_API_URL")
    # Bot Framework endpoints the bot calls (tests and staging point them elsewhere)
    bot_openid_metadata_url: str = Field("", alias="BOT_OPENID_METADATA_URL")
    oauth_url: str = Field("", alias="OAUTH_URL")
    # behaviour
    default_language: Literal["da", "en"] = Field("da", alias="STRATEGIBOT_LANGUAGE")
    timezone: str = Field(DEFAULT_TIMEZONE, alias="STRATEGIBOT_TIMEZONE")
    today: dt.date | None = Field(None, alias="STRATEGIBOT_TODAY")
    """Run as if on this date (the example, demos and tests live inside the strategy's
    period); None: the real date."""
    admins: Annotated[tuple[str, ...], NoDecode] = Field((), alias="STRATEGIBOT_ADMINS")
    dev_user_email: str = Field("", alias="STRATEGIBOT_DEV_USER_EMAIL")
    example_organisation: bool = Field(True, alias="STRATEGIBOT_EXAMPLE_ORGANISATION")
    scheduler: bool = Field(True, alias="STRATEGIBOT_SCHEDULER")
    catch_up_hours: int = Field(12, alias="STRATEGIBOT_CATCH_UP_HOURS", ge=0, le=24 * 14)
    deadline_reminder_days: int = Field(7, alias="STRATEGIBOT_DEADLINE_REMINDER_DAYS", ge=0,
                                        le=365)
    digest_interval_seconds: float = Field(0.0, alias="STRATEGIBOT_DIGEST_INTERVAL_SECONDS",
                                           ge=0, le=86_400)
    """Tests and demos only: every subscription's digest every N seconds (0 = its schedule)."""
    leader_renew_seconds: float = Field(5.0, alias="STRATEGIBOT_LEADER_RENEW_SECONDS", gt=0,
                                        le=86_400)
    log_format: Literal["auto", "json", "text"] = Field("auto", alias="LOG_FORMAT")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", alias="LOG_LEVEL")
    max_body_bytes: int = Field(256 * 1024, alias="STRATEGIBOT_MAX_BODY_BYTES", ge=1024,
                                le=16 * 1024 * 1024)
    # who may talk to the bot
    allowed_tenants: Annotated[tuple[str, ...], NoDecode] = Field(
        (), alias="STRATEGIBOT_ALLOWED_TENANTS")
    """Entra tenant ids whose Teams activities are served; empty: the bot's own tenant
    (``MicrosoftAppTenantId``) when it is set, else every tenant."""
    slack_allowed_teams: Annotated[tuple[str, ...], NoDecode] = Field(
        (), alias="SLACK_ALLOWED_TEAMS")
    """Slack workspace (team) ids served; empty: the bot token's own workspace."""
    identity_ttl_hours: float = Field(24.0, alias="STRATEGIBOT_IDENTITY_TTL_HOURS", gt=0,
                                      le=24 * 365)
    """A user's e-mail from the Teams roster / Slack profile is re-read after this long."""
    # time limits: no turn waits longer than a few seconds on anything
    turn_budget_seconds: float = Field(10.0, alias="STRATEGIBOT_TURN_BUDGET_SECONDS", gt=0,
                                       le=14)
    """The longest a Teams turn may hold the inbound request (Teams gives up after 15 s)."""
    connector_timeout_seconds: float = Field(5.0, alias="STRATEGIBOT_CONNECTOR_TIMEOUT_SECONDS",
                                             gt=0, le=60)
    """One outbound Bot Connector call (within a turn also cut to what is left of its budget)."""
    db_statement_timeout_seconds: float = Field(
        5.0, alias="STRATEGIBOT_DB_STATEMENT_TIMEOUT_SECONDS", gt=0, le=600)
    """PostgreSQL ``statement_timeout``; also how long a turn waits for a pooled connection."""
    db_lock_timeout_seconds: float = Field(3.0, alias="STRATEGIBOT_DB_LOCK_TIMEOUT_SECONDS",
                                           gt=0, le=600)
    """PostgreSQL ``lock_timeout``: a row or table lock held elsewhere fails the save fast."""
    db_pool_size: int = Field(10, alias="STRATEGIBOT_DB_POOL_SIZE", ge=1, le=200)
    """PostgreSQL: connections each process keeps open (as many more under a burst)."""
    understanding_memo: int = Field(4096, alias="STRATEGIBOT_UNDERSTANDING_MEMO", ge=0,
                                    le=1_000_000)
    """Readings of a text (answer, one-liner, command) each process keeps, so the same words
    asked again — a burst after a digest — skip the text understanding; 0 keeps none."""
    reranker: Literal["off", "e5"] = Field("off", alias="STRATEGIBOT_RERANKER")
    """An optional second opinion for questions the lexical engine leaves unanswered: ``e5``
    (multilingual-e5-small; needs ``pip install 'strategibot[embeddings]'`` and the stored
    passage embeddings, ``strategibot kb embed``). ``off``: the lexical engine alone."""
    sqlite_busy_timeout_seconds: float = Field(5.0, alias="STRATEGIBOT_SQLITE_BUSY_TIMEOUT_SECONDS",
                                               gt=0, le=600)
    """SQLite: how long to wait for another process's write lock (and for the connection)."""
    # how long personal data is kept (README, "Privacy and data")
    retain_questions_days: int = Field(180, alias="STRATEGIBOT_RETAIN_QUESTIONS_DAYS", ge=1,
                                       le=3650)
    retain_conversations_days: int = Field(365, alias="STRATEGIBOT_RETAIN_CONVERSATIONS_DAYS",
                                           ge=1, le=3650)
    retain_identities_days: int = Field(90, alias="STRATEGIBOT_RETAIN_IDENTITIES_DAYS", ge=1,
                                        le=3650)
    # progress figures (README, "Check-ins and live progress")
    min_units_shown: int = Field(3, alias="STRATEGIBOT_MIN_UNITS_SHOWN", ge=1, le=100)
    """A centre's average (sick leave, recruitment share) is shown only from this many units."""
    example_checkins: bool = Field(False, alias="STRATEGIBOT_EXAMPLE_CHECKINS")
    """Load the example organisation's 2019 check-ins into an empty database (make run)."""
    # the progress page and the Teams tab (README, "The progress page and the Teams tab")
    public_url: str = Field("", alias="STRATEGIBOT_PUBLIC_URL")
    """The bot's public https address (the Teams tab's and the buttons' links)."""
    document_url: str = Field("", alias="STRATEGIBOT_DOCUMENT_URL")
    """The strategy document's address ("hele strategien", the page's link)."""
    sso_keys_url: str = Field("", alias="STRATEGIBOT_SSO_KEYS_URL")
    """Where Entra ID publishes its token-signing keys (empty: Microsoft's)."""
    sso_issuers: str = Field("", alias="STRATEGIBOT_SSO_ISSUERS")
    """Accepted token issuers, comma-separated, with {tenant} (empty: Entra ID's v1 and v2)."""
    sso_audiences: str = Field("", alias="STRATEGIBOT_SSO_AUDIENCES")
    """Accepted token audiences, comma-separated (empty: derived from the app id)."""
    sso_scope: str = Field("access_as_user", alias="STRATEGIBOT_SSO_SCOPE")

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """``Settings(...)`` reads only its arguments; :meth:`from_env` adds the rest."""
        return (init_settings,)

    # ------------------------------------------------------------------ field checks
    @field_validator("admins", "allowed_tenants", "slack_allowed_teams", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list | tuple):
            return tuple(str(a).strip().lower() for a in value if str(a).strip())
        return value

    @field_validator("admins", mode="after")
    @classmethod
    def _admin_addresses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [a for a in value if "@" not in a or a.startswith("@") or a.endswith("@")
               or " " in a]
        if bad:
            raise ValueError(f"not an e-mail address: {', '.join(bad[:3])}")
        return value

    @field_validator("slack_allowed_teams", mode="after")
    @classmethod
    def _upper_teams(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(team.upper() for team in value)  # Slack ids are upper case: T0123ABC

    @field_validator("dev_user_email")
    @classmethod
    def _email(cls, value: str) -> str:
        return value.strip().lower()

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator("slack_api_url")
    @classmethod
    def _slack_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected an http:// or https:// URL")
        return value if value.endswith("/") else value + "/"

    @field_validator("knowledge_dir", "dialogs_dir")
    @classmethod
    def _folder(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError("not a folder")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("not a known time zone") from None
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            parsed = make_url(value)
        except ArgumentError:
            raise ValueError(f"not a database URL ({value.split(':', 1)[0]}:…)") from None
        if parsed.drivername not in {"sqlite+aiosqlite", "postgresql+asyncpg"}:
            raise ValueError(f"driver {parsed.drivername!r} is not supported; use "
                             "sqlite+aiosqlite:///path.db or postgresql+asyncpg://…")
        return value

    @model_validator(mode="after")
    def _app(self) -> Settings:
        if self.APP_TYPE == "SingleTenant" and self.APP_ID and not self.APP_TENANTID:
            raise ValueError("MicrosoftAppType=SingleTenant (the default) needs "
                             "MicrosoftAppTenantId; a multi-tenant bot sets "
                             "MicrosoftAppType=MultiTenant")
        if self.APP_ID and self.dev_user_email:
            raise ValueError("STRATEGIBOT_DEV_USER_EMAIL is for anonymous local mode only (no "
                             "MicrosoftAppId): with an app id every user's address comes from "
                             "the Teams roster; remove it")
        if not self.host:
            object.__setattr__(self, "host", "0.0.0.0" if self.APP_ID else "127.0.0.1")
        return self

    # ------------------------------------------------------------------ use
    @property
    def anonymous(self) -> bool:
        """True in anonymous local mode (no app id): Emulator / Agents Playground."""
        return not self.APP_ID

    @property
    def tenants(self) -> frozenset[str]:
        """The Entra tenants whose activities are served; empty means every tenant."""
        if self.allowed_tenants:
            return frozenset(self.allowed_tenants)
        return frozenset({self.APP_TENANTID.lower()}) if self.APP_TENANTID else frozenset()

    def exposure_problem(self) -> str | None:
        """Why this configuration must not be served as it is, or None.

        Anonymous local mode checks no token: anyone who reaches the port can act as any user
        and make the bot call a URL of their choosing. So it listens on loopback only.
        """
        if self.anonymous and not is_loopback(self.host):
            return (f"STRATEGIBOT_HOST={self.host!r}: without MicrosoftAppId (anonymous local "
                    "mode, no token is checked) the bot listens on loopback only (127.0.0.1, "
                    "::1, localhost); set MicrosoftAppId, or pass --insecure-anonymous to "
                    "serve it anyway")
        return None

    def with_(self, **changes: Any) -> Settings:
        """A checked copy with some fields changed (by field name)."""
        unknown = set(changes) - set(type(self).model_fields)
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        values = {name: getattr(self, name) for name in type(self).model_fields}
        return _checked(lambda: type(self)(**{**values, **changes}))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *,
                 dotenv: Path | None = Path(".env")) -> Settings:
        """The settings in ``environ`` (default ``os.environ``) over an optional ``.env``."""
        mapping = dict(os.environ if environ is None else environ)

        class _FromEnv(cls):  # type: ignore[valid-type,misc]
            @classmethod
            def settings_customise_sources(
                cls, settings_cls: type[BaseSettings], **_: PydanticBaseSettingsSource,
            ) -> tuple[PydanticBaseSettingsSource, ...]:
                sources: list[PydanticBaseSettingsSource] = [_MappingSource(settings_cls,
                                                                           mapping)]
                if dotenv is not None and dotenv.is_file():
                    sources.append(DotEnvSettingsSource(settings_cls, env_file=dotenv,
                                                        env_file_encoding="utf-8"))
                return tuple(sources)

        found = _checked(_FromEnv)
        return _checked(lambda: cls(**{name: getattr(found, name)
                                       for name in cls.model_fields}))


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and the loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class _MappingSource(EnvSettingsSource):
    """pydantic-settings' environment source over a given mapping (tests pass their own)."""

    def __init__(self, settings_cls: type[BaseSettings], mapping: Mapping[str, str]) -> None:
        self._mapping = mapping
        super().__init__(settings_cls, case_sensitive=True)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return dict(self._mapping)


def _variable(field: FieldInfo | None, name: str) -> str:
    return field.alias if field is not None and field.alias else name


def _checked(build: Any) -> Settings:
    """``build()``, with a validation error turned into a ConfigError naming the variable."""
    try:
        settings: Settings = build()
    except SettingsError as exc:
        raise ConfigError(str(exc)) from None
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else ""
            field = Settings.model_fields.get(name) or next(
                (f for f in Settings.model_fields.values() if f.alias == name), None)
            message = str(error["msg"]).removeprefix("Value error, ")
            if not name:  # a check of several settings: its message names them
                problems.append(message)
                continue
            variable = _variable(field, name)
            given = error.get("input")
            shown = f"={given!r}" if isinstance(given, str | int | float) and \
                "PASSWORD" not in variable and "SECRET" not in variable and \
                "TOKEN" not in variable else ""
            problems.append(f"{variable}{shown}: {message}")
        raise ConfigError("; ".join(problems)) from None
    return settings
