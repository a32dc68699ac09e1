"""Live progress told as a :class:`Reply`: one goal, all goals, one centre, or who has not
reported."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from strategibot.core.i18n import I18n
from strategibot.domain.knowledge.load import Goal, KnowledgeBase
from strategibot.domain.messages import Action, Outcome, Reply
from strategibot.domain.organisation import CentreInfo, Directory
from strategibot.domain.progress.compute import GoalProgress
from strategibot.domain.progress.metrics import Coverage
from strategibot.domain.progress.status import Phase, Status, phase

__all__ = ["centre_lines", "checkin_action", "checkin_actions", "coverage_text", "figure_text",
           "goal_reply",
           "missing_reply", "overview_reply", "period_note", "status_text"]


def coverage_text(coverage: Coverage, i18n: I18n, lang: str) -> str:
    """"1 af 40 enheder (3 % af årsværkene)"."""
    if coverage.by_fte:
        return i18n.text("progress.coverage.fte", lang, reported=coverage.reported,
                         expected=coverage.expected,
                         share=i18n.number(100 * coverage.share, lang, 0))
    return i18n.text(f"progress.coverage.{coverage.of}", lang, reported=coverage.reported,
                     expected=coverage.expected)


def _strategy_figures(goal: Goal, i18n: I18n, lang: str) -> str:
    """What the strategy says of a goal's figures: its target, and the baseline if it has
    one ("Strategiens mål: 13,5 dagsværk pr. årsværk; udgangspunktet var 14,9 …")."""
    target = i18n.number(goal.target, lang)
    unit = goal.unit.get(lang)
    if goal.baseline is not None and goal.baseline_date is not None:
        return i18n.text("progress.figure.strategy_baseline", lang, target=target, unit=unit,
                         baseline=i18n.number(goal.baseline, lang),
                         date=i18n.date(goal.baseline_date, lang))
    return i18n.text("progress.figure.strategy_target", lang, target=target, unit=unit)


def figure_text(goal: Goal, progress: GoalProgress, i18n: I18n, lang: str) -> str:
    """The goal's figure against its target, in words, with who stands behind it."""
    if progress.reported == 0:
        return i18n.text("progress.figure.none", lang, expected=progress.expected,
                         of=i18n.text(f"progress.none_of.{progress.coverage.of}", lang))
    if progress.withheld:  # too few units behind the whole organisation's figure
        return i18n.text("progress.figure.withheld", lang,
                         coverage=coverage_text(progress.coverage, i18n, lang))
    if progress.value is None:  # reports, none with a figure ("rekrutteret: nej")
        return i18n.text("progress.figure.no_figure", lang,
                         coverage=coverage_text(progress.coverage, i18n, lang))
    unit = goal.unit.get(lang)
    value = i18n.number(progress.value, lang)
    target = i18n.number(goal.target, lang)
    coverage = coverage_text(progress.coverage, i18n, lang)
    details = progress.details
    if goal.metric.kind == "count-done":
        key = "count-done" if goal.reported_by == "unit" else "count-done-centre"
        return i18n.text(f"progress.figure.{key}", lang, value=value, target=target, unit=unit,
                         in_progress=details.get("in_progress", 0), coverage=coverage)
    if goal.metric.kind == "distinct-forms":
        forms = ", ".join(details.get("evaluated", [])) or "–"
        key = "distinct-forms-over" if progress.value > goal.target else "distinct-forms"
        text = i18n.text(f"progress.figure.{key}", lang, value=value, target=target,
                         forms=forms, tried=len(details.get("tried", [])), coverage=coverage)
        behind, across = details.get("centres_behind", 0), details.get("across", 1)
        if progress.value >= goal.target and behind < across:
            # three forms from one centre's units: not yet "på tværs af organisationen"
            text = text.rstrip(".") + ". " + i18n.text("progress.not_across", lang,
                                                        centres=behind, across=across)
        return text
    if goal.metric.kind == "weighted-mean":
        baseline = i18n.number(goal.baseline, lang) if goal.baseline is not None else "–"
        return i18n.text("progress.figure.weighted-mean", lang, value=value, target=target,
                         baseline=baseline, unit=unit, coverage=coverage)
    if goal.metric.kind == "share":
        return i18n.text("progress.figure.share", lang, value=i18n.number(progress.value, lang, 0),
                         used=details.get("used_toolbox", 0),
                         recruited=details.get("recruited", 0), coverage=coverage)
    cells = i18n.number(details.get("cells", goal.target), lang)
    return i18n.text("progress.figure.matrix", lang, value=value, target=cells,
                     coverage=coverage)


def status_text(kb: KnowledgeBase, goal: Goal, progress: GoalProgress, i18n: I18n,
                lang: str) -> str:
    """The status as a word — after the period the result, with its date and coverage; "too
    few reports" with what a status needs."""
    verdict = progress.verdict
    word = i18n.text(f"progress.status.{verdict.status}", lang)
    period = kb.strategy.period
    coverage = coverage_text(progress.coverage, i18n, lang)
    if verdict.status is Status.TOO_FEW:
        of = "fte" if progress.coverage.by_fte else progress.coverage.of
        word += ": " + i18n.text("progress.too_few_why", lang,
                                 min=i18n.number(100 * goal.min_coverage, lang, 0),
                                 of=i18n.text(f"progress.too_few_of.{of}", lang))
    if verdict.status is Status.NO_DATA or not verdict.result:
        return word
    key = "final" if verdict.final else "provisional"
    return i18n.text(f"progress.{key}", lang, status=word, date=i18n.date(period.end, lang),
                     coverage=coverage, closes=i18n.date(period.closes, lang))


def period_note(kb: KnowledgeBase, today: dt.date, i18n: I18n, lang: str) -> str | None:
    """What to say about the strategy's period, when it is not running."""
    period = kb.strategy.period
    now = phase(period, today)
    if now is Phase.RUNNING:
        return None
    return i18n.text(f"progress.period.{now}", lang, start=i18n.date(period.start, lang),
                     end=i18n.date(period.end, lang), closes=i18n.date(period.closes, lang))


def _status_line(kb: KnowledgeBase, goal: Goal, progress: GoalProgress, i18n: I18n,
                 lang: str) -> str:
    status = status_text(kb, goal, progress, i18n, lang)
    deadline = i18n.text("progress.deadline", lang, date=i18n.date(goal.deadline, lang))
    return f"**{status}** · {deadline}"


def shown_value(progress: GoalProgress, directory: Directory,
                centre: CentreInfo) -> float | None:
    """A centre's figure as it may be shown: None when it is withheld, or when none of the
    centre has reported (no "Center for …: 0")."""
    if centre.code in progress.suppressed:
        return None
    missing = set(progress.missing)
    codes = [u.code for u in directory.units_of(centre.id)]
    if centre.code in missing or (codes and all(c in missing for c in codes)):
        return None
    return progress.per_centre.get(centre.code)


def centre_lines(progress: GoalProgress, directory: Directory, i18n: I18n,
                 lang: str, *, skip: frozenset[str] = frozenset()) -> list[str]:
    """Each centre's figure; a withheld one says why; the centres without one are named on
    the last line (a reader asking about "the other centres" learns they have none).
    ``skip``: the codes of centres told elsewhere."""
    lines = []
    without = []
    for centre in directory.centres:
        if centre.code in skip:
            continue
        if centre.code in progress.suppressed:
            key = "shielding" if centre.code in progress.shielding else \
                "one_leader" if centre.code in progress.one_leader else "suppressed"
            lines.append(i18n.text(f"progress.{key}", lang, centre=centre.name))
            continue
        value = shown_value(progress, directory, centre)
        if value is not None:
            lines.append(i18n.text("progress.centre_line", lang, centre=centre.name,
                                   value=i18n.number(value, lang)))
        else:
            without.append(centre.name)
    if without:
        lines.append(i18n.text("progress.centres_without", lang, count=len(without),
                               names=", ".join(without)))
    return lines


def ranking_reply(goal: Goal, progress: GoalProgress, directory: Directory, i18n: I18n,
                  lang: str, *, best_first: bool, limit: int | None = None) -> Reply:
    """The centres in order of their live figure for ``goal`` ("hvilket center er værst på
    sygefravær?"): the best first or the worst first, by the goal's direction; the centres
    whose figure is withheld or missing after them, with why (the small-numbers rule holds:
    no withheld figure is ranked)."""
    shown = [(centre, value) for centre in directory.centres
             if (value := shown_value(progress, directory, centre)) is not None]
    lower_is_better = goal.direction == "decrease"
    shown.sort(key=lambda item: item[1], reverse=lower_is_better != best_first)
    # a tie, as shown, shares its place ("1., 1., 3."): five centres with 2 each were
    # numbered 1 to 5
    said = [i18n.number(value, lang) for _centre, value in shown]
    lines = [i18n.text("progress.ranking_line", lang, n=said.index(said[n]) + 1,
                       centre=centre.name, value=said[n])
             for n, (centre, _value) in enumerate(shown)]
    rest = centre_lines(progress, directory, i18n, lang,
                        skip=frozenset(centre.code for centre, _value in shown))
    if limit is not None:  # "top 3": the first three, and no more
        lines, rest = lines[:limit], []
    key = "ranking_best" if best_first else "ranking_worst"
    text = i18n.text(f"progress.{key}", lang, unit=goal.unit.get(lang)) if shown else \
        i18n.text("progress.ranking_none", lang)
    return Reply(lang=lang, title=i18n.text("progress.ranking_title", lang,
                                            goal=goal.title.get(lang)),
                 text=text, lines=(*lines, *rest),
                 source_label=i18n.text("progress.source", lang), outcome=Outcome.ANSWER,
                 entry_id=goal.entry)


def checkin_action(i18n: I18n, lang: str) -> Action:
    """The "check in now" button."""
    return Action(title=i18n.text("progress.checkin_now", lang),
                  value=i18n.command("checkin", lang), kind="command")


def open_page_action(url: str, i18n: I18n, lang: str) -> Action:
    """The "open the progress page" button: a link to the page (in Teams, its tab)."""
    return Action(title=i18n.text("progress.open_page", lang), value=url, kind="link")


def checkin_actions(kb: KnowledgeBase, today: dt.date, i18n: I18n,
                    lang: str) -> tuple[Action, ...]:
    """The "check in now" button while check-ins are taken (none after reporting closed)."""
    if phase(kb.strategy.period, today) is Phase.ENDED:
        return ()
    return (checkin_action(i18n, lang),)


def goal_reply(kb: KnowledgeBase, goal: Goal, progress: GoalProgress, directory: Directory,
               i18n: I18n, lang: str, today: dt.date, *, page_url: str | None = None) -> Reply:
    """One goal's live figure, coverage, status and the centres' figures; ``page_url``: where
    the "open the progress page" button leads (none without)."""
    # with no check-ins at all, a line of zeros per centre says nothing
    lines = centre_lines(progress, directory, i18n, lang) if progress.reported else []
    figure = figure_text(goal, progress, i18n, lang)
    if not progress.reported:  # what the strategy says, so the card is not empty
        figure = f"{figure}. {_strategy_figures(goal, i18n, lang)}"
    text = figure + "\n\n" + _status_line(
        kb, goal, progress, i18n, lang)
    note = period_note(kb, today, i18n, lang)
    if note:
        text = note + "\n\n" + text
    return Reply(
        lang=lang,
        title=i18n.text("progress.title", lang, goal=goal.title.get(lang)),
        text=text,
        lines=tuple(lines),
        source_label=i18n.text("progress.source", lang),
        actions=_page(page_url, i18n, lang) + checkin_actions(kb, today, i18n, lang),
        outcome=Outcome.ANSWER,
        entry_id=goal.entry,
    )


def overview_reply(kb: KnowledgeBase, progress: Mapping[str, GoalProgress],
                   i18n: I18n, lang: str, today: dt.date, *,
                   page_url: str | None = None) -> Reply:
    """Every goal on one line: figure, coverage and status; ``page_url``: where the "open the
    progress page" button leads (none without)."""
    lines = []
    for goal in kb.goals:
        item = progress[goal.id]
        status = status_text(kb, goal, item, i18n, lang)
        lines.append(f"**{goal.title.get(lang)}** – {figure_text(goal, item, i18n, lang)} "
                     f"· **{status}**")
    text = period_note(kb, today, i18n, lang) or ""
    return Reply(lang=lang, title=i18n.text("progress.overview_title", lang), text=text,
                 lines=tuple(lines), source_label=i18n.text("progress.source", lang),
                 actions=_page(page_url, i18n, lang) + checkin_actions(kb, today, i18n, lang),
                 outcome=Outcome.ANSWER)


_ASIDE = re.compile(r"\s*\([^)]*\)")


def centre_reply(kb: KnowledgeBase, progress: Mapping[str, GoalProgress],
                 directory: Directory, centre: CentreInfo, i18n: I18n, lang: str, *,
                 page_url: str | None = None) -> Reply:
    """One centre: each goal's figure for the centre (a withheld one says why) with how many
    of its units (or the centre itself) have reported, and who has not."""
    units = directory.units_of(centre.id)
    lines = []
    silent = {u.name for u in units} | {centre.name}  # who has reported on none of theirs
    for goal in kb.goals:
        item = progress[goal.id]
        if goal.reported_by == "unit":
            absent = [u.name for u in units if u.code in item.missing]
            expected = len(units)
            silent -= {u.name for u in units if u.code not in item.missing}
        else:
            absent = [centre.name] if centre.code in item.missing else []
            expected = 1
            silent -= set() if absent else {centre.name}
        if centre.code in item.suppressed:
            # the reason the goal's view gives ("so that a smaller centre's figure cannot be
            # worked out" is not "too few units")
            figure = i18n.text("progress.centre_shielding" if centre.code in item.shielding
                               else "progress.centre_one_leader" if centre.code in
                               item.one_leader else "progress.centre_withheld", lang)
        elif len(absent) == expected:  # none has reported: no "0 enheder"
            figure = i18n.text("progress.centre_no_figure", lang)
        elif (value := item.per_centre.get(centre.code)) is not None:
            unit = _ASIDE.sub("", goal.unit.get(lang))  # not "(10 centre × 4 temaer)"
            # (the units are plural: "1 enheder" reads wrong — the unit for one, if the goal
            # has it, else the bare figure)
            one = _ASIDE.sub("", goal.unit_one.get(lang)) if goal.unit_one else ""
            figure = f"{i18n.number(value, lang)} {unit if value != 1 else one}".strip()
        else:
            figure = i18n.text("progress.centre_no_figure", lang)
        coverage = i18n.text("progress.reported", lang, reported=expected - len(absent),
                             expected=expected)
        lines.append(i18n.text("progress.centre_goal", lang, goal=goal.title.get(lang),
                               figure=figure, coverage=coverage))
    names = [u.name for u in units if u.name in silent] + (
        [centre.name] if centre.name in silent and any(
            g.reported_by == "centre" for g in kb.goals) else [])
    text = i18n.text("progress.centre_missing", lang, count=len(names),
                     names=", ".join(names)) if names else \
        i18n.text("progress.centre_complete", lang, centre=centre.name)
    return Reply(lang=lang, title=i18n.text("progress.centre_title", lang, centre=centre.name),
                 text=text, lines=tuple(lines), source_label=i18n.text("progress.source", lang),
                 actions=_page(page_url, i18n, lang), outcome=Outcome.ANSWER)


def _page(url: str | None, i18n: I18n, lang: str) -> tuple[Action, ...]:
    return (open_page_action(url, i18n, lang),) if url else ()


def missing_reply(kb: KnowledgeBase, progress: Mapping[str, GoalProgress],
                  directory: Directory, i18n: I18n, lang: str) -> Reply:
    """Units (never persons) and centres that have not reported on any of their goals."""
    unit_goals = [g.id for g in kb.goals if g.reported_by == "unit"]
    centre_goals = [g.id for g in kb.goals if g.reported_by == "centre"]
    units = set.intersection(*(set(progress[g].missing) for g in unit_goals)) if unit_goals \
        else set()
    centres = set.intersection(*(set(progress[g].missing) for g in centre_goals)) \
        if centre_goals else set()
    unit_names = [u.name for u in directory.units if u.code in units]
    centre_names = [c.name for c in directory.centres if c.code in centres]
    lines = []
    if unit_names:
        lines.append(i18n.text("progress.missing_units", lang, count=len(unit_names),
                               names=", ".join(unit_names)))
    if centre_names:
        lines.append(i18n.text("progress.missing_centres", lang, count=len(centre_names),
                               names=", ".join(centre_names)))
    text = "" if lines else i18n.text("progress.missing_none", lang)
    return Reply(lang=lang, title=i18n.text("progress.missing_title", lang), text=text,
                 lines=tuple(lines), source_label=i18n.text("progress.source", lang),
                 actions=(checkin_action(i18n, lang),), outcome=Outcome.ANSWER)


def goal_missing_reply(kb: KnowledgeBase, progress: Mapping[str, GoalProgress],
                       directory: Directory, goal_id: str, i18n: I18n, lang: str, *,
                       centre: CentreInfo | None = None) -> Reply:
    """The units (or centres) that have not reported on one goal — within ``centre`` if
    given ("hvem mangler at indrapportere sygefravær i CPKS?")."""
    goal = kb.goal(goal_id)
    missing = set(progress[goal_id].missing) if goal_id in progress else set()
    if goal.reported_by == "centre":
        names = [c.name for c in directory.centres if c.code in missing
                 and (centre is None or c.id == centre.id)]
        key = "centres"
    else:
        names = [u.name for u in directory.units if u.code in missing
                 and (centre is None or u.centre_id == centre.id)]
        key = "units"
    within = {"centre": centre.name} if centre is not None else {}
    scope = "_in" if centre is not None else ""
    if names:
        text = i18n.text(f"progress.goal_missing_{key}{scope}", lang, count=len(names),
                         names=", ".join(names), **within)
    else:
        text = i18n.text(f"progress.goal_missing_none_{key}{scope}", lang, **within)
    return Reply(lang=lang, title=i18n.text("progress.goal_missing_title", lang,
                                            goal=goal.title.get(lang)),
                 text=text, source_label=i18n.text("progress.source", lang),
                 actions=(checkin_action(i18n, lang),), outcome=Outcome.ANSWER)

