"""绩效运行监控 in the terminal: for each department its projects' spending and targets with their lights, then the
alert list across every file."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..decimals import percent
from ..monitoring.claims import UnsupportedClaim
from ..monitoring.lights import Light
from ..monitoring.tables import Monitored, alert_rows
from .wrapping import Wrapped

_STYLE = {Light.GREEN: "green", Light.YELLOW: "yellow", Light.RED: "bold red", Light.NONE: "dim"}


def _lit(light: Light) -> Text:
    return Text(light.value, style=_STYLE[light])


def department_tables(item: Monitored) -> list[Table]:
    monitoring = item.monitoring
    title = f"{monitoring.department.name} {monitoring.year} 年度绩效运行监控"
    spending = Table(title=f"{title}：资金执行", title_style="bold", header_style="bold", show_lines=True)
    for name, justify in (("项目", "left"), ("年度预算", "right"), ("截至", "right"), ("累计执行", "right"),
                          ("执行率", "right"), ("序时进度", "right"), ("灯", "center"), ("全年预计", "right"),
                          ("说明", "left")):
        spending.add_column(name, justify=justify)  # type: ignore[arg-type]
    targets = Table(title=f"{title}：绩效目标", title_style="bold", header_style="bold", show_lines=True)
    for name in ("项目", "指标", "年度指标值", "截至", "完成值", "灯", "全年预计", "说明"):
        targets.add_column(name)
    for p in item.projects:
        explained = p.project.explanation
        note = p.forecast_note + ("；可能无法完成" if p.likely_missed else "")
        if explained is not None:
            note += f"\n原因：{explained.cause}；{explained.can_meet_text}完成；措施：{explained.action}"
        elif p.needs_explanation:
            note += "\n未说明偏差原因"
        spending.add_row(Wrapped(p.project.name), f"{p.project.budget:,f}", f"{p.month} 月末", f"{p.spent:,f}",
                         f"{percent(p.progress)}%", f"{percent(p.time_progress)}%", _lit(p.light),
                         f"{p.forecast:,f}（{percent(p.forecast_rate)}%）", Wrapped(note))
        for t in p.targets:
            note = t.note + ("；可能无法完成" if t.likely_missed else "")
            if t.needs_explanation:
                note += "；未说明偏差原因"
            targets.add_row(Wrapped(p.project.name), Wrapped(t.target.name), Wrapped(t.target.value),
                            f"{t.month} 月末" if t.month else "", Wrapped(t.so_far or ""), _lit(t.light),
                            Wrapped(t.forecast or ""), Wrapped(note))
    return [spending, targets] if targets.row_count else [spending]


def print_monitoring(monitored: Sequence[Monitored], console: Console) -> None:
    for item in monitored:
        for table in department_tables(item):
            console.print(table)
    header, rows = alert_rows(monitored)
    if not rows:
        console.print(Text("预警清单：没有黄灯或红灯。", style="green"))
        return
    alerts = Table(title="预警清单（红灯在前，落后多的在前）", title_style="bold", header_style="bold", show_lines=True)
    for name in header:
        alerts.add_column(name)
    for row in rows:
        alerts.add_row(*(_lit(Light(v)) if name == "灯" else Wrapped(str(v)) for name, v in zip(header, row, strict=True)))
    console.print(alerts)
    reds = sum(1 for row in rows if row[3] == Light.RED.value)
    unexplained = sum(1 for row in rows if row[-1] == "未说明")
    console.print(f"共 {len(rows)} 项预警：红灯 {reds} 项，黄灯 {len(rows) - reds} 项；未说明原因 {unexplained} 项。")


def print_claims(claims: Sequence[UnsupportedClaim], console: Console) -> None:
    if not claims:
        console.print(Text("自评核对：自评为达成的指标，监控记录中都没有到年末仍为红灯的。", style="green"))
        return
    table = Table(title="自评核对：疑似自评偏高", title_style="bold", header_style="bold", show_lines=True)
    for name in ("项目", "指标", "自评实际完成", "说明"):
        table.add_column(name)
    for c in claims:
        table.add_row(Wrapped(c.project), Wrapped(c.target), Wrapped(c.claimed), Wrapped(c.message))
    console.print(table)
