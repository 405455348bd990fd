"""Reading target values as people write them (指标值的读取)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.targets.expression import (
    Comparator,
    Deadline,
    PlainMeaning,
    Quantity,
    UnreadableValue,
    ValueKind,
    read_value,
)

D = Decimal
GE, GT, LE, LT, EQ, RANGE = (
    Comparator.AT_LEAST, Comparator.ABOVE, Comparator.AT_MOST, Comparator.BELOW, Comparator.EXACTLY,
    Comparator.BETWEEN,
)

# text, comparator, low (number, multiplier), high (number, multiplier), unit, explicit comparator?
QUANTITATIVE = [
    ("≥5万份", GE, ("5", "万"), None, "份", True),
    ("6.33 万份", EQ, ("6.33", "万"), ("6.33", "万"), "份", False),
    ("≥65 万份", GE, ("65", "万"), None, "份", True),
    ("≥23", GE, ("23", ""), None, "", True),
    ("11", EQ, ("11", ""), ("11", ""), "", False),
    ("81.82%", EQ, ("81.82", ""), ("81.82", ""), "%", False),
    ("15 元/份", EQ, ("15", ""), ("15", ""), "元/份", False),
    ("15元／份", EQ, ("15", ""), ("15", ""), "元/份", False),
    ("＞＝９０％", GE, ("90", ""), None, "%", True),
    ("≧90%", GE, ("90", ""), None, "%", True),
    ("不低于90%", GE, ("90", ""), None, "%", True),
    ("不少于500个", GE, ("500", ""), None, "个", True),
    ("达到95%", GE, ("95", ""), None, "%", True),
    ("90%以上", GE, ("90", ""), None, "%", True),
    ("20场及以上", GE, ("20", ""), None, "场", True),
    ("超过90%以上", GT, ("90", ""), None, "%", True),
    ("高于3%", GT, ("3", ""), None, "%", True),
    ("不高于15元/份", LE, None, ("15", ""), "元/份", True),
    ("不超过5天", LE, None, ("5", ""), "天", True),
    ("控制在5%以内", LE, None, ("5", ""), "%", True),
    ("3个工作日内", LE, None, ("3", ""), "个工作日", True),
    ("10篇以下", LE, None, ("10", ""), "篇", True),
    ("<1%", LT, None, ("1", ""), "%", True),
    ("低于2次", LT, None, ("2", ""), "次", True),
    ("=100%", EQ, ("100", ""), ("100", ""), "%", True),
    ("80%-90%", RANGE, ("80", ""), ("90", ""), "%", True),
    ("80-90%", RANGE, ("80", ""), ("90", ""), "%", True),
    ("80%～90%", RANGE, ("80", ""), ("90", ""), "%", True),
    ("80%至90%", RANGE, ("80", ""), ("90", ""), "%", True),
    ("5-6万份", RANGE, ("5", "万"), ("6", "万"), "份", True),
    ("5000-6万人次", RANGE, ("5000", ""), ("6", "万"), "人次", True),
    ("1,200人次", EQ, ("1200", ""), ("1200", ""), "人次", False),
    ("2亿元", EQ, ("2", "亿"), ("2", "亿"), "元", False),
    ("≥1.5万元", GE, ("1.5", "万"), None, "元", True),
    ("300余人", GT, ("300", ""), None, "人", True),
    ("15万余条", GT, ("15", "万"), None, "条", True),
    ("≥-5%", GE, ("-5", ""), None, "%", True),
    ("0", EQ, ("0", ""), ("0", ""), "", False),
    ("90%以上（含）", GE, ("90", ""), None, "%", True),
    ("≥ 90 %", GE, ("90", ""), None, "%", True),
    ("5千份", EQ, ("5", "千"), ("5", "千"), "份", False),
]


@pytest.mark.parametrize(("text", "comparator", "low", "high", "unit", "explicit"), QUANTITATIVE)
def test_quantitative_readings(
    text: str, comparator: Comparator, low: tuple[str, str] | None, high: tuple[str, str] | None,
    unit: str, explicit: bool,
) -> None:
    reading = read_value(text)
    assert reading.text == text
    assert reading.kind is ValueKind.QUANTITATIVE
    assert reading.comparator is comparator
    assert reading.low == (Quantity(D(low[0]), low[1]) if low else None)
    assert reading.high == (Quantity(D(high[0]), high[1]) if high else None)
    assert reading.unit == unit
    assert reading.explicit is explicit


def test_multiplier_scales_the_number_not_the_unit() -> None:
    reading = read_value("6.33万份")
    assert reading.quantity == Quantity(D("6.33"), "万")
    assert reading.quantity.value == D("63300")
    assert reading.unit == "份"
    assert read_value("1.2亿元").quantity is not None
    assert read_value("1.2亿元").quantity.value == D("120000000")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("年度内", Deadline(12)),
        ("本年度内", Deadline(12)),
        ("年底前", Deadline(12)),
        ("12月底前", Deadline(12)),
        ("12月31日前", Deadline(12, 31)),
        ("2023年6月30日前", Deadline(6, 30, 2023)),
        ("6月份前", Deadline(6)),
        ("10月中旬前", Deadline(10, 20)),
        ("第三季度前", Deadline(9)),
        ("上半年", Deadline(6)),
        ("2023-11-20", Deadline(11, 20, 2023)),
        ("11月20日完成", Deadline(11, 20)),
    ],
)
def test_deadlines(text: str, deadline: Deadline) -> None:
    reading = read_value(text)
    assert reading.kind is ValueKind.DEADLINE
    assert reading.deadline == deadline
    assert reading.text == text


@pytest.mark.parametrize("text", ["有效推动", "有效", "良好", "及时", "按时完成", "无重大事故", "显著提升"])
def test_qualitative(text: str) -> None:
    reading = read_value(text)
    assert reading.kind is ValueKind.QUALITATIVE
    assert reading.term == text
    assert reading.comparator is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "未填写"),
        ("  ", "未填写"),
        ("—", "不是指标值"),
        ("/", "不是指标值"),
        ("27.000.00", "多个小数点"),
        ("约3.3万人次", "约数"),
        ("95%左右", "约数"),
        ("近2000家", "约数"),
        ("≥90%以内", "矛盾"),
        ("≥80%-90%", "区间"),
        ("90%-80%", "下限"),
        ("5份-6场", "单位不一致"),
        ("90%+", "无法识别"),
        ("13月底前", "日期"),
    ],
)
def test_unreadable_values_say_why(text: str, says: str) -> None:
    with pytest.raises(UnreadableValue, match=says):
        read_value(text)


def test_plain_value_takes_the_meaning_it_is_given() -> None:
    plain = read_value("15元/份")
    assert not plain.explicit
    at_most = plain.with_plain_meaning(PlainMeaning.AT_MOST)
    assert (at_most.comparator, at_most.low, at_most.high) == (LE, None, Quantity(D(15)))
    at_least = plain.with_plain_meaning(PlainMeaning.AT_LEAST)
    assert (at_least.comparator, at_least.low, at_least.high) == (GE, Quantity(D(15)), None)
    exactly = plain.with_plain_meaning(PlainMeaning.EXACTLY)
    assert (exactly.comparator, exactly.low, exactly.high) == (EQ, Quantity(D(15)), Quantity(D(15)))
    written = read_value("≥15元/份")
    assert written.with_plain_meaning(PlainMeaning.AT_MOST) == written


# --- generated expressions -----------------------------------------------------------------------------

_WORDS: dict[Comparator, tuple[list[str], list[str]]] = {
    GE: (
        ["≥", ">=", "≧", "不低于", "不少于", "不小于", "达到", "至少", "大于等于"],
        ["以上", "及以上", "或以上"],
    ),
    LE: (["≤", "<=", "≦", "不高于", "不超过", "不大于", "至多", "控制在"], ["以内", "以下", "及以下", "内"]),
    GT: ([">", "高于", "超过", "大于", "多于"], []),
    LT: (["<", "低于", "少于", "小于"], []),
    EQ: (["=", "等于"], []),
}
_UNITS = ["", "份", "场", "个", "次", "人次", "元/份", "%", "天", "篇", "家", "个工作日", "元"]
_FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


@st.composite
def numbers(draw: st.DrawFn) -> tuple[Decimal, str]:
    """A non-negative number and one way of writing it (grouped thousands, full-width digits)."""
    places = draw(st.integers(0, 2))
    value = Decimal(draw(st.integers(0, 10**8))).scaleb(-places)
    text = format(value, "f")
    if value >= 1000 and draw(st.booleans()):
        text = format(value, ",f")
    if draw(st.booleans()):
        text = text.translate(_FULL_WIDTH)
    return value, text


@st.composite
def expressions(draw: st.DrawFn) -> tuple[str, Comparator | None, Decimal, str, str]:
    value, written = draw(numbers())
    unit = draw(st.sampled_from(_UNITS))
    multiplier = "" if unit == "%" else draw(st.sampled_from(["", "万", "亿"]))
    space = draw(st.sampled_from(["", " "]))
    comparator = draw(st.sampled_from([None, GE, LE, GT, LT, EQ]))
    body = f"{written}{space}{multiplier}{unit}"
    if comparator is None:
        return body, None, value, multiplier, unit
    prefixes, suffixes = _WORDS[comparator]
    if suffixes and draw(st.booleans()):
        return body + draw(st.sampled_from(suffixes)), comparator, value, multiplier, unit
    return draw(st.sampled_from(prefixes)) + body, comparator, value, multiplier, unit


@given(expressions())
def test_generated_expressions_read_as_written(
    case: tuple[str, Comparator | None, Decimal, str, str],
) -> None:
    text, comparator, value, multiplier, unit = case
    reading = read_value(text)
    assert reading.kind is ValueKind.QUANTITATIVE
    assert reading.comparator is (comparator or EQ)
    assert reading.explicit is (comparator is not None)
    assert reading.quantity == Quantity(value, multiplier)
    assert reading.unit == unit
    assert reading.text == text


@given(expressions())
def test_canonical_form_round_trips(case: tuple[str, Comparator | None, Decimal, str, str]) -> None:
    reading = read_value(case[0])
    again = read_value(reading.canonical())
    assert again.same_reading(reading)
    assert again.canonical() == reading.canonical()


@given(numbers(), numbers(), st.sampled_from(_UNITS), st.sampled_from(["-", "~", "～", "至", "到", "—"]))
def test_generated_ranges(
    first: tuple[Decimal, str], second: tuple[Decimal, str], unit: str, separator: str
) -> None:
    (low, low_text), (high, high_text) = sorted([first, second])
    if low == high:
        return
    reading = read_value(f"{low_text}{unit}{separator}{high_text}{unit}")
    assert (reading.comparator, reading.low, reading.high, reading.unit) == (
        RANGE, Quantity(low), Quantity(high), unit
    )
    assert read_value(reading.canonical()).same_reading(reading)


@given(
    st.integers(1, 12),
    st.one_of(st.none(), st.integers(1, 28)),
    st.one_of(st.none(), st.integers(2000, 2100)),
)
def test_generated_deadlines_round_trip(month: int, day: int | None, year: int | None) -> None:
    text = (f"{year}年" if year else "") + f"{month}月" + (f"{day}日" if day else "底") + "前"
    reading = read_value(text)
    assert reading.deadline == Deadline(month, day, year)
    assert read_value(reading.canonical()).same_reading(reading)
