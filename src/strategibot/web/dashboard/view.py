"""The progress page's content in the reader's language: one panel per shared goal (its status
and coverage as the chat tells them, the figure week by week, the centres), the centres ×
themes matrix, what each centre has reported and who has not reported — everything
:mod:`.page` lays out, already worded and drawn.

The wording comes from the live answers (:mod:`strategibot.domain.progress.telling`) and the
digest (:mod:`strategibot.domain.progress.digest`), so the page, the chat and the digest say
the same; texts of the page's own are in ``dialogs/dashboard.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from strategibot.core.i18n import I18n
from strategibot.domain.knowledge.load import Goal, KnowledgeBase
from strategibot.domain.organisation import Directory
from strategibot.domain.progress.compute import GoalProgress
from strategibot.domain.progress.digest import (
    DigestRow,
    compact_figure,
    not_reported,
    short_name,
    status_word,
)
from strategibot.domain.progress.status import Status
from strategibot.domain.progress.telling import (
    coverage_text,
    figure_text,
    period_note,
    status_text,
)
from strategibot.services.dashboard import Point, Snapshot
from strategibot.web.dashboard.charts import (
    Bar,
    ChartPoint,
    LineTexts,
    bar_chart,
    coverage_meter,
    line_chart,
)

__all__ = ["CentreRow", "GoalPanel", "Page", "build_page"]

CLAIMED = frozenset(Status) - {Status.TOO_FEW, Status.NO_DATA}
"""Statuses that are a claim about the goal (a week without one is drawn hollow)."""


@dataclass(frozen=True, slots=True)
class GoalPanel:
    """One goal: what the chat says about it, and its charts."""

    goal_id: str
    anchor: str
    name: str
    title: str
    row: DigestRow
    figure: str
    status: str
    deadline: str
    meter: str
    line: str
    weeks: tuple[tuple[str, str, str, str], ...]
    """(week ending, figure, status, coverage), newest first"""
    centres: str | None
    centre_rows: tuple[tuple[str, str], ...]
    """(centre, its figure or why there is none)"""
    missing_title: str
    missing: tuple[str, ...]
    matrix: bool = False


@dataclass(frozen=True, slots=True)
class CentreRow:
    """A centre in the matrix and in "what each centre has reported"."""

    code: str
    name: str
    themes: tuple[str, ...]
    """per theme: "yes", "no" (reported none) or "unknown" (not reported)"""
    goals: tuple[str, ...]
    """per goal: "3 af 4" (its units that reported) or "ja"/"nej" (centre goals)"""
    complete: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """Everything the page shows."""

    lang: str
    as_of: str
    period: str
    elapsed: float
    note: str | None
    panels: tuple[GoalPanel, ...]
    themes: tuple[str, ...]
    goal_names: tuple[str, ...]
    centres: tuple[CentreRow, ...]
    silent_units: tuple[str, ...]
    silent_centres: tuple[str, ...]
    strategy: str


def _t(i18n: I18n, key: str, lang: str, **values: object) -> str:
    return i18n.text(f"dashboard.{key}", lang, **values)


def _number(goal: Goal, i18n: I18n, lang: str) -> Callable[[float], str]:
    if goal.metric.kind == "share":
        return lambda value: i18n.number(value, lang, 0) + " %"
    return lambda value: i18n.number(value, lang)


def _short_day(day: dt.date, i18n: I18n, lang: str) -> str:
    return _t(i18n, "day_month", lang, day=day.day, month=i18n.month(day.month, lang)[:3])


def _point_label(point: Point, goal: Goal, number: Callable[[float], str], i18n: I18n,
                 lang: str) -> str:
    value = number(point.value) if point.value is not None else "–"
    of = "centres" if goal.reported_by == "centre" else "units"
    return _t(i18n, "point", lang, day=i18n.date(point.day, lang), value=value,
              status=i18n.text(f"progress.status.{point.status}", lang),
              reported=point.reported, expected=point.expected,
              of=i18n.text(f"progress.none_of.{of}", lang))


def _line(goal: Goal, item: GoalProgress, points: Sequence[Point], kb: KnowledgeBase,
          i18n: I18n, lang: str) -> tuple[str, tuple[tuple[str, str, str, str], ...]]:
    period = kb.strategy.period
    number = _number(goal, i18n, lang)
    level = goal.metric.kind == "weighted-mean"
    target = float(item.details.get("cells", goal.target)) if goal.metric.kind == "matrix" \
        else goal.target
    start_value = goal.baseline if level and goal.baseline is not None else 0.0
    end = max(period.end, points[-1].day) if points else period.end
    chart_points = [ChartPoint(p.day, p.value, p.status in CLAIMED,
                               _point_label(p, goal, number, i18n, lang)) for p in points]
    drawn = [p for p in points if p.value is not None]
    name = short_name(goal, i18n, lang)
    desc = [_t(i18n, "chart.desc_series", lang, first=i18n.date(drawn[0].day, lang),
               first_value=number(drawn[0].value or 0), last=i18n.date(drawn[-1].day, lang),
               last_value=number(drawn[-1].value or 0))
            if drawn else _t(i18n, "chart.empty", lang)]
    desc.append(_t(i18n, "chart.desc_target", lang, target=number(target),
                   deadline=i18n.date(goal.deadline, lang)))
    if goal.baseline is not None:
        desc.append(_t(i18n, "chart.desc_baseline", lang, baseline=number(goal.baseline)))
    if drawn:
        desc.append(_t(i18n, "chart.walk", lang))
    texts = LineTexts(
        title=_t(i18n, "chart.line_title", lang, goal=name), desc=" ".join(desc),
        target=_t(i18n, "chart.target", lang, value=number(target)),
        baseline=_t(i18n, "chart.baseline", lang, value=number(goal.baseline))
        if goal.baseline is not None else None,
        deadline=_t(i18n, "chart.deadline", lang),
        pace=_t(i18n, "legend.pace", lang),
        months=[i18n.month(m, lang)[:3] for m in range(1, 13)],
        empty=_t(i18n, "chart.empty", lang))
    svg = line_chart(f"line-{goal.id}", chart_points, start=period.start, end=end,
                     target=target, baseline=goal.baseline, deadline=goal.deadline,
                     pace=(start_value, target), floor=None if level else 0.0,
                     number=number, texts=texts)
    of = "centres" if goal.reported_by == "centre" else "units"
    weeks = tuple(
        (i18n.date(p.day, lang, "short"), number(p.value) if p.value is not None else "–",
         i18n.text(f"progress.status.{p.status}", lang),
         i18n.text(f"progress.coverage.{of}", lang, reported=p.reported, expected=p.expected))
        for p in reversed(points))
    return svg, weeks


def _centres(goal: Goal, item: GoalProgress, directory: Directory, i18n: I18n,
             lang: str) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """The centres' figures as bars (unit goals) and as rows; centre goals as done / not yet /
    not reported."""
    number = _number(goal, i18n, lang)
    missing = set(item.missing)
    rows: list[tuple[str, str]] = []
    if goal.reported_by == "centre":
        for centre in directory.centres:
            shown: str
            if goal.metric.kind == "matrix":
                cells = item.per_centre.get(centre.code)
                shown = _t(i18n, "centre.not_reported", lang) if centre.code in missing \
                    else _t(i18n, "centre.cells", lang, value=number(cells or 0),
                            of=len(item.details.get("matrix", {}).get(centre.code, {})) or 4)
            elif centre.code in missing:
                shown = _t(i18n, "centre.not_reported", lang)
            else:
                done = (item.per_centre.get(centre.code) or 0) >= 1
                shown = _t(i18n, "centre.done" if done else "centre.not_done", lang)
            rows.append((centre.name, shown))
        return None, tuple(rows)
    bars: list[Bar] = []
    for centre in directory.centres:
        if centre.code in item.suppressed:
            why = "shielding" if centre.code in item.shielding else \
                "one_leader" if centre.code in item.one_leader else "withheld"
            bars.append(Bar(centre.code, centre.name, None, _t(i18n, f"centre.{why}", lang),
                            withheld=True))
            rows.append((centre.name, _t(i18n, f"centre.{why}_long", lang)))
            continue
        value = item.per_centre.get(centre.code)
        if value is None:
            none = _t(i18n, "centre.no_figure", lang)
            bars.append(Bar(centre.code, centre.name, None, none))
            rows.append((centre.name, none))
        else:
            bars.append(Bar(centre.code, centre.name, value))
            rows.append((centre.name, number(value)))
    level = goal.metric.kind in ("weighted-mean", "share")
    name = short_name(goal, i18n, lang)
    values = [f"{b.code} {number(b.value)}" for b in bars if b.value is not None]
    desc = _t(i18n, "chart.bars_desc", lang, values=", ".join(values) or "–",
              withheld=len(item.suppressed))
    svg = bar_chart(f"bars-{goal.id}", bars, title=_t(i18n, "chart.bars_title", lang,
                                                       goal=name),
                    desc=desc, number=number, reference=goal.target if level else None,
                    reference_label=_t(i18n, "chart.target", lang, value=number(goal.target))
                    if level else None, top_value=goal.target if level else 1.0)
    return svg, tuple(rows)


def _missing_by_centre(codes: tuple[str, ...], directory: Directory) -> tuple[str, ...]:
    """Who has not reported: units as one line per centre ("Centre: unit, unit"), in the
    directory's order; centres as their names."""
    wanted = set(codes)
    lines: list[str] = []
    for centre in directory.centres:
        if centre.code in wanted:
            lines.append(centre.name)
        units = [u.name for u in directory.units if u.centre_id == centre.id and u.code in wanted]
        if units:
            lines.append(f"{centre.name}: {', '.join(units)}")
    return tuple(lines)


def _panel(goal: Goal, snapshot: Snapshot, kb: KnowledgeBase, i18n: I18n,
           lang: str) -> GoalPanel:
    item = snapshot.progress[goal.id]
    directory = snapshot.directory
    name = short_name(goal, i18n, lang)
    coverage = coverage_text(item.coverage, i18n, lang)
    row = DigestRow(goal.id, name, compact_figure(goal, item, i18n, lang), coverage,
                    item.status, status_word(item, i18n, lang))
    of = "fte" if item.coverage.by_fte else item.coverage.of
    meter = coverage_meter(
        f"meter-{goal.id}", item.coverage.share,
        goal.min_coverage if goal.scope == "organisation" else None,  # count goals: none
        label=_t(i18n, "meter.label", lang, coverage=coverage,
                 share=i18n.number(100 * item.coverage.share, lang, 0),
                 of=i18n.text(f"progress.too_few_of.{of}", lang)),
        minimum_label=_t(i18n, "meter.minimum", lang,
                         min=i18n.number(100 * goal.min_coverage, lang, 0)))
    line, weeks = _line(goal, item, snapshot.series.get(goal.id, ()), kb, i18n, lang)
    bars, centre_rows = _centres(goal, item, directory, i18n, lang)
    missing_title = _t(i18n, f"missing.{item.coverage.of}", lang, count=len(item.missing))
    missing = _missing_by_centre(item.missing, directory)
    return GoalPanel(
        goal_id=goal.id, anchor=f"goal-{goal.id}", name=name, title=goal.title.get(lang),
        row=row, figure=figure_text(goal, item, i18n, lang),
        status=status_text(kb, goal, item, i18n, lang),
        deadline=i18n.text("progress.deadline", lang, date=i18n.date(goal.deadline, lang)),
        meter=meter, line=line, weeks=weeks, centres=bars, centre_rows=centre_rows,
        missing_title=missing_title, missing=missing, matrix=goal.metric.kind == "matrix")


def _centre_rows(snapshot: Snapshot, kb: KnowledgeBase, i18n: I18n,
                 lang: str) -> tuple[CentreRow, ...]:
    directory = snapshot.directory
    themes = [t.number for t in kb.strategy.themes]
    matrix_goal = next((g for g in kb.goals if g.metric.kind == "matrix"), None)
    matrix = snapshot.progress[matrix_goal.id].details.get("matrix", {}) if matrix_goal else {}
    rows = []
    for centre in directory.centres:
        cells = matrix.get(centre.code, {})
        marks = tuple("unknown" if cells.get(t) is None else "yes" if cells.get(t) else "no"
                      for t in themes)
        units = [u for u in directory.units if u.centre_id == centre.id]
        goals, complete = [], []
        for goal in kb.goals:
            missing = set(snapshot.progress[goal.id].missing)
            if goal.reported_by == "unit":
                reported = sum(1 for u in units if u.code not in missing)
                goals.append(_t(i18n, "centre.units_reported", lang, reported=reported,
                                expected=len(units)))
                complete.append(reported == len(units) and bool(units))
            else:
                done = centre.code not in missing
                goals.append(_t(i18n, "centre.yes" if done else "centre.no", lang))
                complete.append(done)
        rows.append(CentreRow(centre.code, centre.name, marks, tuple(goals), tuple(complete)))
    return tuple(rows)


def build_page(snapshot: Snapshot, kb: KnowledgeBase, i18n: I18n, lang: str) -> Page:
    """The page for ``snapshot`` in ``lang``."""
    period = kb.strategy.period
    panels = tuple(_panel(goal, snapshot, kb, i18n, lang) for goal in kb.goals)
    units, centres = not_reported(kb, snapshot.progress)
    directory = snapshot.directory
    return Page(
        lang=lang,
        as_of=i18n.date_time(snapshot.as_of, lang),
        period=_t(i18n, "period", lang, start=i18n.date(period.start, lang),
                  end=i18n.date(period.end, lang),
                  elapsed=i18n.number(100 * period.elapsed(snapshot.today), lang, 0)),
        elapsed=period.elapsed(snapshot.today),
        note=period_note(kb, snapshot.today, i18n, lang),
        panels=panels,
        themes=tuple(t.get(lang) for t in kb.strategy.themes),
        goal_names=tuple(short_name(g, i18n, lang) for g in kb.goals),
        centres=_centre_rows(snapshot, kb, i18n, lang),
        silent_units=tuple(u.name for u in directory.units if u.code in units),
        silent_centres=tuple(c.name for c in directory.centres if c.code in centres),
        strategy=kb.strategy.title.get(lang),
    )
