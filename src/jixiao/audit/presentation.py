"""How an audit is shown (审核结果的呈现): plain text for people, plain data for ``--json``.

Nothing here computes: it only lays out what the extraction read and what the checks found.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .extraction import REGION_NAMES, Extraction
from .findings import AuditResult, Finding
from .tables import Cell


def _cell(cell: Cell | None) -> str:
    return cell.raw if cell is not None else "—"


def _where(line: int | None, page: int | None = None) -> str:
    parts = ([f"第 {page} 页"] if page is not None else []) + ([f"第 {line} 行"] if line is not None else [])
    return "，".join(parts) or "全文"


def extraction_lines(extraction: Extraction) -> list[str]:
    """What was read, section by section, each item with its line."""
    out = [f"报告：{extraction.text.name}（{len(extraction.text.lines)} 行有效文字）"]
    out.append(f"部门：{extraction.department or '未识别'}；年度：{extraction.year or '未识别'}")
    prose = [f for f in extraction.figures if not f.region]
    out.append("")
    out.append(f"一、正文中的数字（{len(prose)} 个）")
    for figure in prose:
        flags = "（范围值）" if figure.bounded else ""
        flags += "（格式错误）" if figure.value is None else ""
        topic = f"[{figure.topic}] " if figure.topic else ""
        out.append(f"  {_where(figure.line, figure.page)}  {topic}{figure.label or '—'}：{figure.raw}{flags}")
    table = extraction.quarterly
    out.append("")
    if table is None:
        out.append("二、季度预算执行表：未找到")
    else:
        out.append(f"二、季度预算执行表（第 {table.first_line}–{table.last_line} 行）")
        out.append("  季度  调整预算数  累计支出数  支出进度  序时进度  得分")
        for row in table.rows:
            cells = (row.budget, row.spending, row.progress, row.time_progress, row.score)
            out.append(f"  第{row.quarter}季度（第 {row.line} 行）  " + "  ".join(_cell(c) for c in cells))
        out.append(f"  全年平均执行率 {_cell(table.average)}  得分 {_cell(table.average_score)}")
    evaluation = extraction.self_evaluation
    out.append("")
    if evaluation is None:
        out.append("三、自评表：未找到")
    else:
        out.append(f"三、自评表（第 {evaluation.first_line}–{evaluation.last_line} 行，金额单位：元）")
        for task in evaluation.tasks:
            amounts = (task.budget_total, task.budget_fiscal, task.executed_total, task.executed_fiscal)
            out.append(
                f"  第 {task.line} 行  预算数 {' / '.join(_cell(c) for c in amounts[:2])}"
                f"  执行数 {' / '.join(_cell(c) for c in amounts[2:])}"
            )
        if evaluation.stray_cells:
            out.append("  未能归入行的金额：" + "、".join(c.raw for c in evaluation.stray_cells))
        out.append(f"  绩效指标（{len(evaluation.targets)} 项）")
        for target in evaluation.targets:
            out.append(
                f"  第 {target.line} 行  {target.level1}/{target.level2}/{target.name}："
                f"预期 {target.expected}，实际 {target.actual}"
            )
    sheet = extraction.score_sheet
    out.append("")
    if sheet is None:
        out.append("四、评分表：未找到")
    else:
        out.append(f"四、评分表（第 {sheet.first_line}–{sheet.last_line} 行，{len(sheet.rows)} 个三级指标）")
        for sheet_row in sheet.rows:
            score = f"{sheet_row.score.raw}（第 {sheet_row.score.line} 行）" if sheet_row.score else "未读到"
            names = f"{sheet_row.level1}/{sheet_row.level2}/{sheet_row.name}"
            out.append(f"  {names}  分值 {sheet_row.weight.raw}（第 {sheet_row.weight.line} 行）  得分 {score}")
        out.append(f"  综合评分 {_cell(sheet.total)}；评分等级 {sheet.grade or '未读到'}")
    out.append("")
    out.append(f"五、格式错误的数字（{len(extraction.malformed)} 个）")
    for number in extraction.malformed:
        out.append(f"  {_where(number.line, number.page)}  {number.raw}")
    out.append("")
    facts = facts_data(extraction)
    if facts is None:
        out.append("六、整理出的事实：未识别评价年度，未整理")
    else:
        out.append("六、整理出的事实（用于按指标体系复算，金额单位：万元）")
        out.extend(f"  {line}" for line in _yaml_lines(facts))
    return out


def facts_data(extraction: Extraction) -> dict[str, Any] | None:
    """The facts gathered from the report, as plain data (numbers as text)."""
    from .facts import department_year

    case = department_year(extraction)
    if case is None:
        return None
    data: dict[str, Any] = case.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    return data


def _yaml_lines(data: Any, indent: str = "") -> list[str]:
    out: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict | list):
                out.append(f"{indent}{key}:")
                out.extend(_yaml_lines(value, indent + "  "))
            else:
                out.append(f"{indent}{key}: {value}")
    elif isinstance(data, list):
        for item in data:
            lines = _yaml_lines(item, indent + "  ")
            if lines:
                out.append(f"{indent}- {lines[0].strip()}")
                out.extend(lines[1:])
    else:
        out.append(f"{indent}{data}")
    return out


def finding_line(finding: Finding) -> str:
    subject = f"{finding.subject}：" if finding.subject else ""
    return (
        f"[{finding.severity}] {finding.location()}  {finding.check}｜{subject}报告 {finding.stated}；"
        f"复核 {finding.expected}；依据：{finding.rule}"
    )


def _quoted(quote: str, section: str) -> list[str]:
    where = f"（{section}）" if section else ""
    return [f"      原文{where}：“{quote}”"] if quote else []


def result_lines(result: AuditResult, *, verified: bool = True, verbose: bool = False) -> list[str]:
    """Each finding with the words of the report it is about; the confirmed computations one a line, or with
    ``verbose`` each with its words too; ``verified=False`` (``--brief``) leaves them out."""
    counts = result.counts()
    out = [f"审核：{result.name}"]
    if result.findings:
        out.append("")
        out.append("发现的问题：")
        for finding in result.findings:
            out.append(f"  {finding_line(finding)}")
            out.extend(_quoted(finding.quote, finding.section))
    if (verified or verbose) and result.verified:
        out.append("")
        out.append("复核通过：")
        for v in result.verified:
            out.append(f"  {v.location()}  {v.check}｜{v.text}")
            if verbose:
                out.extend(_quoted(v.quote, v.section))
    out.append("")
    out.append(
        "合计：" + "，".join(f"{name} {count} 项" for name, count in counts.items()) + f"；复核通过 {len(result.verified)} 项"
    )
    return out


def _json_value(value: object) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def _cell_data(cell: Cell | None) -> dict[str, Any] | None:
    if cell is None:
        return None
    return {"raw": cell.raw, "value": _json_value(cell.value), "line": cell.line, "page": cell.page}


def extraction_data(extraction: Extraction) -> dict[str, Any]:
    table, evaluation, sheet = extraction.quarterly, extraction.self_evaluation, extraction.score_sheet
    return {
        "file": extraction.text.name,
        "department": extraction.department,
        "year": extraction.year,
        "figures": [
            {
                "kind": f.kind,
                "raw": f.raw,
                "value": _json_value(f.value),
                "unit": f.unit,
                "label": f.label,
                "topic": f.topic,
                "bounded": f.bounded,
                "line": f.line,
                "page": f.page,
                "region": REGION_NAMES.get(f.region, f.region),
                "sentence": f.sentence,
            }
            for f in extraction.figures
        ],
        "quarterly": None
        if table is None
        else {
            "lines": [table.first_line, table.last_line],
            "rows": [
                {
                    "quarter": r.quarter,
                    "line": r.line,
                    "budget": _cell_data(r.budget),
                    "spending": _cell_data(r.spending),
                    "progress": _cell_data(r.progress),
                    "time_progress": _cell_data(r.time_progress),
                    "score": _cell_data(r.score),
                }
                for r in table.rows
            ],
            "average": _cell_data(table.average),
            "average_score": _cell_data(table.average_score),
        },
        "self_evaluation": None
        if evaluation is None
        else {
            "lines": [evaluation.first_line, evaluation.last_line],
            "tasks": [
                {
                    "line": t.line,
                    "budget_total": _cell_data(t.budget_total),
                    "budget_fiscal": _cell_data(t.budget_fiscal),
                    "executed_total": _cell_data(t.executed_total),
                    "executed_fiscal": _cell_data(t.executed_fiscal),
                }
                for t in evaluation.tasks
            ],
            "targets": [
                {
                    "line": t.line,
                    "level1": t.level1,
                    "level2": t.level2,
                    "name": t.name,
                    "expected": t.expected,
                    "actual": t.actual,
                }
                for t in evaluation.targets
            ],
        },
        "score_sheet": None
        if sheet is None
        else {
            "lines": [sheet.first_line, sheet.last_line],
            "rows": [
                {
                    "level1": r.level1,
                    "level2": r.level2,
                    "name": r.name,
                    "weight": _cell_data(r.weight),
                    "score": _cell_data(r.score),
                }
                for r in sheet.rows
            ],
            "total": _cell_data(sheet.total),
            "grade": sheet.grade,
            "grade_line": sheet.grade_line,
        },
        "facts": facts_data(extraction),
        "malformed": [
            {"raw": m.raw, "line": m.line, "page": m.page, "reading": _json_value(m.reading)} for m in extraction.malformed
        ],
    }


def result_data(result: AuditResult) -> dict[str, Any]:
    return {
        "file": result.name,
        "framework": result.framework,
        "counts": result.counts(),
        "findings": [f.as_dict() for f in result.findings],
        "verified": [v.as_dict() for v in result.verified],
    }
