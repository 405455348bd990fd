"""Read a filled workbook (填报工作簿) back into a case, naming the sheet and cell of every problem.

The reader turns the workbook into the same plain data a YAML case gives, plus a map from each field to its
cell, and validates it as a case: a problem found by the facts model points at ``季度执行!C4`` just as a YAML
problem points at its line. Sheets are found by title, form rows by their label; each cell is read by
:mod:`jixiao.workbook.cells`, and every problem of the workbook is reported at once.
"""

from __future__ import annotations

import io
import itertools
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..decimals import normalise_text
from ..facts.catalogue import Catalogue, common
from ..facts.load import describe_error, remember_source
from ..facts.model import DepartmentYear, is_fact_type
from ..facts.values import split_figures
from ..frameworks.model import Framework
from ..ooxml import damaged
from ..problems import InputError, Problem
from ..yamlsource import PathKey, SourceMap
from .cells import UNCALCULATED, CellError, cell_value, interpret_cell, is_blank
from .layout import (
    BASIC,
    FIRST_DATA_ROW,
    FORM_COLUMNS,
    INSTRUCTIONS_TITLE,
    JUDGEMENT_FINDING,
    JUDGEMENT_ITEM,
    JUDGEMENT_SCORE,
    JUDGEMENTS,
    NARRATIVE,
    NARRATIVE_SECTIONS,
    SHEETS,
    Field,
    FixedTable,
    FormSheet,
    Sheet,
    Table,
    all_sheets,
    cell_ref,
)
from .outline import framework_sheets
from .safety import NOUN, check_workbook_file

MAX_TABLE_ROWS = 5000
"""Records a table sheet may hold; real workbooks hold dozens. Rows beyond are not read (bounded time)."""
MAX_FORM_ROWS = 200
_LOOKAHEAD_ROWS = 50  # how far past the limit we look for data we would otherwise drop silently

# What openpyxl raises while parsing a damaged sheet (bad XML, CRC mismatch, truncated data, forbidden entities).
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError, IndexError, SyntaxError)


def read_workbook(path: Path, name: str) -> DepartmentYear:
    """Read a case from a workbook; raise :class:`InputError` with every problem, each at its cell."""
    data, source, problems, failed, catalogue = _read_workbook_data(path, name)
    return _validated(data, source, problems, failed, catalogue)


def workbook_data(path: Path, name: str, framework: str | Path | None = None
                  ) -> tuple[dict[str, Any], SourceMap, list[Problem], list[PathKey]]:
    """The workbook as plain case data, its cell map, the problems of single cells and their paths; read for
    ``framework`` (else the one its 基本信息 names), whose catalogue says which sheets there are."""
    data, source, problems, failed, _ = _read_workbook_data(path, name, framework)
    return data, source, problems, failed


def _read_workbook_data(path: Path, name: str, framework: str | Path | None = None
                        ) -> tuple[dict[str, Any], SourceMap, list[Problem], list[PathKey], Catalogue]:
    """:func:`workbook_data`, with the catalogue the workbook was read under."""
    content = check_workbook_file(path, name)
    from openpyxl import load_workbook

    try:
        formulas = load_workbook(io.BytesIO(content), read_only=True, data_only=False, keep_links=False)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds of error for damaged content; all mean the same here
        raise damaged(name, NOUN) from None
    try:
        reader = _Reader(name, path, framework)
        reader.formulas = _formula_cells(formulas)
        reader.read(workbook)
    except _DAMAGED:
        raise damaged(name, NOUN) from None
    finally:
        formulas.close()
        workbook.close()
    for section, info in DepartmentYear.model_fields.items():
        # A required section left blank is reported field by field (部门简称), not as one missing section.
        if info.is_required() and is_fact_type(info.annotation):
            reader.data.setdefault(section, {})
    return reader.data, reader.source, reader.problems, reader.failed, reader.catalogue


def describe_cell_error(error: Any) -> str:
    """What the facts model says of a value read from a cell, in a workbook's words."""
    if error["type"] in ("missing", "missing_argument"):
        return "必填，尚未填写"
    return describe_error(error)


def _validated(data: dict[str, Any], source: SourceMap, problems: list[Problem],
               failed: Sequence[PathKey], catalogue: Catalogue) -> DepartmentYear:
    unit = data.pop("unit", "万元")
    case = None
    figures, figure_errors = split_figures(data, str(unit), catalogue)
    for where, wrong in figure_errors:
        if not any(where[: len(f)] == f for f in failed):
            problems.append(source.problem(where, describe_cell_error(wrong)))
    try:
        case = DepartmentYear.model_validate({**data, "figures": figures}, context={"unit": unit})
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            path: PathKey = tuple(p for p in error["loc"] if isinstance(p, str | int))
            if any(path[: len(f)] == f for f in failed):
                continue  # already reported, in the reader's own words, at the cell
            problems.append(source.problem(path, describe_cell_error(error)))
    if problems or case is None:
        raise InputError(problems)
    remember_source(case, source)
    return case


class _Reader:
    def __init__(self, name: str, path: Path | None = None, framework: str | Path | None = None) -> None:
        self.name = name
        self.path = path
        self.chosen = framework  # the framework the caller scores under, else the one the workbook names
        self.catalogue = common()
        self.data: dict[str, Any] = {}
        self.source = SourceMap(name)
        self.problems: list[Problem] = []
        self.failed: list[PathKey] = []
        self.unit = "万元"
        self.formulas: dict[str, set[tuple[int, int]]] = {}

    def _framework(self) -> tuple[Framework | None, Catalogue]:
        """The framework the workbook is read for: the caller's, else the one 基本信息 names, else the default;
        with its catalogue. When that framework cannot be used (scoring says why): no framework, and the facts
        its file declares as far as they can be read, so that its own sheets are still read."""
        from ..frameworks import DEFAULT_FRAMEWORK, framework_named_by_case, load_framework
        from ..frameworks.load import catalogue_of

        named = self.data.get("framework")
        chosen = self.chosen or (framework_named_by_case(named, self.path or Path(self.name))
                                 if isinstance(named, str) and named else None)
        try:
            framework = load_framework(chosen or DEFAULT_FRAMEWORK)
        except InputError:
            return None, catalogue_of(chosen or DEFAULT_FRAMEWORK)
        return framework, framework.catalogue

    # --- sheets ---------------------------------------------------------------------------------------

    def read(self, workbook: Any) -> None:
        titles = {_title_key(title): title for title in workbook.sheetnames}
        basic = titles.get(_title_key(BASIC.title))
        if basic is not None and hasattr(workbook[basic], "iter_rows"):
            self._form(workbook[basic], BASIC)  # first: it names the framework, which decides the other sheets
        framework, catalogue = self._framework()
        sheets = all_sheets(catalogue)
        # the sheets the framework's indicators read; with a framework that cannot be used, only a workbook with
        # none of the catalogue's sheets is refused here (the framework's own problems are reported by scoring)
        wanted = framework_sheets(framework) if framework is not None else sheets
        expected = {_title_key(sheet.title) for sheet in sheets} | {_title_key(INSTRUCTIONS_TITLE)}
        missing = [sheet.title for sheet in wanted if _title_key(sheet.title) not in titles]
        if missing and framework is not None:
            strangers = [title for key, title in titles.items() if key not in expected]
            hint = f"；工作簿中未识别的工作表：{'、'.join(strangers)}（是否被改名？）" if strangers else ""
            for title in missing:
                self.problems.append(Problem(self.name, f"缺少工作表“{title}”：工作表按名称识别，请勿改名或删除{hint}",
                                             where=title))
        if len(missing) == len(wanted):
            raise InputError([Problem(
                self.name, "这不是 jixiao 填报工作簿：找不到任何应有的工作表（可用 jixiao workbook new 生成空白工作簿）")])
        self.catalogue = catalogue
        for sheet in sheets:
            found = titles.get(_title_key(sheet.title))
            if found is None or sheet is BASIC:
                continue
            title = found
            worksheet = workbook[title]
            if not hasattr(worksheet, "iter_rows"):
                self.problems.append(Problem(self.name, f"“{title}”不是普通工作表", where=title))
                continue
            if isinstance(sheet, FormSheet):
                self._form(worksheet, sheet)
            elif isinstance(sheet, FixedTable):
                self._fixed_table(worksheet, sheet)
            elif sheet is JUDGEMENTS:
                self._judgements(worksheet, sheet)
            elif sheet is NARRATIVE:
                self._narrative(worksheet, sheet)
            else:
                self._table(worksheet, sheet)

    def _form(self, ws: Any, sheet: FormSheet) -> None:
        by_label = {_label_key(f.label): f for f in sheet.fields}
        seen: dict[str, int] = {}
        for row, values in self._rows(ws, sheet.title, 3, MAX_FORM_ROWS):
            if row < FIRST_DATA_ROW:
                heading = values[1]
                if not (isinstance(heading, str) and _label_key(heading) == _label_key(FORM_COLUMNS[1])):
                    self.problems.append(Problem(
                        self.name, f"表头应为“{FORM_COLUMNS[1]}”，实际为“{heading or ''}”：请勿插入、删除或移动列",
                        where=cell_ref(sheet.title, 2, 1)))
                continue
            label, raw = values[0], values[1]
            if is_blank(label):
                if not is_blank(raw):
                    self.problems.append(Problem(self.name, "此行没有项目名称，无法确定填写的是什么",
                                                 where=cell_ref(sheet.title, 2, row)))
                continue
            field = by_label.get(_label_key(str(label)))
            if field is None:
                if not is_blank(raw):
                    self.problems.append(Problem(self.name, f"无法识别的项目“{label}”",
                                                 where=cell_ref(sheet.title, 1, row)))
                continue
            if field.label in seen:
                self.problems.append(Problem(self.name, f"项目“{field.label}”重复出现（另见第 {seen[field.label]} 行）",
                                             where=cell_ref(sheet.title, 1, row)))
                continue
            seen[field.label] = row
            for depth in range(1, len(field.key)):  # a missing section is reported at its first row
                self._place(field.key[:depth], cell_ref(sheet.title, 2, row), _section_label(field.key[:depth]))
            self._place(field.key, cell_ref(sheet.title, 2, row), field.label)
            self._store(field, field.key, raw, cell_ref(sheet.title, 2, row))
        for field in sheet.fields:
            if field.label not in seen and not field.generic:
                self.problems.append(Problem(self.name, f"找不到项目“{field.label}”所在的行（请勿删除或改动项目名称）",
                                             where=sheet.title))

    def _fixed_table(self, ws: Any, sheet: FixedTable) -> None:
        by_label = {_label_key(r.label): r for r in sheet.rows}
        width = 1 + len(sheet.columns)
        found: dict[PathKey, dict[str, Any]] = {}
        for row, values in self._rows(ws, sheet.title, width, MAX_FORM_ROWS):
            if row == 1:
                self._check_header(sheet.title, values, sheet.columns, first_column=2)
                continue
            label = values[0]
            fixed = by_label.get(_label_key(str(label))) if not is_blank(label) else None
            if fixed is None:
                if any(not is_blank(v) for v in values[1:]):
                    self.problems.append(Problem(
                        self.name, f"无法识别的行“{label or ''}”：第一列应为{'、'.join(r.label for r in sheet.rows)}之一",
                        where=cell_ref(sheet.title, 1, row)))
                continue
            key = (*sheet.base, *fixed.key)
            if key in found:
                self.problems.append(Problem(self.name, f"“{fixed.label}”重复出现", where=cell_ref(sheet.title, 1, row)))
                continue
            record: dict[str, Any] = {}
            found[key] = record
            self._place(key, cell_ref(sheet.title, 2, row), fixed.label)
            for column, field in enumerate(sheet.columns, start=2):
                where = cell_ref(sheet.title, column, row)
                self._place((*key, *field.key), where, f"{fixed.label} {field.label}")
                value = self._interpret(field, values[column - 1], (*key, *field.key), where)
                if value is not None:
                    _put(record, field.key, value)
        for fixed in sheet.rows:
            if (*sheet.base, *fixed.key) not in found:
                self.problems.append(Problem(self.name, f"找不到“{fixed.label}”一行（请勿删除或改动第一列）",
                                             where=sheet.title))
        if not any(found.values()):
            return
        if isinstance(sheet.rows[0].key[0], int):  # a fixed-length list (the four quarters): keep every row
            _put(self.data, sheet.base, [found.get((*sheet.base, *r.key), {}) for r in sheet.rows])
        else:
            for key, record in found.items():
                if record:
                    _put(self.data, key, record)
        self._place(sheet.base, cell_ref(sheet.title, 2, FIRST_DATA_ROW), _section_label(sheet.base))

    def _table(self, ws: Any, sheet: Table) -> None:
        # An empty table is named at its first row, so that "at least one row is needed" points somewhere.
        self._place(sheet.base, cell_ref(sheet.title, 1, FIRST_DATA_ROW), sheet.title)
        records = self._records(ws, sheet)
        if not records:
            return
        items = []
        for index, (row, record) in enumerate(records):
            items.append(record)
            self._place((*sheet.base, index), cell_ref(sheet.title, 1, row), f"第 {row} 行")
            for column, field in enumerate(sheet.columns, start=1):
                self._place((*sheet.base, index, *field.key), cell_ref(sheet.title, column, row), field.label)
        self._remap_failed(sheet, records)
        _put(self.data, sheet.base, items)
        self._place(sheet.base, cell_ref(sheet.title, 1, records[0][0]), sheet.title)

    def _records(self, ws: Any, sheet: Table) -> list[tuple[int, dict[str, Any]]]:
        """Non-blank rows of a table as (row, {field: value}); a cell that cannot be read is reported."""
        records: list[tuple[int, dict[str, Any]]] = []
        for row, values in self._rows(ws, sheet.title, len(sheet.columns), MAX_TABLE_ROWS):
            if row == 1:
                self._check_header(sheet.title, values, sheet.columns, first_column=1)
                continue
            cells = [(column, field, values[column - 1]) for column, field in enumerate(sheet.columns, start=1)
                     if not field.informative]
            if all(is_blank(raw) for _, _, raw in cells):
                continue
            record: dict[str, Any] = {}
            for column, field, raw in cells:
                where = cell_ref(sheet.title, column, row)
                # The record's index is not known until blank rows are skipped: mark failures by row for now.
                value = self._interpret(field, raw, ("#row", sheet.title, row, *field.key), where)
                if value is not None:
                    _put(record, field.key, value)
            records.append((row, record))
        return records

    def _remap_failed(self, sheet: Table, records: list[tuple[int, dict[str, Any]]]) -> None:
        index_of = {row: index for index, (row, _) in enumerate(records)}
        remapped = []
        for path in self.failed:
            if path[:2] == ("#row", sheet.title) and isinstance(path[2], int) and path[2] in index_of:
                remapped.append((*sheet.base, index_of[path[2]], *path[3:]))
            else:
                remapped.append(path)
        self.failed = remapped

    # --- the two tables that fold into dictionaries -------------------------------------------------

    def _judgements(self, ws: Any, sheet: Table) -> None:
        columns = {f.key[0]: column for column, f in enumerate(sheet.columns, start=1)}

        def at(row: int, key: str) -> str:
            return cell_ref(sheet.title, columns[key], row)

        judgements: dict[str, dict[str, Any]] = {}
        state: dict[str, dict[str, Any]] = {}
        self._place(("judgements",), sheet.title, sheet.title)
        for row, record in self._records(ws, sheet):
            indicator = record.get("indicator")
            kind = record.get("type")
            if self._row_failed(sheet.title, row):
                continue
            if indicator is None:
                self.problems.append(Problem(self.name, "缺少指标编号：无法确定这一行属于哪个指标",
                                             where=at(row, "indicator")))
                continue
            indicator = str(indicator).strip()
            item, points, reason = record.get("item"), record.get("points"), record.get("reason")
            if kind is None:
                if item is not None:
                    kind = JUDGEMENT_ITEM
                elif points is not None:
                    kind = JUDGEMENT_SCORE
                elif reason is None:
                    continue
                else:
                    self.problems.append(Problem(
                        self.name, f"请选择类型（{'、'.join((JUDGEMENT_SCORE, JUDGEMENT_FINDING))}等）："
                                   "只有文字时无法判断是评分理由还是发现的问题", where=at(row, "type")))
                    continue
            base: PathKey = ("judgements", indicator)
            self._place((*base, "items"), at(row, "indicator"), f"指标 {indicator} 的评分要点")
            if indicator not in judgements:
                judgements[indicator] = {}
                state[indicator] = {"findings": [], "no_findings": None, "score_row": None}
                self._place(base, at(row, "indicator"), f"指标 {indicator}")
            judgement = judgements[indicator]
            if kind == JUDGEMENT_ITEM:
                if item is None:
                    if points is not None or reason is not None:
                        self.problems.append(Problem(self.name, "类型为“要点得分”时须填写要点编号",
                                                     where=at(row, "item")))
                    continue
                item = str(item).strip()
                # Placed even when unanswered, so that "this item has no score" points at its row.
                self._place((*base, "items", item), at(row, "points"), f"指标 {indicator} 要点 {item}")
                if points is None and reason is None:
                    continue
                items = judgement.setdefault("items", {})
                if item in items:
                    self.problems.append(Problem(self.name, f"指标 {indicator} 的要点“{item}”重复出现",
                                                 where=at(row, "item")))
                    continue
                items[item] = {"points": points} if reason is None else {"points": points, "reason": reason}
                if points is None:
                    del items[item]["points"]
                self._place((*base, "items", item), at(row, "item"), f"要点 {item}")
                self._place((*base, "items", item, "points"), at(row, "points"), "得分")
                self._place((*base, "items", item, "reason"), at(row, "reason"), "理由")
            elif kind == JUDGEMENT_SCORE:
                if points is None and reason is None:
                    # An empty 指标评分 row still says where that score is to be written.
                    self._place((*base, "score"), at(row, "points"), f"指标 {indicator} 得分")
                    continue
                if state[indicator]["score_row"] is not None:
                    self.problems.append(Problem(
                        self.name, f"指标 {indicator} 有多行“指标评分”（另见第 {state[indicator]['score_row']} 行）",
                        where=at(row, "type")))
                    continue
                state[indicator]["score_row"] = row
                if points is not None:
                    judgement["score"] = points
                if reason is not None:
                    judgement["reason"] = reason
                self._place((*base, "score"), at(row, "points"), "得分")
                self._place((*base, "reason"), at(row, "reason"), "理由")
            elif kind == JUDGEMENT_FINDING:
                if reason is None:
                    self._place((*base, "findings"), at(row, "reason"), f"指标 {indicator} 发现的问题")
                    continue
                state[indicator]["findings"].append((row, reason))
            else:
                state[indicator]["no_findings"] = row
        for indicator, judgement in judgements.items():
            findings, none_row = state[indicator]["findings"], state[indicator]["no_findings"]
            if findings and none_row is not None:
                self.problems.append(Problem(self.name, f"指标 {indicator} 既填了“发现问题”又选了“未发现问题”",
                                             where=at(none_row, "type")))
            if findings:
                judgement["findings"] = [text for _, text in findings]
                for index, (row, _) in enumerate(findings):
                    self._place(("judgements", indicator, "findings", index), at(row, "reason"), "发现的问题")
            elif none_row is not None:
                judgement["findings"] = []
                self._place(("judgements", indicator, "findings"), at(none_row, "type"), "未发现问题")
        kept = {key: value for key, value in judgements.items() if value}
        if kept:
            self.data["judgements"] = kept

    def _narrative(self, ws: Any, sheet: Table) -> None:
        by_label = {s.label: s for s in NARRATIVE_SECTIONS}
        columns = {f.key[0]: column for column, f in enumerate(sheet.columns, start=1)}
        narrative: dict[str, Any] = {}
        seen: dict[tuple[str, str], int] = {}
        for row, record in self._records(ws, sheet):
            if self._row_failed(sheet.title, row):
                continue
            text = record.get("text")
            label = record.get("section")
            if text is None:
                continue
            where = cell_ref(sheet.title, columns["text"], row)
            if label is None:
                self.problems.append(Problem(self.name, "请选择栏目：无法确定这段文字属于报告的哪一部分",
                                             where=cell_ref(sheet.title, columns["section"], row)))
                continue
            section = by_label[label]
            heading = record.get("heading")
            if section.shape != "keyed":
                heading = ""
            elif heading is None:
                self.problems.append(Problem(self.name, f"栏目“{label}”须填写{section.key_hint}",
                                             where=cell_ref(sheet.title, columns["heading"], row)))
                continue
            heading = str(heading).strip()
            marker = (section.key, heading)
            if section.shape != "list" and marker in seen:
                self.problems.append(Problem(self.name, f"栏目“{label}{' ' + heading if heading else ''}”重复出现"
                                                        f"（另见第 {seen[marker]} 行），请合并为一行", where=where))
                continue
            seen[marker] = row
            if section.shape == "text":
                narrative[section.key] = text
                self._place(("narrative", section.key), where, label)
            elif section.shape == "list":
                entries = narrative.setdefault(section.key, [])
                self._place(("narrative", section.key, len(entries)), where, label)
                entries.append(text)
            else:
                assert isinstance(heading, str)
                narrative.setdefault(section.key, {})[heading] = text
                self._place(("narrative", section.key, heading), where, f"{label} {heading}")
        if narrative:
            self.data["narrative"] = narrative

    def _row_failed(self, title: str, row: int) -> bool:
        return any(p[:3] == ("#row", title, row) for p in self.failed)

    # --- cells ----------------------------------------------------------------------------------------

    def _store(self, field: Field, key: PathKey, raw: Any, where: str) -> None:
        value = self._interpret(field, raw, key, where)
        if value is None:
            return
        if key == ("unit",):
            self.unit = str(value)
        _put(self.data, key, value)

    def _interpret(self, field: Field, raw: Any, key: PathKey, where: str) -> Any:
        if is_blank(raw):
            return None
        try:
            return interpret_cell(field, raw, self.unit)
        except CellError as exc:
            self.problems.append(Problem(self.name, str(exc), field=self.source.labels.get(key, field.label), where=where))
            self.failed.append(key)
            return None

    def _place(self, key: PathKey, where: str, label: str) -> None:
        self.source.cells.setdefault(key, where)
        self.source.labels.setdefault(key, label)

    def _check_header(self, title: str, values: Sequence[Any], columns: Sequence[Field], first_column: int) -> None:
        for column, field in enumerate(columns, start=first_column):
            heading = values[column - 1] if column - 1 < len(values) else None
            # Formula headings (the amount unit) have no cached text in files written by openpyxl: skip those.
            if isinstance(heading, str) and not _label_key(heading).startswith(_label_key(field.label)):
                self.problems.append(Problem(
                    self.name, f"表头应为“{field.label}”，实际为“{heading}”：请勿插入、删除或移动列",
                    where=cell_ref(title, column, 1)))

    def _rows(self, ws: Any, title: str, width: int, limit: int) -> Any:
        """(row, values) of a sheet; a formula without a computed value is marked, never taken as blank."""
        formulas = self.formulas.get(title, set())
        for row, values in _rows(ws, width, limit, self._overflow(title, limit)):
            if formulas:
                values = tuple(UNCALCULATED if v is None and (row, column) in formulas else v
                               for column, v in enumerate(values, start=1))
            yield row, values

    def _overflow(self, title: str, limit: int) -> Any:
        def report(row: int) -> None:
            self.problems.append(Problem(
                self.name, f"工作表“{title}”的内容延伸到第 {row} 行，超过上限 {limit} 行，超出部分未读取："
                           "请删除多余的行（包括只有格式的空行）或拆分填报",
                where=cell_ref(title, 1, row)))
        return report


def _rows(ws: Any, width: int, limit: int, overflow: Any) -> Any:
    """(row number, values) of the first ``limit`` rows, padded to ``width``; reports data past the limit."""
    declared = getattr(ws, "max_row", None)  # from the sheet's <dimension>, read without parsing the rows
    if isinstance(declared, int) and declared > limit + _LOOKAHEAD_ROWS:
        overflow(declared)
    reported = isinstance(declared, int) and declared > limit + _LOOKAHEAD_ROWS
    for row, cells in enumerate(ws.iter_rows(min_row=1, max_row=limit + _LOOKAHEAD_ROWS, max_col=width), start=1):
        values = tuple(cell_value(cell) for cell in cells)
        padded = values + (None,) * (width - len(values))
        if row > limit:
            if any(not is_blank(v) for v in padded) and not reported:
                overflow(row)
                return
            continue
        yield row, padded[:width]


def _formula_cells(workbook: Any) -> dict[str, set[tuple[int, int]]]:
    """(row, column) of every formula in the rows and columns the reader looks at, by sheet title."""
    widths = {_title_key(sheet.title): _sheet_width(sheet) for sheet in SHEETS}
    found: dict[str, set[tuple[int, int]]] = {}
    for title in workbook.sheetnames:
        width = widths.get(_title_key(title))
        worksheet = workbook[title]
        if width is None or not hasattr(worksheet, "iter_rows"):
            continue
        cells = found.setdefault(title, set())
        for row, values in enumerate(worksheet.iter_rows(max_row=MAX_TABLE_ROWS + _LOOKAHEAD_ROWS,
                                                         max_col=width), start=1):
            cells.update((row, column) for column, cell in enumerate(values, start=1)
                         if getattr(cell, "data_type", None) == "f")
    return found


def _sheet_width(sheet: Sheet) -> int:
    if isinstance(sheet, FormSheet):
        return 3
    if isinstance(sheet, FixedTable):
        return 1 + len(sheet.columns)
    return len(sheet.columns)


def _section_label(key: PathKey) -> str:
    """A section's Chinese name from the facts model (``("procurement",)`` → 政府采购)."""
    info = DepartmentYear.model_fields.get(str(key[0]))
    return (info.description if info is not None and info.description else str(key[0])) if len(key) == 1 else ""


def _title_key(title: str) -> str:
    return normalise_text(title)


def _label_key(label: str) -> str:
    return normalise_text(label).replace("*", "").replace("＊", "")


def _put(data: Any, key: PathKey, value: Any) -> None:
    target = data
    for part, following in itertools.pairwise(key):
        if isinstance(part, int):
            while len(target) <= part:
                target.append({} if not isinstance(following, int) else [])
            target = target[part]
        else:
            target = target.setdefault(part, [] if isinstance(following, int) else {})
    last = key[-1]
    if isinstance(last, int):
        while len(target) <= last:
            target.append(None)
        target[last] = value
    else:
        target[last] = value


__all__ = ["describe_cell_error", "read_workbook", "workbook_data"]
