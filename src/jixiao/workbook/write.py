"""Write the data-entry workbook (填报工作簿): blank for a framework, or filled with a case.

Cells a preparer fills are unlocked and pale yellow; headings, labels, units and hints are locked (the sheets
are protected without a password, so a determined user can still lift it). Amounts are written as numbers
when a binary double holds them exactly, otherwise as text, which the reader accepts: the facts survive the
round trip unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..facts.model import DepartmentYear, Judgement, Narrative
from ..outputs import write_file
from ..problems import InputError, Problem
from .layout import (
    BASIC,
    FIRST_DATA_ROW,
    FORM_COLUMNS,
    HEADER_ROW,
    INSTRUCTIONS_TITLE,
    JUDGEMENT_FINDING,
    JUDGEMENT_ITEM,
    JUDGEMENT_NO_FINDING,
    JUDGEMENT_SCORE,
    JUDGEMENTS,
    NARRATIVE,
    NARRATIVE_SECTIONS,
    NO,
    SHEETS,
    YES,
    Field,
    FixedTable,
    FormSheet,
    Kind,
    Sheet,
    Table,
    column_letter,
    form_row,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


@dataclass(frozen=True)
class ItemOutline:
    """A checklist item of an indicator, as the blank workbook lists it."""

    id: str
    text: str
    weight: Decimal | None


@dataclass(frozen=True)
class IndicatorOutline:
    """What the 评价判断 sheet needs to know of a framework's indicator.

    ``mode`` is how an evaluator answers it: ``"items"`` (points per checklist item), ``"findings"`` (a list
    of problems found) or ``"score"`` (a score with a reason). Indicators computed from figures are left out.
    """

    id: str
    name: str
    weight: Decimal | None
    mode: str
    items: tuple[ItemOutline, ...] = ()


_NUMBER_FORMATS = {
    Kind.AMOUNT: "#,##0.00####",
    Kind.YUAN: "#,##0.00####",
    Kind.COUNT: "0",
    Kind.RATE: "0.00%",
    Kind.POINTS: "0.0####",
    Kind.DATE: "yyyy-mm-dd",
    Kind.YEAR: "0",
    Kind.TEXT: "@",
    Kind.LONG_TEXT: "@",
}
_INPUT_FILL = "FFF9E5"
_HEADER_FILL = "DDEBF7"
_INFO_FILL = "F2F2F2"
_HINT_COLOUR = "7F7F7F"
_DEFAULT_UNIT = "万元"
_EXCEL_TEXT_LIMIT = 32767
_EXCEL_DIGITS = 15


def write_workbook(path: Path, case: DepartmentYear | None = None,
                   indicators: Sequence[IndicatorOutline] = (), *, framework_id: str | None = None,
                   sheets: Sequence[Sheet] = SHEETS) -> None:
    """Write a blank workbook (no case) or a filled one; replace ``path`` only once it is complete.

    ``framework_id`` is entered in a blank workbook's 基本信息, to match the judgement rows listed; ``sheets``
    are those its framework needs (:func:`jixiao.workbook.outline.framework_sheets`), else every sheet.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    instructions = workbook.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS_TITLE
    _write_instructions(instructions, case, sheets)
    writer = _SheetWriter(case, str(path))
    if case is None and framework_id is not None:
        writer.data["framework"] = framework_id
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title)
        writer.write(worksheet, sheet, indicators)
    if writer.problems:
        raise InputError(writer.problems)
    write_file(path, workbook.save)


def _write_instructions(ws: Worksheet, case: DepartmentYear | None, sheets: Sequence[Sheet]) -> None:
    from openpyxl.styles import Alignment, Font

    lines: list[tuple[str, str]] = [
        ("部门整体支出绩效评价 填报工作簿", "title"),
        ("", ""),
        ("一、填写方法", "heading"),
        ("1. 只需填写浅黄色单元格；表头、项目名称、单位和说明已锁定（工作表保护未设密码）。", ""),
        ("2. 有下拉列表的单元格请从列表中选择；选中单元格时会显示填写提示。", ""),
        ("3. 金额按“基本信息”表选定的金额单位（万元或元）填写；自评表各表（主要任务）固定以元为单位。", ""),
        ("4. 数字可带千位分隔符；比率填百分数（如 96.5%）。系统计算的比率、得分无需填写。", ""),
        ("5. 表格类工作表每条记录一行，可插入或删除行；空行会被忽略。", ""),
        ("6. 请勿修改工作表名称：系统按名称识别工作表，顺序可以调整。", ""),
        ("", ""),
        ("二、各工作表", "heading"),
    ]
    for sheet in sheets:
        lines.append((f"{sheet.title}：{sheet.note}", ""))
    lines += [
        ("", ""),
        ("三、检查与计分", "heading"),
        ("填写完成后运行 jixiao score 本文件.xlsx 计分。", ""),
        ("如有填写问题，系统会一次列出全部问题，并指出所在的工作表和单元格（如 季度执行!C4）。", ""),
    ]
    if case is not None:
        lines.insert(1, (f"{case.department.full_name or case.department.name}　{case.year} 年度", ""))
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for row, (text, style) in enumerate(lines, start=1):
        # The department's name is reported where it is entered (基本信息); here it is only a caption.
        cell = ws.cell(row=row, column=1, value=ILLEGAL_CHARACTERS_RE.sub("", text) or None)
        if style == "title":
            cell.font = Font(bold=True, size=16)
        elif style == "heading":
            cell.font = Font(bold=True, size=12)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True


class _SheetWriter:
    def __init__(self, case: DepartmentYear | None, file: str) -> None:
        self.case = case
        self.file = file
        self.data: dict[str, Any] = case.model_dump(mode="python") if case is not None else {}
        for name, value in (case.figures if case is not None else {}).items():  # at their dotted places
            *parents, last = name.split(".")
            node = self.data
            for part in parents:
                child = node.get(part)
                if not isinstance(child, dict):
                    child = node[part] = {}
                node = child
            node[last] = [dict(row) for row in value] if isinstance(value, tuple) else value
        self.unit = _DEFAULT_UNIT  # the model holds 万元, so a filled workbook is in 万元 too
        self.problems: list[Problem] = []
        self.styles: dict[tuple[str, bool, bool], Any] = {}

    def write(self, ws: Worksheet, sheet: Sheet, indicators: Sequence[IndicatorOutline]) -> None:
        if isinstance(sheet, FormSheet):
            self._form(ws, sheet)
        elif isinstance(sheet, FixedTable):
            self._fixed_table(ws, sheet)
        elif sheet is JUDGEMENTS:
            self._table(ws, sheet, _judgement_rows(self.case.judgements if self.case else {}, indicators))
        elif sheet is NARRATIVE:
            self._table(ws, sheet, _narrative_rows(self.case.narrative if self.case else None))
        else:
            self._table(ws, sheet, _records(self.data, sheet.base))
        _protect(ws)

    # --- the three shapes -----------------------------------------------------------------------------

    def _form(self, ws: Worksheet, sheet: FormSheet) -> None:
        _header(ws, FORM_COLUMNS)
        for field in sheet.fields:
            row = form_row(sheet, field)
            _style_fixed(ws.cell(row=row, column=1, value=field.label), bold=field.required)
            value = _lookup(self.data, field.key)
            if field.key == ("unit",):
                value = self.unit
            self._value(ws, row, 2, field, value)
            unit = ws.cell(row=row, column=3)
            if field.kind is Kind.AMOUNT:
                unit.value = _unit_formula()
            else:
                unit.value = field.unit(self.unit) or None
            _style_fixed(unit)
            hint = ("必填。" if field.required else "") + field.hint
            _style_fixed(ws.cell(row=row, column=4, value=hint or None), hint=True)
            _validate(ws, field, f"B{row}")
        _widths(ws, (max(len(f.label) for f in sheet.fields) * 2 + 4, 26, 8, 60))
        ws.freeze_panes = "B2"

    def _fixed_table(self, ws: Worksheet, sheet: FixedTable) -> None:
        _header(ws, (sheet.row_heading, *(_heading(c) for c in sheet.columns)))
        for column, field in enumerate(sheet.columns, start=2):
            if field.kind is Kind.AMOUNT:
                ws.cell(row=HEADER_ROW, column=column).value = _unit_heading_formula(field.label)
        for offset, fixed in enumerate(sheet.rows):
            row = FIRST_DATA_ROW + offset
            _style_fixed(ws.cell(row=row, column=1, value=fixed.label), bold=True)
            for column, field in enumerate(sheet.columns, start=2):
                value = _lookup(self.data, (*sheet.base, *fixed.key, *field.key))
                self._value(ws, row, column, field, value)
        last = FIRST_DATA_ROW + len(sheet.rows) - 1
        for column, field in enumerate(sheet.columns, start=2):
            letter = column_letter(column)
            _validate(ws, field, f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
        _widths(ws, (14, *(max(len(c.label) * 2 + 8, 16) for c in sheet.columns)))
        ws.freeze_panes = "B2"

    def _table(self, ws: Worksheet, sheet: Table, records: list[dict[str, Any]]) -> None:
        _header(ws, tuple(_heading(c) for c in sheet.columns))
        count = max(len(records), sheet.blank_rows)
        for offset in range(count):
            record = records[offset] if offset < len(records) else {}
            for column, field in enumerate(sheet.columns, start=1):
                self._value(ws, FIRST_DATA_ROW + offset, column, field, _lookup(record, field.key))
        last = FIRST_DATA_ROW + count - 1
        for column, field in enumerate(sheet.columns, start=1):
            letter = column_letter(column)
            _validate(ws, field, f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
        _widths(ws, tuple(c.width or len(c.label) * 2 + 4 for c in sheet.columns))
        ws.freeze_panes = "A2"

    def _value(self, ws: Worksheet, row: int, column: int, field: Field, value: Any) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill, Protection
        from openpyxl.utils.exceptions import IllegalCharacterError

        cell = ws.cell(row=row, column=column)
        written = _cell_value(field, value)
        if isinstance(written, str) and len(written) > _EXCEL_TEXT_LIMIT:
            self.problems.append(Problem(self.file, f"“{field.label}”超过 Excel 单元格上限 {_EXCEL_TEXT_LIMIT} 字",
                                         where=f"{ws.title}!{column_letter(column)}{row}"))
            written = None
        try:
            cell.value = written
        except IllegalCharacterError:  # control characters that the file format cannot hold
            self.problems.append(Problem(self.file, f"“{field.label}”含有 Excel 无法保存的控制字符",
                                         where=f"{ws.title}!{column_letter(column)}{row}"))
        if isinstance(written, str):
            cell.data_type = "s"  # text beginning with "=" is a fact, not a formula
        number_format = _NUMBER_FORMATS.get(field.kind, "General")
        if isinstance(written, str) and field.kind in (Kind.AMOUNT, Kind.YUAN, Kind.POINTS, Kind.RATE):
            number_format = "@"
        # Styling cell by cell costs most of the writing time; equal styles are copied from the first cell.
        key = (number_format, field.informative, field.kind is Kind.LONG_TEXT)
        shared = self.styles.get(key)
        if shared is not None:
            cell._style = copy(shared)
            return
        cell.number_format = number_format
        cell.protection = Protection(locked=False)
        cell.fill = PatternFill("solid", fgColor=_INFO_FILL if field.informative else _INPUT_FILL)
        if field.informative:
            cell.font = Font(color=_HINT_COLOUR)
        if field.kind is Kind.LONG_TEXT:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.styles[key] = copy(cell._style)


def _cell_value(field: Field, value: Any) -> Any:
    if value is None:
        return None
    if field.kind is Kind.BOOL:
        return YES if value else NO
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, date | int | float):
        return value
    return str(value)


def _number(value: Decimal) -> int | float | str:
    """A Decimal as a cell number if Excel keeps it exactly (15 significant digits), else as its exact text."""
    if len(value.normalize().as_tuple().digits) > _EXCEL_DIGITS:
        return format(value, "f")
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _unit_reference() -> str:
    unit_field = next(f for f in BASIC.fields if f.key == ("unit",))
    return f"'{BASIC.title}'!$B${form_row(BASIC, unit_field)}"


def _unit_formula() -> str:
    return f'=IF({_unit_reference()}="","{_DEFAULT_UNIT}",{_unit_reference()})'


def _unit_heading_formula(label: str) -> str:
    return f'="{label}（"&IF({_unit_reference()}="","{_DEFAULT_UNIT}",{_unit_reference()})&"）"'


def _heading(field: Field) -> str:
    unit = field.unit(_DEFAULT_UNIT)
    return f"{field.label}（{unit}）" if unit and field.kind is not Kind.YEAR else field.label


def _header(ws: Worksheet, titles: Iterable[str]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="9BC2E6")
    for column, title in enumerate(titles, start=1):
        cell = ws.cell(row=HEADER_ROW, column=column, value=title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    ws.row_dimensions[HEADER_ROW].height = 30


def _style_fixed(cell: Any, *, bold: bool = False, hint: bool = False) -> None:
    """Style a label, unit or hint; such cells keep Excel's default lock, which sheet protection enforces."""
    from openpyxl.styles import Alignment, Font

    if bold:
        cell.font = Font(bold=True)
    if hint:
        cell.font = Font(italic=True, color=_HINT_COLOUR)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(ws: Worksheet, widths: Iterable[int]) -> None:
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[column_letter(column)].width = min(max(width, 8), 100)


def _protect(ws: Worksheet) -> None:
    from openpyxl.worksheet.protection import SheetProtection

    # Protected against editing the layout, but rows may be inserted, deleted and resized.
    ws.protection = SheetProtection(
        sheet=True, formatCells=False, formatRows=False, formatColumns=False,
        insertRows=False, deleteRows=False, sort=False, autoFilter=False,
    )


def _validate(ws: Worksheet, field: Field, cells: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    prompt = ("必填。" if field.required else "") + (field.hint or _KIND_PROMPTS.get(field.kind, ""))
    if field.informative:
        return
    if field.choices:
        validation = DataValidation(type="list", formula1='"' + ",".join(field.choices) + '"', allow_blank=True,
                                    showErrorMessage=True, errorStyle="stop", errorTitle="请从列表中选择",
                                    error="请从下拉列表中选择：" + "、".join(field.choices))
    elif field.kind in _NUMERIC_KINDS:
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                    allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                    errorTitle="应为数值", error="此处应填写不小于 0 的数值。")
        if field.kind is Kind.RATE:
            validation = DataValidation(type="decimal", operator="between", formula1="0", formula2="1",
                                        allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                        errorTitle="应为百分数", error="此处应填写 0% 到 100% 之间的百分数。")
    elif field.kind is Kind.DATE:
        validation = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                                    showErrorMessage=True, errorStyle="warning", errorTitle="应为日期",
                                    error="日期格式如 2023-03-15。")
    else:
        validation = DataValidation(allow_blank=True)
    if prompt:
        validation.showInputMessage = True
        validation.promptTitle = field.label[:32]
        validation.prompt = prompt[:255]
    validation.add(cells)
    ws.add_data_validation(validation)


_NUMERIC_KINDS = (Kind.AMOUNT, Kind.YUAN, Kind.COUNT, Kind.RATE, Kind.POINTS, Kind.YEAR)
_KIND_PROMPTS = {
    Kind.AMOUNT: "金额，单位见“基本信息”表的金额单位。",
    Kind.YUAN: "金额（元）。",
    Kind.COUNT: "整数。",
    Kind.RATE: "百分数，如 96.5%。",
    Kind.POINTS: "分数。",
}


def _lookup(data: Any, key: tuple[str | int, ...]) -> Any:
    for part in key:
        if data is None:
            return None
        if isinstance(part, int):
            data = data[part] if isinstance(data, list | tuple) and part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def _records(data: dict[str, Any], base: tuple[str | int, ...]) -> list[dict[str, Any]]:
    found = _lookup(data, base)
    return list(found) if isinstance(found, list | tuple) else []


def _judgement_rows(judgements: dict[str, Judgement],
                    indicators: Sequence[IndicatorOutline]) -> list[dict[str, Any]]:
    """The 评价判断 rows: the framework's items in order, each with the case's answer if it has one."""
    rows: list[dict[str, Any]] = []
    written: set[str] = set()
    for indicator in indicators:
        judgement = judgements.get(indicator.id)
        written.add(indicator.id)
        base = {"indicator": indicator.id, "indicator_name": indicator.name}
        listed: set[str] = set()
        for item in indicator.items:
            award = judgement.items.get(item.id) if judgement else None
            listed.add(item.id)
            rows.append({**base, "type": JUDGEMENT_ITEM, "item": item.id, "item_text": item.text,
                         "weight": item.weight, "points": award.points if award else None,
                         "reason": award.reason if award else None})
        if judgement is not None:
            rows += _answer_rows(base, judgement, skip_items=listed)
        elif indicator.mode == "findings":
            rows.append({**base, "type": JUDGEMENT_FINDING, "weight": indicator.weight})
        elif indicator.mode == "score":
            rows.append({**base, "type": JUDGEMENT_SCORE, "weight": indicator.weight})
    for indicator_id, judgement in judgements.items():
        if indicator_id not in written:
            rows += _answer_rows({"indicator": indicator_id}, judgement, skip_items=set())
    return rows


def _answer_rows(base: dict[str, Any], judgement: Judgement, skip_items: set[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for item_id, award in judgement.items.items():
        if item_id not in skip_items:
            rows.append({**base, "type": JUDGEMENT_ITEM, "item": item_id, "points": award.points,
                         "reason": award.reason})
    if judgement.score is not None or judgement.reason:
        rows.append({**base, "type": JUDGEMENT_SCORE, "points": judgement.score, "reason": judgement.reason})
    if judgement.findings is not None:
        if judgement.findings:
            rows += [{**base, "type": JUDGEMENT_FINDING, "reason": finding} for finding in judgement.findings]
        else:
            rows.append({**base, "type": JUDGEMENT_NO_FINDING})
    return rows


def _narrative_rows(narrative: Narrative | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for section in NARRATIVE_SECTIONS:
        value = getattr(narrative, section.key) if narrative is not None else None
        if section.shape == "text":
            rows.append({"section": section.label, "text": value})
        elif section.shape == "list":
            rows += [{"section": section.label, "text": item} for item in (value or ())] or [
                {"section": section.label}]
        else:
            rows += [{"section": section.label, "heading": key, "text": text}
                     for key, text in (value or {}).items()] or [{"section": section.label}]
    return rows
