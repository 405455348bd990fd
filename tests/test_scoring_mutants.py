"""Scoring a case under a framework (jixiao.scoring.engine, .result, .trail), pinned for the mutation run.

A framework of three indicators written for the test: 实际完成率 (6 points) and 公开完成率 (3 points), both the
completion rate × their points, and 制度健全性 (1 point) scored by the evaluator. It keeps one decimal
(``score_places: 1``), so each indicator's score is rounded half-up a second time, and its grades are 优 ≥ 9,
良 ≥ 8, 中 ≥ 6, 差 ≥ 0. Every expected value is worked out by hand beside it. See docs/mutation.md.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from jixiao.facts.load import parse_case
from jixiao.facts.model import DepartmentYear
from jixiao.frameworks import parse_framework
from jixiao.problems import InputError
from jixiao.scoring.engine import Scorer, evaluate, scorer_for
from jixiao.scoring.result import Subtotal
from jixiao.scoring.trail import Step, render_step

D = Decimal

FRAMEWORK = textwrap.dedent("""\
    id: scoring-test
    title: 计分测试体系
    region: 测试县
    year: 2024
    source: {document: 测试文件}
    total: 10
    score_places: 1
    grades:
      - {grade: 优, min: 9}
      - {grade: 良, min: 8}
      - {grade: 中, min: 6}
      - {grade: 差, min: 0}
    facts:
      - sheet: 项目产出
        shape: form
        figures:
          - {id: output.planned, label: 计划产出数, kind: count}
          - {id: output.actual, label: 实际产出数, kind: count}
    measures:
      - id: local.completion
        label: 实际完成率
        kind: rate
        formula: output.actual ÷ output.planned
    groups:
      - name: 产出
        weight: 6
        groups:
          - name: 数量
            weight: 6
            indicators:
              - id: completion
                name: 实际完成率
                weight: 6
                description: 实际产出与计划产出之比
                standard: 完成率 × 6 分
                rule: {kind: ratio_points, value: local.completion, points: 6}
      - name: 管理
        weight: 4
        groups:
          - name: 制度
            weight: 1
            indicators:
              - id: rules
                name: 制度健全性
                weight: 1
                description: 制度是否健全
                standard: 评价人员酌情评分
                rule: {kind: judged, points: 1}
          - name: 公开
            weight: 3
            indicators:
              - id: openness
                name: 公开完成率
                weight: 3
                description: 按实际完成率计
                standard: 完成率 × 3 分
                rule: {kind: ratio_points, value: local.completion, points: 3}
    """)
FW = parse_framework(FRAMEWORK, "体系.yaml")


def case(actual: int | None = 35, planned: int | None = 40, rules: str = "0.45") -> DepartmentYear:
    output = "" if actual is None else f"output: {{planned: {planned}, actual: {actual}}}\n"
    reason = "" if D(rules) == 1 else ", reason: 制度不全"
    text = f"department: {{name: 测试局}}\nyear: 2024\n{output}judgements:\n  rules: {{score: {rules}{reason}}}\n"
    return parse_case(text, catalogue=FW.catalogue)


def test_each_score_is_rounded_half_up_at_the_framework_s_places() -> None:
    evaluation = evaluate(case(), FW)
    # 35 ÷ 40 = 87.50%: × 6 = 5.25 → 5.3 at one place (half-even: 5.2)
    # the judged 0.45 → 0.5 (half-even: 0.4)
    # × 3 = 2.625 → 2.63 (the rule's two places) → 2.6
    assert [r.score for r in evaluation.results] == [D("5.3"), D("0.5"), D("2.6")]
    assert [str(r.score) for r in evaluation.results] == ["5.3", "0.5", "2.6"]
    assert evaluation.total == D("8.4") and evaluation.grade == "良"  # 5.3 + 0.5 + 2.6
    assert evaluation.complete
    assert [r.missing for r in evaluation.results] == [(), (), ()]


def test_each_score_keeps_its_trail() -> None:
    evaluation = evaluate(case(), FW)
    assert [render_step(s) for s in evaluation.result("completion").steps] == [
        "实际完成率：实际产出数 ÷ 计划产出数 = 35 ÷ 40 = 87.50%", "87.50% × 6.00 分 = 5.25"]
    assert [render_step(s) for s in evaluation.result("rules").steps] == ["评价人员评分 0.45/1.00：制度不全"]


@pytest.mark.parametrize(
    ("actual", "rules", "total", "grade"),
    [
        (40, "1", "10.0", "优"),
        (40, "0", "9.0", "优"),  # 6 + 3 + 0: the lowest 优
        (39, "0.1", "8.9", "良"),  # 97.5% × 6 = 5.85 → 5.9; × 3 = 2.925 → 2.93 → 2.9; + 0.1
        (32, "0.8", "8.0", "良"),  # 80% × 6 = 4.8; × 3 = 2.4; + 0.8: the lowest 良
        (32, "0.7", "7.9", "中"),
        (24, "0.6", "6.0", "中"),  # 60%: 3.6 + 1.8 + 0.6, the lowest 中
        (24, "0.5", "5.9", "差"),
        (0, "0", "0.0", "差"),
    ],
)
def test_grades_on_both_sides_of_each_boundary(actual: int, rules: str, total: str, grade: str) -> None:
    c = case(actual, 40, rules)
    evaluation = evaluate(c, FW)
    assert (evaluation.total, evaluation.grade) == (D(total), grade)
    scores, quick_total, quick_grade = scorer_for(FW).score_values(c)
    assert scores == [r.score for r in evaluation.results]
    assert (quick_total, quick_grade) == (D(total), grade)


def test_score_values_round_as_score_does() -> None:
    scores, total, grade = Scorer(FW).score_values(case())
    assert [str(s) for s in scores] == ["5.3", "0.5", "2.6"]
    assert (total, grade) == (D("8.4"), "良")


def test_subtotals_per_level_one_then_its_level_twos() -> None:
    assert evaluate(case(), FW).subtotals() == [
        Subtotal("产出", None, D(6), D("5.3")),
        Subtotal("产出", "数量", D(6), D("5.3")),
        Subtotal("管理", None, D(4), D("3.1")),  # 0.5 + 2.6
        Subtotal("管理", "制度", D(1), D("0.5")),
        Subtotal("管理", "公开", D(3), D("2.6")),
    ]


MISSING = ("缺少 实际产出数（output.actual）", "缺少 计划产出数（output.planned）")


def test_a_partial_evaluation_scores_what_it_can_and_says_why_not_the_rest() -> None:
    evaluation = evaluate(case(actual=None), FW, partial=True)
    assert [r.score for r in evaluation.results] == [None, D("0.5"), None]
    completion = evaluation.result("completion")
    assert completion.missing == MISSING
    assert [render_step(s) for s in completion.steps] == [
        "未计分：缺少 实际产出数（output.actual）；缺少 计划产出数（output.planned）"]
    assert evaluation.total == D("0.5") and evaluation.grade is None  # no grade for a part
    assert not evaluation.complete
    # an unscored indicator counts as nothing in its subtotal
    assert evaluation.subtotals()[0] == Subtotal("产出", None, D(6), D(0))
    assert scorer_for(FW).score_values(case(actual=None), partial=True) == ([None, D("0.5"), None], D("0.5"), None)


def test_a_full_evaluation_refuses_a_case_that_lacks_facts() -> None:
    with pytest.raises(InputError) as caught:
        evaluate(case(actual=None), FW)
    shown = " ".join(str(p) for p in caught.value.problems)
    assert "output.actual" in shown and "output.planned" in shown
    with pytest.raises(InputError):
        scorer_for(FW).score_values(case(actual=None))
    with pytest.raises(InputError):
        scorer_for(FW).score(case(actual=None))  # a full evaluation unless asked for a partial one


def test_a_result_is_found_by_id_or_name() -> None:
    evaluation = evaluate(case(), FW)
    assert evaluation.result("openness") is evaluation.result("公开完成率")
    assert evaluation.result("rules").indicator.name == "制度健全性"
    with pytest.raises(KeyError, match="满意度"):
        evaluation.result("满意度")
    assert (evaluation.department, evaluation.year) == ("测试局", 2024)


def test_computed_means_no_evaluator_judgement() -> None:
    evaluation = evaluate(case(), FW)
    assert [r.computed for r in evaluation.results] == [True, False, True]


def test_a_scorer_is_made_once_per_framework() -> None:
    framework = parse_framework(FRAMEWORK, "体系.yaml")  # new here: no other test has made its scorer
    first = scorer_for(framework)
    assert scorer_for(framework) is first and first.framework is framework
    assert scorer_for(FW) is not first


@pytest.mark.parametrize(
    ("template", "values", "text"),
    [
        ("{0:amount} 万元", (D("4812.305"),), "4,812.31 万元"),  # two places, half-up, grouped
        ("{0:rate}", (D("0.98745"),), "98.75%"),  # 98.745% → 98.75% (half-even: 98.74%)
        ("{0:rate4}", (D("0.9874505"),), "98.7451%"),  # 98.74505% → 98.7451%
        ("{0:points} 分", (D("4.8"),), "4.80 分"),
        ("{0:count} 人", (1200,), "1200 人"),
        ("{0} ÷ {1}", (D(35), D(40)), "35 ÷ 40"),
        ("{0:>4}", ("甲",), "   甲"),  # any other format spec is Python's own
    ],
)
def test_trail_fields_read_as_they_say(template: str, values: tuple[object, ...], text: str) -> None:
    assert render_step(Step(template, values)) == text
    assert Step(template, values).render() == text


def test_a_step_without_values() -> None:
    assert Step("未计分").render() == "未计分"


def test_an_indicator_scored_from_judged_findings_needs_the_evaluator() -> None:
    from jixiao.frameworks import load_framework
    from jixiao.scoring.result import indicator_needs_judgement

    framework = load_framework("shenzhen-department-2023")
    indicators = {i.id: i for i in framework.indicators}
    # 绩效目标完整性: 3 points less 1 for each finding the evaluator lists
    assert indicator_needs_judgement(indicators["target_completeness"])
    # 重点工作完成情况: 4 points off for each unfinished task, counted in the case's own figures
    assert not indicator_needs_judgement(indicators["key_tasks"])


def test_a_partial_evaluation_without_the_evaluator_s_judgement() -> None:
    text = "department: {name: 测试局}\nyear: 2024\noutput: {planned: 40, actual: 35}\n"
    c = parse_case(text, catalogue=FW.catalogue)
    evaluation = evaluate(c, FW, partial=True)
    assert [r.score for r in evaluation.results] == [D("5.3"), None, D("2.6")]
    assert evaluation.result("rules").missing == ("缺少评价判断",)
    assert (evaluation.total, evaluation.grade) == (D("7.9"), None)  # 5.3 + 2.6
    assert scorer_for(FW).score_values(c, partial=True) == ([D("5.3"), None, D("2.6")], D("7.9"), None)


def test_a_partial_evaluation_of_nothing_totals_a_decimal_zero() -> None:
    c = parse_case("department: {name: 测试局}\nyear: 2024\n", catalogue=FW.catalogue)
    scores, total, grade = scorer_for(FW).score_values(c, partial=True)
    assert (scores, grade) == ([None, None, None], None)
    assert type(total) is Decimal and total == 0
    assert type(evaluate(c, FW, partial=True).total) is Decimal
