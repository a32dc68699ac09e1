"""The progress page's routes, served by the bot itself (same process, same data)::

    GET /dashboard                  the page (in Teams: signs in, then fetches its content)
    GET /dashboard/content          the page's content (HTML)           — signed in
    GET /dashboard/data.json        its figures (JSON)                  — signed in
    GET /dashboard/export.csv       ?level=goals|weeks|centres|units    — signed in
    GET /dashboard/export.xlsx      every level the viewer may have     — signed in
    GET /dashboard/configure        the channel tab's configuration page
    GET /dashboard/static/…         the page's CSS, JS and the Teams JS SDK (package data)
    …/dashboard/review…             the review of unanswered questions, admins (``review.py``)

"Signed in" is a valid Teams SSO token (:mod:`strategibot.web.sso`), or a loopback client in
anonymous local mode. ``lang`` is ``da`` or ``en`` (a locale such as ``en-GB`` is fine; without
one, the browser's language); ``level=units`` is for admins. A bad query — an unknown language
or level, a repeated or malformed parameter, more than 2 KB — is a 4xx with a JSON reason,
never a 500. Every response carries a Content-Security-Policy: scripts, styles and data only
from the bot itself, framed only by Teams (and, in anonymous mode, by loopback pages).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib.resources import files

from aiohttp import web

from strategibot.__about__ import __version__
from strategibot.errors import StorageError
from strategibot.services.content import Content
from strategibot.services.dashboard import Dashboard, DashboardSettings, Snapshot
from strategibot.services.exports import LEVELS, Level, snapshot_json, tables, to_csv, to_xlsx
from strategibot.settings import Settings
from strategibot.web.dashboard.page import Links, render_content, render_document
from strategibot.web.dashboard.view import build_page
from strategibot.web.keys import app_key, content_key, http_key, settings_key
from strategibot.web.sso import SsoRejected, TokenValidator, Viewer, viewer_of

__all__ = ["BASE", "add_routes", "dashboard_key", "dashboard_settings_key", "validator_key"]

log = logging.getLogger(__name__)

BASE = "/dashboard"
MAX_QUERY = 2048
ASSETS = {
    "dashboard.css": "text/css; charset=utf-8",
    "dashboard.js": "text/javascript; charset=utf-8",
    "review.css": "text/css; charset=utf-8",
    "review.js": "text/javascript; charset=utf-8",
    "vendor/MicrosoftTeams.min.js": "text/javascript; charset=utf-8",
}
"""Everything under ``/dashboard/static/`` (files of this package); nothing else is served."""
TEAMS_HOSTS = ("https://teams.microsoft.com", "https://*.teams.microsoft.com",
               "https://teams.cloud.microsoft", "https://*.cloud.microsoft",
               "https://*.office.com", "https://*.microsoft365.com", "https://*.skype.com",
               "https://*.teams.microsoft.us", "https://*.gov.teams.microsoft.us")
"""Where Teams (web, desktop, government clouds) frames a tab."""
_LANG = re.compile(r"(da|en)(?:[-_][A-Za-z0-9]{1,8})*", re.IGNORECASE)


@dataclass
class _Holder:
    """The page's service, made at start when the bot exists."""

    dashboard: Dashboard | None = None


@dataclass(frozen=True)
class _Assets:
    files: dict[str, tuple[bytes, str, str]] = field(default_factory=dict)
    """name → (body, content type, ETag)"""
    version: str = ""
    """a digest of them all, so a new release is fetched anew"""


Query = dict[str, str]
Route = Callable[[web.Request, Query], Awaitable[web.StreamResponse]]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

dashboard_settings_key = web.AppKey("dashboard_settings", DashboardSettings)
validator_key = web.AppKey("sso_validator", TokenValidator)
dashboard_key = web.AppKey("dashboard", _Holder)
_assets_key = web.AppKey("dashboard_assets", _Assets)


class _Bad(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _problem(status: int, reason: str) -> web.Response:
    headers = {"WWW-Authenticate": 'Bearer realm="strategibot"'} if status == 401 else {}
    response = web.json_response({"error": reason}, status=status, headers=headers)
    _secure(response, frames=())
    response.headers["Cache-Control"] = "no-store"
    return response


def _secure(response: web.StreamResponse, *, frames: tuple[str, ...]) -> None:
    ancestors = " ".join(("'self'", *frames)) if frames else "'none'"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"


def _frames(settings: Settings) -> tuple[str, ...]:
    if settings.anonymous:
        return (*TEAMS_HOSTS, "http://127.0.0.1:*", "http://localhost:*")
    return TEAMS_HOSTS


def _query(request: web.Request, allowed: frozenset[str]) -> dict[str, str]:
    """The known parameters of the query, each once; others are ignored."""
    raw = request.rel_url.raw_query_string
    if len(raw) > MAX_QUERY:
        raise _Bad(414, "the query string is too long")
    try:
        pairs = urllib.parse.parse_qsl(raw, keep_blank_values=True, max_num_fields=32,
                                       errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise _Bad(400, "the query string is malformed") from None
    found: dict[str, str] = {}
    for name, value in pairs:
        if name not in allowed:
            continue
        if name in found:
            raise _Bad(400, f"'{name}' is given more than once")
        found[name] = value
    return found


def _lang(request: web.Request, given: str | None, settings: Settings) -> tuple[str, bool]:
    """The page's language and whether the request named it."""
    if given is not None:
        if not _LANG.fullmatch(given):
            raise _Bad(400, "unknown language: use lang=da or lang=en")
        return given[:2].lower(), True
    for part in request.headers.get("Accept-Language", "")[:256].split(","):
        code = part.split(";")[0].strip()[:2].lower()
        if code in ("da", "en"):
            return code, False
    return settings.default_language, False


def _level(given: str | None) -> Level:
    for level in LEVELS:
        if given == level:
            return level
    raise _Bad(400, "unknown level: use level=goals, weeks, centres or units")


async def _viewer(request: web.Request) -> Viewer:
    app = request.app
    return await viewer_of(request, app[settings_key], app[validator_key], app[http_key])


async def _snapshot(request: web.Request) -> Snapshot:
    holder = request.app[dashboard_key]
    if holder.dashboard is None:
        raise _Bad(503, "the bot is starting")
    return await holder.dashboard.snapshot()


def _links(request: web.Request, viewer: Viewer | None) -> Links:
    document = request.app[dashboard_settings_key].document_url or None
    return Links(base=BASE, document=document, admin=bool(viewer and viewer.admin),
                 review=bool(viewer and (viewer.admin or viewer.anonymous)))


def _handler(allowed: frozenset[str]) -> Callable[[Route], Handler]:
    """Runs a route with its query parsed; a bad request or a refused token becomes a short
    JSON 4xx (with the reason), never a trace."""
    def wrap(route: Route) -> Handler:
        async def handle(request: web.Request) -> web.StreamResponse:
            try:
                response: web.StreamResponse = await route(request, _query(request, allowed))
            except _Bad as bad:
                return _problem(bad.status, bad.reason)
            except StorageError as failed:
                # (a database that does not answer — another process holding SQLite's lock —
                # is a short 503 with the reason, never "internal error")
                log.warning("dashboard: storage", extra={"path": request.path,
                                                         "problem": str(failed)})
                return _problem(503, "the figures cannot be read just now: try again shortly")
            except SsoRejected as refused:
                log.info("dashboard: refused", extra={"path": request.path,
                                                      "status": refused.status,
                                                      "reason": refused.reason})
                return _problem(refused.status, refused.reason)
            return response
        return handle
    return wrap


def _content(request: web.Request) -> Content:
    return request.app[content_key]


@_handler(frozenset({"lang", "tab"}))
async def page(request: web.Request, query: dict[str, str]) -> web.Response:
    """The page: whole in anonymous local mode, a signing-in shell in Teams."""
    settings = request.app[settings_key]
    lang, explicit = _lang(request, query.get("lang"), settings)
    if query.get("tab", "personal") not in ("personal", "channel"):
        raise _Bad(400, "unknown tab: use tab=personal or tab=channel")
    content = _content(request)
    started = time.perf_counter()
    body: str | None = None
    viewer = None
    if settings.anonymous:
        viewer = await _viewer(request)
        built = build_page(await _snapshot(request), content.kb, content.i18n, lang)
        body = render_content(built, content.i18n, _links(request, viewer))
    html = render_document(i18n=content.i18n, lang=lang,
                           strategy=content.kb.strategy.title.get(lang), content=body,
                           links=_links(request, viewer), teams=not settings.anonymous,
                           version=request.app[_assets_key].version, explicit_lang=explicit)
    response = web.Response(text=html, content_type="text/html", charset="utf-8")
    _secure(response, frames=_frames(settings))
    response.enable_compression()
    response.headers["Cache-Control"] = "no-store"
    response.headers["Server-Timing"] = f"page;dur={1000 * (time.perf_counter() - started):.1f}"
    return response


@_handler(frozenset({"lang"}))
async def content_fragment(request: web.Request, query: dict[str, str]) -> web.Response:
    """The page's content for a signed-in viewer."""
    settings = request.app[settings_key]
    viewer = await _viewer(request)
    lang, _ = _lang(request, query.get("lang"), settings)
    started = time.perf_counter()
    content = _content(request)
    built = build_page(await _snapshot(request), content.kb, content.i18n, lang)
    response = web.Response(text=render_content(built, content.i18n, _links(request, viewer)),
                            content_type="text/html", charset="utf-8")
    _secure(response, frames=())
    response.enable_compression()
    response.headers["Cache-Control"] = "no-store"
    response.headers["Server-Timing"] = f"page;dur={1000 * (time.perf_counter() - started):.1f}"
    return response


@_handler(frozenset({"lang"}))
async def data(request: web.Request, query: dict[str, str]) -> web.Response:
    settings = request.app[settings_key]
    await _viewer(request)
    lang, _ = _lang(request, query.get("lang"), settings)
    content = _content(request)
    body = snapshot_json(await _snapshot(request), content.kb, content.i18n, lang)
    response = web.Response(text=json.dumps(body, ensure_ascii=False),
                            content_type="application/json", charset="utf-8")
    _secure(response, frames=())
    response.enable_compression()
    response.headers["Cache-Control"] = "no-store"
    return response


def _download(body: bytes, content_type: str, name: str) -> web.Response:
    response = web.Response(body=body, headers={
        "Content-Type": content_type,
        "Content-Disposition": f'attachment; filename="{name}"'})
    _secure(response, frames=())
    response.headers["Cache-Control"] = "no-store"
    return response


@_handler(frozenset({"lang", "level"}))
async def export_csv(request: web.Request, query: dict[str, str]) -> web.Response:
    settings = request.app[settings_key]
    viewer = await _viewer(request)
    lang, _ = _lang(request, query.get("lang"), settings)
    level = _level(query.get("level", "goals"))
    if level == "units" and not viewer.admin:
        raise _Bad(403, "the figures per unit are for admins (STRATEGIBOT_ADMINS)")
    content = _content(request)
    snapshot = await _snapshot(request)
    [table] = tables(snapshot, content.kb, content.flows, content.i18n, lang, [level])
    name = f"fremdrift-{snapshot.today.isoformat()}-{level}.csv"
    return _download(to_csv(table), "text/csv; charset=utf-8; header=present", name)


@_handler(frozenset({"lang"}))
async def export_xlsx(request: web.Request, query: dict[str, str]) -> web.Response:
    settings = request.app[settings_key]
    viewer = await _viewer(request)
    lang, _ = _lang(request, query.get("lang"), settings)
    levels = [level for level in LEVELS if level != "units" or viewer.admin]
    content = _content(request)
    snapshot = await _snapshot(request)
    made = tables(snapshot, content.kb, content.flows, content.i18n, lang, levels)
    body = await asyncio.to_thread(to_xlsx, made)  # openpyxl takes a while: not on the loop
    return _download(body, "application/vnd.openxmlformats-officedocument."
                     "spreadsheetml.sheet", f"fremdrift-{snapshot.today.isoformat()}.xlsx")


@_handler(frozenset({"lang"}))
async def configure(request: web.Request, query: dict[str, str]) -> web.Response:
    """The channel tab's configuration page: what the tab shows, and Save."""
    settings = request.app[settings_key]
    lang, _ = _lang(request, query.get("lang"), settings)
    i18n = _content(request).i18n
    version = request.app[_assets_key].version

    def t(key: str) -> str:
        return i18n.text(f"dashboard.configure.{key}", lang)

    html = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{t('title')}</title>"
            f'<link rel="stylesheet" href="{BASE}/static/dashboard.css?v={version}">'
            f'<script src="{BASE}/static/vendor/MicrosoftTeams.min.js?v={version}" defer>'
            f'</script><script src="{BASE}/static/dashboard.js?v={version}" defer></script>'
            f'</head><body data-page="configure" data-tab-name="{t("tab_name")}" '
            f'data-lang="{lang}"><main id="main" class="configure"><h1>{t("title")}</h1>'
            f"<p>{t('text')}</p></main></body></html>")
    response = web.Response(text=html, content_type="text/html", charset="utf-8")
    _secure(response, frames=_frames(settings))
    return response


async def static(request: web.Request) -> web.StreamResponse:
    name = request.match_info.get("name", "")
    asset = request.app[_assets_key].files.get(name)
    if asset is None:
        return _problem(404, "no such file")
    body, content_type, etag = asset
    if request.headers.get("If-None-Match") == etag:
        response = web.Response(status=304, headers={"ETag": etag})
    else:
        response = web.Response(body=body, headers={"Content-Type": content_type,
                                                    "ETag": etag})
    response.headers["Cache-Control"] = "public, max-age=86400"
    _secure(response, frames=())
    return response


def _load_assets() -> _Assets:
    folder = files("strategibot.web.dashboard") / "static"
    found: dict[str, tuple[bytes, str, str]] = {}
    digest = hashlib.sha256(__version__.encode())
    for name, content_type in ASSETS.items():
        body = (folder / name).read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        found[name] = (body, content_type, etag)
        digest.update(body)
    return _Assets(found, digest.hexdigest()[:12])


async def _start(app: web.Application) -> None:
    bot = app.get(app_key)
    if bot is not None:
        app[dashboard_key].dashboard = Dashboard(bot.checkins)


def add_routes(app: web.Application, settings: DashboardSettings | None = None) -> None:
    """Serve the progress page from ``app`` (``create_app`` does, with the service's
    settings); called again before the app starts, ``settings`` replace the page's.

    Args:
        settings: the page's settings; default :meth:`DashboardSettings.from_env`.
    """
    if dashboard_settings_key in app:  # already served: other settings (a test's) replace
        if settings is not None:
            app[dashboard_settings_key] = settings
            app[validator_key] = TokenValidator.from_settings(app[settings_key], settings)
        return
    dashboard = settings or DashboardSettings.from_env()
    app[dashboard_settings_key] = dashboard
    app[validator_key] = TokenValidator.from_settings(app[settings_key], dashboard)
    app[dashboard_key] = _Holder()
    app[_assets_key] = _load_assets()
    app.on_startup.append(_start)
    app.router.add_get(BASE, page)
    app.router.add_get(f"{BASE}/content", content_fragment)
    app.router.add_get(f"{BASE}/data.json", data)
    app.router.add_get(f"{BASE}/export.csv", export_csv)
    app.router.add_get(f"{BASE}/export.xlsx", export_xlsx)
    app.router.add_get(f"{BASE}/configure", configure)
    app.router.add_get(f"{BASE}/static/{{name:.+}}", static)
