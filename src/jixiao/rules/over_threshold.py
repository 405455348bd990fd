"""Deductions for each step beyond a threshold (超额扣分): e.g. each percentage point over 10% loses 0.1."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ..decimals import ZERO, round_half_up
from ..facts.model import DepartmentYear, Judgement
from ..scoring.trail import Step
from .base import Evaluator, PointsValue, RateValue, RatioSource, Scored


class OverThresholdRule(RatioSource):
    """超出阈值扣分：比率每超出一个步长扣若干分，扣完为止。

    ``counting`` says how a part of a step counts: ``whole_steps`` (only completed steps, 10.5% over a 10%
    threshold loses nothing), ``started_steps`` (any part counts as a step) or ``proportional`` (pro rata:
    half a step loses half the deduction). ``direction: below`` deducts for falling short of the threshold.
    """

    kind: Literal["over_threshold"]
    points: PointsValue = Field(description="满分")
    threshold: RateValue = Field(description="阈值（不超过时得满分）")
    step: RateValue = Field(Decimal("0.01"), description="步长（缺省一个百分点）")
    per_step: PointsValue = Field(description="每个步长扣分")
    counting: Literal["whole_steps", "started_steps", "proportional"] = Field(
        "whole_steps", description="不足一个步长的部分如何计")
    direction: Literal["above", "below"] = Field("above", description="超出（above）或低于（below）阈值扣分")
    floor: PointsValue = Field(ZERO, description="最低得分")

    @model_validator(mode="after")
    def _positive_step(self) -> OverThresholdRule:
        if self.step <= 0:
            raise PydanticCustomError("jixiao_rule", "步长必须大于 0")
        if self.floor > self.points:
            raise PydanticCustomError("jixiao_rule", "最低得分不能高于满分")
        return self

    def max_points(self) -> Decimal:
        return self.points

    def compile(self, explain: bool = True) -> Evaluator:
        read = self.ratio_reader(explain)
        points, threshold, step, per_step = self.points, self.threshold, self.step, self.per_step
        counting, floor, places, above = self.counting, self.floor, self.places, self.direction == "above"
        within, beyond = ("未超过", "超出") if above else ("不低于", "低于")

        def evaluate(case: DepartmentYear, judgement: Judgement | None) -> Scored:
            ratio, _, steps = read(case)
            if ratio is None:
                return self.undefined_outcome(points, steps, explain)
            excess = ratio - threshold if above else threshold - ratio
            if excess <= 0:
                if not explain:
                    return (points, ())
                return (points, (*steps, Step("{0:rate} {1}阈值 {2:rate} → {3:points}",
                                                     (ratio, within, threshold, points))))
            units = excess / step
            if counting == "whole_steps":
                units = units.to_integral_value(rounding=ROUND_FLOOR)
            elif counting == "started_steps":
                units = units.to_integral_value(rounding=ROUND_CEILING)
            deduction = units * per_step
            score = round_half_up(max(points - deduction, floor), places)
            if not explain:
                return (score, ())
            return (score, (*steps, Step(
                "{0}阈值 {1:rate} 共 {2:rate}，计 {3} 个步长（每步长 {4:rate}），扣 {5:points}："
                "{6:points} − {5:points} = {7:points}",
                (beyond, threshold, excess, f"{units.normalize():f}", step, deduction, points, score))))

        return evaluate
