"""The progress page's charts as inline SVG, drawn on the server: a figure over time (line), a
figure per centre (bars) and who stands behind a figure (a meter).

No chart depends on colour alone: lines differ in dash pattern and are labelled where they run,
points of weeks without a status (too few reports) are hollow, withheld figures are hatched and
say so. Every chart is an ``img`` with a ``<title>`` and a ``<desc>`` that says what it shows in
words; the page puts the numbers beside it as a table too. Colours come from the page's
stylesheet (classes, ``var(--…)``), so the Teams themes apply and the contrast is checked in one
place (``static/dashboard.css``). Texts are passed in already translated.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Bar", "ChartPoint", "LineTexts", "bar_chart", "coverage_meter", "line_chart",
           "nice_ticks"]

WIDTH = 360
"""The charts' drawing width: at 280–420 CSS pixels (Teams' side panel to a laptop's column)
the 13-unit labels show at 10–15 pixels."""
FONT = 13
Number = Callable[[float], str]


def _a(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _t(text: str) -> str:
    return escape(text, quote=True)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``–``high`` (about ``count`` of them)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.5:
        ticks.append(round(value, 10))
        if value >= high:
            break
        value += step
    return ticks


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One week's figure: ``solid`` when it carried a status (enough reports)."""

    day: dt.date
    value: float | None
    solid: bool
    label: str
    """the point in words, for the keyboard walk and the tooltip"""


@dataclass(frozen=True, slots=True)
class LineTexts:
    """What the line chart says, translated."""

    title: str
    desc: str
    target: str | None
    baseline: str | None
    deadline: str
    pace: str | None
    months: Sequence[str]
    """short month names, January first"""
    empty: str


def line_chart(chart_id: str, points: Sequence[ChartPoint], *, start: dt.date, end: dt.date,
               target: float | None, baseline: float | None, deadline: dt.date | None,
               pace: tuple[float, float] | None, floor: float | None, number: Number,
               texts: LineTexts) -> str:
    """A goal's figure over ``start``–``end``: the weekly line, the target and baseline as
    lines, the deadline, and the even pace from the start value to the target.

    Args:
        floor: the lowest value the axis must show (0 for counts), or None to fit the data.
        pace: (value at ``start``, value at the deadline) of an even pace to the target.
    """
    height, left, right, top, bottom = 230, 46, 14, 22, 34
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    values = [p.value for p in points if p.value is not None]
    span = [*values, *(v for v in (target, baseline) if v is not None)]
    if pace is not None:
        span += list(pace)
    low = min(span) if span else 0.0
    high = max(span) if span else 1.0
    if floor is not None:
        low = min(low, floor)
    if high - low < 1e-9:
        high = low + 1
    pad = 0 if floor is not None and low == floor else (high - low) * 0.08
    ticks = nice_ticks(low - pad, high + (high - low) * 0.08)
    y0, y1 = ticks[0], ticks[-1]
    days = max(1, (end - start).days)

    def x(day: dt.date) -> float:
        return left + plot_w * min(1.0, max(0.0, (day - start).days / days))

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - y0) / ((y1 - y0) or 1))

    out = [f'<svg class="chart line" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
           f'role="img" tabindex="0" aria-labelledby="{chart_id}-t {chart_id}-d" '
           f'font-size="{FONT}" data-points="{len(points)}">',
           f'<title id="{chart_id}-t">{_t(texts.title)}</title>',
           f'<desc id="{chart_id}-d">{_t(texts.desc)}</desc>']
    for tick in ticks:  # horizontal grid and the value axis
        out.append(f'<line class="grid" x1="{left}" x2="{WIDTH - right}" y1="{_a(y(tick))}" '
                   f'y2="{_a(y(tick))}"/>')
        out.append(f'<text class="axis" x="{left - 6}" y="{_a(y(tick) + 4)}" '
                   f'text-anchor="end">{_t(number(tick))}</text>')
    month = dt.date(start.year, start.month, 1)
    while month <= end:  # the time axis: every month ticked, every other one named
        if month >= start:
            px = x(month)
            out.append(f'<line class="tick" x1="{_a(px)}" x2="{_a(px)}" y1="{top + plot_h}" '
                       f'y2="{top + plot_h + 4}"/>')
            if (month.month - start.month) % 2 == 0:
                out.append(f'<text class="axis" x="{_a(px)}" y="{top + plot_h + 18}" '
                           f'text-anchor="middle">{_t(texts.months[month.month - 1])}</text>')
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    out.append(f'<line class="frame" x1="{left}" x2="{WIDTH - right}" y1="{top + plot_h}" '
               f'y2="{top + plot_h}"/>')
    if deadline is not None and start <= deadline <= end:
        px = x(deadline)
        out.append(f'<line class="deadline" x1="{_a(px)}" x2="{_a(px)}" y1="{top - 4}" '
                   f'y2="{top + plot_h}"/>')
        out.append(f'<text class="label" x="{_a(px - 3)}" y="{top - 8}" '
                   f'text-anchor="end">{_t(texts.deadline)}</text>')
    if pace is not None and deadline is not None:
        out.append(f'<line class="pace" x1="{_a(x(start))}" y1="{_a(y(pace[0]))}" '
                   f'x2="{_a(x(deadline))}" y2="{_a(y(pace[1]))}"/>')
    if baseline is not None and texts.baseline:
        out.append(f'<line class="baseline" x1="{left}" x2="{WIDTH - right}" '
                   f'y1="{_a(y(baseline))}" y2="{_a(y(baseline))}"/>')
        out.append(f'<text class="label" x="{left + 4}" y="{_a(y(baseline) - 4)}">'
                   f'{_t(texts.baseline)}</text>')
    if target is not None and texts.target:
        # named at the left, above the line; with a baseline there, at the right below it
        below = baseline is not None and target < baseline
        ty = y(target) + (14 if below or y(target) - 4 < top else -4)
        tx, anchor = ((WIDTH - right - 4, "end") if baseline is not None else (left + 4, "start"))
        out.append(f'<line class="target" x1="{left}" x2="{WIDTH - right}" '
                   f'y1="{_a(y(target))}" y2="{_a(y(target))}"/>')
        out.append(f'<text class="label" x="{tx}" y="{_a(ty)}" '
                   f'text-anchor="{anchor}">{_t(texts.target)}</text>')
    drawn = [p for p in points if p.value is not None]
    if not drawn:
        out.append(f'<text class="empty" x="{left + plot_w / 2}" y="{top + plot_h / 2}" '
                   f'text-anchor="middle">{_t(texts.empty)}</text>')
    else:
        path = " ".join(f"{'M' if i == 0 else 'L'}{_a(x(p.day))},{_a(y(p.value or 0))}"
                        for i, p in enumerate(drawn))
        out.append(f'<path class="series" d="{path}"/>')
        for point in drawn:
            kind = "point" if point.solid else "point hollow"
            out.append(f'<circle class="{kind}" cx="{_a(x(point.day))}" '
                       f'cy="{_a(y(point.value or 0))}" r="3" data-label="{_t(point.label)}">'
                       f'<title>{_t(point.label)}</title></circle>')
        last = drawn[-1]
        lx = min(x(last.day) + 6, WIDTH - right - 2)
        anchor = "end" if lx >= WIDTH - right - 30 else "start"
        out.append(f'<text class="value" x="{_a(lx)}" y="{_a(y(last.value or 0) - 8)}" '
                   f'text-anchor="{anchor}">{_t(number(last.value or 0))}</text>')
        out.append('<circle class="focus" cx="-10" cy="-10" r="6" aria-hidden="true"/>')
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Bar:
    """One centre's bar: its value, or why there is none (``note``)."""

    code: str
    name: str
    value: float | None
    note: str | None = None
    withheld: bool = False


def bar_chart(chart_id: str, bars: Sequence[Bar], *, title: str, desc: str, number: Number,
              reference: float | None, reference_label: str | None, top_value: float) -> str:
    """Horizontal bars, one per centre, from zero; a withheld figure is hatched and says so."""
    row, left, right, top = 20, 58, 44, 8
    height = top + row * len(bars) + 22
    plot_w = WIDTH - left - right
    high = max([top_value, *(b.value for b in bars if b.value is not None),
                *([reference] if reference is not None else [])]) or 1.0

    def x(value: float) -> float:
        return left + plot_w * max(0.0, value) / high

    out = [f'<svg class="chart bars" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
           f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" font-size="{FONT}">',
           f'<title id="{chart_id}-t">{_t(title)}</title>',
           f'<desc id="{chart_id}-d">{_t(desc)}</desc>',
           f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
           f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
           f'<line class="hatch" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>']
    for index, bar in enumerate(bars):
        cy = top + index * row
        out.append(f'<text class="axis" x="{left - 6}" y="{cy + 14}" text-anchor="end">'
                   f'<title>{_t(bar.name)}</title>{_t(bar.code)}</text>')
        if bar.withheld:
            out.append(f'<rect class="withheld" x="{left}" y="{cy + 3}" '
                       f'width="{_a(plot_w * 0.35)}" height="{row - 6}" '
                       f'fill="url(#{chart_id}-hatch)"/>')
            out.append(f'<text class="note" x="{_a(left + plot_w * 0.35 + 4)}" '
                       f'y="{cy + 14}">{_t(bar.note or "")}</text>')
        elif bar.value is None:
            out.append(f'<text class="note" x="{left + 2}" y="{cy + 14}">'
                       f'{_t(bar.note or "–")}</text>')
        else:
            width = max(1.0, x(bar.value) - left)
            out.append(f'<rect class="bar" x="{left}" y="{cy + 3}" width="{_a(width)}" '
                       f'height="{row - 6}"/>')
            out.append(f'<text class="value" x="{_a(left + width + 4)}" y="{cy + 14}">'
                       f'{_t(number(bar.value))}</text>')
    bottom = top + row * len(bars)
    out.append(f'<line class="frame" x1="{left}" x2="{left}" y1="{top}" y2="{bottom}"/>')
    if reference is not None and reference_label:
        rx = x(reference)
        out.append(f'<line class="target" x1="{_a(rx)}" x2="{_a(rx)}" y1="{top}" '
                   f'y2="{bottom + 4}"/>')
        out.append(f'<text class="label" x="{_a(rx)}" y="{bottom + 17}" '
                   f'text-anchor="middle">{_t(reference_label)}</text>')
    out.append("</svg>")
    return "".join(out)


def coverage_meter(chart_id: str, share: float, minimum: float | None, *, label: str,
                   minimum_label: str) -> str:
    """Who stands behind the figure: a bar of the share (0–1) with the share a status needs
    (None: the goal's status needs no share — a count goal)."""
    height, left, right = 40 if minimum is not None else 20, 2, 2
    plot_w = WIDTH - left - right
    filled = plot_w * min(1.0, max(0.0, share))
    mark = ""
    if minimum is not None:
        mx = left + plot_w * minimum
        anchor = "end" if minimum > 0.7 else "middle" if minimum > 0.2 else "start"
        mark = (f'<line class="threshold" x1="{_a(mx)}" x2="{_a(mx)}" y1="0" y2="20"/>'
                f'<text class="label" x="{_a(mx)}" y="34" text-anchor="{anchor}">'
                f'{_t(minimum_label)}</text>')
    return (f'<svg class="chart meter" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
            f'role="img" aria-labelledby="{chart_id}-t" font-size="{FONT - 1}">'
            f'<title id="{chart_id}-t">{_t(label)}</title>'
            f'<rect class="track" x="{left}" y="4" width="{plot_w}" height="12" rx="2"/>'
            f'<rect class="fill" x="{left}" y="4" width="{_a(filled)}" height="12" rx="2"/>'
            f'{mark}</svg>')
