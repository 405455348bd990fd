"""A sum of parts (组合计分), with an optional veto that zeroes the whole indicator."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import Field, ValidationInfo, model_validator

from ..decimals import ZERO, quantum
from ..facts.model import DepartmentYear, Judgement
from ..scoring.trail import Step
from .base import Evaluator, RuleBase, RuleModel, Scored, require_measure

if TYPE_CHECKING:
    from .library import Rule


class Veto(RuleModel):
    """一票否决：事实为“是”时本指标得 0 分。"""

    when: str = Field(description="是/否计量项")
    reason: str = Field(min_length=1, description="否决说明")

    @model_validator(mode="after")
    def _is_flag(self, info: ValidationInfo) -> Veto:
        require_measure(self.when, "flag", "是/否事实", info.context)
        return self


class CompositeRule(RuleBase):
    """组合计分：各组成部分得分相加；设有否决条件且条件成立时本指标得 0 分。"""

    kind: Literal["composite"]
    parts: list[Rule] = Field(min_length=1, description="组成部分（每部分是一条规则，建议写 name）")
    veto: Veto | None = Field(None, description="否决条件")

    def max_points(self) -> Decimal:
        return sum((part.max_points() for part in self.parts), ZERO)

    def references(self) -> Iterator[str]:
        if self.veto is not None:
            yield self.veto.when
        for part in self.parts:
            yield from part.references()

    def walk(self) -> Iterator[RuleBase]:
        yield self
        for part in self.parts:
            yield from part.walk()

    def compile(self, explain: bool = True) -> Evaluator:
        veto = None if self.veto is None else (self.measure(self.veto.when).get, self.veto.reason)
        parts = [(Step("（{0}）{1}", (i, part.name or "")), part.compile(explain))
                 for i, part in enumerate(self.parts, 1)]
        evaluators = [evaluator for _, evaluator in parts]
        sum_template = f"合计：{' + '.join(f'{{{i}:points}}' for i in range(len(parts)))} = {{{len(parts)}:points}}"
        places = self.places
        unit = quantum(places)

        def evaluate(case: DepartmentYear, judgement: Judgement | None) -> Scored:
            if veto is not None and veto[0](case):
                return (ZERO, (Step("否决：{0}，本指标得 0 分", (veto[1],)),) if explain else ())
            if not explain:
                return (sum([part(case, judgement)[0] for part in evaluators], ZERO).quantize(unit, ROUND_HALF_UP), ())
            steps: list[Step] = []
            scores: list[Decimal] = []
            for heading, part in parts:
                score, part_steps = part(case, judgement)
                steps.append(heading)
                steps.extend(part_steps)
                scores.append(score)
            total = sum(scores, ZERO).quantize(unit, ROUND_HALF_UP)
            if len(scores) > 1:  # one part (a rule with a veto) is its own total: no “合计：x = x”
                steps.append(Step(sum_template, (*scores, total)))
            return (total, tuple(steps))

        return evaluate
