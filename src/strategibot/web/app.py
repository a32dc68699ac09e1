"""The aiohttp application: routes, middleware and the order of start and shutdown.

Routes::

    POST /api/messages   Teams (Bot Framework activities)
    POST /api/slack      Slack Events API and interactivity (when Slack is configured)
    GET  /healthz        alive
    GET  /readyz         knowledge loaded and the database takes a write (else 503 and why)
    GET  /metrics        Prometheus
"""

from __future__ import annotations

import gc
import logging
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web

from strategibot.core.logs import setup_logging
from strategibot.core.metrics import CONTENT_TYPE_LATEST, Metrics
from strategibot.errors import ConfigError
from strategibot.services.content import Content, load_content
from strategibot.services.dashboard import DashboardSettings
from strategibot.settings import Settings
from strategibot.store.db import check_writable
from strategibot.web.dashboard import add_routes as add_dashboard_routes
from strategibot.web.keys import (
    adapter_key,
    app_key,
    content_key,
    engine_key,
    metrics_key,
    settings_key,
    slack_key,
    teams_bot_key,
)
from strategibot.web.lifecycle import bot_ctx, database_ctx, http_ctx

__all__ = ["SERVER_OPTIONS", "create_app", "run"]

SERVER_OPTIONS: dict[str, object] = {"auto_decompress": False, "access_log": None}
"""How the HTTP server runs (``web.run_app``, and tests that serve the app as production
does). Bodies are never decompressed: Bot Framework and Slack send plain JSON, and a body
that fails to decompress would otherwise end in aiohttp's own traceback."""

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """No stack trace ever leaves the service: unexpected errors become a short JSON 500."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status >= 400 and exc.content_type != "application/json":
            return web.json_response({"error": exc.reason}, status=exc.status,
                                     headers={k: v for k, v in exc.headers.items()
                                              if k.lower() == "allow"})
        raise
    except Exception:
        request.app[metrics_key].errors.labels("http").inc()
        log.exception("request failed", extra={"path": request.path})
        return web.json_response({"error": "internal error"}, status=500)


async def messages(request: web.Request) -> web.Response:
    return await request.app[adapter_key].process(request, request.app[teams_bot_key])


async def slack_events(request: web.Request) -> web.Response:
    slack = request.app.get(slack_key)
    if slack is None:
        return web.json_response({"error": "Slack is not configured"}, status=404)
    return await slack.process(request, request.app[app_key].conversation)


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


READY_WITHIN = 2.0
"""The longest /readyz waits for the database's answer: a load balancer's health check
gives up after a few seconds, and a probe that has not answered by then says why."""


async def readyz(request: web.Request) -> web.Response:
    """Ready when the knowledge is loaded and the database takes a write; otherwise 503 with
    what is wrong: ``read-only``, ``disk full``, ``locked``, ``timeout``, ``unreachable`` …"""
    checks: dict[str, str] = {"knowledge": "ok"}
    settings = request.app[settings_key]
    within = min(READY_WITHIN, settings.db_statement_timeout_seconds + 1)
    problem = await check_writable(request.app[engine_key], within=within)
    checks["database"] = problem or "ok"
    if problem:
        log.warning("database not ready", extra={"problem": problem})
    ready = all(value == "ok" for value in checks.values())
    return web.json_response({"status": "ready" if ready else "not ready", **checks},
                             status=200 if ready else 503)


async def metrics(request: web.Request) -> web.Response:
    body = request.app[metrics_key].render()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


async def _freeze_startup_objects(app: web.Application) -> None:
    """Move everything alive once the bot has started — the knowledge base and its indexes,
    the dialogs, the imported modules — out of the garbage collector's reach (``gc.freeze``):
    a full collection then walks only what the turns allocate, instead of pausing every turn
    for the ≈ 1 million long-lived objects (a tail of the reply times under load)."""
    gc.collect()
    gc.freeze()
    log.debug("startup objects frozen", extra={"frozen": gc.get_freeze_count()})


async def _gc_ctx(app: web.Application) -> AsyncIterator[None]:
    """Garbage collections are timed into ``strategibot_gc_pause_seconds`` while the app runs:
    each one pauses every turn in flight, so they are a tail of the reply times."""
    app[metrics_key].watch_gc()
    yield
    app[metrics_key].unwatch_gc()


def create_app(settings: Settings, *, content: Content | None = None,
               freeze: bool = False) -> web.Application:
    """The application. Knowledge is loaded (and validated) here, so a bad file stops the boot.

    ``freeze``: once started, keep the startup objects out of the garbage collector's walks
    (for a process that serves one app until it stops, as ``strategibot serve`` does; a test
    process that starts many apps leaves it off)."""
    app = web.Application(middlewares=[error_middleware],
                          client_max_size=settings.max_body_bytes)
    app[settings_key] = settings
    app[content_key] = content or load_content(settings)
    app[metrics_key] = Metrics.create()
    app.cleanup_ctx.extend([_gc_ctx, database_ctx, http_ctx, bot_ctx])
    if freeze:
        app.on_startup.append(_freeze_startup_objects)  # after the cleanup contexts' start
    app.router.add_post("/api/messages", messages)
    app.router.add_post("/api/slack", slack_events)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    add_dashboard_routes(app, DashboardSettings.from_settings(settings))
    return app


def run(settings: Settings, *, insecure_anonymous: bool = False) -> None:
    """Serve until SIGINT/SIGTERM; in-flight turns are drained before shutdown.

    Raises:
        ConfigError: anonymous local mode on an address beyond loopback, unless
            ``insecure_anonymous`` (then it is served with a loud warning).
    """
    problem = settings.exposure_problem()
    if problem and not insecure_anonymous:
        raise ConfigError(problem)
    try:  # before anything starts: a second process on a taken port says so and stops
        with socket.create_server((settings.host, settings.port)):
            pass
    except OSError as exc:
        raise ConfigError(f"cannot listen on {settings.host}:{settings.port}: "
                          f"{exc.strerror or exc}") from exc
    setup_logging(settings.log_level, settings.log_format)
    if problem:
        banner = ("WARNING: --insecure-anonymous: anonymous local mode on "
                  f"{settings.host}:{settings.port}. No token is checked: anyone who can reach "
                  "this port can act as any user and make the bot call loopback URLs. Use it "
                  "only on a network you trust completely.")
        sys.stderr.write(f"\n{'!' * 78}\n{banner}\n{'!' * 78}\n\n")
        log.warning("insecure anonymous mode", extra={"host": settings.host})
    if not settings.anonymous and not settings.tenants:
        log.warning("every Entra tenant is served: set STRATEGIBOT_ALLOWED_TENANTS or "
                    "MicrosoftAppTenantId to serve only your own")
    app = create_app(settings, freeze=True)
    mode = "anonymous local mode" if settings.anonymous else "authenticated"
    if settings.today is not None:
        log.warning("STRATEGIBOT_TODAY is set: the bot runs as if today were %s",
                    settings.today.isoformat(), extra={"today": settings.today.isoformat()})

    async def listening(_app: web.Application) -> None:  # once the database is ready
        log.info("strategibot listening", extra={
            "url": f"http://{settings.host}:{settings.port}/api/messages", "mode": mode})

    app.on_startup.append(listening)
    web.run_app(app, host=settings.host, port=settings.port, shutdown_timeout=15.0,
                print=None, **SERVER_OPTIONS)  # type: ignore[arg-type]
