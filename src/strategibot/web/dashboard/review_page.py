"""The review page as HTML (``/dashboard/review``): the questions waiting for a decision, group
by group, with forms to attach them to an entry or mark them out of scope; the decisions made,
each with an undo; the way back to ``knowledge/``.

Plain server-rendered HTML that works without script in anonymous local mode (the forms post
and the page comes back); in Teams ``static/review.js`` posts them with the sign-in token and
puts the answer in place. Every form control has a label, the wordings of a group are a
fieldset, the result of a decision is a status message that takes focus. No inline script or
style (the page runs under the same strict Content Security Policy as the progress page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from strategibot.core.i18n import I18n
from strategibot.domain.answers.review import Group
from strategibot.domain.knowledge.load import KnowledgeBase
from strategibot.domain.normalise import fold_text
from strategibot.services.review import Decision

__all__ = ["SHOWN_DECISIONS", "SHOWN_GROUPS", "Notice", "ReviewView", "render_review",
           "render_review_document"]

SHOWN_GROUPS = 30
"""The most groups the page lists (the most asked first)."""
SHOWN_DECISIONS = 30


def _e(text: object) -> str:
    return escape(str(text), quote=True)


@dataclass(frozen=True, slots=True)
class Notice:
    """What became of a decision: ``ok`` (saved) or not, with one line per thing to say."""

    ok: bool
    lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewView:
    """What the page shows."""

    groups: Sequence[Group]
    decisions: Sequence[Decision]
    base: str
    """the review's own path (``/dashboard/review``)"""
    dashboard: str
    """the progress page's path"""
    lang: str
    tz: dt.tzinfo = dt.UTC
    """the time zone decisions are shown in"""
    notice: Notice | None = None


class _T:
    def __init__(self, i18n: I18n, lang: str) -> None:
        self.i18n, self.lang = i18n, lang

    def __call__(self, key: str, **values: object) -> str:
        return _e(self.i18n.text(f"dashboard.review.{key}", self.lang, **values))


def _title(kb: KnowledgeBase, entry_id: str | None, lang: str) -> str:
    entry = kb.entries.get(entry_id or "")
    return entry.title[lang] if entry is not None else str(entry_id)


def _meta(t: _T, i18n: I18n, group: Group) -> str:
    lang = t.lang
    asked = t("asked_one") if group.count == 1 else t("asked_many", count=group.count)
    first, last = i18n.date(group.first.date(), lang), i18n.date(group.last.date(), lang)
    when = t("when_once", last=last) if first == last else t("when", first=first, last=last)
    langs = " / ".join(t(f"lang_{code}") for code in group.languages if code in ("da", "en"))
    outcomes = " · ".join(t(f"outcome_{kind}", count=count)
                          for kind, count in sorted(group.outcomes.items())
                          if kind in ("unknown", "clarify"))
    return " · ".join(part for part in (asked, langs, when, outcomes) if part)


def _options(kb: KnowledgeBase, t: _T, nearest: Sequence[str]) -> str:
    lang = t.lang
    near = "".join(f'<option value="{_e(entry)}">{_e(_title(kb, entry, lang))}</option>'
                   for entry in nearest if entry in kb.entries)
    every = sorted(kb.entries.values(), key=lambda e: fold_text(e.title[lang]))
    everything = "".join(f'<option value="{_e(e.id)}">{_e(e.title[lang])}</option>'
                         for e in every)
    out = f'<option value="">{t("choose")}</option>'
    if near:
        out += f'<optgroup label="{t("entry_nearest")}">{near}</optgroup>'
    return out + f'<optgroup label="{t("entry_all")}">{everything}</optgroup>'


def _group(view: ReviewView, kb: KnowledgeBase, i18n: I18n, t: _T, number: int,
           group: Group) -> str:
    anchor = f"g-{number}"
    lang = view.lang
    hidden = f'<input type="hidden" name="lang" value="{_e(lang)}">'
    wordings = []
    for index, wording in enumerate(group.wordings):
        times = f'<span class="times">{t("times", count=wording.count)}</span>'
        if wording.personal:
            wordings.append(f'<li class="personal"><span class="text">{_e(wording.text)}</span>'
                            f' {times} <em>({t("personal")})</em></li>')
        else:
            box = f"{anchor}-w{index}"
            wordings.append(
                f'<li><input type="checkbox" id="{box}" name="key" value="{_e(wording.key)}" '
                f'checked> <label for="{box}">{_e(wording.text)}</label> {times}</li>')
    attachable = any(not w.personal for w in group.wordings)
    if group.nearest:
        nearest = "".join(
            f'<li>{_e(_title(kb, entry, lang))} <span class="score">'
            f'{t("match", score=i18n.number(score, lang, 2))}</span></li>'
            for entry, score in group.nearest)
        nearest = f'<ul class="nearest">{nearest}</ul>'
    else:
        nearest = f'<p class="nearest-none">{t("nearest_none")}</p>'
    out = [f'<li class="group" id="{anchor}"><article aria-labelledby="{anchor}-h">',
           f'<h3 id="{anchor}-h"><q>{_e(group.question)}</q></h3>',
           f'<p class="meta">{_e(_meta(t, i18n, group))}</p>',
           f'<h4>{t("nearest")}</h4>{nearest}']
    if attachable:
        out.append(
            f'<form class="review-action attach" method="post" action="{_e(view.base)}/attach">'
            f'{hidden}<fieldset><legend>{t("attach_legend")}</legend>'
            f'<ul class="wordings">{"".join(wordings)}</ul>'
            f'<p class="pick"><label for="{anchor}-entry">{t("entry")}</label> '
            f'<select id="{anchor}-entry" name="entry" required>'
            f'{_options(kb, t, [e for e, _ in group.nearest])}</select> '
            f'<button type="submit">{t("attach")}</button></p></fieldset></form>')
    else:
        out.append(f'<h4>{t("wordings")}</h4><ul class="wordings">{"".join(wordings)}</ul>')
    keys = "".join(f'<input type="hidden" name="key" value="{_e(k)}">' for k in group.keys)
    out.append(
        f'<form class="review-action scope" method="post" action="{_e(view.base)}/out-of-scope">'
        f'{hidden}{keys}<p>{t("scope_text")} <button type="submit" class="secondary" '
        f'aria-describedby="{anchor}-h">{t("out_of_scope")}</button></p></form>')
    out.append("</article></li>")
    return "".join(out)


def _decisions(view: ReviewView, kb: KnowledgeBase, i18n: I18n, t: _T) -> str:
    lang = view.lang
    head = (f'<section id="decisions" class="panel" aria-labelledby="decisions-h">'
            f'<h2 id="decisions-h">{t("decisions")}</h2>')
    if not view.decisions:
        return head + f'<p>{t("decisions_none")}</p></section>'
    known = {entry.id: {fold_text(q) for code in ("da", "en") for q in entry.questions[code]}
             for entry in kb.entries.values()}
    rows = []
    for made in view.decisions:
        if made.entry_id is None:
            what = t("decision_out")
        else:
            what = t("decision_phrasing", entry=_title(kb, made.entry_id, lang))
            if fold_text(made.question) in known.get(made.entry_id, set()):
                what += f' <span class="in-knowledge">{t("in_knowledge")}</span>'
        when = i18n.date_time(made.decided_at.astimezone(view.tz), lang)
        undo = (f'<form class="review-action undo" method="post" action="{_e(view.base)}/undo">'
                f'<input type="hidden" name="lang" value="{_e(lang)}">'
                f'<input type="hidden" name="decision" value="{made.id}">'
                f'<button type="submit" class="secondary" '
                f'aria-label="{t("undo_label", decision=made.id)}">{t("undo")}</button></form>')
        rows.append(f'<tr><th scope="row"><q>{_e(made.question)}</q></th><td>{what}</td>'
                    f"<td>{_e(made.decided_by)}</td><td>{_e(when)}</td><td>{undo}</td></tr>")
    table = (f'<table class="decisions"><caption>{t("decisions_caption")}</caption><thead><tr>'
             f'<th scope="col">{t("col_question")}</th><th scope="col">{t("col_decision")}</th>'
             f'<th scope="col">{t("col_by")}</th><th scope="col">{t("col_when")}</th>'
             f'<th scope="col">{t("col_undo")}</th></tr></thead><tbody>{"".join(rows)}'
             "</tbody></table>")
    return (head + f'<div class="scroll" role="region" aria-label="{t("decisions_caption")}" '
            f'tabindex="0">{table}</div></section>')


def _notice(t: _T, notice: Notice) -> str:
    kind, role = ("ok", "status") if notice.ok else ("error", "alert")
    lines = "".join(f"<li>{_e(line)}</li>" for line in notice.lines)
    return (f'<div id="notice" class="notice {kind}" role="{role}" tabindex="-1">'
            f'<p class="notice-title">{t("saved" if notice.ok else "not_saved")}</p>'
            f'{"<ul>" + lines + "</ul>" if lines else ""}</div>')


def render_review(view: ReviewView, kb: KnowledgeBase, i18n: I18n) -> str:
    """The page's content (what the Teams tab fetches with its token)."""
    t = _T(i18n, view.lang)
    out = [_notice(t, view.notice) if view.notice else "",
           f'<p class="intro">{t("intro")}</p>']
    shown = view.groups[:SHOWN_GROUPS]
    asked = sum(g.count for g in view.groups)
    out.append(f'<section id="groups" class="panel" aria-labelledby="groups-h">'
               f'<h2 id="groups-h">{t("groups", count=len(view.groups), asked=asked)}</h2>')
    if shown:
        out.append('<ol class="groups">' + "".join(
            _group(view, kb, i18n, t, number, group)
            for number, group in enumerate(shown, start=1)) + "</ol>")
        if len(view.groups) > len(shown):
            out.append(f'<p class="more">{t("more", count=len(view.groups) - len(shown))}</p>')
    else:
        out.append(f'<p class="empty">{t("empty")}</p>')
    out.append("</section>")
    out.append(_decisions(view, kb, i18n, t))
    out.append(f'<section id="export" class="panel" aria-labelledby="export-h">'
               f'<h2 id="export-h">{t("export_heading")}</h2>'
               f'<p>{t("export_text", strategy=kb.strategy.id)}</p>'
               f'<p><a class="review-export" href="{_e(view.base)}/phrasings.yaml" download>'
               f'{t("export_link")}</a></p></section>')
    return "".join(out)


def render_review_document(*, i18n: I18n, lang: str, content: str | None, base: str,
                           dashboard: str, static: str, teams: bool, version: str,
                           explicit_lang: bool) -> str:
    """The whole page: with ``content`` (anonymous local mode) or, in Teams, a shell that signs
    in and fetches it (``static/dashboard.js``)."""
    t = _T(i18n, lang)
    other = "en" if lang == "da" else "da"
    scripts = (f'<script src="{static}/vendor/MicrosoftTeams.min.js?v={_e(version)}" defer>'
               "</script>" if teams else "")
    scripts += (f'<script src="{static}/dashboard.js?v={_e(version)}" defer></script>'
                f'<script src="{static}/review.js?v={_e(version)}" defer></script>')
    body = content if content is not None else (
        f'<p class="loading" role="status">{t("loading")}</p>')

    def d(key: str) -> str:
        return _e(i18n.text(f"dashboard.{key}", lang))

    return (
        "<!doctype html>"
        f'<html lang="{lang}" data-theme="default">'
        '<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f'<title>{t("title")} – strategibot</title>'
        f'<link rel="stylesheet" href="{static}/dashboard.css?v={_e(version)}">'
        f'<link rel="stylesheet" href="{static}/review.css?v={_e(version)}">'
        f"{scripts}</head>"
        f'<body data-page="review" data-auth="{"teams" if teams else "none"}" '
        f'data-lang="{lang}" data-explicit-lang="{"1" if explicit_lang else "0"}" '
        f'data-content="{_e(base)}/content" data-failed="{t("failed")}" '
        f'data-not-saved="{t("not_saved")}" '
        f'data-outside="{d("outside_teams")}" data-sign-in-failed="{d("sign_in_failed")}" '
        f'data-download-failed="{d("download_failed")}">'
        f'<a class="skip" href="#main">{d("skip")}</a>'
        '<header class="top">'
        f'<h1>{t("title")}</h1>'
        f'<p class="meta"><a href="{_e(dashboard)}?lang={lang}">{t("back")}</a></p>'
        f'<nav class="langs" aria-label="{d("language")}">'
        f'<a href="{_e(base)}?lang={lang}" lang="{lang}" aria-current="page">{d("lang_name")}</a> '
        f'<a href="{_e(base)}?lang={other}" lang="{other}" hreflang="{other}">'
        f'{_e(i18n.text("dashboard.lang_name", other))}</a></nav>'
        "</header>"
        f'<main id="main" tabindex="-1" aria-busy="{"false" if content is not None else "true"}">'
        f"{body}</main>"
        '<div id="announce" class="sr-only" aria-live="polite"></div>'
        "</body></html>")
