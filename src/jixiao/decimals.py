"""Exact numbers as people write them (数值解析), and half-up rounding (四舍五入).

Every amount, count and rate in jixiao is a :class:`~decimal.Decimal`. Text coming from YAML, workbooks or
reports goes through :func:`parse_decimal` / :func:`parse_rate`, which accept what is unambiguous
(thousands separators, full-width digits, a trailing unit) and refuse the rest with a message in Chinese.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)

_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(0, 12)}

# Full-width digits and punctuation that Chinese input methods produce.
_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋％　",
    "0123456789.,-+% ",
)
_UNIT_SUFFIXES = ("万元", "元", "人", "个", "项", "件")
# 1,234,567.89 (grouped) or 1234567.89 (plain); a sign in front.
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")


class NumberFormatError(ValueError):
    """Text that is not a number we can read without guessing."""


def quantum(places: int) -> Decimal:
    """The unit of the last of ``places`` decimals (2 → 0.01), for ``value.quantize(quantum, ROUND_HALF_UP)`` in
    the scoring loops, where even a call to :func:`round_half_up` shows."""
    return _QUANTA[places]


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round half away from zero to ``places`` decimals (四舍五入)."""
    return value.quantize(_QUANTA[places], ROUND_HALF_UP)


def normalise_text(text: str) -> str:
    """Full-width to half-width, spaces removed: what a person typed, made comparable."""
    return text.translate(_FULL_WIDTH).replace(" ", "").replace("\u00a0", "").strip()


def parse_decimal(raw: object, *, allow_units: tuple[str, ...] = _UNIT_SUFFIXES) -> Decimal:
    """Read a number from a YAML scalar or a cell.

    Accepts ints, Decimals, and text such as ``"4,796.11"``, ``"４７９６．１１"``, ``"4796.11 万元"``.
    Refuses floats (they are not exact), ``"27.000.00"``, misplaced separators and any other text.
    """
    if isinstance(raw, bool):
        raise NumberFormatError(f"应为数值，实际为逻辑值 {raw}")
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise NumberFormatError(f"应为有限数值，实际为 {raw}")
        return raw
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        # Floats reach here only from code, never from our loaders; their repr is the shortest exact reading.
        return parse_decimal(repr(raw))
    if not isinstance(raw, str):
        raise NumberFormatError(f"应为数值，实际为 {type(raw).__name__}")
    text = normalise_text(raw)
    for unit in allow_units:
        if text.endswith(unit):
            text = text[: -len(unit)]
            break
    if not text:
        raise NumberFormatError("应为数值，实际为空")
    if text.count(".") > 1:
        raise NumberFormatError(f"“{raw}”含有多个小数点，无法确定数值（如应为 27,000.00）")
    if not _NUMBER.fullmatch(text):
        raise NumberFormatError(f"“{raw}”不是有效的数值")
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only valid literals
        raise NumberFormatError(f"“{raw}”不是有效的数值") from exc


def parse_rate(raw: object) -> Decimal:
    """Read a rate as a fraction: ``"95%"`` → 0.95, ``0.95`` → 0.95.

    A bare number above 1 is refused: ``95`` could mean 95% or 9500%, and we do not guess.
    """
    if isinstance(raw, str):
        text = normalise_text(raw)
        if text.endswith("%"):
            return parse_decimal(text[:-1], allow_units=()) / HUNDRED
        value = parse_decimal(text, allow_units=())
    else:
        value = parse_decimal(raw, allow_units=())
    if value > ONE or value < -ONE:
        raise NumberFormatError(f"比率“{raw}”应写成百分数（如 95%）或 0 到 1 之间的小数")
    return value


def percent(value: Decimal, places: int = 2) -> Decimal:
    """A fraction as a percentage, rounded half-up: 0.989738 → 98.97."""
    return round_half_up(value * HUNDRED, places)


def rate_rounded(value: Decimal, percent_places: int | None) -> Decimal:
    """Round a fraction at ``percent_places`` decimals of its percentage (0.98738, 2 → 0.9874)."""
    if percent_places is None:
        return value
    return round_half_up(value, percent_places + 2)
