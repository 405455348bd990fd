"""The monitoring tables as rows (监控表): spending by month, targets by month, and the alert list across
departments. The terminal, JSON and Excel outputs all take these rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..decimals import percent
from .lights import Light, ProjectLight
from .model import Explanation, Monitoring


@dataclass(frozen=True, slots=True)
class Monitored:
    """One monitoring file, lit."""

    file: str
    monitoring: Monitoring
    projects: tuple[ProjectLight, ...]


def _months(items: Sequence[Monitored]) -> list[int]:
    return sorted({m for item in items for p in item.projects for m in p.project.spending})


def _explained(explanation: Explanation | None) -> tuple[str, str, str]:
    if explanation is None:
        return "", "", ""
    return explanation.cause, explanation.can_meet_text, explanation.action


def spending_rows(items: Sequence[Monitored]) -> tuple[list[str], list[list[Any]]]:
    months = _months(items)
    header = ["部门", "项目", "年度预算（万元）", *(f"{m}月末累计执行" for m in months), "执行率", "序时进度", "支出进度",
              "全年预计执行数", "预计执行率", "预计说明", "偏差原因", "能否完成", "纠偏措施"]
    rows = []
    for item in items:
        for p in item.projects:
            rows.append([item.monitoring.department.name, p.project.name, p.project.budget,
                         *(p.project.spending.get(m) for m in months), f"{percent(p.progress)}%",
                         f"{percent(p.time_progress)}%", p.light.value, p.forecast, f"{percent(p.forecast_rate)}%",
                         p.forecast_note, *_explained(p.project.explanation)])
    return header, rows


def target_rows(items: Sequence[Monitored]) -> tuple[list[str], list[list[Any]]]:
    months = sorted({m for item in items for p in item.projects for t in p.project.targets for m in t.progress})
    header = ["部门", "项目", "指标", "年度指标值", *(f"{m}月末完成值" for m in months), "完成进度", "目标进度",
              "全年预计完成值", "完成可能性", "说明", "偏差原因", "能否完成", "纠偏措施"]
    rows = []
    for item in items:
        for p in item.projects:
            for t in p.targets:
                rows.append([item.monitoring.department.name, p.project.name, t.target.name, t.target.value,
                             *(t.target.progress.get(m, "") for m in months),
                             "" if t.progress is None else f"{percent(t.progress)}%", t.light.value, t.forecast or "",
                             t.likelihood,
                             t.note, *_explained(t.target.explanation)])
    return header, rows


def alert_rows(items: Sequence[Monitored]) -> tuple[list[str], list[list[Any]]]:
    """Every yellow and red light across the files, the reds first, the furthest behind first within a light."""
    header = ["部门", "项目", "监控内容", "灯", "落后序时进度", "说明", "原因说明"]
    found: list[tuple[int, Decimal, list[Any]]] = []
    for item in items:
        department = item.monitoring.department.name
        for p in item.projects:
            if p.light in (Light.YELLOW, Light.RED):
                found.append((p.light.weight, p.behind, [
                    department, p.project.name, "支出进度", p.light.value, f"{percent(p.behind)} 个百分点",
                    f"执行 {percent(p.progress)}%，序时进度 {percent(p.time_progress)}%",
                    "未说明" if p.needs_explanation else "已说明"]))
            for t in p.targets:
                if t.light in (Light.YELLOW, Light.RED):
                    found.append((t.light.weight, t.behind if t.behind is not None else Decimal(0), [
                        department, p.project.name, t.target.name, t.light.value,
                        f"{percent(t.behind)} 个百分点" if t.behind is not None else "", t.note,
                        "未说明" if t.needs_explanation else "已说明"]))
    found.sort(key=lambda x: (-x[0], -x[1]))
    return header, [row for _, _, row in found]


def as_dict(items: Sequence[Monitored]) -> dict[str, Any]:
    def table(header_rows: tuple[list[str], list[list[Any]]]) -> list[dict[str, Any]]:
        header, rows = header_rows
        return [{h: (f"{v:f}" if isinstance(v, Decimal) else v) for h, v in zip(header, row, strict=True)} for row in rows]

    return {"资金执行": table(spending_rows(items)), "绩效目标": table(target_rows(items)),
            "预警清单": table(alert_rows(items))}
