"""绩效目标审核 in the terminal: one row per target with its suggestion and reasons, then the table's."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..targets.vetting import Suggestion, Vetting
from .wrapping import Wrapped

_STYLE = {Suggestion.PASS: "green", Suggestion.AMEND: "yellow", Suggestion.RETURN: "bold red"}


def vetting_table(vetting: Vetting) -> Table:
    proposal = vetting.proposal
    what = f"{proposal.department.name} {proposal.year} 年度" + (f"“{proposal.project}”" if proposal.project else "")
    table = Table(title=f"{what}绩效目标审核", title_style="bold", header_style="bold", show_lines=True)
    table.add_column("序号", justify="right", no_wrap=True)
    table.add_column("指标类别")
    table.add_column("三级指标")
    table.add_column("指标值")
    table.add_column("上年实际")
    table.add_column("建议", no_wrap=True)
    table.add_column("理由", ratio=1)
    for row in vetting.targets:
        reasons = "\n".join(f.reason for f in row.findings) if row.findings else "—"
        table.add_row(
            str(row.index), Wrapped(f"{row.target.level1}／{row.target.level2}"), Wrapped(row.target.name),
            Wrapped(row.target.value or "（空）"), Wrapped(row.last_year.actual if row.last_year is not None else ""),
            Text(row.suggestion.value, style=_STYLE[row.suggestion]), Wrapped(reasons),
        )
    return table


def print_vetting(vetting: Vetting, console: Console) -> None:
    console.print(vetting_table(vetting))
    for finding in vetting.table:
        line = Text()
        line.append(finding.suggestion.value, style=_STYLE[finding.suggestion])
        line.append(f"（整表）：{finding.reason}")
        console.print(line)
    counts = "，".join(f"{s.value} {sum(1 for t in vetting.targets if t.suggestion is s)} 项" for s in Suggestion)
    line = Text(f"共 {len(vetting.targets)} 项指标：{counts}；申报表总体建议：")
    line.append(vetting.suggestion.value, style=_STYLE[vetting.suggestion])
    console.print(line)
