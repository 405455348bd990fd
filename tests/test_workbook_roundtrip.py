"""YAML → workbook → YAML gives the same facts, also after LibreOffice has saved the workbook again."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.facts.dump import dump_case
from jixiao.facts.load import load_case, parse_case
from jixiao.facts.model import DepartmentYear
from jixiao.frameworks import load_framework
from jixiao.scoring.engine import evaluate
from jixiao.workbook.outline import framework_outline
from jixiao.workbook.write import write_workbook
from workbook_support import EXAMPLE, TEST_CASE, edit, filled_workbook, read


def test_the_example_scores_the_same_from_its_workbook(tmp_path: Path) -> None:
    case = load_case(EXAMPLE)
    path = tmp_path / "example.xlsx"
    write_workbook(path, case, framework_outline("shenzhen-department-2023"))
    from_workbook = load_case(path)
    assert from_workbook == case
    evaluation = evaluate(from_workbook, load_framework("shenzhen-department-2023"))
    assert (evaluation.total, evaluation.grade) == (Decimal("96.77"), "优")


def test_fill_and_convert_on_the_command_line_give_back_the_same_facts(tmp_path: Path) -> None:
    runner = CliRunner()
    workbook, back = tmp_path / "example.xlsx", tmp_path / "back.yaml"
    assert runner.invoke(app, ["workbook", "fill", str(EXAMPLE), "-o", str(workbook)]).exit_code == 0
    assert runner.invoke(app, ["convert", str(workbook), "-o", str(back)]).exit_code == 0
    assert load_case(back) == load_case(EXAMPLE)
    text = back.read_text(encoding="utf-8")
    assert "adjusted: 4812.30  # 调整预算数" in text  # amounts keep two decimals; keys carry their Chinese names
    assert "  budget_rationality:  # 预算编制合理性" in text  # judgements are named from the framework
    result = runner.invoke(app, ["score", str(workbook), "--brief"])
    assert result.exit_code == 0 and "96.77" in result.stdout and "优" in result.stdout


def test_the_yaml_writer_keeps_the_model_order(tmp_path: Path) -> None:
    text = dump_case(load_case(EXAMPLE))
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    order = ["unit", *DepartmentYear.model_fields]
    assert keys == sorted(keys, key=order.index)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装：make setup 会安装")
def test_a_workbook_saved_again_by_libreoffice_reads_the_same(tmp_path: Path) -> None:
    case = load_case(EXAMPLE)
    original = tmp_path / "written" / "example.xlsx"
    write_workbook(original, case, framework_outline("shenzhen-department-2023"))
    edit(original, {"季度执行!C5": "=3000+1642.7"})  # LibreOffice computes it and stores the value
    saved = tmp_path / "saved"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(saved), str(original)],
        check=True, capture_output=True, timeout=180,
    )
    assert read(saved / "example.xlsx") == case


# --- generated cases ---------------------------------------------------------------------------------

_TEXT = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=12,
).map(str.strip).filter(bool)
_LONG_TEXT = st.lists(_TEXT, min_size=1, max_size=3).map("\n".join)
_KEY = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
_AMOUNT = st.one_of(
    st.decimals(min_value=0, max_value=10**7, places=2),
    st.decimals(min_value=0, max_value=10**12, places=6),  # too many digits for a double: written as text
)
_COUNT = st.integers(0, 5000)
_POINTS = st.decimals(min_value=0, max_value=30, places=2)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def _cases(draw: st.DrawFn) -> DepartmentYear:
    data: dict[str, Any] = {
        "department": {"name": draw(_TEXT), "full_name": draw(_optional(_TEXT)), "code": draw(_optional(_TEXT))},
        "year": draw(st.integers(1990, 2100)),
        "framework": draw(_optional(_KEY)),
    }
    if draw(st.booleans()):
        data["budget"] = {"initial": draw(_AMOUNT), "adjusted": draw(_AMOUNT),
                          "adjustments": draw(_optional(_AMOUNT)), "transfers": draw(_AMOUNT)}
    if draw(st.booleans()):
        data["quarters"] = [{"adjusted_budget": draw(_AMOUNT), "cumulative_spending": draw(_AMOUNT)}
                            for _ in range(4)]
    if draw(st.booleans()):
        data["procurement"] = {"plan": draw(_AMOUNT), "paid": draw(_AMOUNT),
                               "initial_budget": draw(_optional(_AMOUNT))}
    if draw(st.booleans()):
        data["public_expenses"] = {
            part: {"initial": draw(_optional(_AMOUNT)), "adjusted": draw(_AMOUNT), "final": draw(_AMOUNT),
                   "prior_final": draw(_optional(_AMOUNT))}
            for part in ("three_public", "routine")
        }
    if draw(st.booleans()):
        data["staff"] = {
            "authorised_posts": draw(_COUNT), "in_post": draw(_COUNT), "retired": draw(_optional(_COUNT)),
            "other": draw(st.lists(st.fixed_dictionaries({
                "category": _TEXT, "count": _COUNT, "outside_quota": st.booleans(), "note": _TEXT | st.just("")
            }), max_size=3)),
        }
    if draw(st.booleans()):
        total = draw(_AMOUNT)
        data["assets"] = {"fixed_original_value": total, "fixed_in_use": draw(st.decimals(0, total, places=2)),
                          "new_items": draw(_optional(_COUNT))}
    if draw(st.booleans()):
        planned = draw(_COUNT)
        data["projects"] = {"planned": planned, "completed_on_time": draw(st.integers(0, planned))}
    if draw(st.booleans()):
        data["key_tasks"] = draw(st.lists(st.fixed_dictionaries(
            {"name": _TEXT, "completed": st.booleans(), "note": _TEXT | st.just("")}), min_size=1, max_size=3))
    if draw(st.booleans()):
        received = draw(_COUNT)
        replied = draw(st.integers(0, received))
        data["petitions"] = {"channel": draw(st.booleans()), "received": received, "replied": replied,
                             "replied_on_time": draw(st.integers(0, replied))}
        data["satisfaction"] = {"rate": draw(st.decimals(0, 1, places=4)), "source": draw(_TEXT | st.just(""))}
    if draw(st.booleans()):
        statuses = st.sampled_from(["按规定公开", "公开但不符合要求", "未公开", "涉密免于公开"])
        data["disclosure"] = {"budget": draw(statuses), "final_accounts": draw(statuses),
                              "budget_date": draw(_optional(st.dates(min_value=_date(2000), max_value=_date(2050))))}
        data["compliance"] = {"misuse_found": draw(st.booleans()), "note": draw(_LONG_TEXT | st.just(""))}
    data["judgements"] = draw(st.dictionaries(_KEY, _judgements(), max_size=4))
    if draw(st.booleans()):
        data["self_evaluation"] = {
            "main_tasks": draw(st.lists(st.fixed_dictionaries({
                "name": _TEXT, "budget_total": _AMOUNT, "executed_total": _AMOUNT,
                "budget_fiscal": _optional(_AMOUNT), "content": _LONG_TEXT | st.just("")}), min_size=1, max_size=3)),
            "targets": draw(st.lists(st.fixed_dictionaries({
                "level1": _TEXT, "level2": _TEXT, "name": _TEXT, "expected": _TEXT,
                "weight": _optional(_POINTS),
                "plain_meaning": _optional(st.sampled_from(["不低于", "等于", "不高于"]))}), max_size=3)),
        }
    data["narrative"] = {
        "functions": draw(_optional(_LONG_TEXT)),
        "annual_tasks": draw(st.lists(_LONG_TEXT, max_size=3)),
        "effectiveness": draw(st.dictionaries(_TEXT, _LONG_TEXT, max_size=2)),
        "notes": draw(st.dictionaries(_KEY, _TEXT, max_size=2)),
    }
    return DepartmentYear.model_validate(data, context={"unit": "万元"})


@st.composite
def _judgements(draw: st.DrawFn) -> dict[str, Any]:
    judgement: dict[str, Any] = {
        "items": draw(st.dictionaries(_KEY, st.fixed_dictionaries(
            {"points": _POINTS, "reason": _TEXT | st.just("")}), max_size=3)),
        "findings": draw(st.none() | st.lists(_TEXT, max_size=2)),
        "score": draw(_optional(_POINTS)),
        "reason": draw(_TEXT | st.just("")),
    }
    if not (judgement["items"] or judgement["findings"] is not None or judgement["score"] is not None
            or judgement["reason"]):
        judgement["score"] = Decimal(1)  # an empty judgement says nothing, and has no row to stand in
    return judgement


def _date(year: int) -> Any:
    from datetime import date

    return date(year, 1, 1)


_OUTLINE = framework_outline("shenzhen-department-2023")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(case=_cases())
def test_generated_cases_survive_the_workbook_and_the_yaml(tmp_path: Path, case: DepartmentYear) -> None:
    path = tmp_path / "generated.xlsx"
    write_workbook(path, case, _OUTLINE)  # the framework's unanswered rows must add nothing
    back = read(path)
    assert back == case
    assert parse_case(dump_case(back)) == case


def test_the_test_case_round_trips(tmp_path: Path) -> None:
    assert read(filled_workbook(tmp_path)) == load_case(TEST_CASE)


def test_text_excel_cannot_hold_is_reported_and_no_file_is_left(tmp_path: Path) -> None:
    from jixiao.facts.model import Department
    from jixiao.problems import InputError

    case = DepartmentYear(department=Department(name="市贸促委\x01"), year=2023)
    path = tmp_path / "out.xlsx"
    with pytest.raises(InputError) as caught:
        write_workbook(path, case)
    assert [p.where for p in caught.value.problems] == ["基本信息!B2"]
    assert "控制字符" in caught.value.problems[0].message
    assert list(tmp_path.iterdir()) == []
