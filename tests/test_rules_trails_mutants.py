"""The trails of composite and yes/no rules, and composites scored without trails (docs/mutation.md).

A fresh mutation run (2026-12-04) found these unpinned: a composite's part headings and its 合计 line, its veto, its
total when a batch scores without trails, and the line a 是/否 rule writes. The case is the Shenzhen example:
政府采购 paid 145.53 万元 of a plan of 147.39 万元, a ratio of 98.74% (145.53 ÷ 147.39 = 0.98738…).
Every expected value is worked out by hand beside it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from casefiles import apply_changes, base_data
from jixiao.facts.load import case_from_data
from jixiao.facts.model import DepartmentYear, Judgement
from jixiao.rules import Context, Rule
from jixiao.scoring.trail import render_step
from jixiao.yamlsource import SourceMap

RULE = TypeAdapter(Rule)
BASE = base_data("examples/shenzhen-ccpit-2023.yaml")
D = Decimal
PROCUREMENT = {"kind": "ratio_points", "numerator": "procurement.paid", "denominator": "procurement.plan",
               "percent_places": 2}


def rule(**params: Any) -> Any:
    return RULE.validate_python(params)


def case(**changes: Any) -> DepartmentYear:
    return case_from_data(apply_changes(BASE, changes), SourceMap("test"))


def scored(r: Any, c: DepartmentYear) -> tuple[Decimal, list[str]]:
    """The score and its trail; the score the same when a batch scores without trails."""
    explained = r.evaluate(Context(c, None))
    quick = r.compile(explain=False)(c, None)
    assert quick == (explained.score, ())
    return explained.score, [render_step(step) for step in explained.steps]


TWO_PARTS = rule(kind="composite", parts=[{**PROCUREMENT, "name": "采购", "points": 1}, {**PROCUREMENT, "points": 2}])


def test_a_composite_heads_each_part_and_adds_them_up() -> None:
    score, trail = scored(TWO_PARTS, case())
    # 98.74% × 1 = 0.99; 98.74% × 2 = 1.9748 → 1.97; 0.99 + 1.97 = 2.96
    assert score == D("2.96")
    assert trail[0] == "（1）采购"
    assert trail[1].endswith("= 98.74%") and trail[2].endswith("= 0.99")
    assert trail[3] == "（2）"  # a part without a name is numbered all the same
    assert trail[4].endswith("= 98.74%") and trail[5].endswith("= 1.97")
    assert trail[6:] == ["合计：0.99 + 1.97 = 2.96"]
    assert TWO_PARTS.max_points() == D(3)


def test_a_composite_total_is_rounded_at_its_places() -> None:
    r = rule(kind="composite", places=1, parts=[{**PROCUREMENT, "points": 1}, {**PROCUREMENT, "points": 2}])
    score, trail = scored(r, case())
    assert score == D("3.0") and str(score) == "3.0"  # 0.99 + 1.97 = 2.96 → 3.0
    assert trail[-1] == "合计：0.99 + 1.97 = 3.00"


def test_a_composite_of_one_part_has_no_total_line() -> None:
    r = rule(kind="composite", parts=[{**PROCUREMENT, "name": "采购", "points": 1}])
    score, trail = scored(r, case())
    assert score == D("0.99") and len(trail) == 3 and not trail[-1].startswith("合计")


VETOED = rule(kind="composite", veto={"when": "compliance.misuse_found", "reason": "挪用资金"},
              parts=[{**PROCUREMENT, "points": 1}, {**PROCUREMENT, "points": 2}])


def test_a_veto_zeroes_the_composite_and_says_why() -> None:
    assert scored(VETOED, case(**{"compliance.misuse_found": True})) == (D(0), ["否决：挪用资金，本指标得 0 分"])


def test_without_the_veto_the_parts_score() -> None:
    score, trail = scored(VETOED, case())
    assert score == D("2.96") and trail[-1] == "合计：0.99 + 1.97 = 2.96"


def test_a_yes_no_rule_says_what_it_read() -> None:
    r = rule(kind="flag", when="compliance.misuse_found", expect=False, points=2)
    score, trail = scored(r, case())
    assert score == D(2) and len(trail) == 1 and trail[0].endswith("：否 → 2.00")
    score, trail = scored(r, case(**{"compliance.misuse_found": True}))
    assert score == D(0) and trail[0].endswith("：是 → 0.00")


# --- a ratio and what it scores ------------------------------------------------------------------------------------

RATIO = "实际采购支付金额 ÷ 采购计划金额：145.53 ÷ 147.39 = 98.74%"


def test_a_ratio_times_the_points() -> None:
    r = rule(**PROCUREMENT, points=1)
    assert scored(r, case()) == (D("0.99"), [RATIO, "98.74% × 1.00 分 = 0.99"])


def test_a_ratio_above_its_cap_scores_the_cap() -> None:
    r = rule(**PROCUREMENT, points=2, cap="90%")
    # min(98.74%, 90%) × 2 = 1.80
    assert scored(r, case()) == (D("1.80"), [RATIO, "按上限 90.00% 计，× 2.00 分 = 1.80"])
    assert r.max_points() == D("1.8")  # 2 × 90%
    assert rule(**PROCUREMENT, points=2, cap="100%").max_points() == D(2)
    assert rule(**PROCUREMENT, points=2, cap="120%").max_points() == D(2)  # a ratio above 100% never scores more
    assert rule(**PROCUREMENT, points=2).max_points() == D(2)


def test_a_ratio_at_its_cap_is_the_ratio() -> None:
    # 145.53 ÷ 145.53 = 100% with a cap of 100%: the ratio itself, not “按上限”
    r = rule(**PROCUREMENT, points=2, cap="100%")
    assert scored(r, case(**{"procurement.plan": "145.53"}))[1][-1] == "100.00% × 2.00 分 = 2.00"


@pytest.mark.parametrize(
    ("if_undefined", "score", "line"),
    [("full", "1", "按规定得满分 1.00"), ("zero", "0", "按 0 分计"), ("0.5", "0.5", "按规定得 0.50 分")],
)
def test_a_ratio_over_zero_scores_as_the_rule_says(if_undefined: str, score: str, line: str) -> None:
    r = rule(**PROCUREMENT, points=1, if_undefined=if_undefined)
    assert scored(r, case(**{"procurement.plan": 0})) == (
        D(score), ["实际采购支付金额 ÷ 采购计划金额：145.53 ÷ 0，分母为 0，比率无法计算", line])


# --- over a threshold, under a threshold ------------------------------------------------------------------------

STAFF = {"kind": "over_threshold", "numerator": "staff.in_post", "denominator": "staff.authorised_posts", "points": 2,
         "threshold": "100%", "step": "1%", "per_step": "0.25", "counting": "proportional"}


def test_over_a_threshold_each_step_costs_its_points() -> None:
    # 1011 ÷ 1000 = 101.10%: 1.10% over, 1.1 steps × 0.25 = 0.275 off → 2 − 0.275 = 1.725 → 1.73
    score, trail = scored(rule(**STAFF), case(**{"staff.in_post": 1011, "staff.authorised_posts": 1000}))
    assert score == D("1.73")
    assert trail[-1] == "超出阈值 100.00% 共 1.10%，计 1.1 个步长（每步长 1.00%），扣 0.28：2.00 − 0.28 = 1.73"


def test_within_the_threshold_full_points() -> None:
    score, trail = scored(rule(**STAFF), case(**{"staff.in_post": 990, "staff.authorised_posts": 1000}))
    assert (score, trail[-1]) == (D(2), "99.00% 未超过阈值 100.00% → 2.00")


def test_below_a_threshold_each_whole_step_short_costs_its_points() -> None:
    r = rule(**{**STAFF, "direction": "below", "threshold": "90%", "per_step": "0.5", "counting": "whole_steps"})
    # 855 ÷ 1000 = 85.50%: 4.50% short, 4 whole steps × 0.5 = 2 off → 0
    score, trail = scored(r, case(**{"staff.in_post": 855, "staff.authorised_posts": 1000}))
    assert score == D("0.00")
    assert trail[-1] == "低于阈值 90.00% 共 4.50%，计 4 个步长（每步长 1.00%），扣 2.00：2.00 − 2.00 = 0.00"
    score, trail = scored(r, case(**{"staff.in_post": 950, "staff.authorised_posts": 1000}))
    assert (score, trail[-1]) == (D(2), "95.00% 不低于阈值 90.00% → 2.00")


def test_over_a_threshold_rounds_at_its_places() -> None:
    # 1.725 → 1.7 at one place
    r = rule(**STAFF, places=1)
    assert scored(r, case(**{"staff.in_post": 1011, "staff.authorised_posts": 1000}))[0] == D("1.7")


def test_over_a_threshold_with_no_ratio() -> None:
    r = rule(**STAFF, if_undefined="full")
    assert scored(r, case(**{"staff.authorised_posts": 0}))[1][-1] == "按规定得满分 2.00"


# --- the evaluator's own score and findings ---------------------------------------------------------------------

def judged(score: str | None, reason: str = "") -> tuple[Decimal, list[str]]:
    r = rule(kind="judged", points=2)
    j = None if score is None else TypeAdapter(Judgement).validate_python({"score": score, "reason": reason})
    explained = r.evaluate(Context(case(), j))
    assert r.compile(explain=False)(case(), j) == (explained.score, ())
    return explained.score, [render_step(step) for step in explained.steps]


def test_the_evaluator_s_score_with_and_without_a_reason() -> None:
    assert judged("1.5", "制度不全") == (D("1.5"), ["评价人员评分 1.50/2.00：制度不全"])
    assert judged("2") == (D(2), ["评价人员评分 2.00/2.00"])
    assert judged(None) == (D(0), ["评价人员评分 0.00/2.00"])  # no judgement: nothing awarded


# --- bands and deductions --------------------------------------------------------------------------------------

def test_a_ratio_in_a_band_and_in_none() -> None:
    r = rule(**{**PROCUREMENT, "kind": "bands"}, bands=[{"range": "≥ 95%", "points": 2}, {"range": "[90%, 95%)", "points": 1}])
    assert scored(r, case())[1][-1] == "98.74% 属于“≥ 95%”档 → 2.00"
    # 130 ÷ 147.39 = 88.20%: below every band
    assert scored(r, case(**{"procurement.paid": "130"}))[1][-1] == "88.20% 不在任何一档内 → 0"


def test_deductions_for_each_finding_the_evaluator_lists() -> None:
    r = rule(kind="deductions", points=2, per_finding="0.5", findings="judgement")
    j = TypeAdapter(Judgement).validate_python({"findings": ["制度不全", "台账缺失", "未公开"]})
    explained = r.evaluate(Context(case(), j))
    assert r.compile(explain=False)(case(), j) == (explained.score, ())
    # 2 − 3 × 0.5 = 0.50
    assert (explained.score, [render_step(s) for s in explained.steps]) == (D("0.50"), [
        "问题 1：制度不全", "问题 2：台账缺失", "问题 3：未公开", "2.00 − 3 × 0.50 = 0.50"])
    none = r.evaluate(Context(case(), None))
    assert (none.score, [render_step(s) for s in none.steps]) == (D("2.00"), ["2.00 − 0 × 0.50 = 2.00"])


def test_deductions_for_a_count_in_the_case() -> None:
    r = rule(kind="deductions", points=8, per_finding=4, findings="key_tasks.not_completed")
    # every key task of the example was completed: 8 − 0 × 4 = 8
    score, trail = scored(r, case())
    assert score == D("8.00") and trail[0].endswith("：0") and trail[-1] == "8.00 − 0 × 4.00 = 8.00"


# --- choices and checklists ------------------------------------------------------------------------------------

def test_a_choice_says_the_category_it_scored() -> None:
    r = rule(kind="choice", value="disclosure.budget",
             points={"按规定公开": "1.5", "公开但不符合要求": 1, "未公开": 0, "涉密免于公开": "1.5"})
    score, trail = scored(r, case())
    assert score == D("1.5") and len(trail) == 1 and trail[0].endswith("：按规定公开 → 1.50")
    score, trail = scored(r, case(**{"disclosure.budget": "未公开"}))
    assert score == D(0) and trail[0].endswith("：未公开 → 0.00")


def test_a_checklist_gives_a_reason_only_below_full_points() -> None:
    r = rule(kind="checklist", items=[{"id": "a", "name": "甲", "points": 1}, {"id": "b", "name": "乙", "points": 1}])
    j = TypeAdapter(Judgement).validate_python({"items": {
        "a": {"points": 1, "reason": "已落实"}, "b": {"points": "0.5", "reason": "部分落实"}}})
    explained = r.evaluate(Context(case(), j))
    assert r.compile(explain=False)(case(), j) == (explained.score, ())
    # 1 + 0.5 = 1.50; a full award is shown without its reason
    assert (explained.score, [render_step(s) for s in explained.steps]) == (
        D("1.50"), ["甲：1.00/1.00", "乙：0.50/1.00（部分落实）"])


# --- what a framework file is told when a rule is written wrong --------------------------------------------------

def refused(**params: Any) -> tuple[str, str]:
    """The error type and message of the one problem a rule's parameters have."""
    with pytest.raises(ValidationError) as caught:
        rule(**params)
    errors = caught.value.errors()
    assert len(errors) == 1, errors
    return errors[0]["type"], errors[0]["msg"]


def test_if_undefined_must_be_full_zero_or_points() -> None:
    assert refused(**PROCUREMENT, points=1, if_undefined="half") == (
        "jixiao_rule", "应为 full（得满分）、zero（得 0 分）或一个分数，实际为“half”")


def test_a_rate_parameter_must_be_a_rate() -> None:
    kind, message = refused(**PROCUREMENT, points=1, cap="很多")
    assert kind == "jixiao_number" and message == "“很多”不是有效的数值"
    assert rule(**PROCUREMENT, points=1, cap="0.9").cap == D("0.9")  # a plain fraction
    assert refused(**PROCUREMENT, points=1, cap="0.9元") == ("jixiao_number", "“0.9元”不是有效的数值")  # no unit
    assert rule(**PROCUREMENT, points=1, cap="90%").cap == D("0.9")


def test_a_yes_no_rule_needs_a_yes_no_fact() -> None:
    assert refused(kind="flag", when="procurement.paid", points=1) == ("jixiao_measure", "“procurement.paid”不是是/否事实")
    kind, message = refused(kind="flag", when="compliance.misuse_fond", points=1)
    assert kind == "jixiao_measure" and message == "未知的计量项“compliance.misuse_fond”，是否应为“compliance.misuse_found”？"


def test_a_rate_read_directly_shows_its_label_and_value() -> None:
    # the example's 满意度 is 95%: 95% × 4 = 3.80
    r = rule(kind="ratio_points", value="satisfaction.rate", points=4)
    assert scored(r, case()) == (D("3.80"), ["满意度：95.00%", "95.00% × 4.00 分 = 3.80"])
    # 95.5% kept to two places of its percentage: 95.50% × 4 = 3.82
    assert scored(r, case(**{"satisfaction.rate": "95.5%"}))[1] == ["满意度：95.50%", "95.50% × 4.00 分 = 3.82"]


# --- quarterly execution ------------------------------------------------------------------------------------------

ONLY_Q4 = [{"adjusted_budget": 0, "cumulative_spending": 0}] * 3 + [
    {"adjusted_budget": 100, "cumulative_spending": "80.125"}]


def quarterly(**params: Any) -> Any:
    return rule(kind="quarterly_execution", time_progress=["25%", "50%", "75%", "100%"], percent_places=3,
                rate_places=4, average_of="rounded_rates", **params)


def test_a_quarter_without_a_budget_and_the_total_line() -> None:
    # 80.125 ÷ 100 = 80.125% (three places); ÷ 100% = 0.80125 → 0.8013 at four places (half-even: 0.8012);
    # × 100 points = 80.13
    score, trail = scored(quarterly(quarter_points=100, average_points=0), case(quarters=ONLY_Q4))
    assert score == D("80.13")
    assert trail[:3] == [f"{name}：调整预算数为 0，执行率按 0 计" for name in ("第一季度", "第二季度", "第三季度")]
    assert trail[-1] == "合计 80.13"


def test_a_quarter_s_score_rounds_half_up() -> None:
    # 0.8013 × 0.5 = 0.40065 → 0.4007 at four places (half-even: 0.4006)
    assert scored(quarterly(quarter_points="0.5", average_points=0, places=4), case(quarters=ONLY_Q4))[0] == D("0.4007")


def test_the_average_is_rounded_at_its_percentage_places() -> None:
    # (0 + 0 + 0 + 0.8013) ÷ 4 = 0.200325 → 20.033% at three places → × 100 = 20.0330 (unrounded: 20.0325)
    score, _ = scored(quarterly(quarter_points=0, average_points=100, places=4), case(quarters=ONLY_Q4))
    assert score == D("20.0330")


# --- what a ratio reads: several figures summed, a change, two counts ---------------------------------------------

def test_a_ratio_of_figures_summed() -> None:
    r = rule(kind="ratio_points", numerator=["budget.adjustments", "budget.transfers"], denominator="budget.initial",
             points=10, percent_places=2)
    score, trail = scored(r, case())
    # (16.19 + 229.43) ÷ 4,796.11 = 245.62 ÷ 4,796.11 = 5.1212…% → 5.12%; × 10 = 0.512 → 0.51
    assert score == D("0.51")
    # the figures' labels as the catalogue (facts/data/common.yaml) gives them, joined by ＋
    assert trail[0] == "调整资金（缺省为调整预算数与年初预算数之差）＋调剂资金 ÷ 年初预算数：245.62 ÷ 4,796.11 = 5.12%"


def test_a_change_over_its_base() -> None:
    r = rule(kind="ratio_points", numerator="budget.adjusted", denominator="budget.initial", change=True, points=10,
             percent_places=2)
    # (4,812.30 − 4,796.11) ÷ 4,796.11 = 16.19 ÷ 4,796.11 = 0.3375…% → 0.34%; × 10 = 0.034 → 0.03
    score, trail = scored(r, case())
    # amounts are written as amounts (two places, thousands separated)
    assert score == D("0.03") and trail[0].endswith("：（4,812.30 − 4,796.11）÷ 4,796.11 = 0.34%")


def test_a_ratio_of_two_counts() -> None:
    r = rule(kind="ratio_points", numerator="staff.in_post", denominator="staff.authorised_posts", points=1,
             percent_places=2)
    # 49 ÷ 53 = 92.45%; × 1 = 0.92
    score, trail = scored(r, case())
    assert score == D("0.92") and trail[0].endswith("：49 ÷ 53 = 92.45%")
