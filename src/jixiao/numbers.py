"""How figures are written (数字书写), the same wherever they appear: on screen, in trails, reports and audits.

Amounts in 万元 or 元 with two decimals and thousands separators; percentages with two decimals (or as many as
the framework names); scores with two decimals, as a score sheet prints them (``4.80``, ``5.00``, ``0.90``).
Every figure is rounded half-up before it is written.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .decimals import percent, round_half_up


def amount(value: Decimal) -> str:
    """An amount with two decimals and thousands separators: 4812.3 → ``4,812.30``."""
    return f"{round_half_up(value, 2):,.2f}"


def rate(fraction: Decimal, places: int = 2) -> str:
    """A fraction as a percentage, rounded half-up: 0.89904 → ``89.90%``."""
    return f"{percent(fraction, places):.{places}f}%"


def points(value: Decimal) -> str:
    """A score or a weight with two decimals: 4.8 → ``4.80``, 5 → ``5.00``."""
    text = f"{round_half_up(value, 2):.2f}"
    return "0.00" if text == "-0.00" else text


def count(value: int) -> str:
    return f"{value:,}"


def text_of(value: Any) -> str:
    """A value as a table cell or a line of text shows it: nothing for None, a Decimal's digits as held (never
    ``1E+2``), a mapping (an evaluator's award: points and reason) as ``键: 值`` pairs."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dict):
        return "，".join(f"{k}: {text_of(v)}" for k, v in value.items())
    return str(value)
