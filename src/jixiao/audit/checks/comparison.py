"""Comparing a stated figure with the one recomputed from the report's own figures (比对).

A stated percentage that is the exact ratio rounded another common way (cut off, or half to even: 98.738% printed
as 98.73%) is a rounding matter (提示); any other difference is an error (错误).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

from ... import numbers
from ...decimals import HUNDRED, round_half_up
from ..extraction import Extraction
from ..findings import Finding, Severity, Verified

Outcome = Finding | Verified


Check = Callable[[Extraction], Iterable[Outcome]]


amount_text = numbers.amount
percent_text = numbers.rate


def plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def rounding_variant(stated: Decimal, exact: Decimal, places: int) -> bool:
    """Whether ``stated`` is ``exact`` rounded another common way (cut off, or half to even) at its precision:
    a rounding matter, not a wrong figure."""
    quantum = Decimal(1).scaleb(-places)
    return stated in (exact.quantize(quantum, rounding=ROUND_DOWN), exact.quantize(quantum, rounding=ROUND_HALF_EVEN))


def compare_percent(
    check: str,
    subject: str,
    stated: Decimal,
    places: int,
    raw: str,
    ratio: Decimal,
    working: str,
    rule: str,
    line: int | None,
    page: int | None = None,
) -> Outcome:
    """A stated percentage against the ratio it is computed from, to the precision it is printed with."""
    expected = round_half_up(ratio * HUNDRED, places)
    calculation = f"{working} = {percent_text(ratio, max(places + 2, 4))}"
    if stated == expected:
        return Verified(check, line, f"{subject}：{calculation}，报告 {raw} 无误")
    severity = Severity.NOTE if rounding_variant(stated, ratio * HUNDRED, places) else Severity.ERROR
    reason = "；仅为舍入方法不同（如截尾），按四舍五入应为此值" if severity is Severity.NOTE else ""
    return Finding(severity, check, line, raw, f"{expected}%（{calculation}{reason}）", rule, page, subject)
