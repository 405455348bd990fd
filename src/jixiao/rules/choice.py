"""Points by a categorical fact (分类计分): e.g. disclosure as required 1.5, with shortcomings 1, none 0."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from pydantic import Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from ..facts.model import DepartmentYear, Judgement
from ..scoring.trail import Step
from .base import Evaluator, PointsValue, RuleBase, Scored, require_measure


class ChoiceRule(RuleBase):
    """分类计分：按事实所属类别给分，每个类别都须给出分数。"""

    kind: Literal["choice"]
    value: str = Field(description="分类计量项")
    points: dict[str, PointsValue] = Field(description="各类别得分")

    @model_validator(mode="after")
    def _covers_choices(self, info: ValidationInfo) -> ChoiceRule:
        found = require_measure(self.value, "choice", "分类事实", info.context)
        unknown = [c for c in self.points if c not in found.choices]
        missing = [c for c in found.choices if c not in self.points]
        if unknown:
            raise PydanticCustomError("jixiao_rule", "未知的类别：{v}（可用：{all}）",
                                      {"v": "、".join(unknown), "all": "、".join(found.choices)})
        if missing:
            raise PydanticCustomError("jixiao_rule", "缺少类别的得分：{v}", {"v": "、".join(missing)})
        return self

    def references(self) -> Iterator[str]:
        yield self.value

    def max_points(self) -> Decimal:
        return max(self.points.values())

    def compile(self, explain: bool = True) -> Evaluator:
        measure, table = self.measure(self.value), dict(self.points)
        read = measure.get

        def evaluate(case: DepartmentYear, judgement: Judgement | None) -> Scored:
            category = read(case)
            score = table[category]
            return (score, (Step("{0}：{1} → {2:points}", (measure.label, category, score)),) if explain else ())

        return evaluate
