"""Fixed deductions per finding (扣分制): ``points − per_finding × findings``, not below a floor."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from pydantic import Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from ..decimals import ZERO, round_half_up
from ..facts.model import DepartmentYear, Judgement
from ..scoring.trail import Step
from .base import Evaluator, PointsValue, RuleBase, Scored, require_measure

JUDGEMENT = "judgement"


class DeductionsRule(RuleBase):
    """扣分制：满分减去每项问题的扣分，扣完为止。

    ``findings: judgement`` means the evaluator lists the findings (each with its description) in the case's
    judgements; otherwise it names a count measure, such as ``key_tasks.not_completed``.
    """

    kind: Literal["deductions"]
    points: PointsValue = Field(description="满分")
    per_finding: PointsValue = Field(description="每项问题扣分")
    findings: str = Field(JUDGEMENT, description="问题数来源：judgement（评价人员列出）或计数计量项")
    floor: PointsValue = Field(ZERO, description="最低得分")

    @model_validator(mode="after")
    def _known_source(self, info: ValidationInfo) -> DeductionsRule:
        if self.findings != JUDGEMENT:
            require_measure(self.findings, "count", "计数，不能作为问题数", info.context)
        if self.floor > self.points:
            raise PydanticCustomError("jixiao_rule", "最低得分不能高于满分")
        return self

    @property
    def from_judgement(self) -> bool:
        return self.findings == JUDGEMENT

    def references(self) -> Iterator[str]:
        if not self.from_judgement:
            yield self.findings

    def max_points(self) -> Decimal:
        return self.points

    def compile(self, explain: bool = True) -> Evaluator:
        points, per_finding, floor, places = self.points, self.per_finding, self.floor, self.places
        from_judgement = self.from_judgement
        measure = None if from_judgement else self.measure(self.findings)
        read, label = (None, "") if measure is None else (measure.get, measure.label)

        def evaluate(case: DepartmentYear, judgement: Judgement | None) -> Scored:
            steps: tuple[Step, ...]
            if read is None:
                found = (judgement.findings if judgement is not None else None) or ()
                count = len(found)
                steps = tuple(Step("问题 {0}：{1}", (i, text)) for i, text in enumerate(found, 1)) if explain else ()
            else:
                count = int(read(case))
                steps = (Step("{0}：{1:count}", (label, count)),) if explain else ()
            score = round_half_up(max(points - per_finding * count, floor), places)
            if not explain:
                return (score, ())
            return (score, (*steps, Step("{0:points} − {1:count} × {2:points} = {3:points}",
                                                (points, count, per_finding, score))))

        return evaluate
