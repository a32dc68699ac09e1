"""The progress page (``/dashboard``; in Teams the tab "Fremdrift"): every shared goal over
time, where the organisation stands against the strategy's period, and where the gaps are —
served by the bot itself from the same data the chat answers from.

``add_routes(app)`` adds it to the web app (:mod:`.routes`); :mod:`.view` words the content,
:mod:`.charts` draws it as SVG, :mod:`.page` lays it out as HTML; ``static/`` holds its CSS and
JS and the Teams JS SDK (``@microsoft/teams-js``, MIT), all served by the bot. With it comes the
strategy office's review of unanswered questions, for admins (``/dashboard/review``:
:mod:`.review`, :mod:`.review_page`).
"""

from __future__ import annotations

from aiohttp import web

from strategibot.services.dashboard import DashboardSettings
from strategibot.web.dashboard import routes
from strategibot.web.dashboard.review import add_review_routes

__all__ = ["add_routes"]


def add_routes(app: web.Application, settings: DashboardSettings | None = None) -> None:
    """Serve the progress page and the review from ``app`` (see :func:`.routes.add_routes`;
    the review's routes use the page's helpers, so they are added here, after them)."""
    routes.add_routes(app, settings)
    add_review_routes(app)
