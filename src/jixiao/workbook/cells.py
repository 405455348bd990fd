"""What a cell says (单元格取值): a value read as its column expects, or a reason in Chinese why not.

Cells are read as people type them: numbers stored as text, thousands separators, full-width digits and
punctuation, a unit or ``%`` in the cell, surrounding spaces. What cannot be read without guessing is refused
with :class:`CellError`, whose message says what the column expects.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..decimals import (
    HUNDRED,
    ONE,
    TEN_THOUSAND,
    NumberFormatError,
    check_magnitude,
    normalise_text,
    parse_decimal,
    parse_flag,
    parse_rate,
)
from .layout import NO, YES, Field, Kind

_EXCEL_DIGITS = 15
_NIL_MARKS = {"-", "—", "——", "–", "/", "无", "不适用", "N/A", "n/a", "NA"}
_DATE = re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?")


class CellError(ValueError):
    """A cell whose content cannot be read as what its column expects."""


def interpret_cell(field: Field, raw: Any, unit: str) -> Any:
    """What a non-blank cell says, as the facts model expects it; :class:`CellError` if it cannot tell."""
    kind = field.kind
    if raw is UNCALCULATED:
        raise CellError("单元格中的公式没有计算结果（文件可能由程序生成、未经计算）："
                        "请在 Excel、WPS 或 LibreOffice 中打开并保存后再导入，或直接填写数值")
    if isinstance(raw, str):
        raw = raw.strip()
    if kind in (Kind.TEXT, Kind.LONG_TEXT):
        return _as_text(raw)
    if kind is Kind.AMOUNT:
        return _amount(raw, unit)
    if kind is Kind.YUAN:
        return _amount(raw, "元")
    if kind is Kind.COUNT:
        return _number(raw, ("人", "个", "项", "件", "次"), "整数（人数或件数）")
    if kind is Kind.POINTS:
        return _number(raw, ("分",), "分数，如 4.8")
    if kind is Kind.YEAR:
        value = _number(raw, ("年", "年度"), "四位年份，如 2023")
        if value != value.to_integral_value():
            raise CellError(f"年份应为整数，实际为 {value}")
        return int(value)
    if kind is Kind.RATE:
        return _rate(raw)
    if kind is Kind.BOOL:
        return _bool(raw)
    if kind is Kind.CHOICE:
        return _choice(raw, field.choices)
    if kind is Kind.DATE:
        return _date(raw)
    raise AssertionError(kind)  # pragma: no cover - every kind is handled above


def _as_text(raw: Any) -> str:
    if isinstance(raw, bool):
        return YES if raw else NO
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, Percent):
        return f"{_strip_zeros(_exact(float(raw)) * HUNDRED):f}%"
    if isinstance(raw, float):
        return format(_exact(raw), "f")
    return str(raw)


def _exact(value: float) -> Decimal:
    """The number a cell shows: Excel keeps and displays 15 significant digits, so a formula's binary noise
    (4642.700000000001) is what the user sees as 4642.7, while a typed 1052.76 comes back unchanged."""
    if not math.isfinite(value):
        # Excel cannot hold such a number; only an edited or generated file can (a cell of 1E+400 reads as infinity).
        raise CellError("单元格中的数值超出范围（如 1E+400），不是一个可用的数：请填写实际的数值")
    shown = Decimal(repr(value))
    if len(shown.as_tuple().digits) <= _EXCEL_DIGITS:
        return shown
    rounded = shown.quantize(Decimal(1).scaleb(shown.adjusted() - _EXCEL_DIGITS + 1), rounding=ROUND_HALF_UP)
    return rounded.normalize() if rounded == rounded.to_integral_value() else _strip_zeros(rounded)


def shown_number(value: float) -> Decimal:
    """A float cell as the number Excel shows (15 significant digits), exactly."""
    return _exact(value)


def _strip_zeros(value: Decimal) -> Decimal:
    text = format(value, "f")
    return Decimal(text.rstrip("0").rstrip(".")) if "." in text else value


def _amount(raw: Any, unit: str) -> Decimal:
    expected = f"金额（{unit}），如 1,234.56"
    if isinstance(raw, str):
        text = normalise_text(raw)
        written_unit = next((u for u in ("万元", "元") if text.endswith(u)), None)
        if written_unit is not None:
            value = _number(text[: -len(written_unit)], (), expected, shown=raw)
            if written_unit == unit:
                return value
            return value * TEN_THOUSAND if written_unit == "万元" else value / TEN_THOUSAND
    return _number(raw, (), expected)


def _number(raw: Any, units: tuple[str, ...], expected: str, shown: Any = None) -> Decimal:
    shown = raw if shown is None else shown
    if isinstance(raw, bool):
        raise CellError(f"应填写{expected}，实际为逻辑值")
    if isinstance(raw, datetime | date):
        raise CellError(f"应填写{expected}，实际为日期（单元格格式是否被改成了日期？）")
    if isinstance(raw, Percent):
        raise CellError(f"应填写{expected}，实际为百分数 {_as_text(raw)}")
    try:
        if isinstance(raw, float):
            return check_magnitude(_exact(raw), raw)
        return parse_decimal(raw, allow_units=units)
    except NumberFormatError as exc:
        raise CellError(f"{_reason(exc, shown)}；此处应填写{expected}") from None


def _reason(exc: NumberFormatError, shown: Any) -> str:
    if normalise_text(str(shown)) in _NIL_MARKS:
        # In printed tables "—" may mean zero or "not applicable"; which one is for the preparer to say.
        return f"“{shown}”含义不明确：如为零请填 0，如不适用请留空"
    message = str(exc)
    return message if "“" in message else f"“{shown}”不是有效的数值"


def _rate(raw: Any) -> Decimal:
    if isinstance(raw, bool | datetime | date):
        raise CellError("应填写百分数，如 96.5%")
    try:
        # A number in a percentage cell is already a fraction, whatever its size; a bare one must be ≤ 1.
        value = _exact(raw) if isinstance(raw, Percent) else parse_rate(_exact(raw) if isinstance(raw, float) else raw)
    except NumberFormatError as exc:
        raise CellError(f"{_reason(exc, raw)}；此处应填写百分数，如 96.5%") from None
    if value > ONE:
        raise CellError(f"比率不能超过 100%，实际为 {_strip_zeros(value * HUNDRED):f}%")
    return value


def _bool(raw: Any) -> bool:
    flag = parse_flag(raw if isinstance(raw, bool) else str(raw))
    if flag is not None:
        return flag
    raise CellError(f"应填写“{YES}”或“{NO}”，实际为“{raw}”")


def _choice(raw: Any, choices: tuple[str, ...]) -> str:
    text = normalise_text(str(raw))
    for choice in choices:
        if normalise_text(choice) == text:
            return choice
    raise CellError(f"应为以下之一：{'、'.join(choices)}，实际为“{raw}”")


def _date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 <= raw < 2958466:
        from openpyxl.utils.datetime import from_excel

        serial = from_excel(raw)
        return serial.date() if isinstance(serial, datetime) else date.fromisoformat(str(serial)[:10])
    match = _DATE.fullmatch(normalise_text(str(raw)))
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise CellError(f"“{raw}”不是有效的日期；日期格式应为 2023-03-15")


class _Uncalculated:
    """A formula cell whose file holds no computed value (written by a program, never opened in Excel)."""

    def __repr__(self) -> str:
        return "<未计算的公式>"


UNCALCULATED = _Uncalculated()


class Percent(float):
    """A number shown as a percentage (its cell's format has ``%``): 0.95 that the user sees as 95%."""


def cell_value(cell: Any) -> Any:
    """A cell's value, with a number shown as a percentage marked as :class:`Percent`."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return Percent(value)
    return value


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


__all__ = ["UNCALCULATED", "CellError", "Percent", "cell_value", "interpret_cell", "is_blank", "shown_number"]
