"""Server-rendered SVG charts: data in, markup out (no database, no Flask), styled by classes only.

The page's Content-Security-Policy allows no style attributes, so colours, line dashes and fonts come from the
stylesheet (`.dash-chart .series-N`). Each chart is an image to assistive technology (`role="img"`, named by its
`<title>` and `<desc>`), each mark carries its own `<title>` (a tooltip) and its number in `data-value`; the numbers
themselves are also on the page as a table (`Chart.table`) and as CSV, drawn from the same `Chart`.
The drawing scale is on the `<svg>` (`data-scale`: pixels per unit, `data-base`: the zero line), so a test can read
each mark's number back from its geometry.
"""

import math
from dataclasses import dataclass, field
from typing import Literal

from markupsafe import Markup, escape

WIDTH = 440  # user units; on a 390 px phone the chart shrinks to about 0.8 of that, so 13-unit text stays legible
LABEL_WIDTH = 170  # horizontal bars: the category names on the left
LABEL_CHARS = 22
BAR = 16  # the thickness of one bar
GAP = 10  # between categories
FONT = 13
MAX_X_LABELS = 6
TICKS = 4


@dataclass
class Series:
    name: str
    values: list[int]


@dataclass
class Chart:
    """One chart and its table: categories (the rows) × series (the columns)."""

    key: str  # unique on the page; the element ids and the CSV's name derive from it
    title: str
    description: str
    kind: Literal["line", "bars", "hbars"]
    category_header: str
    categories: list[str]
    series: list[Series]
    stacked: bool = False
    references: list[tuple[str, int]] = field(default_factory=list)  # horizontal lines: capacity and the like

    def table(self) -> tuple[list[str], list[list]]:
        headers = [self.category_header, *(s.name for s in self.series)]
        rows = [[category, *(s.values[i] for s in self.series)] for i, category in enumerate(self.categories)]
        return headers, rows

    @property
    def is_empty(self) -> bool:
        return not self.categories or not self.series


def render(chart: Chart) -> Markup:
    draw = {"line": _line_chart, "bars": _bar_chart, "hbars": _hbar_chart}[chart.kind]
    return draw(chart)


def nice_ceiling(value: float) -> int:
    """A round axis end at or above `value`: 1, 2, 2.5 or 5 times a power of ten (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return int(math.ceil(step * power))
    return int(10 * power)


def _svg(chart: Chart, height: int, scale: float, base: float, body: list[str]) -> Markup:
    ident = f"chart-{chart.key}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dash-chart dash-{chart.kind}" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{ident}-title {ident}-desc" '
        f'data-chart="{escape(chart.key)}" data-scale="{scale:.6f}" data-base="{base:.2f}">'
        f'<title id="{ident}-title">{escape(chart.title)}</title>'
        f'<desc id="{ident}-desc">{escape(chart.description)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _mark_title(chart: Chart, series: Series, index: int) -> str:
    name = f"{series.name}, " if len(chart.series) > 1 else ""
    return f"<title>{escape(name)}{escape(chart.categories[index])}: {series.values[index]}</title>"


def _data(series_index: int, index: int, value: int) -> str:
    return f'data-series="{series_index}" data-index="{index}" data-value="{value}"'


def _value_axis(top: float, bottom: float, left: float, right: float, axis_max: int) -> list[str]:
    """Horizontal grid lines with their numbers, for the vertical charts."""
    parts = []
    for i in range(TICKS + 1):
        value = axis_max * i / TICKS
        y = bottom - (bottom - top) * i / TICKS
        label = f"{value:g}" if value != int(value) else str(int(value))
        parts.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    return parts


def _category_labels(categories: list[str], x_of, y: float) -> list[str]:
    step = max(1, math.ceil(len(categories) / MAX_X_LABELS))
    last = len(categories) - 1
    return [
        f'<text class="tick" x="{x_of(i):.1f}" y="{y}" text-anchor="{"end" if i == last > 0 else "middle"}">'
        f"{escape(c)}</text>"
        for i, c in enumerate(categories)
        if i == last or (i % step == 0 and last - i >= step / 2)  # the last label always, never crowded
    ]


def _line_chart(chart: Chart) -> Markup:
    height, left, right, top, bottom = 250, 48, WIDTH - 12, 14, 220
    peak = max([v for s in chart.series for v in s.values] + [r for _, r in chart.references] + [1])
    axis_max = nice_ceiling(peak)
    scale = (bottom - top) / axis_max
    count = len(chart.categories)

    def x_of(i: int) -> float:
        return left + (right - left) * (i / (count - 1) if count > 1 else 0.5)

    body = _value_axis(top, bottom, left, right, axis_max)
    for label, value in chart.references:
        y = bottom - value * scale
        body.append(f'<line class="reference" x1="{left}" y1="{y:.2f}" x2="{right}" y2="{y:.2f}"/>')
        body.append(
            f'<text class="reference-label" x="{right}" y="{y - 4:.2f}" text-anchor="end">{escape(label)}</text>'
        )
    for n, series in enumerate(chart.series):
        points = " ".join(f"{x_of(i):.2f},{bottom - v * scale:.2f}" for i, v in enumerate(series.values))
        body.append(f'<polyline class="line series-{n}" points="{points}"/>')
        for i, value in enumerate(series.values):
            body.append(
                f'<circle class="point series-{n}" cx="{x_of(i):.2f}" cy="{bottom - value * scale:.2f}" r="3" '
                f"{_data(n, i, value)}>{_mark_title(chart, series, i)}</circle>"
            )
    body += _category_labels(chart.categories, x_of, bottom + 20)
    return _svg(chart, height, scale, bottom, body)


def _bar_chart(chart: Chart) -> Markup:
    """Vertical bars, one column per category; several series stack (arrivals per gate)."""
    height, left, right, top, bottom = 250, 48, WIDTH - 8, 14, 220
    totals = [sum(s.values[i] for s in chart.series) for i in range(len(chart.categories))]
    axis_max = nice_ceiling(max(totals + [1]))
    scale = (bottom - top) / axis_max
    slot = (right - left) / max(len(chart.categories), 1)
    width = max(slot * 0.8, 1)

    def x_of(i: int) -> float:
        return left + slot * (i + 0.5)

    body = _value_axis(top, bottom, left, right, axis_max)
    for i in range(len(chart.categories)):
        y = bottom
        for n, series in enumerate(chart.series):
            value = series.values[i]
            h = value * scale
            y -= h
            body.append(
                f'<rect class="bar series-{n}" x="{x_of(i) - width / 2:.2f}" y="{y:.2f}" width="{width:.2f}" '
                f'height="{h:.2f}" {_data(n, i, value)}>{_mark_title(chart, series, i)}</rect>'
            )
    body += _category_labels(chart.categories, x_of, bottom + 20)
    return _svg(chart, height, scale, bottom, body)


def _hbar_chart(chart: Chart) -> Markup:
    """Horizontal bars, one row per category (long names stay readable on a phone); series side by side or stacked."""
    per_row = 1 if chart.stacked else len(chart.series)
    row = per_row * BAR + GAP
    left, right = LABEL_WIDTH, WIDTH - 56
    height = max(len(chart.categories) * row + GAP, 2 * row)
    sums = [
        sum(s.values[i] for s in chart.series) if chart.stacked else max(s.values[i] for s in chart.series)
        for i in range(len(chart.categories))
    ]
    axis_max = max(sums + [1])
    scale = (right - left) / axis_max
    body = []
    for i, category in enumerate(chart.categories):
        top = GAP / 2 + i * row
        label = category if len(category) <= LABEL_CHARS else category[: LABEL_CHARS - 1] + "…"
        body.append(
            f'<text class="label" x="{left - 8}" y="{top + per_row * BAR / 2 + FONT / 2 - 2:.1f}" '
            f'text-anchor="end">{escape(label)}<title>{escape(category)}</title></text>'
        )
        x = left
        for n, series in enumerate(chart.series):
            value = series.values[i]
            w = value * scale
            y = top if chart.stacked else top + n * BAR
            body.append(
                f'<rect class="bar series-{n}" x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{BAR - 2}" '
                f"{_data(n, i, value)}>{_mark_title(chart, series, i)}</rect>"
            )
            if chart.stacked:
                x += w
            else:
                body.append(f'<text class="value" x="{left + w + 4:.2f}" y="{y + BAR - 4:.1f}">{value}</text>')
        if chart.stacked:
            body.append(f'<text class="value" x="{x + 4:.2f}" y="{top + BAR - 4:.1f}">{sums[i]}</text>')
    body.append(f'<line class="axis" x1="{left}" y1="0" x2="{left}" y2="{height}"/>')
    return _svg(chart, height, scale, left, body)
