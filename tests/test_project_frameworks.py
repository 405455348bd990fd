"""The two built-in project frameworks of 财预〔2020〕10号 and their example cases, every score worked by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from jixiao.facts.load import load_case, parse_case
from jixiao.frameworks import load_framework
from jixiao.problems import InputError
from jixiao.render.rule_text import describe_rule
from jixiao.rules import Rule
from jixiao.scoring.engine import evaluate
from jixiao.scoring.intake import load_for_scoring

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SELF_FILE = EXAMPLES / "project-self-2023.yaml"
EVALUATION_FILE = EXAMPLES / "project-evaluation-2023.yaml"


def D(text: str) -> Decimal:
    return Decimal(text)


def scores(evaluation: object) -> dict[str, Decimal | None]:
    return {r.indicator.id: r.score for r in evaluation.results}  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------------------
# project-self-2020: 单位自评


def test_self_framework_structure() -> None:
    framework = load_framework("project-self-2020")
    assert [(g.name, g.weight) for g in framework.groups] == [
        ("预算执行", 10), ("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)]
    assert [i.id for i in framework.indicators] == [
        "execution_rate", "output_targets", "benefit_targets", "satisfaction_targets"]
    assert "财预〔2020〕10号" in framework.source.document
    assert framework.grade_for(D("90")) == "优"
    assert framework.grade_for(D("89.99")) == "良"
    assert framework.grade_for(D("80")) == "良"
    assert framework.grade_for(D("60")) == "中"
    assert framework.grade_for(D("59.99")) == "差"


def test_self_example_scored_by_hand() -> None:
    framework = load_framework("project-self-2020")
    evaluation = evaluate(load_case(SELF_FILE), framework)
    assert scores(evaluation) == {
        # 预算执行率 = 1104 ÷ 1200 = 92.00%; × 10 = 9.20
        "execution_rate": D("9.20"),
        # 产出 (weights 10 × 5 = 50 = the rule's points, so used as written):
        #   学校数 12 ≥ 12 met → 10; 面积 27000 ÷ 30000 = 90% → 9; 合格率 100% met → 10;
        #   完工 8月25日 before 8月31日 (deadline met band 100%) → 10; 成本 420 ≤ 450 met → 10.  Sum 49.00
        "output_targets": D("49.00"),
        # 效益: 隐患 "部分达成" → partly band 70% × 10 = 7; 受益学生 14000 vs ≥ 8000: over (14000 − 8000) ÷ 8000 = 75%,
        #   25% beyond the 50% threshold → share 75% × 10 = 7.5; 使用年限 15 ≥ 15 → 10.  Sum 24.50
        "benefit_targets": D("24.50"),
        # 满意度: 师生 93% ≥ 90% (over 3.33%, below the threshold) → 5; 家长 88 ÷ 90 × 5 = 4.888… ; sum 9.888… → 9.89
        "satisfaction_targets": D("9.89"),
    }
    # 9.20 + 49.00 + 24.50 + 9.89 = 92.59 → 优 (≥ 90)
    assert evaluation.total == D("92.59")
    assert evaluation.grade == "优"


def test_self_example_through_intake_is_the_same() -> None:
    case, framework = load_for_scoring(SELF_FILE)
    assert framework.id == "project-self-2020"
    assert evaluate(case, framework).total == D("92.59")


SELF_BASE = SELF_FILE.read_text(encoding="utf-8")


def self_variant(*replacements: tuple[str, str]) -> dict[str, Decimal | None]:
    text = SELF_BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return scores(evaluate(parse_case(text), load_framework("project-self-2020")))


@pytest.mark.parametrize(("executed", "expected"), [
    ("1200.00", "10.00"),   # 1200 ÷ 1200 = 100% × 10 = 10
    ("1250.00", "10.00"),   # 1250 ÷ 1200 = 104.17%, capped at 100% → 10
    ("1199.94", "10.00"),   # 99.995% rounds half up to 100.00% → 10
    ("1199.93", "10.00"),   # 99.994166…% → 99.99% × 10 = 9.999 → 10.00 (points to 2 places)
    ("1194.00", "9.95"),    # 1194 ÷ 1200 = 99.50% × 10 = 9.95
    ("0", "0.00"),          # nothing spent: 0%
])
def test_execution_rate_cap(executed: str, expected: str) -> None:
    got = self_variant(("  executed: 1104.00           # 全年执行数", f"  executed: {executed}"))
    assert got["execution_rate"] == D(expected)


def test_execution_rate_with_a_zero_budget_is_undefined_and_scores_zero() -> None:
    got = self_variant(("  full_year_budget: 1200.00", "  full_year_budget: 0"))
    assert got["execution_rate"] == D("0")


@pytest.mark.parametrize(("actual", "expected"), [
    ("12000人", "10.00"),  # over 4000 ÷ 8000 = 50%: exactly at the threshold, not cut → 10
    ("12008人", "9.99"),   # over 50.1%: 0.1% beyond → share 99.9% × 10 = 9.99
    ("8001人", "10.00"),   # just above the target → 10
    ("16000人", "5.00"),   # over 100%: 50% beyond → share 50% × 10 = 5
    ("24000人", "0.00"),   # over 200%: 150% beyond, the cut stops at 100% → 0
    ("7200人", "9.00"),    # missed: 7200 ÷ 8000 = 90% × 10 = 9
])
def test_target_far_above_is_cut_and_just_above_is_not(actual: str, expected: str) -> None:
    got = self_variant(("      actual: 14000人", f"      actual: {actual}"))
    # 效益 = 隐患 7 + 受益学生 (varied) + 年限 10
    assert got["benefit_targets"] == D("17") + D(expected)


def test_target_weights_are_scaled_to_the_rule_points() -> None:
    # 满意度 weights written 3 and 3 (sum 6) against 10 points: each counts 3 × 10 ÷ 6 = 5, so the same as 5 and 5:
    # 5 + 88 ÷ 90 × 5 = 9.888… → 9.89
    got = self_variant(('actual: "93%", weight: 5}', 'actual: "93%", weight: 3}'),
                       ('      actual: "88%"\n      weight: 5', '      actual: "88%"\n      weight: 3'))
    assert got["satisfaction_targets"] == D("9.89")
    # 产出 weights 10, 10, 10, 10, 20 (sum 60) against 50: 学校数 10 × 50 ÷ 60 = 8.333…, 面积 90% × 8.333… = 7.5,
    # 合格率 8.333…, 完工 8.333…, 成本 20 × 50 ÷ 60 = 16.666…; sum 8.333… × 3 + 7.5 + 16.666… = 49.1666… → 49.17
    got = self_variant(('actual: 420元/平方米,\n       weight: 10}', 'actual: 420元/平方米,\n       weight: 20}'))
    assert got["output_targets"] == D("49.17")


def test_without_satisfaction_targets_their_points_go_by_the_benefit_targets() -> None:
    text = SELF_BASE[:SELF_BASE.index("    - {level1: 满意度指标")]
    case = parse_case(text)
    evaluation = evaluate(case, load_framework("project-self-2020"))
    got = scores(evaluation)
    # 效益 unchanged at 24.50 of 30; 满意度 10 scored by the benefit targets: weights 10 each × 10 ÷ 30 = 3.333…,
    # 70% × 3.333… + 75% × 3.333… + 100% × 3.333… = 2.45 × 3.333… = 8.1666… → 8.17 (and 24.50 + 8.17 = 32.67,
    # against 24.5 ÷ 30 × 40 = 32.666… were 效益 scored over 40 points at once)
    assert got["benefit_targets"] == D("24.50")
    assert got["satisfaction_targets"] == D("8.17")
    # 9.20 + 49.00 + 24.50 + 8.17 = 90.87 → 优
    assert evaluation.total == D("90.87")
    steps = [s.render() for s in evaluation.result("satisfaction_targets").steps]
    assert steps[0] == "自评表中没有满意度指标，本项分值并入效益指标，按效益指标的完成情况计分"
    assert steps[-1] == "绩效指标 3 项（效益指标）合计 8.17"


def test_without_satisfaction_or_benefit_targets_the_rule_scores_if_none() -> None:
    text = SELF_BASE[:SELF_BASE.index("    - level1: 效益指标")]
    got = scores(evaluate(parse_case(text), load_framework("project-self-2020")))
    assert got["benefit_targets"] == D("0") and got["satisfaction_targets"] == D("0")


_ADAPTER: TypeAdapter[object] = TypeAdapter(Rule)


def test_if_none_level1_is_checked() -> None:
    with pytest.raises(ValidationError, match="须与 level1 同用"):
        _ADAPTER.validate_python({"kind": "targets", "points": 10, "if_none_level1": ["效益指标"]})
    with pytest.raises(ValidationError, match="不能包含 level1 中已有的一级指标：效益指标"):
        _ADAPTER.validate_python({"kind": "targets", "points": 10, "level1": ["满意度指标", "效益指标"],
                                  "if_none_level1": ["效益指标"]})
    rule = _ADAPTER.validate_python({"kind": "targets", "points": 10, "level1": ["满意度指标"],
                                     "if_none_level1": ["效益指标"]})
    assert describe_rule(rule).endswith("；自评表中没有满意度指标时按效益指标的完成情况计分")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------------
# project-evaluation-2020: 决策 / 过程 / 产出 / 效益


def test_evaluation_framework_structure() -> None:
    framework = load_framework("project-evaluation-2020")
    assert [(g.name, g.weight) for g in framework.groups] == [("决策", 15), ("过程", 25), ("产出", 30), ("效益", 30)]
    level2 = [(g.name, [i.name for i in g.indicators]) for top in framework.groups for g in top.groups]
    assert level2 == [
        ("项目立项", ["立项依据充分性", "立项程序规范性"]),
        ("绩效目标", ["绩效目标合理性", "绩效指标明确性"]),
        ("资金投入", ["预算编制科学性", "资金分配合理性"]),
        ("资金管理", ["资金到位率", "预算执行率", "资金使用合规性"]),
        ("组织实施", ["管理制度健全性", "制度执行有效性"]),
        ("产出数量", ["实际完成率"]),
        ("产出质量", ["质量达标率"]),
        ("产出时效", ["完成及时性"]),
        ("产出成本", ["成本节约率"]),
        ("项目效益", ["经济效益", "社会效益", "生态效益", "可持续影响", "服务对象满意度"]),
    ]
    # The framework's own figures are in its catalogue, not in the common one.
    assert {"output.planned", "output.actual", "output.quality_met", "output.on_time", "output.planned_cost",
            "output.actual_cost", "beneficiary.satisfaction"} <= set(framework.catalogue.figures)
    assert "output.planned" not in load_framework("project-self-2020").catalogue.figures


def test_evaluation_example_needs_the_framework_catalogue() -> None:
    with pytest.raises(InputError, match="output"):
        load_case(EVALUATION_FILE)  # the common catalogue knows no “output” section


def evaluation_example() -> object:
    framework = load_framework("project-evaluation-2020")
    return evaluate(load_case(EVALUATION_FILE, catalogue=framework.catalogue), framework)


def test_evaluation_example_scored_by_hand() -> None:
    evaluation = evaluation_example()
    assert scores(evaluation) == {
        # 决策: checklists as judged
        "basis_adequacy": D("3.00"),          # 1 + 1 + 1
        "procedure_compliance": D("1.50"),    # 1 + 0.5
        "target_rationality": D("2.50"),      # 1 + 1 + 0.5
        "indicator_clarity": D("1.50"),       # 1 + 0.5
        "budget_scientific": D("3.00"),       # 1 + 1 + 1
        "allocation_rationality": D("2.00"),  # 1 + 1
        # 过程
        "funds_arrival": D("4.79"),     # 1150 ÷ 1200 = 95.8333…% → 95.83% × 5 = 4.7915 → 4.79
        "funds_execution": D("4.80"),   # 1104 ÷ 1150 = 96.00% × 5 = 4.80
        "funds_compliance": D("4.50"),  # 1 + 1 + 1 + 1 + 0.5
        "system_soundness": D("5.00"),  # 3 + 2
        "system_execution": D("4.00"),  # 5 − one finding × 1
        # 产出
        "completion_rate": D("8.31"),   # 24 ÷ 26 = 92.3077% → 92.31% × 9 = 8.3079 → 8.31
        "quality_rate": D("8.62"),      # 23 ÷ 24 = 95.8333% → 95.83% × 9 = 8.6247 → 8.62
        "timeliness": D("5.50"),        # 22 ÷ 24 = 91.6667% → 91.67% × 6 = 5.5002 → 5.50
        # (1080 − 1104) ÷ 1080 = −2.2222% → −2.22%: 2.22 points below 0%, × 0.6 = 1.332 off 6 → 4.668 → 4.67
        "cost_saving": D("4.67"),
        # 效益
        "economic_benefit": D("3.00"),
        "social_benefit": D("9.00"),
        "ecological_benefit": D("3.00"),
        "sustainability": D("5.00"),
        "beneficiary_satisfaction": D("4.00"),  # 89.50% in [80%, 90%) → 4
    }
    # 决策 3 + 1.5 + 2.5 + 1.5 + 3 + 2 = 13.5; 过程 4.79 + 4.80 + 4.5 + 5 + 4 = 23.09;
    # 产出 8.31 + 8.62 + 5.50 + 4.67 = 27.10; 效益 3 + 9 + 3 + 5 + 4 = 24; total 87.69 → 良 (80 ≤ 87.69 < 90)
    assert evaluation.total == D("87.69")  # type: ignore[attr-defined]
    assert evaluation.grade == "良"  # type: ignore[attr-defined]


def test_evaluation_example_through_intake_uses_the_framework_catalogue() -> None:
    case, framework = load_for_scoring(EVALUATION_FILE)
    assert framework.id == "project-evaluation-2020"
    assert case.figures["output.planned"] == 26
    assert evaluate(case, framework).total == D("87.69")


EVALUATION_BASE = EVALUATION_FILE.read_text(encoding="utf-8")


def evaluation_variant(*replacements: tuple[str, str]) -> dict[str, Decimal | None]:
    text = EVALUATION_BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    framework = load_framework("project-evaluation-2020")
    return scores(evaluate(parse_case(text, catalogue=framework.catalogue), framework))


@pytest.mark.parametrize(("rate", "expected"), [
    ("100%", "6"), ("90%", "6"), ("89.99%", "4"), ("80%", "4"), ("79.99%", "2"), ("60%", "2"), ("59.99%", "0"),
    ("0%", "0"),
])
def test_satisfaction_band_edges(rate: str, expected: str) -> None:
    got = evaluation_variant(("  satisfaction: 89.50%", f"  satisfaction: {rate}"))
    assert got["beneficiary_satisfaction"] == D(expected)


@pytest.mark.parametrize(("actual_cost", "expected"), [
    ("1080.00", "6.00"),   # saving 0% → full
    ("900.00", "6.00"),    # saving 16.67% → full
    ("1090.80", "5.40"),   # overrun exactly 1%: −1.00% → 6 − 0.6 = 5.40
    ("1188.00", "0.00"),   # overrun 10%: 10 × 0.6 = 6 → 0
    ("1296.00", "0.00"),   # overrun 20%: deduction 12 stops at 0
])
def test_cost_saving_rate(actual_cost: str, expected: str) -> None:
    got = evaluation_variant(("  actual_cost: 1104.00", f"  actual_cost: {actual_cost}"))
    assert got["cost_saving"] == D(expected)


def test_zero_plans_and_missing_funds_are_undefined_and_score_zero() -> None:
    got = evaluation_variant(("  planned_cost: 1080.00", "  planned_cost: 0"), ("  planned: 26", "  planned: 0"))
    assert got["cost_saving"] == D("0")
    assert got["completion_rate"] == D("0")
    got = evaluation_variant(("  funds_arrived: 1150.00      # 实际到位资金\n", ""))
    assert got["funds_arrival"] == D("0")   # no funds arrived written: 到位率 undefined
    assert got["funds_execution"] == D("0")  # and 执行率 divides by it
    got = evaluation_variant(("  full_year_budget: 1200.00", "  full_year_budget: 0"))
    assert got["funds_arrival"] == D("0")
    assert got["funds_execution"] == D("4.80")  # 1104 ÷ 1150 does not depend on the budget


def test_rates_above_one_are_capped() -> None:
    # 1250 arrived of 1200 (104.17%) → 5; 1104 ÷ 1250 = 88.32% × 5 = 4.416 → 4.42
    got = evaluation_variant(("  funds_arrived: 1150.00", "  funds_arrived: 1250.00"))
    assert got["funds_arrival"] == D("5.00")
    assert got["funds_execution"] == D("4.42")
    # 28 delivered of 26 planned → capped 100% → 9; quality 23 ÷ 28 = 82.14% × 9 = 7.3926 → 7.39;
    # on time 22 ÷ 28 = 78.57% × 6 = 4.7142 → 4.71
    got = evaluation_variant(("  actual: 24 ", "  actual: 28 "))
    assert (got["completion_rate"], got["quality_rate"], got["timeliness"]) == (D("9.00"), D("7.39"), D("4.71"))


@pytest.mark.parametrize(("old", "new", "hint"), [
    # 1150 + 50 = 1200 as given: no hint; a fiscal budget of 1160 makes the parts 1210 > 1200
    ("  fiscal_budget: 1150.00", "  fiscal_budget: 1160.00",
     "项目全年预算数的分项之和（当年财政拨款 1,160.00 + 上年结转资金 50.00 = 1,210.00 万元）大于合计 1,200.00 万元"),
    # all three sources given for the executed column, short of the total: 1060 + 34 + 5 = 1099 ≠ 1104
    ("  carryover_executed: 44.00", "  carryover_executed: 34.00\n  other_executed: 5.00",
     "项目全年执行数的三个分项之和（当年财政拨款 1,060.00 + 上年结转资金 34.00 + 其他资金 5.00 = 1,099.00 万元）"
     "与合计 1,104.00 万元不符"),
])
def test_funds_by_source_that_do_not_fit_the_total_are_hinted_at_their_line(
        tmp_path: Path, old: str, new: str, hint: str) -> None:
    from typer.testing import CliRunner

    from jixiao.cli import app

    case = tmp_path / "自评.yaml"
    assert old in SELF_BASE
    case.write_text(SELF_BASE.replace(old, new), encoding="utf-8")
    clean = tmp_path / "原样.yaml"
    clean.write_text(SELF_BASE, encoding="utf-8")
    runner = CliRunner()
    assert "分项之和" not in runner.invoke(app, ["score", str(clean)]).output
    result = runner.invoke(app, ["score", str(case)])
    assert result.exit_code == 0  # a hint, not an error: the score stands
    line = next(line for line in result.output.splitlines() if "分项之和" in line)
    assert hint in line and "自评.yaml" in line and "行" in line
