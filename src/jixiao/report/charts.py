"""Charts of the report (图表), drawn with matplotlib's Agg backend into PNG bytes.

matplotlib is imported inside the functions: the command line does not pay for it unless a chart is drawn.
Labels are Chinese, so a free CJK font is chosen explicitly (see :mod:`.fonts`); without one the labels
would render as empty boxes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..decimals import HUNDRED
from ..numbers import rate
from .fonts import chart_font_family
from .scores import Group

DPI = 150
_BLUE = "#2f5597"
_GREY = "#a6a6a6"
_RED = "#c00000"
_ORANGE = "#ed7d31"


def chart_labels_can_be_drawn() -> bool:
    """Whether this machine has a font for the charts' Chinese labels (without one they would be empty boxes)."""
    return chart_font_family() is not None


def _figure(width_in: float, height_in: float) -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure, chart_font_family()


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    # Fixed margins (set by each chart) rather than a layout engine: it doubled the drawing time.
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None},
                   pil_kwargs={"compress_level": 3})
    return buffer.getvalue()


def _percent(value: Decimal | None) -> float:
    # Plotting is the one place floats are fine: a bar's height is not a figure anyone reads back.
    return float(value * HUNDRED) if value is not None else 0.0


def progress_chart(quarters: Sequence[tuple[str, Decimal | None, Decimal]]) -> bytes:
    """支出进度与序时进度: bars of spending progress, a line of time progress, one group per quarter."""
    figure, family = _figure(6.2, 3.2)
    font = {"family": family} if family else {}
    axes = figure.add_subplot()
    figure.subplots_adjust(left=0.09, right=0.98, top=0.96, bottom=0.1)
    labels = [q[0] for q in quarters]
    spending = [_percent(q[1]) for q in quarters]
    timeline = [_percent(q[2]) for q in quarters]
    positions = list(range(len(quarters)))
    bars = axes.bar(positions, spending, width=0.5, color=_BLUE, label="支出进度")
    axes.plot(positions, timeline, color=_RED, marker="o", linewidth=1.6, label="序时进度")
    for bar, quarter in zip(bars, quarters, strict=True):
        if quarter[1] is None:
            continue
        # Inside the bar, below its top: above it, the label would collide with the time-progress line.
        inside = bar.get_height() > 15
        axes.annotate(rate(quarter[1]), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                      xytext=(0, -11 if inside else 3), textcoords="offset points", ha="center", fontsize=8,
                      color="white" if inside else "black", **font)
    for position, value in zip(positions, timeline, strict=True):
        axes.annotate(f"{value:.0f}%", (position, value), xytext=(14, 0), textcoords="offset points",
                      va="center", fontsize=7, color=_RED, **font)
    axes.set_xticks(positions, labels, **font)
    _percent_axes(axes, "进度（%）", 115, family, legend_size=8)
    return _png(figure)


def _percent_axes(axes: Any, label: str, top: float, family: str | None, *, legend_size: float) -> None:
    """A percentage y axis from 0 with light horizontal rules, no box, and the legend at the top left."""
    font = {"family": family} if family else {}
    axes.set_ylim(0, top)
    axes.set_ylabel(label, **font)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    legend_font = {"family": family, "size": legend_size} if family else {"size": legend_size}
    axes.legend(prop=legend_font, loc="upper left", frameon=False)


def score_rate_chart(groups: Sequence[Group]) -> bytes:
    """各二级指标得分率: one horizontal bar per second-level indicator, full marks at 100%."""
    height = 0.9 + 0.32 * len(groups)
    figure, family = _figure(6.2, height)
    font = {"family": family} if family else {}
    axes = figure.add_subplot()
    # Room on the left for the longest label: 8 pt characters, one em each, plus the tick gap.
    longest = max((len(g.level2) for g in groups), default=4)
    figure.subplots_adjust(left=min(0.45, (longest * 8 / 72 + 0.2) / 6.2), right=0.97,
                           top=1 - 0.1 / height, bottom=0.45 / height)
    labels = [g.level2 for g in groups][::-1]
    values = [_percent(g.score_rate) for g in groups][::-1]
    colours = [_BLUE if v >= 100 else _ORANGE if v >= 60 else _RED for v in values]
    positions = list(range(len(groups)))
    axes.barh(positions, values, height=0.6, color=colours)
    for position, group in zip(positions, list(groups)[::-1], strict=True):
        if group.score_rate is not None:
            axes.annotate(rate(group.score_rate), (_percent(group.score_rate), position), xytext=(3, 0),
                          textcoords="offset points", va="center", fontsize=7, **font)
    axes.set_yticks(positions, labels, fontsize=8, **font)
    axes.set_xlim(0, 118)
    axes.set_xlabel("得分率（%）", fontsize=8, **font)
    axes.axvline(100, color=_GREY, linewidth=0.8, linestyle="--")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=7)
    return _png(figure)


_SERIES = ("#2f5597", "#ed7d31", "#70ad47", "#7030a0", "#00b0f0", "#a6a6a6", "#ffc000", "#264478")


def spending_curve_chart(months: Sequence[int], series: Sequence[tuple[str, Sequence[Decimal | None]]],
                         timeline: Sequence[Decimal]) -> bytes:
    """支出进度曲线: each project's cumulative spending ÷ budget by month, against the time-progress line."""
    figure, family = _figure(6.2, 3.4)
    font = {"family": family} if family else {}
    axes = figure.add_subplot()
    figure.subplots_adjust(left=0.09, right=0.98, top=0.96, bottom=0.12)
    axes.plot(list(months), [_percent(t) for t in timeline], color=_RED, linestyle="--", linewidth=1.6,
              label="序时进度")
    for index, (name, values) in enumerate(series):
        points = [(m, _percent(v)) for m, v in zip(months, values, strict=True) if v is not None]
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", markersize=3, linewidth=1.4,
                  color=_SERIES[index % len(_SERIES)], label=name)
    axes.set_xticks(list(months), [f"{m}月" for m in months], **font)
    axes.set_xlim(min(months) - 0.3, max(months) + 0.3)
    _percent_axes(axes, "累计执行率（%）", 110, family, legend_size=7)
    return _png(figure)


def grade_chart(grades: Sequence[tuple[str, int]]) -> bytes:
    """等级分布: one bar per grade with the number of departments on it."""
    figure, family = _figure(6.2, 2.8)
    font = {"family": family} if family else {}
    axes = figure.add_subplot()
    figure.subplots_adjust(left=0.09, right=0.98, top=0.94, bottom=0.12)
    positions = list(range(len(grades)))
    counts = [n for _, n in grades]
    bars = axes.bar(positions, counts, width=0.55, color=_BLUE)
    for bar, count in zip(bars, counts, strict=True):
        axes.annotate(str(count), (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 3),
                      textcoords="offset points", ha="center", fontsize=8, **font)
    axes.set_xticks(positions, [g for g, _ in grades], **font)
    axes.set_ylim(0, max(counts, default=0) * 1.18 + 1)
    axes.set_ylabel("部门数", **font)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    return _png(figure)


def ranking_chart(rows: Sequence[tuple[str, Decimal | None]]) -> bytes:
    """得分排名: one horizontal bar per department, the highest at the top, its score at the bar's end."""
    height = 0.7 + 0.24 * len(rows)
    figure, family = _figure(6.2, height)
    font = {"family": family} if family else {}
    axes = figure.add_subplot()
    longest = max((len(name) for name, _ in rows), default=4)
    figure.subplots_adjust(left=min(0.45, (longest * 7.5 / 72 + 0.2) / 6.2), right=0.95,
                           top=1 - 0.1 / height, bottom=0.42 / height)
    positions = list(range(len(rows)))[::-1]
    values = [float(score) if score is not None else 0.0 for _, score in rows]
    axes.barh(positions, values, height=0.62, color=_BLUE)
    for position, (_, score) in zip(positions, rows, strict=True):
        if score is not None:
            axes.annotate(f"{score:f}", (float(score), position), xytext=(3, 0), textcoords="offset points",
                          va="center", fontsize=6.5, **font)
    axes.set_yticks(positions, [name for name, _ in rows], fontsize=7.5, **font)
    axes.set_xlim(0, 110)
    axes.set_xlabel("综合评分", fontsize=8, **font)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=7)
    return _png(figure)


def heat_map_chart(departments: Sequence[str], indicators: Sequence[str],
                   rates: Sequence[Sequence[Decimal | None]]) -> bytes:
    """各部门各指标得分率: a department a row, an indicator a column, each cell coloured by its score rate
    (red at 60% or below, through yellow, to green at 100%) with the rate written in it; blank where the
    department was not scored on the indicator."""
    import numpy

    height = 1.6 + 0.24 * len(departments)
    figure, family = _figure(6.2, height)
    font = {"family": family} if family else {}
    axes = figure.add_subplot()
    longest = max((len(name) for name in departments), default=4)
    figure.subplots_adjust(left=min(0.4, (longest * 7 / 72 + 0.15) / 6.2), right=0.99, top=1 - 1.25 / height,
                           bottom=0.08 / height)
    grid = numpy.array([[numpy.nan if r is None else _percent(r) for r in row] for row in rates], dtype=float)
    image = numpy.ma.masked_invalid(grid)
    from matplotlib import colormaps

    palette = colormaps["RdYlGn"].with_extremes(bad="#f2f2f2")
    axes.imshow(image, cmap=palette, vmin=60, vmax=100, aspect="auto", interpolation="nearest")
    small = len(indicators) > 16
    for (row, column), value in numpy.ndenumerate(grid):
        if not numpy.isnan(value):
            # white on the dark ends of the scale (deep green, deep red), black in between
            axes.text(column, row, f"{value:.0f}", ha="center", va="center", fontsize=5 if small else 6.5,
                      color="white" if value >= 95 or value <= 65 else "black", **font)
    axes.set_xticks(range(len(indicators)), list(indicators), rotation=60, ha="left", rotation_mode="anchor",
                    fontsize=5.5 if small else 7, **font)
    axes.xaxis.tick_top()
    axes.set_yticks(range(len(departments)), list(departments), fontsize=7, **font)
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    return _png(figure)
