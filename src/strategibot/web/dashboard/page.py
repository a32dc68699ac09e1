"""The progress page as HTML: the document around it (:func:`render_document`) and its content
(:func:`render_content`), which the Teams tab fetches once signed in.

Plain server-rendered HTML: headings, landmark regions, tables for the numbers beside every
chart, ``<details>`` for the long lists. Every panel is a focusable region in reading order, so
Tab walks the page panel by panel; a chart takes focus too, and its points are walked with the
arrow keys (``static/dashboard.js``). No inline script or style: the page runs under a strict
Content Security Policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from strategibot.core.i18n import I18n
from strategibot.domain.progress.digest import STATUS_SYMBOLS
from strategibot.domain.progress.status import Status
from strategibot.web.dashboard.view import GoalPanel, Page

__all__ = ["Links", "render_content", "render_document", "status_badge"]

MATRIX_SYMBOLS = {"yes": "✓", "no": "–", "unknown": "?"}


@dataclass(frozen=True, slots=True)
class Links:
    """Where the page's links lead."""

    base: str
    """the page's own path (``/dashboard``)"""
    document: str | None
    admin: bool
    """the viewer may download the per-unit figures"""
    review: bool = False
    """the viewer may review the unanswered questions (``/dashboard/review``)"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def status_badge(status: Status, word: str) -> str:
    """A status as its shape and word, coloured by its class (never by colour alone)."""
    return (f'<span class="status s-{status}"><span class="icon" aria-hidden="true">'
            f'{STATUS_SYMBOLS[status]}</span> {_e(word)}</span>')


class _Texts:
    def __init__(self, i18n: I18n, lang: str) -> None:
        self.i18n, self.lang = i18n, lang

    def __call__(self, key: str, **values: object) -> str:
        return _e(self.i18n.text(f"dashboard.{key}", self.lang, **values))


def _table(caption: str, headings: Sequence[str], rows: Sequence[Sequence[str]], *,
           cls: str = "", caption_visible: bool = False) -> str:
    """A table of escaped cells; the first cell of a row is its heading."""
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headings)
    body = "".join("<tr>" + f'<th scope="row">{_e(row[0])}</th>'
                   + "".join(f"<td>{_e(cell)}</td>" for cell in row[1:]) + "</tr>"
                   for row in rows)
    hidden = "" if caption_visible else ' class="sr-only"'
    return (f'<table class="{cls}"><caption{hidden}>{_e(caption)}</caption><thead><tr>{head}'
            f"</tr></thead><tbody>{body}</tbody></table>")


def _legend(t: _Texts, panel: GoalPanel) -> str:
    items = [("series", t("legend.series")), ("target", t("legend.target")),
             ("pace", t("legend.pace"))]
    if "class=\"baseline\"" in panel.line:
        items.insert(2, ("baseline", t("legend.baseline")))
    items.append(("hollow", t("legend.hollow")))
    shown = "".join(
        '<li><svg class="key" viewBox="0 0 24 12" aria-hidden="true" focusable="false">'
        + ('<circle class="point hollow" cx="12" cy="6" r="3"/>' if kind == "hollow" else
           f'<line class="{kind}" x1="1" x2="23" y1="6" y2="6"/>')
        + f"</svg>{label}</li>" for kind, label in items)
    return f'<ul class="legend">{shown}</ul>'


def _panel(t: _Texts, panel: GoalPanel, matrix: str) -> str:
    heading = f"{panel.anchor}-h"
    out = [f'<section id="{panel.anchor}" class="panel goal" tabindex="0" '
           f'aria-labelledby="{heading}" data-goal="{_e(panel.goal_id)}">',
           f'<h2 id="{heading}">{_e(panel.name)}</h2>',
           f'<p class="goal-title">{_e(panel.title)}</p>',
           f'<p class="status-line" data-status="{panel.row.status}">'
           f'{status_badge(panel.row.status, panel.status)}</p>',
           f'<p class="figure">{_e(panel.figure)}</p>',
           f'<p class="deadline">{_e(panel.deadline)}</p>',
           f'<div class="meter">{panel.meter}</div>',
           f'<figure class="over-time">{panel.line}<figcaption>{_legend(t, panel)}'
           f"</figcaption></figure>",
           f'<details><summary>{t("weeks.show")}</summary>'
           + _table(t("weeks.caption", goal=panel.name),
                    [t("weeks.day"), t("weeks.figure"), t("weeks.status"),
                     t("weeks.coverage")], panel.weeks, cls="numbers") + "</details>"]
    if panel.matrix:
        out.append(matrix)
    else:
        out.append(f'<h3>{t("centre.heading")}</h3>')
        if panel.centres:
            out.append(f'<div class="bars">{panel.centres}</div>')
        table = _table(t("centre.caption", goal=panel.name),
                       [t("centre.centre"), t("centre.figure")], panel.centre_rows,
                       cls="numbers")
        out.append(f'<details><summary>{t("centre.show")}</summary>{table}</details>'
                   if panel.centres else table)
    if panel.missing:
        items = "".join(f"<li>{_e(name)}</li>" for name in panel.missing)
        out.append(f'<details class="missing"><summary>{_e(panel.missing_title)}</summary>'
                   f'<ul class="names">{items}</ul></details>')
    else:
        out.append(f'<p class="missing-none">{t("missing.none")}</p>')
    out.append("</section>")
    return "".join(out)


def _scroll(label: str, inner: str) -> str:
    return (f'<div class="scroll" role="region" aria-label="{_e(label)}" tabindex="0">'
            f"{inner}</div>")


def _matrix(t: _Texts, page: Page) -> str:
    head = "".join(f'<th scope="col"><abbr title="{_e(theme)}">'
                   f'{t("matrix.theme", number=index + 1)}</abbr></th>'
                   for index, theme in enumerate(page.themes))
    words = {mark: t(f"matrix.{mark}") for mark in MATRIX_SYMBOLS}
    rows = "".join(
        f'<tr><th scope="row"><abbr title="{_e(row.name)}">{_e(row.code)}</abbr></th>'
        + "".join(f'<td class="m-{mark}"><span aria-hidden="true">{MATRIX_SYMBOLS[mark]}</span>'
                  f" {words[mark]}</td>" for mark in row.themes) + "</tr>"
        for row in page.centres)
    themes = "".join(f"<li>{_e(theme)}</li>" for theme in page.themes)
    table = (f'<table class="grid matrix"><caption>{t("matrix.caption")}</caption>'
             f'<thead><tr><th scope="col">{t("centre.centre")}</th>{head}</tr></thead>'
             f"<tbody>{rows}</tbody></table>")
    return (f'<h3>{t("matrix.heading")}</h3><p>{t("matrix.intro")}</p>'
            f'<ol class="themes">{themes}</ol>' + _scroll(t("matrix.caption"), table))


def _reported(t: _Texts, page: Page) -> str:
    head = "".join(f'<th scope="col">{_e(name)}</th>' for name in page.goal_names)
    rows = "".join(
        f'<tr><th scope="row"><abbr title="{_e(row.name)}">{_e(row.code)}</abbr></th>'
        + "".join(f'<td class="{"r-all" if done else "r-some"}">'
                  f'<span aria-hidden="true">{"✓" if done else "·"}</span> {_e(cell)}</td>'
                  for cell, done in zip(row.goals, row.complete, strict=True)) + "</tr>"
        for row in page.centres)
    table = (f'<table class="grid reported"><caption>{t("reported.caption")}</caption>'
             f'<thead><tr><th scope="col">{t("centre.centre")}</th>{head}</tr></thead>'
             f"<tbody>{rows}</tbody></table>")
    return (f'<section id="centres" class="panel" tabindex="0" aria-labelledby="centres-h">'
            f'<h2 id="centres-h">{t("reported.heading")}</h2><p>{t("reported.intro")}</p>'
            + _scroll(t("reported.caption"), table) + "</section>")


def _gaps(t: _Texts, page: Page) -> str:
    def listed(key: str, names: Sequence[str]) -> str:
        if not names:
            return ""
        items = "".join(f"<li>{_e(name)}</li>" for name in names)
        return (f'<details open><summary>{t(key, count=len(names))}</summary>'
                f'<ul class="names">{items}</ul></details>')

    body = listed("gaps.units", page.silent_units) + listed("gaps.centres",
                                                             page.silent_centres)
    return (f'<section id="gaps" class="panel" tabindex="0" aria-labelledby="gaps-h">'
            f'<h2 id="gaps-h">{t("gaps.heading")}</h2><p>{t("gaps.intro")}</p>'
            f'{body or "<p>" + t("gaps.none") + "</p>"}</section>')


def _downloads(t: _Texts, page: Page, links: Links) -> str:
    lang = page.lang
    items = [("csv", "goals"), ("csv", "weeks"), ("csv", "centres")]
    if links.admin:
        items.append(("csv", "units"))
    shown = "".join(
        f'<li><a class="export" href="{_e(links.base)}/export.{kind}?level={level}'
        f'&amp;lang={lang}" download>{t(f"downloads.{level}")} (CSV)</a></li>'
        for kind, level in items)
    shown += (f'<li><a class="export" href="{_e(links.base)}/export.xlsx?lang={lang}" '
              f'download>{t("downloads.xlsx")}</a></li>')
    review = (f'<p class="review-link"><a href="{_e(links.base)}/review?lang={lang}">'
              f'{t("review.link")}</a></p>' if links.review else "")
    return (f'<section id="downloads" class="panel" tabindex="0" '
            f'aria-labelledby="downloads-h"><h2 id="downloads-h">{t("downloads.heading")}</h2>'
            f'<ul class="downloads">{shown}</ul><p>{t("downloads.rules")}</p>'
            + ("" if links.admin else f'<p>{t("downloads.units_admins")}</p>') + review
            + "</section>")


def _overview(t: _Texts, page: Page) -> str:
    """Every goal in a row (as the digest has them): name and who reported, figure, status."""
    rows = "".join(
        f'<tr data-goal="{_e(p.goal_id)}"><th scope="row"><a href="#{p.anchor}">'
        f'{_e(p.name)}</a><span class="coverage">{_e(p.row.coverage)}</span></th>'
        f"<td>{_e(p.row.figure)}</td>"
        f"<td>{status_badge(p.row.status, p.row.status_word)}</td></tr>"
        for p in page.panels)
    return (f'<section id="overview" class="panel" tabindex="0" aria-labelledby="overview-h">'
            f'<h2 id="overview-h">{t("overview.heading")}</h2>'
            f'<table class="overview"><caption class="sr-only">{t("overview.caption")}'
            f'</caption><thead><tr><th scope="col">{t("overview.goal")}</th>'
            f'<th scope="col">{t("overview.figure")}</th>'
            f'<th scope="col">{t("overview.status")}</th></tr></thead><tbody>{rows}</tbody>'
            "</table></section>")


def render_content(page: Page, i18n: I18n, links: Links) -> str:
    """The page's content (what the tab fetches with its token)."""
    t = _Texts(i18n, page.lang)
    elapsed = max(0.0, min(1.0, page.elapsed))
    toc = "".join(f'<li><a href="#{p.anchor}">{_e(p.name)}</a></li>' for p in page.panels)
    toc = (f'<li><a href="#overview">{t("overview.heading")}</a></li>{toc}'
           f'<li><a href="#centres">{t("reported.heading")}</a></li>'
           f'<li><a href="#gaps">{t("gaps.heading")}</a></li>'
           f'<li><a href="#downloads">{t("downloads.heading")}</a></li>')
    matrix = _matrix(t, page)
    return "".join([
        f'<p class="as-of" data-as-of="{_e(page.as_of)}">{t("as_of", as_of=page.as_of)}</p>',
        f'<p class="period">{_e(page.period)}</p>',
        f'<svg class="elapsed" viewBox="0 0 100 4" preserveAspectRatio="none" '
        f'aria-hidden="true" focusable="false"><rect class="track" width="100" height="4"/>'
        f'<rect class="fill" width="{100 * elapsed:.1f}" height="4"/></svg>',
        f'<p class="note">{_e(page.note)}</p>' if page.note else "",
        f'<nav class="toc" aria-label="{t("contents")}"><ul>{toc}</ul></nav>',
        _overview(t, page),
        '<div class="panels">',
        *(_panel(t, panel, matrix) for panel in page.panels),
        "</div>",
        _reported(t, page),
        _gaps(t, page),
        _downloads(t, page, links),
        f'<p class="privacy">{t("privacy")}</p>',
    ])


def render_document(*, i18n: I18n, lang: str, strategy: str, content: str | None,
                    links: Links, teams: bool, version: str, explicit_lang: bool) -> str:
    """The whole page: with ``content`` (anonymous local mode) or, in Teams, a shell that
    signs in and fetches it (``teams``)."""
    t = _Texts(i18n, lang)
    other = "en" if lang == "da" else "da"
    static = f"{links.base}/static"
    scripts = (f'<script src="{static}/vendor/MicrosoftTeams.min.js?v={_e(version)}" defer>'
               "</script>" if teams else "")
    scripts += f'<script src="{static}/dashboard.js?v={_e(version)}" defer></script>'
    document = (f'<a href="{_e(links.document)}" rel="noopener" target="_blank">'
                f'{t("document", strategy=strategy)}</a>' if links.document
                else t("document_name", strategy=strategy))
    body = content if content is not None else (
        f'<p class="loading" role="status">{t("loading")}</p>')
    return (
        "<!doctype html>"
        f'<html lang="{lang}" data-theme="default">'
        '<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f'<title>{t("title")} – strategibot</title>'
        f'<link rel="stylesheet" href="{static}/dashboard.css?v={_e(version)}">'
        f"{scripts}</head>"
        f'<body data-auth="{"teams" if teams else "none"}" data-lang="{lang}" '
        f'data-explicit-lang="{"1" if explicit_lang else "0"}" '
        f'data-content="{_e(links.base)}/content" '
        f'data-failed="{t("failed")}" data-outside="{t("outside_teams")}" '
        f'data-sign-in-failed="{t("sign_in_failed")}" '
        f'data-download-failed="{t("download_failed")}">'
        f'<a class="skip" href="#main">{t("skip")}</a>'
        '<header class="top">'
        f'<h1>{t("title")}</h1>'
        f'<p class="meta">{document}</p>'
        f'<nav class="langs" aria-label="{t("language")}">'
        f'<a href="?lang={lang}" lang="{lang}" aria-current="page">{t("lang_name")}</a> '
        f'<a href="?lang={other}" lang="{other}" hreflang="{other}">'
        f'{_e(i18n.text("dashboard.lang_name", other))}</a></nav>'
        "</header>"
        f'<main id="main" tabindex="-1" aria-busy="{"false" if content is not None else "true"}">'
        f"{body}</main>"
        f'<footer><p>{_e(i18n.text("progress.source", lang))}</p></footer>'
        '<div id="announce" class="sr-only" aria-live="polite"></div>'
        "</body></html>")
