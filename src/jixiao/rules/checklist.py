"""A checklist of sub-items awarded by the evaluator (评分要点): each item at most its points."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ..decimals import ZERO, quantum
from ..facts.model import DepartmentYear, Judgement
from ..scoring.trail import Step
from .base import Evaluator, PointsValue, RuleBase, RuleModel, Scored


class ChecklistItem(RuleModel):
    """一个评分要点."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="要点编号（小写英文、数字、下划线）")
    name: str = Field(min_length=1, description="要点内容")
    points: PointsValue = Field(description="分值")


class ChecklistRule(RuleBase):
    """评分要点：评价人员逐项给分，每项不超过其分值，扣分须说明理由。"""

    kind: Literal["checklist"]
    items: list[ChecklistItem] = Field(min_length=1, description="评分要点")

    @model_validator(mode="after")
    def _unique_ids(self) -> ChecklistRule:
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise PydanticCustomError("jixiao_rule", "要点编号“{id}”重复", {"id": item.id})
            seen.add(item.id)
        return self

    def max_points(self) -> Decimal:
        return sum((item.points for item in self.items), ZERO)

    def named_values(self, case: DepartmentYear, judgement: Judgement | None) -> dict[str, Any]:
        """``items``: each item's id, name, points, the points awarded and the reason for any taken off."""
        awards = judgement.items if judgement is not None else {}
        return {"items": [
            {"id": item.id, "name": item.name, "points": item.points,
             "awarded": awards[item.id].points if item.id in awards else None,
             "reason": awards[item.id].reason if item.id in awards else ""}
            for item in self.items]}

    def compile(self, explain: bool = True) -> Evaluator:
        items = [(item.id, item.name, item.points) for item in self.items]
        places = self.places
        unit = quantum(places)

        def evaluate(case: DepartmentYear, judgement: Judgement | None) -> Scored:
            awards = judgement.items if judgement is not None else {}
            if not explain:
                return (sum([awards[item_id].points for item_id, _, _ in items], ZERO).quantize(unit, ROUND_HALF_UP), ())
            total = ZERO
            steps = []
            for item_id, name, points in items:
                award = awards[item_id]
                total += award.points
                if award.points < points:
                    steps.append(Step("{0}：{1:points}/{2:points}（{3}）", (name, award.points, points, award.reason)))
                else:
                    steps.append(Step("{0}：{1:points}/{2:points}", (name, award.points, points)))
            return (total.quantize(unit, ROUND_HALF_UP), tuple(steps))

        return evaluate
