"""Numbers as people write them, and the facts model: units, totals and what it refuses."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.decimals import NumberFormatError, parse_decimal, parse_rate, round_half_up
from jixiao.facts.catalogue import common
from jixiao.facts.load import parse_case
from jixiao.facts.measures import model_measures
from jixiao.problems import InputError

D = Decimal
FULL_WIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4,796.11", "4796.11"), ("4796.11", "4796.11"), (" 4796.11 ", "4796.11"), ("４，７９６．１１", "4796.11"),
        ("4796.11万元", "4796.11"), ("145.53 万元", "145.53"), ("-16.19", "-16.19"), ("0", "0"), (".5", "0.5"),
        ("48,122,993.50", "48122993.50"), ("49人", "49"),
    ],
)
def test_numbers_people_write(text: str, value: str) -> None:
    assert parse_decimal(text) == D(value)


@pytest.mark.parametrize("text", ["27.000.00", "1,23.4", "12,34", "abc", "", "1.2.3", "四十九", "1e5", "--1"])
def test_numbers_that_are_not_clear(text: str) -> None:
    with pytest.raises(NumberFormatError):
        parse_decimal(text)


def test_rates() -> None:
    assert parse_rate("95%") == D("0.95")
    assert parse_rate("９５％") == D("0.95")
    assert parse_rate(D("0.95")) == D("0.95")
    with pytest.raises(NumberFormatError, match="百分数"):
        parse_rate("95")


@pytest.mark.parametrize(("value", "places", "rounded"), [("0.985", 2, "0.99"), ("0.975", 2, "0.98"), ("1.825", 2, "1.83"),
                                                          ("-0.125", 2, "-0.13"), ("98.735", 2, "98.74")])
def test_half_up(value: str, places: int, rounded: str) -> None:
    assert round_half_up(D(value), places) == D(rounded)


amounts = st.decimals(min_value=0, max_value=D("1e12"), places=2, allow_nan=False, allow_infinity=False)


@given(amounts, st.booleans(), st.booleans(), st.sampled_from(["", "万元", " 万元"]))
def test_written_amounts_read_back_exactly(value: Decimal, grouped: bool, full_width: bool, unit: str) -> None:
    text = f"{value:,.2f}" if grouped else f"{value:.2f}"
    if full_width:
        text = text.translate(FULL_WIDTH)
    assert parse_decimal(text + unit) == value


@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False))
def test_written_percentages_read_back_exactly(value: Decimal) -> None:
    assert parse_rate(f"{value}%") * 100 == value


CASE_IN_YUAN = """\
department: {name: 某局}
year: 2024
unit: 元
procurement: {plan: "1,473,900", paid: 1455300}
staff:
  authorised_posts: 53
  in_post: 49
  other:
    - {category: 员额, count: 11, outside_quota: false}
    - {category: 窗口, count: 20, outside_quota: true}
"""


def test_amounts_in_yuan_are_held_in_wan_yuan_exactly() -> None:
    case = parse_case(CASE_IN_YUAN)
    assert case.procurement is not None
    assert case.procurement.plan == D("147.39")
    assert case.procurement.paid == D("145.53")
    assert common().measures["staff.outside_quota"](case) == 20
    assert common().measures["staff.all_in_post"](case) == 80


def test_numbers_written_where_text_is_wanted_are_kept_as_written() -> None:
    case = parse_case("department: {name: 某局, code: 440300}\nyear: 2024\n"
                      "key_tasks: [{name: 2024, completed: true}, {name: 12.50, completed: false}]\n")
    assert case.department.code == "440300"
    assert case.key_tasks is not None
    assert [task.name for task in case.key_tasks] == ["2024", "12.50"]


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ("projects: {planned: 3, completed_on_time: 4}", "按时完成项目数（4）不能大于计划完成项目数（3）"),
        ("assets: {fixed_original_value: 10, fixed_in_use: 11}", "不能大于固定资产原值合计"),
        ("petitions: {channel: true, received: 2, replied: 3}", "已办理回复件数（3）不能大于信访件数（2）"),
        ("satisfaction: {rate: 95}", "应写成百分数"),
        ("quarters: [{adjusted_budget: 1, cumulative_spending: 1}]", "应有 4 个季度的数据，缺少第 2 季度"),
        ("disclosure: {budget: 已公开, final_accounts: 未公开}",
         "应为以下之一：“按规定公开”、“公开但不符合要求”、“未公开”、“涉密免于公开”，实际为“已公开”"),
        ("unit: 千元", "金额单位应为“元”或“万元”"),
        ("disclosure: {budget: 按规定公开, final_accounts: 未公开, budget_date: 2024-03-15 10:00}",
         "disclosure.budget_date：应为日期，不带时刻（如 2023-03-15），实际为“2024-03-15 10:00”"),
        ("staff: {authorised_posts: 5, in_post: 5, other: [{category: 派遣, count: 1}]}", "staff.other[0].outside_quota：缺少必填字段"),
    ],
)
def test_facts_that_cannot_be(fragment: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_case(f"department: {{name: 某局}}\nyear: 2024\n{fragment}\n", "case.yaml")
    text = "\n".join(str(p) for p in caught.value.problems)
    assert message in text
    assert "case.yaml，第 3 行" in text


def test_compiled_rules_read_every_measure_as_binding_does() -> None:
    """``Measure.get`` (what compiled rules use, one attrgetter) gives what ``Measure.read`` gives wherever the
    measure's section is there, which binding checks before any rule runs."""
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from casefiles import EXAMPLE
    from jixiao.facts.load import load_case
    from jixiao.facts.model import DepartmentYear
    from synthetic import department_data

    rng = random.Random(3)
    cases = [load_case(EXAMPLE)] + [DepartmentYear.model_validate(department_data(rng, i)) for i in range(20)]
    direct = [m for m in model_measures().values() if m.direct is not None]
    assert len(direct) > 40
    compared = 0
    for case in cases:
        for measure in model_measures().values():
            if getattr(case, measure.section) is not None:
                assert measure.get(case) == measure.read(case), measure.name
                compared += 1
    assert compared > 60 * len(cases)
