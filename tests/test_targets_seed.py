"""The seed department's 2023 self-evaluation table, judged and reviewed (深圳市贸促委 2023 自评表)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.facts.load import load_case, parse_case
from jixiao.facts.model import DepartmentYear
from jixiao.targets import Outcome, ReviewOptions, Severity, review_self_evaluation

SEED = Path(__file__).parent / "fixtures" / "shenzhen-ccpit-2023-self-evaluation.yaml"


@pytest.fixture(scope="module")
def seed() -> DepartmentYear:
    return load_case(SEED)


def test_every_target_of_the_seed_is_met(seed: DepartmentYear) -> None:
    review = review_self_evaluation(seed)
    # The printed table has 21 rows: 数量 5, 质量 5, 时效 5, 成本 1, 社会效益 4, 满意度 1.
    assert len(review.judgements) == 21
    assert [j.outcome for j in review.judgements] == [Outcome.MET] * 21, [
        (j.name, j.reason) for j in review.judgements if j.outcome is not Outcome.MET
    ]
    assert review.summary().startswith("绩效指标 21 项：达成 21 项，未达成 0 项，无法判断 0 项；错误 0 条")


@pytest.mark.parametrize(
    ("name", "deviation", "relative"),
    [
        ("全年签发商事证明书快件数", "+1.33万份", "+26.60%"),
        ("全年签发一般原产地证明书", "+1.35万份", "+2.08%"),
        ("举办合规系列活动场次", "+5", "+21.74%"),
        ("金博会展位数", "+112", "+22.40%"),
        ("驻外经贸联络处年度综合评估优良率", "+1.82 个百分点", "+2.28%"),
        ("服务企业满意度", "+15 个百分点", "+18.75%"),
        ("空白证明书工本费", "0元/份", "0.00%"),
        ("调研完成及时性", "", ""),
        ("推动我市稳外贸稳外资工作", "", ""),
    ],
)
def test_deviations(seed: DepartmentYear, name: str, deviation: str, relative: str) -> None:
    judgement = next(j for j in review_self_evaluation(seed).judgements if j.name == name)
    assert (judgement.deviation_text(), judgement.relative_text()) == (deviation, relative)


def test_flags_match_what_the_seed_admits(seed: DepartmentYear) -> None:
    review = review_self_evaluation(seed)
    assert not review.errors
    exceeded = [flag.target for flag in review.flags if flag.code == "far_exceeded"]
    # The report itself says its activity counts and certificate counts outran the targets set.
    assert exceeded == ["全年签发商事证明书快件数", "举办合规系列活动场次", "金博会展位数"]
    copied = [flag.target for flag in review.flags if flag.code == "copied_actual"]
    assert copied == ["驻外经贸联络处设立及运营数量", "空白证明书工本费", "服务深圳企业数量增长率"]
    assert all(flag.severity is Severity.HINT for flag in review.flags)


def test_threshold_is_a_parameter(seed: DepartmentYear) -> None:
    strict = review_self_evaluation(seed, ReviewOptions(exceed_threshold=Decimal("0.10")))
    exceeded = {flag.target for flag in strict.flags if flag.code == "far_exceeded"}
    assert exceeded == {"全年签发商事证明书快件数", "举办合规系列活动场次", "金博会展位数",
                        "系统维护工作质量达标率", "服务企业满意度"}
    lenient = review_self_evaluation(seed, ReviewOptions(exceed_threshold=Decimal("0.5")))
    assert not [flag for flag in lenient.flags if flag.code == "far_exceeded"]


def test_main_task_totals_equal_the_budget_and_q4_spending(seed: DepartmentYear) -> None:
    assert seed.self_evaluation is not None
    tasks = seed.self_evaluation.main_tasks
    assert sum(t.budget_total for t in tasks) == Decimal("48122993.50")
    assert sum(t.executed_total for t in tasks) == Decimal("46426984.22")
    assert not [f for f in review_self_evaluation(seed).flags if f.code.startswith("task_")]


def test_main_task_totals_that_disagree_are_errors(seed: DepartmentYear) -> None:
    assert seed.budget is not None and seed.quarters is not None
    q4 = replace(seed.quarters[3], cumulative_spending=Decimal("4642.69"))
    changed = seed.model_copy(update={
        "budget": replace(seed.budget, adjusted=Decimal("4812.31")),
        "quarters": (*seed.quarters[:3], q4),
    })
    review = review_self_evaluation(changed)
    flags = {flag.code: flag for flag in review.flags if flag.code.startswith("task_")}
    assert set(flags) == {"task_budget_total", "task_executed_total"}
    assert flags["task_budget_total"].severity is Severity.ERROR
    assert "48,122,993.50 元（4,812.30 万元）" in flags["task_budget_total"].message
    assert "调整预算数 4,812.31 万元" in flags["task_budget_total"].message
    assert "4,642.70 万元" in flags["task_executed_total"].message


def test_totals_compared_at_the_precision_the_case_gives() -> None:
    case = parse_case(
        """
department: {name: 测试部门}
year: 2023
unit: 元
budget: {initial: 48122993.50, adjusted: 48122993.50}
self_evaluation:
  main_tasks:
    - {name: 基本支出, budget_total: 48122992.50, executed_total: 1}
"""
    )
    flags = [f for f in review_self_evaluation(case).flags if f.code == "task_budget_total"]
    assert len(flags) == 1  # stated in 元, the budget is compared finer than 0.01 万元: one 元 shows


def test_a_missed_target_without_reason_is_an_error() -> None:
    case = parse_case(
        """
department: {name: 测试部门}
year: 2023
self_evaluation:
  targets:
    - {level1: 产出指标, level2: 数量指标, name: 培训场次, expected: "≥20场", actual: "15场"}
    - {level1: 产出指标, level2: 数量指标, name: 走访企业数, expected: "≥100家", actual: "80家",
       reason: 受场地改造影响，部分走访顺延至次年}
    - {level1: 产出指标, level2: 质量指标, name: 达标率, expected: "≥90%", actual: "良好"}
    - {level1: 产出指标, level2: 质量指标, name: 抽检合格率, expected: "≥90%", actual: "≥90%"}
"""
    )
    review = review_self_evaluation(case)
    assert [j.outcome for j in review.judgements] == [Outcome.MISSED, Outcome.MISSED, Outcome.UNDETERMINED,
                                                       Outcome.MET]
    codes = [(flag.code, flag.target, flag.severity) for flag in review.flags]
    assert codes == [
        ("missed_without_reason", "培训场次", Severity.ERROR),
        ("copied_actual", "抽检合格率", Severity.HINT),
        ("undetermined", "达标率", Severity.HINT),
    ]
    assert "未说明偏差原因" in review.flags[0].message


def test_a_case_without_a_table_has_nothing_to_judge() -> None:
    review = review_self_evaluation(parse_case("department: {name: 测试部门}\nyear: 2023\n"))
    assert review.judgements == () and review.flags == ()
