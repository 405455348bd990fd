"""A finance officer's first hour with the workbook: a blank workbook, cells filled one by one, a draft report
from a half-filled one, and a figure typed in the wrong unit.

Each test does what the officer does: ``jixiao workbook new``, typing into cells (openpyxl), then ``jixiao score``
or ``jixiao report --partial``, and checks what is said back, cell by cell.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.facts.catalogue import common
from jixiao.frameworks import load_framework
from jixiao.problems import InputError, Problem
from jixiao.scoring.engine import evaluate, scorer_for
from jixiao.scoring.intake import load_for_scoring
from jixiao.workbook.write import write_workbook
from workbook_support import EXAMPLE, edit

runner = CliRunner()
FRAMEWORK = load_framework(None)
PLAN = scorer_for(FRAMEWORK).plan

# The figures of the example a user must type into the form and fixed-table sheets, by cell, with their section.
REQUIRED_CELLS = {
    "预算与调整!B2": "budget", "预算与调整!B3": "budget",
    **{f"季度执行!{column}{row}": "quarters" for column in "BC" for row in range(2, 6)},
    "政府采购!B4": "procurement", "政府采购!B5": "procurement",
    **{f"三公与公用经费!{column}{row}": "public_expenses" for column in "CD" for row in (2, 3)},
    "人员编制!B2": "staff", "人员编制!B3": "staff",
    "资产!B2": "assets", "资产!B3": "assets",
    "项目!B2": "projects", "项目!B3": "projects",
    "信访与满意度!B2": "petitions", "信访与满意度!B6": "satisfaction",
    "预决算公开与合规!B2": "disclosure", "预决算公开与合规!B3": "disclosure",
}
_YAML_WORDS = re.compile(r"items 下|findings|score|reason|\[\]|YAML|[a-z_]+\.[a-z_]+")


@pytest.fixture(scope="module")
def example_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from jixiao.facts.load import load_case

    path = tmp_path_factory.mktemp("example") / "示例.xlsx"
    write_workbook(path, load_case(EXAMPLE))
    return path


@pytest.fixture(scope="module")
def blank_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("blank") / "填报表.xlsx"
    result = runner.invoke(app, ["workbook", "new", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _copy(source: Path, folder: Path, name: str = "填报表.xlsx") -> Path:
    path = folder / name
    shutil.copyfile(source, path)
    return path


def _problems(path: Path, *, partial: bool = False) -> tuple[Problem, ...]:
    """What ``jixiao score`` (or ``report --partial``) says of a workbook."""
    with pytest.raises(InputError) as caught:
        case, framework = load_for_scoring(path, partial=partial)
        evaluate(case, framework, partial=partial)
    return caught.value.problems


def _needing(sections: set[str]) -> set[str]:
    """The indicators of the default framework that read a figure of ``sections``."""
    return {needs.id for needs in PLAN if any(common().measures[name].section in sections for name in needs.measures)}


# --- 4. a partly filled sheet and --partial -------------------------------------------------------------

@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.sampled_from(sorted(REQUIRED_CELLS)), min_size=1, max_size=4))
def test_cells_left_blank_are_named_and_partial_leaves_exactly_their_indicators_unscored(
        example_workbook: Path, tmp_path_factory: pytest.TempPathFactory, blanks: set[str]) -> None:
    path = _copy(example_workbook, tmp_path_factory.mktemp("blanks"))
    edit(path, dict.fromkeys(blanks))
    # Without --partial: one problem a blank cell, at that cell, and nothing else.
    assert {(p.where, p.message) for p in _problems(path)} == {(cell, "必填，尚未填写") for cell in blanks}
    # With --partial: the indicators needing those figures are not scored, naming the cells; the rest score.
    case, framework = load_for_scoring(path, partial=True)
    evaluation = evaluate(case, framework, partial=True)
    unscored = {r.indicator.id: " ".join(r.missing) for r in evaluation.results if r.score is None}
    assert set(unscored) == _needing({REQUIRED_CELLS[cell] for cell in blanks})
    for cell in blanks:
        assert any(cell in reason for reason in unscored.values()), (cell, unscored)
    assert evaluation.grade is None


def test_a_draft_report_from_a_half_filled_workbook(example_workbook: Path, tmp_path: Path) -> None:
    path = _copy(example_workbook, tmp_path)
    edit(path, {"季度执行!C3": None, "政府采购!B5": None})
    assert runner.invoke(app, ["report", str(path), "-o", str(tmp_path / "草稿.md")]).exit_code == 2
    result = runner.invoke(app, ["report", str(path), "--partial", "--no-charts", "-o", str(tmp_path / "草稿.md")])
    assert result.exit_code == 0, result.output
    case, framework = load_for_scoring(path, partial=True)
    reasons = {r.indicator.id: r.missing for r in evaluate(case, framework, partial=True).results if r.score is None}
    assert reasons == {"procurement": ("缺少 实际采购支付金额（政府采购!B5）",),
                       "budget_execution": ("缺少 第二季度 季度末累计支出数（季度执行!C3）",)}


def test_partial_still_refuses_what_is_wrong_rather_than_blank(example_workbook: Path, tmp_path: Path) -> None:
    path = _copy(example_workbook, tmp_path)
    edit(path, {"季度执行!C3": None, "政府采购!B4": "很多", "评价判断!G2": 3})
    problems = _problems(path, partial=True)
    assert {p.where for p in problems} == {"政府采购!B4", "评价判断!G2"}  # the blank C3 is not a problem here


def test_partial_yaml_names_the_missing_figure(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith("paid:"))
    path = tmp_path / "case.yaml"
    path.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    assert [p.message for p in _problems(path)] == ["缺少必填字段"]
    case, framework = load_for_scoring(path, partial=True)
    unscored = {r.indicator.id: r.missing for r in evaluate(case, framework, partial=True).results if r.score is None}
    assert unscored == {"procurement": ("缺少 实际采购支付金额（procurement.paid）",)}


# --- 5. every problem in one round ----------------------------------------------------------------------

def _answer(problem: Problem) -> Any:
    """What a careful officer types into the cell a problem names."""
    sheet, cell = problem.where.split("!")
    if sheet == "基本信息":
        return {"B2": "某局", "B5": 2023}[cell]
    if sheet == "评价判断":
        weight = re.search(r"，([\d.]+) 分）的得分", problem.message)
        if weight:
            return float(weight.group(1))
        return "未发现问题" if cell.startswith("H") else 25
    if sheet == "预决算公开与合规":
        return "否" if cell == "B6" else "按规定公开"
    if sheet == "信访与满意度":
        return "是" if cell == "B2" else "95%"
    if sheet == "重点工作":
        return "年度重点工作"
    if sheet == "三公与公用经费":
        return 10
    return 100


def test_a_blank_workbook_says_everything_in_one_round(blank_workbook: Path, tmp_path: Path) -> None:
    path = _copy(blank_workbook, tmp_path)
    problems = _problems(path)
    assert all(p.where for p in problems), [str(p) for p in problems]
    assert {p.where for p in problems} >= {"基本信息!B2", "基本信息!B5", *REQUIRED_CELLS, "重点工作!A2",
                                           "评价判断!G2", "评价判断!H7", "评价判断!G26"}
    changes = {p.where: _answer(p) for p in problems}
    changes["重点工作!B2"] = "是"  # the row's other required cell, as anyone filling in a row would
    edit(path, changes)
    case, framework = load_for_scoring(path)  # no second wave
    assert evaluate(case, framework).complete


@settings(max_examples=6, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.sampled_from(sorted(REQUIRED_CELLS)), max_size=6))
def test_whatever_is_filled_first_the_rest_is_asked_for_at_once(
        blank_workbook: Path, tmp_path_factory: pytest.TempPathFactory, filled: set[str]) -> None:
    path = _copy(blank_workbook, tmp_path_factory.mktemp("some"))
    edit(path, {cell: 100 if not cell.startswith(("信访", "预决算")) else None for cell in filled})
    changes = {p.where: _answer(p) for p in _problems(path)}
    changes["重点工作!B2"] = "是"
    edit(path, changes)
    load_for_scoring(path)


def test_a_judgement_half_done_and_a_fact_wrong_are_reported_together(example_workbook: Path,
                                                                      tmp_path: Path) -> None:
    path = _copy(example_workbook, tmp_path)
    edit(path, {"基本信息!B5": "二〇二三", "评价判断!G2": 3, "政府采购!B5": None})
    assert {p.where for p in _problems(path)} == {"基本信息!B5", "评价判断!G2", "政府采购!B5"}


# --- 6. workbook words for workbook users ---------------------------------------------------------------

def test_problems_in_a_workbook_speak_of_sheets_and_cells(blank_workbook: Path, tmp_path: Path) -> None:
    path = _copy(blank_workbook, tmp_path)
    edit(path, {"基本信息!B2": "某局", "评价判断!G14": 0.5, "评价判断!C26": None})
    problems = _problems(path)
    for problem in problems:
        assert "!" in problem.where or problem.where in ("评价判断",), str(problem)
        assert not _YAML_WORDS.search(f"{problem.field} {problem.message}"), str(problem)
    assert "须在本行“理由或问题”栏说明扣分理由" in next(p.message for p in problems if p.where == "评价判断!G14")


def test_a_judgement_with_no_rows_is_named_on_its_sheet(example_workbook: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = _copy(example_workbook, tmp_path)
    workbook = load_workbook(path)
    sheet = workbook["评价判断"]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == "effectiveness":
            for column in range(1, 9):
                sheet.cell(row=row, column=column).value = None
    workbook.save(path)
    (problem,) = _problems(path)
    assert problem.where == "评价判断" and "类型“指标评分”" in problem.message
    assert not _YAML_WORDS.search(problem.message)


def test_a_missing_sheet_is_named_once(example_workbook: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = _copy(example_workbook, tmp_path)
    workbook = load_workbook(path)
    del workbook["季度执行"]
    workbook.save(path)
    (problem,) = _problems(path)
    assert problem.where == "季度执行" and "缺少工作表“季度执行”" in problem.message


# --- 7. a figure in the wrong unit ----------------------------------------------------------------------

def test_an_amount_in_yuan_in_a_wan_cell_gets_a_hint_and_still_scores(example_workbook: Path,
                                                                      tmp_path: Path) -> None:
    path = _copy(example_workbook, tmp_path)
    edit(path, {"季度执行!B2": 49112600})
    result = runner.invoke(app, ["score", str(path), "--brief"])
    assert result.exit_code == 0, result.output
    hints = [line for line in result.stderr.splitlines() if line.startswith("提示：")]
    assert len(hints) == 1 and "季度执行!B2" in hints[0] and "金额单位" in hints[0]


def test_yaml_cases_get_the_same_hints_at_their_line(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "case.yaml"
    path.write_text(text.replace("adjusted: 58.44", "adjusted: 584400", 1), encoding="utf-8")
    assert "adjusted: 584400" in path.read_text(encoding="utf-8")
    for command in (["score", str(path), "--brief"], ["targets", str(path)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
        hints = [line for line in result.stderr.splitlines() if line.startswith("提示：")]
        assert len(hints) == 1 and "第 " in hints[0] and "public_expenses.three_public.adjusted" in hints[0]


def test_no_hint_on_the_example_or_the_test_cases() -> None:
    from casefiles import build_case, load_entries
    from jixiao.facts.load import load_case
    from jixiao.facts.plausibility import hints

    root = EXAMPLE.parent.parent
    for file in (EXAMPLE, root / "tests/data/workbook-case.yaml", root / "tests/data/report-case.yaml"):
        assert hints(load_case(file)) == [], file
    for name, entry in load_entries():
        assert hints(build_case(entry, name)) == [], entry.get("name")
    result = runner.invoke(app, ["score", str(EXAMPLE), "--brief"])
    assert result.exit_code == 0 and "提示" not in result.stderr


def test_each_check_does_what_its_docstring_shows() -> None:
    import doctest

    from jixiao.facts import plausibility

    failed, tried = doctest.testmod(plausibility)
    assert failed == 0 and tried >= len(plausibility.CHECKS)
