"""The monitoring table as a Word document (绩效运行监控表): for each department its spending with the spending
curve against time progress, its targets, then the alert list across departments. Built as the report's
document model, so the Word writer (GB/T 9704 page, fonts) is the report's own."""

from __future__ import annotations

from collections.abc import Sequence

from ..decimals import percent
from ..report.document import Cell, Chart, Column, Document, Paragraph, Section, Table
from .lights import Light
from .model import Explanation, MonitoringRules
from .tables import Monitored, alert_rows


def _explained(explanation: Explanation | None, needed: bool) -> str:
    if explanation is not None:
        return explanation.text()
    return "未说明" if needed else ""


def _department(item: Monitored, rules: MonitoringRules) -> Section:
    monitoring = item.monitoring
    section = Section(f"{monitoring.department.name}")
    spending_rows = []
    for p in item.projects:
        spending_rows.append((
            Cell(p.project.name, align="left"), Cell(f"{p.project.budget:,f}", align="right"),
            Cell(f"{p.spent:,f}", align="right"), Cell(f"{percent(p.progress)}%"), Cell(f"{percent(p.time_progress)}%"),
            Cell(p.light.value, bold=p.light is Light.RED), Cell(f"{p.forecast:,f}", align="right"),
            Cell(_explained(p.project.explanation, p.needs_explanation), align="left")))
    month = max(p.month for p in item.projects)
    section.add(Table(
        f"spending-{monitoring.department.name}", f"资金执行情况（截至 {month} 月末）",
        (Column("项目", 30), Column("年度预算", 18), Column("累计执行", 17), Column("执行率", 16), Column("序时进度", 16),
         Column("灯", 8), Column("全年预计", 17), Column("偏差原因、能否完成、措施", 34)),
        tuple(spending_rows), unit="万元", font_size_pt=9))
    months = sorted({m for p in item.projects for m in p.project.spending})
    series = [(p.project.name, [p.project.spending[m] / p.project.budget if m in p.project.spending else None
                                for m in months]) for p in item.projects]
    timeline = [rules.time_progress.at(m) for m in months]

    def draw() -> bytes:
        from ..report.charts import spending_curve_chart

        return spending_curve_chart(months, series, timeline)

    section.add(Chart(f"curve-{monitoring.department.name}", "各项目累计执行率与序时进度", draw))
    target_rows = []
    for p in item.projects:
        for t in p.targets:
            target_rows.append((
                Cell(p.project.name, align="left"), Cell(t.target.name, align="left"), Cell(t.target.value),
                Cell(t.so_far or ""), Cell(t.light.value, bold=t.light is Light.RED), Cell(t.forecast or ""),
                Cell(t.likelihood), Cell(_explained(t.target.explanation, t.needs_explanation), align="left")))
    if target_rows:
        section.add(Table(
            f"targets-{monitoring.department.name}", "绩效目标完成情况",
            (Column("项目", 26), Column("指标", 24), Column("年度指标值", 18), Column("完成值", 16), Column("灯", 8),
             Column("全年预计", 16), Column("完成可能性", 16), Column("偏差原因、能否完成、措施", 32)),
            tuple(target_rows), merge_down=(0,), font_size_pt=9))
    return section


def monitoring_document(monitored: Sequence[Monitored], rules: MonitoringRules) -> Document:
    years = sorted({m.monitoring.year for m in monitored})
    names = sorted({m.monitoring.department.name for m in monitored})
    who = names[0] if len(names) == 1 else "各部门"
    document = Document(f"{who}{years[-1]}年度绩效运行监控表", who, years[-1])
    for item in monitored:
        document.sections.append(_department(item, rules))
    header, rows = alert_rows(monitored)
    alerts = Section("预警清单")
    if rows:
        alerts.add(Table("alerts", "黄灯、红灯（红灯在前，落后多的在前）",
                         tuple(Column(h, w) for h, w in zip(header, (22, 26, 22, 8, 20, 40, 16), strict=True)),
                         tuple(tuple(Cell(str(v), align="left" if i in (0, 1, 2, 5) else "center")
                                     for i, v in enumerate(row)) for row in rows), font_size_pt=9))
    else:
        alerts.add(Paragraph("本期没有黄灯或红灯。"))
    document.sections.append(alerts)
    return document


__all__ = ["monitoring_document"]
