"""The ``targets`` rule kind: a framework scoring indicators from the self-evaluation table's targets."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from jixiao.facts.load import load_case, parse_case
from jixiao.frameworks import parse_framework
from jixiao.problems import InputError
from jixiao.rules import Context, Rule
from jixiao.scoring.engine import evaluate
from jixiao.scoring.trail import render_step

SEED = Path(__file__).parent / "fixtures" / "shenzhen-ccpit-2023-self-evaluation.yaml"
RULE = TypeAdapter(Rule)
D = Decimal

# A project-style framework (产出 / 效益 / 满意度), scored entirely from the targets: no new Python needed.
FRAMEWORK = textwrap.dedent("""\
    id: targets-test
    title: 按绩效指标计分的测试指标体系
    region: 测试市
    year: 2023
    source: {document: 测试文件}
    total: 100
    grades:
      - {grade: 优, min: 90}
      - {grade: 良, min: 80}
      - {grade: 中, min: 60}
      - {grade: 差, min: 0}
    groups:
      - name: 绩效指标
        weight: 100
        groups:
          - name: 产出
            weight: 50
            indicators:
              - id: outputs
                name: 产出指标完成情况
                weight: 50
                description: 数量、质量、时效、成本指标
                standard: 各项 min(实际 ÷ 预期, 1) × 权重
                rule: {kind: targets, points: 50, level1: [产出指标]}
          - name: 效益
            weight: 40
            indicators:
              - id: benefits
                name: 效益指标完成情况
                weight: 30
                description: 社会效益等
                standard: 各项 min(实际 ÷ 预期, 1) × 权重
                rule: {kind: targets, points: 30, level1: [效益指标]}
              - id: satisfaction
                name: 满意度
                weight: 10
                description: 服务对象满意度
                standard: 达到预期得满分
                rule: {kind: targets, points: 10, level1: [满意度指标]}
          - name: 其他
            weight: 10
            indicators:
              - id: others
                name: 其他指标
                weight: 10
                description: 自评表中没有的一级指标
                standard: 没有则得满分
                rule: {kind: targets, points: 10, level1: [生态效益指标], if_none: full}
    """)


def test_the_seed_scores_full_marks_from_its_targets() -> None:
    evaluation = evaluate(load_case(SEED), parse_framework(FRAMEWORK, "targets.yaml"))
    scores = {r.indicator.id: r.score for r in evaluation.results}
    assert scores == {"outputs": D("50.00"), "benefits": D("30.00"), "satisfaction": D("10.00"),
                      "others": D(10)}
    assert evaluation.total == D("100.00") and evaluation.grade == "优"
    trail = [render_step(step) for step in evaluation.results[0].steps]
    assert len(trail) == 17  # 16 output targets and the total
    assert trail[0] == "全年签发商事证明书快件数（达成）：6.33万份 ÷ 5万份 = 126.60%，按 100% 计 × 3.13 = 3.13"
    assert trail[-1] == "绩效指标 16 项（产出指标）合计 50.00"


def _case(targets: str) -> str:
    return "department: {name: 测试部门}\nyear: 2023\nself_evaluation:\n  targets:\n" + textwrap.indent(
        textwrap.dedent(targets), "    "
    )


def test_own_weights_are_scaled_to_the_points() -> None:
    case = parse_case(_case("""\
        - {level1: 产出指标, level2: 数量指标, name: 培训场次, expected: "≥20场", actual: "15场", weight: 2}
        - {level1: 产出指标, level2: 成本指标, name: 单位成本, expected: "≤100元/人", actual: "125元/人", weight: 1}
        - {level1: 产出指标, level2: 时效指标, name: 完成时间, expected: 年度内, actual: 延期完成, weight: 1}
        """))
    rule = RULE.validate_python({"kind": "targets", "points": 8})
    outcome = rule.evaluate(Context(case, None))
    # weights 2, 1, 1 scaled to 8 points: 4, 2, 2; shares 75%, 80%, 0
    assert outcome.score == D("4.60")
    assert [render_step(s) for s in outcome.steps] == [
        "培训场次（未达成）：15场 ÷ 20场 = 75.00% × 4.00 = 3.00",
        "单位成本（未达成）：100元/人 ÷ 125元/人 = 80.00% × 2.00 = 1.60",
        "完成时间（未达成）：未达成，按 0 计 × 2.00 = 0.00",
        "绩效指标 3 项（全部）合计 4.60",
    ]


def test_a_target_that_cannot_be_judged_scores_nothing_and_says_so() -> None:
    case = parse_case(_case("""\
        - {level1: 产出指标, level2: 数量指标, name: 展位数, expected: "≥500个", actual: "612场"}
        """))
    outcome = RULE.validate_python({"kind": "targets", "points": 5}).evaluate(Context(case, None))
    assert outcome.score == 0
    assert "无法判断，按 0 计（请评价人员复核）" in render_step(outcome.steps[0])


def test_mixed_weights_score_zero_with_the_reason() -> None:
    case = parse_case(_case("""\
        - {level1: 产出指标, level2: 数量指标, name: 甲, expected: "≥1", actual: "2", weight: 1}
        - {level1: 产出指标, level2: 数量指标, name: 乙, expected: "≥1", actual: "2"}
        """))
    outcome = RULE.validate_python({"kind": "targets", "points": 5}).evaluate(Context(case, None))
    assert outcome.score == 0
    assert "部分绩效指标填写了分值" in render_step(outcome.steps[0])


def test_a_case_without_the_table_is_reported() -> None:
    case = parse_case("department: {name: 测试部门}\nyear: 2023\n")
    with pytest.raises(InputError) as caught:
        evaluate(case, parse_framework(FRAMEWORK, "targets.yaml"))
    assert any("自评表" in str(p) or "self_evaluation" in str(p) for p in caught.value.problems)


def test_rule_parameters_are_checked() -> None:
    with pytest.raises(ValueError, match="plain_meaning"):
        RULE.validate_python({"kind": "targets", "points": 5, "plain_meaning": "大约"})
