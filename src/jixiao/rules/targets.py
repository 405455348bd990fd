"""Points from the self-evaluation table's targets (按绩效指标完成情况计分).

Each target earns ``min(actual ÷ expected, 1)`` of its weight (``expected ÷ actual`` for an "at most" target);
see :mod:`jixiao.targets.scoring`. The weights are the targets' own, scaled to ``points``, or ``points`` shared
equally when the table gives none. ``level1`` limits the rule to some first-level groups (``效益指标``), so
that a framework can score output and benefit targets under different indicators.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from pydantic import Field

from ..decimals import ZERO
from ..facts.model import DepartmentYear, Judgement
from ..scoring.trail import Step
from .base import Evaluator, PointsValue, RuleBase, Scored

TARGETS = "self_evaluation.targets"


class TargetsRule(RuleBase):
    """按绩效指标完成情况计分：每项指标 min(实际 ÷ 预期, 1) × 权重，“不高于”类指标取 预期 ÷ 实际。"""

    kind: Literal["targets"]
    points: PointsValue = Field(description="分值")
    level1: tuple[str, ...] = Field((), description="只计这些一级指标（缺省为全部）")
    plain_meaning: Literal["不低于", "等于", "不高于"] = Field(
        "不低于", description="不带比较符的预期值的缺省含义"
    )
    infer_plain_meaning: bool = Field(True, description="成本、事故数等“越少越好”的指标按“不高于”理解")
    if_none: Literal["full", "zero"] = Field("zero", description="没有可计分的绩效指标时的计分")

    def references(self) -> Iterator[str]:
        yield TARGETS

    def max_points(self) -> Decimal:
        return self.points

    def compile(self, explain: bool = True) -> Evaluator:
        # Judging the targets' text is the work here; the steps cost little beside it, so they are always made.
        return self._score

    def _score(self, case: DepartmentYear, judgement: Judgement | None) -> Scored:
        # The target reader loads here: every framework carries this rule kind in its union, few use it.
        from ..targets.expression import PlainMeaning
        from ..targets.judgement import JudgeOptions, judge_target
        from ..targets.scoring import TargetWeightError, score_targets, total_score

        evaluation = case.self_evaluation
        targets = [
            target for target in (evaluation.targets if evaluation is not None else ())
            if not self.level1 or target.level1 in self.level1
        ]
        scope = "、".join(self.level1) if self.level1 else "全部"
        if not targets:
            score = self.points if self.if_none == "full" else ZERO
            return (score, (Step("自评表中没有可计分的绩效指标（{0}）→ {1:points}", (scope, score)),))
        options = JudgeOptions(
            plain_meaning=PlainMeaning(self.plain_meaning),
            infer_plain_meaning=self.infer_plain_meaning,
            year=case.year,
        )
        judgements = [judge_target(target, options) for target in targets]
        try:
            scores = score_targets(judgements, self.points, places=self.places)
        except TargetWeightError as exc:
            return (ZERO, (Step("{0}，按 0 分计", (str(exc),)),))
        steps = tuple(
            Step("{0}（{1}）：{2} × {3:points} = {4:points}",
                 (s.judgement.name, s.judgement.outcome.value, s.working, s.weight, s.score))
            for s in scores
        )
        total = total_score(scores, self.places)
        return (total, (*steps, Step("绩效指标 {0} 项（{1}）合计 {2:points}", (len(scores), scope, total))))
