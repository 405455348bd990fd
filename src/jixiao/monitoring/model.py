"""What a department reports during the year (绩效运行监控表), and the region's monitoring rules, as files.

A monitoring file holds one department's year: for each project (or the department as a whole) the year's
budget, the cumulative spending at the end of each month reported so far, each target's value so far, and for
every deviation the department's explanation (cause, whether the target can still be met, the corrective
action). The rules (序时进度, thresholds of the lights, the causes to choose from) are data: ``data/monitoring.yaml``
or a region's own file.
"""

from __future__ import annotations

import contextlib
import itertools
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from ..decimals import NumberFormatError, parse_rate
from ..facts.model import Amount, Flag, RequiredText, Text
from ..problems import InputError, Problem
from ..rulesfile import load_rules_file, validation_problems
from ..yamlsource import SourceMap, load_yaml
from ..years import FIRST_YEAR, LAST_YEAR

Month = Annotated[int, Field(ge=1, le=12)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _rate(raw: Any) -> Decimal:
    try:
        return parse_rate(raw)
    except NumberFormatError as exc:
        raise ValueError(str(exc)) from None


def _pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).normalize():f}%"


# --- rules ---------------------------------------------------------------------------------------------------


class TimeProgress(_Model):
    """序时进度: by month (m/12), by quarter (25/50/75/100% at the quarter's end), or custom checkpoints."""

    by: Literal["month", "quarter", "custom"] = "month"
    points: dict[Month, Decimal] = Field(default_factory=dict)

    @field_validator("points", mode="before")
    @classmethod
    def _rates(cls, raw: Any) -> Any:
        return {k: _rate(v) for k, v in raw.items()} if isinstance(raw, dict) else raw

    @model_validator(mode="after")
    def _custom(self) -> TimeProgress:
        if self.by == "custom":
            if not self.points:
                raise ValueError("自定义序时进度（by: custom）须在 points 中列出各监控点的进度")
            ordered = sorted(self.points.items())
            for (m1, p1), (m2, p2) in itertools.pairwise(ordered):
                if p2 < p1:
                    raise ValueError(f"序时进度应随月份增加：{m2} 月（{_pct(p2)}）低于 {m1} 月（{_pct(p1)}）")
            if any(p > 1 or p < 0 for _, p in ordered):
                raise ValueError("序时进度应在 0 到 100% 之间")
        elif self.points:
            raise ValueError("只有自定义序时进度（by: custom）才列出 points")
        return self

    def at(self, month: int) -> Decimal:
        """The share of the year's work that should be done by the end of ``month``."""
        if self.by == "month":
            return Decimal(month) / Decimal(12)
        if self.by == "quarter":
            return Decimal(month // 3) / Decimal(4)
        earlier = [p for m, p in self.points.items() if m <= month]
        return max(earlier) if earlier else Decimal(0)


class Thresholds(_Model):
    """Behind time progress by more than ``yellow`` points is 黄, by more than ``red`` is 红."""

    yellow: Decimal
    red: Decimal

    @field_validator("yellow", "red", mode="before")
    @classmethod
    def _rates(cls, raw: Any) -> Decimal:
        return _rate(raw)

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.yellow >= self.red:
            raise ValueError(f"黄灯阈值（{_pct(self.yellow)}）应小于红灯阈值（{_pct(self.red)}），两档不能重叠")
        return self


class Forecast(_Model):
    spending_below: Decimal

    @field_validator("spending_below", mode="before")
    @classmethod
    def _rates(cls, raw: Any) -> Decimal:
        return _rate(raw)


class Claims(_Model):
    """自评核对: a red light still on at the last report from this month on, then claimed met, is questioned."""

    late_month: Month = 9


class MonitoringRules(_Model):
    time_progress: TimeProgress = TimeProgress()
    claims: Claims = Claims()
    spending: Thresholds
    targets: Thresholds
    causes: tuple[Annotated[str, Field(min_length=1)], ...] = Field(min_length=1)
    forecast: Forecast


def load_rules(path: Path | None = None) -> MonitoringRules:
    """The built-in rules, or a region's file; :class:`InputError` naming each wrong field at its line."""
    return load_rules_file(MonitoringRules, "jixiao.monitoring", "monitoring.yaml", path, "监控规则文件")


# --- what a department reports -------------------------------------------------------------------------------


class Explanation(_Model):
    """偏差说明: why it is behind (one of the rules' causes), whether the target can still be met, and what is done."""

    cause: RequiredText
    can_meet: Flag
    action: RequiredText

    @field_validator("cause")
    @classmethod
    def _known(cls, cause: str, info: ValidationInfo) -> str:
        causes = (info.context or {}).get("causes")
        if causes and cause not in causes:
            raise ValueError(f"偏差原因应为以下之一：{'、'.join(causes)}，实际为“{cause}”")
        return cause

    @property
    def can_meet_text(self) -> str:
        return "能" if self.can_meet else "不能"

    def text(self) -> str:
        """原因；能否完成；措施, as the tables print it."""
        return f"{self.cause}；{self.can_meet_text}完成；{self.action}"


class LastYear(_Model):
    """上年同一项目：全年预算和各月末累计执行数（用于按上年同期的节奏预计全年）."""

    budget: Amount | None = None
    spending: dict[Month, Amount]


class MonitoredTarget(_Model):
    level1: Text | None = None
    level2: Text | None = None
    name: RequiredText
    value: RequiredText = Field(description="年度指标值")
    progress: dict[Month, Text] = Field(default_factory=dict, description="各月末累计完成值")
    explanation: Explanation | None = None


class Project(_Model):
    name: RequiredText
    budget: Amount = Field(description="年度预算数")
    spending: dict[Month, Amount] = Field(description="各月末累计执行数")
    explanation: Explanation | None = None
    last_year: LastYear | None = None
    targets: tuple[MonitoredTarget, ...] = ()

    @field_validator("spending", mode="before")
    @classmethod
    def _some_month(cls, raw: Any) -> Any:
        # said here rather than as min_length, which pydantic also reports when a month merely fails to read
        if isinstance(raw, dict) and not raw:
            raise ValueError("至少填写一个月末的累计执行数（月份: 金额）")
        return raw


class Department(_Model):
    name: RequiredText
    code: Text | None = None


class Monitoring(_Model):
    """一个部门一个年度的监控填报."""

    department: Department
    year: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
    unit: Literal["万元", "元"] = "万元"
    projects: tuple[Project, ...] = Field(max_length=10_000)

    @field_validator("projects", mode="before")
    @classmethod
    def _some_project(cls, raw: Any) -> Any:
        if isinstance(raw, list) and not raw:
            raise ValueError("至少填写一个项目")
        return raw


def load_monitoring(path: Path, rules: MonitoringRules) -> tuple[Monitoring, SourceMap]:
    """A monitoring file read and checked; every problem at its line, all at once: what does not read, months out
    of order, cumulative figures that fall, values so far without their unit. The checks of a project's figures
    run on each part that reads, so one bad cell does not hide the others."""
    if path.suffix.lower() == ".xlsx":
        from .form import read_form

        data, source, problems = read_form(path, rules)
    else:
        data, source = load_yaml(path, what="监控填报文件")
        problems = []
    if not isinstance(data, dict):
        raise InputError.single(str(path), "文件顶层应为一组“字段: 值”（department、year、projects …）")
    return checked(data, source, rules, problems)


def checked(data: dict[str, Any], source: SourceMap, rules: MonitoringRules,
            problems: list[Problem]) -> tuple[Monitoring, SourceMap]:
    context = {"unit": data.get("unit", "万元"), "causes": rules.causes}
    problems = problems + _order_problems(data, source) + _part_problems(data, source, context)
    try:
        monitoring = Monitoring.model_validate(data, context=context)
    except ValidationError as exc:
        raise InputError(problems + validation_problems(exc, source)) from None
    if problems:
        raise InputError(problems)
    return monitoring, source


def _part_problems(data: dict[str, Any], source: SourceMap, context: dict[str, Any]) -> list[Problem]:
    from pydantic import TypeAdapter

    problems: list[Problem] = []
    projects = data.get("projects")
    if not isinstance(projects, list):
        return problems
    months = TypeAdapter(dict[Month, Amount])
    amount = TypeAdapter(Amount)
    for i, project in enumerate(projects):
        if not isinstance(project, dict):
            continue
        with contextlib.suppress(ValidationError):
            problems += _falling(i, months.validate_python(project.get("spending"), context=context), source)
        with contextlib.suppress(ValidationError):
            if amount.validate_python(project.get("budget"), context=context) <= 0:
                problems.append(source.problem(("projects", i, "budget"), "年度预算数应大于 0"))
        for j, target in enumerate(project.get("targets") or ()):
            with contextlib.suppress(ValidationError):
                checked = MonitoredTarget.model_validate(target, context=context)
                problems += _units(("projects", i, "targets", j), checked, target.get("progress") or {}, source)
    return problems


def _order_problems(data: dict[str, Any], source: SourceMap) -> list[Problem]:
    """Months written out of order (5 before 3) are most often a slip in the month or in the figure."""
    problems: list[Problem] = []
    projects = data.get("projects")
    if not isinstance(projects, list):
        return problems
    for i, project in enumerate(projects):
        if not isinstance(project, dict):
            continue
        series: list[tuple[tuple[Any, ...], Any]] = [(("projects", i, "spending"), project.get("spending"))]
        for j, target in enumerate(project.get("targets") or ()):
            if isinstance(target, dict):
                series.append((("projects", i, "targets", j, "progress"), target.get("progress")))
        for path, months in series:
            if not isinstance(months, dict):
                continue
            keys = [(int(k), k) for k in months if isinstance(k, int | str) and str(k).strip().isdigit()]
            for (before, _), (after, key) in itertools.pairwise(keys):
                if after <= before:
                    problems.append(source.problem((*path, key), f"月份顺序有误：{after} 月写在 {before} 月之后"
                                                                 "（应按月份从小到大填写，每月一行）"))
    return problems


def _falling(index: int, spending: dict[int, Decimal], source: SourceMap) -> list[Problem]:
    problems = []
    ordered = sorted(spending.items())
    for (m1, v1), (m2, v2) in itertools.pairwise(ordered):
        if v2 < v1:
            problems.append(source.problem(("projects", index, "spending", str(m2)),
                                           f"累计执行数不应减少：{m2} 月末 {v2:,f} 万元少于 {m1} 月末 {v1:,f} 万元"
                                           "（填写的是截至月末的累计数，不是当月数）"))
    return problems


def _units(place: tuple[str | int, ...], target: MonitoredTarget, raw: dict[Any, Any],
           source: SourceMap) -> list[Problem]:
    """A quantitative target's values so far must be read in its unit: a bare 320 against ≥500人次 could be
    people or sessions, so it is refused rather than guessed."""
    from ..targets.expression import UnreadableValue, ValueKind, read_value

    problems: list[Problem] = []
    try:
        goal = read_value(target.value)
    except UnreadableValue:
        return [source.problem((*place, "value"), f"年度指标值“{target.value}”无法读取")]
    if goal.kind is not ValueKind.QUANTITATIVE:
        return problems
    if not goal.unit:
        return [source.problem((*place, "value"), f"年度指标值“{target.value}”缺少计量单位（如“≥500人次”“≥95%”）")]
    keys = {str(k).strip(): k for k in raw}
    for month, text in target.progress.items():
        where = (*place, "progress", str(keys.get(str(month), month)))
        try:
            so_far = read_value(text)
        except UnreadableValue:
            so_far = None
        if so_far is None or so_far.kind is not ValueKind.QUANTITATIVE:
            problems.append(source.problem(where,
                                           f"{month} 月末完成值“{text}”应为带单位的数值（如“320{goal.unit}”）"))
        elif not so_far.unit:
            problems.append(source.problem(where,
                                           f"{month} 月末完成值“{text}”缺少单位，应与指标值“{target.value}”"
                                           f"一致，写作“{text}{goal.unit}”"))
        elif so_far.unit != goal.unit:
            problems.append(source.problem(where,
                                           f"{month} 月末完成值“{text}”的单位与指标值“{target.value}”不同"
                                           f"（应为{goal.unit}）"))
    return problems
