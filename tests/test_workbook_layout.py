"""The blank workbook: every fact has a place, closed choices are drop-downs, headings are protected."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any, cast

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.facts.catalogue import common
from jixiao.facts.model import DepartmentYear, Judgement, Narrative, fields_of, is_fact_type
from jixiao.workbook.layout import (
    DISCLOSURE_STATUSES,
    NARRATIVE_SECTIONS,
    SHEETS,
    FixedTable,
    FormSheet,
    Kind,
    Table,
)
from jixiao.workbook.outline import framework_outline, framework_sheets

# Filled through sheets of their own shape (评价判断 rows, 报告文字 rows) rather than one column each.
_FOLDED = ("judgements", "narrative", "figures")  # figures: the catalogue's own, see test_catalogue


def _model_leaves(model: type, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    leaves: set[tuple[str, ...]] = set()
    for name, info in fields_of(model).items():
        inner = _inner_model(info.annotation)
        if inner is not None:
            leaves |= _model_leaves(inner, (*prefix, name))
        else:
            leaves.add((*prefix, name))
    return leaves


def _inner_model(annotation: Any) -> type | None:
    if is_fact_type(annotation):
        return cast(type, annotation)
    for argument in typing.get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _layout_leaves() -> set[tuple[str, ...]]:
    leaves: set[tuple[str, ...]] = set()
    for sheet in SHEETS:
        if isinstance(sheet, FormSheet):
            leaves |= {tuple(str(k) for k in f.key) for f in sheet.fields}
        elif isinstance(sheet, FixedTable):
            for row in sheet.rows:
                named = tuple(str(k) for k in row.key if isinstance(k, str))
                leaves |= {tuple(str(k) for k in (*sheet.base, *named, *f.key)) for f in sheet.columns}
        elif isinstance(sheet, Table) and sheet.base[0] not in _FOLDED:
            leaves |= {tuple(str(k) for k in (*sheet.base, *f.key)) for f in sheet.columns}
    return leaves


def test_every_fact_of_the_model_has_a_place_in_the_workbook() -> None:
    expected = {leaf for leaf in _model_leaves(DepartmentYear) if leaf[0] not in _FOLDED}
    assert expected - _layout_leaves() == set()
    # beyond the typed model: the amount unit (a property of the file itself) and the catalogue's other figures
    beyond = {tuple(f.id.split(".")) for f in common().generic()}
    assert _layout_leaves() - expected == beyond
    assert ("unit",) in beyond and ("final_accounts", "spending") in beyond
    assert {s.key for s in NARRATIVE_SECTIONS} == set(fields_of(Narrative))
    assert set(fields_of(Judgement)) == {"items", "findings", "score", "reason"}


def test_the_blank_workbook_guides_the_preparer(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "blank.xlsx"
    result = CliRunner().invoke(app, ["workbook", "new", "--framework", "shenzhen-department-2023", "-o", str(path)])
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    # exactly the sheets the Shenzhen framework reads, with the evaluator's, the self-evaluation table's and the
    # report text's: none of the sheets other frameworks need (决算与结转, 支付进度, 职责履行, 项目信息)
    assert book.sheetnames == [
        "说明", "基本信息", "预算与调整", "季度执行", "政府采购", "三公与公用经费", "人员编制", "其他在职人员", "资产", "项目",
        "重点工作", "信访与满意度", "预决算公开与合规", "评价判断", "主要任务", "总体目标", "绩效指标", "报告文字"]
    assert [r[0].value for r in book["预算与调整"].iter_rows(min_row=2)] == [
        "年初预算数", "调整预算数", "调整资金", "调剂资金", "功能分类和经济分类调剂资金", "科目更正资金"]
    for sheet in framework_sheets("shenzhen-department-2023"):
        ws = book[sheet.title]
        assert ws.protection.sheet, sheet.title
        assert ws.freeze_panes in ("A2", "B2")
        assert ws["A1"].protection.locked, sheet.title  # headings stay as they are
    quarters = book["季度执行"]
    assert not quarters["C4"].protection.locked and quarters["C4"].number_format.startswith("#,##0.00")
    lists = {dv.formula1 for ws in book.worksheets for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert '"是,否"' in lists and '"万元,元"' in lists and '"' + ",".join(DISCLOSURE_STATUSES) + '"' in lists
    prompts = [dv.prompt for dv in book["信访与满意度"].data_validations.dataValidation if dv.showInputMessage]
    assert any("96.5%" in (p or "") for p in prompts)
    assert book["信访与满意度"]["B6"].number_format == "0.00%"


def test_the_judgement_sheet_lists_each_checklist_item_with_its_points(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    outline = framework_outline("shenzhen-department-2023")
    path = tmp_path / "blank.xlsx"
    CliRunner().invoke(app, ["workbook", "new", "--framework", "shenzhen-department-2023", "-o", str(path)])
    rows = list(load_workbook(path)["评价判断"].iter_rows(min_row=2, values_only=True))
    items = {(r[0], r[3]): r[5] for r in rows if r[2] == "要点得分"}
    expected = {(i.id, item.id): item.weight for i in outline for item in i.items}
    assert items == expected and len(items) >= 20
    assert ("budget_conformity", None, "发现问题") in {(r[0], r[3], r[2]) for r in rows}
    # An unanswered blank workbook claims nothing: no judgement is read from it.
    assert all(r[6] is None for r in rows)


def test_numbers_are_cells_of_numbers_and_long_text_wraps() -> None:
    kinds = {f.kind for s in SHEETS for f in (s.fields if isinstance(s, FormSheet) else s.columns)}
    assert {Kind.AMOUNT, Kind.YUAN, Kind.COUNT, Kind.RATE, Kind.BOOL, Kind.CHOICE, Kind.DATE} <= kinds


def test_a_blank_workbook_asks_only_for_the_department_and_year(tmp_path: Path) -> None:
    from workbook_support import problems_of

    path = tmp_path / "blank.xlsx"
    CliRunner().invoke(app, ["workbook", "new", "-o", str(path)])
    problems = problems_of(path)
    assert [(p.where, p.field, p.message) for p in problems] == [
        ("基本信息!B2", "部门简称", "必填，尚未填写"),
        ("基本信息!B5", "评价年度", "必填，尚未填写"),
    ]
    from workbook_support import edit, read

    edit(path, {"基本信息!B2": "某部门", "基本信息!B5": 2024})
    case = read(path)
    assert (case.department.name, case.year, case.framework) == ("某部门", 2024, "shenzhen-department-2023")
    assert case.judgements == {} and case.budget is None and case.narrative.functions is None


def test_the_command_line_starts_without_openpyxl() -> None:
    import subprocess
    import sys

    probe = "import sys, jixiao.cli; print(sorted(m for m in ('openpyxl', 'jixiao.workbook') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
