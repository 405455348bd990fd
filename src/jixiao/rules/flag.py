"""Points for a yes/no fact (是否项): a channel exists, a plan was made."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from pydantic import Field, ValidationInfo, model_validator

from ..decimals import ZERO
from ..facts.model import DepartmentYear, Judgement
from ..scoring.trail import Step
from .base import Evaluator, PointsValue, RuleBase, Scored, require_measure


class FlagRule(RuleBase):
    """是否项：事实为“是”（或 expect: false 时为“否”）得分，否则 0 分。"""

    kind: Literal["flag"]
    when: str = Field(description="是/否计量项")
    expect: bool = Field(True, description="得分所需的取值")
    points: PointsValue = Field(description="分值")

    @model_validator(mode="after")
    def _is_flag(self, info: ValidationInfo) -> FlagRule:
        require_measure(self.when, "flag", "是/否事实", info.context)
        return self

    def references(self) -> Iterator[str]:
        yield self.when

    def max_points(self) -> Decimal:
        return self.points

    def compile(self, explain: bool = True) -> Evaluator:
        measure, expect, points = self.measure(self.when), self.expect, self.points
        read = measure.get

        def evaluate(case: DepartmentYear, judgement: Judgement | None) -> Scored:
            value = bool(read(case))
            score = points if value == expect else ZERO
            if not explain:
                return (score, ())
            return (score, (Step("{0}：{1} → {2:points}", (measure.label, "是" if value else "否", score)),))

        return evaluate
