"""双监控: spending and targets against time progress (序时进度), lit 绿 / 黄 / 红, with a year-end forecast.

At the latest month reported, a project's spending progress is its cumulative spending ÷ its budget; behind
time progress by more than the rules' yellow points it is 黄, by more than red, 红. A quantitative target's
progress is its value so far ÷ its year value, lit the same way; a ceiling (≤) already passed is 红; a deadline
passed without the target reported done is 红. A rate (%) is a level rather than a running total: it is lit
by how many points it stands below its target, whatever the month. Qualitative targets are not lit (they are
judged at year end).

The forecast carries the pace so far to the year's end: at the same pace as last year when last year's monthly
curve is given (cumulative ÷ the share last year had spent by the same month), else evenly (cumulative ÷ months
× 12). Every figure says how it was reached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ..decimals import ZERO, percent, round_half_up
from ..targets.expression import Reading, UnreadableValue, ValueKind, read_value
from .model import Explanation, MonitoredTarget, MonitoringRules, Project, Thresholds

TWELVE = Decimal(12)
HUNDRED = Decimal(100)


class Light(StrEnum):
    GREEN = "绿"
    YELLOW = "黄"
    RED = "红"
    NONE = "—"

    @property
    def weight(self) -> int:
        return {Light.NONE: 0, Light.GREEN: 1, Light.YELLOW: 2, Light.RED: 3}[self]


def light(progress: Decimal, expected: Decimal, thresholds: Thresholds) -> Light:
    """Behind ``expected`` by more than the yellow / red points (both fractions: 0.10 is 10 points)."""
    behind = expected - progress
    if behind > thresholds.red:
        return Light.RED
    if behind > thresholds.yellow:
        return Light.YELLOW
    return Light.GREEN


@dataclass(frozen=True, slots=True)
class TargetLight:
    target: MonitoredTarget
    month: int | None  # the latest month with a value
    so_far: str | None
    progress: Decimal | None  # fraction of the year's value
    behind: Decimal | None  # behind what it should be by now, as a fraction (0.12 is 12 points)
    light: Light
    forecast: str | None  # 全年预计完成值, in the target's unit
    likely_missed: bool
    note: str
    needs_explanation: bool

    @property
    def likelihood(self) -> str:
        """完成可能性: nothing for a target not lit (qualitative, unreadable)."""
        if self.likely_missed:
            return "可能无法完成"
        return "" if self.light is Light.NONE else "可以完成"


@dataclass(frozen=True, slots=True)
class ProjectLight:
    project: Project
    month: int
    time_progress: Decimal
    spent: Decimal
    progress: Decimal  # cumulative ÷ budget
    light: Light
    forecast: Decimal  # 全年预计执行数 (万元)
    forecast_rate: Decimal
    forecast_note: str
    likely_missed: bool
    needs_explanation: bool
    targets: tuple[TargetLight, ...]

    @property
    def behind(self) -> Decimal:
        """Points behind time progress, as a fraction (negative when ahead)."""
        return self.time_progress - self.progress

    @property
    def worst(self) -> Light:
        return max((self.light, *(t.light for t in self.targets)), key=lambda x: x.weight)


def _missing(explanation: Explanation | None, lit: Light) -> bool:
    return lit in (Light.YELLOW, Light.RED) and explanation is None


def spending_forecast(project: Project, month: int) -> tuple[Decimal, str]:
    """全年预计执行数 and how it was reached: last year's pace when its curve reaches both this month and December,
    else an even pace."""
    spent = project.spending[month]
    last = project.last_year
    share = ZERO
    if last is not None and last.spending.get(month, ZERO) > 0 and last.spending.get(12, ZERO) > 0:
        share = percent(last.spending[month] / last.spending[12])  # the share as shown, so the sum can be redone
    if share > 0:
        forecast = round_half_up(spent / share * 100, 2)
        return forecast, (f"按上年同期节奏：上年 {month} 月末已支出全年的 {share}%，"
                          f"{spent:,f} ÷ {share}% = {forecast:,f} 万元")
    forecast = round_half_up(spent / Decimal(month) * TWELVE, 2)
    return forecast, f"按当前进度：{spent:,f} ÷ {month} 个月 × 12 = {forecast:,f} 万元"


def light_project(project: Project, rules: MonitoringRules) -> ProjectLight:
    month = max(project.spending)
    expected = rules.time_progress.at(month)
    spent = project.spending[month]
    progress = spent / project.budget
    lit = light(progress, expected, rules.spending)
    forecast, note = spending_forecast(project, month)
    rate = forecast / project.budget
    targets = tuple(light_target(t, month, expected, rules) for t in project.targets)
    return ProjectLight(project, month, expected, spent, progress, lit, forecast, rate, note,
                        rate < rules.forecast.spending_below, _missing(project.explanation, lit), targets)


def _read(text: str) -> Reading | None:
    try:
        return read_value(text)
    except UnreadableValue:
        return None


def light_target(target: MonitoredTarget, month: int, expected: Decimal, rules: MonitoringRules) -> TargetLight:
    goal = _read(target.value)
    reported = [m for m in sorted(target.progress) if m <= month]
    last = reported[-1] if reported else None
    so_far_text = target.progress[last] if last is not None else None
    so_far = _read(so_far_text) if so_far_text is not None else None

    def done(lit: Light, note: str, progress: Decimal | None = None, behind: Decimal | None = None,
             forecast: str | None = None, missed: bool = False) -> TargetLight:
        return TargetLight(target, last, so_far_text, progress, behind, lit, forecast, missed, note,
                           _missing(target.explanation, lit))

    if goal is None or goal.kind is ValueKind.QUALITATIVE:
        return done(Light.NONE, "定性指标：年末评价时判断")
    if goal.kind is ValueKind.DEADLINE:
        assert goal.deadline is not None
        finished = so_far_text is not None and any(w in so_far_text for w in ("完成", "已完工", "已实现"))
        if finished:
            return done(Light.GREEN, f"已于期限（{goal.deadline.render()}）前报告完成")
        if month > goal.deadline.month:
            return done(Light.RED, f"已过期限（{goal.deadline.render()}），未报告完成", missed=True)
        return done(Light.GREEN, f"期限为{goal.deadline.render()}，尚未到期")
    if so_far is None or so_far.kind is not ValueKind.QUANTITATIVE or last is None:
        return done(Light.NONE, "尚未填报完成值" if so_far_text is None else f"完成值“{so_far_text}”无法读取")
    bound = goal.quantity or goal.high or goal.low
    value = so_far.quantity or so_far.low
    if bound is None or value is None or so_far.unit != goal.unit or bound.value <= 0:
        return done(Light.NONE, f"完成值“{so_far_text}”与指标值“{target.value}”单位不同，无法比较进度")
    assert goal.comparator is not None
    if goal.unit == "%" and not goal.comparator.downward:
        # a rate is a level, not a running total: compared with its target as it stands, whatever the month
        behind = bound.value - value.value
        lit = light(value.value / HUNDRED, bound.value / HUNDRED, rules.targets)
        return done(lit, f"目前为 {so_far_text}，比指标值低 {behind.normalize():f} 个百分点；按目前水平预计全年 {so_far_text}"
                    if behind > 0 else f"目前为 {so_far_text}，已达到指标值",
                    value.value / bound.value, behind / HUNDRED, so_far_text, behind > 0)
    if goal.comparator.downward:
        # a ceiling: passing it is a miss whatever the month
        over = value.value > bound.value
        return done(Light.RED if over else Light.GREEN,
                    f"已超过上限 {target.value}" if over else f"未超过上限 {target.value}", missed=over)
    progress = value.value / bound.value
    lit = light(progress, expected, rules.targets)
    projected = round_half_up(value.value / Decimal(last) * TWELVE, 2)
    forecast = f"{projected.normalize():f}{goal.unit}"
    missed = projected < bound.value
    return done(lit, f"完成 {percent(progress)}%，序时进度 {percent(expected)}%；按当前进度预计全年 {forecast}",
                progress, expected - progress, forecast, missed)


def light_all(projects: Iterable[Project], rules: MonitoringRules) -> list[ProjectLight]:
    return [light_project(p, rules) for p in projects]


__all__ = ["Light", "ProjectLight", "TargetLight", "light", "light_all", "light_project", "light_target",
           "spending_forecast"]
