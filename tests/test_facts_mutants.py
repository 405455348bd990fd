"""Formulas and the catalogue, pinned where a planted bug would change a value or a message (docs/mutation.md)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.facts.formula import parse

D = Decimal


def _value(text: str) -> object:
    return parse(text).evaluate({}, lambda name: lambda case: None, lambda table, col: lambda row: None)


def test_round_takes_ties_up_at_every_place() -> None:
    # half-up: 0.125 → 0.13 (half-even would keep 0.12); 0.5 → 1 (half-even: 0)
    assert _value("round(0.125, 2)") == D("0.13")
    assert _value("round(0.5, 0)") == D(1)
