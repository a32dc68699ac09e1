"""The progress page's data (``/dashboard``, the Teams tab "Fremdrift"): live progress as the
chat tells it, each goal's figure week by week, and the settings and links of the page.

The figures *now* are :meth:`Checkins.progress` itself, so the page never claims more than the
chat. A figure over time is computed the same way from the reports standing at each week's end
(:func:`strategibot.store.reports.latest_values` ``as_of``) with the same period, themes, form
grouping and small-number rule. Past weeks cannot change without a new report row (an undo is a
row too), so the weeks are kept until the newest report id, the organisation, an admin's form
decision or the date changes.

Settings (``STRATEGIBOT_…``, read by :meth:`DashboardSettings.from_env`; to be folded into
:class:`~strategibot.settings.Settings`):

====================================  =========================================================
``STRATEGIBOT_PUBLIC_URL``            the bot's public https address (the tab's URLs, the
                                      manifest's tabs and SSO resource); empty: none
``STRATEGIBOT_DOCUMENT_URL``          a link to the strategy document, shown on the page
``STRATEGIBOT_SSO_KEYS_URL``          where Teams SSO tokens' signing keys are published
                                      (Microsoft's by default)
``STRATEGIBOT_SSO_ISSUERS``           accepted token issuers, ``{tenant}`` for the tenant id
``STRATEGIBOT_SSO_AUDIENCES``         accepted audiences besides the app id and
                                      ``api://<public host>/<app id>``
``STRATEGIBOT_SSO_SCOPE``             the scope a token must carry (``access_as_user``)
====================================  =========================================================
"""

from __future__ import annotations

import datetime as dt
import os
import urllib.parse
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from sqlalchemy import func, select

from strategibot.domain.organisation import Directory
from strategibot.domain.progress.compute import GoalProgress, ReportView, compute_progress
from strategibot.domain.progress.forms import Override, group_forms
from strategibot.domain.progress.status import Status
from strategibot.errors import ConfigError
from strategibot.services.checkins import Checkins
from strategibot.store.db import session_scope
from strategibot.store.organisation import load_directory
from strategibot.store.proposals import form_overrides
from strategibot.store.reports import ValueRow, latest_values
from strategibot.store.tables import Report

__all__ = [
    "ENTITY_ID",
    "PUBLIC_HOST",
    "Dashboard",
    "DashboardSettings",
    "Point",
    "Snapshot",
    "dashboard_link",
    "with_tabs",
]

ENTITY_ID = "fremdrift"
"""The personal tab's entity id in the Teams manifest (deep links name it)."""
PUBLIC_HOST = "{{PUBLIC_HOST}}"
"""The placeholder of the bot's public host in ``manifest/teams/manifest.json``."""
APP_ID = "{{APP_ID}}"
"""The placeholder of the app id in the manifest's tab and SSO parts."""
DEFAULT_KEYS_URL = "https://login.microsoftonline.com/common/discovery/v2.0/keys"
DEFAULT_ISSUERS = ("https://login.microsoftonline.com/{tenant}/v2.0",
                   "https://sts.windows.net/{tenant}/")
"""Entra ID's v2 and v1 token issuers; Teams SSO tokens carry either."""
CACHED_SERIES = 8


class DashboardSettings(BaseSettings):
    """The page's own settings (see the module docstring)."""

    model_config = SettingsConfigDict(frozen=True, case_sensitive=True, extra="ignore",
                                      populate_by_name=True, env_ignore_empty=True)

    public_url: str = Field("", alias="STRATEGIBOT_PUBLIC_URL")
    document_url: str = Field("", alias="STRATEGIBOT_DOCUMENT_URL")
    sso_keys_url: str = Field(DEFAULT_KEYS_URL, alias="STRATEGIBOT_SSO_KEYS_URL")
    sso_issuers: Annotated[tuple[str, ...], NoDecode] = Field(DEFAULT_ISSUERS,
                                                             alias="STRATEGIBOT_SSO_ISSUERS")
    sso_audiences: Annotated[tuple[str, ...], NoDecode] = Field(
        (), alias="STRATEGIBOT_SSO_AUDIENCES")
    sso_scope: str = Field("access_as_user", alias="STRATEGIBOT_SSO_SCOPE")

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """``DashboardSettings(...)`` reads only its arguments; :meth:`from_env` the
        environment."""
        return (init_settings,)

    @field_validator("sso_issuers", "sso_audiences", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("public_url", "document_url", "sso_keys_url")
    @classmethod
    def _url(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("expected an http:// or https:// URL")
        return value.rstrip("/") if value else value

    @field_validator("sso_issuers")
    @classmethod
    def _issuers(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value or any("{tenant}" not in issuer for issuer in value):
            raise ValueError("each issuer names the tenant as {tenant}")
        return value

    @classmethod
    def from_settings(cls, settings: Any) -> DashboardSettings:
        """The page's settings out of the service's :class:`~strategibot.settings.Settings`
        (which read the environment once); a bad value is a :class:`ConfigError` naming the
        variable."""
        names = {"public_url": "STRATEGIBOT_PUBLIC_URL",
                 "document_url": "STRATEGIBOT_DOCUMENT_URL",
                 "sso_keys_url": "STRATEGIBOT_SSO_KEYS_URL",
                 "sso_issuers": "STRATEGIBOT_SSO_ISSUERS",
                 "sso_audiences": "STRATEGIBOT_SSO_AUDIENCES",
                 "sso_scope": "STRATEGIBOT_SSO_SCOPE"}
        values = {alias: getattr(settings, name) for name, alias in names.items()
                  if str(getattr(settings, name, "") or "").strip()}
        return cls.from_env(values, dotenv=None)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *,
                 dotenv: Path | None = Path(".env")) -> DashboardSettings:
        """The settings in ``environ`` (default ``os.environ``) over an optional ``.env``, as
        :meth:`Settings.from_env` reads them; a bad value is a :class:`ConfigError` naming the
        variable."""
        source: dict[str, str] = {}
        if dotenv is not None and dotenv.is_file():
            from dotenv import dotenv_values

            source.update({k: v for k, v in dotenv_values(dotenv).items() if v is not None})
        source.update(os.environ if environ is None else environ)
        values = {field.alias: source[field.alias] for field in cls.model_fields.values()
                  if field.alias and source.get(field.alias, "").strip()}
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            error = exc.errors()[0]
            name = str(error["loc"][0]) if error["loc"] else ""
            field = cls.model_fields.get(name)
            variable = field.alias if field is not None and field.alias else name
            message = str(error["msg"]).removeprefix("Value error, ")
            raise ConfigError(f"{variable}: {message}") from None

    @property
    def public_host(self) -> str | None:
        """The host (and port) of :attr:`public_url`, or None."""
        return urllib.parse.urlsplit(self.public_url).netloc or None


# ---------------------------------------------------------------------------- links


def dashboard_link(*, app_id: str, public_url: str, anonymous: bool, host: str, port: int,
                   lang: str = "da") -> str | None:
    """Where the "open the progress page" buttons lead.

    With a Teams app id: a Teams deep link to the personal tab (opens it in Teams, signed in);
    in anonymous local mode: the page itself on loopback; else the public page, or None.
    """
    label = "Fremdrift" if lang == "da" else "Progress"
    if app_id:
        query = {"label": label}
        if public_url:
            query["webUrl"] = f"{public_url}/dashboard?lang={lang}"
        return (f"https://teams.microsoft.com/l/entity/{urllib.parse.quote(app_id)}/"
                f"{ENTITY_ID}?{urllib.parse.urlencode(query)}")
    if public_url:
        return f"{public_url}/dashboard?lang={lang}"
    if anonymous:
        shown = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
        shown = f"[{shown}]" if ":" in shown else shown
        return f"http://{shown}:{port}/dashboard?lang={lang}"
    return None


def _fill(node: Any, replacements: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        for placeholder, value in replacements.items():
            node = node.replace(placeholder, value)
        return node
    if isinstance(node, list):
        return [_fill(item, replacements) for item in node]
    if isinstance(node, dict):
        return {key: _fill(value, replacements) for key, value in node.items()}
    return node


def with_tabs(manifest: Mapping[str, Any], *, public_url: str, app_id: str) -> dict[str, Any]:
    """``manifest`` with its tabs, valid domains and SSO resource pointing at the bot's public
    address: ``{{PUBLIC_HOST}}`` and ``{{APP_ID}}`` filled in, and the SSO application
    (``webApplicationInfo.id``) the bot's app id — one Entra app serves the bot and the tab.

    Raises:
        ConfigError: no public https address (the tabs cannot be loaded without one).
    """
    parts = urllib.parse.urlsplit(public_url)
    if parts.scheme != "https" or not parts.netloc or parts.path not in ("", "/"):
        raise ConfigError(
            f"STRATEGIBOT_PUBLIC_URL={public_url!r}: the Teams tabs need the bot's public "
            "https address without a path, e.g. https://strategibot.example.dk")
    filled: dict[str, Any] = _fill(dict(manifest), {PUBLIC_HOST: parts.netloc.lower(),
                                                    APP_ID: app_id.lower()})
    if isinstance(filled.get("webApplicationInfo"), dict):
        filled["webApplicationInfo"]["id"] = app_id.lower()  # the SSO app is the bot's
    return filled


# ---------------------------------------------------------------------------- figures


@dataclass(frozen=True, slots=True)
class Point:
    """A goal's figure as of one moment: what the chat would have said then."""

    day: dt.date
    value: float | None
    progress: float
    status: Status
    reported: int
    expected: int
    share: float
    """the coverage share that decides whether a status may be claimed (0–1)"""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the page, its JSON and the exports show, as of one moment."""

    today: dt.date
    as_of: dt.datetime
    """the moment of the figures, in local time"""
    progress: Mapping[str, GoalProgress]
    directory: Directory
    series: Mapping[str, tuple[Point, ...]]
    rows: tuple[ValueRow, ...]
    """every subject's standing report (for the per-unit export)"""


def _point(day: dt.date, item: GoalProgress) -> Point:
    return Point(day, item.value, item.progress, item.status, item.coverage.reported,
                 item.coverage.expected, item.coverage.share)


def week_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """The Sundays from the week of ``first`` up to (not including) ``last``'s week."""
    sunday = first + dt.timedelta(days=6 - first.weekday())
    ends = []
    while sunday < last:
        ends.append(sunday)
        sunday += dt.timedelta(days=7)
    return ends


class Dashboard:
    """The page's figures over one database."""

    def __init__(self, checkins: Checkins) -> None:
        self.checkins = checkins
        self._series: OrderedDict[tuple[Any, ...], dict[str, tuple[Point, ...]]] = OrderedDict()

    @property
    def clock(self) -> Any:
        return self.checkins.clock

    async def snapshot(self) -> Snapshot:
        """The figures now (exactly what "fremdrift" answers) and each goal's weeks."""
        checkins = self.checkins
        clock = checkins.clock
        now = clock.now()
        today = clock.today()
        progress, directory = await checkins.progress(today)
        as_of = now if clock.shifted else None
        async with session_scope(checkins.reader) as session:  # (a read: never behind a write)
            first, newest = (await session.execute(
                select(func.min(Report.reported_at), func.max(Report.id))
                .where(Report.reported_at <= now))).one()
            rows = tuple(await latest_values(session, as_of=as_of))
            overrides = tuple(Override(k, g) for k, g in await form_overrides(session))
            past = await self._past(session, first, newest, overrides, today, now)
        last = min(today, checkins.kb.strategy.period.closes)
        series = {goal.id: (*past.get(goal.id, ()), _point(last, progress[goal.id]))
                  if first is not None else () for goal in checkins.kb.goals}
        return Snapshot(today=today, as_of=clock.to_local(now), progress=progress,
                        directory=directory, series=series, rows=rows)

    async def _past(self, session: Any, first: dt.datetime | None, newest: int | None,
                    overrides: tuple[Override, ...], today: dt.date,
                    now: dt.datetime) -> dict[str, tuple[Point, ...]]:
        """Each goal's figure at the end of every week before today's, from the first
        report's week (cached until anything it depends on changes)."""
        if first is None:
            return {}
        checkins = self.checkins
        clock = checkins.clock
        period = checkins.kb.strategy.period
        directory = await load_directory(session)
        key = (newest, today, overrides, directory)
        cached = self._series.get(key)
        if cached is not None:
            self._series.move_to_end(key)
            return cached
        start = clock.to_local(first).date()
        last = min(today, period.closes)
        themes = [t.number for t in checkins.kb.strategy.themes] or [1, 2, 3, 4]
        points: dict[str, list[Point]] = {goal.id: [] for goal in checkins.kb.goals}
        for sunday in week_ends(start, last):
            moment = dt.datetime.combine(sunday + dt.timedelta(days=1), dt.time(),
                                         tzinfo=clock.tz).astimezone(dt.UTC)
            if moment > now:
                break
            views = [ReportView(*row) for row in await latest_values(session, as_of=moment)]
            figures = compute_progress(
                checkins.kb.goals, directory, views, today=sunday, period=period,
                themes=themes, grouping=lambda names: group_forms(names, checkins.forms,
                                                                  overrides),
                min_units=checkins.min_units)
            for goal_id, item in figures.items():
                points[goal_id].append(_point(sunday, item))
        result = {goal_id: tuple(found) for goal_id, found in points.items()}
        self._series[key] = result
        while len(self._series) > CACHED_SERIES:
            self._series.popitem(last=False)
        return result
