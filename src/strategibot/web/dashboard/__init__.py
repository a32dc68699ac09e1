"""The progress page (``/dashboard``; in Teams the tab "Fremdrift"): every shared goal over
time, where the organisation stands against the strategy's period, and where the gaps are —
served by the bot itself from the same data the chat answers from.

``add_routes(app)`` adds it to the web app (:mod:`.routes`); :mod:`.view` words the content,
:mod:`.charts` draws it as SVG, :mod:`.page` lays it out as HTML; ``static/`` holds its CSS and
JS and the Teams JS SDK (``@microsoft/teams-js``, MIT), all served by the bot.
"""

from __future__ import annotations

from strategibot.web.dashboard.routes import add_routes

__all__ = ["add_routes"]
