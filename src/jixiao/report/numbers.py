"""How figures are written in a report (数字书写): 万元 and 元 with two decimals, percentages, scores."""

from __future__ import annotations

from decimal import Decimal

from ..decimals import percent, round_half_up


def amount(value: Decimal) -> str:
    """An amount with two decimals and thousands separators: 4812.3 → ``4,812.30``."""
    return f"{round_half_up(value, 2):,.2f}"


def rate(fraction: Decimal) -> str:
    """A fraction as a percentage with two decimals, rounded half-up: 0.89904 → ``89.90%``."""
    return f"{percent(fraction, 2):.2f}%"


def points(value: Decimal) -> str:
    """A score as score sheets print it: at most two decimals, no trailing zeros (``4.8``, ``5``)."""
    rounded = round_half_up(value, 2)
    text = f"{rounded:.2f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def count(value: int) -> str:
    return f"{value:,}"
