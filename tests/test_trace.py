"""The structured trace of a score: figures by id, formula measures with their inputs, parameters, children."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

from casefiles import EXAMPLE
from jixiao.facts.load import load_case
from jixiao.frameworks import load_framework
from jixiao.scoring.engine import evaluate
from jixiao.scoring.trace import trace_of, trace_to_dict

AT_MOST = textwrap.dedent("""\
        id: at-most
        title: 上限体系
        region: 测试
        year: 2024
        source: {document: 测试}
        total: 10
        grades: [{grade: 合格, min: 6}, {grade: 不合格, min: 0}]
        groups:
          - name: 产出
            weight: 10
            groups:
              - name: 数量
                weight: 10
                indicators:
                  - id: targets
                    name: 绩效指标
                    weight: 10
                    description: 按自评表
                    standard: 达成得满分
                    rule: {kind: targets, points: 10, plain_meaning: 不高于, infer_plain_meaning: false}
        """)


def _traces() -> dict[str, dict]:  # type: ignore[type-arg]
    evaluation = evaluate(load_case(EXAMPLE), load_framework("shenzhen-department-2023"))
    return {r.indicator.id: trace_to_dict(trace_of(r, evaluation)) for r in evaluation.results}


def test_a_composite_has_a_child_per_part_with_its_figures_and_ratio() -> None:
    procurement = _traces()["procurement"]
    assert procurement["score"] == "1.99" and procurement["kind"] == "composite"
    rate, policy = procurement["children"]
    assert rate["name"] == "政府采购执行率" and policy["kind"] == "checklist"
    figures = {f["id"]: f for f in rate["figures"]}
    assert figures["procurement.paid"]["value"] == "145.53" and figures["procurement.paid"]["unit"] == "万元"
    # 145.53 ÷ 147.39 = 0.98738… → 98.74% at the rule's two places; × 1 point = 0.99, + 1 = 1.99
    assert rate["values"]["ratio"] == "0.9874"
    assert Decimal(rate["values"]["exact_ratio"]).quantize(Decimal("0.000001")) == Decimal("0.987380")
    assert rate["parameters"]["percent_places"] == 2 and rate["parameters"]["zero_if_over"] == "1"
    assert Decimal(rate["score"]) + Decimal(policy["score"]) == Decimal(procurement["score"])


def test_a_formula_measure_shows_its_formula_value_and_inputs() -> None:
    node = _traces()["outside_quota_control"]
    measures = {m["id"]: m for m in node["measures"]}
    # the example's other staff: 11 (not outside the quota) + 5 + 20 outside → 25; 49 in post + 36 → 85
    assert measures["staff.outside_quota"]["value"] == 25
    assert measures["staff.outside_quota"]["formula"] == "sum(staff.other.count where outside_quota)"
    assert measures["staff.all_in_post"]["value"] == 85
    assert {i["id"] for i in measures["staff.all_in_post"]["inputs"]} == {"staff.in_post", "staff.other"}
    assert node["values"]["ratio"] == "0.2941" and node["score"] == "0.00"


def test_the_json_score_sheet_carries_the_trace() -> None:
    import json

    from typer.testing import CliRunner

    from jixiao.cli import app

    result = CliRunner().invoke(app, ["score", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    indicators = json.loads(result.output)["indicators"]
    assert all("trace" in i and i["trace"]["score"] == i["score"] for i in indicators)


def test_the_report_judges_targets_with_the_options_the_score_used() -> None:
    """A framework reading bare values as “at most” (不高于): a target of 100 reached at 90 is met in the score,
    and the report's targets table says so too (a default reading, “at least”, would call it missed)."""
    import textwrap

    from jixiao.facts.load import parse_case
    from jixiao.frameworks import parse_framework
    from jixiao.report.build import target_results

    framework = parse_framework(AT_MOST, "上限.yaml")
    case = parse_case(textwrap.dedent("""\
        department: {name: 测试局}
        year: 2024
        self_evaluation:
          targets:
            - {level1: 产出指标, level2: 数量指标, name: 会议次数, expected: "100", actual: "90", weight: 10}
        """))
    evaluation = evaluate(case, framework)
    assert evaluation.total == Decimal("10.00")  # 90 ≤ 100: met, full 10 points
    results = target_results(case, framework)
    assert results is not None and results[0] is not None and results[0].outcome == "达成"
    default = target_results(case)
    assert default is not None and default[0] is not None and default[0].outcome == "未达成"


def test_a_composite_of_one_part_adds_no_total_line() -> None:
    from pydantic import TypeAdapter

    from jixiao.facts.load import parse_case
    from jixiao.rules import Rule
    from jixiao.rules.base import Context

    rule = TypeAdapter(Rule).validate_python({
        "kind": "composite", "veto": {"when": "compliance.misuse_found", "reason": "违规"},
        "parts": [{"kind": "checklist", "name": "制度", "items": [{"id": "a", "name": "制度健全", "points": 2}]}]})
    case = parse_case("department: {name: 测试局}\nyear: 2024\njudgements: {x: {items: {a: 1.5}}}\n")
    outcome = rule.evaluate(Context(case, case.judgements["x"]))
    lines = [step.render() for step in outcome.steps]
    assert outcome.score == Decimal("1.50")
    assert not any(line.startswith("合计") for line in lines), lines


def test_the_targets_command_judges_as_the_case_s_framework_scores(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from jixiao.cli import app

    framework = tmp_path / "上限.yaml"
    framework.write_text(AT_MOST, encoding="utf-8")
    case = tmp_path / "案例.yaml"
    case.write_text("department: {name: 测试局}\nyear: 2024\nframework: 上限.yaml\nself_evaluation:\n  targets:\n"
                    '    - {level1: 产出指标, level2: 数量指标, name: 会议次数, expected: "100", actual: "90", weight: 10}\n',
                    encoding="utf-8")
    runner = CliRunner()
    # the framework's targets rule reads a bare 100 as “at most”: 90 is met, as the score counts it
    as_scored = json.loads(runner.invoke(app, ["targets", str(case), "--json"]).stdout)
    assert as_scored["targets"][0]["outcome"] == "达成"
    # --plain still says otherwise when asked
    asked = json.loads(runner.invoke(app, ["targets", str(case), "--json", "--plain", "不低于"]).stdout)
    assert asked["targets"][0]["outcome"] == "未达成"
