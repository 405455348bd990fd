"""Quarterly execution against time progress (季度预算执行率).

Each quarter: spending progress (cumulative spending ÷ adjusted budget at quarter end) ÷ time progress ×
points; then the year's average of the quarter rates × points. Where the rounding happens changes the
result (the Shenzhen rule averages the quarter rates as rounded), so it is a parameter.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from pydantic import Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from ..decimals import ZERO, quantum, rate_rounded
from ..facts.model import DepartmentYear, Judgement
from ..scoring.trail import Step
from .base import Evaluator, PointsValue, RateValue, RuleBase, Scored, require_measure

_QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")

# The trail's steps, named so that a reader of the trail (the report's quarterly table) selects them by what they
# are: a quarter (name, spending, budget, progress, time progress, rate, score), the average (rate, points, score).
QUARTER_STEP = "{0}：{1:amount} ÷ {2:amount} = {3:rate}，÷ 序时进度 {4:rate} = {5:rate} → {6:points}"
AVERAGE_STEP = "全年平均执行率 {0:rate} × {1:points} 分 = {2:points}"
_QUARTER_FIELDS = ("name", "spending", "budget", "progress", "time_progress", "rate", "score")


class QuarterlyExecutionRule(RuleBase):
    """季度预算执行率：各季度支出进度 ÷ 序时进度 × 分值，加全年平均执行率 × 分值。"""

    kind: Literal["quarterly_execution"]
    quarters: str = Field("quarters", description="季度数据的计量项")
    time_progress: list[RateValue] = Field(
        default_factory=lambda: [Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal(1)],
        description="各季度序时进度")
    quarter_points: PointsValue = Field(Decimal(1), description="每季度分值")
    average_points: PointsValue = Field(Decimal(2), description="全年平均执行率分值")
    percent_places: int | None = Field(2, ge=0, le=6, description="支出进度按百分数保留的小数位数")
    rate_places: int = Field(2, ge=0, le=6, description="季度执行率（进度 ÷ 序时进度）保留的小数位数")
    average_of: Literal["rounded_rates", "exact_rates"] = Field(
        "rounded_rates", description="全年平均取四舍五入后的季度执行率，或未舍入的执行率")
    cap: RateValue = Field(Decimal(1), description="季度执行率上限")

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> QuarterlyExecutionRule:
        require_measure(self.quarters, "list", "季度数据", info.context)
        if len(self.time_progress) != 4 or any(t <= 0 for t in self.time_progress):
            raise PydanticCustomError("jixiao_rule", "time_progress 应为 4 个大于 0 的序时进度")
        if self.cap > 1:
            # Above 100% a quarter would score more than its points, and the indicator more than its weight.
            raise PydanticCustomError("jixiao_rule", "季度执行率上限 cap 不能超过 100%")
        return self

    def references(self) -> Iterator[str]:
        yield self.quarters

    def max_points(self) -> Decimal:
        return (self.quarter_points * len(self.time_progress) + self.average_points) * self.cap

    def named_values(self, case: DepartmentYear, judgement: Judgement | None) -> dict[str, Any]:
        """``quarters`` (each: name, spending, budget, progress, time_progress, rate, score), ``average_rate``
        and ``average_score``: what the steps this rule makes carry, by name."""
        _, steps = self.compile()(case, judgement)
        quarters = [dict(zip(_QUARTER_FIELDS, step.values, strict=True))
                    for step in steps if step.template == QUARTER_STEP]
        averages = [step.values for step in steps if step.template == AVERAGE_STEP]
        found: dict[str, Any] = {"quarters": quarters}
        if averages:
            found["average_rate"], _, found["average_score"] = averages[-1]
        return found

    def compile(self, explain: bool = True) -> Evaluator:
        read = self.measure(self.quarters).get
        times = tuple(self.time_progress)
        quarter_points, average_points = self.quarter_points, self.average_points
        percent_places, rate_places, places, cap = self.percent_places, self.rate_places, self.places, self.cap
        rounded_average = self.average_of == "rounded_rates"
        # Rounding units, worked out once: this rule runs four quarters deep for every case of a batch.
        rate_unit, score_unit = quantum(rate_places), quantum(places)

        def evaluate(case: DepartmentYear, judgement: Judgement | None) -> Scored:
            steps: list[Step] = []
            total = ZERO
            rates_for_average = ZERO
            for name, quarter, time in zip(_QUARTER_NAMES, read(case), times, strict=True):
                budget = quarter.adjusted_budget
                if not budget:
                    rate = exact = ZERO
                    quarter_score = ZERO
                    if explain:
                        steps.append(Step("{0}：调整预算数为 0，执行率按 0 计", (name,)))
                else:
                    progress = rate_rounded(quarter.cumulative_spending / budget, percent_places)
                    exact = min(progress / time, cap)
                    rate = exact.quantize(rate_unit, ROUND_HALF_UP)
                    quarter_score = (rate * quarter_points).quantize(score_unit, ROUND_HALF_UP)
                    if explain:
                        steps.append(Step(QUARTER_STEP, (name, quarter.cumulative_spending, budget, progress, time,
                                                         exact, quarter_score)))
                total += quarter_score
                rates_for_average += rate if rounded_average else exact
            average = rate_rounded(rates_for_average / len(times), percent_places)
            average_score = (average * average_points).quantize(score_unit, ROUND_HALF_UP)
            total += average_score
            if not explain:
                return (total, ())
            steps.append(Step(AVERAGE_STEP, (average, average_points, average_score)))
            steps.append(Step("合计 {0:points}", (total,)))
            return (total, tuple(steps))

        return evaluate
