"""What the case-to-framework check says, pinned where a planted bug would change a problem (docs/mutation.md)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.scoring.binding import _show


def test_points_are_shown_without_trailing_zeros() -> None:
    assert _show(Decimal("2.50")) == "2.5"
    assert _show(Decimal("10")) == "10"
    assert _show(Decimal("1E+1")) == "10"
