"""A ratio times points (比率计分): ``min(ratio, cap) × points``, optionally zero when the ratio is too high."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from ..decimals import ZERO, round_half_up
from ..facts.model import DepartmentYear, Judgement
from ..scoring.trail import Step
from .base import Evaluator, PointsValue, RateValue, RatioSource, Scored


class RatioPointsRule(RatioSource):
    """比率计分：得分 = min(比率, 上限) × 分值；比率超过 zero_if_over 时得 0 分。"""

    kind: Literal["ratio_points"]
    points: PointsValue = Field(description="分值")
    cap: RateValue | None = Field(Decimal(1), description="比率上限（缺省 100%）")
    zero_if_over: RateValue | None = Field(None, description="比率（按未舍入的精确值）超过此值时本项得 0 分")

    def max_points(self) -> Decimal:
        return self.points if self.cap is None or self.cap >= 1 else self.points * self.cap

    def compile(self, explain: bool = True) -> Evaluator:
        read = self.ratio_reader(explain)
        points, cap, zero_if_over, places = self.points, self.cap, self.zero_if_over, self.places

        def evaluate(case: DepartmentYear, judgement: Judgement | None) -> Scored:
            ratio, exact, steps = read(case)
            if ratio is None or exact is None:
                return self.undefined_outcome(points, steps, explain)
            # "Zero if the actual exceeds the plan" is about the amounts: 400.02 against 400.01 is over, although
            # the rate rounds to 100.00%. The rounded rate is only what is scored.
            if zero_if_over is not None and exact > zero_if_over:
                return (ZERO, (*steps, Step("{0:rate4} 超过 {1:rate} → 0", (exact, zero_if_over))) if explain else ())
            used = ratio if cap is None or ratio <= cap else cap
            score = min(round_half_up(used * points, places), points)
            if not explain:
                return (score, ())
            if used != ratio:
                return (score, (*steps, Step("按上限 {0:rate} 计，× {1:points} 分 = {2:points}",
                                                    (used, points, score))))
            return (score, (*steps, Step("{0:rate} × {1:points} 分 = {2:points}", (used, points, score))))

        return evaluate


class ProportionRule(RatioPointsRule):
    """完成比例计分：得分 = 完成数 ÷ 计划数 × 分值（不超过分值）。"""

    kind: Literal["proportion"]  # type: ignore[assignment]
