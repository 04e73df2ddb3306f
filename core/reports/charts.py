"""Charts drawn on the server as SVG: a bar chart, a stacked bar chart and a line chart.

Every chart is an image with a title and a ``<desc>`` that lists every figure, so a screen reader
gets the same facts as the picture; each is meant to sit beside a table holding the same figures.
A value may be hidden (``None``, with the text to show instead, such as "fewer than 5"): hidden
values are left out of the drawing and named in the description.

Colours come from one palette whose every colour has at least 3:1 contrast against the chart's white
background (WCAG 1.4.11); lines also differ by dash pattern and stacked segments are divided by
white gaps, so no series is told apart by colour alone. The charts need no JavaScript.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from core.reports.tables import Table

BACKGROUND = "#ffffff"
TEXT = "#0b0c0c"
AXIS = "#505a5f"
GRID = "#b1b4b6"
# Blue, orange-brown, green, purple, red, teal, grey, magenta: each at least 3:1 against white.
PALETTE = ("#1d70b8", "#a65000", "#00703c", "#4c2c92", "#d4351c", "#00747a", "#505a5f", "#912b88")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
# Charts are drawn 600 units wide and shown at 600 to 640 pixels on a laptop (``static/reports/reports.css``),
# so 14-unit text is read at 14px or more there.
FONT_SIZE = 14
FONT = f"font-family: system-ui, sans-serif; font-size: {FONT_SIZE}px"
# A generous average width of one character, in units, for fitting labels into the space they have.
CHARACTER_WIDTH = 0.6 * FONT_SIZE
LABEL_CHARACTERS = 30


@dataclass(frozen=True)
class Bar:
    """One bar. ``value`` is None when the figure is hidden; ``text`` is what is written beside it."""

    label: str
    value: float | None
    text: str


@dataclass(frozen=True)
class Stack:
    """One stacked bar: a value and its text for each series, and the text for the whole bar."""

    label: str
    values: Sequence[float | None]
    texts: Sequence[str]
    total_text: str


@dataclass(frozen=True)
class Series:
    """One line: a value and its text for each point along the x axis."""

    name: str
    values: Sequence[float | None]
    texts: Sequence[str]


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def shorten(text: str, limit: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fitting(width: float) -> int:
    """How many characters fit in ``width`` units; a longer label is shortened (the description has it whole)."""
    return max(4, int(width / CHARACTER_WIDTH))


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(
    *, chart_id: str, title: str, description: str, width: float, height: float, body: str
) -> SafeString:
    return format_html(
        '<svg class="insight-chart" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg" style="{font}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<rect x="0" y="0" width="{w}" height="{h}" fill="{bg}"></rect>{body}</svg>',
        id=chart_id,
        w=_number(width),
        h=_number(height),
        font=FONT,
        title=title,
        desc=description,
        bg=BACKGROUND,
        body=mark_safe(body),  # noqa: S308 - built below from format_html pieces only
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", weight: str = "normal") -> str:
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" font-weight="{}" fill="{}">{}</text>',
        _number(x),
        _number(y),
        anchor,
        weight,
        TEXT,
        text,
    )


def _described(items: Sequence[tuple[str, str]], *, empty: str) -> str:
    return "; ".join(f"{label}: {text}" for label, text in items) + "." if items else empty


def bar_chart(
    *, chart_id: str, title: str, bars: Sequence[Bar], empty: str = "Nothing to show."
) -> SafeString:
    """Horizontal bars, one per row, each with its figure written at its end."""
    width, label_width, bar_space, row = 600, 230, 250, 30
    largest = max((bar.value for bar in bars if bar.value is not None), default=0) or 1
    parts = []
    for index, bar in enumerate(bars):
        y = 10 + index * row
        parts.append(
            _text(label_width - 8, y + row * 0.6, shorten(bar.label, fitting(label_width - 12)), anchor="end")
        )
        length = 0.0
        if bar.value is not None and bar.value > 0:
            length = max(1.0, bar_space * bar.value / largest)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>',
                    label_width,
                    _number(y + 6),
                    _number(length),
                    row - 12,
                    colour(0),
                )
            )
        parts.append(_text(label_width + length + 6, y + row * 0.6, bar.text))
    height = 20 + max(len(bars), 1) * row
    if not bars:
        parts.append(_text(10, 30, empty))
    description = _described([(bar.label, bar.text) for bar in bars], empty=empty)
    return _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        width=width,
        height=height,
        body="".join(parts),
    )


def _legend(names: Sequence[str], *, top: float, width: float, dashed: bool = False) -> tuple[str, float]:
    """Swatches and names across the top, wrapping onto new lines; returns the markup and its height."""
    parts, x, y = [], 10.0, top
    for index, name in enumerate(names):
        label = shorten(name, 28)
        item_width = 34 + CHARACTER_WIDTH * len(label)
        if x + item_width > width and x > 10:
            x, y = 10.0, y + 22
        if dashed:
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3" stroke-dasharray="{}"></line>',
                    _number(x),
                    _number(y + 8),
                    _number(x + 24),
                    _number(y + 8),
                    colour(index),
                    DASHES[index % len(DASHES)],
                )
            )
        else:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="14" height="14" fill="{}"></rect>',
                    _number(x),
                    _number(y + 1),
                    colour(index),
                )
            )
        parts.append(_text(x + (30 if dashed else 20), y + 13, label))
        x += item_width
    return "".join(parts), y + 26 - top


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    series: Sequence[str],
    stacks: Sequence[Stack],
    empty: str = "Nothing to show.",
) -> SafeString:
    """Horizontal bars split into one segment per series, with a legend and each bar's total at its end."""
    width, label_width, bar_space, row = 600, 230, 250, 30
    legend, legend_height = _legend(series, top=8, width=width)
    totals = [sum(value for value in stack.values if value is not None) for stack in stacks]
    largest = max(totals, default=0) or 1
    parts = [legend]
    top = 8 + legend_height
    for index, stack in enumerate(stacks):
        y = top + index * row
        parts.append(
            _text(
                label_width - 8, y + row * 0.6, shorten(stack.label, fitting(label_width - 12)), anchor="end"
            )
        )
        x = float(label_width)
        for position, value in enumerate(stack.values):
            if value is None or value <= 0:
                continue
            length = bar_space * value / largest
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="1"></rect>',
                    _number(x),
                    _number(y + 6),
                    _number(length),
                    row - 12,
                    colour(position),
                    BACKGROUND,
                )
            )
            x += length
        parts.append(_text(x + 6, y + row * 0.6, stack.total_text))
    if not stacks:
        parts.append(_text(10, top + 20, empty))
    height = top + 10 + max(len(stacks), 1) * row
    description = (
        " ".join(
            f"{stack.label}: "
            + ", ".join(f"{name} {text}" for name, text in zip(series, stack.texts, strict=True))
            + f" (total {stack.total_text})."
            for stack in stacks
        )
        if stacks
        else empty
    )
    return _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        width=width,
        height=height,
        body="".join(parts),
    )


def nice_ceiling(value: float) -> tuple[float, float]:
    """A round top for the y axis at or above ``value``, and the step between its gridlines."""
    if value <= 0:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * magnitude / 4
        top = step * math.ceil(value / step)
        if top / step <= 5:
            return top, step
    return 10 * magnitude, 2 * magnitude


def line_chart(
    *,
    chart_id: str,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    empty: str = "Nothing to show.",
) -> SafeString:
    """One line per series across the x axis. A hidden point breaks its line rather than being guessed."""
    width, left, right, bottom = 600, 56, 20, 44
    legend, legend_height = _legend([line.name for line in series], top=8, width=width, dashed=True)
    top = 8 + legend_height + 6
    plot_height = 200
    height = top + plot_height + bottom
    values = [value for line in series for value in line.values if value is not None]
    ceiling, step = nice_ceiling(max(values, default=0))
    plot_width = width - left - right
    count = max(len(x_labels), 1)

    def x_at(index: int) -> float:
        return left + (plot_width * (index + 0.5) / count)

    def y_at(value: float) -> float:
        return top + plot_height - plot_height * value / ceiling

    parts = [legend]
    ticks = int(round(ceiling / step))
    for tick in range(ticks + 1):
        value = step * tick
        y = y_at(value)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"></line>',
                left,
                _number(y),
                width - right,
                _number(y),
                GRID if tick else AXIS,
            )
        )
        parts.append(_text(left - 6, y + 4, f"{value:,.0f}" if step >= 1 else _number(value), anchor="end"))
    # Label as many points as fit side by side without touching; the description names every one.
    widest = max((len(label) for label in x_labels), default=0) * CHARACTER_WIDTH + 12
    every = max(1, math.ceil(widest / (plot_width / count)))
    for index, label in enumerate(x_labels):
        if index % every == 0:
            parts.append(_text(x_at(index), top + plot_height + 20, label, anchor="middle"))
    for position, line in enumerate(series):
        runs: list[list[tuple[float, float]]] = [[]]
        for index, value in enumerate(line.values):
            if value is None:
                runs.append([])
            else:
                runs[-1].append((x_at(index), y_at(value)))
        for run in runs:
            if len(run) > 1:
                parts.append(
                    format_html(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" stroke-dasharray="{}"></polyline>',
                        " ".join(f"{_number(x)},{_number(y)}" for x, y in run),
                        colour(position),
                        DASHES[position % len(DASHES)],
                    )
                )
            parts.append(
                format_html_join(
                    "",
                    '<circle cx="{}" cy="{}" r="3" fill="{}"></circle>',
                    ((_number(x), _number(y), colour(position)) for x, y in run),
                )
            )
    if not x_labels or not series:
        parts.append(_text(left + 10, top + 30, empty))
    description = (
        " ".join(
            f"{line.name}{f' ({unit})' if unit else ''}: "
            + ", ".join(f"{label} {text}" for label, text in zip(x_labels, line.texts, strict=True))
            + "."
            for line in series
        )
        if x_labels and series
        else empty
    )
    return _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        width=width,
        height=height,
        body="".join(parts),
    )


# Charts of a table's own cells, so a hidden figure is hidden in the picture too -----------------------


def table_bars(table: Table, column: str, *, chart_id: str, title: str, **kwargs) -> SafeString:
    """A bar for each row of ``table``: its label and the cell in ``column``."""
    index = table.header.index(column)
    return bar_chart(
        chart_id=chart_id,
        title=title,
        bars=[Bar(str(row[0].value), row[index].chart_value, row[index].display) for row in table.rows],
        **kwargs,
    )


def table_stacks(table: Table, columns: list[str], total: str, *, chart_id: str, title: str) -> SafeString:
    """A stacked bar for each row of ``table``: the cells in ``columns``, with the cell in ``total``."""
    indexes = [table.header.index(column) for column in columns]
    total_index = table.header.index(total)
    return stacked_bar_chart(
        chart_id=chart_id,
        title=title,
        series=columns,
        stacks=[
            Stack(
                label=str(row[0].value),
                values=[row[index].chart_value for index in indexes],
                texts=[row[index].display for index in indexes],
                total_text=row[total_index].display,
            )
            for row in table.rows
        ],
    )


def table_lines(table: Table, columns: list[str], *, chart_id: str, title: str) -> SafeString:
    """A line for each of ``columns``, across the rows of ``table``."""
    indexes = [table.header.index(column) for column in columns]
    return line_chart(
        chart_id=chart_id,
        title=title,
        x_labels=[str(row[0].value) for row in table.rows],
        series=[
            Series(
                name=column,
                values=[row[index].chart_value for row in table.rows],
                texts=[row[index].display for row in table.rows],
            )
            for column, index in zip(columns, indexes, strict=True)
        ],
    )
