"""Audits of many reports in the terminal (批量审核结果): a table of findings per report, with page, line and the
report's words, the confirmed computations with ``verbose``, and the batch's totals."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..audit.batch import Audited, totals
from ..audit.exports import finding_message
from ..audit.findings import AuditResult, Severity
from .wrapping import Wrapped

_STYLE = {Severity.ERROR: "bold red", Severity.SUSPECT: "yellow", Severity.NOTE: "dim"}


def _place(page: int | None, section: str, line: int | None) -> Wrapped:
    parts = ([f"第 {page} 页"] if page is not None else []) + ([section] if section else []) + \
        ([f"第 {line} 行"] if line is not None else [])
    return Wrapped("\n".join(parts) or "全文")


def _title(result: AuditResult) -> str:
    framework = f"{result.framework_title}（{result.framework}）" if result.framework else "未识别指标体系"
    return f"{result.name}｜{framework}"


def findings_table(result: AuditResult) -> Table:
    table = Table(title=_title(result), title_style="bold", header_style="bold", show_lines=True)
    for name in ("程度", "位置", "检查", "原文", "说明"):
        table.add_column(name, no_wrap=name == "程度", max_width=16 if name == "位置" else None)
    for f in result.findings:
        table.add_row(Text(str(f.severity), style=_STYLE[f.severity]), _place(f.page, f.section, f.line), Wrapped(f.check),
                      Wrapped(f.quote), Wrapped(finding_message(f)))
    return table


def verified_table(result: AuditResult) -> Table:
    table = Table(title=f"{result.name}｜复核通过的计算", title_style="bold", header_style="bold", show_lines=True)
    for name in ("位置", "检查", "原文", "复核"):
        table.add_column(name, max_width=16 if name == "位置" else None)
    for v in result.verified:
        table.add_row(_place(v.page, v.section, v.line), Wrapped(v.check), Wrapped(v.quote), Wrapped(v.text))
    return table


def _count_line(result: AuditResult) -> str:
    counts = result.counts()
    return "合计：" + "，".join(f"{name} {count} 项" for name, count in counts.items()) + \
        f"；复核通过 {len(result.verified)} 项"


def print_batch(batch: Sequence[Audited], console: Console, *, verbose: bool = False, brief: bool = False) -> None:
    """Each report in turn: its findings' table (or that none were found), its confirmed computations when
    ``verbose``, its counts; an unreadable file with why; then the batch's totals. ``brief`` leaves out the
    reports without findings and the counts of each."""
    for audited in batch:
        result = audited.result
        if result is None:
            console.print(Text(f"{audited.name}｜无法读取：{audited.message}", style="bold red"), soft_wrap=True)
            console.print()
            continue
        if brief and not result.findings:
            continue
        if result.findings:
            console.print(findings_table(result))
        else:
            console.print(Text(f"{_title(result)}：未发现问题", style="green"))
        if verbose and result.verified:
            console.print(verified_table(result))
        if not brief:
            console.print(_count_line(result), soft_wrap=True)
        console.print()
    total = totals(batch)
    unread = f"，无法读取 {total['无法读取']} 个文件" if total["无法读取"] else ""
    console.print(f"共 {len(batch)} 个文件：审核 {total['报告']} 份报告{unread}；错误 {total['错误']} 项，"
                  f"疑似 {total['疑似']} 项，提示 {total['提示']} 项；复核通过 {total['复核通过']} 项", soft_wrap=True)
