"""Reading numbers as people write them and rounding them half-up (jixiao.decimals), pinned edge by edge.

Written for the mutation run (docs/mutation.md): each test pins one edge a small slip in ``decimals.py`` would
move — the last accepted and the first refused value, a rounding tie of exactly x.xx5, each unit a cell may carry,
and the message the user reads. Every expected value is worked out by hand beside it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from jixiao.decimals import (
    NumberFormatError,
    normalise_text,
    parse_decimal,
    parse_flag,
    parse_rate,
    percent,
    quantum,
    rate_rounded,
    round_half_up,
    shown,
)

D = Decimal


def refusal(raw: object, **kwargs: object) -> str:
    with pytest.raises(NumberFormatError) as caught:
        parse_decimal(raw, **kwargs)  # type: ignore[arg-type]
    return str(caught.value)


# --- rounding: half away from zero, at the places asked for -------------------------------------------------

def test_quantum_is_the_unit_of_the_last_place() -> None:
    assert quantum(0) == D(1) and quantum(0).as_tuple().exponent == 0
    assert quantum(2) == D("0.01") and quantum(2).as_tuple().exponent == -2
    assert quantum(11).as_tuple().exponent == -11


@pytest.mark.parametrize(
    ("value", "places", "rounded"),
    [
        ("2.675", 2, "2.68"),  # tie: half-up goes up (half-even would keep 2.68 too, so also:)
        ("2.665", 2, "2.67"),  # tie after an even digit: half-even would give 2.66
        ("-2.665", 2, "-2.67"),  # half away from zero on the negative side
        ("2.6649", 2, "2.66"),  # just under the tie
        ("0.5", 0, "1"),  # tie at whole numbers: half-even would give 0
        ("0.00005", 4, "0.0001"),  # half-even would give 0.0000
    ],
)
def test_round_half_up(value: str, places: int, rounded: str) -> None:
    result = round_half_up(D(value), places)
    assert result == D(rounded) and result.as_tuple().exponent == -places


def test_round_half_up_keeps_two_places_unless_told() -> None:
    # 1.125 → 1.13 at the default two places (half-even: 1.12)
    result = round_half_up(D("1.125"))
    assert result == D("1.13") and str(result) == "1.13"


def test_percent_rounds_the_percentage_half_up() -> None:
    assert percent(D("0.989738")) == D("98.97")
    assert percent(D("0.12345")) == D("12.35")  # 12.345% → 12.35 (half-even: 12.34)
    assert str(percent(D("0.5"))) == "50.00"  # two places unless told
    assert percent(D("0.12345"), 1) == D("12.3")
    assert percent(D("0.12355"), 3) == D("12.355")


def test_rate_rounded_rounds_at_its_percentage_places() -> None:
    # 0.98745 at two percentage places is 98.745% → 98.75% → 0.9875 (half-even: 0.9874)
    assert rate_rounded(D("0.98745"), 2) == D("0.9875")
    assert str(rate_rounded(D("0.98745"), 2)) == "0.9875"
    assert rate_rounded(D("0.98745"), 0) == D("0.99")  # 98.745% → 99%
    assert rate_rounded(D("0.98745"), None) == D("0.98745")  # not rounded


# --- text made comparable ----------------------------------------------------------------------------------

def test_normalise_text_makes_full_width_half_width_and_drops_spaces() -> None:
    assert normalise_text("  ４，７９６．１１　万元 ") == "4,796.11万元"
    assert normalise_text("1\u00a0234") == "1234"
    assert normalise_text("－５％") == "-5%"


@pytest.mark.parametrize("word", ["是", "true", "TRUE", "yes", "Y", "√", "✓", "对", " 是 "])
def test_yes_words(word: str) -> None:
    assert parse_flag(word) is True


@pytest.mark.parametrize("word", ["否", "false", "No", "n", "×", "✗", "不是"])
def test_no_words(word: str) -> None:
    assert parse_flag(word) is False


@pytest.mark.parametrize("raw", ["也许", "", 1, 0, None])
def test_other_flags_are_not_guessed(raw: object) -> None:
    assert parse_flag(raw) is None


def test_a_flag_that_is_already_true_or_false_stays() -> None:
    assert parse_flag(True) is True and parse_flag(False) is False


# --- numbers as written --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("4,796.11", "4796.11"),
        ("1,234,567.89", "1234567.89"),
        ("４７９６．１１", "4796.11"),
        ("-12.5", "-12.5"),
        ("+3", "3"),
        (".5", "0.5"),
        ("4796.11 万元", "4796.11"),
        ("4796.11元", "4796.11"),
        ("12人", "12"),
        ("3个", "3"),
        ("5项", "5"),
        ("7件", "7"),
        (D("1.50"), "1.50"),
        (42, "42"),
        (0.1, "0.1"),  # a float's shortest exact reading, not 0.1000000000000000055…
    ],
)
def test_numbers_people_write(raw: object, value: str) -> None:
    result = parse_decimal(raw)
    assert result == D(value) and str(result) == value


def test_only_one_unit_is_taken_off() -> None:
    assert refusal("5人元") == "“5人元”不是有效的数值"


def test_no_units_when_none_are_allowed() -> None:
    assert refusal("5元", allow_units=()) == "“5元”不是有效的数值"
    assert parse_decimal("5分", allow_units=("分",)) == D(5)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (True, "应为数值，实际为逻辑值（是）"),
        (False, "应为数值，实际为逻辑值（否）"),
        (None, "应为数值，实际为空值"),
        ([1], "应为数值，实际为列表"),
        ((1,), "应为数值，实际为列表"),
        ({"a": 1}, "应为数值，实际为一组“字段: 值”"),
        (date(2023, 1, 1), "应为数值，实际为日期"),
        (datetime(2023, 1, 1), "应为数值，实际为日期"),
        (object(), "应为数值，实际为其他类型的内容"),
        ("", "应为数值，实际为空"),
        ("万元", "应为数值，实际为空"),
        ("27.000.00", "“27.000.00”含有多个小数点，无法确定数值（如应为 27,000.00）"),
        ("12,34", "“12,34”不是有效的数值"),
        ("abc", "“abc”不是有效的数值"),
        ("٤٧٩٦", "“٤٧٩٦”含有 0–9 以外的数字字符（如阿拉伯-印度数字或天城文数字），请改用 0–9 书写"),
    ],
)
def test_what_is_refused_and_why(raw: object, message: str) -> None:
    assert refusal(raw) == message


# --- magnitude: the last accepted and the first refused ---------------------------------------------------------

def test_fifteen_integer_digits_are_the_most() -> None:
    assert parse_decimal("999999999999999") == D("999999999999999")  # 15 digits
    assert refusal("1000000000000000") == "“1000000000000000”过大：整数部分最多 15 位"  # 16 digits
    assert refusal(-(10**15)) == "“-1000000000000000”过大：整数部分最多 15 位"


def test_thirty_digits_are_the_most() -> None:
    thirty = "1." + "0" * 29
    assert parse_decimal(thirty) == D(1)
    assert refusal(thirty + "0") == "“1." + "0" * 22 + "…（共 32 个字符）”位数过多（共 31 位，最多 30 位）"


def test_the_smallest_number_other_than_zero() -> None:
    assert parse_decimal("0.000001") == D("0.000001")
    assert parse_decimal("-0.000001") == D("-0.000001")
    assert refusal("0.0000009") == "“0.0000009”过小：不为零的数值不应小于 0.000001"
    assert refusal("-0.0000009") == "“-0.0000009”过小：不为零的数值不应小于 0.000001"
    assert parse_decimal("0.0000000") == 0  # zero, however many places


def test_infinity_and_nan_are_refused() -> None:
    assert refusal(D("Infinity")) == "应为有限数值，实际为 Infinity"
    assert refusal(D("NaN")) == "应为有限数值，实际为 NaN"


def test_shown_cuts_long_text_after_24_characters() -> None:
    assert shown("x" * 24) == "x" * 24
    assert shown("x" * 25) == "x" * 24 + "…（共 25 个字符）"
    assert shown("abcdef", 3) == "abc…（共 6 个字符）"
    assert shown(10**5000).endswith("…（共 5001 个字符）")  # beyond what str() of an int allows


# --- rates ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("95%", "0.95"),
        ("９５．５％", "0.955"),
        ("150%", "1.5"),  # a percentage is what it says; whether it may exceed 100% is the caller's to say
        ("1", "1"),
        ("-1", "-1"),
        ("0.95", "0.95"),
        (D("0.5"), "0.5"),
        (1, "1"),
        (-1, "-1"),
    ],
)
def test_rates_people_write(raw: object, value: str) -> None:
    assert parse_rate(raw) == D(value)


@pytest.mark.parametrize("raw", ["1.01", "-1.01", "95", 2, -2, D("1.0001")])
def test_a_bare_number_beyond_one_is_not_guessed(raw: object) -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_rate(raw)
    assert str(caught.value) == f"比率“{raw}”应写成百分数（如 95%）或 0 到 1 之间的小数"


@pytest.mark.parametrize("raw", ["95元%", "0.5元", "95万元%"])
def test_a_rate_carries_no_unit(raw: str) -> None:
    with pytest.raises(NumberFormatError):
        parse_rate(raw)
