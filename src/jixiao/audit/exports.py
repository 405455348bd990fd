"""A batch's results as tables (审核结果表): CSV and an Excel workbook (汇总, 问题, 复核通过).

Rows only lay out what the audits found; nothing is recomputed here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from .batch import Audited
from .findings import Finding, Severity, Verified

FINDING_HEADER = ("文件", "程度", "检查", "页", "章节", "行", "原文", "说明")
SUMMARY_HEADER = ("文件", "指标体系", "错误", "疑似", "提示", "复核通过", "说明")
VERIFIED_HEADER = ("文件", "检查", "页", "章节", "行", "原文", "复核")

UNREADABLE = "无法读取"
CONFIRMED = "通过"

Row = tuple[str | int | None, ...]


def finding_message(finding: Finding) -> str:
    subject = f"{finding.subject}：" if finding.subject else ""
    return f"{subject}报告 {finding.stated}；复核 {finding.expected}；依据：{finding.rule}"


def finding_rows(batch: Sequence[Audited], *, verified: bool = False) -> list[Row]:
    """A row per finding (and, with ``verified``, per confirmed computation, 程度 “通过”); an unreadable file is
    one row, 程度 “无法读取”, with its message."""
    rows: list[Row] = []
    for audited in batch:
        result = audited.result
        if result is None:
            rows.append((audited.name, UNREADABLE, "", None, "", None, "", audited.message))
            continue
        outcomes: list[Finding | Verified] = [*result.findings, *(result.verified if verified else ())]
        outcomes.sort(key=lambda o: o.line if o.line is not None else 0)
        for o in outcomes:
            if isinstance(o, Finding):
                rows.append((audited.name, str(o.severity), o.check, o.page, o.section, o.line, o.quote,
                             finding_message(o)))
            else:
                rows.append((audited.name, CONFIRMED, o.check, o.page, o.section, o.line, o.quote, o.text))
    return rows


def summary_rows(batch: Sequence[Audited]) -> list[Row]:
    rows: list[Row] = []
    for audited in batch:
        result = audited.result
        if result is None:
            rows.append((audited.name, "", None, None, None, None, f"{UNREADABLE}：{audited.message}"))
            continue
        framework = f"{result.framework_title}（{result.framework}）" if result.framework else "未识别"
        rows.append((audited.name, framework, result.count(Severity.ERROR), result.count(Severity.SUSPECT),
                     result.count(Severity.NOTE), len(result.verified), ""))
    return rows


def verified_rows(batch: Sequence[Audited]) -> list[Row]:
    return [(a.name, v.check, v.page, v.section, v.line, v.quote, v.text)
            for a in batch if a.result is not None for v in a.result.verified]


# A spreadsheet opening a CSV takes a cell beginning with one of these for a formula; a report's text (a worked
# formula “=(63.46−32)÷32”) must stay text, so such a cell is written with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: str | int | None) -> str:
    text = "" if value is None else str(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def findings_csv(batch: Sequence[Audited], *, verified: bool = False) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FINDING_HEADER)
    writer.writerows([_csv_cell(v) for v in row] for row in finding_rows(batch, verified=verified))
    return buffer.getvalue()


_WIDTHS = {"文件": 28, "指标体系": 36, "章节": 24, "原文": 60, "说明": 70, "复核": 70, "检查": 12}


def write_workbook(batch: Sequence[Audited], path: Path) -> None:
    """汇总 (a row per report), 问题 (every finding) and 复核通过 (every confirmed computation), each with a frozen
    header, a filter and widths for its text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, header, rows in (("汇总", SUMMARY_HEADER, summary_rows(batch)),
                                ("问题", FINDING_HEADER, finding_rows(batch)),
                                ("复核通过", VERIFIED_HEADER, verified_rows(batch))):
        sheet = book.create_sheet(title)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a report's “=…” is its text, not a formula
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, name in enumerate(header, 1):
            sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 8)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(sheet.max_row, 1)}"
    book.save(path)
