"""The formula language of derived quantities (计量项公式): reading, checking, computing, showing."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.facts.formula import MAX_DEPTH, MAX_LENGTH, FormulaError, NameInfo, parse

D = Decimal

NAMES: dict[str, NameInfo] = {
    "budget.initial": NameInfo("number", label="年初预算数"),
    "budget.adjusted": NameInfo("number", label="调整后预算数"),
    "budget.adjustments": NameInfo("number", optional=True, label="预算调整数"),
    "three_public.initial": NameInfo("number", label="本年预算数"),
    "three_public.prior_budget": NameInfo("number", optional=True, label="上年预算数"),
    "disclosure.budget": NameInfo("text", label="预算公开情况"),
    "disclosure.date": NameInfo("date", label="公开日期"),
    "procurement.has_policy": NameInfo("flag", label="落实采购政策"),
    "procurement.done": NameInfo("flag", optional=True, label="采购完成"),
    "staff.in_post": NameInfo("number", label="在职人数"),
    "staff.other": NameInfo("table", label="其他人员", columns={
        "count": NameInfo("number", label="人数"), "outside_quota": NameInfo("flag", label="编外")}),
    "key_tasks": NameInfo("table", label="重点工作", columns={"completed": NameInfo("flag", label="已完成")}),
    "quarters": NameInfo("table", label="分季度执行", columns={
        "cumulative_spending": NameInfo("number", label="累计支出"),
        "adjusted_budget": NameInfo("number", label="调整后预算")}),
    "duties": NameInfo("table", optional=True, label="履职项目", columns={
        "planned": NameInfo("number", label="计划数"), "on_time": NameInfo("flag", label="按时"),
        "actual": NameInfo("number", optional=True, label="实际数")}),
}


def read(name: str) -> Callable[[Any], Any]:
    return lambda case: case[name]


def column(table: str, col: str) -> Callable[[Any], Any]:
    return lambda row: row[col]


def case(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "budget.initial": D("1200.50"), "budget.adjusted": D("1350.00"), "budget.adjustments": None,
        "three_public.initial": D("45.6"), "three_public.prior_budget": D("38.0"),
        "disclosure.budget": "未公开", "disclosure.date": datetime.date(2024, 2, 1),
        "procurement.has_policy": True, "procurement.done": None,
        "staff.in_post": 42,
        "staff.other": [{"count": 3, "outside_quota": True}, {"count": 5, "outside_quota": False},
                        {"count": 2, "outside_quota": True}],
        "key_tasks": [{"completed": True}, {"completed": False}, {"completed": False}, {"completed": True}],
        "quarters": [{"cumulative_spending": D(s), "adjusted_budget": D("1350.00")}
                     for s in ("200.00", "610.40", "980.00", "1296.00")],
        "duties": [{"planned": 4, "on_time": True, "actual": 4}, {"planned": 0, "on_time": True, "actual": 0},
                   {"planned": 6, "on_time": False, "actual": 5}, {"planned": 3, "on_time": True, "actual": 3}],
    }
    base.update(changes)
    return base


def value(text: str, **changes: Any) -> Any:
    formula = parse(text)
    formula.check(NAMES)
    return formula.evaluate(case(**changes), read, column)


def error(text: str) -> tuple[int, str]:
    with pytest.raises(FormulaError) as raised:
        parse(text).check(NAMES)
    return raised.value.offset, raised.value.message


# --- values, worked by hand -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("12", D(12)), ("1.5", D("1.5")), ("90%", D("0.9")), ("12.5%", D("0.125")),
    ("1 + 2 * 3", D(7)), ("(1 + 2) * 3", D(9)), ("10 - 4 - 3", D(3)), ("24 / 4 / 3", D(2)),
    ("-2 * 3", D(-6)), ("- -2", D(2)), ("7 / 2", D("3.5")), ("1 / 3 * 3", D("0.9999999999999999999999999999999999999999")),
    ("2 × 3 ÷ 4", D("1.5")), ("5 − 7", D(-2)), ("5 － 7 ＋ 1", D(-1)), ("（1 ＋ 1）× 2", D(4)),
    ("min(3, 1.5, 2)", D("1.5")), ("max(3, 1.5, 2)", D(3)), ("abs(-2.25)", D("2.25")),
    ("round(2.345, 2)", D("2.35")), ("round(-2.345, 2)", D("-2.35")), ("round(2.5, 0)", D(3)), ("round(1 / 3, 4)", D("0.3333")),
    ("if(1 < 2, 10, 20)", D(10)), ("if(1 > 2, 10, 20)", D(20)),
    ("budget.adjusted - budget.initial", D("149.50")),
    ("ifempty(budget.adjustments, abs(budget.adjusted - budget.initial))", D("149.50")),
    ("(three_public.initial - three_public.prior_budget) ÷ ifempty(three_public.prior_budget, 0)", D("0.2")),
    ('if(disclosure.budget == "未公开", 0, 1)', D(0)), ("if(disclosure.budget = “已公开”, 0, 1)", D(1)),
    ("quarters[4].cumulative_spending ÷ quarters[4].adjusted_budget", D("0.96")),
    ("quarters[1].cumulative_spending", D("200.00")), ("last(quarters.cumulative_spending)", D("1296.00")),
    ("sum(staff.other.count where outside_quota)", 5), ("staff.in_post + sum(staff.other.count)", 52),
    ("sum(staff.other.count)", 10), ("count(staff.other)", 3), ("count(key_tasks where not completed)", 2),
    ("sum(duties.planned where duties.on_time and planned > 0)", 7),
    ("ifempty(sum(duties.actual), 0) ÷ ifempty(sum(duties.planned), 0)", D("0.9230769230769230769230769230769230769231")),
    ("count(duties where on_time) * 2", 6),
])
def test_values(text: str, expected: Any) -> None:
    result = value(text)
    assert result == expected
    assert not isinstance(result, float)


@pytest.mark.parametrize(("text", "expected"), [
    ("1 < 2", True), ("2 <= 2", True), ("3 > 4", False), ("4 >= 4.0", True), ("1 == 1.00", True), ("1 != 1", False),
    ("1 ≤ 2", True), ("2 ≥ 3", False), ("1 ≠ 2", True), ("1 = 1", True), ("1 ＜ 2", True),
    ("true and false", False), ("true or false", True), ("not true", False), ("not 1 > 2", True),
    ("true or false and false", True), ("(true or false) and false", False), ("not false and false", False),
    ('disclosure.budget != "未公开"', False), ("procurement.has_policy and staff.in_post > 40", True),
    ("disclosure.date > disclosure.date", False),
])
def test_conditions(text: str, expected: bool) -> None:
    assert value(text) is expected


def test_counts_stay_whole_numbers() -> None:
    assert type(value("count(key_tasks)")) is int
    assert type(value("staff.in_post - count(key_tasks)")) is int
    assert value("staff.in_post / 8") == D("5.25")


def test_dates_compare() -> None:
    assert value("disclosure.date < disclosure.date", **{"disclosure.date": datetime.date(2024, 1, 1)}) is False


# --- empty figures and undefined quantities ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "budget.adjustments + 1", "budget.adjustments * 0", "-budget.adjustments", "budget.adjustments > 0",
    "min(budget.adjustments, 1)", "max(1, budget.adjustments)", "abs(budget.adjustments)", "round(budget.adjustments, 2)",
    "procurement.done and true", "false and procurement.done", "true or procurement.done", "not procurement.done",
    "if(procurement.done, 1, 2)", "1 / ifempty(budget.adjustments, 0)", "1 / 0", "0 ÷ 0",
    "quarters[5].cumulative_spending", "three_public.initial / (three_public.initial - 45.6)",
])
def test_empty_and_undefined_give_none(text: str) -> None:
    assert value(text) is None


def test_ifempty_is_the_way_out() -> None:
    assert value("ifempty(budget.adjustments, 7)") == D(7)
    assert value("ifempty(budget.adjustments, 7)", **{"budget.adjustments": D("0")}) == D(0)
    assert value("if(ifempty(procurement.done, false), 1, 2)") == D(2)


def test_tables_left_empty() -> None:
    assert value("sum(duties.planned)", duties=None) is None
    assert value("count(duties where on_time)", duties=None) is None
    assert value("count(duties)", duties=None) is None
    assert value("sum(duties.planned)", duties=[]) == 0
    assert value("last(quarters.cumulative_spending)", quarters=[]) is None
    assert value("quarters[1].cumulative_spending", quarters=None) is None
    # one empty row makes the whole sum empty
    rows = [{"planned": 4, "on_time": True, "actual": None}, {"planned": 2, "on_time": True, "actual": 2}]
    assert value("sum(duties.actual)", duties=rows) is None
    assert value("sum(duties.actual where planned > 2)", duties=rows) is None
    assert value("sum(duties.actual where planned < 3)", duties=rows) == 2
    rows = [{"planned": 4, "on_time": None, "actual": 4}]
    assert value("count(duties where on_time)", duties=rows) is None


def test_may_be_empty() -> None:
    def empty(text: str) -> bool:
        return parse(text).may_be_empty(NAMES)

    assert empty("budget.adjustments + 1")
    assert not empty("ifempty(budget.adjustments, 0) + 1")
    assert not empty("budget.initial / budget.adjusted")  # division by zero does not count
    assert empty("sum(duties.planned)")  # the table may be left out
    assert empty("ifempty(budget.adjustments, three_public.prior_budget)")
    assert not empty("count(key_tasks where completed)")
    assert empty("procurement.done or true")


def test_compiled_once_for_many_cases() -> None:
    compiled = parse("ifempty(budget.adjustments, 0) + budget.initial").compile(read, column)
    assert [compiled(case(**{"budget.adjustments": D(n)})) for n in (1, 2)] == [D("1201.50"), D("1202.50")]
    assert compiled(case()) == D("1200.50")


def test_the_callers_decimal_context_is_left_alone() -> None:
    with localcontext() as context:
        context.prec = 3
        assert parse("1 / 3").evaluate(None, read, column) == D("0.3333333333333333333333333333333333333333")
        assert context.prec == 3


# --- references, kinds, rendering --------------------------------------------------------------------------

def test_references() -> None:
    assert parse("staff.in_post + sum(staff.other.count where outside_quota)").references() == (
        "staff.in_post", "staff.other")
    assert parse("budget.initial - ifempty(budget.adjustments, budget.initial)").references() == (
        "budget.initial", "budget.adjustments")
    assert parse("quarters[4].cumulative_spending ÷ last(quarters.adjusted_budget)").references() == ("quarters",)
    assert parse("count(key_tasks where not completed) + count(duties)").references() == ("key_tasks", "duties")
    assert parse("sum(duties.planned where planned > budget.initial)").references() == ("duties", "budget.initial")
    assert parse("1 + 2").references() == ()


@pytest.mark.parametrize(("text", "kind"), [
    ("1 + budget.initial", "number"), ("1 < 2", "flag"), ("disclosure.budget", "text"), ("disclosure.date", "date"),
    ('if(true, disclosure.budget, "无")', "text"), ("count(key_tasks)", "number"),
])
def test_kinds(text: str, kind: str) -> None:
    assert parse(text).check(NAMES) == kind


def test_render() -> None:
    labels = {name: info.label for name, info in NAMES.items()}
    labels.update({f"{t}.{c}": i.label for t, info in NAMES.items() for c, i in info.columns.items()})
    assert parse("(three_public.initial - three_public.prior_budget) / three_public.prior_budget").render(labels) == \
        "（本年预算数 − 上年预算数）÷ 上年预算数"
    assert parse("budget.initial * 90% + -1").render(labels) == "年初预算数 × 90% + −1"
    assert parse("budget.initial <= 2 and not procurement.has_policy").render(labels) == "年初预算数 ≤ 2 且 非 落实采购政策"
    assert parse("sum(staff.other.count where outside_quota)").render(labels) == "合计（人数，其中 编外）"
    assert parse("ifempty(budget.adjustments, 0)").render(labels) == "预算调整数（为空时取 0）"
    # with a case's values in place of the names, only the value ifempty took is shown
    values = {"budget.adjustments": "236.40", "budget.initial": "4,796.11"}
    shown = parse("ifempty(budget.adjustments, 0) ÷ budget.initial")
    assert shown.render(values, empty=[]) == "236.40 ÷ 4,796.11"
    assert shown.render({**values, "budget.adjustments": "（空）"}, empty=["budget.adjustments"]) == "0 ÷ 4,796.11"
    assert parse('disclosure.budget == "未公开"').render(labels) == "预算公开情况 = “未公开”"
    assert parse("quarters[4].cumulative_spending").render(labels) == "分季度执行第 4 行累计支出"
    assert parse("unknown.name + 1").render(labels) == "unknown.name + 1"
    # count names its table from outside it: the table's own label, its condition in the columns' labels
    assert parse("count(key_tasks where not completed)").render(
        {"key_tasks": "重点工作", "key_tasks.completed": "已完成"}) == "计数（重点工作，其中 非 已完成）"


# --- what is refused, and where ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "offset", "message"), [
    ("", 0, "公式为空"),
    ("(1 + 2", 6, "缺少右括号"),
    ("min(1, 2", 8, "缺少右括号"),
    ("(1 + 2 3", 7, "缺少右括号：此处是“3”"),
    ("1 @ 2", 2, "无法识别的符号“@”"),
    ("1 2", 2, "多余的内容“2”"),
    ("(1))", 3, "多余的右括号“)”"),
    ("1 +", 3, "公式不完整：末尾缺少运算对象"),
    ("1 + * 2", 4, "此处应为数、名称或左括号，却是“*”"),
    ('"未公开', 0, "缺少右引号：文本从此处的引号开始，却没有结束的\""),
    ("1 < 2 < 3", 6, "比较不能连写，请用 and 连接两个比较"),
    ("quarters[0].cumulative_spending", 9, "行号须为正整数，却是“0”"),
    ("quarters[1.5].cumulative_spending", 9, "行号须为正整数，却是“1.5”"),
    ("quarters[4]", 11, "缺少列名：请写成 quarters[4].列名"),
    ("quarters[4", 10, "缺少右方括号“]”"),
    ("sum(1, 2 where true)", 9, "where 只能跟在 sum 或 count 的唯一参数之后"),
])
def test_syntax_errors(text: str, offset: int, message: str) -> None:
    with pytest.raises(FormulaError) as raised:
        parse(text)
    assert (raised.value.offset, raised.value.message) == (offset, message)


@pytest.mark.parametrize(("text", "offset", "message"), [
    ("budget.intial + 1", 0, "未知的计量项“budget.intial”，是否应为“budget.initial”？"),
    ("1 + zzz", 4, "未知的计量项“zzz”。"),
    ("staff.other.cont + 1", 12, "表“staff.other”没有列“cont”，是否应为“count”？"),
    ("stafff.other.count + 1", 0, "未知的计量项“stafff.other.count”，是否应为“staff.other.count”？"),
    ("sum(staff.other.cnt)", 16, "表“staff.other”没有列“cnt”，是否应为“count”？"),
    ("count(key_tasks where complete)", 22, "表“key_tasks”没有列“complete”，是否应为“completed”？"),
    ("quarters[1].spending", 12, "表“quarters”没有列“spending”。"),
    ("budget.initial[2].x", 0, "“budget.initial”不是表（它是数），不能按行或列读取"),
    ("quarters.adjusted_budget * 2", 0,
     "“quarters.adjusted_budget”是表“quarters”的列，只能在 sum、count 或 last 中使用，或写成 quarters[行号].adjusted_budget"),
    ("min(1 where true)", 6, "where 只能用于 sum 或 count"),
    ("sums(1)", 0, "未知的函数“sums”，是否应为“sum”？"),
    ("foo(1)", 0, "未知的函数“foo”。"),
    ("1 + min(1)", 4, "函数 min 至少需要 2 个参数，却给了 1 个"),
    ("round(1)", 0, "函数 round 需要 2 个参数，却给了 1 个"),
    ("if(true, 1)", 0, "函数 if 需要 3 个参数，却给了 2 个"),
    ("abs()", 0, "函数 abs 需要 1 个参数，却给了 0 个"),
    ("round(1, budget.initial)", 9, "round 的小数位数须为 0 到 10 之间的整数"),
    ("round(1, 11)", 9, "round 的小数位数须为 0 到 10 之间的整数"),
    ("2 * disclosure.budget", 4, "文本“disclosure.budget”不能参与算术运算"),
    ('"是" + 1', 0, "文本“\"是\"”不能参与算术运算"),
    ("procurement.has_policy + 1", 0, "是否项“procurement.has_policy”不能参与算术运算"),
    ("staff.other + 1", 0, "表“staff.other”不能当作数使用（可用 count、sum 或 last）"),
    ("-key_tasks", 1, "表“key_tasks”不能当作数使用（可用 count、sum 或 last）"),
    ("key_tasks", 0, "公式的结果是一张表“key_tasks”，而不是一个值（可用 count、sum 或 last）"),
    ("budget.initial and true", 0, "“budget.initial”是数，而and 的两边须为是否项"),
    ("not budget.initial", 4, "“budget.initial”是数，而not 的对象须为是否项"),
    ('disclosure.budget > "a"', 18, "文本只能比较相等或不等，不能比较大小"),
    ("disclosure.budget == 1", 18, "无法比较“disclosure.budget”（文本）与“1”（数）"),
    ("if(1, 2, 3)", 3, "“1”是数，而if 的条件须为是否项"),
    ('if(true, 2, "三")', 12, "if 的两个结果须为同一类：“2”是数，“\"三\"”是文本"),
    ("budget.initial / budget.adjustments", 17,
     "除数“budget.adjustments”可能为空：请写成 ifempty(budget.adjustments, 值)，说明它为空时按什么计算"),
    ("1 ÷ (three_public.prior_budget - 1)", 4,
     "除数“(three_public.prior_budget - 1)”可能为空：请写成 ifempty((three_public.prior_budget - 1), 值)，说明它为空时按什么计算"),
    ("1 / sum(duties.planned)", 4,
     "除数“sum(duties.planned)”可能为空：请写成 ifempty(sum(duties.planned), 值)，说明它为空时按什么计算"),
    ("sum(staff.other.count + duties.planned)", 24,
     "一次汇总只能读一张表：此处汇总表“staff.other”，而“duties.planned”是表“duties”的列"),
    ("sum(count)", 4, "sum 须以“表.列”指明汇总哪张表的哪一列"),
    ("sum(budget.initial)", 4, "sum 汇总的应是一张表的列，而“budget.initial”不是表的列"),
    ("sum(staff.other.count where 1)", 28, "“1”是数，而where 的条件须为是否项"),
    ("count(1 + 1)", 6, "count 的参数须为一张表的名称"),
    ("count(budget.initial)", 6, "“budget.initial”不是表（它是数），不能按行或列读取"),
    ("sum(sum(staff.other.count))", 4, "sum 不能写在另一个 sum 或 count 之内"),
    ("last(budget)", 5, "last 的参数须写成“表.列”"),
    ("min(1, key_tasks)", 7, "表“key_tasks”不能当作数使用（可用 count、sum 或 last）"),
])
def test_static_errors(text: str, offset: int, message: str) -> None:
    assert error(text) == (offset, message)


def test_bounds() -> None:
    with pytest.raises(FormulaError) as raised:
        parse("1" * (MAX_LENGTH + 1))
    assert raised.value.offset == MAX_LENGTH
    long_sum = "+".join(["1"] * 1000)  # 1,999 characters, kept flat: no deep recursion to compute it
    assert len(long_sum) <= MAX_LENGTH
    assert parse(long_sum).evaluate(None, read, column) == D(1000)
    deepest = "(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH
    assert parse(deepest).evaluate(None, read, column) == D(1)
    assert parse("abs(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH).evaluate(None, read, column) == D(1)
    for text in ("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1), "-" * 1500 + "1", "not " * 400 + "true",
                 "abs(" * 300 + "1" + ")" * 300, "(" * 1999):
        with pytest.raises(FormulaError) as raised:
            parse(text)
        assert raised.value.message == f"公式嵌套过深（超过 {MAX_DEPTH} 层）"


# --- properties --------------------------------------------------------------------------------------------

_PRECISE = Context(prec=40, rounding=ROUND_HALF_UP)
_SYMBOLS = {"+": ("+", "＋"), "-": ("-", "−", "－"), "*": ("*", "×"), "/": ("/", "÷")}


def _combine(op: str, a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None or b is None:
        return None
    with localcontext(_PRECISE):
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        return None if b == 0 else a / b


_literals = st.builds(
    lambda n, places: (D(n).scaleb(-places)), st.integers(min_value=0, max_value=999), st.integers(0, 2),
).map(lambda d: (str(d), d))


def _extend(children: st.SearchStrategy[tuple[str, Decimal | None]]) -> st.SearchStrategy[tuple[str, Decimal | None]]:
    binary = st.tuples(children, st.sampled_from(sorted(_SYMBOLS)), st.data(), children).map(
        lambda t: (f"({t[0][0]} {t[2].draw(st.sampled_from(_SYMBOLS[t[1]]))} {t[3][0]})", _combine(t[1], t[0][1], t[3][1])))
    negative = children.map(lambda c: (f"-{c[0]}", None if c[1] is None else _PRECISE.minus(c[1])))
    fallback = st.tuples(children, children).map(
        lambda t: (f"ifempty({t[0][0]}, {t[1][0]})", t[1][1] if t[0][1] is None else t[0][1]))
    return st.one_of(binary, negative, fallback)


@settings(max_examples=300)
@given(st.recursive(_literals, _extend, max_leaves=16))
def test_arithmetic_matches_decimal(tree: tuple[str, Decimal | None]) -> None:
    text, expected = tree
    formula = parse(text)
    assert formula.check({}) == "number"
    assert formula.evaluate(None, read, column) == expected


@given(st.lists(st.tuples(st.sampled_from(["+", "-"]), _literals), max_size=30), _literals)
def test_flat_chains_go_left_to_right(rest: list[tuple[str, tuple[str, Decimal]]], first: tuple[str, Decimal]) -> None:
    text, expected = first[0], first[1]
    for op, (literal, number) in rest:
        text += f" {op} {literal}"
        expected = _PRECISE.add(expected, number) if op == "+" else _PRECISE.subtract(expected, number)
    assert parse(text).evaluate(None, read, column) == expected


_FORMULA_ALPHABET = [
    *"()（）[]a.b_1029%+-−*/×÷<>=≤≠!,， \"“”@",
    "and ", "or ", "not ", "where ", "true", "sum(", "count(", "ifempty(", "last(", "min(", "round(",
    "budget.initial", "budget.adjustments", "staff.other.count", "outside_quota", "key_tasks", "quarters[2].",
    "cumulative_spending", "procurement.done",
]


def _check_bounded(text: str) -> None:
    try:
        formula = parse(text)
    except FormulaError as problem:
        assert 0 <= problem.offset <= max(len(text), MAX_LENGTH)
        return
    try:
        formula.check(NAMES)
    except FormulaError as problem:
        assert 0 <= problem.offset <= len(text)
        return
    formula.render({})
    formula.references()
    formula.evaluate(case(), read, column)  # a formula that passed its checks computes without raising


@settings(max_examples=400)
@given(st.text(max_size=300))
def test_any_text_is_read_or_refused(text: str) -> None:
    _check_bounded(text)


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_FORMULA_ALPHABET), max_size=60).map("".join))
def test_formula_like_text_is_read_or_refused(text: str) -> None:
    _check_bounded(text)


@given(st.integers(min_value=0, max_value=300), st.sampled_from(["(", "-", "not ", "abs(", "（"]))
def test_deep_text_is_refused_not_crashed(depth: int, opener: str) -> None:
    _check_bounded(opener * depth + "1")
