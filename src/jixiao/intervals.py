"""Ranges of values with open or closed ends (区间): ``≥ 90%``, ``[75%, 90%)``, ``< 60%``.

One notion serves both the bands of a framework's rules and the values a performance target admits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .decimals import NumberFormatError, normalise_text, parse_decimal, parse_rate

_COMPARATOR = re.compile(r"^(≥|>=|≤|<=|>|<|＞|＜|=|＝)\s*(.+)$")
_INTERVAL = re.compile(r"^([\[(（【])\s*([^,，]*?)\s*[,，]\s*([^\])）】]*?)\s*([\])）】])$")
_INFINITY = {"∞", "+∞", "inf", "+inf", ""}
_NEG_INFINITY = {"-∞", "-inf", ""}


@dataclass(frozen=True, slots=True)
class Interval:
    """A range of values with open or closed ends; ``None`` is unbounded."""

    low: Decimal | None
    low_closed: bool
    high: Decimal | None
    high_closed: bool

    def __contains__(self, value: Decimal) -> bool:
        if self.low is not None and (value < self.low or (value == self.low and not self.low_closed)):
            return False
        return not (self.high is not None and (value > self.high or (value == self.high and not self.high_closed)))

    def admits(self, value: Decimal) -> bool:
        return value in self

    def within(self, other: Interval) -> bool:
        """Every value admitted here is admitted by ``other``."""
        if other.low is not None:
            if self.low is None or self.low < other.low:
                return False
            if self.low == other.low and self.low_closed and not other.low_closed:
                return False
        if other.high is not None:
            if self.high is None or self.high > other.high:
                return False
            if self.high == other.high and self.high_closed and not other.high_closed:
                return False
        return True

    def disjoint(self, other: Interval) -> bool:
        return _before(self, other) or _before(other, self)

    def overlaps(self, other: Interval) -> bool:
        return not self.disjoint(other)

    def describe(self) -> str:
        def show(v: Decimal) -> str:
            return f"{(v * 100).normalize():f}%"

        if self.low is None and self.high is None:
            return "任意值"
        if self.low is None:
            return f"{'≤' if self.high_closed else '<'} {show(self.high)}"  # type: ignore[arg-type]
        if self.high is None:
            return f"{'≥' if self.low_closed else '>'} {show(self.low)}"
        if self.low == self.high:
            return f"= {show(self.low)}"
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{show(self.low)}, {show(self.high)}{right}"


def _before(first: Interval, second: Interval) -> bool:
    if first.high is None or second.low is None:
        return False
    if first.high < second.low:
        return True
    return first.high == second.low and not (first.high_closed and second.low_closed)

def parse_interval(text: str) -> Interval:
    """Read ``≥ 90%``, ``< 60%``, ``= 100%``, ``[75%, 90%)`` or ``(100%, ∞)``; raise ValueError otherwise."""
    raw = normalise_text(str(text))
    match = _COMPARATOR.match(raw)
    if match:
        op, value_text = match.groups()
        value = _bound(value_text)
        if op in ("≥", ">="):
            return Interval(value, True, None, False)
        if op in (">", "＞"):
            return Interval(value, False, None, False)
        if op in ("≤", "<="):
            return Interval(None, False, value, True)
        if op in ("<", "＜"):
            return Interval(None, False, value, False)
        return Interval(value, True, value, True)
    match = _INTERVAL.match(raw)
    if match:
        left, low_text, high_text, right = match.groups()
        low = None if low_text in _NEG_INFINITY else _bound(low_text)
        high = None if high_text in _INFINITY else _bound(high_text)
        interval = Interval(low, left in "[【" and low is not None, high, right in "]】" and high is not None)
        if low is not None and high is not None and low > high:
            raise ValueError(f"区间“{text}”的下限大于上限")
        return interval
    raise ValueError(f"无法识别的区间“{text}”：请写成“≥ 90%”“< 60%”或“[75%, 90%)”")


def _bound(text: str) -> Decimal:
    try:
        return parse_rate(text) if text.endswith("%") else parse_decimal(text, allow_units=())
    except NumberFormatError as exc:
        raise ValueError(str(exc)) from None
