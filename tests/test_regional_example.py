"""A framework written from docs/frameworks.md alone, for a region jixiao does not ship (examples/regional/).

It was written by someone who read only the docs and the command's messages; four of its scores were worked
out by hand from the case's figures before the tool was run.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.scoring.engine import evaluate
from jixiao.scoring.intake import load_for_scoring

CASE = Path(__file__).resolve().parents[1] / "examples" / "regional" / "case-2024.yaml"


def test_the_regional_framework_scores_as_worked_out_by_hand() -> None:
    case, framework = load_for_scoring(CASE)  # the case names its framework file beside it
    assert framework.id == "qinghe-county-department-2024"
    scores = {r.indicator.id: r.score for r in evaluate(case, framework).results}
    # “三公”经费变动率, read in proportion: (37.20 − 36.50) ÷ 36.50 = 1.92%; 4 − 1.92 × 0.8 = 2.464 → 2.46
    assert scores["three_public_change"] == Decimal("2.46")
    # 预算调整率, a started step counts whole: (|3464.80 − 3200| + 85.30) ÷ 3200 = 10.94%; 1 step over 10% → 4 − 0.5
    assert scores["budget_adjustment"] == Decimal("3.50")
    # 预算完成率, a formula measure: 3396.50 ÷ 3464.80 = 98.03%; × 8 = 7.8424 → 7.84
    assert scores["budget_completion"] == Decimal("7.84")
    # 在职人员控制率, whole points: 49 ÷ 48 = 102.08% → 2 whole points over → 4 − 2 × 1 = 2
    assert scores["staff_control"] == Decimal("2.00")


def test_a_blank_workbook_says_which_cells_each_indicator_needs(tmp_path: Path) -> None:
    """预算完成率 reads 调整预算数; 年初预算数 is only a required cell of the same sheet, and is said to be so."""
    from typer.testing import CliRunner

    from jixiao.cli import app

    framework = CASE.parent / "county-department-2024.yaml"
    book = tmp_path / "空白.xlsx"
    runner = CliRunner()
    assert runner.invoke(app, ["workbook", "new", "-f", str(framework), "-o", str(book)]).exit_code == 0
    result = runner.invoke(app, ["score", str(book)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    initial = next(line for line in lines if "预算与调整!B2" in line)
    assert "这是“预算与调整”表的必填项" in initial
    adjusted = next(line for line in lines if "预算与调整!B3" in line)
    assert "计分需要这一项" in adjusted


def test_the_trail_shows_the_value_ifempty_took() -> None:
    """结转结余率 = ifempty(年末结转结余资金, 0) ÷ 调整预算数: the carry-over is filled (120.40), so the trail shows
    120.40, not “120.40（为空时取 0）”; with it left empty, the trail shows the 0 it took."""
    import copy

    from jixiao.facts.load import case_from_data
    from jixiao.yamlsource import SourceMap, parse_yaml

    case, framework = load_for_scoring(CASE)
    trail = _trail(case, framework, "carryover")
    assert "= 120.40 ÷ 3,464.80 = 3.47%" in trail
    data, _ = parse_yaml(CASE.read_text(encoding="utf-8"), str(CASE))
    emptied = copy.deepcopy(data)
    del emptied["final_accounts"]["carryover"]
    case = case_from_data(emptied, SourceMap(str(CASE)), framework.catalogue)
    trail = _trail(case, framework, "carryover")
    assert "= 0 ÷ 3,464.80 = 0.00%" in trail


def _trail(case: object, framework: object, indicator: str) -> str:
    result = next(r for r in evaluate(case, framework).results if r.indicator.id == indicator)  # type: ignore[arg-type]
    return "\n".join(step.render() for step in result.steps)
