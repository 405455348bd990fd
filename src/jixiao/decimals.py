"""Exact numbers as people write them (数值解析), and half-up rounding (四舍五入).

Every amount, count and rate in jixiao is a :class:`~decimal.Decimal`. Text coming from YAML, workbooks or
reports goes through :func:`parse_decimal` / :func:`parse_rate`, which accept what is unambiguous
(thousands separators, full-width digits, a trailing unit) and refuse the rest with a message in Chinese.
"""

from __future__ import annotations

import decimal
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
# 1,234,567.89 (grouped) or 1234567.89 (plain); a sign in front. Only the digits 0-9 (full-width ones are made
# half-width first): Python reads the digits of every script as numbers, and ٤٧٩٦ or ४७९६ in a case is a mistake.
_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|[+-]?\.[0-9]+")
_OTHER_DIGIT = re.compile(r"[^\D0-9]")

MAX_INTEGER_DIGITS = 15
"""Digits before the point: 10^15 元 is a thousand times any government's budget, and Excel keeps 15 digits."""
MIN_MAGNITUDE = Decimal("0.000001")
"""The smallest number other than zero (a fen is 0.000001 万元). Together with the largest, this bounds every
ratio of two figures to 10^21, so that rounding a ratio to its places stays within :data:`PRECISION`."""
PRECISION = 34
"""Significant digits of jixiao's arithmetic: a ratio within the bounds (10^21) as a percentage (× 100) rounded
to six places needs 23 + 6 = 29 digits, one more than Python's default 28 (hypothesis found 10^14 ÷ 0.000001).
Set here for this thread and for every thread started after (the web server's)."""
for _context in (decimal.DefaultContext, decimal.getcontext()):
    _context.prec = max(_context.prec, PRECISION)
MAX_DIGITS = 30
"""Digits written in all, trailing zeros included: a longer number is a slip of the keyboard or an attack."""


_KINDS = {"NoneType": "空值", "list": "列表", "tuple": "列表", "dict": "一组“字段: 值”", "date": "日期", "datetime": "日期"}


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


YES_WORDS = frozenset({"是", "true", "yes", "y", "√", "✓", "对"})
"""What a person writes for yes in a flag's cell or YAML value (compared after :func:`normalise_text`, lower-case)."""
NO_WORDS = frozenset({"否", "false", "no", "n", "×", "✗", "不是"})


def parse_flag(raw: object) -> bool | None:
    """是/否 as a person writes it (是、否、√、×、true、yes …); None when the text is none of those words."""
    if isinstance(raw, bool):
        return raw
    if not isinstance(raw, str):
        return None
    text = normalise_text(raw).lower()
    return True if text in YES_WORDS else False if text in NO_WORDS else None


def parse_decimal(raw: object, *, allow_units: tuple[str, ...] = _UNIT_SUFFIXES) -> Decimal:
    """Read a number from a YAML scalar or a cell.

    Accepts ints, Decimals, and text such as ``"4,796.11"``, ``"４７９６．１１"``, ``"4796.11 万元"``.
    Refuses floats (they are not exact), ``"27.000.00"``, misplaced separators and any other text.
    """
    if isinstance(raw, bool):
        raise NumberFormatError(f"应为数值，实际为逻辑值（{'是' if raw else '否'}）")
    if isinstance(raw, Decimal):
        return check_magnitude(raw, raw)
    if isinstance(raw, int):
        return check_magnitude(Decimal(raw), raw)
    if isinstance(raw, float):
        # Floats reach here only from code, never from our loaders; their repr is the shortest exact reading.
        return parse_decimal(repr(raw))
    if not isinstance(raw, str):
        raise NumberFormatError(f"应为数值，实际为{_KINDS.get(type(raw).__name__, '其他类型的内容')}")
    text = normalise_text(raw)
    for unit in allow_units:
        if text.endswith(unit):
            text = text[: -len(unit)]
            break
    if not text:
        raise NumberFormatError("应为数值，实际为空")
    if _OTHER_DIGIT.search(text):
        raise NumberFormatError(f"“{shown(raw)}”含有 0–9 以外的数字字符（如阿拉伯-印度数字或天城文数字），"
                                "请改用 0–9 书写")
    if text.count(".") > 1:
        raise NumberFormatError(f"“{shown(raw)}”含有多个小数点，无法确定数值（如应为 27,000.00）")
    if not _NUMBER.fullmatch(text):
        raise NumberFormatError(f"“{shown(raw)}”不是有效的数值")
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only valid literals
        raise NumberFormatError(f"“{shown(raw)}”不是有效的数值") from exc
    return check_magnitude(value, raw)


def check_magnitude(value: Decimal, raw: object) -> Decimal:
    """``value`` if it is a number jixiao can compute with exactly; else :class:`NumberFormatError` saying
    why, showing ``raw`` (what the user wrote)."""
    if not value.is_finite():
        raise NumberFormatError(f"应为有限数值，实际为 {shown(raw)}")
    if value and value.adjusted() >= MAX_INTEGER_DIGITS:
        raise NumberFormatError(f"“{shown(raw)}”过大：整数部分最多 {MAX_INTEGER_DIGITS} 位")
    digits = value.as_tuple().digits
    if len(digits) > MAX_DIGITS:
        raise NumberFormatError(f"“{shown(raw)}”位数过多（共 {len(digits)} 位，最多 {MAX_DIGITS} 位）")
    if value and abs(value) < MIN_MAGNITUDE:
        raise NumberFormatError(f"“{shown(raw)}”过小：不为零的数值不应小于 {MIN_MAGNITUDE:f}")
    return value


def shown(raw: object, width: int = 24) -> str:
    """What the user wrote, cut short when it is long (a number of thousands of digits stays readable)."""
    # Python refuses str() of an int beyond 4300 digits; a Decimal's digits have no such limit.
    text = str(Decimal(raw)) if isinstance(raw, int) and not isinstance(raw, bool) else str(raw)
    return text if len(text) <= width else f"{text[:width]}…（共 {len(text)} 个字符）"


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
        raise NumberFormatError(f"比率“{shown(raw)}”应写成百分数（如 95%）或 0 到 1 之间的小数")
    return value


def percent(value: Decimal, places: int = 2) -> Decimal:
    """A fraction as a percentage, rounded half-up: 0.989738 → 98.97."""
    return round_half_up(value * HUNDRED, places)


def rate_rounded(value: Decimal, percent_places: int | None) -> Decimal:
    """Round a fraction at ``percent_places`` decimals of its percentage (0.98738, 2 → 0.9874)."""
    if percent_places is None:
        return value
    return round_half_up(value, percent_places + 2)
