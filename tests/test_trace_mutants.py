"""The score's trace (计分追踪), pinned where a planted bug would change what a reader takes from it."""

from __future__ import annotations

from decimal import Decimal

from jixiao.scoring.trace import _json


def test_decimals_are_written_out_in_full() -> None:
    # 1E+1 is ten: the JSON carries "10", never the exponent form
    assert _json(Decimal("1E+1")) == "10"
    assert _json(Decimal("0.50")) == "0.50"
