"""The catalogue of figures and the measures a framework writes as formulas.

A framework file here adds one figure of its own (``facts:``) and two measures (``measures:``); the expected
scores are worked out by hand beside each case.
"""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.facts.catalogue import common
from jixiao.facts.load import parse_case
from jixiao.facts.measures import model_measures
from jixiao.frameworks import load_framework, parse_framework
from jixiao.problems import InputError
from jixiao.scoring.engine import evaluate
from jixiao.scoring.intake import load_for_scoring

# --- the common catalogue and the typed model agree --------------------------------------------------------

_NOT_FIGURES = ("narrative", "judgements", "figures")


def test_every_field_of_the_typed_model_is_declared_with_its_label_and_kind() -> None:
    catalogue = common()
    kinds = {"year": "count", "table": "list", "points": "rate"}
    for name, measure in model_measures().items():
        if name.startswith(_NOT_FIGURES):
            continue
        head = name.split(".")[0]
        table = next((f for f in catalogue.figures.values() if f.kind == "table" and name.startswith(f.id + ".")),
                     None)
        if table is not None:
            assert table.column_named(name[len(table.id) + 1:]) is not None, name
            continue
        figure = catalogue.figures.get(name)
        assert figure is not None, f"{name} is not in the catalogue (section {head})"
        assert figure.typed
        assert figure.label == measure.label, name
        assert kinds.get(figure.kind, figure.kind) == measure.kind, name
        # A field the model lets be empty is optional in the catalogue (the reverse need not hold: a default).
        if measure.nullable:
            assert figure.optional, name


def test_common_measures_are_formulas_over_declared_figures() -> None:
    catalogue = common()
    derived = {name: m for name, m in catalogue.measures.items() if m.formula}
    assert set(derived) >= {"budget.adjustments_and_transfers", "staff.outside_quota", "key_tasks.not_completed"}
    for measure in derived.values():
        assert measure.inputs and all(i in catalogue.figures for i in measure.inputs), measure.name


def test_the_national_figures_have_a_place() -> None:
    figures = common().figures
    for name in ("public_expenses.three_public.prior_budget", "final_accounts.spending", "final_accounts.carryover",
                 "final_accounts.key_project_spending", "budget.supplementary", "budget.reductions",
                 "payments.actual_progress", "duties.on_time", "duties.quality_met"):
        figure = figures[name]
        assert not figure.typed and figure.sheet and figure.where.startswith("“")


# --- figures beyond the typed model in a case ----------------------------------------------------------------

CASE = textwrap.dedent("""\
    department: {name: 测试局}
    year: 2024
    unit: 元
    budget: {initial: 1000000, adjusted: 1200000, supplementary: 250000, reductions: 50000}
    final_accounts: {spending: 1170000, carryover: 30000}
    """)


def test_figures_beyond_the_model_are_read_by_kind_and_unit() -> None:
    case = parse_case(CASE)
    # 元 → 万元: 1,170,000 元 = 117 万元
    assert case.figures["final_accounts.spending"] == Decimal("117")
    assert case.figures["budget.supplementary"] == Decimal("25")
    assert case.budget is not None and case.budget.initial == Decimal("100")


def test_a_misspelt_or_wrong_figure_is_named_at_its_line() -> None:
    text = CASE.replace("carryover: 30000", "carryovr: 30000").replace("supplementary: 250000",
                                                                       "supplementary: 很多")
    with pytest.raises(InputError) as caught:
        parse_case(text)
    shown = [str(p) for p in caught.value.problems]
    assert any("第 4 行" in s and "supplementary" in s for s in shown), shown
    assert any("第 5 行" in s and "carryovr" in s and "carryover" in s for s in shown), shown


# --- a framework with its own figures and formula measures -------------------------------------------------

FRAMEWORK = textwrap.dedent("""\
    id: formula-test
    title: 公式测试体系
    region: 测试县
    year: 2024
    source: {document: 测试文件}
    total: 10
    grades:
      - {grade: 合格, min: 6}
      - {grade: 不合格, min: 0}
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
      - id: local.budget_change
        label: 预算调整率
        kind: rate
        formula: (ifempty(budget.supplementary, 0) + ifempty(budget.reductions, 0)) ÷ budget.initial
    groups:
      - name: 产出
        weight: 10
        groups:
          - name: 职责履行
            weight: 10
            indicators:
              - id: completion
                name: 实际完成率
                weight: 6
                description: 实际产出与计划产出之比
                standard: 完成率 × 6 分
                rule: {kind: ratio_points, value: local.completion, points: 6, percent_places: 2}
              - id: adjustment
                name: 预算调整率
                weight: 4
                description: 追加和追减之和占年初预算的比例
                standard: 不超过 10% 得满分，每超一个百分点扣 1 分
                rule:
                  kind: over_threshold
                  value: local.budget_change
                  points: 4
                  threshold: 10%
                  per_step: 1
    """)


def _files(tmp_path: Path, case: str) -> tuple[Path, Path]:
    framework = tmp_path / "体系.yaml"
    framework.write_text(FRAMEWORK, encoding="utf-8")
    path = tmp_path / "案例.yaml"
    path.write_text(case, encoding="utf-8")
    return path, framework


def test_a_framework_adds_figures_and_measures_with_no_python(tmp_path: Path) -> None:
    path, framework_file = _files(tmp_path, CASE.replace("unit: 元\n", "unit: 元\noutput: {planned: 40, actual: 35}\n"))
    case, framework = load_for_scoring(path, framework_file)
    evaluation = evaluate(case, framework)
    scores = {r.indicator.id: r.score for r in evaluation.results}
    # 35 ÷ 40 = 87.50% → 0.8750 × 6 = 5.25
    assert scores["completion"] == Decimal("5.25")
    # (25 + 5) ÷ 100 = 30%: 20 points over 10%, 1 each, floor 0 → 0
    assert scores["adjustment"] == Decimal("0.00")
    assert evaluation.total == Decimal("5.25")
    trail = " ".join(step.render() for r in evaluation.results for step in r.steps)
    assert "计 20 个步长" in trail  # a whole number of steps reads as one, never 2E+1


def test_a_smaller_adjustment_scores_by_whole_points(tmp_path: Path) -> None:
    text = CASE.replace("supplementary: 250000, reductions: 50000", "supplementary: 125000") \
        .replace("unit: 元\n", "unit: 元\noutput: {planned: 40, actual: 40}\n")
    path, framework_file = _files(tmp_path, text)
    case, framework = load_for_scoring(path, framework_file)
    scores = {r.indicator.id: r.score for r in evaluate(case, framework).results}
    # reductions left empty reads 0 through ifempty: 12.5 ÷ 100 = 12.50%, 2 whole points over → 4 − 2 = 2
    assert scores["adjustment"] == Decimal("2.00")
    assert scores["completion"] == Decimal("6.00")


def test_a_missing_figure_is_named_and_partial_leaves_only_its_indicator(tmp_path: Path) -> None:
    path, framework_file = _files(tmp_path, CASE)
    case, framework = load_for_scoring(path, framework_file)
    with pytest.raises(InputError) as caught:
        evaluate(case, framework)
    shown = " ".join(str(p) for p in caught.value.problems)
    assert "计划产出数" in shown and "output.planned" in shown and "实际完成率" in shown
    case, framework = load_for_scoring(path, framework_file, partial=True)
    evaluation = evaluate(case, framework, partial=True)
    by_id = {r.indicator.id: r for r in evaluation.results}
    assert by_id["completion"].score is None
    assert any("计划产出数" in reason for reason in by_id["completion"].missing)
    assert by_id["adjustment"].score == Decimal("0.00")


def test_the_same_case_under_another_framework_says_what_it_lacks(tmp_path: Path) -> None:
    path, _ = _files(tmp_path, CASE)
    case, framework = load_for_scoring(path, "shenzhen-department-2023")
    with pytest.raises(InputError) as caught:
        evaluate(case, framework)
    shown = " ".join(str(p) for p in caught.value.problems)
    assert "quarters" in shown or "季度" in shown


@pytest.mark.parametrize(("formula", "wanted"), [
    ("output.actual ÷ output.planed", "output.planned"),  # unknown name, with a suggestion
    ("output.actual ÷ budget.supplementary", "ifempty"),  # divides by a figure that may be left empty
    ("(output.actual ÷ output.planned", "括号"),  # syntax
    ("output.actual > 3", "是/否"),  # declared a rate, gives a yes/no
])
def test_a_wrong_formula_is_refused_at_its_line(formula: str, wanted: str) -> None:
    text = FRAMEWORK.replace("formula: output.actual ÷ output.planned", f"formula: {formula}")
    with pytest.raises(InputError) as caught:
        parse_framework(text, "体系.yaml")
    shown = [str(p) for p in caught.value.problems]
    assert any("第 20 行" in s and wanted in s for s in shown), shown


def test_a_rule_naming_an_unknown_measure_gets_a_suggestion() -> None:
    text = FRAMEWORK.replace("value: local.completion", "value: local.completon")
    with pytest.raises(InputError) as caught:
        parse_framework(text, "体系.yaml")
    assert any("local.completion" in str(p) for p in caught.value.problems)


def test_a_figure_declared_twice_is_refused() -> None:
    text = FRAMEWORK.replace("id: output.planned", "id: final_accounts.spending")
    with pytest.raises(InputError) as caught:
        parse_framework(text, "体系.yaml")
    assert any("final_accounts.spending" in str(p) and "共同事实目录" in str(p) for p in caught.value.problems)


def test_the_shenzhen_framework_keeps_the_common_catalogue() -> None:
    framework = load_framework("shenzhen-department-2023")
    assert framework.catalogue is common() or set(framework.catalogue.figures) == set(common().figures)


# --- the workbook follows the framework --------------------------------------------------------------------

def test_the_workbook_of_a_framework_has_its_sheets_and_rows_and_reads_back(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from jixiao.cli import app

    framework_file = tmp_path / "体系.yaml"
    framework_file.write_text(FRAMEWORK, encoding="utf-8")
    path = tmp_path / "填报.xlsx"
    result = CliRunner().invoke(app, ["workbook", "new", "--framework", str(framework_file), "-o", str(path)])
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    # 基本信息, the budget the adjustment rate reads, the framework's own 项目产出; not 季度执行 or 资产
    assert {"基本信息", "预算与调整", "项目产出"} <= set(book.sheetnames)
    assert not {"季度执行", "资产", "决算与结转", "政府采购"} & set(book.sheetnames)
    rows = {r[0].value: r[0].row for r in book["预算与调整"].iter_rows(min_row=2)}
    assert {"追加预算数", "追减预算数", "年初预算数"} <= set(rows)
    values = {("预算与调整", "年初预算数"): 100, ("预算与调整", "调整预算数"): 120, ("预算与调整", "追加预算数"): 5,
              ("项目产出", "计划产出数"): 40, ("项目产出", "实际产出数"): 38, ("基本信息", "部门简称"): "测试局",
              ("基本信息", "评价年度"): 2024}
    for (sheet, label), value in values.items():
        ws = book[sheet]
        row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == label)
        ws.cell(row=row, column=2, value=value)
    book.save(path)
    result = CliRunner().invoke(app, ["score", str(path), "--framework", str(framework_file), "--json"])
    assert result.exit_code == 0, result.output
    # 38 ÷ 40 = 95.00% × 6 = 5.70; (5 + 0) ÷ 100 = 5% ≤ 10% → 4; total 9.70
    assert json.loads(result.output)["total"] == "9.70"


@pytest.mark.parametrize("example", ["national-department-2023", "project-self-2023", "project-evaluation-2023"])
def test_each_built_in_example_goes_through_its_workbook_and_back(tmp_path: Path, example: str) -> None:
    """YAML → the framework's workbook → YAML scores the same: no figure is lost on the way, including those
    beyond the typed model (决算与结转, 项目信息) and those a framework declares itself (项目产出)."""
    from typer.testing import CliRunner

    from jixiao.cli import app

    runner = CliRunner()
    source = Path(__file__).resolve().parents[1] / "examples" / f"{example}.yaml"
    book, back = tmp_path / "填报.xlsx", tmp_path / "back.yaml"

    def total(path: Path) -> str:
        result = runner.invoke(app, ["score", str(path), "--json"])
        assert result.exit_code == 0, result.output
        return str(json.loads(result.stdout)["total"])

    assert runner.invoke(app, ["workbook", "fill", str(source), "-o", str(book)]).exit_code == 0
    assert runner.invoke(app, ["convert", str(book), "-o", str(back)]).exit_code == 0
    assert total(source) == total(book) == total(back)


@pytest.mark.parametrize(("until", "year", "hinted"), [
    (None, 2024, False), (None, 2025, True), ("至今", 2030, False), ("至今", 2023, True),
    (2026, 2026, False), (2026, 2027, True),
])
def test_a_framework_says_which_years_it_applies_to(until: object, year: int, hinted: bool) -> None:
    from jixiao.scoring.hints import year_hint

    text = FRAMEWORK if until is None else FRAMEWORK.replace("year: 2024\n", f"year: 2024\nuntil: {until}\n", 1)
    framework = parse_framework(text, "体系.yaml")
    case = parse_case(CASE.replace("year: 2024", f"year: {year}"))
    assert (year_hint(case, framework, "案例.yaml") is not None) is hinted


def test_until_before_year_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse_framework(FRAMEWORK.replace("year: 2024\n", "year: 2024\nuntil: 2020\n", 1), "体系.yaml")
    assert any("until" in str(p) for p in caught.value.problems)


def test_a_blank_workbook_names_its_framework_file_as_seen_from_the_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from jixiao.cli import app

    (tmp_path / "体系").mkdir()
    (tmp_path / "填报").mkdir()
    framework_file = tmp_path / "体系" / "本地.yaml"
    framework_file.write_text(FRAMEWORK.replace(
        "{id: output.planned, label: 计划产出数, kind: count}",
        "{id: output.planned, label: 计划产出数, kind: count, unit: 个}"), encoding="utf-8")
    path = tmp_path / "填报" / "空白.xlsx"
    result = CliRunner().invoke(app, ["workbook", "new", "-f", str(framework_file), "-o", str(path)])
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    basic = {r[0].value: r[1].value for r in book["基本信息"].iter_rows(min_row=2)}
    assert basic["评价指标体系"] == "../体系/本地.yaml"  # read from the workbook's folder, it is that file
    rows = {r[0].value: r for r in book["项目产出"].iter_rows(min_row=2)}
    planned = rows["计划产出数"]
    assert planned[2].value == "个"  # the catalogue's own unit
    assert str(planned[3].value).startswith("必填")  # the framework reads it and it may not be left empty


def test_the_compliance_answers_read_as_none_found_when_left_out() -> None:
    from jixiao.facts.catalogue import common

    case = parse_case(CASE)
    assert case.compliance is None
    assert common().measures["compliance.misuse_found"].read(case) is False


def test_a_figure_declared_twice_does_not_hide_the_other_problems() -> None:
    text = FRAMEWORK.replace("id: output.planned", "id: final_accounts.spending") \
        .replace("formula: (ifempty(budget.supplementary, 0)", "formula: (ifempty(budget.supplementry, 0)")
    with pytest.raises(InputError) as caught:
        parse_framework(text, "体系.yaml")
    shown = " ".join(str(p) for p in caught.value.problems)
    assert "final_accounts.spending" in shown and "budget.supplementry" in shown and "budget.supplementary" in shown


def test_a_rule_on_a_formula_says_what_happens_when_it_cannot_be_worked_out() -> None:
    from jixiao.render.rule_text import describe_rule

    framework = parse_framework(FRAMEWORK, "体系.yaml")
    completion = framework.indicator("completion")
    assert completion is not None
    text = describe_rule(completion.rule)
    # the clause stands after the whole rule, not between the quantity and its points
    assert text.endswith("；无法计算时（分母为 0 或所需数据为空）得 0 分") and "× 6 分" in text
