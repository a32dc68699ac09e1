"""The strategy office's review loop on the web, for admins only::

    GET  /dashboard/review                 the page (in Teams: signs in, then fetches it)
    GET  /dashboard/review/content         its content (HTML)
    GET  /dashboard/review/phrasings.yaml  phrasings.yaml with the attached phrasings merged in
    POST /dashboard/review/attach          key=…(1–50) entry=ID: the questions become phrasings
    POST /dashboard/review/out-of-scope    key=…(1–50): the questions are outside the strategy
    POST /dashboard/review/undo            decision=ID

"Admins" are a Teams SSO token of an address in ``STRATEGIBOT_ADMINS`` (as for the per-unit
export), or — in anonymous local mode, where no token can be checked — a loopback client.
A POST answers JSON (``ok``, ``messages`` and the refreshed content as ``html``) to a script
that asks for it, else the whole page; a bad request is a 4xx with the reason, never a 500.

**Cross-site requests.** Nothing here is authorised by a cookie: in Teams every request carries
the sign-in token in ``Authorization``, which another site's page can neither read nor make a
browser send (a cross-origin request with that header needs a CORS preflight, which this
service never grants). Anonymous local mode has no token, so a POST is refused when its
``Origin`` is another site's (or ``null``), when ``Sec-Fetch-Site`` says cross-site, or when the
``Host`` is not a loopback name (a DNS-rebinding page); browsers send ``Origin`` with every POST.
In both modes the body must be ``application/x-www-form-urlencoded``.

At start the phrasings attached so far are loaded into the engine, and a watcher keeps them
current when another replica decides (:class:`~strategibot.services.review.Review`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import time
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

from strategibot.domain.answers.review import Refusal, ReviewRefused
from strategibot.errors import StorageError
from strategibot.services.content import Content
from strategibot.services.review import REFRESH_SECONDS, Made, Review, stop_watching
from strategibot.settings import Settings, is_loopback
from strategibot.web.dashboard.review_page import (
    SHOWN_DECISIONS,
    Notice,
    ReviewView,
    render_review,
    render_review_document,
)
from strategibot.web.dashboard.routes import (
    BASE,
    _assets_key,
    _Bad,
    _frames,
    _handler,
    _lang,
    _problem,
    _secure,
    _viewer,
    dashboard_settings_key,
)
from strategibot.web.keys import app_key, content_key, settings_key
from strategibot.web.sso import SsoRejected

__all__ = ["REVIEW", "add_review_routes", "review_key"]

log = logging.getLogger(__name__)

REVIEW = f"{BASE}/review"
MAX_FORM_BYTES = 64 * 1024
MAX_KEY = 64
FORM = "application/x-www-form-urlencoded"


@dataclass
class _Holder:
    """The review service, made at start when the bot exists."""

    review: Review | None = None
    refresh: float = REFRESH_SECONDS
    """how often the overlay is checked for other replicas' decisions (tests shorten it)"""
    tasks: list[asyncio.Task[None]] = field(default_factory=list)


review_key = web.AppKey("review", _Holder)


def _content(request: web.Request) -> Content:
    return request.app[content_key]


def _review(request: web.Request) -> Review:
    review = request.app[review_key].review
    if review is None:
        raise _Bad(503, "the bot is starting")
    return review


async def _admin(request: web.Request) -> str:
    """Who decides: an admin's address, or ``local`` in anonymous local mode (loopback)."""
    viewer = await _viewer(request)
    if viewer.anonymous:
        return viewer.email or "local"
    if not viewer.admin or not viewer.email:
        raise _Bad(403, "the review of unanswered questions is for admins (STRATEGIBOT_ADMINS)")
    return viewer.email


def _secure_review(response: web.StreamResponse, *, frames: tuple[str, ...]) -> None:
    _secure(response, frames=frames)
    policy = response.headers["Content-Security-Policy"]
    response.headers["Content-Security-Policy"] = policy.replace("form-action 'none'",
                                                                 "form-action 'self'")
    response.headers["Cache-Control"] = "no-store"


async def _view(request: web.Request, lang: str, notice: Notice | None = None) -> str:
    review = _review(request)
    content = _content(request)
    groups, decisions = await asyncio.gather(review.groups(),
                                             review.decisions(limit=SHOWN_DECISIONS))
    bot = request.app.get(app_key)
    view = ReviewView(groups=groups, decisions=decisions, base=REVIEW, dashboard=BASE,
                      lang=lang, notice=notice, tz=bot.clock.tz if bot is not None else dt.UTC)
    return render_review(view, content.kb, content.i18n)


def _document(request: web.Request, lang: str, explicit: bool, content: str | None) -> str:
    settings = request.app[settings_key]
    return render_review_document(
        i18n=_content(request).i18n, lang=lang, content=content, base=REVIEW, dashboard=BASE,
        static=f"{BASE}/static", teams=not settings.anonymous,
        version=request.app[_assets_key].version, explicit_lang=explicit)


# ---------------------------------------------------------------------------- reading


@_handler(frozenset({"lang"}))
async def page(request: web.Request, query: dict[str, str]) -> web.Response:
    """The page: whole in anonymous local mode, a signing-in shell in Teams."""
    settings = request.app[settings_key]
    lang, explicit = _lang(request, query.get("lang"), settings)
    started = time.perf_counter()
    body = None
    if settings.anonymous:
        await _admin(request)
        body = await _view(request, lang)
    response = web.Response(text=_document(request, lang, explicit, body),
                            content_type="text/html", charset="utf-8")
    _secure_review(response, frames=_frames(settings))
    response.enable_compression()
    response.headers["Server-Timing"] = f"page;dur={1000 * (time.perf_counter() - started):.1f}"
    return response


@_handler(frozenset({"lang"}))
async def content_fragment(request: web.Request, query: dict[str, str]) -> web.Response:
    """The page's content, for an admin."""
    await _admin(request)
    lang, _ = _lang(request, query.get("lang"), request.app[settings_key])
    response = web.Response(text=await _view(request, lang), content_type="text/html",
                            charset="utf-8")
    _secure_review(response, frames=())
    response.enable_compression()
    return response


@_handler(frozenset({"lang"}))
async def phrasings_yaml(request: web.Request, query: dict[str, str]) -> web.Response:
    """``phrasings.yaml`` with the attached phrasings merged in (to commit to knowledge/)."""
    await _admin(request)
    lang, _ = _lang(request, query.get("lang"), request.app[settings_key])
    review = _review(request)
    path = review.kb.folder / "phrasings.yaml"
    existing = path.read_text(encoding="utf-8") if path.is_file() else None
    try:
        made = await review.export(existing)
    except ReviewRefused as refused:
        return _refused(refused, _content(request), lang)
    if made.problems:
        content = _content(request)
        return _problem(409, " ".join(
            f"({number}) {_say(content, lang, refusal)}" for number, refusal in made.problems))
    response = web.Response(text=made.text, headers={
        "Content-Type": "application/yaml; charset=utf-8",
        "Content-Disposition": 'attachment; filename="phrasings.yaml"'})
    _secure_review(response, frames=())
    return response


# ---------------------------------------------------------------------------- deciding


def _say(content: Content, lang: str, refusal: Refusal) -> str:
    """A refusal in words: an entry by its title."""
    key = f"dashboard.review.problem.{refusal.code}"
    if not content.i18n.has(key):
        return str(refusal)
    values = dict(refusal.values)
    entry = content.kb.entries.get(str(values.get("entry", "")))
    if entry is not None:
        values["entry"] = entry.title[lang]
    return content.i18n.text(key, lang, **values)


def _refused(refused: ReviewRefused, content: Content, lang: str) -> web.Response:
    messages = [_say(content, lang, p) for p in refused.problems]
    response = web.json_response({"error": " ".join(messages), "problems": messages},
                                 status=refused.status)
    _secure_review(response, frames=())
    return response


def _same_origin(request: web.Request, settings: Settings) -> None:
    """Refuse a POST another site's page made a browser send (see the module's text)."""
    host = request.headers.get("Host", "")
    if settings.anonymous and not is_loopback(urllib.parse.urlsplit(f"//{host}").hostname
                                              or ""):
        raise _Bad(403, "without MicrosoftAppId the review takes requests to a loopback "
                        "address only")
    origin = request.headers.get("Origin")
    if origin is not None:
        allowed = {f"http://{host}", f"https://{host}"}
        public = request.app[dashboard_settings_key].public_url.rstrip("/")
        if public:
            parts = urllib.parse.urlsplit(public)
            allowed.add(f"{parts.scheme}://{parts.netloc}")
        if origin.rstrip("/") not in allowed:
            raise _Bad(403, "a form from another site is not accepted")
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        raise _Bad(403, "a form from another site is not accepted")


async def _form(request: web.Request) -> dict[str, list[str]]:
    """The posted form's fields (each a list of values)."""
    if request.content_type != FORM:
        raise _Bad(415, f"send the form as {FORM}")
    if (request.content_length or 0) > MAX_FORM_BYTES:
        raise _Bad(413, "the form is too large")
    body = await request.read()
    if len(body) > MAX_FORM_BYTES:
        raise _Bad(413, "the form is too large")
    try:
        pairs = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True,
                                       max_num_fields=200, errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise _Bad(400, "the form is malformed") from None
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    return fields


def _one(fields: dict[str, list[str]], name: str, *, required: bool = True) -> str | None:
    values = fields.get(name, [])
    if len(values) > 1:
        raise _Bad(400, f"'{name}' is given more than once")
    if not values or not values[0].strip():
        if required:
            raise _Bad(400, f"'{name}' is missing")
        return None
    return values[0].strip()


def _keys(fields: dict[str, list[str]]) -> list[str]:
    keys = [k.strip() for k in fields.get("key", []) if k.strip()]
    if any(len(k) > MAX_KEY or not k.isalnum() for k in keys):
        raise _Bad(400, "'key' is not a question of the review")
    return keys


Action = Callable[[web.Request, Review, dict[str, list[str]], str, str],
                  Awaitable[list[str]]]
"""(request, the review, the form's fields, the page's language, who decides) → what to say"""


def _action(act: Action) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A POST of the review: checked (origin, admin, form), done, answered as JSON or as the
    page with what became of it."""
    async def handle(request: web.Request) -> web.StreamResponse:
        settings = request.app[settings_key]
        wants_json = "application/json" in request.headers.get("Accept", "")
        lang: str = settings.default_language
        try:
            _same_origin(request, settings)
            who = await _admin(request)
            fields = await _form(request)
            given = _one(fields, "lang", required=False)
            lang, _ = _lang(request, given, settings)
            review = _review(request)
            try:
                messages = await act(request, review, fields, lang, who)
            except ReviewRefused as refused:
                content = _content(request)
                if wants_json:
                    return _refused(refused, content, lang)
                notice = Notice(False, tuple(_say(content, lang, p) for p in refused.problems))
                return await _answer(request, lang, notice, refused.status, wants_json)
            log.info("review: decided", extra={"path": request.path, "by_admin": bool(who)})
            return await _answer(request, lang, Notice(True, tuple(messages)), 200, wants_json)
        except _Bad as bad:
            return _problem(bad.status, bad.reason)
        except SsoRejected as refused:
            log.info("review: refused", extra={"path": request.path, "status": refused.status,
                                               "reason": refused.reason})
            return _problem(refused.status, refused.reason)
        except StorageError as exc:
            log.warning("review: not saved", extra={"problem": str(exc)[:200]})
            return _problem(503, "the database cannot take the decision now: try again")
    return handle


async def _answer(request: web.Request, lang: str, notice: Notice, status: int,
                  wants_json: bool) -> web.Response:
    html = await _view(request, lang, notice)
    if wants_json:
        response = web.Response(text=json.dumps({"ok": notice.ok, "messages": notice.lines,
                                                 "html": html}, ensure_ascii=False),
                                status=status, content_type="application/json",
                                charset="utf-8")
    else:
        response = web.Response(text=_document(request, lang, True, html), status=status,
                                content_type="text/html", charset="utf-8")
    _secure_review(response, frames=_frames(request.app[settings_key]) if not wants_json
                   else ())
    return response


def _effects(made: Made, content: Content, lang: str) -> list[str]:
    i18n, kb = content.i18n, content.kb
    lines = []
    for effect in made.effects:
        target = next((d.entry_id or "" for d in made.decisions
                       if d.question == effect.question), "")
        title = kb.entries[target].title[lang] if target in kb.entries else target
        if effect.outcome == "answer" and effect.entry_id == target:
            lines.append(i18n.text("dashboard.review.effect_entry", lang,
                                   question=effect.question, entry=title))
        elif effect.kind == "partial":
            lines.append(i18n.text("dashboard.review.effect_partial", lang,
                                   question=effect.question, entry=title))
        else:
            lines.append(i18n.text("dashboard.review.effect_other", lang,
                                   question=effect.question, outcome=effect.outcome))
    return lines


async def _attach(request: web.Request, review: Review, fields: dict[str, list[str]],
                  lang: str, who: str) -> list[str]:
    entry = _one(fields, "entry")
    assert entry is not None
    made = await review.attach_logged(_keys(fields), entry[:100], by=who)
    content = _content(request)
    title = content.kb.entries[entry].title[lang]
    head = content.i18n.text("dashboard.review.attached", lang, count=len(made.decisions),
                             entry=title)
    return [head, *_effects(made, content, lang)]


async def _out_of_scope(request: web.Request, review: Review, fields: dict[str, list[str]],
                        lang: str, who: str) -> list[str]:
    made = await review.out_of_scope_logged(_keys(fields), by=who)
    return [_content(request).i18n.text("dashboard.review.out_done", lang,
                                              count=len(made.decisions))]


async def _undo(request: web.Request, review: Review, fields: dict[str, list[str]],
                lang: str, who: str) -> list[str]:
    given = _one(fields, "decision")
    assert given is not None
    if not given.isdigit() or len(given) > 12:
        raise _Bad(400, "'decision' is not a number")
    undone = await review.undo(int(given), by=who)
    return [_content(request).i18n.text("dashboard.review.undone", lang,
                                              question=undone.question)]


# ---------------------------------------------------------------------------- start


async def _overlay_ctx(app: web.Application) -> AsyncIterator[None]:
    """At start: the attached phrasings into the engine, and a watcher for other replicas'
    decisions; at shutdown the watcher stops and the engine gets back what it had."""
    holder = app[review_key]
    bot = app.get(app_key)
    if bot is None:
        yield
        return
    engine = bot.content.engine
    before = engine.overlay
    review = Review(bot.factory, bot.content, refresh=holder.refresh)
    try:
        count = await review.load()
        log.info("review: phrasings loaded", extra={"phrasings": count})
    except StorageError as exc:
        log.warning("review: the attached phrasings could not be loaded (tried again "
                    "shortly)", extra={"problem": str(exc)[:200]})
    holder.review = review
    task = asyncio.create_task(review.watch(), name="review-overlay")
    holder.tasks.append(task)
    yield
    await stop_watching(task)
    holder.review = None
    engine.set_overlay(before)


def add_review_routes(app: web.Application) -> None:
    """Serve the review (after the progress page's routes: it shares their helpers); a second
    call does nothing."""
    if review_key in app:
        return
    app[review_key] = _Holder()
    app.cleanup_ctx.append(_overlay_ctx)
    app.router.add_get(REVIEW, page)
    app.router.add_get(f"{REVIEW}/content", content_fragment)
    app.router.add_get(f"{REVIEW}/phrasings.yaml", phrasings_yaml)
    app.router.add_post(f"{REVIEW}/attach", _action(_attach))
    app.router.add_post(f"{REVIEW}/out-of-scope", _action(_out_of_scope))
    app.router.add_post(f"{REVIEW}/undo", _action(_undo))
