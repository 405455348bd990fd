"""The workbook's cell reader (jixiao.workbook.cells), pinned edge by edge for the mutation run (docs/mutation.md).

One cell at a time, as a preparer types it or as Excel stores it: the first and last date serial Excel has, a float
of 15 and of 16 significant digits, 100% and just above it, an amount in the other unit, and the message a refused
cell shows. Every expected value is worked out by hand beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from jixiao.workbook.cells import (
    UNCALCULATED,
    CellError,
    Percent,
    cell_value,
    interpret_cell,
    is_blank,
    shown_number,
)
from jixiao.workbook.layout import Field, Kind

D = Decimal
TEXT = Field(("note",), "说明", Kind.TEXT)
LONG_TEXT = Field(("note",), "说明", Kind.LONG_TEXT)
AMOUNT = Field(("plan",), "采购计划金额", Kind.AMOUNT)
YUAN = Field(("cost",), "单价", Kind.YUAN)
COUNT = Field(("staff",), "在职人数", Kind.COUNT)
POINTS = Field(("score",), "自评得分", Kind.POINTS)
YEAR = Field(("year",), "年度", Kind.YEAR)
RATE = Field(("rate",), "满意度", Kind.RATE)
BOOL = Field(("open",), "是否公开", Kind.BOOL)
CHOICE = Field(("status",), "公开情况", Kind.CHOICE, choices=("按规定公开", "未公开"))
DATE = Field(("day",), "公开日期", Kind.DATE)


def read(field: Field, raw: Any, unit: str = "万元") -> Any:
    return interpret_cell(field, raw, unit)


def refusal(field: Field, raw: Any, unit: str = "万元") -> str:
    with pytest.raises(CellError) as caught:
        interpret_cell(field, raw, unit)
    return str(caught.value)


def exactly(value: Any, expected: str) -> bool:
    """Equal, and written with the same digits (a reader quoting the cell shows them)."""
    return isinstance(value, Decimal) and str(value) == expected


# --- a formula without a result ------------------------------------------------------------------------------

def test_a_formula_without_a_result_is_refused_with_what_to_do() -> None:
    assert refusal(AMOUNT, UNCALCULATED) == (
        "单元格中的公式没有计算结果（文件可能由程序生成、未经计算）："
        "请在 Excel、WPS 或 LibreOffice 中打开并保存后再导入，或直接填写数值"
    )
    assert repr(UNCALCULATED) == "<未计算的公式>"


# --- text cells ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("  资金用于采购  ", "资金用于采购"),
        (True, "是"),
        (False, "否"),
        (datetime(2023, 3, 15), "2023-03-15"),  # midnight: the day only
        (datetime(2023, 3, 15, 8, 30), "2023-03-15 08:30:00"),
        (date(2023, 3, 15), "2023-03-15"),
        (Percent(0.955), "95.5%"),
        (Percent(1.0), "100%"),
        (4642.700000000001, "4642.7"),  # a formula's binary noise, as Excel shows it
        (1052.76, "1052.76"),
        (12, "12"),
    ],
)
def test_text_cells_read_as_shown(raw: Any, text: str) -> None:
    assert read(TEXT, raw) == text
    assert read(LONG_TEXT, raw) == text


# --- floats as Excel shows them (15 significant digits) -----------------------------------------------------

def test_fifteen_significant_digits_come_back_unchanged() -> None:
    assert exactly(shown_number(0.123456789012345), "0.123456789012345")
    assert exactly(shown_number(1052.76), "1052.76")


def test_sixteen_significant_digits_round_half_up_to_fifteen() -> None:
    # 0.1234567890123445 has 16 digits; at 15 the last is a tie …44|5 → …45 (half-even: …44)
    assert exactly(shown_number(0.1234567890123445), "0.123456789012345")
    # 4642.700000000001 → 4642.70000000000 at 15 digits, shown without its trailing zeros
    assert exactly(shown_number(4642.700000000001), "4642.7")


def test_a_whole_number_after_rounding_loses_its_zeros() -> None:
    # 4643.000000000001 → 4643.00000000000 at 15 digits → 4643
    assert exactly(shown_number(4643.000000000001), "4643")
    assert exactly(shown_number(100.00000000000001), "1E+2")  # 100, without places


def test_a_number_excel_cannot_hold_is_refused() -> None:
    message = "单元格中的数值超出范围（如 1E+400），不是一个可用的数：请填写实际的数值"
    assert refusal(AMOUNT, float("inf")) == message
    assert refusal(AMOUNT, float("nan")) == message


# --- amounts -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "unit", "value"),
    [
        ("4,796.11", "万元", "4796.11"),
        (" 4796.11万元 ", "万元", "4796.11"),
        ("12345元", "万元", "1.2345"),  # 12345 元 ÷ 10000 in a workbook kept in 万元
        ("1.5万元", "元", "15000.0"),  # 1.5 万元 × 10000 in a workbook kept in 元
        ("300元", "元", "300"),
        (1052.76, "万元", "1052.76"),
        (4642.700000000001, "万元", "4642.7"),
        (12, "万元", "12"),
    ],
)
def test_amounts(raw: Any, unit: str, value: str) -> None:
    result = read(AMOUNT, raw, unit)
    assert result == D(value) and str(result) == value


def test_a_yuan_cell_is_in_yuan_whatever_the_workbook_unit() -> None:
    assert read(YUAN, "1.5万元", "万元") == D(15000)
    assert read(YUAN, "300元", "万元") == D(300)
    assert read(YUAN, "300", "万元") == D(300)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (True, "应填写金额（万元），如 1,234.56，实际为逻辑值"),
        (date(2023, 1, 1), "应填写金额（万元），如 1,234.56，实际为日期（单元格格式是否被改成了日期？）"),
        (datetime(2023, 1, 1), "应填写金额（万元），如 1,234.56，实际为日期（单元格格式是否被改成了日期？）"),
        (Percent(0.5), "应填写金额（万元），如 1,234.56，实际为百分数 50%"),
        ("—", "“—”含义不明确：如为零请填 0，如不适用请留空；此处应填写金额（万元），如 1,234.56"),
        ("无", "“无”含义不明确：如为零请填 0，如不适用请留空；此处应填写金额（万元），如 1,234.56"),
        ("N/A", "“N/A”含义不明确：如为零请填 0，如不适用请留空；此处应填写金额（万元），如 1,234.56"),
        ("12,34", "“12,34”不是有效的数值；此处应填写金额（万元），如 1,234.56"),
        ("万元", "“万元”不是有效的数值；此处应填写金额（万元），如 1,234.56"),  # the unit alone
        # the number is quoted without the unit it was written with
        ("12,34万元", "“12,34”不是有效的数值；此处应填写金额（万元），如 1,234.56"),
        ("27.000.00", "“27.000.00”含有多个小数点，无法确定数值（如应为 27,000.00）；此处应填写金额（万元），如 1,234.56"),
        (1e16, "“1e+16”过大：整数部分最多 15 位；此处应填写金额（万元），如 1,234.56"),
    ],
)
def test_what_an_amount_cell_refuses(raw: Any, message: str) -> None:
    assert refusal(AMOUNT, raw) == message


# --- counts, points, years -------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["12人", "12个", "12项", "12件", "12次", "12", 12, 12.0])
def test_counts_with_their_units(raw: Any) -> None:
    assert read(COUNT, raw) == D(12)


def test_a_count_refuses_another_unit() -> None:
    assert refusal(COUNT, "12分") == "“12分”不是有效的数值；此处应填写整数（人数或件数）"


def test_points() -> None:
    assert read(POINTS, "4.8分") == D("4.8")
    assert refusal(POINTS, "4.8人") == "“4.8人”不是有效的数值；此处应填写分数，如 4.8"


@pytest.mark.parametrize("raw", ["2023", "2023年", "2023年度", 2023, 2023.0])
def test_years(raw: Any) -> None:
    year = read(YEAR, raw)
    assert year == 2023 and type(year) is int


def test_a_year_is_whole() -> None:
    assert refusal(YEAR, "2023.5") == "年份应为整数，实际为 2023.5"
    assert refusal(YEAR, "二〇二三") == "“二〇二三”不是有效的数值；此处应填写四位年份，如 2023"


# --- rates ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("96.5%", "0.965"),
        ("１００％", "1"),  # 100% is the most a rate may be
        (Percent(0.955), "0.955"),  # a cell formatted as a percentage holds the fraction
        (Percent(1.0), "1.0"),
        (0.95, "0.95"),  # a bare fraction
        (1, "1"),
        ("0", "0"),
    ],
)
def test_rates(raw: Any, value: str) -> None:
    assert read(RATE, raw) == D(value)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("100.01%", "比率不能超过 100%，实际为 100.01%"),
        (Percent(1.2), "比率不能超过 100%，实际为 120%"),
        (Percent(1.0001), "比率不能超过 100%，实际为 100.01%"),
        (True, "应填写百分数，如 96.5%"),
        (date(2023, 1, 1), "应填写百分数，如 96.5%"),
        (datetime(2023, 1, 1), "应填写百分数，如 96.5%"),
        (95.0, "比率“95.0”应写成百分数（如 95%）或 0 到 1 之间的小数；此处应填写百分数，如 96.5%"),
        ("95", "比率“95”应写成百分数（如 95%）或 0 到 1 之间的小数；此处应填写百分数，如 96.5%"),
        ("—", "“—”含义不明确：如为零请填 0，如不适用请留空；此处应填写百分数，如 96.5%"),
        ("很高", "“很高”不是有效的数值；此处应填写百分数，如 96.5%"),
    ],
)
def test_what_a_rate_cell_refuses(raw: Any, message: str) -> None:
    assert refusal(RATE, raw) == message


# --- yes/no and choices ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "flag"), [(True, True), (False, False), ("是", True), (" √ ", True), ("否", False)])
def test_yes_or_no(raw: Any, flag: bool) -> None:
    assert read(BOOL, raw) is flag


@pytest.mark.parametrize("raw", ["也许", 1])
def test_neither_yes_nor_no(raw: Any) -> None:
    assert refusal(BOOL, raw) == f"应填写“是”或“否”，实际为“{raw}”"


def test_a_choice_is_matched_as_typed_and_given_back_as_listed() -> None:
    assert read(CHOICE, " 按规定 公开 ") == "按规定公开"
    assert read(CHOICE, "未公开") == "未公开"
    assert refusal(CHOICE, "公开") == "应为以下之一：按规定公开、未公开，实际为“公开”"


# --- dates ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "day"),
    [
        (datetime(2023, 3, 15, 9), date(2023, 3, 15)),
        (date(2023, 3, 15), date(2023, 3, 15)),
        (1, date(1900, 1, 1)),  # the first day Excel counts
        (45000, date(2023, 3, 15)),  # 45000 days on from 1899-12-30
        (45000.5, date(2023, 3, 15)),  # noon of that day
        (2958465, date(9999, 12, 31)),  # the last day Excel counts
        ("2023-03-15", date(2023, 3, 15)),
        ("2023/3/5", date(2023, 3, 5)),
        ("2023.3.15", date(2023, 3, 15)),
        ("2023年3月15日", date(2023, 3, 15)),
        ("2023年3月15", date(2023, 3, 15)),
        (" ２０２３－０３－１５ ", date(2023, 3, 15)),
    ],
)
def test_dates(raw: Any, day: date) -> None:
    assert read(DATE, raw) == day


@pytest.mark.parametrize("raw", [0, 0.5, 2958466, -1, True, "2023-02-30", "2023-13-01", "23-3-15", "2023-3", "明天"])
def test_what_is_not_a_date(raw: Any) -> None:
    assert refusal(DATE, raw) == f"“{raw}”不是有效的日期；日期格式应为 2023-03-15"


# --- what a cell holds -----------------------------------------------------------------------------------------

@dataclass
class _Cell:
    value: Any
    number_format: str | None = "General"


def test_a_number_formatted_as_a_percentage_is_marked() -> None:
    marked = cell_value(_Cell(0.95, "0.00%"))
    assert isinstance(marked, Percent) and marked == 0.95
    assert isinstance(cell_value(_Cell(1, "0%")), Percent)


@pytest.mark.parametrize(
    "cell", [_Cell(0.95), _Cell(0.95, None), _Cell(True, "0%"), _Cell("95%", "0%"), _Cell(None, "0%")]
)
def test_other_cells_are_left_as_they_are(cell: _Cell) -> None:
    value = cell_value(cell)
    assert value == cell.value and not isinstance(value, Percent)


@pytest.mark.parametrize(("raw", "blank"), [(None, True), ("", True), ("  \t", True), (" x ", False), (0, False)])
def test_blank(raw: Any, blank: bool) -> None:
    assert is_blank(raw) is blank


def test_a_large_float_in_a_text_cell_is_written_out() -> None:
    # 1E+20 as Excel shows it in a general cell: every digit, no exponent
    assert read(TEXT, 1e20) == "100000000000000000000"


def test_a_formula_s_binary_noise_in_a_rate_cell_reads_as_shown() -> None:
    # a formula giving 0.9500000000000001 shows (and is read) as 0.95
    assert exactly(read(RATE, 0.9500000000000001), "0.95")


def test_a_huge_percentage_is_quoted_in_full() -> None:
    # 1E+16 formatted as a percentage is 1E+18 %: shown without an exponent and without losing its zeros
    assert refusal(RATE, Percent(1e16)) == "比率不能超过 100%，实际为 1000000000000000000%"
