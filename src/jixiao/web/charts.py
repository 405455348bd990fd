"""The pages' charts as inline SVG (图表): drawn on the server from the figures, so that they need no script, no
front-end library and nothing from outside the intranet, and print as they show."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

GRADE_COLOURS = {"优": "#2e7d32", "良": "#558b2f", "中": "#f9a825", "差": "#c62828"}
INK, MUTED, LINE = "#1f2328", "#57606a", "#d0d7de"


def grade_bars(counts: Sequence[tuple[str, int]]) -> Markup:
    """How many department-years have each grade: one bar a grade, its count at its end."""
    most = max((n for _, n in counts), default=0) or 1
    height, left, width = 30, 56, 300
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {left + width + 60} {height * len(counts) + 10}" '
             f'width="{left + width + 60}" height="{height * len(counts) + 10}">',
             f"<title>等级分布：{escape('，'.join(f'{g} {n} 个' for g, n in counts))}</title>"]
    for n, (grade, count) in enumerate(counts):
        y = 5 + n * height
        length = round(width * count / most)
        colour = GRADE_COLOURS.get(grade, MUTED)
        parts.append(f'<text x="{left - 8}" y="{y + 19}" text-anchor="end" fill="{INK}">{escape(grade)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 4}" width="{max(length, 1)}" height="{height - 10}" '
                     f'fill="{colour}"/>')
        parts.append(f'<text x="{left + length + 6}" y="{y + 19}" fill="{INK}">{count}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def rate_bars(rows: Sequence[tuple[str, Decimal, Decimal | None, Decimal | None]]) -> Markup:
    """Each indicator's score rate (score ÷ weight): the self-evaluated one as an outline, the reviewed one
    filled, on a 0–100% axis."""
    height, left, width = 24, 220, 320
    total_height = height * len(rows) + 30
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {left + width + 70} {total_height}" '
             f'width="{left + width + 70}" height="{total_height}"><title>各指标得分率（自评与复核后）</title>']
    for tick in (0, 50, 100):
        x = left + width * tick / 100
        parts.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{total_height - 20}" stroke="{LINE}"/>')
        parts.append(f'<text x="{x}" y="{total_height - 5}" text-anchor="middle" fill="{MUTED}" '
                     f'font-size="12">{tick}%</text>')
    for n, (name, weight, own, reviewed) in enumerate(rows):
        y = n * height
        label = name if len(name) <= 14 else name[:13] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" fill="{INK}" font-size="13">'
                     f"<title>{escape(name)}</title>{escape(label)}</text>")
        rate = _rate(reviewed, weight)
        if rate is not None:
            colour = "#2e7d32" if rate >= 90 else "#f9a825" if rate >= 60 else "#c62828"
            parts.append(f'<rect x="{left}" y="{y + 5}" width="{width * rate / 100:.1f}" height="{height - 10}" '
                         f'fill="{colour}"/>')
            parts.append(f'<text x="{left + width + 6}" y="{y + 16}" fill="{INK}" font-size="12">{rate:.1f}%</text>')
        own_rate = _rate(own, weight)
        if own_rate is not None and own_rate != rate:
            parts.append(f'<rect x="{left}" y="{y + 3}" width="{width * own_rate / 100:.1f}" '
                         f'height="{height - 6}" fill="none" stroke="{INK}" stroke-dasharray="3 2">'
                         f"<title>自评 {own_rate:.1f}%</title></rect>")
    parts.append("</svg>")
    return Markup("".join(parts))


def _rate(score: Decimal | None, weight: Decimal) -> float | None:
    # a drawing coordinate only: the figures shown as text are the scores' own digits
    if score is None or not weight:
        return None
    return float(min(max(score / weight * 100, Decimal(0)), Decimal(100)))


def heat(rate: Decimal | None) -> str:
    """The background of a heat-map cell: from red (0%) through yellow to green (100%); grey when unscored."""
    if rate is None:
        return "background:#eeeeee"
    share = float(min(max(rate, Decimal(0)), Decimal(100))) / 100
    hue = round(120 * share * share)  # most departments score high: spread the top of the scale
    return f"background:hsl({hue} 65% 82%)"
