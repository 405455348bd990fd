"""The score's trace (jixiao.scoring.trace), pinned for the mutation run (docs/mutation.md).

A framework of three indicators written for the test: 服务完成率, the served share of the planned visits × 4
points (a formula over two figures the framework declares, counted in 人次); 服务方案, two checklist items (符合职责
2 points, 方案细化 1); and 服务质量, a composite of the same share × 2 points (an unnamed part) and 制度, 1 point
the evaluator awards. The case plans 40 visits and serves 35: 87.5%. Values are worked out by hand beside them.
"""

from __future__ import annotations

import datetime
import textwrap
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel

from jixiao.facts.load import parse_case
from jixiao.facts.model import DepartmentYear
from jixiao.frameworks import parse_framework
from jixiao.scoring.engine import evaluate
from jixiao.scoring.trace import FigureRead, MeasureUsed, TraceNode, _json, trace_of, trace_to_dict

D = Decimal

FRAMEWORK = textwrap.dedent("""\
    id: trace-test
    title: 追踪测试体系
    region: 测试县
    year: 2024
    source: {document: 测试文件}
    total: 10
    grades: [{grade: 合格, min: 6}, {grade: 不合格, min: 0}]
    facts:
      - sheet: 项目产出
        shape: form
        figures:
          - {id: output.planned, label: 计划服务人次, kind: count, unit: 人次}
          - {id: output.actual, label: 实际服务人次, kind: count, unit: 人次}
    measures:
      - id: local.completion
        label: 完成率
        kind: rate
        formula: output.actual ÷ output.planned
    groups:
      - name: 产出
        weight: 10
        groups:
          - name: 产出
            weight: 10
            indicators:
              - id: completion
                name: 服务完成率
                weight: 4
                description: 实际与计划之比
                standard: 完成率 × 4 分
                rule: {kind: ratio_points, value: local.completion, points: 4}
              - id: plan
                name: 服务方案
                weight: 3
                description: 方案
                standard: 两个要点
                rule:
                  kind: checklist
                  items:
                    - {id: duties, name: 符合职责, points: 2}
                    - {id: detail, name: 方案细化, points: 1}
              - id: mixed
                name: 服务质量
                weight: 3
                description: 完成率与制度
                standard: 完成率 × 2 分，制度 1 分
                rule:
                  kind: composite
                  parts:
                    - {kind: ratio_points, value: local.completion, points: 2}
                    - {kind: judged, name: 制度, points: 1}
    """)


def _case(actual: int | None = 35, plan_key: str = "plan") -> tuple[DepartmentYear, object]:
    framework = parse_framework(FRAMEWORK, "体系.yaml")  # parsed here: under mutmut nothing cached may hide a bug
    output = "output: {planned: 40}\n" if actual is None else f"output: {{planned: 40, actual: {actual}}}\n"
    text = ("department: {name: 测试局}\nyear: 2024\n" + output + "judgements:\n"
            f"  {plan_key}: {{items: {{duties: {{points: 1.5, reason: 职责不清}}, detail: 1}}}}\n"
            "  服务质量: {score: 0.5, reason: 制度不全}\n")
    return parse_case(text, catalogue=framework.catalogue), framework


def _traces(actual: int | None = 35, plan_key: str = "plan") -> dict[str, TraceNode]:
    case, framework = _case(actual, plan_key)
    evaluation = evaluate(case, framework, partial=actual is None)  # type: ignore[arg-type]
    return {r.indicator.id: trace_of(r, evaluation) for r in evaluation.results}


COMPLETION = MeasureUsed("local.completion", "完成率", "output.actual ÷ output.planned", D("0.875"), (
    FigureRead("output.actual", "实际服务人次", 35, "人次"), FigureRead("output.planned", "计划服务人次", 40, "人次")))


def test_a_formula_rule_names_its_measure_inputs_parameters_and_values() -> None:
    node = _traces()["completion"]
    # 35 ÷ 40 = 87.5% × 4 = 3.50
    assert (node.name, node.kind, node.score) == ("服务完成率", "ratio_points", D("3.50"))
    assert node.figures == () and node.measures == (COMPLETION,)
    # the parameters as the rule holds them (Decimals, not text), none left unset
    assert node.parameters["points"] == D(4) and isinstance(node.parameters["points"], Decimal)
    assert node.parameters["value"] == "local.completion" and node.parameters["cap"] == D(1)
    assert "zero_if_over" not in node.parameters and "kind" not in node.parameters
    assert None not in node.parameters.values()
    assert node.values["ratio"] == D("0.875")
    assert node.lines == ("完成率：实际服务人次 ÷ 计划服务人次 = 35 ÷ 40 = 87.50%", "87.50% × 4.00 分 = 3.50")
    assert node.children == () and node.missing == ()


def test_a_checklist_names_each_item_awarded_with_its_reason() -> None:
    for key in ("plan", "服务方案"):  # the judgement under the indicator's id or its Chinese name
        node = _traces(plan_key=key)["plan"]
        assert node.score == D("2.50")  # 1.5 + 1
        assert node.values["items"] == [
            {"id": "duties", "name": "符合职责", "points": D(2), "awarded": D("1.5"), "reason": "职责不清"},
            {"id": "detail", "name": "方案细化", "points": D(1), "awarded": D(1), "reason": ""}]
        assert node.lines == ("符合职责：1.50/2.00（职责不清）", "方案细化：1.00/1.00")


def test_a_composite_has_a_child_per_part_numbered_from_one() -> None:
    node = _traces()["mixed"]
    # 87.5% × 2 = 1.75, + 0.5 awarded = 2.25
    assert (node.name, node.kind, node.score) == ("服务质量", "composite", D("2.25"))
    assert node.figures == () and node.measures == ()  # its parts say what they read
    first, second = node.children
    assert (first.name, first.kind, first.score) == ("第 1 部分", "ratio_points", D("1.75"))
    assert first.measures == (COMPLETION,)
    assert (second.name, second.kind, second.score) == ("制度", "judged", D("0.5"))
    assert second.lines == ("评价人员评分 0.50/1.00：制度不全",)
    assert node.lines[-1] == "合计：1.75 + 0.50 = 2.25"


def test_an_indicator_not_scored_names_what_it_lacks() -> None:
    node = _traces(actual=None)["completion"]
    assert (node.name, node.kind, node.score) == ("服务完成率", "ratio_points", None)
    assert node.missing == ("缺少 实际服务人次（output.actual）",)
    assert node.lines == ("未计分：缺少 实际服务人次（output.actual）",)
    assert node.parameters["points"] == D(4)
    assert node.measures == (MeasureUsed("local.completion", "完成率", "output.actual ÷ output.planned", None, (
        FigureRead("output.actual", "实际服务人次", None, "人次"), FigureRead("output.planned", "计划服务人次", 40, "人次"))),)
    assert trace_to_dict(node)["missing"] == ["缺少 实际服务人次（output.actual）"]


def test_the_trace_as_json() -> None:
    node = _traces()["mixed"]
    out = trace_to_dict(node)
    assert out["name"] == "服务质量" and out["kind"] == "composite" and out["score"] == "2.25"
    assert out["parameters"] == {"places": 2} and out["figures"] == [] and out["measures"] == []
    assert out["values"] == {} and out["lines"][-1] == "合计：1.75 + 0.50 = 2.25"
    assert "missing" not in out
    first = out["children"][0]
    assert first["measures"] == [{
        "id": "local.completion", "label": "完成率", "formula": "output.actual ÷ output.planned", "value": "0.875",
        "inputs": [{"id": "output.actual", "label": "实际服务人次", "value": 35, "unit": "人次"},
                   {"id": "output.planned", "label": "计划服务人次", "value": 40, "unit": "人次"}]}]
    assert first["parameters"]["points"] == "2" and first["children"] == []
    figure = TraceNode("x", "flag", D(1), {}, figures=(FigureRead("a.b", "某项", True, ""),))
    assert trace_to_dict(figure)["figures"] == [{"id": "a.b", "label": "某项", "value": True, "unit": ""}]


class _Model(BaseModel):
    points: Decimal
    name: str


@dataclass
class _Plain:
    a: int


CONSTANTS = textwrap.dedent("""\
    id: constants-test
    title: 常数测试体系
    region: 测试县
    year: 2024
    source: {document: 测试文件}
    total: 4
    grades: [{grade: 合格, min: 0}]
    measures:
      - {id: local.spent, label: 支出, kind: amount, formula: "30"}
      - {id: local.budget, label: 预算, kind: amount, formula: "40"}
      - {id: local.fee, label: 收费, kind: yuan, formula: "3"}
      - {id: local.fee_plan, label: 计划收费, kind: yuan, formula: "4"}
      - {id: local.done, label: 完成数, kind: count, formula: "3"}
      - {id: local.planned, label: 计划数, kind: count, formula: "4"}
      - {id: local.target, label: 目标比率, kind: rate, formula: "90%"}
    groups:
      - name: 常数
        weight: 4
        groups:
          - name: 常数
            weight: 4
            indicators:
              - {id: amounts, name: 支出进度, weight: 1, description: 支出, standard: 比率 × 1,
                 rule: {kind: ratio_points, numerator: [local.spent], denominator: [local.budget], points: 1}}
              - {id: fees, name: 收费进度, weight: 1, description: 收费, standard: 比率 × 1,
                 rule: {kind: ratio_points, numerator: [local.fee], denominator: [local.fee_plan], points: 1}}
              - {id: counts, name: 完成进度, weight: 1, description: 完成, standard: 比率 × 1,
                 rule: {kind: ratio_points, numerator: [local.done], denominator: [local.planned], points: 1}}
              - {id: rate, name: 目标, weight: 1, description: 目标, standard: 比率 × 1,
                 rule: {kind: ratio_points, value: local.target, points: 1}}
    """)


def test_a_measure_of_no_figures_is_read_as_a_figure_in_its_kind_s_unit() -> None:
    # a formula of constants reads no figure: the trace shows it as a figure, its unit by its kind. (Scoring such a
    # framework once ended in a traceback: the binding took the measure for a figure of a section "local".)
    framework = parse_framework(CONSTANTS, "常数.yaml")
    evaluation = evaluate(parse_case("department: {name: 测试局}\nyear: 2024\n", catalogue=framework.catalogue),
                          framework)
    figures = {r.indicator.id: trace_of(r, evaluation).figures for r in evaluation.results}
    assert figures == {
        "amounts": (FigureRead("local.spent", "支出", D(30), "万元"), FigureRead("local.budget", "预算", D(40), "万元")),
        "fees": (FigureRead("local.fee", "收费", D(3), "元"), FigureRead("local.fee_plan", "计划收费", D(4), "元")),
        "counts": (FigureRead("local.done", "完成数", D(3), ""), FigureRead("local.planned", "计划数", D(4), "")),
        "rate": (FigureRead("local.target", "目标比率", D("0.9"), "%"),),
    }
    # 30 ÷ 40, 3 ÷ 4, 3 ÷ 4 = 75%; 90%: × 1 point each
    assert [r.score for r in evaluation.results] == [D("0.75"), D("0.75"), D("0.75"), D("0.90")]


def test_values_as_json() -> None:
    assert _json(D("1E+1")) == "10" and _json(D("0.50")) == "0.50"  # written out in full, never 1E+1
    assert [_json(v) for v in (True, 3, "文字", None)] == [True, 3, "文字", None]
    assert _json({1: D("2.5")}) == {"1": "2.5"}
    assert _json([D(1), (D(2),)]) == ["1", ["2"]]
    assert _json(datetime.date(2024, 3, 1)) == "2024-03-01"
    assert _json(datetime.datetime(2024, 3, 1, 9, 30)) == "2024-03-01T09:30:00"  # ISO, with its T
    assert _json(_Model(points=D("1.5"), name="甲")) == {"points": "1.5", "name": "甲"}
    assert _json(_Plain(1)) == "_Plain(a=1)"  # a dataclass with no pydantic fields: its text
    assert _json(D) == str(D)
