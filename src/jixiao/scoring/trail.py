"""The explanation trail of a score (计分过程).

A rule records what it did as :class:`Step` values: a template and the exact numbers it used. Nothing is
formatted while scoring (that keeps a batch of 200,000 department-years fast, and the scorer free of
presentation); :func:`render_step` turns a step into text such as ``145.53 ÷ 147.39 = 98.74%``.

Template fields name how a value reads: ``{0:amount}`` (万元, two decimals, thousands separators),
``{0:rate}`` (percentage, two decimals), ``{0:points}`` (two decimals), ``{0:count}``, or plain ``{0}``.
"""

from __future__ import annotations

import string
from typing import Any, NamedTuple

from .. import numbers


class Step(NamedTuple):
    """One line of a trail: a template and the values it shows (a named tuple: made by the million in batches)."""

    template: str
    values: tuple[Any, ...] = ()

    def render(self) -> str:
        return render_step(self)


format_amount = numbers.amount
format_rate = numbers.rate
format_points = numbers.points


class _TrailFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "amount":
            return format_amount(value)
        if format_spec == "rate":
            return format_rate(value)
        if format_spec == "rate4":
            return format_rate(value, 4)
        if format_spec == "points":
            return format_points(value)
        if format_spec == "count":
            return str(value)
        return str(super().format_field(value, format_spec))


_FORMATTER = _TrailFormatter()


def render_step(step: Step) -> str:
    return _FORMATTER.format(step.template, *step.values)
