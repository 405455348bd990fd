"""The monitoring workbook a department fills in (绩效运行监控填报工作簿): written blank or filled by
``jixiao workbook new --monitoring``, read back by ``jixiao monitor`` into the same data as a YAML file, every
value at its cell.

Sheets: 基本信息 (department, year, unit), 资金执行 (one row a project: budget, cumulative spending at each month's
end, the explanation of a deviation), 绩效目标 (one row a target, tied to its project by name: the year's value
and the cumulative value at each month's end, in the target's unit), 上年执行 (optional: last year's cumulative
spending by month, for the forecast).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..problems import Problem
from ..yamlsource import SourceMap
from .model import Explanation, Monitoring, MonitoringRules

MONTHS = range(1, 13)
INFO = "基本信息"
SPENDING = "资金执行"
TARGETS = "绩效目标"
LAST_YEAR = "上年执行"
_INFO_ROWS = (("部门名称", ("department", "name")), ("部门代码", ("department", "code")), ("年度", ("year",)),
              ("金额单位", ("unit",)))
_SPENDING_HEAD = ["项目名称", "年度预算数", *(f"{m}月末累计执行数" for m in MONTHS), "偏差原因", "能否完成目标", "纠偏措施"]
_TARGET_HEAD = ["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", *(f"{m}月末累计完成值" for m in MONTHS),
                "偏差原因", "能否完成目标", "纠偏措施"]
_LAST_HEAD = ["项目名称", "上年预算数", *(f"{m}月末累计执行数" for m in MONTHS)]
MAX_ROWS = 20_000


def write_form(path: Path, rules: MonitoringRules, monitoring: Monitoring | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    info = book.active
    assert info is not None
    info.title = INFO
    info.append(["项目", "填写内容", "说明"])
    hints = ("", "可不填", "如 2024", "万元 或 元；资金执行、上年执行两表的金额都按此单位")
    values: tuple[Any, ...] = ("", "", "", "万元")
    if monitoring is not None:
        values = (monitoring.department.name, monitoring.department.code or "", monitoring.year, "万元")
    for (label, _), value, hint in zip(_INFO_ROWS, values, hints, strict=True):
        info.append([label, value, hint])
    unit = DataValidation(type="list", formula1='"万元,元"', allow_blank=False)
    unit.add("B5")
    info.add_data_validation(unit)

    spending = book.create_sheet(SPENDING)
    spending.append(_SPENDING_HEAD)
    targets = book.create_sheet(TARGETS)
    targets.append(_TARGET_HEAD)
    last = book.create_sheet(LAST_YEAR)
    last.append(_LAST_HEAD)
    for project in monitoring.projects if monitoring is not None else ():
        spending.append([project.name, project.budget, *(project.spending.get(m) for m in MONTHS),
                         *_explained(project.explanation)])
        for t in project.targets:
            targets.append([project.name, t.level1, t.level2, t.name, t.value, *(t.progress.get(m) for m in MONTHS),
                            *_explained(t.explanation)])
        if project.last_year is not None:
            last.append([project.name, project.last_year.budget, *(project.last_year.spending.get(m) for m in MONTHS)])
    for sheet, head in ((spending, _SPENDING_HEAD), (targets, _TARGET_HEAD), (last, _LAST_HEAD)):
        causes = DataValidation(type="list", formula1='"' + ",".join(rules.causes) + '"', allow_blank=True)
        flags = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
        if "偏差原因" in head:
            column = head.index("偏差原因") + 1
            causes.add(f"{_letter(column)}2:{_letter(column)}{MAX_ROWS}")
            flags.add(f"{_letter(column + 1)}2:{_letter(column + 1)}{MAX_ROWS}")
            sheet.add_data_validation(causes)
            sheet.add_data_validation(flags)
        for index, name in enumerate(head, 1):
            sheet.column_dimensions[_letter(index)].width = 28 if name in ("项目名称", "三级指标", "纠偏措施") else 12
        sheet.freeze_panes = "B2"
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.row_dimensions[1].height = 32
    info.column_dimensions["A"].width = 12
    info.column_dimensions["B"].width = 30
    info.column_dimensions["C"].width = 50
    book.save(path)


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _explained(explanation: Explanation | None) -> list[Any]:
    if explanation is None:
        return ["", "", ""]
    return [explanation.cause, "是" if explanation.can_meet else "否", explanation.action]


def read_form(path: Path, rules: MonitoringRules) -> tuple[dict[str, Any], SourceMap, list[Problem]]:
    """The workbook as monitoring data, with the cell of every value; problems of the layout itself."""
    from openpyxl import load_workbook

    from ..ooxml import damaged
    from ..workbook.safety import NOUN, check_workbook_file

    name = str(path)
    content = check_workbook_file(path, name)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds of error for damaged content; all mean the same here
        raise damaged(name, NOUN) from None
    try:
        return _Reader(name, book).read()
    except (KeyError, ValueError, IndexError, EOFError, OSError):
        raise damaged(name, NOUN) from None
    finally:
        book.close()


class _Reader:
    def __init__(self, name: str, book: Any) -> None:
        self.name = name
        self.book = book
        self.source = SourceMap(name)
        self.problems: list[Problem] = []

    def _cell(self, sheet: str, column: int, row: int) -> str:
        return f"{sheet}!{_letter(column)}{row}"

    def _place(self, key: tuple[str | int, ...], sheet: str, column: int, row: int, label: str) -> None:
        self.source.cells[key] = self._cell(sheet, column, row)
        self.source.labels[key] = label

    def _rows(self, title: str, head: list[str]) -> Iterator[tuple[int, tuple[Any, ...]]]:
        if title not in self.book.sheetnames:
            if title != LAST_YEAR:
                self.problems.append(Problem(
                    self.name, f"缺少工作表“{title}”（请用 jixiao workbook new --monitoring 生成的模板填写）"))
            return
        from ..workbook.cells import cell_value

        sheet = self.book[title]
        for row, cells in enumerate(sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 2, max_col=len(head)), start=1):
            values = tuple(cell_value(c) for c in cells) + (None,) * (len(head) - len(cells))
            if row == 1:
                found = [str(v or "").strip() for v in values]
                wrong = [(i, h) for i, h in enumerate(head) if found[i] != h]
                if wrong:
                    i, h = wrong[0]
                    self.problems.append(Problem(self.name, f"表头应为“{h}”，实际为“{found[i]}”（请勿增删或移动列）",
                                                 where=self._cell(title, i + 1, 1)))
                    return
                continue
            if row > MAX_ROWS + 1:
                self.problems.append(Problem(self.name, f"工作表“{title}”超过 {MAX_ROWS} 行，超出部分未读取",
                                             where=self._cell(title, 1, row)))
                return
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            yield row, tuple(_plain(v) for v in values)

    def read(self) -> tuple[dict[str, Any], SourceMap, list[Problem]]:
        data: dict[str, Any] = {"department": {}}
        if INFO in self.book.sheetnames:
            for row, cells in enumerate(self.book[INFO].iter_rows(min_row=2, max_row=5, max_col=2, values_only=True),
                                        start=2):
                label, value = (*cells, None, None)[:2]
                for wanted, place in _INFO_ROWS:
                    if str(label or "").strip() == wanted and value not in (None, ""):
                        holder = data
                        for part in place[:-1]:
                            holder = holder[part]
                        holder[place[-1]] = _plain(value)
                        self._place(place, INFO, 2, row, wanted)
        else:
            self.problems.append(Problem(self.name, f"缺少工作表“{INFO}”"))
        projects: list[dict[str, Any]] = []
        index: dict[str, int] = {}
        for row, values in self._rows(SPENDING, _SPENDING_HEAD):
            i = len(projects)
            name = str(values[0] or "").strip()
            key: tuple[str | int, ...] = ("projects", i)
            self.source.cells[key] = self._cell(SPENDING, 1, row)
            if name in index:
                self.problems.append(Problem(self.name, f"项目“{name}”填了两行", where=self._cell(SPENDING, 1, row)))
            index[name] = i
            project: dict[str, Any] = {"name": name, "budget": values[1], "spending": {}}
            self._place((*key, "name"), SPENDING, 1, row, "项目名称")
            self._place((*key, "budget"), SPENDING, 2, row, f"{name}的年度预算数")
            for m in MONTHS:
                if values[1 + m] is not None:
                    project["spending"][str(m)] = values[1 + m]
                    self._place((*key, "spending", str(m)), SPENDING, 2 + m, row, f"{name}的{m}月末累计执行数")
            self._explanation(project, key, values[14:17], SPENDING, 15, row, name)
            project["targets"] = []
            projects.append(project)
        for row, values in self._rows(TARGETS, _TARGET_HEAD):
            owner = str(values[0] or "").strip()
            if owner not in index:
                self.problems.append(Problem(self.name, f"项目“{owner}”不在“{SPENDING}”表中（绩效目标按项目名称对应）",
                                             where=self._cell(TARGETS, 1, row)))
                continue
            i = index[owner]
            j = len(projects[i]["targets"])
            key = ("projects", i, "targets", j)
            self.source.cells[key] = self._cell(TARGETS, 4, row)
            target: dict[str, Any] = {"level1": values[1], "level2": values[2], "name": values[3], "value": values[4],
                                      "progress": {}}
            for column, field in ((2, "level1"), (3, "level2"), (4, "name"), (5, "value")):
                self._place((*key, field), TARGETS, column, row, _TARGET_HEAD[column - 1])
            unit = _unit_of(values[4])
            for m in MONTHS:
                value = values[4 + m]
                if value is not None:
                    # a bare number in the sheet is in the target's unit, as the column says
                    target["progress"][str(m)] = f"{value:f}{unit}" if isinstance(value, Decimal) else value
                    self._place((*key, "progress", str(m)), TARGETS, 5 + m, row, f"{values[3]}的{m}月末累计完成值")
            self._explanation(target, key, values[17:20], TARGETS, 18, row, str(values[3]))
            projects[i]["targets"].append(target)
        for row, values in self._rows(LAST_YEAR, _LAST_HEAD):
            owner = str(values[0] or "").strip()
            if owner not in index:
                self.problems.append(Problem(self.name, f"项目“{owner}”不在“{SPENDING}”表中",
                                             where=self._cell(LAST_YEAR, 1, row)))
                continue
            key = ("projects", index[owner], "last_year")
            last: dict[str, Any] = {"budget": values[1], "spending": {}}
            self._place((*key, "budget"), LAST_YEAR, 2, row, f"{owner}的上年预算数")
            for m in MONTHS:
                if values[1 + m] is not None:
                    last["spending"][str(m)] = values[1 + m]
                    self._place((*key, "spending", str(m)), LAST_YEAR, 2 + m, row, f"{owner}的上年{m}月末累计执行数")
            projects[index[owner]]["last_year"] = last
        data["projects"] = projects
        return data, self.source, self.problems

    def _explanation(self, into: dict[str, Any], key: tuple[str | int, ...], values: tuple[Any, ...], sheet: str,
                     column: int, row: int, name: str) -> None:
        if all(v is None for v in values):
            return
        into["explanation"] = {"cause": values[0], "can_meet": values[1], "action": values[2]}
        for offset, field, label in ((0, "cause", "偏差原因"), (1, "can_meet", "能否完成目标"), (2, "action", "纠偏措施")):
            self._place((*key, "explanation", field), sheet, column + offset, row, f"{name}的{label}")


def _plain(value: Any) -> Any:
    from ..workbook.cells import Percent, shown_number

    if isinstance(value, bool):
        return value
    if isinstance(value, Percent):
        return f"{(shown_number(value) * 100).normalize():f}%"
    if isinstance(value, float):
        return shown_number(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _unit_of(goal: Any) -> str:
    from ..targets.expression import UnreadableValue, read_value

    try:
        return read_value(str(goal)).unit if goal is not None else ""
    except UnreadableValue:
        return ""
