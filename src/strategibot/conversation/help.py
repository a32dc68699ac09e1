""""hjælp"/"help", the welcome on install, and "hele strategien"/"the whole strategy": the whole
bot, shown for the user who asks — a leader sees check-ins, an admin the admin commands, a
channel its subscription. The texts are ``dialogs/help.yaml``."""

from __future__ import annotations

import datetime as dt

from strategibot.core.i18n import I18n
from strategibot.domain.knowledge.load import KnowledgeBase
from strategibot.domain.messages import Action, Outcome, Reply
from strategibot.domain.progress.status import Phase, phase
from strategibot.services.checkins import Reporter

__all__ = ["help_reply", "strategy_overview"]


def _button(i18n: I18n, part: str, lang: str, kind: str = "command") -> Action:
    return Action(i18n.text(f"help.{part}.button", lang), i18n.text(f"help.{part}.try", lang),
                  kind)


def help_reply(i18n: I18n, kb: KnowledgeBase, lang: str, *, reporter: Reporter | None,
               shared: bool, today: dt.date, welcome: bool = False) -> Reply:
    """What the bot can do for this user here (``shared``: a channel or group chat)."""
    lines = [i18n.text("help.ask.text", lang), i18n.text("help.whole.text", lang),
             i18n.text("help.progress.text", lang)]
    actions = [_button(i18n, "ask", lang, "ask"), _button(i18n, "progress", lang),
               _button(i18n, "whole", lang)]
    leads = reporter is not None and bool(reporter.subjects)
    if leads and reporter is not None:
        if phase(kb.strategy.period, today) is Phase.ENDED:
            lines.append(i18n.text("help.checkin_closed", lang))
        else:
            names = i18n.join([s.name for s in reporter.subjects[:4]], lang)
            chief = all(s.kind == "centre" for s in reporter.subjects)
            key = "shared" if shared else "centre" if chief else "text"
            lines.append(i18n.text(f"help.checkin.{key}", lang, subjects=names))
            actions.insert(1, _button(i18n, "checkin", lang))
        actions.append(_button(i18n, "history", lang))
    if shared:
        lines.append(i18n.text("help.subscribe.text", lang))
        actions.append(_button(i18n, "subscribe", lang))
    elif leads:
        lines.append(i18n.text("help.reminders", lang))
    if reporter is not None and reporter.admin:
        lines.append(i18n.text("help.admin", lang))
    if not shared:
        lines.append(i18n.text("help.privacy", lang))
    return Reply(lang=lang, title=i18n.text("help.title", lang),
                 text=i18n.text("help.welcome", lang) if welcome else "",
                 lines=tuple(lines), actions=tuple(actions[:6]), outcome=Outcome.HELP)


def about_reporting(i18n: I18n, kb: KnowledgeBase, lang: str, *, reporter: Reporter | None,
                    shared: bool, today: dt.date) -> Reply:
    """"hvordan indrapporterer jeg?", "hvem skal indrapportere?": how, for a leader (help's
    line on check-ins, with its button); who does, for anyone else (both were refused as
    questions about the strategy)."""
    if shared:  # (nobody's units are named in front of others)
        return Reply(lang=lang, text=i18n.text("help.checkin.shared", lang),
                     actions=(_button(i18n, "checkin", lang),), outcome=Outcome.ANSWER)
    if reporter is None or not reporter.subjects:
        return Reply(lang=lang, text=i18n.text("help.checkin.employee", lang),
                     actions=(_button(i18n, "progress", lang),), outcome=Outcome.ANSWER)
    if phase(kb.strategy.period, today) is Phase.ENDED:
        return Reply(lang=lang, text=i18n.text("help.checkin_closed", lang),
                     outcome=Outcome.ANSWER)
    names = i18n.join([s.name for s in reporter.subjects[:4]], lang)
    chief = all(s.kind == "centre" for s in reporter.subjects)
    key = "centre" if chief else "text"
    return Reply(lang=lang, text=i18n.text(f"help.checkin.{key}", lang, subjects=names),
                 actions=(_button(i18n, "checkin", lang), _button(i18n, "history", lang)),
                 outcome=Outcome.ANSWER)


def _issued(i18n: I18n, issued: str, lang: str) -> str:
    """"2018-12" as "december 2018" / "December 2018" (it read "(2018-12)")."""
    year, _, month = issued.partition("-")
    if not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        return issued
    return i18n.month_year(int(year), int(month), lang)


def strategy_overview(i18n: I18n, kb: KnowledgeBase, lang: str, *, today: dt.date,
                      document_url: str | None) -> Reply:
    """The document in one answer: title, issuer, period, the themes, the goals, a link."""
    strategy = kb.strategy
    period = strategy.period
    ended = phase(period, today) in (Phase.CLOSING, Phase.ENDED)
    text = i18n.text("help.overview.text", lang, subtitle=strategy.subtitle.get(lang),
                     issuer=strategy.issuer.get(lang), issued=_issued(i18n, strategy.issued, lang),
                     pages=strategy.pages, start=i18n.date(period.start, lang),
                     end=i18n.date(period.end, lang),
                     # (the texts are trimmed: the space before "(slut)" is added here)
                     ended=" " + i18n.text("help.overview.ended", lang) if ended else "")
    themes = ", ".join(f"{t.number}. {t.get(lang)}" for t in strategy.themes)
    lines = [i18n.text("help.overview.themes", lang, themes=themes),
             # the themes' shared goals; the requirement that spans all themes (an initiative
             # under each) is measured beside them but is not one of them
             i18n.text("help.overview.goals", lang,
                       count=sum(1 for goal in kb.goals if goal.theme is not None),
                       year=period.end.year)]
    actions = [Action(i18n.text("help.overview.ask_more", lang),
                      i18n.text("help.overview.ask_more", lang), "ask"),
               _button(i18n, "progress", lang)]
    if document_url:
        actions.insert(0, Action(i18n.text("help.overview.link", lang), document_url, "link"))
    else:
        lines.append(i18n.text("help.overview.no_link", lang))
    pages = f"1–{strategy.pages}"
    source = i18n.text("bot.source_many", lang, document=strategy.document.get(lang),
                       pages=pages)
    return Reply(lang=lang, title=i18n.text("help.overview.title", lang,
                                            title=strategy.title.get(lang)),
                 text=text, lines=tuple(lines), actions=tuple(actions),
                 source_label=source, outcome=Outcome.ANSWER)
