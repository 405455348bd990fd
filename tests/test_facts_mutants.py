"""Formulas (jixiao.facts.formula) and the catalogue of figures (jixiao.facts.catalogue), pinned for the mutation
run (docs/mutation.md): each value worked out by hand beside it.

Under mutmut every test runs in a process forked after a clean run, so anything built once and cached (the
common catalogue, a framework parsed at import) would keep the unmutated code: the catalogue tests build their
catalogues inside the test.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic_core import PydanticCustomError

from jixiao.facts.catalogue import (
    Catalogue,
    CatalogueSpec,
    Figure,
    build,
    common,
    default_unit,
    figures_of,
    lookup_of,
    measure_of,
    row_reader,
)
from jixiao.facts.formula import FormulaError, NameInfo, parse
from jixiao.facts.measures import model_measures

D = Decimal


def _value(text: str) -> object:
    return parse(text).evaluate({}, lambda name: lambda case: None, lambda table, col: lambda row: None)


def test_round_takes_ties_up_at_every_place() -> None:
    # half-up: 0.125 → 0.13 (half-even would keep 0.12); 0.5 → 1 (half-even: 0)
    assert _value("round(0.125, 2)") == D("0.13")
    assert _value("round(0.5, 0)") == D(1)


# --- the catalogue ------------------------------------------------------------------------------------------

SHEETS: dict[str, Any] = {"sheets": [
    {"sheet": "预算与调整", "shape": "form", "figures": [
        {"id": "budget.initial", "label": "年初预算数", "kind": "amount"},
        {"id": "local.hall_rent", "label": "场馆租金", "kind": "yuan", "optional": True, "help": "按合同",
         "entry_label": "租金（元）", "long": True, "width": 30},
        {"id": "local.visitors", "label": "参观人数", "kind": "count", "unit": "人次", "optional": True, "default": 0},
        {"id": "local.share", "label": "占比", "kind": "rate", "unit": ""},
        {"id": "local.level", "label": "等级", "kind": "choice", "choices": ["甲", "乙"]},
        {"id": "local.points", "label": "得分", "kind": "points"},
        {"id": "local.built", "label": "建成年份", "kind": "year"},
    ]},
    {"sheet": "场馆", "shape": "fixed_rows", "table": "local.venues", "row_heading": "场馆",
     "rows": [{"key": "main", "label": "主会场"}, {"key": "side", "label": "分会场"}],
     "columns": [{"id": "seats", "label": "座位数", "kind": "count", "entry_label": "座位"}]},
    {"sheet": "三公与公用经费", "shape": "fixed_rows", "table": "public_expenses",
     "rows": [{"key": "three_public", "label": "三公经费"}],
     "columns": [{"id": "final", "label": "决算数", "kind": "amount"}]},
    {"sheet": "季度执行", "shape": "fixed_rows", "table": "quarters", "label": "分季度执行",
     "rows": [{"key": 0, "label": "第一季度"}, {"key": 1, "label": "第二季度"}],
     "columns": [{"id": "cumulative_spending", "label": "累计支出", "kind": "amount"}]},
    {"sheet": "活动", "shape": "table", "table": "local.events", "note": "每次活动一行",
     "columns": [{"id": "name", "label": "活动名称", "kind": "text"},
                 {"id": "held", "label": "已举办", "kind": "flag", "optional": True}]},
]}


def _catalogue(origin: str = "体系.yaml") -> Catalogue:
    return build(CatalogueSpec.model_validate(SHEETS).sheets, origin=origin)


def test_a_form_figure_says_what_it_is_and_where_it_is_entered() -> None:
    figures = _catalogue().figures
    initial = figures["budget.initial"]
    assert (initial.label, initial.kind, initial.sheet, initial.shape) == ("年初预算数", "amount", "预算与调整", "form")
    assert (initial.unit, initial.optional, initial.default, initial.row, initial.column) == ("万元", False, None, "", "")
    assert initial.typed and initial.origin == "体系.yaml"
    assert initial.where == "“预算与调整”表“年初预算数”行"
    rent = figures["local.hall_rent"]
    assert (rent.unit, rent.optional, rent.help, rent.entry_label, rent.long, rent.width) == (
        "元", True, "按合同", "租金（元）", True, 30)
    assert not rent.typed and rent.may_be_empty
    assert rent.where == "“预算与调整”表“租金（元）”行"  # the workbook's own row name
    visitors = figures["local.visitors"]
    assert (visitors.unit, visitors.default) == ("人次", 0)
    assert not visitors.may_be_empty  # left empty, it reads as its default
    assert figures["local.share"].unit == ""  # said so, though a rate's unit is %
    assert figures["local.level"].unit == ""  # a choice has none
    assert figures["local.level"].choices == ("甲", "乙")
    assert [figures[f"local.{n}"].unit for n in ("points", "built")] == ["分", "年"]


def test_default_units_by_kind() -> None:
    assert [default_unit(k) for k in ("amount", "yuan", "rate", "points", "year", "count", "text")] == [
        "万元", "元", "%", "分", "年", "", ""]


def test_named_fixed_rows_give_a_figure_per_cell() -> None:
    figures = _catalogue().figures
    main = figures["local.venues.main.seats"]
    assert (main.label, main.row, main.column, main.shape, main.sheet) == ("主会场座位数", "主会场", "座位", "fixed_rows", "场馆")
    assert main.where == "“场馆”表“主会场”行“座位”列"
    assert not main.typed and "local.venues.side.seats" in figures and "local.venues" not in figures
    # a cell the typed model has a field for keeps the model's label
    final = figures["public_expenses.three_public.final"]
    assert (final.label, final.typed, final.row, final.column) == ("“三公”经费决算数", True, "三公经费", "决算数")


def test_numbered_rows_and_tables_are_one_figure_with_columns() -> None:
    figures = _catalogue().figures
    quarters = figures["quarters"]
    assert (quarters.kind, quarters.label, quarters.sheet, quarters.shape, quarters.typed) == (
        "table", "分季度执行", "季度执行", "fixed_rows", True)
    assert quarters.where == "“季度执行”表（每行一条）"
    spending = quarters.column_named("cumulative_spending")
    assert spending is not None and quarters.column_named("nothing") is None
    assert (spending.id, spending.column, spending.row, spending.typed, spending.unit) == (
        "cumulative_spending", "累计支出", "", False, "万元")
    assert spending.where == "“季度执行”表“累计支出”列"
    events = figures["local.events"]
    assert (events.label, events.help, events.typed, events.origin) == ("local.events", "每次活动一行", False, "体系.yaml")
    assert [c.id for c in events.columns] == ["name", "held"]
    assert [c.unit for c in events.columns] == ["", ""]  # text and flag have no unit
    assert events.columns[1].optional and events.columns[1].origin == "体系.yaml"


def test_figures_of_names_their_origin() -> None:
    sheets = CatalogueSpec.model_validate(SHEETS).sheets
    assert {f.origin for f in figures_of(sheets)} == {""}
    assert {f.origin for f in figures_of(sheets, origin="甲.yaml")} == {"甲.yaml"}
    assert len(list(figures_of(sheets))) == 7 + 2 + 1 + 1 + 1  # the form's, two cells, one cell, two tables


def test_a_generic_figure_is_read_from_the_case_s_figures() -> None:
    catalogue = _catalogue()
    measures = catalogue.measures
    case = SimpleNamespace(figures={"local.hall_rent": D(5000), "local.level": "甲"})
    rent = measures["local.hall_rent"]
    assert (rent.label, rent.kind, rent.generic, rent.nullable) == ("场馆租金", "yuan", True, True)
    assert rent.read(case) == D(5000)  # type: ignore[arg-type]
    assert measures["local.visitors"].read(case) is None  # type: ignore[arg-type]
    assert not measures["local.visitors"].nullable  # it has a default
    assert measures["local.level"].choices == ("甲", "乙")
    assert [measures[f"local.{n}"].kind for n in ("points", "built", "events")] == ["rate", "count", "list"]
    # a figure the typed model keeps is read as the model's field
    assert measures["budget.initial"] is model_measures()["budget.initial"]
    assert measure_of(catalogue.figures["budget.initial"], model_measures()) is model_measures()["budget.initial"]
    assert not measures["budget.initial"].generic
    assert {f.id for f in catalogue.generic()} >= {"local.hall_rent", "local.venues.main.seats", "local.events"}
    assert "budget.initial" not in {f.id for f in catalogue.generic()}
    assert catalogue.label_of("local.hall_rent") == "场馆租金" and catalogue.label_of("nothing") == "nothing"


def test_a_catalogue_added_to_another_keeps_both() -> None:
    base = _catalogue("")
    base.formulas["local.ratio"] = "公式"
    more = CatalogueSpec.model_validate({"sheets": [
        {"sheet": "补充", "shape": "form", "figures": [{"id": "local.extra", "label": "补充数", "kind": "count"}]}]})
    added = build(more.sheets, base=base, origin="乙.yaml")
    assert "local.extra" in added.figures and "budget.initial" in added.figures
    assert "local.extra" in added.measures and "local.extra" not in base.figures
    assert [s.sheet for s in added.sheets][-2:] == ["活动", "补充"] and len(added.sheets) == len(base.sheets) + 1
    assert added.formulas == {"local.ratio": "公式"} and added.formulas is not base.formulas
    assert added.origin == "乙.yaml" and added.figures["local.extra"].origin == "乙.yaml"
    alone = build(more.sheets)
    assert list(alone.figures) == ["local.extra"] and alone.formulas == {} and alone.origin == ""


def test_a_figure_declared_twice() -> None:
    base = _catalogue("")
    twice = CatalogueSpec.model_validate({"sheets": [
        {"sheet": "补充", "shape": "form", "figures": [
            {"id": "local.extra", "label": "补充数", "kind": "count"},
            {"id": "budget.initial", "label": "又一个", "kind": "amount"},
            {"id": "local.extra", "label": "补充数", "kind": "count"},
            {"id": "local.more", "label": "更多", "kind": "count"}]}]})
    problems: list[str] = []
    added = build(twice.sheets, base=base, origin="乙.yaml", problems=problems)
    assert problems == ["事实“budget.initial”已在共同事实目录中定义", "事实“local.extra”已在本文件中定义"]
    assert added.figures["budget.initial"].label == "年初预算数"  # the first one stays
    assert "local.more" in added.figures  # and the file's other figures still count
    # an id a formula measure of the base already has is taken too
    base.measures["local.ratio"] = base.measures["local.visitors"]
    clash = CatalogueSpec.model_validate({"sheets": [
        {"sheet": "补充", "shape": "form", "figures": [{"id": "local.ratio", "label": "比率", "kind": "rate"}]}]})
    problems = []
    build(clash.sheets, base=base, origin="乙.yaml", problems=problems)
    assert problems == ["事实“local.ratio”已在本文件中定义"]
    with pytest.raises(PydanticCustomError) as raised:
        build(twice.sheets, base=base, origin="乙.yaml")
    assert raised.value.message() == "事实“budget.initial”已在共同事实目录中定义"
    assert raised.value.type == "jixiao_catalogue"


def test_a_row_is_read_by_key_or_by_field() -> None:
    read = row_reader("count")
    assert read({"count": 3}) == 3 and read({}) is None
    assert read(SimpleNamespace(count=4)) == 4


def test_the_measures_a_framework_may_name() -> None:
    catalogue = _catalogue()
    assert lookup_of({"catalogue": catalogue}) is catalogue.measures
    assert lookup_of({"catalogue": "not one"}) is common().measures
    assert lookup_of(None) is common().measures


def test_figure_where_for_a_fixed_row_without_a_row() -> None:
    figure = Figure("x", "某数", "amount", "表一", "fixed_rows", column="某列")
    assert figure.where == "“表一”表“某列”列"


# --- formulas: values through every kind of node ---------------------------------------------------------
# NAMES, case() and the readers are test_formula's: budget.initial 1200.50, budget.adjusted 1350.00, staff.in_post
# 42, staff.other's counts 3 (编外), 5, 2 (编外), the quarters' cumulative spending 200.00, 610.40, 980.00, 1296.00,
# duties planned 4, 0, 6, 3 (the third not on time), key_tasks done, not, not, done.

from test_formula import NAMES, column, error, read, value  # noqa: E402


@pytest.mark.parametrize(("text", "expected"), [
    # the summed expression may be grouped, negated, or inside another function: the table is still found
    ("sum((staff.other.count))", 10), ("sum(-staff.other.count)", -10), ("sum(abs(staff.other.count))", 10),
    ("sum(if(staff.other.count > 2, 1, 0))", 2),
    # the table named only by the condition, through a not
    ("sum(count where not staff.other.outside_quota)", 5),
    # a case's own figure inside an aggregate, in the condition or the summed expression
    ("count(staff.other where count > staff.in_post / 20)", 2),  # 42 / 20 = 2.1: the rows of 3 and 5
    ("sum(staff.other.count where count > staff.in_post / 20)", 8),
    ("round(sum(quarters.cumulative_spending ÷ budget.adjusted), 4)", D("2.2862")),  # 3,086.40 ÷ 1,350
    ("count(staff.other where 2 < count)", 2),  # the column on the right of a comparison
    # last inside a count: allowed, it reads one value from its own table
    ("count(duties where planned < last(quarters.cumulative_spending) / 300)", 3),  # 1296 / 300 = 4.32
    ("last(staff.other.count)", 2),  # a table whose own name has a dot
])
def test_values_through_aggregates(text: str, expected: object) -> None:
    assert value(text) == expected


def test_round_keeps_a_number_too_long_to_round() -> None:
    # 35 digits and 10 decimals are more than the 40 digits worked with: the number comes back as it is
    assert value("round(12345678901234567890123456789012345, 10)") == D("12345678901234567890123456789012345")


def test_columns_are_read_by_table_and_column() -> None:
    # the column reader is told which table each column belongs to
    def by_table(table: str, col: str) -> Any:
        return lambda row: row[f"{table}.{col}"]

    rows = {"quarters": [{"quarters.cumulative_spending": D(5)}, {"quarters.cumulative_spending": D(7)}]}
    for text, expected in (("quarters[2].cumulative_spending", D(7)), ("last(quarters.cumulative_spending)", D(7)),
                           ("sum(quarters.cumulative_spending)", D(12)),
                           ("count(quarters where cumulative_spending > 6)", 1)):
        assert parse(text).evaluate(rows, lambda name: lambda c: c[name], by_table) == expected


@pytest.mark.parametrize(("text", "offset", "message"), [
    ("sum(staff.other.count + sum(duties.planned))", 24, "sum 不能写在另一个 sum 或 count 之内"),
    ("sum(sum(nothing.here))", 4, "sum 不能写在另一个 sum 或 count 之内"),
    ("sum(count(key_tasks))", 4, "count 不能写在另一个 sum 或 count 之内"),
    ("sum(count(staff.other))", 4, "count 不能写在另一个 sum 或 count 之内"),
    ("sum(nothing.here)", 4, "未知的计量项“nothing.here”。"),
    ("sum(staff.other.outside_quota)", 4, "是否项“staff.other.outside_quota”不能求和"),
    ("last(nothing.here)", 5, "未知的计量项“nothing”。"),
    ("last(budget.initial.x)", 5, "“budget.initial”不是表（它是数），不能按行或列读取"),
    ("last(quarters.spending)", 14, "表“quarters”没有列“spending”。"),
    ("staff.other == 1", 0, "表“staff.other”不能比较（可用 count、sum 或 last）"),
    ("1 == key_tasks", 5, "表“key_tasks”不能比较（可用 count、sum 或 last）"),
    ("quarter[1].cumulative_spending", 0, "未知的计量项“quarter”，是否应为“quarters”？"),
    ("quarters[1].cumulative_spending and true", 0, "“quarters[1].cumulative_spending”是数，而and 的两边须为是否项"),
])
def test_static_errors(text: str, offset: int, message: str) -> None:
    assert error(text) == (offset, message)


@pytest.mark.parametrize(("text", "offset", "message"), [
    ("quarters[1.0].cumulative_spending", 9, "行号须为正整数，却是“1.0”"),
    ("quarters[100%].cumulative_spending", 9, "行号须为正整数，却是“100%”"),
    ("quarters[100％].cumulative_spending", 9, "行号须为正整数，却是“100％”"),
    ("quarters[x].cumulative_spending", 9, "行号须为正整数，却是“x”"),
    ("quarters[", 9, "行号须为正整数，却是“（空）”"),
    ("quarters[1].a.b", 12, "“.”之后应为一个列名"),
    ("quarters[1].2", 12, "“.”之后应为一个列名"),
])
def test_row_numbers_and_columns(text: str, offset: int, message: str) -> None:
    with pytest.raises(FormulaError) as raised:
        parse(text)
    assert (raised.value.offset, raised.value.message) == (offset, message)


def test_an_unchecked_formula_is_still_refused_when_compiled() -> None:
    # compile() does not need check(), and refuses what it cannot compute, at the same place
    for text, offset, message in (
        ("count(1 + 1)", 6, "count 的参数须为一张表的名称"),
        ("last(budget)", 5, "last 的参数须写成“表.列”"),
        ("last(1)", 5, "last 的参数须写成“表.列”"),
        ("sum(count)", 4, "sum 须以“表.列”指明汇总哪张表的哪一列"),
        ("1 + sum()", 4, "sum 须以“表.列”指明汇总哪张表的哪一列"),
        ("foo(1)", 0, "未知的函数“foo”"),
    ):
        with pytest.raises(FormulaError) as raised:
            parse(text).compile(read, column)
        assert (raised.value.offset, raised.value.message) == (offset, message), text


def test_an_unchecked_sum_without_arguments_is_still_listed() -> None:
    assert parse("sum()").references() == ()
    assert parse("sum()").render({}) == "合计（）"


def test_last_reads_a_column() -> None:
    assert parse("last(staff.other.count)").check(NAMES) == "number"
    assert parse("last(quarters.cumulative_spending)").check(NAMES) == "number"


def test_what_may_be_empty_through_comparisons_and_aggregates() -> None:
    names = {**NAMES, "tasks": NameInfo("table", columns={
        "weight": NameInfo("number"), "done": NameInfo("flag", optional=True)})}

    def empty(text: str) -> bool:
        return parse(text).may_be_empty(names)

    assert empty("budget.adjustments > 0") and empty("0 < budget.adjustments")
    assert not empty("budget.initial > 0")
    assert empty("last(duties.planned)")  # the table may be left out
    assert not empty("last(quarters.cumulative_spending)")
    assert empty("sum(tasks.weight where done)")  # a row's condition may be empty
    assert not empty("sum(tasks.weight)")


@pytest.mark.parametrize(("text", "expected"), [
    # every function and operator inside an aggregate reads the current row (duties planned 4, 0, 6, 3)
    ("sum(min(duties.planned, 5))", 12),  # 4 + 0 + 5 + 3
    ("sum(abs(duties.planned - 5))", 9),  # 1 + 5 + 1 + 2
    ("sum(abs(5 - duties.planned))", 9),
    ("sum(round(duties.planned / 3, 0))", D(4)),  # 1.33 → 1, 0, 2, 1
    ("sum(-duties.planned)", -13),
    # 42 in post: on time 4 + 42, 0 + 42, 3 + 42; late 6 × 10 + 42
    ("sum(if(duties.on_time, duties.planned + staff.in_post, duties.planned * 10 + staff.in_post))", 235),
    ("count(duties where staff.in_post + planned + 1 > 45)", 3),  # 42 + p + 1 > 45: planned 4, 6, 3
    ("sum(duties.planned + staff.in_post + 1)", 185),  # (p + 42 + 1) for each: 47 + 43 + 49 + 46
    ("sum(1 + duties.planned + 1)", 21),
])
def test_functions_inside_aggregates(text: str, expected: object) -> None:
    assert value(text) == expected


def test_ifempty_inside_an_aggregate() -> None:
    rows = [{"planned": 4, "on_time": True, "actual": None}, {"planned": 2, "on_time": True, "actual": 2}]
    assert value("sum(ifempty(duties.actual, duties.planned))", duties=rows) == 6  # 4 in place of the empty, + 2
    assert value("sum(ifempty(duties.actual, staff.in_post))", duties=rows) == 44  # 42 + 2


def test_whole_numbers_stay_whole_and_exact_under_any_context() -> None:
    assert value("staff.in_post - count(key_tasks)") == 38 and type(value("staff.in_post - count(key_tasks)")) is int
    # (a number written in the formula is a Decimal; counts and whole figures are ints)
    assert value("count(key_tasks) * staff.in_post") == 168 and type(value("count(key_tasks) * staff.in_post")) is int
    assert value("-staff.in_post") == -42 and type(value("-staff.in_post")) is int
    with localcontext() as context:
        context.prec = 3  # the caller's context is not the formula's
        assert value("budget.initial - budget.adjusted") == D("-149.50")
        assert value("staff.in_post - 0.125") == D("41.875")
        assert value("staff.in_post * 1.125") == D("47.250")
        assert value("1.125 * staff.in_post") == D("47.250")
        assert value("budget.initial * 3") == D("3601.50")


def test_round_to_the_most_places_allowed() -> None:
    assert value("round(1 / 3, 10)") == D("0.3333333333")
    assert parse("round(1, 2)").check(NAMES) == "number"


@pytest.mark.parametrize(("text", "offset", "message"), [
    ("min(disclosure.budget, 1)", 4, "文本“disclosure.budget”不能作 min 的参数"),
    ("round(disclosure.budget, 2)", 6, "文本“disclosure.budget”不能四舍五入"),
    ("round(1, 100%)", 9, "round 的小数位数须为 0 到 10 之间的整数"),
    ('ifempty(budget.adjustments, "无")', 28, "ifempty 的两个参数须为同一类：“budget.adjustments”是数，“\"无\"”是文本"),
    ("ifempty(key_tasks, 1)", 8, "表“key_tasks”不能当作值使用（可用 count、sum 或 last）"),
    ("ifempty(1, key_tasks)", 11, "表“key_tasks”不能当作值使用（可用 count、sum 或 last）"),
    ("true and 1", 9, "“1”是数，而and 的两边须为是否项"),
    ("sum(duties.planned + staff.other.count)", 21,
     "一次汇总只能读一张表：此处汇总表“duties”，而“staff.other.count”是表“staff.other”的列"),
    ("sum(duties.planned + nothing.x)", 21, "未知的计量项“nothing.x”。"),
    ("min(1, 2) and true", 0, "“min(1, 2)”是数，而and 的两边须为是否项"),
    ("-disclosure.budget", 1, "文本“disclosure.budget”不能取负"),
])
def test_more_static_errors(text: str, offset: int, message: str) -> None:
    assert error(text) == (offset, message)


@pytest.mark.parametrize(("text", "offset", "message"), [
    ("sum(staff.other.count where outside_quota, 1)", 41, "where 条件之后不能再有参数"),
    ("min(1, 2 true)", 9, "缺少右括号：此处是“true”"),
])
def test_more_syntax_errors(text: str, offset: int, message: str) -> None:
    with pytest.raises(FormulaError) as raised:
        parse(text)
    assert (raised.value.offset, raised.value.message) == (offset, message)


def test_a_formula_error_reads_as_its_message_and_survives_pickling() -> None:
    import pickle

    with pytest.raises(FormulaError) as raised:
        parse("1 +")
    assert str(raised.value) == "公式不完整：末尾缺少运算对象"
    copy = pickle.loads(pickle.dumps(raised.value))
    assert (type(copy), copy.message, copy.offset, str(copy)) == (FormulaError, raised.value.message, 3, str(raised.value))


def test_exactly_what_may_be_empty() -> None:
    names = {**NAMES, "tasks": NameInfo("table", columns={
        "weight": NameInfo("number"), "hours": NameInfo("number", optional=True),
        "done": NameInfo("flag", optional=True)})}

    def empty(text: str) -> object:
        return parse(text).may_be_empty(names)

    for text in ("max(budget.adjustments, 1)", "min(budget.adjustments, 1)", "min(1, budget.adjustments)",
                 "abs(budget.adjustments)", "round(budget.adjustments, 2)", "if(procurement.done, 1, 2)",
                 "if(true, budget.adjustments, 1)", "if(true, 1, budget.adjustments)", "sum(tasks.hours)",
                 "sum(tasks.weight where done)", "duties[1].planned", "tasks[1].hours"):
        assert empty(text) is True, text
    for text in ("min(1, 2)", "max(1, 2)", "abs(1)", "round(1, 2)", "if(true, 1, 2)", "sum(tasks.weight)",
                 "tasks[1].weight", "quarters[1].cumulative_spending",
                 "ifempty(budget.adjustments, 1)"):
        assert empty(text) is False, text


def test_render_functions_and_columns_inside_aggregates() -> None:
    labels = {"staff.other": "其他人员", "staff.other.count": "人数", "staff.other.outside_quota": "编外"}
    assert parse("sum(abs(count) where staff.other.outside_quota)").render(labels) == "合计（绝对值（人数），其中 编外）"
    assert parse("sum(count where staff.other.outside_quota)").render(labels) == "合计（人数，其中 编外）"
    assert parse("min(1, 2)").render({}) == "最小值（1，2）"
    assert parse("abs()").render({}) == "绝对值（）"
    assert parse("foo(1)").render({}) == "foo（1）"


def test_references_through_last_count_and_where() -> None:
    assert parse("last(staff.other.count)").references() == ("staff.other",)  # the table, by its own dotted name
    assert parse("last(budget)").references() == ("budget",)  # unchecked, without a column: the name itself
    assert parse("count(duties where planned > budget.initial)").references() == ("duties", "budget.initial")
    # a where on another function is refused by check(), but what it reads is still listed
    assert parse("abs(budget.initial where budget.adjusted > 0)").references() == ("budget.initial", "budget.adjusted")


def test_the_longest_formula_allowed_and_one_character_more() -> None:
    from jixiao.facts.formula import MAX_LENGTH

    exactly = "1" + " " * (MAX_LENGTH - 1)  # 2,000 characters: read
    assert len(exactly) == MAX_LENGTH and parse(exactly).evaluate(None, read, column) == D(1)
    with pytest.raises(FormulaError) as raised:
        parse(exactly + " ")
    assert (raised.value.offset, raised.value.message) == (MAX_LENGTH, f"公式过长（超过 {MAX_LENGTH} 个字符）")


def test_an_int_plus_a_decimal_is_exact_under_any_context() -> None:
    with localcontext() as context:
        context.prec = 3
        assert value("staff.in_post + 0.125") == D("42.125")
        assert value("0.125 + staff.in_post") == D("42.125")


def test_render_flags_and_columns_without_labels() -> None:
    assert parse("true and not false").render({}) == "是 且 非 否"
    # inside an aggregate, a column without a label keeps its own name; grouped, chained and compared alike
    labels = {"duties": "履职项目", "duties.planned": "计划数"}
    assert parse("sum(actual where duties.on_time)").render(labels) == "合计（actual，其中 duties.on_time）"
    assert parse("sum((planned) where duties.on_time)").render(labels) == "合计（（计划数），其中 duties.on_time）"
    assert parse("sum(1 + planned where duties.planned > 0)").render(labels) == "合计（1 + 计划数，其中 计划数 > 0）"
    assert parse("sum(planned + 1 where planned < duties.planned)").render(labels) == \
        "合计（计划数 + 1，其中 计划数 < 计划数）"
    assert parse("quarters[2].spending").render({"quarters": "分季度执行"}) == "分季度执行第 2 行spending"


@pytest.mark.parametrize(("text", "offset", "message"), [
    # what is left over is shown up to 20 characters, then “…”
    ("1 " + "x" * 20, 2, "多余的内容“" + "x" * 20 + "”"),
    ("1 " + "x" * 21, 2, "多余的内容“" + "x" * 20 + "…”"),
    # a second comparison of any kind is refused
    *((f"1 < 2 {op} 3", 6, "比较不能连写，请用 and 连接两个比较") for op in ("<", "<=", ">", ">=", "==", "!=")),
    *((f"1 {op} 2 < 3", 5 + len(op), "比较不能连写，请用 and 连接两个比较") for op in ("<=", ">=", "==", "!=")),
])
def test_leftovers_and_chained_comparisons(text: str, offset: int, message: str) -> None:
    with pytest.raises(FormulaError) as raised:
        parse(text)
    assert (raised.value.offset, raised.value.message) == (offset, message)


def test_a_comparison_and_a_negation_are_shown_whole_in_messages() -> None:
    assert error("(1 < 2) + 1") == (0, "是否项“(1 < 2)”不能参与算术运算")
    assert error("1 + (1 < 2)") == (4, "是否项“(1 < 2)”不能参与算术运算")
    assert error("1 < 2 + 1 and 3") == (14, "“3”是数，而and 的两边须为是否项")
    assert error("1 + (not true)") == (4, "是否项“(not true)”不能参与算术运算")
    assert error("if(true, 1 < 2, 3)") == (16, "if 的两个结果须为同一类：“1 < 2”是是否项，“3”是数")
    assert error("if(true, not true, 3)") == (19, "if 的两个结果须为同一类：“not true”是是否项，“3”是数")
