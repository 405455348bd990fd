"""A score the evaluator gives directly (评价人员评分), bounded by the points, with a reason when below."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from ..decimals import ZERO
from ..facts.model import DepartmentYear, Judgement
from ..scoring.trail import Step
from .base import Evaluator, PointsValue, RuleBase, Scored


class JudgedRule(RuleBase):
    """评价人员直接评分：不超过分值，低于分值须说明理由。"""

    kind: Literal["judged"]
    points: PointsValue = Field(description="分值")

    def max_points(self) -> Decimal:
        return self.points

    def compile(self, explain: bool = True) -> Evaluator:
        points = self.points

        def evaluate(case: DepartmentYear, judgement: Judgement | None) -> Scored:
            score = judgement.score if judgement is not None and judgement.score is not None else ZERO
            if not explain:
                return (score, ())
            if judgement is not None and judgement.reason:
                return (score, (Step("评价人员评分 {0:points}/{1:points}：{2}", (score, points, judgement.reason)),))
            return (score, (Step("评价人员评分 {0:points}/{1:points}", (score, points)),))

        return evaluate
